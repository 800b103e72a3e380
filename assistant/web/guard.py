"""In front of every route of the page: sign-in (TREATY_WEB_AUTH), a limit on failed
sign-ins, and a bound on request bodies, as ASGI middleware before Gradio's own routes."""
from __future__ import annotations

import logging
import re

from ..errors import UserError
from ..limits import RateLimit

log = logging.getLogger(__name__)


class WebConfigError(UserError, ValueError):
    """A web setting a user got wrong (e.g. TREATY_WEB_AUTH without a colon)."""


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """TREATY_WEB_AUTH ("user:password") as Gradio's (user, password); None when unset."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not (sep and user and password):
        raise WebConfigError("TREATY_WEB_AUTH must be user:password")
    return user, password


# What a browser needs to show the sign-in form (the page shell, its scripts and styles),
# and the call Gradio makes to itself at launch (it runs the app's startup events, once).
PUBLIC = {"/", "/login", "/login/", "/logout", "/theme.css", "/gradio_api/theme.css", "/favicon.ico",
          "/robots.txt", "/manifest.json", "/gradio_api/startup-events"}
PUBLIC_PREFIXES = ("/assets/", "/static/", "/svelte/")
FAILED_SIGN_INS = 10  # a minute, per client address: more than people need, too few to guess a password
MAX_REQUEST_BYTES = 1 << 20  # questions are limited to a few thousand characters


class Guard:
    """ASGI middleware before all of Gradio's routes:

    - with TREATY_WEB_AUTH, every route but the sign-in page's shell and static files needs
      a signed-in session (Gradio itself checks only some: its file, queue and API routes,
      not e.g. /gradio_api/heartbeat, /gradio_api/cancel or /openapi.json), and the shell
      shown before signing in does not describe the API (Gradio writes that into it);
    - after FAILED_SIGN_INS failed sign-ins in a minute, an address may not try again (429)
      until the minute has passed;
    - request bodies over MAX_REQUEST_BYTES are refused (413)."""

    def __init__(self, app):
        self.app = app
        self.failed_sign_ins = RateLimit(FAILED_SIGN_INS)

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        gradio = scope["app"]  # the Gradio app (FastAPI), which holds the sessions
        path, root = scope["path"], scope.get("root_path", "")
        path = path[len(root):] if root and path.startswith(root) else path
        client = (scope.get("client") or ("?",))[0]
        if gradio.auth is not None and not self.signed_in(gradio, scope):
            if not (path in PUBLIC or path.startswith(PUBLIC_PREFIXES)):
                return await refuse(scope, receive, send, 401, "Not authenticated: sign in first.")
            if path == "/":
                send = without_api_info(send)
        if path.rstrip("/") == "/login" and scope.get("method") == "POST":
            if self.failed_sign_ins.exceeded(client):
                log.warning("sign-in refused: %d failed from %s in a minute", FAILED_SIGN_INS, client)
                return await refuse(scope, receive, send, 429, "Too many failed sign-ins; wait a minute.")
            send = self.counting_failures(send, client)
        length = dict(scope.get("headers") or []).get(b"content-length", b"0").strip()
        if not length.isdigit() or int(length) > MAX_REQUEST_BYTES:
            return await refuse(scope, receive, send, 413, "Request too large.")
        return await self.app(scope, limited(receive), send)

    def counting_failures(self, send, client: str):
        async def sending(message):
            if message["type"] == "http.response.start" and message["status"] >= 400:
                self.failed_sign_ins.add(client)
            await send(message)

        return sending

    @staticmethod
    def signed_in(gradio, scope) -> bool:
        """Whether the request carries the session cookie Gradio's /login set (as Gradio reads it)."""
        from starlette.requests import HTTPConnection

        cookies = HTTPConnection(scope).cookies
        token = (cookies.get(f"access-token-{gradio.cookie_id}")
                 or cookies.get(f"access-token-unsecure-{gradio.cookie_id}"))
        return token is not None and gradio.tokens.get(token) is not None


API_INFO = re.compile(rb"(window\.gradio_api_info = ).*?(;\s*</script>)", re.DOTALL)


def without_api_info(send):
    """`send` for the page shell, with the API's description blanked out of it."""
    start: dict = {}
    body: list[bytes] = []

    async def sending(message):
        if message["type"] == "http.response.start":
            start.update(message)
            return
        if message["type"] != "http.response.body":
            return await send(message)
        body.append(message.get("body", b""))
        if message.get("more_body"):
            return
        data = API_INFO.sub(rb"\1{}\2", b"".join(body))
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        await send({**start, "headers": [*headers, (b"content-length", str(len(data)).encode())]})
        await send({"type": "http.response.body", "body": data})

    return sending


def limited(receive):
    """`receive`, ending the request as a disconnect once its body passes MAX_REQUEST_BYTES
    (a body sent in chunks has no Content-Length to refuse it by)."""
    seen = 0

    async def receive_limited():
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        return {"type": "http.disconnect"} if seen > MAX_REQUEST_BYTES else message

    return receive_limited


async def refuse(scope, receive, send, status: int, message: str) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    from starlette.responses import JSONResponse

    await JSONResponse({"detail": message}, status_code=status)(scope, receive, send)
