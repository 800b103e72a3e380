"""The Slack bot, end to end: it runs in HTTP mode on a free port and is sent real signed
Events API requests, while a stand-in of Slack's Web API on 127.0.0.1 records what it
posts. Answering happens after the acknowledgement, so tests poll the stand-in."""
from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time

import pytest
from slack_sdk.errors import SlackApiError
from quoting_support import FREIGHT, FREIGHT_SENTENCE, LABEL, TARIFF_SENTENCE, TARIFFS
from slack_stand_in import BOT_USER, TEAM, SlackStandIn, SocketModeStandIn, deliver, event_body, sign
from typer.testing import CliRunner

from assistant import Answer, AnswerStream, Citation, Settings
from assistant.slack import (
    APOLOGY,
    EVENTS_PATH,
    MESSAGE_BLOCKS,
    PLACEHOLDER,
    SECTION_CHARS,
    SLOW_DOWN,
    TEXT_CHARS,
    SlackBot,
    SlackSetupError,
    check,
    http_server,
    mrkdwn,
    plain,
    render,
    socket_mode_handler,
    unescape,
)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOT_TOKEN = "xoxb-1111-2222-bot-token-never-logged"
APP_TOKEN = "xapp-1-A1-3333-app-token-never-logged"
SIGNING_SECRET = "5ec7e7-signing-secret-never-logged"
ARMS = "Does the pact include arms transfers?"
ARMS_SOURCE = "004_00528b96f0de169d.txt"


# ---- fixtures ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def api():
    stand_in = SlackStandIn()
    yield stand_in
    stand_in.close()


def slack_settings(api: SlackStandIn, **overrides) -> Settings:
    return Settings(**{"slack_bot_token": BOT_TOKEN, "slack_app_token": APP_TOKEN,
                       "slack_signing_secret": SIGNING_SECRET, "slack_api_url": api.url, **overrides})


@pytest.fixture(scope="module")
def serve(api):
    """start(assistant, **settings) -> (events URL, SlackBot): a bot in HTTP mode on a free port."""
    servers = []

    def start(assistant, **overrides):
        bot = SlackBot(assistant, slack_settings(api, **overrides))
        server = http_server(bot.app, "127.0.0.1", 0)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        servers.append((server, thread))
        api.wait(lambda: server.started, timeout=10, what="the HTTP server")
        return f"http://127.0.0.1:{sock.getsockname()[1]}{EVENTS_PATH}", bot

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=5)


class Recording:
    """The seed Assistant, noting each question and history the bot asks it."""

    def __init__(self, assistant):
        self.assistant, self.asked = assistant, []

    def stream(self, question, history=None):
        self.asked.append((question, history))
        return self.assistant.stream(question, history)


class Scripted:
    """An assistant that writes `deltas` (pausing between them) then an Answer, or fails."""

    def __init__(self, deltas=(), pause=0.0, error: Exception | None = None):
        self.deltas, self.pause, self.error = list(deltas), pause, error

    def stream(self, question, history=None):
        return AnswerStream(self.items(question))

    def items(self, question):
        if self.error is not None:
            raise self.error
        for delta in self.deltas:
            time.sleep(self.pause)
            yield delta
        yield Answer(question=question, text="".join(self.deltas) or "Yes [1]", found=True, mode="openai",
                     citations=[Citation(1, "seeds/a.txt", "A", "A quote.", 0, 8)])


@pytest.fixture(scope="module")
def seed_bot(serve, seed_assistant):
    recording = Recording(seed_assistant)
    url, _ = serve(recording)
    return url, recording


def mention(api, channel, text, **fields) -> dict:
    """An app_mention event; each channel has its own asker, so that tests keep within the rate limit."""
    fields.setdefault("user", f"U{channel}")
    return {**api.say(channel, f"<@{BOT_USER}> {text}", **fields), "type": "app_mention"}


def message(api, channel, text, channel_type="channel", **fields) -> dict:
    fields.setdefault("user", f"U{channel}")
    return {**api.say(channel, text, **fields), "channel_type": channel_type}


def post(url, event, **kwargs) -> int:
    return deliver(url, event_body(event), SIGNING_SECRET, **kwargs)


def finished(api, channel, thread_ts) -> list[str]:
    """The texts of the bot's finished messages (those with blocks) in a thread."""
    return ["\n".join(b["text"]["text"] for b in m["blocks"])
            for m in api.bot_messages(channel, thread_ts) if m.get("blocks")]


def wait_answers(api, channel, thread_ts, n=1) -> list[str]:
    return api.wait(lambda: len(finished(api, channel, thread_ts)) >= n and finished(api, channel, thread_ts),
                    what=f"{n} answer(s) in {channel}")


# ---- the bot over HTTP, with the seed articles -------------------------------------------------

def test_mention_is_answered_in_its_thread_citing_the_source(api, seed_bot):
    url, _ = seed_bot
    event = mention(api, "C-MENTION", ARMS)
    started = time.monotonic()
    assert post(url, event) == 200
    assert time.monotonic() - started < 3  # acknowledged within Slack's 3 seconds

    [answer] = wait_answers(api, "C-MENTION", event["ts"])
    placeholder = api.calls_to("chat.postMessage", "C-MENTION")[0].params
    assert placeholder["thread_ts"] == event["ts"] and placeholder["text"] == PLACEHOLDER
    assert "[1]" in answer and "*Sources*" in answer
    assert re.search(rf'^\[1\] .+ · {ARMS_SOURCE} — "', answer, re.MULTILINE)  # label · file — quote
    assert "arms transfers" in answer
    assert len(api.bot_messages("C-MENTION", event["ts"])) == 1  # the placeholder became the answer


def test_direct_message_is_answered_in_a_thread(api, seed_bot):
    url, recording = seed_bot
    event = message(api, "D-DM", ARMS, channel_type="im")
    assert post(url, event) == 200
    [answer] = wait_answers(api, "D-DM", event["ts"])
    assert ARMS_SOURCE in answer
    assert (ARMS, []) in recording.asked


def test_follow_up_in_the_thread_uses_the_thread_as_history(api, seed_bot):
    url, recording = seed_bot
    first = mention(api, "C-FOLLOW", "What is planned for a gas pipeline?")
    assert post(url, first) == 200
    [first_answer] = wait_answers(api, "C-FOLLOW", first["ts"])

    follow_up = message(api, "C-FOLLOW", "Which country would it pass through?", thread_ts=first["ts"])
    assert post(url, follow_up) == 200  # no mention: a reply in the bot's thread
    answers = wait_answers(api, "C-FOLLOW", first["ts"], n=2)

    replies = api.calls_to("conversations.replies", "C-FOLLOW")
    assert replies and replies[-1].params["ts"] == first["ts"]
    question, history = recording.asked[-1]
    assert question == "Which country would it pass through?"
    assert history[0] == {"role": "user", "content": "What is planned for a gas pipeline?"}
    assert history[1]["role"] == "assistant" and "pipeline" in history[1]["content"]
    assert len(history) == 2
    assert "Azerbaijan" in answers[1]
    assert first_answer == answers[0]


def test_retry_of_an_event_being_handled_gets_no_second_answer(api, seed_bot):
    url, _ = seed_bot
    body = event_body(mention(api, "C-RETRY", ARMS))
    assert deliver(url, body, SIGNING_SECRET) == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert deliver(url, body, SIGNING_SECRET, headers=retry) == 200
    wait_answers(api, "C-RETRY", body["event"]["ts"])
    assert deliver(url, body, SIGNING_SECRET, headers={**retry, "X-Slack-Retry-Num": "2"}) == 200
    time.sleep(1.0)
    assert len(api.calls_to("chat.postMessage", "C-RETRY")) == 1
    assert len(api.bot_messages("C-RETRY", body["event"]["ts"])) == 1


def test_bot_messages_get_no_answer(api, seed_bot):
    url, _ = seed_bot
    bots = [
        message(api, "D-BOT1", ARMS, channel_type="im", user="U2", bot_id="B2"),  # another app's bot user
        message(api, "D-BOT2", ARMS, channel_type="im", subtype="bot_message", bot_id="B3"),
        message(api, "D-BOT3", ARMS, channel_type="im", user=BOT_USER, bot_id="BBOT"),  # its own
        {**mention(api, "C-BOT4", ARMS, bot_id="B4"), "user": "U4"},
    ]
    for event in bots:
        assert post(url, event) == 200
    person = message(api, "D-PERSON", ARMS, channel_type="im")  # then one it does answer
    assert post(url, person) == 200
    wait_answers(api, "D-PERSON", person["ts"])
    time.sleep(0.5)
    for event in bots:
        assert not api.calls_to("chat.postMessage", event["channel"])


def test_bad_signature_is_rejected(api, seed_bot):
    url, _ = seed_bot
    event = mention(api, "C-FORGED", ARMS)
    forged = sign("not-the-secret", str(int(time.time())), "{}")
    assert post(url, event, signature=forged) == 401
    time.sleep(0.5)
    assert not api.calls_to("chat.postMessage", "C-FORGED")


def test_stale_timestamp_is_rejected(api, seed_bot):
    url, _ = seed_bot
    event = mention(api, "C-STALE", ARMS)
    assert post(url, event, timestamp=int(time.time()) - 10 * 60) == 401  # signed, but replayable
    time.sleep(0.5)
    assert not api.calls_to("chat.postMessage", "C-STALE")


def test_not_in_the_sources_is_said_plainly(api, seed_bot):
    url, _ = seed_bot
    event = mention(api, "C-NOTFOUND", "Who won the 2022 football world cup?")
    assert post(url, event) == 200
    [answer] = wait_answers(api, "C-NOTFOUND", event["ts"])
    # Said plainly, then why, with the nearest passage offered (issue 12).
    first, *rest = answer.split("\n")
    assert first.startswith("The sources do not answer this question. (") and any("nearest passage" in r for r in rest)


def test_empty_question_is_told_why(api, seed_bot):
    url, _ = seed_bot
    event = mention(api, "C-EMPTY", "")
    assert post(url, event) == 200
    text = api.wait(lambda: [m["text"] for m in api.bot_messages("C-EMPTY", event["ts"])
                             if m["text"] != PLACEHOLDER], what="a reply")
    assert text == ["Please type a question: this one is empty."]


def test_tokens_and_secrets_are_never_logged(api, seed_bot, caplog):
    caplog.set_level(logging.DEBUG)
    url, _ = seed_bot
    event = mention(api, "C-LOG", ARMS)
    assert post(url, event) == 200
    assert post(url, mention(api, "C-LOG", ARMS), signature="v0=forged") == 401
    wait_answers(api, "C-LOG", event["ts"])
    assert api.calls_to("chat.update", "C-LOG")[-1].token == BOT_TOKEN  # the token was used...
    assert "chat.update" in caplog.text  # ...with Slack's client logging its requests
    for value in (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET, BOT_TOKEN.split("-", 1)[1]):
        assert value not in caplog.text  # ...and never written to the log


# ---- behaviour with scripted assistants -----------------------------------------------------

def test_questions_per_user_are_limited(api, serve):
    url, _ = serve(Scripted(), slack_questions_per_minute=2)
    events = [message(api, "D-RATE", f"Question {i}?", channel_type="im") for i in range(4)]
    for event in events:
        assert post(url, event) == 200
        time.sleep(0.1)
    for event in events[:2]:
        wait_answers(api, "D-RATE", event["ts"])
    told = api.wait(lambda: [m["text"] for m in api.bot_messages("D-RATE", events[2]["ts"])], what="a warning")
    assert told == [SLOW_DOWN.format(n=2)]
    time.sleep(0.3)
    assert not api.bot_messages("D-RATE", events[3]["ts"])  # told once a minute, not each time
    other = message(api, "D-RATE", "Question from someone else?", channel_type="im", user="U9")
    assert post(url, other) == 200
    wait_answers(api, "D-RATE", other["ts"])


def test_failure_becomes_a_short_apology_with_details_in_the_log(api, serve, caplog):
    url, _ = serve(Scripted(error=RuntimeError("the index exploded")))
    event = mention(api, "C-FAIL", ARMS)
    assert post(url, event) == 200
    api.wait(lambda: any(m["text"] == APOLOGY for m in api.bot_messages("C-FAIL", event["ts"])),
             what="an apology")
    assert [m["text"] for m in api.bot_messages("C-FAIL", event["ts"])] == [APOLOGY]
    assert "the index exploded" in caplog.text and "Traceback" in caplog.text


def test_streamed_text_is_shown_with_throttled_updates(api, serve):
    deltas = [f"word{i} " for i in range(30)]
    url, _ = serve(Scripted(deltas, pause=0.05), slack_native_streaming=False, slack_update_interval=0.5)
    event = mention(api, "C-UPDATES", "Stream?")
    assert post(url, event) == 200
    [answer] = wait_answers(api, "C-UPDATES", event["ts"])
    assert answer.startswith("".join(deltas).strip())
    updates = api.calls_to("chat.update", "C-UPDATES")
    partial = [u for u in updates if not u.params.get("blocks")]
    assert 1 <= len(partial) <= 5  # 1.5 s of text at one update per 0.5 s, not one per delta
    assert all(u.params["text"].endswith(" …") for u in partial)
    assert not api.calls_to("chat.startStream", "C-UPDATES")


def test_native_streaming_where_the_workspace_has_it(api, serve):
    deltas = [f"word{i} " for i in range(20)]
    url, _ = serve(Scripted(deltas, pause=0.05), slack_update_interval=0.3)
    event = mention(api, "C-STREAM", "Stream?")
    assert post(url, event) == 200
    [answer] = wait_answers(api, "C-STREAM", event["ts"])
    [start] = api.calls_to("chat.startStream", "C-STREAM")
    assert start.params["thread_ts"] == event["ts"]
    assert (start.params["recipient_team_id"], start.params["recipient_user_id"]) == (TEAM, "UC-STREAM")
    appended = "".join(c.params["markdown_text"] for c in api.calls_to("chat.appendStream", "C-STREAM"))
    assert (start.params["markdown_text"] + appended).startswith("word0 word1")
    assert len(api.calls_to("chat.stopStream", "C-STREAM")) == 1
    placeholder = api.calls_to("chat.postMessage", "C-STREAM")[0]
    assert placeholder.params["text"] == PLACEHOLDER
    assert [c.params["ts"] for c in api.calls_to("chat.delete", "C-STREAM")] == [placeholder.response["ts"]]
    assert api.calls_to("chat.update", "C-STREAM")[-1].params["ts"] == start.response["ts"]
    [only] = api.bot_messages("C-STREAM", event["ts"])  # the placeholder gave way to the stream
    assert not only.get("streaming") and answer.startswith("word0 word1")


def test_native_streaming_refused_falls_back_to_updates(api, serve):
    url, bot = serve(Scripted(["Partly ", "written ", "answer [1]"], pause=0.1), slack_update_interval=0.05)
    api.refuse["chat.startStream"] = "not_allowed_token_type"
    try:
        event = mention(api, "C-REFUSED", "Stream?")
        assert post(url, event) == 200
        [answer] = wait_answers(api, "C-REFUSED", event["ts"])
    finally:
        del api.refuse["chat.startStream"]
    assert answer.startswith("Partly written answer [1]")
    assert [u for u in api.calls_to("chat.update", "C-REFUSED") if not u.params.get("blocks")]
    assert bot.native_streaming is False  # not tried again in this workspace


def test_generated_answer_streams_into_slack_and_ends_cited(api, serve, seed_assistant):
    from fake_openai import FakeOpenAI, Reply

    from assistant import Assistant

    def reply(body: dict) -> str:  # cite the passage the prompt numbers for the arms sentence
        prompt = body["messages"][-1]["content"]
        n = next(n for n, text in re.findall(r'<passage n="(\d+)"[^>]*>\n(.*?)\n</passage>', prompt, re.DOTALL)
                 if "no mention of arms transfers" in text)
        return (f"No: the treaty makes no mention of arms transfers [{n}]. The two sides said they would "
                f"develop military-technical cooperation [{n}].")  # two sentences: streamed one at a time

    model = FakeOpenAI().start()
    try:
        model.script(Reply(reply))
        settings = Settings(answerer="openai", openai_api_key="sk-test-key", openai_base_url=model.url,
                            llm_model="fake-chat", llm_retries=0)
        writer = Assistant(sources=seed_assistant.settings.sources, index=seed_assistant.settings.index,
                           settings=settings)
        url, _ = serve(writer, slack_update_interval=0.0)
        event = mention(api, "C-GENERATED", ARMS)
        assert post(url, event) == 200
        [answer] = wait_answers(api, "C-GENERATED", event["ts"])
    finally:
        model.stop()
    streamed = [c.params["markdown_text"] for c in api.calls_to("chat.startStream", "C-GENERATED")
                + api.calls_to("chat.appendStream", "C-GENERATED")]
    assert len(streamed) > 1 and "".join(streamed).startswith("No: the treaty makes no mention")
    assert answer.startswith("No: the treaty makes no mention of arms transfers [1].")
    assert re.search(rf'^\[1\] .+ · {ARMS_SOURCE} — "There was also no mention of arms transfers', answer,
                     re.MULTILINE)


def test_quoted_text_reaches_slack_as_the_source_wrote_it(api, serve, marked_assistant):
    """A source's own "[7]" stays text beside the answer's "[1]", and its "*HS-27*", "<"
    and "&" are not read as formatting (issue 13); answers are labelled by outlet and date."""
    url, _ = serve(marked_assistant)
    freight, tariffs = mention(api, "C-QUOTED", FREIGHT), mention(api, "C-QUOTED2", TARIFFS)
    assert post(url, freight) == 200 and post(url, tariffs) == 200
    [answer] = wait_answers(api, "C-QUOTED", freight["ts"])
    assert answer.startswith(f"*about 15 million tonnes* [1]\n\n*{LABEL}*: {FREIGHT_SENTENCE} [1]")  # lead, then quote
    assert re.findall(r"^\[(\d+)\] ", answer, re.MULTILINE) == ["1"]  # "[7]" is no citation
    source = f"<https://freight.example.com/rasht-astara|{LABEL}> · freight.jsonl#1"
    assert f'[1] {source} — "{FREIGHT_SENTENCE}"' in answer
    [answer] = wait_answers(api, "C-QUOTED2", tariffs["ts"])
    assert "\u200b*\u200bHS-27\u200b*\u200b" in answer and "*HS-27*" not in answer  # cannot pair as bold
    assert "&lt;5% &amp;" in answer
    assert unescape(answer).count(TARIFF_SENTENCE) == 2  # as Slack shows it: in the answer and its sources


# ---- start-up ----------------------------------------------------------------------------------

def test_socket_mode_takes_events_and_answers_in_the_thread(api, seed_bot):
    _, recording = seed_bot
    settings = slack_settings(api)
    check(settings, http=False)
    bot = SlackBot(recording, settings)
    handler = socket_mode_handler(bot.app, settings)
    link = SocketModeStandIn()
    try:
        assert handler.app is bot.app and handler.client.web_client.base_url == api.url
        with pytest.raises(SlackApiError):  # until Slack hands out a WebSocket address
            handler.connect()
        api.socket_url = link.url
        handler.connect()
        assert {c.token for c in api.calls_to("apps.connections.open")} == {APP_TOKEN}
        event = mention(api, "C-SOCKET", ARMS)
        envelope = link.send(event_body(event))
        api.wait(lambda: envelope in link.acks, timeout=10, what="the envelope's acknowledgement")
        [answer] = wait_answers(api, "C-SOCKET", event["ts"])
        assert ARMS_SOURCE in answer
    finally:
        api.socket_url = None
        handler.close()
        link.close()


def test_missing_settings_are_named_in_one_line(monkeypatch):
    from assistant.cli import app

    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(app, ["slack"])
    assert result.exit_code == 1
    assert "SLACK_BOT_TOKEN and SLACK_APP_TOKEN not set" in result.output
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    result = CliRunner().invoke(app, ["slack", "--http"])
    assert result.exit_code == 1 and "SLACK_SIGNING_SECRET not set" in result.output
    assert BOT_TOKEN not in result.output


def test_refused_token_and_unreachable_api_are_one_line_errors(api, seed_assistant):
    api.refuse["auth.test"] = "invalid_auth"
    try:
        with pytest.raises(SlackSetupError, match="refused SLACK_BOT_TOKEN: invalid_auth") as refused:
            SlackBot(seed_assistant, slack_settings(api))
    finally:
        del api.refuse["auth.test"]
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{closed.getsockname()[1]}/api/"
    with pytest.raises(SlackSetupError, match="cannot reach the Slack Web API") as unreachable:
        SlackBot(seed_assistant, slack_settings(api, slack_api_url=nowhere))
    assert BOT_TOKEN not in str(refused.value) + str(unreachable.value)


def test_cli_serves_slack_events_over_http(api, seeds_copy, seed_assistant):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": api.url, "TREATY_SOURCES": str(seeds_copy),
           "TREATY_INDEX": str(seed_assistant.settings.index)}
    env.pop("SLACK_APP_TOKEN", None)
    bot = subprocess.Popen([sys.executable, "-m", "assistant.cli", "slack", "--http", "--port", str(port)],
                           cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        def listening():
            assert bot.poll() is None, bot.stderr.read()
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", port)) == 0
        api.wait(listening, timeout=90, what="the CLI's HTTP server")
        event = mention(api, "C-CLI", ARMS)
        assert post(f"http://127.0.0.1:{port}{EVENTS_PATH}", event) == 200
        [answer] = wait_answers(api, "C-CLI", event["ts"])
        assert ARMS_SOURCE in answer
    finally:
        bot.terminate()
        _, log = bot.communicate(timeout=30)
    assert "taking Slack events at http://127.0.0.1" in log and "question from UC-CLI in C-CLI" in log
    for value in (BOT_TOKEN, SIGNING_SECRET):
        assert value not in log


# ---- formatting ----------------------------------------------------------------------------------

def test_markdown_becomes_mrkdwn_with_quoted_text_escaped():
    assert mrkdwn("**A** & <b> [site](https://x.org/a?b=1&c=2) *it* [1]") == \
        "*A* &amp; &lt;b&gt; <https://x.org/a?b=1&amp;c=2|site> _it_ [1]"
    assert mrkdwn("# Heading\n- one\n* two") == "*Heading*\n• one\n• two"


def test_answer_renders_with_sources_section():
    answer = Answer(question="q", text="**T, 2025-01-18**: No arms <yet> [1]", found=True,
                    mode="extractive", note="A fallback happened.",
                    citations=[Citation(1, f"seeds/{ARMS_SOURCE}", "T", 'He said "no" & <left>', 5, 30,
                                        date="2025-01-18")])
    [only] = render(answer)
    texts = [b["text"]["text"] for b in only["blocks"]]
    assert texts == ["*T, 2025-01-18*: No arms &lt;yet&gt; [1]", "_A fallback happened._",
                     f'*Sources*\n[1] T, 2025-01-18 · {ARMS_SOURCE} — "He said "no" &amp; &lt;left&gt;"']
    assert only["text"] == texts[0]


def test_long_answers_are_split_to_slack_limits():
    paragraphs = [f"Paragraph {i}: " + "word " * 400 for i in range(30)]
    citations = [Citation(n, f"seeds/{n:03}.txt", None, "quote " * 60, 0, 1) for n in range(1, 200)]
    answer = Answer(question="q", text="\n\n".join(paragraphs) + "\n" + "x" * 7000, found=True,
                    mode="openai", citations=citations)
    messages = render(answer)
    assert len(messages) > 1
    blocks = [b for m in messages for b in m["blocks"]]
    assert all(len(m["blocks"]) <= MESSAGE_BLOCKS and len(m["text"]) <= TEXT_CHARS for m in messages)
    assert all(0 < len(b["text"]["text"]) <= SECTION_CHARS for b in blocks)
    shown = "\n".join(b["text"]["text"] for b in blocks)
    assert all(f"Paragraph {i}:" in shown for i in range(30)) and shown.count("x") >= 7000
    assert all(f"[{n}] {n:03}.txt —" in shown for n in range(1, 200))


def test_quoted_markdown_and_mrkdwn_show_as_written():
    # The answer's Markdown escapes what a source wrote (assistant/markup.py): our own
    # Markdown becomes mrkdwn; the source's characters stay what they were: & < > as
    # entities, * _ ~ ` as they are inside a word and elsewhere flanked by zero-width spaces
    # (Slack has no escape for them).
    z = "\u200b"
    assert mrkdwn("**A\\_B**: by 2030 \\[7\\]. \\*HS-27\\* \\_x\\_ \\~y\\~ \\`z\\` \\<5% \\& 4\\*2 [1]") == (
        f"*A_B*: by 2030 [7]. {z}*{z}HS-27{z}*{z} {z}_{z}x{z}_{z} {z}~{z}y{z}~{z} {z}`{z}z{z}`{z} "
        "&lt;5% &amp; 4*2 [1]")


def test_citation_shows_a_table_rows_header_and_a_reattributed_claim():
    cited = Citation(2, "seeds/trade.pdf", "Trade *figures*", "Iran | 2024 | 4.8", 0, 17, publisher="IRNA",
                     page=3, url="https://irna.example/a?b=1&c=2", header="Country | Year | $bn",
                     reattributed=True)
    answer = Answer(question="q", text="Trade grew [2].", found=True, mode="openai", citations=[cited])
    [only] = render(answer)
    sources = only["blocks"][-1]["text"]["text"]
    assert sources == ('*Sources*\n[2] <https://irna.example/a?b=1&amp;c=2|IRNA> · trade.pdf, page 3 '
                       '_(re-attributed)_ — _Country | Year | $bn_\n"Iran | 2024 | 4.8"')


def test_slack_text_is_read_back_as_typed():
    text = "<@UBOT> what about <https://x.org|this> &amp; <@U2|ann> in <#C1|general>?"
    assert plain(text, "UBOT") == "what about this & @ann in #general?"
