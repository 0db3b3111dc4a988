-- The staff web console (issue 13): one-time sign-in links sent by /web, browser sessions, and the
-- indexes that keep the queue's filters fast at 100 000 tickets. Only hashes of the random tokens are
-- stored, so a copy of the database opens no session.

CREATE TABLE web_login_tokens (
    token_hash  TEXT PRIMARY KEY,             -- sha256 of the token in the link
    user_id     INTEGER NOT NULL,             -- the staff member who sent /web
    created_at  TEXT NOT NULL,                -- ISO 8601 UTC
    expires_at  TEXT NOT NULL,                -- created_at + 10 minutes
    used_at     TEXT                          -- set once: a link opens one session only
);

CREATE TABLE web_sessions (
    id_hash     TEXT PRIMARY KEY,             -- sha256 of the cookie value
    user_id     INTEGER NOT NULL,
    csrf_token  TEXT NOT NULL,                -- carried by every form that changes something
    language    TEXT NOT NULL,                -- ky | ru, switchable in the console
    created_at  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,                -- the idle timeout counts from here
    ended_at    TEXT                          -- sign-out
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);

-- Queue filters and sorts. The queue shows open tickets by default, so each filter column is
-- followed by the status and the due date: filter, status and order come from one index.
CREATE INDEX tickets_region_status_due ON tickets (region_id, status, due_date);
CREATE INDEX tickets_place_status_due ON tickets (place_id, status, due_date);
CREATE INDEX tickets_body_status_due ON tickets (body_name, status, due_date);
CREATE INDEX tickets_category_status_due ON tickets (category, status, due_date);
CREATE INDEX tickets_assignee_status_due ON tickets (assignee_id, status, due_date);
CREATE INDEX tickets_due ON tickets (due_date, id);
CREATE INDEX tickets_filed_date ON tickets (filed_date, status);
CREATE INDEX tickets_filed_at ON tickets (filed_at);
-- The map's points: only the tickets that came with a location.
CREATE INDEX tickets_located ON tickets (id) WHERE latitude IS NOT NULL;

-- Text search over the citizen's text, the body and the place: an FTS5 index kept in step with
-- tickets by triggers (trigram, so any part of a word of three letters or more is found).
CREATE VIRTUAL TABLE tickets_fts USING fts5 (
    text, body_name, place_name, content = 'tickets', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO tickets_fts (rowid, text, body_name, place_name) SELECT id, text, body_name, place_name FROM tickets;
CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts (rowid, text, body_name, place_name) VALUES (new.id, new.text, new.body_name, new.place_name);
END;
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, text, body_name, place_name)
    VALUES ('delete', old.id, old.text, old.body_name, old.place_name);
END;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF text, body_name, place_name ON tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, text, body_name, place_name)
    VALUES ('delete', old.id, old.text, old.body_name, old.place_name);
    INSERT INTO tickets_fts (rowid, text, body_name, place_name) VALUES (new.id, new.text, new.body_name, new.place_name);
END;
