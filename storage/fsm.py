"""aiogram FSM storage in our SQLite file, so a restart in the middle of a conversation resumes it.

Keyed on the whole `StorageKey` (destiny included, which scenes and dialogs rely on). State and
data are upserted independently, so clearing one never drops the other. Data is JSON.

Reads are served from a write-through cache: every update asks for the state, and this process
is the only writer of the file. (Several processes would share Redis instead; DESIGN.md §6.)
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, StateType, StorageKey

from storage.db import Database
from storage.lru import LRUCache

CACHED_KEYS = 20_000  # conversations touched recently; older ones are read again from the file
_UNKNOWN = object()


def _key(key: StorageKey) -> tuple:
    return (
        key.bot_id,
        key.chat_id,
        key.user_id,
        key.thread_id or 0,
        key.business_connection_id or "",
        key.destiny,
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_KEY_WHERE = (
    "bot_id = ? AND chat_id = ? AND user_id = ? AND thread_id = ? "
    "AND business_connection_id = ? AND destiny = ?"
)


class SQLiteStorage(BaseStorage):
    def __init__(self, db: Database):
        self.db = db
        self._states: LRUCache[tuple, str | None] = LRUCache(CACHED_KEYS)
        self._data: LRUCache[tuple, str] = LRUCache(CACHED_KEYS)  # JSON text: callers never share a dict
        # Every key that may have a state or data (loaded once, kept up to date by the writes):
        # most updates come from people in no conversation at all, and for them, new users
        # included, reading the state costs no query. Only conversations in progress are here.
        self._active: set[tuple] | None = None
        self._written_before_load: set[tuple] = set()

    async def _may_have_state(self, k: tuple) -> bool:
        if self._active is None:
            rows = await self.db.fetchall(
                "SELECT bot_id, chat_id, user_id, thread_id, business_connection_id, destiny FROM fsm_state"
                " WHERE state IS NOT NULL OR data != '{}'"
            )
            self._active = {tuple(row) for row in rows} | self._written_before_load
        return k in self._active

    def _note_write(self, k: tuple, *, state: str | None | object = _UNKNOWN, data: str | object = _UNKNOWN) -> None:
        if self._active is None:
            self._written_before_load.add(k)  # the load may have read before this write
            return
        if state is _UNKNOWN:
            state = self._states.get(k, _UNKNOWN)
        if data is _UNKNOWN:
            data = self._data.get(k, _UNKNOWN)
        if state is None and data == "{}":
            self._active.discard(k)
        else:
            self._active.add(k)  # something, or not known to be nothing

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self.db.execute(
            "INSERT INTO fsm_state (bot_id, chat_id, user_id, thread_id, business_connection_id, destiny,"
            " state, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
            (*_key(key), value, _now()),
        )
        self._states[_key(key)] = value
        self._note_write(_key(key), state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        k = _key(key)
        state = self._states.get(k, _UNKNOWN)
        if state is _UNKNOWN:
            if not await self._may_have_state(k):
                return None
            row = await self.db.fetchone(f"SELECT state FROM fsm_state WHERE {_KEY_WHERE}", k)
            state = self._states[k] = row["state"] if row else None
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, dict):
            raise DataNotDictLikeError(f"Data must be a dict or dict-like object, got {type(data).__name__}")
        payload = json.dumps(data, ensure_ascii=False)
        await self.db.execute(
            "INSERT INTO fsm_state (bot_id, chat_id, user_id, thread_id, business_connection_id, destiny,"
            " data, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
            (*_key(key), payload, _now()),
        )
        self._data[_key(key)] = payload
        self._note_write(_key(key), data=payload)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        k = _key(key)
        payload = self._data.get(k)
        if payload is None:
            if not await self._may_have_state(k):
                return {}
            row = await self.db.fetchone(f"SELECT data FROM fsm_state WHERE {_KEY_WHERE}", k)
            payload = self._data[k] = row["data"] if row else "{}"
        return json.loads(payload)

    async def close(self) -> None:
        """The connection belongs to `Database`; whoever opened it closes it."""


class ChatLocks(BaseEventIsolation):
    """One update at a time per conversation (two quick messages from one user never race on its
    state), as aiogram's SimpleEventIsolation does, but a lock lives only while an update holds it
    or waits for it: aiogram's keeps one for every user ever seen, so memory grew with the crowd."""

    def __init__(self) -> None:
        self._locks: dict[StorageKey, tuple[asyncio.Lock, int]] = {}  # key -> (lock, holders and waiters)

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        lock, users = self._locks.get(key) or (asyncio.Lock(), 0)
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks.pop(key, (lock, 0))  # gone if close() ran meanwhile
            if users > 1:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)

    async def close(self) -> None:
        self._locks.clear()
