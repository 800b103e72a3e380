"""Test helpers for the Slack bot: a stand-in for Slack's Web API on 127.0.0.1 that records
every call and keeps each channel's messages, and Slack's way of signing event requests."""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import queue
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

BOT_USER, BOT_ID, TEAM = "UBOT", "BBOT", "T1"


@dataclass
class Call:
    method: str
    params: dict
    token: str  # from the Authorization header
    response: dict | None = None


class SlackStandIn:
    """Answers auth.test, chat.postMessage/update/delete, chat.startStream/appendStream/
    stopStream and conversations.replies as Slack would; `refuse` names methods to fail
    with an error (e.g. a workspace without streaming)."""

    def __init__(self):
        self.calls: list[Call] = []
        self.messages: dict[str, list[dict]] = {}  # channel -> messages
        self.refuse: dict[str, str] = {}  # method -> error
        self.lock = threading.Lock()
        self.clock = itertools.count(1)
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.respond(dict(parse_qsl(urlsplit(self.path).query)))

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                json_body = "json" in (self.headers.get("Content-Type") or "")
                self.respond({**dict(parse_qsl(urlsplit(self.path).query)),
                              **(json.loads(body or "{}") if json_body else dict(parse_qsl(body)))})

            def respond(self, params):
                method = urlsplit(self.path).path.rsplit("/", 1)[-1]
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                data = json.dumps(stand_in.call(method, params, token)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def ts(self) -> str:
        return f"{1_700_000_000 + next(self.clock)}.000100"

    # -- what people do in Slack --------------------------------------------------------------

    def say(self, channel: str, text: str, user: str = "U1", thread_ts: str | None = None,
            **fields) -> dict:
        """A message in Slack, as the event about it will carry it."""
        message = {"type": "message", "user": user, "text": text, "ts": self.ts(), "team": TEAM, **fields}
        if thread_ts:
            message["thread_ts"] = thread_ts
        with self.lock:
            self.messages.setdefault(channel, []).append(message)
        return {**message, "channel": channel}

    # -- the Web API --------------------------------------------------------------------------

    def call(self, method: str, params: dict, token: str) -> dict:
        for key in ("blocks", "chunks"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        with self.lock:
            call = Call(method, params, token)
            self.calls.append(call)
            handler = getattr(self, method.replace(".", "_"), None)
            if method in self.refuse:
                call.response = {"ok": False, "error": self.refuse[method]}
            else:
                call.response = handler(params) if handler else {"ok": False, "error": "unknown_method"}
            return call.response

    def auth_test(self, params):
        return {"ok": True, "url": "https://example.slack.com/", "team": "Example", "user": "treaty",
                "team_id": TEAM, "user_id": BOT_USER, "bot_id": BOT_ID, "is_enterprise_install": False}

    def post(self, channel, thread_ts, **fields) -> dict:
        message = {"type": "message", "user": BOT_USER, "bot_id": BOT_ID, "ts": self.ts(), **fields}
        if thread_ts:
            message["thread_ts"] = thread_ts
        self.messages.setdefault(channel, []).append(message)
        return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}

    def find(self, channel, ts) -> dict | None:
        return next((m for m in self.messages.get(channel, []) if m["ts"] == ts), None)

    def chat_postMessage(self, params):
        return self.post(params["channel"], params.get("thread_ts"), text=params.get("text", ""),
                         blocks=params.get("blocks"))

    def chat_update(self, params):
        message = self.find(params["channel"], params["ts"])
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        message.update({k: params[k] for k in ("text", "blocks") if k in params})
        return {"ok": True, "channel": params["channel"], "ts": params["ts"], "text": message["text"]}

    def chat_delete(self, params):
        message = self.find(params["channel"], params["ts"])
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        self.messages[params["channel"]].remove(message)
        return {"ok": True, "channel": params["channel"], "ts": params["ts"]}

    def chat_startStream(self, params):
        return self.post(params["channel"], params["thread_ts"], text=params.get("markdown_text", ""),
                         streaming=True)

    def chat_appendStream(self, params):
        message = self.find(params["channel"], params["ts"])
        if message is None or not message.get("streaming"):
            return {"ok": False, "error": "message_not_in_streaming_state"}
        message["text"] += params.get("markdown_text", "")
        return {"ok": True, "channel": params["channel"], "ts": params["ts"]}

    def chat_stopStream(self, params):
        message = self.find(params["channel"], params["ts"])
        if message is None or not message.get("streaming"):
            return {"ok": False, "error": "message_not_in_streaming_state"}
        message["streaming"] = False
        return {"ok": True, "channel": params["channel"], "ts": params["ts"], "message": message}

    def conversations_replies(self, params):
        thread = params["ts"]
        messages = [m for m in self.messages.get(params["channel"], [])
                    if m["ts"] == thread or m.get("thread_ts") == thread]
        return {"ok": True, "messages": sorted(messages, key=lambda m: m["ts"]), "has_more": False}

    socket_url: str | None = None  # where apps.connections.open sends Socket Mode clients

    def apps_connections_open(self, params):
        if self.socket_url is None:
            return {"ok": False, "error": "invalid_auth"}
        return {"ok": True, "url": self.socket_url}

    # -- what tests look at -------------------------------------------------------------------

    def calls_to(self, method: str, channel: str | None = None) -> list[Call]:
        with self.lock:
            return [c for c in self.calls
                    if c.method == method and (channel is None or c.params.get("channel") == channel)]

    def bot_messages(self, channel: str, thread_ts: str) -> list[dict]:
        with self.lock:
            return [dict(m) for m in self.messages.get(channel, [])
                    if m.get("user") == BOT_USER and m.get("thread_ts") == thread_ts]

    def answer(self, channel: str, thread_ts: str) -> str | None:
        """The bot's finished answer in a thread (all its messages' blocks), or None before it is."""
        messages = self.bot_messages(channel, thread_ts)
        if not messages or not messages[0].get("blocks"):
            return None
        return "\n".join(block["text"]["text"] for m in messages for block in m.get("blocks") or [])

    def wait(self, condition, timeout: float = 60.0, what: str = "the bot"):
        """Poll `condition` until it is truthy; fail, showing the calls, after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; calls: {[(c.method, c.params) for c in self.calls]}")


class SocketModeStandIn:
    """Slack's end of a Socket Mode connection on 127.0.0.1: it greets a client with hello,
    sends it envelopes, and keeps the envelope ids the client acknowledges."""

    def __init__(self):
        from websockets.sync.server import serve

        self.outbox: queue.Queue[dict] = queue.Queue()
        self.acks: list[str] = []
        self.server = serve(self.talk, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}/link/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def talk(self, connection) -> None:
        from websockets.exceptions import ConnectionClosed

        connection.send(json.dumps({"type": "hello", "num_connections": 1,
                                    "connection_info": {"app_id": "A1"}}))
        try:
            while True:
                while not self.outbox.empty():
                    connection.send(json.dumps(self.outbox.get()))
                try:
                    reply = json.loads(connection.recv(timeout=0.05))
                except TimeoutError:
                    continue
                if reply.get("envelope_id"):
                    self.acks.append(reply["envelope_id"])
        except ConnectionClosed:
            pass

    def send(self, payload: dict) -> str:
        """Send an Events API payload to the client; its envelope id."""
        envelope_id = uuid.uuid4().hex
        self.outbox.put({"envelope_id": envelope_id, "type": "events_api", "payload": payload,
                         "accepts_response_payload": False, "retry_attempt": 0, "retry_reason": ""})
        return envelope_id

    def close(self) -> None:
        self.server.shutdown()


def event_body(event: dict, event_id: str | None = None) -> dict:
    """An Events API request body around `event`."""
    return {"token": "unused", "team_id": TEAM, "api_app_id": "A1", "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}", "event_time": int(time.time()),
            "event": event, "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}]}


def sign(secret: str, timestamp: str, body: str) -> str:
    """Slack's request signature: v0= and the HMAC-SHA256 of "v0:{timestamp}:{body}"."""
    return "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()


def deliver(url: str, body: dict, secret: str, timestamp: int | None = None,
            signature: str | None = None, headers: dict | None = None) -> int:
    """POST `body` to the bot as Slack does, signed with `secret`; the HTTP status."""
    raw = json.dumps(body)
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    request = urllib.request.Request(url, data=raw.encode(), method="POST", headers={
        "Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature or sign(secret, stamp, raw), **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
