-- The outbox carries files too (issue 12.2, what a citizen attaches for staff): a row with a file id
-- sends that file by its Telegram id (no upload: Telegram keeps the file) with `text` as its caption,
-- in the chat's order with the text that announces it. A file the citizen sent thus reaches the
-- assignee even when the bot is killed between the commit and the send.
-- An edit of a ticket's staff-chat post is a row with method 'edit', after_sent 'staff_post' and no
-- message_id: the post is looked up when the row is sent (it may itself still be waiting here).
ALTER TABLE outbox ADD COLUMN file_kind TEXT;  -- photo, voice, video_note or document; NULL: a text message
ALTER TABLE outbox ADD COLUMN file_id TEXT;    -- the Telegram file id to send (with file_kind)
