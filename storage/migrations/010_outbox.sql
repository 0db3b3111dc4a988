-- The transactional outbox (issue 12.2): a message that announces a committed change (a ticket's
-- number, a staff reply, a status) is written here in the same transaction as the change, then sent
-- and deleted. A crash between the commit and the send no longer loses it: leftovers are sent at the
-- next start. Rows of one chat are sent in id order. A row lives until it is sent, refused for good
-- (403, 400) or undeliverable for OUTBOX_MAX_AGE (services/outbox.py), and /forget deletes a
-- person's rows.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,  -- the order of sending within a chat
    chat_id      INTEGER NOT NULL,                   -- the recipient
    citizen_id   INTEGER,                            -- whose appeal the text is about (for /forget)
    method       TEXT NOT NULL CHECK (method IN ('send', 'edit')),  -- edit: replace message_id, else send
    message_id   INTEGER,                            -- the message to edit (method 'edit')
    text         TEXT NOT NULL,                      -- rendered, HTML, in the recipient's language
    reply_markup TEXT,                               -- inline keyboard as JSON, or NULL
    ticket_id    INTEGER,                            -- the ticket the message is about
    after_sent   TEXT CHECK (after_sent IN ('link', 'staff_post')),  -- what the sent message id is kept for
    created_at   TEXT NOT NULL,                      -- ISO 8601 UTC
    attempts     INTEGER NOT NULL DEFAULT 0,         -- failed tries (network, server errors)
    not_before   TEXT                                -- ISO 8601 UTC: the next try (429, backoff)
);

CREATE INDEX outbox_chat ON outbox (chat_id, id);
CREATE INDEX outbox_citizen ON outbox (citizen_id) WHERE citizen_id IS NOT NULL;
