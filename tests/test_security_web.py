"""The web page as an attacker meets it: where it listens, which routes answer without a
sign-in (none but the sign-in page's shell), what the source viewer will read (only the
indexed files), and what an error shows (one line: never a traceback, a path of the
server's code, or a secret). Everything is served on 127.0.0.1 and spoken to over HTTP."""
from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fake_openai import FakeOpenAI, Reply
from pydantic import SecretStr
from web_support import ARMS, ARMS_SOURCE, ROOT, free_port

from assistant import Assistant, Settings
from assistant.web import Warmup, launch
from assistant.web.guard import FAILED_SIGN_INS, PUBLIC, PUBLIC_PREFIXES
from assistant.web.page import EXAMPLES
from assistant.web.rendering import index_banner

USER, PASSWORD = "reader", "pa55-never-shown-Zq9"
KEY = "sk-test-web-SECRETkey-Xq7Zk90123456789"
LEAKS = re.compile(r"Traceback|File \"|\.py\"|line \d+, in |" + re.escape(PASSWORD) + "|" + re.escape(KEY))


def no_leak(response: httpx.Response) -> httpx.Response:
    assert not LEAKS.search(response.text), (response.request.url, response.text[:2000])
    return response


def routes(app, prefix: str = ""):
    """(path, method) of every route of the Gradio app, its included routers' too."""
    for route in app.routes:
        if hasattr(route, "original_router"):
            yield from routes(route.original_router, prefix + route.include_context.prefix)
        else:
            for method in sorted(getattr(route, "methods", None) or {"GET"}):
                yield prefix + route.path, method


@pytest.fixture(scope="module")
def guarded(seed_assistant):
    """The page with TREATY_WEB_AUTH set and the openai answerer configured with a key (at a
    port where nothing listens): (the running Blocks, its URL, the Assistant behind it)."""
    settings = seed_assistant.settings.model_copy(update={
        "web_auth": SecretStr(f"{USER}:{PASSWORD}"), "answerer": "openai", "openai_api_key": SecretStr(KEY),
        "openai_base_url": f"http://127.0.0.1:{free_port()}/v1", "llm_retries": 0, "llm_timeout": 2.0})
    bot = Assistant(sources=settings.sources, index=settings.index, settings=settings)
    warmup = Warmup(bot).start()
    assert warmup.wait(120)
    demo = launch(bot, warmup, server_name="127.0.0.1", server_port=free_port())
    try:
        yield demo, demo.local_url, bot
    finally:
        demo.close()


@contextlib.contextmanager
def sign_in(url: str) -> Iterator[httpx.Client]:
    """An HTTP client with a signed-in session (Gradio's cookie)."""
    with httpx.Client(base_url=url, timeout=60) as http:
        assert http.post("login", data={"username": USER, "password": PASSWORD}).status_code == 200
        yield http


def public(path: str) -> bool:
    return path in PUBLIC or path.startswith(PUBLIC_PREFIXES)


# ── where it listens ─────────────────────────────────────────────────────────────────


def listening_on(port: int) -> set[str]:
    """The local addresses with a TCP socket listening on `port` (from /proc/net/tcp*)."""
    found = set()
    for table, size in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                raw = bytes.fromhex(address)
                if size == 8:
                    found.add(socket.inet_ntop(socket.AF_INET, raw[::-1]))
                else:
                    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                    found.add(socket.inet_ntop(socket.AF_INET6, words))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc/net/tcp")
def test_the_page_listens_on_loopback_unless_told_otherwise(seed_assistant, monkeypatch):
    for name in ("TREATY_WEB_HOST", "TREATY_SLACK_HOST"):
        monkeypatch.delenv(name, raising=False)
    assert (Settings().web_host, Settings().slack_host) == ("127.0.0.1", "127.0.0.1")
    monkeypatch.setenv("TREATY_WEB_HOST", "0.0.0.0")
    assert Settings().web_host == "0.0.0.0"  # told otherwise, it is

    port = free_port()
    settings = seed_assistant.settings.model_copy(update={"web_port": port})  # web_host: the default
    monkeypatch.setattr(seed_assistant, "settings", settings)
    warmup = Warmup(seed_assistant).start()
    assert warmup.wait(60)
    demo = launch(seed_assistant, warmup)  # no server_name: what the settings say
    try:
        assert listening_on(port) == {"127.0.0.1"}
    finally:
        demo.close()


# ── every route asks for the sign-in ─────────────────────────────────────────────────


def test_every_route_but_the_sign_in_page_needs_it(guarded):
    """Each route of the app, however reached, refuses a request without a session; the
    few public ones (the sign-in page's shell, scripts, styles) hold nothing of the app."""
    demo, url, _ = guarded
    served_openly, probed = [], 0
    with httpx.Client(base_url=url, timeout=10) as stranger:
        for path, method in sorted(set(routes(demo.app))):
            concrete = re.sub(r"\{[^}]*\}", "x", path)
            if method == "HEAD":
                continue
            probed += 1
            if path.endswith("heartbeat/{session_hash}") or concrete in ("/gradio_api/queue/data",):
                concrete += "?session_hash=x"  # streams: a refusal comes at once, an answer would not
            try:
                response = stranger.request(method, concrete, json={} if method == "POST" else None)
            except httpx.ReadTimeout:
                pytest.fail(f"{method} {path} answered (a stream) without a sign-in")
            no_leak(response)
            if response.status_code < 400:
                served_openly.append((method, path))
                assert public(path), (method, path)
                for secret in (*EXAMPLES, "arms transfers", "gradio_api/call", ARMS_SOURCE):
                    assert secret not in response.text, (path, secret)
            elif not public(path):
                assert response.status_code == 401, (method, path, response.status_code, response.text[:300])
    assert probed > 70 and ("GET", "/") in served_openly and len(served_openly) <= len(PUBLIC) + 1
    # What gradio_client and the page use, named: each refused without a session.
    with httpx.Client(base_url=url, timeout=10) as stranger:
        for method, path in [("GET", "/config"), ("GET", "/gradio_api/info"), ("POST", "/gradio_api/queue/join"),
                             ("POST", "/gradio_api/call/ask"), ("POST", "/gradio_api/run/ask"),
                             ("GET", "/gradio_api/file=README.md"), ("GET", f"/gradio_api/file={ROOT}/README.md"),
                             ("GET", "/openapi.json"), ("GET", "/gradio_api/openapi.json"), ("POST", "/gradio_api/upload"),
                             ("GET", "/gradio_api/heartbeat/x"), ("POST", "/gradio_api/cancel"),
                             ("GET", "/gradio_api/mcp/schema"), ("GET", "/gradio_api/../config")]:
            assert no_leak(stranger.request(method, path, json={"data": [ARMS]})).status_code == 401, path


def test_gradio_client_and_a_signed_in_session_get_in(guarded):
    from gradio_client import Client
    from gradio_client.exceptions import AuthenticationError

    _, url, _ = guarded
    with pytest.raises(AuthenticationError):
        Client(url, verbose=False)
    answer = Client(url, auth=(USER, PASSWORD), verbose=False).predict(ARMS, api_name="/ask")
    assert answer["found"] and answer["mode"] == "extractive"  # the model server is down: a note says so
    assert answer["note"].startswith("generated answer unavailable: could not connect")
    with sign_in(url) as http:
        assert ARMS in no_leak(http.get("config")).text


def test_failed_sign_ins_are_limited_per_address(guarded):
    """A password guesser (from 127.0.0.2) is stopped after FAILED_SIGN_INS tries a minute,
    the right password included; people elsewhere (127.0.0.1) still sign in."""
    _, url, _ = guarded
    transport = httpx.HTTPTransport(local_address="127.0.0.2")
    with httpx.Client(base_url=url, timeout=10, transport=transport) as guesser:
        codes = [guesser.post("login", data={"username": USER, "password": f"guess-{n}"}).status_code
                 for n in range(FAILED_SIGN_INS + 3)]
        assert codes == [400] * FAILED_SIGN_INS + [429] * 3
        refused = no_leak(guesser.post("login", data={"username": USER, "password": PASSWORD}))
        assert refused.status_code == 429 and "wait a minute" in refused.text
        assert guesser.get("config").status_code == 401
    with sign_in(url) as http:
        assert http.get("config").status_code == 200


def test_oversized_requests_are_refused(guarded):
    _, url, _ = guarded
    with sign_in(url) as http:
        body = b'{"data": ["' + b"x" * (2 << 20) + b'", null]}'
        response = no_leak(http.post("gradio_api/call/ask", content=body, headers={"Content-Type": "application/json"}))
        assert response.status_code == 413

        def chunks():  # no Content-Length: counted as it arrives
            yield b'{"data": ["'
            for _ in range(40):
                yield b"x" * 65536
            yield b'", null]}'

        try:
            response = http.post("gradio_api/call/ask", content=chunks(), headers={"Content-Type": "application/json"})
            assert response.status_code >= 400
            no_leak(response)
        except httpx.HTTPError:
            pass  # the server stopped reading: refused just the same
        assert http.get("config").status_code == 200  # and it keeps serving


# ── the source viewer reads only indexed files ───────────────────────────────────────

TRAVERSALS = ["../pyproject.toml", "..%2fpyproject.toml", "%2e%2e/%2e%2e/etc/passwd", "/etc/passwd",
              "seeds/../pyproject.toml", f"seeds/{ARMS_SOURCE}/../../pyproject.toml", "seeds\\..\\pyproject.toml",
              f"seeds/{ARMS_SOURCE}\x00.png", "file:///etc/passwd", "~/.bashrc", "index/CURRENT",
              "assistant/settings.py", ".env", "", " ", "#1", f"seeds/{ARMS_SOURCE}#../../pyproject.toml"]


def test_the_source_viewer_refuses_everything_but_indexed_files(guarded, seed_assistant):
    from test_security_input import call

    _, url, _ = guarded
    folder = seed_assistant.settings.sources
    paths = [*TRAVERSALS, str(folder.parent), str(folder / ".." / "index"),
             f"{folder}/../{folder.name}/{ARMS_SOURCE}", str(ROOT / "pyproject.toml")]
    with sign_in(url) as http:
        for path in paths:
            event, message = call(http, "source", json.dumps({"data": [path, None]}).encode())
            assert event == "error", (path, str(message)[:200])
            assert "[project]" not in str(message) and "root:" not in str(message)
        source = next(c["source"] for c in call(http, "ask", json.dumps({"data": [ARMS, None]}).encode())[1]["citations"])
        assert call(http, "source", json.dumps({"data": [source, None]}).encode())[0] == "complete"
        for route in ("gradio_api/file=", "gradio_api/file/", "file="):  # Gradio's own file routes
            for path in (str(ROOT / "pyproject.toml"), "pyproject.toml", "../../../../etc/passwd",
                         "%2e%2e/%2e%2e/%2e%2e/etc/passwd", str(folder / ARMS_SOURCE), str(seed_assistant.settings.index)):
                response = no_leak(http.get(route + path))
                assert response.status_code in (400, 403, 404, 405), (route, path, response.status_code)
                assert "[project]" not in response.text and "arms transfers" not in response.text


# ── errors show one line: never a traceback or a secret ──────────────────────────────


def test_errors_never_show_a_traceback_path_or_secret(guarded, seed_assistant, monkeypatch):
    from test_security_input import call

    _, url, bot = guarded

    def broken(*args, **kwargs):
        raise RuntimeError(f"internal detail {ROOT}/assistant/core.py key={KEY} password={PASSWORD}")

    with sign_in(url) as http:
        for body in [b"{not json", b'{"data": "not a list"}', b'{"data": [1, 2, 3, 4]}', b'{"data": [null]}',
                     b'{"data": [{"a": 1}, "history"]}', b"[]", b'{"data": ["' + b"\\ud800" * 5000 + b'"]}']:
            response = no_leak(http.post("gradio_api/call/ask", content=body, headers={"Content-Type": "application/json"}))
            if response.status_code == 200:
                stream = no_leak(http.get(f"gradio_api/call/ask/{response.json()['event_id']}"))
                assert "event: error" in stream.text or "event: complete" in stream.text
        for path in ("gradio_api/call/nothing", "gradio_api/queue/data?session_hash=none", "gradio_api/file=/nope"):
            with contextlib.suppress(httpx.RemoteProtocolError):  # Gradio broke off a stream: shows nothing
                no_leak(http.get(path))
        monkeypatch.setattr(bot, "stream", broken)
        monkeypatch.setattr(bot, "ask", broken)
        event, message = call(http, "ask", json.dumps({"data": [ARMS, None]}).encode())
        assert event == "error" and not LEAKS.search(str(message)) and "internal detail" not in str(message)
        join = no_leak(http.post("gradio_api/queue/join", json={"data": [ARMS, []], "fn_index": 0,
                                                                 "session_hash": "s1", "trigger_id": None}))
        if join.status_code == 200:
            with contextlib.suppress(httpx.RemoteProtocolError):
                no_leak(http.get("gradio_api/queue/data", params={"session_hash": "s1"}, timeout=30))


def test_an_index_failure_on_the_page_does_not_show_the_key(seeds_copy, tmp_path, caplog):
    """OpenAI embeddings refused with the key in the server's message (some gateways echo
    it): the page says why in our words, and neither it nor the log repeats the message."""
    fake = FakeOpenAI().start()
    try:
        fake.embedding_error = Reply(status=401, error=f"Incorrect API key provided: {KEY}")
        settings = Settings(embeddings="openai", openai_api_key=SecretStr(KEY), openai_base_url=fake.url,
                            llm_retries=0, llm_timeout=5.0)
        bot = Assistant(sources=seeds_copy, index=tmp_path / "index", settings=settings)
        caplog.set_level(logging.DEBUG)
        warmup = Warmup(bot).start()
        assert not warmup.wait(60) and warmup.state == "failed"
    finally:
        fake.stop()
    shown = index_banner(warmup, settings) + warmup.not_ready
    assert "OpenAI embeddings unavailable: the API key was rejected (401)" in shown
    assert KEY not in shown and KEY not in caplog.text and KEY[-12:] not in caplog.text


def test_markup_in_a_question_does_not_run_in_the_browser(seed_assistant, tmp_path):
    """A question carrying script (an <img onerror>, a javascript: link, a <script>) is
    shown as text in the chat and the evidence panel; none of it runs."""
    import os

    from playwright.sync_api import sync_playwright
    from web_support import CHROMIUM, CHROMIUM_ARGS, served

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no Chromium at {CHROMIUM}: run scripts/test-deps.sh (apt-get install chromium)")
    question = ('<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> '
                "[click](javascript:window.__xss=3) Does the pact include arms transfers?")
    with served(seed_assistant) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(60_000)
            page.goto(url)
            page.wait_for_selector("#question textarea:not([disabled])")
            page.fill("#question textarea", question)
            page.keyboard.press("Enter")
            page.wait_for_selector('#evidence .ev[data-turn="0"]')
            for link in page.locator("#chat a").all():
                if "javascript" in (link.get_attribute("href") or ""):
                    link.click()
            page.wait_for_timeout(500)
            assert page.evaluate("window.__xss") is None
            assert "onerror" in page.inner_text("#evidence")  # shown as the text it is
        finally:
            browser.close()
