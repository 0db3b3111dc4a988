"""The staff web console: an aiohttp application served by the bot's own process.

Every request passes three checks before a page runs: a live session behind the cookie (else 401),
a staff role read from the database now (else 403), and, for POST, the session's CSRF token in the
form (else 403). Each page then asks for the roles it needs (`require`).
"""

from __future__ import annotations

import hmac
import logging
from pathlib import Path
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from config import LOCALES, Settings
from services.complaints import ComplaintService
from storage.users import STAFF_ROLES, UserRepo
from web.auth import IDLE_TIMEOUT, WebAuth
from web.queries import ConsoleQueries
from web.render import Viewer, h, notice, page

log = logging.getLogger("kenesh.web")
STATIC_DIR = Path(__file__).with_name("static")
COOKIE = "kenesh_session"
PUBLIC_PREFIXES = ("/login/", "/static/", "/signed-out")
SHUTDOWN_SECONDS = 5.0  # requests in progress get this long when the bot stops

SETTINGS = web.AppKey("settings", Settings)
BOT = web.AppKey("bot", Bot)
DISPATCHER = web.AppKey("dispatcher", Dispatcher)
AUTH = web.AppKey("auth", WebAuth)
QUERIES = web.AppKey("queries", ConsoleQueries)
USERS = web.AppKey("users", UserRepo)
COMPLAINTS = web.AppKey("complaints", ComplaintService)
I18N = web.AppKey("i18n", I18n)
VIEWER = web.RequestKey("viewer", Viewer)
LANG = web.RequestKey("lang", str)

routes = web.RouteTableDef()


class RefusedError(Exception):
    def __init__(self, status: int, text: str):
        super().__init__(text)
        self.status = status
        self.text = text


def redirect(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})


def viewer_of(request: web.Request) -> Viewer:
    return request[VIEWER]


def require(request: web.Request, *roles: str) -> Viewer:
    """The viewer, when their role (as read for this request) is one of `roles`; else 403."""
    viewer = viewer_of(request)
    if viewer.user.role not in roles:
        raise RefusedError(403, _("Your role does not open this page."))
    return viewer


def own_origins(request: web.Request, settings: Settings) -> set[str]:
    """The origins our own pages have: as reached directly, and as WEB_BASE_URL (behind a proxy)."""
    parts = urlsplit(settings.web_url)
    return {f"http://{request.host}", f"https://{request.host}", f"{parts.scheme}://{parts.netloc}"}


def guest_language(request: web.Request, default: str) -> str:
    accept = request.headers.get("Accept-Language", "").lower()
    for part in accept.split(","):
        code = part.split(";")[0].strip().split("-")[0]
        if code in LOCALES:
            return code
    return default


def refusal_page(request: web.Request, status: int, text: str) -> web.Response:
    viewer = request.get(VIEWER)
    lang = viewer.lang if viewer else request.get(LANG, "ru")
    titles = {401: _("Please sign in"), 403: _("Not allowed"), 404: _("Not found"), 400: _("Check the form")}
    body = notice(text, "error")
    if status == 401:
        body += '<p>' + h(_("Send /web to the bot in Telegram: it answers with a link that signs you in.")) + '</p>'
    return web.Response(text=page(viewer, titles.get(status, _("Error")), body, lang=lang), status=status,
                        content_type="text/html")


@web.middleware
async def security_headers(request: web.Request, handler):
    response = await handler(request)
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if not request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


@web.middleware
async def signed_in(request: web.Request, handler):
    """Session, role and CSRF checks; the gettext locale for the page."""
    app = request.app
    i18n = app[I18N]
    settings = app[SETTINGS]
    request[LANG] = guest_language(request, settings.default_locale)
    with i18n.context():
        if request.path.startswith(PUBLIC_PREFIXES):
            with i18n.use_locale(request[LANG]):
                return await handler(request)
        with i18n.use_locale(request[LANG]):
            session = await app[AUTH].session(request.cookies.get(COOKIE, ""))
            if session is None:
                return refusal_page(request, 401, _("You are not signed in, or your session has ended."))
            user = await app[USERS].get(session.user_id)
            if user is None or user.role not in STAFF_ROLES:
                await app[AUTH].end_session(session.id_hash)
                return refusal_page(request, 403, _("Only agency staff may use this console."))
        request[VIEWER] = Viewer(user, session)
        with i18n.use_locale(session.language):
            if request.method == "POST":
                form = await request.post()
                # Under our Referrer-Policy no-referrer, browsers send "Origin: null" with our own forms;
                # the CSRF token below is the real check, this one only turns away other sites early.
                origin = request.headers.get("Origin")
                if origin and origin != "null" and origin not in own_origins(request, settings):
                    return refusal_page(request, 403, _("This form was sent from another site."))
                sent = str(form.get("csrf", "")).encode()  # bytes: compare_digest refuses non-ASCII str
                if not hmac.compare_digest(sent, session.csrf_token.encode()):
                    log.warning("web: a form without a valid CSRF token was refused (user %s)", user.id)
                    return refusal_page(request, 403, _("This form is out of date. Open the page again and repeat."))
            try:
                return await handler(request)
            except RefusedError as refusal:
                return refusal_page(request, refusal.status, refusal.text)


# --- sign-in, sign-out, language ------------------------------------------------------------------


@routes.get("/login/{token}")
async def login(request: web.Request) -> web.Response:
    app = request.app
    user_id = await app[AUTH].redeem_link_token(request.match_info["token"])
    user = await app[USERS].get(user_id) if user_id is not None else None
    if user is None or user.role not in STAFF_ROLES:
        return refusal_page(request, 401, _("This link is not valid: it was used already, is older than 10 minutes, "
                                            "or was never issued."))
    language = user.language if user.language in LOCALES else app[SETTINGS].default_locale
    cookie, _session = await app[AUTH].open_session(user.id, language)
    await app[COMPLAINTS].repo.audit(user.id, "web_sign_in")
    response = redirect("/queue" if user.role in ("operator", "admin") else "/announcements")
    secure = app[SETTINGS].web_url.startswith("https://")
    response.set_cookie(COOKIE, cookie, httponly=True, samesite="Strict", secure=secure, path="/",
                        max_age=int(IDLE_TIMEOUT.total_seconds()) * 24)
    return response


@routes.post("/logout")
async def logout(request: web.Request) -> web.Response:
    viewer = viewer_of(request)
    await request.app[AUTH].end_session(viewer.session.id_hash)
    await request.app[COMPLAINTS].repo.audit(viewer.user.id, "web_sign_out")
    response = redirect("/signed-out")
    response.del_cookie(COOKIE, path="/")
    return response


@routes.get("/signed-out")
async def signed_out(request: web.Request) -> web.Response:
    body = notice(_("You have signed out.")) + '<p>' + h(_("To sign in again, send /web to the bot in Telegram.")) + '</p>'
    return web.Response(text=page(None, _("Signed out"), body, lang=request[LANG]), content_type="text/html")


@routes.post("/lang")
async def switch_language(request: web.Request) -> web.Response:
    viewer = viewer_of(request)
    form = await request.post()
    language = str(form.get("lang", ""))
    if language in LOCALES:
        await request.app[AUTH].set_language(viewer.session, language)
    target = str(form.get("next", "/"))
    if not target.startswith("/") or target.startswith("//") or "\\" in target or not target.isprintable():
        target = "/"
    return redirect(target)


@routes.get("/")
async def home(request: web.Request) -> web.Response:
    viewer = viewer_of(request)
    return redirect("/queue" if viewer.user.role in ("operator", "admin") else "/announcements")


# --- the application ----------------------------------------------------------------------------


def build_web_app(dp: Dispatcher, bot: Bot) -> web.Application:
    """The console on the same Database, Bot and services as the Dispatcher."""
    from web import figure_views, misc_views, queue_views, ticket_views

    app = web.Application(middlewares=[security_headers, signed_in], client_max_size=256 * 1024)
    app[SETTINGS] = dp["settings"]
    app[BOT] = bot
    app[DISPATCHER] = dp
    app[AUTH] = WebAuth(dp["db"])
    app[QUERIES] = ConsoleQueries(dp["db"])
    app[USERS] = dp["users"]
    app[COMPLAINTS] = dp["complaint_service"]
    app[I18N] = dp["i18n"]
    app.router.add_routes(routes)
    for module in (queue_views, ticket_views, figure_views, misc_views):
        app.router.add_routes(module.routes)
    app.router.add_static("/static/", STATIC_DIR, show_index=False)
    return app


class QuietAccessLogger(AbstractAccessLogger):
    """One line per request; a sign-in link's token never reaches the log."""

    def log(self, request, response, time) -> None:
        path = request.path
        if path.startswith("/login/"):
            path = "/login/…"
        self.logger.info("%s %s %s %.0fms", request.method, path, response.status, time * 1000)

    @property
    def enabled(self) -> bool:
        return self.logger.isEnabledFor(logging.INFO)


async def start_web(dp: Dispatcher, bot: Bot) -> web.AppRunner | None:
    """Serve the console on WEB_HOST:WEB_PORT; None when it is off or the port is taken (the bot runs on)."""
    settings: Settings = dp["settings"]
    if not settings.web_enabled:
        return None
    app = build_web_app(dp, bot)
    await app[AUTH].purge()
    runner = web.AppRunner(app, access_log_class=QuietAccessLogger, access_log=logging.getLogger("kenesh.web.access"),
                           shutdown_timeout=SHUTDOWN_SECONDS)
    await runner.setup()
    try:
        await web.TCPSite(runner, settings.web_host, settings.web_port).start()
    except OSError as error:
        log.error("the web console could not listen on %s:%s (%s); the bot runs without it",
                  settings.web_host, settings.web_port, error.strerror)
        await runner.cleanup()
        return None
    log.info("web console on %s:%s (links point to %s)", settings.web_host, settings.web_port, settings.web_url)
    return runner


async def stop_web(runner: web.AppRunner | None) -> None:
    if runner is not None:
        await runner.cleanup()
