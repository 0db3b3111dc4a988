-- Questions the bot could not answer well, kept for the knowledge editors (issue 10 point 6) and the
-- web console's "what residents ask" page (issue 13 point 5). No user id is kept: only the text, its
-- language, the closest topic and why it was kept. Rows older than the retention period are purged.
CREATE TABLE question_log (
    id INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL,                 -- UTC, ISO 8601 (seconds)
    lang TEXT NOT NULL,                     -- ky | ru
    question TEXT NOT NULL,                 -- as asked, at most 500 characters
    outcome TEXT NOT NULL CHECK (outcome IN ('declined', 'unsure', 'disliked', 'liked')),
    topic TEXT,                             -- the closest topic, when there is one
    confidence REAL NOT NULL DEFAULT 0
);
CREATE INDEX question_log_asked_at ON question_log(asked_at);
CREATE INDEX question_log_outcome ON question_log(outcome, asked_at);
