"""The database and the FSM storage: migrations, and aiogram's storage contract (ported)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import StorageKey

from storage.db import Database, migration_files
from storage.fsm import SQLiteStorage
from storage.users import UserRepo

KEY = StorageKey(bot_id=42, chat_id=-1, user_id=2)


@pytest.fixture
async def db(tmp_path: Path):
    database = await Database.connect(tmp_path / "t.db")
    yield database
    await database.close()


@pytest.fixture
def storage(db: Database) -> SQLiteStorage:
    return SQLiteStorage(db)


# --- migrations ------------------------------------------------------------------------------


async def test_fresh_file_ends_at_the_current_schema_in_wal_mode(db: Database) -> None:
    assert await db.schema_version() == migration_files()[-1][0]
    row = await db.fetchone("PRAGMA journal_mode")
    assert row[0] == "wal"
    columns = {r["name"] for r in await db.fetchall("PRAGMA table_info(users)")}
    assert {"id", "language", "role", "first_seen", "last_seen"} <= columns


async def test_older_file_is_migrated_forward_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = await Database.connect(path, migrate=False)
    # Apply only the first migration, as a file created by the first release would be.
    first = migration_files()[0][1]
    await old.conn.executescript(first.read_text() + "\nPRAGMA user_version = 1;")
    await old.execute("INSERT INTO users (id, language, first_seen, last_seen) VALUES (7, 'ky', 'x', 'x')")
    await old.close()

    db = await Database.connect(path)
    try:
        assert await db.schema_version() == migration_files()[-1][0]
        user = await UserRepo(db).get(7)
        assert user is not None and user.language == "ky"
        assert await db.migrate() == migration_files()[-1][0]  # a second start changes nothing
    finally:
        await db.close()


async def test_failed_transaction_leaves_nothing_behind(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction():
            await db.execute("INSERT INTO users (id, first_seen, last_seen) VALUES (1, 'a', 'a')")
            raise RuntimeError("boom")
    assert await UserRepo(db).get(1) is None


# --- the FSM storage contract (after aiogram's tests/test_fsm/storage/test_storages.py) -------


async def test_set_get_state(storage: SQLiteStorage) -> None:
    assert await storage.get_state(key=KEY) is None
    await storage.set_state(key=KEY, state="state")
    assert await storage.get_state(key=KEY) == "state"
    await storage.set_state(key=KEY, state=None)
    assert await storage.get_state(key=KEY) is None


async def test_state_object_is_stored_by_name(storage: SQLiteStorage) -> None:
    await storage.set_state(key=KEY, state=State("step", group_name="Form"))
    assert await storage.get_state(key=KEY) == "Form:step"


async def test_set_get_data(storage: SQLiteStorage) -> None:
    assert await storage.get_data(key=KEY) == {}
    await storage.set_data(key=KEY, data={"foo": "bar"})
    assert await storage.get_data(key=KEY) == {"foo": "bar"}
    await storage.set_data(key=KEY, data={})
    assert await storage.get_data(key=KEY) == {}


async def test_get_value(storage: SQLiteStorage) -> None:
    assert await storage.get_value(storage_key=KEY, dict_key="hello") is None
    assert await storage.get_value(storage_key=KEY, dict_key="hello", default="x") == "x"
    await storage.set_data(key=KEY, data={"hello": "world"})
    assert await storage.get_value(storage_key=KEY, dict_key="hello") == "world"


async def test_update_data(storage: SQLiteStorage) -> None:
    assert await storage.update_data(key=KEY, data={"foo": "bar"}) == {"foo": "bar"}
    assert await storage.update_data(key=KEY, data={"baz": "spam"}) == {"foo": "bar", "baz": "spam"}
    assert await storage.get_data(key=KEY) == {"foo": "bar", "baz": "spam"}


async def test_data_must_be_a_dict(storage: SQLiteStorage) -> None:
    with pytest.raises(DataNotDictLikeError):
        await storage.set_data(key=KEY, data=["not", "a", "dict"])  # type: ignore[arg-type]


async def test_clearing_data_keeps_the_state_and_clearing_state_keeps_data(storage: SQLiteStorage) -> None:
    await storage.set_state(key=KEY, state="Form:text")
    await storage.set_data(key=KEY, data={"kind": "complaint"})
    await storage.set_data(key=KEY, data={})
    assert await storage.get_state(key=KEY) == "Form:text"
    await storage.set_data(key=KEY, data={"kind": "complaint"})
    await storage.set_state(key=KEY, state=None)
    assert await storage.get_data(key=KEY) == {"kind": "complaint"}


async def test_keys_are_isolated_on_every_field(storage: SQLiteStorage) -> None:
    variants = [
        KEY,
        StorageKey(bot_id=43, chat_id=-1, user_id=2),
        StorageKey(bot_id=42, chat_id=-2, user_id=2),
        StorageKey(bot_id=42, chat_id=-1, user_id=3),
        StorageKey(bot_id=42, chat_id=-1, user_id=2, thread_id=5),
        StorageKey(bot_id=42, chat_id=-1, user_id=2, business_connection_id="bc"),
        StorageKey(bot_id=42, chat_id=-1, user_id=2, destiny="scenes_history"),
    ]
    for i, key in enumerate(variants):
        await storage.set_state(key=key, state=f"s{i}")
        await storage.set_data(key=key, data={"i": i})
    for i, key in enumerate(variants):
        assert await storage.get_state(key=key) == f"s{i}"
        assert await storage.get_data(key=key) == {"i": i}


async def test_non_ascii_data_round_trips(storage: SQLiteStorage) -> None:
    data = {"text": "Айыл өкмөтү жолду оңдобой жатат 🙁", "photos": ["AgAC-1", "AgAC-2"], "n": 3}
    await storage.set_data(key=KEY, data=data)
    assert await storage.get_data(key=KEY) == data


async def test_state_survives_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "restart.db"
    first = await Database.connect(path)
    await SQLiteStorage(first).set_state(key=KEY, state="Complaint:text")
    await SQLiteStorage(first).set_data(key=KEY, data={"kind": "complaint"})
    await first.close()

    second = await Database.connect(path)
    try:
        assert await SQLiteStorage(second).get_state(key=KEY) == "Complaint:text"
        assert await SQLiteStorage(second).get_data(key=KEY) == {"kind": "complaint"}
    finally:
        await second.close()


async def test_question_log_groups_gaps_and_purges_old_rows(tmp_path):
    from datetime import UTC, datetime, timedelta

    from storage.db import Database
    from storage.question_log import QuestionLog

    db = await Database.connect(tmp_path / "q.db")
    try:
        log = QuestionLog(db)
        now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
        await log.record("Где наш айыл окмоту?", "ru", "declined", None, 0.1, now=now)
        await log.record("где наш айыл окмоту", "ru", "unsure", "aiyl-okmotu-role", 0.4, now=now)
        await log.record("кредит алсам болобу", "ky", "declined", None, 0.0, now=now)
        await log.record("мэрди ким дайындайт", "ky", "liked", "mayor-appointment", 0.9, now=now)
        await log.record("старый вопрос", "ru", "declined", None, 0.0, now=now - timedelta(days=400))
        gaps = await log.gaps()
        assert [g.count for g in gaps] == [2, 1, 1]
        assert gaps[0].outcomes == {"declined": 1, "unsure": 1} and gaps[0].topic == "aiyl-okmotu-role"
        assert all("мэрди" not in g.question for g in gaps)  # a 👍 is not a gap
        assert await log.purge(keep_days=180, now=now) == 1
        assert len(await log.gaps()) == 2
        row = await db.fetchone("SELECT * FROM question_log LIMIT 1")
        assert "user_id" not in row.keys()
    finally:
        await db.close()


async def test_conversation_locks_keep_one_users_updates_in_turn_and_are_dropped_after() -> None:
    from aiogram.fsm.storage.base import StorageKey

    from storage.fsm import ChatLocks

    locks = ChatLocks()
    order: list[str] = []

    async def update(user: int, name: str, pause: float) -> None:
        async with locks.lock(StorageKey(bot_id=1, chat_id=user, user_id=user)):
            order.append(f"{name} in")
            await asyncio.sleep(pause)
            order.append(f"{name} out")

    # two quick messages of one user: the second waits for the first; another user does not wait
    await asyncio.gather(update(7, "first", 0.05), update(7, "second", 0), update(8, "other", 0))
    assert order.index("first out") < order.index("second in")
    assert order.index("other out") < order.index("first out")
    # a crowd of users leaves nothing behind (aiogram's own isolation keeps a lock per user forever)
    await asyncio.gather(*(update(u, str(u), 0) for u in range(1000, 2000)))
    assert len(locks) == 0


async def test_the_user_cache_is_bounded_and_an_evicted_user_is_read_back_from_the_file(db: Database) -> None:
    users = UserRepo(db)
    db.user_cache.maxsize = 3
    await users.touch(1, "ru")
    await users.set_language(1, "ky")
    for user_id in range(2, 10):
        await users.touch(user_id, "ru")
    assert len(db.user_cache) == 3 and 1 not in db.user_cache
    user, new = await users.touch(1, "ru")
    assert not new and user.language == "ky" and user.language_chosen


# --- users seen ---------------------------------------------------------------------------------


async def test_users_arriving_together_are_each_recorded_once_with_their_language(db: Database) -> None:
    users = UserRepo(db)
    await users.set_role(7, "operator")  # known before the crowd
    db.user_cache.pop(7)
    arrivals = [(u, "ky" if u % 2 else "ru") for u in range(1, 300)] + [(5, "ru")]  # 5 twice in one batch
    seen = await asyncio.gather(*(users.touch(u, lang) for u, lang in arrivals))
    by_id = {}
    for (u, _), (user, new) in zip(arrivals, seen):
        assert user.id == u and new == (u != 7)
        by_id.setdefault(u, user)
    assert by_id[5].language == "ky" and seen[-1][0].language == "ky"  # the row written first, read the same
    assert by_id[7].role == "operator"
    rows = await db.fetchall("SELECT id, language, role FROM users ORDER BY id")
    assert len(rows) == 299
    for row in rows:
        stored = await users.get(row["id"])
        assert by_id[row["id"]] == stored  # what the middleware handed on is what is stored
    with pytest.raises(OverflowError):  # a forged id fails alone, before any statement
        await users.touch(2**64, "ru")
    assert (await users.touch(8, "ru"))[1] is False


async def test_updates_finishing_together_are_each_marked_done_before_their_caller_goes_on(db: Database) -> None:
    from storage.update_journal import UpdateJournal

    journal = UpdateJournal(db)
    assert await journal.record([(u, "{}") for u in range(1, 301)]) == set(range(1, 301))
    written_before_return: list[bool] = []

    async def finish(update_id: int, delay: int) -> None:
        for _ in range(delay):  # finishing in different turns, some while a mark is being written
            await asyncio.sleep(0)
        await journal.done(update_id)
        row = await db.fetchone("SELECT done_at, body FROM update_journal WHERE update_id = ?", (update_id,))
        written_before_return.append(row["done_at"] is not None and row["body"] is None)

    await asyncio.gather(*(finish(u, u % 7) for u in range(1, 301)))
    assert written_before_return == [True] * 300
    assert await journal.pending() == []
    assert await journal.record([(5, "{}"), (301, "{}")]) == {301}  # seen before: never handled twice
