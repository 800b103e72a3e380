"""A stand-in OpenAI-compatible server for tests: chat completions (plain and streamed)
and embeddings over real HTTP on 127.0.0.1, with replies scripted per test and every
request recorded. Nothing here knows about the assistant: it speaks the wire format only.

    server = FakeOpenAI().start()
    server.script(Reply("The pact is for 20 years [1]."), Reply(status=429))
    ... OPENAI_BASE_URL=server.url ...
    server.chat_requests[-1]["messages"]
"""
from __future__ import annotations

import base64
import json
import re
import struct
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DIMENSIONS = 256
WORD = re.compile(r"[a-z0-9]+")


def fake_embedding(text: str) -> list[float]:
    """A deterministic, normalised bag-of-words vector: texts sharing words are close."""
    vector = [0.0] * DIMENSIONS
    for word in WORD.findall(text.lower()):
        if len(word) > 2:
            vector[zlib.crc32(word.encode()) % DIMENSIONS] += 1.0
    norm = sum(v * v for v in vector) ** 0.5 or 1.0
    if not any(vector):
        vector[0], norm = 1.0, 1.0
    return [v / norm for v in vector]


Content = str | Callable[[dict[str, Any]], str]


@dataclass
class Reply:
    """One scripted reply to a chat completion request.

    `content` is the model's text (or a function of the request body returning it);
    `status` other than 200 sends an OpenAI-style error; `body` sends these bytes as they
    are (malformed replies); `delay` waits first (timeouts)."""

    content: Content | None = None
    status: int = 200
    body: bytes | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    error: str = "scripted error"
    usage: dict[str, int] = field(default_factory=lambda: {"prompt_tokens": 120, "completion_tokens": 30,
                                                           "total_tokens": 150})


class FakeOpenAI:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []  # {"path", "json", "headers" (lower-case names)}
        self.replies: deque[Reply] = deque()
        self.errors: list[str] = []  # scripted replies that failed to compute: a test bug
        self.default = Reply("The sources do not answer this question.")
        self.embedding_error: Reply | None = None  # a failure to send to embedding requests
        self._server: ThreadingHTTPServer | None = None

    # --- scripting and inspection -------------------------------------------------
    def script(self, *replies: Reply) -> None:
        self.replies.clear()
        self.replies.extend(replies)

    def reset(self) -> None:
        self.requests.clear()
        self.replies.clear()
        self.errors.clear()
        self.embedding_error = None

    @property
    def chat_requests(self) -> list[dict[str, Any]]:
        return [r["json"] for r in self.requests if r["path"].endswith("/chat/completions")]

    @property
    def embedding_requests(self) -> list[dict[str, Any]]:
        return [r["json"] for r in self.requests if r["path"].endswith("/embeddings")]

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    # --- life cycle -----------------------------------------------------------------
    def start(self) -> FakeOpenAI:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {}
                fake.requests.append({"path": self.path, "json": body,
                                      "headers": {k.lower(): v for k, v in self.headers.items()}})
                try:
                    if self.path.endswith("/embeddings") and fake.embedding_error:
                        fake._chat(self, body, fake.embedding_error)
                    elif self.path.endswith("/embeddings"):
                        fake._embeddings(self, body)
                    elif self.path.endswith("/chat/completions"):
                        reply = fake.replies.popleft() if fake.replies else fake.default
                        fake._chat(self, body, reply)
                    else:
                        fake._send_json(self, 404, {"error": {"message": "not found"}})
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # --- the endpoints --------------------------------------------------------------
    @staticmethod
    def _send_json(handler: BaseHTTPRequestHandler, status: int, payload: Any,
                   headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _embeddings(self, handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        texts = body.get("input")
        texts = [texts] if isinstance(texts, str) else list(texts or [])
        data = []
        for i, text in enumerate(texts):
            vector = fake_embedding(text)
            if body.get("encoding_format") == "base64":
                encoded: Any = base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
            else:
                encoded = vector
            data.append({"object": "embedding", "index": i, "embedding": encoded})
        tokens = sum(len(t.split()) for t in texts)
        self._send_json(handler, 200, {"object": "list", "data": data, "model": body.get("model"),
                                       "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})

    def _chat(self, handler: BaseHTTPRequestHandler, body: dict[str, Any], reply: Reply) -> None:
        if reply.delay:
            time.sleep(reply.delay)
        if reply.body is not None:
            handler.send_response(reply.status)
            handler.send_header("Content-Type", reply.headers.get("Content-Type", "application/json"))
            handler.send_header("Content-Length", str(len(reply.body)))
            handler.end_headers()
            handler.wfile.write(reply.body)
            return
        if reply.status != 200:
            self._send_json(handler, reply.status, {"error": {"message": reply.error, "type": "error",
                                                              "code": str(reply.status)}}, reply.headers)
            return
        try:
            content = reply.content(body) if callable(reply.content) else (reply.content or "")
        except Exception as exc:  # noqa: BLE001 (reported to the test through `errors`, and as a 500)
            self.errors.append(f"{type(exc).__name__}: {exc}")
            self._send_json(handler, 500, {"error": {"message": "the scripted reply failed"}})
            return
        model = body.get("model", "fake")
        if not body.get("stream"):
            self._send_json(handler, 200, {
                "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
                "model": model, "usage": reply.usage,
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": content}}]})
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.send_header("Cache-Control", "no-cache")
        handler.end_headers()  # HTTP/1.0: the stream ends when the connection closes

        def event(delta: dict[str, Any] | None, usage: dict[str, int] | None = None,
                  finish: str | None = None) -> None:
            chunk = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
                     "model": model,
                     "choices": [] if delta is None else [{"index": 0, "delta": delta,
                                                           "finish_reason": finish}]}
            if usage is not None:
                chunk["usage"] = usage
            handler.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            handler.wfile.flush()

        event({"role": "assistant", "content": ""})
        for piece in re.findall(r".{1,7}", content, flags=re.DOTALL):  # small pieces split markers too
            event({"content": piece})
        event({}, finish="stop")
        if (body.get("stream_options") or {}).get("include_usage"):
            event(None, usage=reply.usage)
        handler.wfile.write(b"data: [DONE]\n\n")
        handler.wfile.flush()
