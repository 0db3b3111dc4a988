-- Complaints (appeals under Law No. 67 of 2007): tickets, their attachments and history,
-- the staff audit log and the reminders already sent.

-- One row per year: the last number given, so ticket numbers run KG-YYYY-000001, 000002, ...
CREATE TABLE ticket_sequence (
    year        INTEGER PRIMARY KEY,
    last_number INTEGER NOT NULL
);

CREATE TABLE tickets (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,        -- KG-YYYY-NNNNNN
    citizen_id    INTEGER NOT NULL,            -- Telegram user id of the citizen
    language      TEXT NOT NULL,               -- 'ky' | 'ru': the citizen's language at filing
    kind          TEXT NOT NULL,               -- complaint | application | proposal
    region_id     TEXT NOT NULL,               -- oblast id, or bishkek / osh-city
    place_id      TEXT NOT NULL,               -- rayon or city id
    place_kind    TEXT NOT NULL,               -- rayon | city
    place_name    TEXT NOT NULL,               -- display name in the citizen's language
    body_name     TEXT NOT NULL,               -- "Mayor's office of X" / "Y aiyl okmotu", citizen's language
    category      TEXT NOT NULL,
    text          TEXT NOT NULL,
    text_key      TEXT NOT NULL,               -- normalised text, for the duplicate check
    latitude      REAL,
    longitude     REAL,
    contact_name  TEXT,
    contact_phone TEXT,
    consent       INTEGER NOT NULL DEFAULT 0,  -- 1: name and phone may be passed to the body concerned
    status        TEXT NOT NULL,
    assignee_id   INTEGER,
    filed_at      TEXT NOT NULL,               -- ISO 8601 UTC
    filed_date    TEXT NOT NULL,               -- YYYY-MM-DD, Bishkek time: the registration date
    due_date      TEXT NOT NULL,               -- YYYY-MM-DD
    answered_at   TEXT,                        -- ISO 8601 UTC of the last "answered"
    forwarded_to  TEXT,
    reject_reason TEXT,
    duplicate_of  TEXT,
    updated_at    TEXT NOT NULL
);
CREATE INDEX tickets_citizen ON tickets (citizen_id, filed_at);
CREATE INDEX tickets_status ON tickets (status, due_date);

CREATE TABLE ticket_attachments (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    kind       TEXT NOT NULL,                  -- photo | document
    file_id    TEXT NOT NULL,
    file_name  TEXT
);
CREATE INDEX ticket_attachments_ticket ON ticket_attachments (ticket_id);

-- The history the citizen and staff see: status changes, replies, assignment.
CREATE TABLE ticket_events (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    at          TEXT NOT NULL,                 -- ISO 8601 UTC
    actor_id    INTEGER,                       -- NULL: the bot itself
    kind        TEXT NOT NULL,                 -- filed | status | reply | assigned | reopened
    status_from TEXT,
    status_to   TEXT,
    detail      TEXT                           -- reply text, reason, body, ticket number
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);

-- Every staff action, for accountability (ticket id and action; never personal data).
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor_id   INTEGER NOT NULL,
    action     TEXT NOT NULL,                  -- open | take | reply | status | export | staff_add | ...
    ticket_id  INTEGER,
    detail     TEXT
);

-- A reminder is sent once per ticket, kind and due date (a changed due date may remind again).
CREATE TABLE ticket_reminders (
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    kind       TEXT NOT NULL,                  -- due_soon | overdue
    due_date   TEXT NOT NULL,
    sent_at    TEXT NOT NULL,
    PRIMARY KEY (ticket_id, kind, due_date)
);
