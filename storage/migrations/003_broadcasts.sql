-- Announcements: who subscribed, what was announced, and one row per recipient of each announcement.

CREATE TABLE subscriptions (
    user_id     INTEGER PRIMARY KEY,          -- Telegram user id (= their private chat id)
    region      TEXT NOT NULL DEFAULT 'all',  -- 'all' (all of Kyrgyzstan) or an oblast / republican city id (regions.yaml)
    language    TEXT NOT NULL,                -- 'ky' | 'ru': the language announcements come in
    active      INTEGER NOT NULL DEFAULT 1,   -- 0 after /unsubscribe or when the user blocked the bot
    blocked_at  TEXT,                         -- ISO 8601 UTC of the 403 that deactivated it
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE INDEX subscriptions_audience ON subscriptions (active, region, language);

CREATE TABLE broadcasts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    author_id   INTEGER NOT NULL,             -- the announcer; progress and the report go to them
    text_ky     TEXT,                         -- as the announcer typed it (escaped when sent)
    text_ru     TEXT,
    photo_file_id TEXT,
    audience    TEXT NOT NULL DEFAULT 'all',  -- all | region | language
    audience_value TEXT,                      -- the region id or the language code
    status      TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'scheduled', 'running', 'paused', 'cancelled', 'finished')),
    scheduled_at TEXT,                        -- ISO 8601 UTC (entered in Asia/Bishkek time)
    created_at  TEXT NOT NULL,
    started_at  TEXT,                         -- when the recipients were fixed and sending began
    finished_at TEXT,
    total       INTEGER NOT NULL DEFAULT 0,   -- recipients fixed at start
    sent        INTEGER NOT NULL DEFAULT 0,   -- counts copied from deliveries at the end
    blocked     INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    uncertain   INTEGER NOT NULL DEFAULT 0,   -- of the failed: interrupted mid-send, not resent
    progress_message_id INTEGER               -- the author's progress message, edited in place
);

CREATE INDEX broadcasts_status ON broadcasts (status, scheduled_at);

-- Written before each send ('sending') and after it ('sent' / 'blocked' / 'failed'), so a restart
-- resumes with the 'pending' ones and never sends twice.
CREATE TABLE deliveries (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id),
    user_id     INTEGER NOT NULL,
    language    TEXT NOT NULL,                -- the language of the text this recipient gets
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sending', 'sent', 'blocked', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    error       TEXT,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (broadcast_id, user_id)
);

CREATE INDEX deliveries_status ON deliveries (broadcast_id, status);
