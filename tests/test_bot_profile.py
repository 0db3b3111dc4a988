"""Issue 11 point 6: staff and announcers get their own command menu (per-chat scope), kept in step
with /staff add|remove; the bot has a description and a short description in ky and ru."""

from __future__ import annotations

from aiogram.types import BotCommandScopeChat

from storage.users import UserRepo
from tests.conftest import ADMIN_ID, OPERATOR_ID, App, close_test_app, open_test_app


def menus_by_chat(app: App) -> dict[int, dict[str, str]]:
    return {
        call.scope.chat_id: {c.command: c.description for c in call.commands}
        for call in app.session.calls("setMyCommands") if isinstance(call.scope, BotCommandScopeChat)
    }


async def test_startup_sets_descriptions_and_each_staff_members_menu(settings, qa_service, i18n) -> None:
    app = await open_test_app(settings, qa_service, i18n)
    try:
        await app.db.execute("INSERT INTO users (id, language, language_chosen, role, first_seen, last_seen)"
                             " VALUES (?, 'ky', 1, 'announcer', '2026-01-01', '2026-01-01')", (903,))
        await app.dp.emit_startup(bot=app.bot, **app.dp.workflow_data)
        descriptions = {c.language_code: c.description for c in app.session.calls("setMyDescription")}
        shorts = {c.language_code: c.short_description for c in app.session.calls("setMyShortDescription")}
        assert set(descriptions) == set(shorts) == {"ky", "ru", None}
        assert "жергиликтүү өз алдынча башкаруу" in descriptions["ky"] and "самоуправлен" in descriptions["ru"]
        assert all(len(d) <= 512 for d in descriptions.values()) and all(len(s) <= 120 for s in shorts.values())
        assert "Кыргызстан" in shorts["ky"] and "Кыргызстан" in shorts["ru"]

        menus = menus_by_chat(app)
        assert {"queue", "stats", "export", "broadcast", "broadcasts", "staff", "menu"} <= set(menus[ADMIN_ID])
        assert {"queue", "stats", "export"} <= set(menus[OPERATOR_ID]) and "broadcast" not in menus[OPERATOR_ID]
        assert {"broadcast", "broadcasts"} <= set(menus[903]) and "queue" not in menus[903]
        assert menus[903]["broadcast"] == "Кулактандыруу жазуу"  # in the announcer's language
        assert menus[OPERATOR_ID]["queue"] == "Очередь обращений"
    finally:
        await close_test_app(app)


async def test_staff_role_changes_refresh_that_persons_menu(app: App) -> None:
    await app.client.send(ADMIN_ID, "/staff add 7001 announcer")
    menu = menus_by_chat(app)[7001]
    assert "broadcast" in menu and "queue" not in menu
    await app.client.send(ADMIN_ID, "/staff add 7001 operator")
    assert "queue" in menus_by_chat(app)[7001] and "broadcast" not in menus_by_chat(app)[7001]
    await app.client.send(ADMIN_ID, "/staff remove 7001")
    [deleted] = app.session.calls("deleteMyCommands")
    assert deleted.scope.chat_id == 7001
    assert (await UserRepo(app.db).get(7001)).role == "citizen"


async def test_a_staff_member_without_a_chat_does_not_stop_the_start(settings, qa_service, i18n) -> None:
    app = await open_test_app(settings, qa_service, i18n)
    try:
        app.session.always_fail[OPERATOR_ID] = (400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})
        await app.dp.emit_startup(bot=app.bot, **app.dp.workflow_data)
        assert ADMIN_ID in menus_by_chat(app)
    finally:
        await close_test_app(app)


async def test_a_staff_members_menu_follows_their_language(app: App) -> None:
    from handlers.callbacks import LanguageChoice

    await app.client.callback(OPERATOR_ID, LanguageChoice(code="ky").pack())
    assert menus_by_chat(app)[OPERATOR_ID]["queue"] == "Кайрылуулардын кезеги"
    await app.client.callback(5501, LanguageChoice(code="ky").pack())  # a resident: no menu of their own
    assert 5501 not in menus_by_chat(app)
