-- Users and conversation state.

CREATE TABLE users (
    id          INTEGER PRIMARY KEY,          -- Telegram user id
    language    TEXT,                         -- 'ky' | 'ru'; NULL until known
    language_chosen INTEGER NOT NULL DEFAULT 0, -- 1 once the user picked it with /start or /lang
    role        TEXT NOT NULL DEFAULT 'citizen', -- citizen | operator | announcer | admin
    first_seen  TEXT NOT NULL,                -- ISO 8601 UTC
    last_seen   TEXT NOT NULL
);

-- aiogram FSM storage, keyed on the whole StorageKey (destiny included).
CREATE TABLE fsm_state (
    bot_id      INTEGER NOT NULL,
    chat_id     INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    thread_id   INTEGER NOT NULL DEFAULT 0,   -- 0 stands for "no thread" so the primary key works
    business_connection_id TEXT NOT NULL DEFAULT '',
    destiny     TEXT NOT NULL,
    state       TEXT,
    data        TEXT NOT NULL DEFAULT '{}',   -- JSON object
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (bot_id, chat_id, user_id, thread_id, business_connection_id, destiny)
);
