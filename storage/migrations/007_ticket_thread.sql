-- The two-way thread of a ticket (issue 11.4) and the staff-chat post kept current (11.6).

-- Everything said on a ticket after filing, in order: the citizen's additions (text, photos,
-- voice, documents), the reason given with "not resolved", and staff replies to the citizen.
CREATE TABLE ticket_messages (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    at         TEXT NOT NULL,                  -- ISO 8601 UTC
    author     TEXT NOT NULL,                  -- citizen | staff
    author_id  INTEGER,                        -- Telegram id of the citizen or the staff member
    kind       TEXT NOT NULL,                  -- text | photo | document | voice | video_note | not_resolved | reply | answer
    text       TEXT,                           -- the words (a caption for a file)
    file_id    TEXT,                           -- Telegram file id of a photo, document, voice or video note
    file_name  TEXT
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id);

-- The bot's messages to a citizen about a ticket: a Telegram reply to one of them is added to
-- that ticket's thread.
CREATE TABLE ticket_links (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    PRIMARY KEY (chat_id, message_id)
);

-- The staff-chat post of a ticket, edited in place as its status and assignee change.
ALTER TABLE tickets ADD COLUMN staff_post_id INTEGER;
-- The assignee's name as Telegram gave it when they took the ticket (shown to staff instead of an id).
ALTER TABLE tickets ADD COLUMN assignee_name TEXT;
-- The body of the directory (knowledge/bodies/) the appeal is addressed to; NULL when the citizen
-- did not know it (staff choose) or confirmed a name the directory does not have.
ALTER TABLE tickets ADD COLUMN body_id TEXT;
