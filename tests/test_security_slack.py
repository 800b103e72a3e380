"""The Slack bot as an attacker meets it, beyond tests/test_slack.py's forged signature and
stale timestamp: a tampered body, a timestamp from the future, missing or malformed
headers and a replayed request are all refused without an answer; one user's burst of
questions is held to the per-user limit while others are answered; and no token or
secret reaches the log, in either mode. The bot runs in HTTP mode on 127.0.0.1 against
tests/slack_stand_in.py's Web API."""
from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from slack_stand_in import SocketModeStandIn, deliver, event_body, sign
from test_slack import (  # noqa: F401  (api and serve are fixtures)
    APP_TOKEN,
    ARMS,
    BOT_TOKEN,
    SIGNING_SECRET,
    Scripted,
    api,
    finished,
    mention,
    message,
    serve,
    slack_settings,
    wait_answers,
)

from assistant.slack import SLOW_DOWN, SlackBot, socket_mode_handler

SECRETS = (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET, BOT_TOKEN.split("-", 1)[1], APP_TOKEN.split("-", 2)[2])


def post_raw(url: str, body: bytes, headers: dict) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json",
                                                                               **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_forged_tampered_and_replayed_requests_get_no_answer(api, serve, caplog):  # noqa: F811 (fixtures of test_slack)
    caplog.set_level(logging.DEBUG)
    url, _ = serve(Scripted())
    now = int(time.time())

    def signed(event, timestamp=now):
        raw = json.dumps(event_body(event))
        return raw.encode(), {"X-Slack-Request-Timestamp": str(timestamp),
                              "X-Slack-Signature": sign(SIGNING_SECRET, str(timestamp), raw)}

    attempts = {}
    body, headers = signed(mention(api, "C-TAMPER", ARMS))
    attempts["tampered body"] = (body.replace(b"arms transfers", b"nuclear launch"), headers)
    attempts["from the future"] = signed(mention(api, "C-FUTURE", ARMS), now + 10 * 60)
    body, headers = signed(mention(api, "C-NOSIG", ARMS))
    attempts["no signature"] = (body, {"X-Slack-Request-Timestamp": str(now)})
    attempts["no timestamp"] = (body.replace(b"C-NOSIG", b"C-NOTS"), {"X-Slack-Signature": headers["X-Slack-Signature"]})
    body, headers = signed(mention(api, "C-BADTS", ARMS))
    attempts["malformed timestamp"] = (body, {**headers, "X-Slack-Request-Timestamp": "soon"})
    attempts["signed with another secret"] = (body.replace(b"C-BADTS", b"C-OTHER"), {
        "X-Slack-Request-Timestamp": str(now), "X-Slack-Signature": sign("another-secret", str(now), body.decode())})
    for what, (body, headers) in attempts.items():
        status, text = post_raw(url, body, headers)
        assert status == 401, (what, status, text)
        assert "Traceback" not in text and SIGNING_SECRET not in text, what

    # A genuine request, captured and sent again within the five minutes: answered once.
    event = mention(api, "C-REPLAY", ARMS)
    body = event_body(event)
    assert deliver(url, body, SIGNING_SECRET, timestamp=now) == 200
    wait_answers(api, "C-REPLAY", event["ts"])
    for _ in range(3):
        assert deliver(url, body, SIGNING_SECRET, timestamp=now) == 200
    time.sleep(0.5)
    assert len(api.calls_to("chat.postMessage", "C-REPLAY")) == 1
    for channel in ("C-TAMPER", "C-FUTURE", "C-NOSIG", "C-NOTS", "C-BADTS", "C-OTHER"):
        assert not api.calls_to("chat.postMessage", channel), channel
    for value in SECRETS:
        assert value not in caplog.text


def test_one_users_burst_is_held_to_the_limit_and_others_are_answered(api, serve, caplog):  # noqa: F811 (fixtures of test_slack)
    """30 questions from one user at once (and one each from five others among them): six
    are answered, the user is told once to slow down, the rest are dropped; everyone
    else is answered. Nothing in the log names a token."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="assistant")  # whatever level an earlier test left it at
    limit = 6
    url, _ = serve(Scripted(pause=0.05), slack_questions_per_minute=limit)
    burst = [message(api, "D-BURST", f"Question {i} of the burst?", channel_type="im", user="UBURST")
             for i in range(30)]
    others = [message(api, f"D-OTHER{i}", "What about me?", channel_type="im", user=f"UOTHER{i}")
              for i in range(5)]
    events = burst[:15] + others + burst[15:]
    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda event: deliver(url, event_body(event), SIGNING_SECRET), events))
    assert statuses == [200] * len(events)  # every event acknowledged at once, answered or not

    for event in others:
        wait_answers(api, event["channel"], event["ts"])
    api.wait(lambda: sum(bool(finished(api, "D-BURST", e["ts"])) for e in burst) >= limit, what="the burst's answers")
    time.sleep(1.0)  # anything more would have come by now
    answered = [e for e in burst if finished(api, "D-BURST", e["ts"])]
    told = [m["text"] for e in burst for m in api.bot_messages("D-BURST", e["ts"]) if not m.get("blocks")]
    assert len(answered) == limit
    assert told == [SLOW_DOWN.format(n=limit)]  # once, not once per question
    assert "asked more than 6 questions in a minute" in caplog.text
    for value in SECRETS:
        assert value not in caplog.text


def test_socket_mode_logs_no_token(api, seed_assistant, caplog):  # noqa: F811 (fixtures of test_slack)
    """Socket Mode sends the app-level token to apps.connections.open and holds a WebSocket
    open: at DEBUG, neither the app token nor the bot token appears in the log."""
    caplog.set_level(logging.DEBUG)
    settings = slack_settings(api)
    bot = SlackBot(Scripted(), settings)
    handler = socket_mode_handler(bot.app, settings)
    link = SocketModeStandIn()
    api.socket_url = link.url
    try:
        handler.connect()
        event = mention(api, "C-SOCKETLOG", ARMS)
        envelope = link.send(event_body(event))
        api.wait(lambda: envelope in link.acks, timeout=10, what="the envelope's acknowledgement")
        wait_answers(api, "C-SOCKETLOG", event["ts"])
    finally:
        api.socket_url = None
        handler.close()
        link.close()
    assert {c.token for c in api.calls_to("apps.connections.open")} >= {APP_TOKEN}  # it was used
    assert "apps.connections.open" in caplog.text  # with the client logging its requests
    for value in SECRETS:
        assert value not in caplog.text
