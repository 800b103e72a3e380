"""The Slack face: the assistant in a team's channels and direct messages.

It answers @mentions and direct messages in the thread of the message that asked; later
messages in that thread are follow-ups, with the thread as their history. Like the CLI it
is a thin skin over Assistant: Slack events in, cited answers out, in Slack's mrkdwn.

    treaty-assistant slack                       # Socket Mode: SLACK_APP_TOKEN, SLACK_BOT_TOKEN
    treaty-assistant slack --http --port 3000    # Events API: SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN
"""
from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr
from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from . import markup
from .conversation import Message
from .errors import UserError
from .limits import RateLimit
from .schema import Answer, Citation
from .settings import Settings

if TYPE_CHECKING:
    import uvicorn
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from .core import Assistant

log = logging.getLogger(__name__)
# Bolt warns that SLACK_BOT_TOKEN in the environment goes unused when given a client; the
# client (at SLACK_API_URL) carries that same token.
logging.getLogger("slack_bolt.App").addFilter(lambda record: "`token` will be unused" not in record.getMessage())

PLACEHOLDER = "_Looking through the sources…_"
APOLOGY = "Sorry, something went wrong while answering that. Please try again in a little while."
SLOW_DOWN = "That is more than {n} questions in a minute from you; please ask again in a moment."
EVENTS_PATH = "/slack/events"

# Slack's limits on a section block's text and on the blocks of one message; and the size
# kept to for a message's `text` (its notification, and what the thread history reads).
SECTION_CHARS = 3000
MESSAGE_BLOCKS = 50
MESSAGE_CHARS = 12000
TEXT_CHARS = 3000
PEOPLE_SUBTYPES = {None, "thread_broadcast"}  # message events a person wrote


class SlackSetupError(UserError, RuntimeError):
    """A missing or refused token, or an unreachable Web API: the message says which, never a value."""


# ---- formatting: Markdown answers as Slack mrkdwn ----------------------------------------

def escape(text: str) -> str:
    """The three characters Slack reads as markup, escaped as Slack asks."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Slack text as typed: its entities read, and the zero-width spaces `mrkdwn` puts
    around a source's characters (see `put_back`) taken out."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("\u200b", "")


LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
BULLET = re.compile(r"^(\s*)[-*+]\s+", re.MULTILINE)
ITALIC = re.compile(r"(?<![*\w])\*(?![*\s])([^*\n]+?)(?<!\s)\*(?![*\w])")
BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
HEADING = re.compile(r"^#{1,6}\s+(.+?)[\s#]*$", re.MULTILINE)


# Text a source wrote is escaped in an answer's Markdown (assistant/markup.py). While our
# own Markdown is turned into mrkdwn, each such character waits as a private-use character
# (U+E000 + its code), which no rule below reads; then it is put back as Slack shows it
# verbatim: & < > as the entities Slack reads; * _ ~ ` as they are inside a word
# ("004_00528b96f0de169d.txt"), where Slack never formats, and elsewhere with a zero-width
# space on each side. Slack has no escape for them: so flanked, one can neither open nor
# close formatting, whether Slack takes the zero-width space for a space or for a letter.
HELD = 0xE000
HELD_CHAR = re.compile("[\uE000-\uE07F]")
ZERO_WIDTH_SPACE = "\u200b"


def put_back(held: re.Match) -> str:
    """A source's character, held while the Markdown around it was converted, as Slack
    shows it verbatim."""
    char, text, at = chr(ord(held[0]) - HELD), held.string, held.start()
    if char in "&<>":
        return escape(char)
    inside_word = 0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum()
    return char if char not in "*_~`" or inside_word else f"{ZERO_WIDTH_SPACE}{char}{ZERO_WIDTH_SPACE}"


def mrkdwn(markdown: str) -> str:
    """Markdown as the answerers write it, in Slack's mrkdwn; [n] markers are kept, and text
    a source wrote (escaped in the Markdown) shows as it is, never as formatting."""
    text = escape(markup.ESCAPED.sub(lambda m: chr(HELD + ord(m[1])), markdown))
    text = LINK.sub(lambda m: f"<{m[2]}|{m[1]}>", text)
    text = BULLET.sub(r"\1• ", text)
    text = ITALIC.sub(r"_\1_", text)
    text = BOLD.sub(r"*\2*", text)
    text = HEADING.sub(r"*\1*", text)
    return HELD_CHAR.sub(put_back, text)


def verbatim(text: str) -> str:
    """Plain text (a quote, a title) in mrkdwn that shows exactly that text."""
    return mrkdwn(markup.escape(text))


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0] + "…"


def split(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, broken between lines, else between words."""
    pieces: list[str] = []
    lines: list[str] = []
    size = 0
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit + 1)
            cut = cut if cut > 0 else limit
            line, rest = line[:cut], line[cut:].lstrip()
            pieces += ["\n".join(lines), line]
            lines, size, line = [], 0, rest
        if lines and size + 1 + len(line) > limit:
            pieces.append("\n".join(lines))
            lines, size = [], 0
        size += len(line) + (1 if lines else 0)
        lines.append(line)
    pieces.append("\n".join(lines))
    return [piece.strip("\n") for piece in pieces if piece.strip()]


def citation_line(citation: Citation) -> str:
    """`[1] Brussels Morning Newspaper · 003_b5b9460b2eca335a.txt — "quote"`: the article as
    readers know it (linked to it when its address is known), then its file and a PDF's
    page; a quoted table row's header row (muted) above the quote; a claim the check
    found supported by another passage than the model cited is marked."""
    head = verbatim(citation.label)
    if citation.url:
        head = f"<{escape(citation.url)}|{head}>"
    if citation.publisher or citation.title:  # else the label is the file's name already
        head += " · " + verbatim(citation.source.rsplit("/", 1)[-1])
    if citation.page:
        head += f", page {citation.page}"
    if citation.reattributed:
        head += " _(re-attributed)_"
    quote = f'"{verbatim(citation.quote)}"'
    if citation.header:
        quote = f"_{verbatim(citation.header)}_\n{quote}"
    return f"[{citation.n}] {head} — {quote}"


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def render(answer: Answer) -> list[dict[str, Any]]:
    """The answer as Slack messages ({"text", "blocks"}): the text with its [n] markers, a
    note when there is one, then the sources, split to Slack's limits on blocks and text."""
    body = mrkdwn(answer.text)
    pieces = split(body, SECTION_CHARS)
    if answer.remark:
        pieces.append(f"_{escape(answer.remark)}_")
    if answer.citations:
        pieces += split("\n".join(["*Sources*", *map(citation_line, answer.citations)]), SECTION_CHARS)
    messages: list[list[str]] = [[]]
    for piece in pieces:
        current = messages[-1]
        if current and (len(current) == MESSAGE_BLOCKS or sum(map(len, current)) + len(piece) > MESSAGE_CHARS):
            messages.append(current := [])
        current.append(piece)
    texts = [body] + ["\n".join(message) for message in messages[1:]]
    return [{"text": shorten(text, TEXT_CHARS), "blocks": [section(p) for p in message]}
            for text, message in zip(texts, messages)]


MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
SLACK_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>")
CHANNEL = re.compile(r"<#[CG][A-Z0-9]+(?:\|([^>]*))?>")
SPECIAL = re.compile(r"<!(\w+)[^>]*>")


def plain(text: str, bot_user_id: str | None) -> str:
    """What a person typed: the bot's mention removed, other mentions, links and channels
    as their names, entities unescaped."""
    text = MENTION.sub(lambda m: "" if m[1] == bot_user_id else "@" + (m[2] or m[1]), text)
    text = SLACK_LINK.sub(lambda m: m[2] or m[1], text)
    text = CHANNEL.sub(lambda m: "#" + (m[1] or "channel"), text)
    text = SPECIAL.sub(lambda m: "@" + m[1], text)
    return unescape(" ".join(text.split()))


# ---- bookkeeping shared by the worker threads ----------------------------------------------

class Recent:
    """Keys seen lately: at most `size`, each kept `ttl` seconds; safe across threads."""

    def __init__(self, ttl: float = 3600.0, size: int = 10_000):
        self.ttl, self.size = ttl, size
        self._keys: OrderedDict[Hashable, float] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, key: Hashable) -> bool:
        """Remember `key`; False when it was remembered already."""
        now = time.monotonic()
        with self._lock:
            while self._keys and (len(self._keys) >= self.size
                                  or next(iter(self._keys.values())) < now - self.ttl):
                self._keys.popitem(last=False)
            if key in self._keys:
                return False
            self._keys[key] = now
            return True

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            seen = self._keys.get(key)
        return seen is not None and seen >= time.monotonic() - self.ttl


# ---- one answer being written into a thread -------------------------------------------------

class Reply:
    """A placeholder at once; while the answer's text streams in, Slack's native stream
    (chat.startStream/appendStream/stopStream) when `recipient` is given and the workspace
    takes it, else edits of the placeholder, in either case at most every `interval` seconds
    (Slack rate-limits both); then the full answer in mrkdwn, over as many messages as
    Slack's limits need, in place of the placeholder or stream."""

    def __init__(self, client: WebClient, channel: str, thread_ts: str, interval: float,
                 recipient: tuple[str, str] | None = None):
        self.client, self.channel, self.thread_ts = client, channel, thread_ts
        self.interval = interval
        self.recipient = recipient  # (team, user) to stream natively to
        self.ts: str | None = None  # the message being written: the placeholder, or the stream
        self.stream_ts: str | None = None  # the native stream while it is open
        self.text = ""  # streamed so far
        self.sent = 0  # how much of it the native stream has
        self.shown = 0.0  # when Slack was last sent the text
        self.refused: SlackApiError | None = None  # why the workspace would not stream natively

    def start(self) -> None:
        self.ts = self.client.chat_postMessage(
            channel=self.channel, thread_ts=self.thread_ts, text=PLACEHOLDER)["ts"]

    def add(self, delta: str) -> None:
        self.text += delta
        if time.monotonic() - self.shown >= self.interval:
            self.shown = time.monotonic()
            if self.recipient is None or not self.stream():
                self.client.chat_update(channel=self.channel, ts=self.ts,
                                        text=shorten(mrkdwn(self.text), TEXT_CHARS) + " …")

    def stream(self) -> bool:
        """Send the new text down the native stream; False when the workspace refuses one."""
        pending, self.sent = self.text[self.sent:], len(self.text)
        if not pending:
            return True
        if self.stream_ts is not None:
            self.client.chat_appendStream(channel=self.channel, ts=self.stream_ts, markdown_text=pending)
            return True
        team, user = self.recipient or ("", "")
        try:
            self.stream_ts = self.client.chat_startStream(
                channel=self.channel, thread_ts=self.thread_ts, markdown_text=pending,
                recipient_team_id=team, recipient_user_id=user)["ts"]
        except SlackApiError as exc:
            self.refused, self.recipient = exc, None
            return False
        self.client.chat_delete(channel=self.channel, ts=self.ts)  # the placeholder
        self.ts = self.stream_ts
        return True

    def stop_stream(self) -> None:
        if self.stream_ts is not None:
            stream_ts, self.stream_ts = self.stream_ts, None
            self.client.chat_stopStream(channel=self.channel, ts=stream_ts)

    def finish(self, answer: Answer) -> None:
        self.stop_stream()
        first, *rest = render(answer)
        self.client.chat_update(channel=self.channel, ts=self.ts, **first)
        for message in rest:
            self.client.chat_postMessage(channel=self.channel, thread_ts=self.thread_ts, **message)

    def fail(self, text: str) -> None:
        """Say `text` instead of an answer; trouble saying it is only logged."""
        try:
            try:
                self.stop_stream()
            finally:
                if self.ts is None:
                    self.client.chat_postMessage(channel=self.channel, thread_ts=self.thread_ts, text=text)
                else:
                    self.client.chat_update(channel=self.channel, ts=self.ts, text=text, blocks=[])
        except Exception:
            log.exception("could not post to thread %s in %s", self.thread_ts, self.channel)


# ---- the bot -------------------------------------------------------------------------------

def secret(value: SecretStr | None) -> str:
    return value.get_secret_value() if value is not None else ""


def check(settings: Settings, http: bool) -> None:
    """Raise SlackSetupError naming each token or secret the mode needs and lacks."""
    needed = {"SLACK_BOT_TOKEN": settings.slack_bot_token}
    if http:
        needed["SLACK_SIGNING_SECRET"] = settings.slack_signing_secret
    else:
        needed["SLACK_APP_TOKEN"] = settings.slack_app_token
    missing = [name for name, value in needed.items() if not secret(value)]
    if missing:
        raise SlackSetupError(f"{' and '.join(missing)} not set (see the README's Slack section)")


def web_client(settings: Settings) -> WebClient:
    """The Web API client at SLACK_API_URL, checked with auth.test; it waits out Slack's rate limits."""
    url = settings.slack_api_url.rstrip("/") + "/"
    client = WebClient(token=secret(settings.slack_bot_token), base_url=url)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    try:
        client.auth_test()
    except SlackApiError as exc:
        raise SlackSetupError(f"Slack refused SLACK_BOT_TOKEN: {exc.response.get('error')}") from None
    except OSError as exc:
        raise SlackSetupError(f"cannot reach the Slack Web API at {url}: {exc}") from None
    return client


class SlackBot:
    """Slack events in, cited answers out; `app` is the Bolt app, for either mode."""

    def __init__(self, assistant: Assistant, settings: Settings | None = None):
        self.assistant = assistant
        self.settings = settings or assistant.settings
        self.native_streaming = self.settings.slack_native_streaming
        self.events = Recent()  # event ids taken: Slack's retries and duplicates are dropped
        self.threads = Recent(ttl=7 * 24 * 3600)  # (channel, thread) the bot answers in
        self.strangers = Recent(ttl=7 * 24 * 3600)  # threads looked at that are not the bot's
        self.limit = RateLimit(self.settings.slack_questions_per_minute)
        self.warned = Recent(ttl=60.0)  # users told to slow down this minute
        self.app = App(
            client=web_client(self.settings),
            signing_secret=secret(self.settings.slack_signing_secret),
            token_verification_enabled=False,  # web_client did it
            listener_executor=ThreadPoolExecutor(self.settings.slack_concurrency, "slack-answer"),
        )
        self.app.middleware(self.once)
        self.app.event("app_mention")(self.on_mention)
        self.app.event("message")(self.on_message)

    def once(self, body: dict, request: BoltRequest, next) -> BoltResponse | None:
        """Drop an event already taken: Slack retries one not acknowledged in 3 seconds."""
        event_id = body.get("event_id")
        if event_id and not self.events.add(event_id):
            retry = request.headers.get("x-slack-retry-num", ["?"])[0]
            log.info("event %s already taken; ignoring its redelivery (retry %s)", event_id, retry)
            return BoltResponse(status=200, body="")
        return next()

    @staticmethod
    def from_person(message: dict) -> bool:
        return bool(message.get("user")) and not message.get("bot_id") and message.get("subtype") != "bot_message"

    @staticmethod
    def mine(message: dict, context: BoltContext) -> bool:
        return ((message.get("user") is not None and message.get("user") == context.bot_user_id)
                or (message.get("bot_id") is not None and message.get("bot_id") == context.bot_id))

    def on_mention(self, event: dict, context: BoltContext, client: WebClient) -> None:
        if self.from_person(event):
            self.answer(event, context, client)

    def on_message(self, event: dict, context: BoltContext, client: WebClient) -> None:
        """Direct messages, and follow-ups in the threads the bot answers in."""
        if not self.from_person(event) or event.get("subtype") not in PEOPLE_SUBTYPES:
            return
        if event.get("channel_type") == "im":
            return self.answer(event, context, client)
        thread_ts = event.get("thread_ts")
        if not thread_ts or f"<@{context.bot_user_id}>" in event.get("text", ""):
            return  # not in a thread; or a mention, which comes as app_mention too
        key = (event["channel"], thread_ts)
        if key in self.threads or (key not in self.strangers and self.joined(client, key, context)):
            self.answer(event, context, client)

    def joined(self, client: WebClient, key: tuple[str, str], context: BoltContext) -> bool:
        """Whether the bot has written in the thread (known after a restart only from Slack)."""
        if any(self.mine(m, context) for m in self.thread(client, *key)):
            self.threads.add(key)
            return True
        self.strangers.add(key)
        return False

    @staticmethod
    def thread(client: WebClient, channel: str, thread_ts: str) -> list[dict]:
        return [m for page in client.conversations_replies(channel=channel, ts=thread_ts, limit=200)
                for m in page.get("messages", [])]

    def history(self, messages: list[dict], ts: str, context: BoltContext) -> list[Message]:
        """The thread before message `ts` as a conversation: people's messages are the user's
        turns, the bot's first message after each its answer (placeholders, apologies and
        the overflow of long answers left out)."""
        turns: list[Message] = []
        for message in messages:
            if message.get("ts") == ts:
                break
            text = message.get("text", "")
            if self.mine(message, context):
                if turns and turns[-1]["role"] == "user" and text not in (PLACEHOLDER, APOLOGY):
                    turns.append({"role": "assistant", "content": unescape(text)})
            elif self.from_person(message) and message.get("subtype") in PEOPLE_SUBTYPES:
                turns.append({"role": "user", "content": plain(text, context.bot_user_id)})
        return turns

    def answer(self, event: dict, context: BoltContext, client: WebClient) -> None:
        channel, ts, user = event["channel"], event["ts"], event["user"]
        thread_ts = event.get("thread_ts") or ts
        if not self.limit.allow(user):
            log.info("user %s asked more than %d questions in a minute", user, self.limit.limit)
            if self.warned.add(user):
                client.chat_postMessage(channel=channel, thread_ts=thread_ts,
                                        text=SLOW_DOWN.format(n=self.limit.limit))
            return
        self.threads.add((channel, thread_ts))
        recipient = (context.team_id or event.get("team", ""), user) if self.native_streaming else None
        reply = Reply(client, channel, thread_ts, self.settings.slack_update_interval, recipient)
        started = time.monotonic()
        log.info("question from %s in %s (thread %s)", user, channel, thread_ts)
        try:
            reply.start()
            history = self.history(self.thread(client, channel, thread_ts), ts, context) if thread_ts != ts else []
            stream = self.assistant.stream(plain(event.get("text", ""), context.bot_user_id), history)
            for piece in stream:
                reply.add(piece)
            answer = stream.answer
            reply.finish(answer)
            log.info("answered in %s (thread %s): %s, %d citations, %.1f s", channel, thread_ts,
                     "found" if answer.found else "not found", len(answer.citations), time.monotonic() - started)
        except UserError as exc:
            reply.fail(escape(str(exc)))
        except Exception:
            log.exception("could not answer in %s (thread %s)", channel, thread_ts)
            reply.fail(APOLOGY)
        if reply.refused is not None and self.native_streaming:
            self.native_streaming = False
            log.warning("the workspace refused chat.startStream (%s); streaming by chat.update instead",
                        reply.refused.response.get("error"))


# ---- serving ------------------------------------------------------------------------------

def http_server(app: App, host: str, port: int) -> uvicorn.Server:
    """An ASGI server taking Slack's Events API at /slack/events. Bolt rejects (401) a request
    whose signature does not match SLACK_SIGNING_SECRET or whose timestamp is over 5 minutes old,
    and acknowledges events at once, answering in worker threads."""
    import uvicorn
    from slack_bolt.adapter.asgi import SlackRequestHandler

    config = uvicorn.Config(numeric_timestamps(SlackRequestHandler(app, path=EVENTS_PATH)), host=host, port=port,
                            log_config=None, access_log=False)
    return uvicorn.Server(config)


def numeric_timestamps(handler):
    """The ASGI `handler`, behind a refusal (401, as for any unsigned request) of requests
    whose X-Slack-Request-Timestamp is not a number: Bolt would fail on them with a 500 and
    an error in the log, which anyone could fill that way."""
    async def checked(scope, receive, send):
        stamp = dict(scope.get("headers") or []).get(b"x-slack-request-timestamp")
        if scope["type"] == "http" and stamp is not None and not stamp.strip().lstrip(b"-").isdigit():
            await send({"type": "http.response.start", "status": 401, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        await handler(scope, receive, send)

    return checked


def socket_mode_handler(app: App, settings: Settings) -> SocketModeHandler:
    """The Socket Mode connection (not yet opened) with the app-level token."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    return SocketModeHandler(app, secret(settings.slack_app_token))


def run(assistant: Assistant, http: bool = False, host: str | None = None, port: int | None = None) -> None:
    """Serve until interrupted: Socket Mode, or with `http` an Events API endpoint."""
    settings = assistant.settings
    check(settings, http)
    bot = SlackBot(assistant, settings)
    if http:
        host = host or settings.slack_host
        port = settings.slack_port if port is None else port
        log.info("taking Slack events at http://%s:%d%s", host, port, EVENTS_PATH)
        http_server(bot.app, host, port).run()
    else:
        log.info("connecting to Slack in Socket Mode")
        socket_mode_handler(bot.app, settings).start()
