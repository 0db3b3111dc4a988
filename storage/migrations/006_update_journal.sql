-- Every update received, recorded before Telegram is told it arrived (polling: before the next
-- getUpdates confirms it; webhook: before the 200), so a crash never loses one. The body is kept
-- only until the update is handled; at start, updates not handled yet are replayed, and an
-- update id seen before is never handled twice. Handled rows are pruned after a retention period.
CREATE TABLE update_journal (
    update_id   INTEGER PRIMARY KEY,          -- Telegram's update id
    body        TEXT,                         -- the update as JSON; NULL once handled
    received_at TEXT NOT NULL,                -- ISO 8601 UTC
    done_at     TEXT                          -- NULL until handled (or its effects committed)
);

CREATE INDEX update_journal_pending ON update_journal (update_id) WHERE done_at IS NULL;
CREATE INDEX update_journal_done ON update_journal (done_at) WHERE done_at IS NOT NULL;
