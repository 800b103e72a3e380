"""The web chat without a browser: rendering, guard rails, the chat handler, and the Gradio
API through gradio_client against a live in-process server."""
from __future__ import annotations

import re
import threading
import time
from types import SimpleNamespace

import pytest
from pydantic import SecretStr
from web_support import ARMS, ARMS_SOURCE, OUT_OF_SCOPE, ROOT, served

from assistant import Answer, AnswerStream, Citation, Settings
from assistant.core import SourceNotIndexed
from assistant.web import Warmup
from assistant.web.guard import WebConfigError, parse_auth
from assistant.web.page import Chat
from assistant.web.rendering import Turn, chat_text, evidence_html, source_html

QUOTE = "There was also no mention of arms transfers."


def citation(n=1, source=f"seeds/{ARMS_SOURCE}", quote=QUOTE, start=10, end=None, **extra) -> Citation:
    return Citation(n=n, source=source, title="Russia and Iran <Forge> a Pact", quote=quote, start=start,
                    end=start + len(quote) if end is None else end, **extra)


def answer(**fields) -> Answer:
    base = {"question": ARMS, "text": f"{QUOTE} [1]", "found": True, "mode": "extractive",
            "citations": [citation(publisher="Express", date="2025-01-18")]}
    return Answer(**{**base, **fields})


# ── rendering ─────────────────────────────────────────────────────────────────────────


def test_markers_become_links_to_their_citations():
    text = chat_text(answer(text="Yes [1]. Also [2] and [1](#x)."), turn=3)
    assert "[[1]](#cite-3-1)" in text
    assert "[2]" in text and "#cite-3-2" not in text  # no citation 2: left alone
    assert "[1](#x)" in text


def test_evidence_panel_shows_each_citation_escaped_and_flags_disagreement():
    turns = [Turn(ARMS, answer(disagreement=True, note="The sources disagree; each side is cited."))]
    html = evidence_html(turns, 0, active=1)
    assert ARMS_SOURCE in html and "Express · 2025-01-18" in html and QUOTE in html
    assert "&lt;Forge&gt;" in html and "<Forge>" not in html
    assert 'class="ev-card active"' in html and 'data-n="1"' in html
    assert "The sources disagree" in html
    assert "Not covered" not in html


def test_evidence_panel_says_when_the_sources_do_not_cover_a_question():
    turns = [Turn(OUT_OF_SCOPE, answer(question=OUT_OF_SCOPE, text="The sources do not answer this question.",
                                       citations=[], found=False))]
    assert "No passage in the indexed sources answers this question" in evidence_html(turns, 0)


def test_source_viewer_highlights_the_quote_and_escapes_the_file():
    text = f"<script>alert(1)</script>\n\n{QUOTE}\n\nMore text & more."
    cited = citation(start=text.index(QUOTE))
    html = source_html(text, cited, [])
    assert f'<mark class="quote active" data-n="1"><sup>1</sup>{QUOTE}</mark>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; more" in html


def test_source_viewer_finds_a_quote_that_moved_and_says_when_it_is_gone():
    text = f"A new first paragraph.\n\n{QUOTE}"
    moved = source_html(text, citation(start=0), [])  # offsets from before the file changed
    assert f"<sup>1</sup>{QUOTE}</mark>" in moved
    gone = source_html("Nothing of the kind.", citation(start=0), [])
    assert "<mark" not in gone and "no longer in it" in gone


def test_web_auth_is_user_colon_password():
    assert parse_auth(None) is None
    assert parse_auth("reader:s3cret:with-colon") == ("reader", "s3cret:with-colon")
    with pytest.raises(WebConfigError):
        parse_auth("no-colon")


# ── the chat handler, over stand-in answerers ─────────────────────────────────────────


class StreamingStub:
    """An Assistant stand-in: streams text, then gives the Answer (as openai mode does)."""

    def __init__(self, settings: Settings, final: Answer, deltas=("Yes, ", "it does [1].")):
        self.settings, self.final, self.deltas = settings, final, deltas
        self.histories = []

    def stream(self, question, history=None):
        self.histories.append(history)
        return AnswerStream(iter([*self.deltas, self.final]))

    def source_text(self, source, page=None):
        raise SourceNotIndexed(source)


def ready_chat(stub) -> Chat:
    warmup = Warmup(stub)
    warmup.state = "ready"
    return Chat(stub, warmup)


def test_chat_streams_then_shows_answer_evidence_and_which_model_answered():
    settings = Settings(answerer="openai", llm_model="gpt-test-mini")
    stub = StreamingStub(settings, answer(text="Yes, it does [1].", mode="openai",
                                          usage={"total_tokens": 1234}))
    steps = list(ready_chat(stub).respond(ARMS, []))
    chats = [step[1] for step in steps if isinstance(step[1], list)]
    assert any(m["content"] == "Yes,  ▍" for chat in chats for m in chat)  # text as it is written
    box, chat, turns, evidence, _, status = steps[-1]
    assert box == "" and len(turns) == 1 and chat[-1]["content"] == "Yes, it does [[1]](#cite-0-1)."
    assert ARMS_SOURCE in evidence
    assert "gpt-test-mini" in status and "1,234 tokens" in status and "fell back" not in status


def test_chat_passes_the_conversation_and_says_when_the_model_fell_back():
    settings = Settings(answerer="openai", llm_model="gpt-test-mini")
    fallback = answer(note="the model did not answer in time; the answer is quoted from the sources")
    stub = StreamingStub(settings, fallback, deltas=())
    chat = ready_chat(stub)
    *_, (_, _, turns, _, _, _) = chat.respond("What is planned for a gas pipeline?", [])
    *_, (_, messages, turns, _, _, status) = chat.respond("Which country would it pass through?", turns)
    assert stub.histories[-1] == [{"role": "user", "content": "What is planned for a gas pipeline?"},
                                  {"role": "assistant", "content": fallback.text}]
    assert "fell back to the offline extractive answerer" in status and "did not answer in time" in status
    assert "did not answer in time" in messages[-1]["content"]  # in the chat too


def test_chat_refuses_overlong_questions_with_a_clear_message():
    stub = StreamingStub(Settings(max_question_chars=50), answer())
    (box, _, turns, _, _, status), = list(ready_chat(stub).respond("x" * 51, []))
    assert box == "x" * 51 and turns == [] and not stub.histories  # kept for editing, never asked
    assert "limited to 50 characters" in status


def test_chat_shows_no_traceback_when_answering_fails():
    class Broken(StreamingStub):
        def stream(self, question, history=None):
            raise RuntimeError("internal detail /secret/path")
            yield

    *_, (box, chat, turns, _, _, status) = ready_chat(Broken(Settings(), answer())).respond(ARMS, [])
    assert box == ARMS and turns == [] and chat == []
    assert "Something went wrong" in status
    assert "secret" not in status and "Traceback" not in status


def test_chat_waits_for_the_index():
    stub = StreamingStub(Settings(), answer())
    chat = Chat(stub, Warmup(stub))  # never started: still checking
    (*_, status), = list(chat.respond(ARMS, []))
    assert "still being prepared" in status and not stub.histories

    def refresh(progress=None):
        raise OSError("disk full")

    stub.refresh = refresh
    assert not chat.warmup.start().wait(10)
    (*_, status), = list(chat.respond(ARMS, []))
    assert "The index could not be built: disk full" in status and not stub.histories


def test_opening_a_citation_reads_only_what_the_answer_cites(seed_assistant):
    found = seed_assistant.ask(ARMS)
    chat = Chat(seed_assistant, Warmup(seed_assistant))
    turns = [Turn(ARMS, found)]
    n = next(c.n for c in found.citations if c.source.endswith(ARMS_SOURCE))
    evidence, viewer = chat.open_citation(turns, SimpleNamespace(turn=0, n=n))
    assert 'class="ev-card active"' in evidence
    quote = next(c.quote for c in found.citations if c.n == n)
    assert re.search(rf'<mark class="quote active" data-n="{n}"><sup>{n}</sup>{re.escape(quote)}</mark>',
                     viewer.replace("&quot;", '"'))
    # A forged event naming no citation of the conversation changes nothing.
    assert not any(isinstance(x, str) for x in chat.open_citation(turns, SimpleNamespace(turn=5, n=1)))


def test_source_viewer_serves_only_indexed_files(seed_assistant):
    source = next(c.source for c in seed_assistant.ask(ARMS).citations)
    assert seed_assistant.source_text(source)
    folder = seed_assistant.settings.sources
    for path in ["/etc/passwd", "pyproject.toml", f"{folder}/../{folder.name}/{ARMS_SOURCE}",
                 f"{source}/..", str(folder), f"{source}#7"]:
        with pytest.raises(SourceNotIndexed):
            seed_assistant.source_text(path)


# ── the API, through gradio_client ────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def web_url(seed_assistant):
    with served(seed_assistant) as url:
        yield url


@pytest.fixture(scope="module")
def client(web_url):
    from gradio_client import Client

    return Client(web_url, verbose=False)


def test_api_asks_with_structured_citations(client, seed_assistant):
    result = client.predict(ARMS, api_name="/ask")
    assert result["found"] is True and result["mode"] == "extractive"
    cited = [c for c in result["citations"] if c["source"].endswith(ARMS_SOURCE)]
    assert cited, result
    for c in result["citations"]:
        assert f"[{c['n']}]" in result["text"]
        assert set(c) >= {"n", "source", "title", "quote", "start", "end", "publisher", "date"}
        text = client.predict(c["source"], api_name="/source")  # the quote is where it says
        assert text[c["start"]:c["end"]] == c["quote"]
    assert "arms transfers" in cited[0]["quote"]


def test_readme_client_example_runs(web_url, capsys):
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Web chat"):]
    example = re.search(r"```python\n(from gradio_client.*?)```", section, re.DOTALL)[1]
    assert len(example.strip().splitlines()) == 3
    exec(example.replace("http://127.0.0.1:7860/", web_url), {})  # noqa: S102 (our own README)
    assert ARMS_SOURCE in capsys.readouterr().out


def test_api_follow_up_uses_history(client):
    first = client.predict(ARMS, api_name="/ask")
    history = [{"role": "user", "content": ARMS}, {"role": "assistant", "content": first["text"]}]
    follow_up = client.predict("What did they say they would develop instead?", history, api_name="/ask")
    assert follow_up["found"] and "military-technical" in follow_up["text"]


def test_api_says_when_sources_do_not_cover_a_question(client):
    result = client.predict(OUT_OF_SCOPE, api_name="/ask")
    assert result["found"] is False and result["citations"] == []


def test_api_errors_are_one_clear_line(client, seed_assistant, monkeypatch):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="limited to 2000 characters"):
        client.predict("x" * 2001, api_name="/ask")
    with pytest.raises(AppError, match="not a source of this index"):
        client.predict("../pyproject.toml", api_name="/source")

    def broken(*args, **kwargs):
        raise RuntimeError("internal detail /secret/path")

    monkeypatch.setattr(seed_assistant, "ask", broken)
    with pytest.raises(AppError) as caught:
        client.predict(ARMS, api_name="/ask")
    assert "secret" not in str(caught.value) and "Traceback" not in str(caught.value)


def test_answering_shares_one_concurrency_limit(seed_assistant):
    from assistant.web.page import ASK_LIMIT_ID, build

    demo = build(seed_assistant, Warmup(seed_assistant))
    answering = [fn for fn in demo.fns.values() if fn.concurrency_id == ASK_LIMIT_ID]
    assert {fn.name for fn in answering} >= {"respond", "ask"}
    assert {fn.concurrency_limit for fn in answering} == {seed_assistant.settings.web_concurrency}


def test_basic_auth_when_configured(seed_assistant, monkeypatch):
    from gradio_client import Client
    from gradio_client.exceptions import AuthenticationError

    settings = seed_assistant.settings.model_copy(update={"web_auth": SecretStr("reader:s3cret")})
    monkeypatch.setattr(seed_assistant, "settings", settings)
    with served(seed_assistant) as url:
        with pytest.raises(AuthenticationError):
            Client(url, verbose=False)
        with pytest.raises(ValueError, match="[Ll]ogin"):
            Client(url, auth=("reader", "wrong"), verbose=False)
        authed = Client(url, auth=("reader", "s3cret"), verbose=False)
        assert authed.predict(ARMS, api_name="/ask")["found"]


def test_serve_refuses_bad_settings_in_one_line(seeds_copy, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from assistant.cli import app

    def serve(*args):
        result = CliRunner().invoke(app, ["serve", "--index", str(tmp_path / "index"), "-q", *args])
        return result.exit_code, result.output.strip()

    code, output = serve("--sources", str(tmp_path / "missing"))
    assert code == 1 and output.startswith("error: sources folder not found") and "\n" not in output
    monkeypatch.setenv("TREATY_WEB_AUTH", "no-colon")
    assert serve("--sources", str(seeds_copy)) == (1, "error: TREATY_WEB_AUTH must be user:password")


# ── issue 13: what the sources say, exactly; the API from the first second ────────────


def test_a_sources_own_brackets_are_not_linked_as_markers():
    # As compose writes it: the quote's own "[7]" escaped, the answer's marker not.
    text = "**Caspian Freight Weekly, 2025-01-20**: …by 2030 \\[7\\]. [1] Goods under \\*HS-27\\* \\[1\\]."
    chat = chat_text(answer(text=text), turn=0)
    assert chat.count("](#cite-0-") == 1 and "[[1]](#cite-0-1)" in chat
    for escaped in ("\\[7\\]", "\\*HS-27\\*", "\\[1\\]"):  # left for Markdown to show as written
        assert escaped in chat


def test_evidence_card_shows_a_table_rows_header_and_a_reattributed_claim():
    cited = citation(header="Country | Volume | Year", reattributed=True)
    html = evidence_html([Turn(ARMS, answer(citations=[cited]))], 0)
    head, quote = html.index('class="ev-table-head">Country | Volume | Year<'), html.index('class="ev-quote"')
    assert head < quote and "re-attributed" in html
    assert "ev-table-head" not in evidence_html([Turn(ARMS, answer())], 0) and "re-attributed" not in \
        evidence_html([Turn(ARMS, answer())], 0)


class GatedAssistant:
    """The seed Assistant whose index build waits for `gate`, reporting `progress` first:
    the page comes up while the index is still being built, for as long as a test needs."""

    def __init__(self, assistant, progress=(3, 10)):
        self.assistant, self.progress, self.gate = assistant, progress, threading.Event()
        self.settings = assistant.settings

    def refresh(self, progress=None):
        progress(*self.progress)
        assert self.gate.wait(60), "the test never let the index build finish"
        return self.assistant.refresh()

    def __getattr__(self, name):
        return getattr(self.assistant, name)


def test_api_asked_while_the_index_builds_waits_then_answers(seed_assistant):
    from gradio_client import Client

    gated = GatedAssistant(seed_assistant)
    with served(gated, ready=False) as url:
        job = Client(url, verbose=False).submit(ARMS, api_name="/ask")
        time.sleep(2)
        assert not job.done()  # waiting for the index, not refused
        gated.gate.set()
        result = job.result(timeout=60)
    assert result["found"] and any(c["source"].endswith(ARMS_SOURCE) for c in result["citations"])


def test_api_past_the_wait_says_the_index_is_still_building_and_how_far(seed_assistant, monkeypatch):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    gated = GatedAssistant(seed_assistant)
    gated.settings = seed_assistant.settings.model_copy(update={"web_index_wait": 0.5})
    try:
        with served(gated, ready=False) as url:
            with pytest.raises(AppError, match=r"still being prepared \(3 of 10 passages embedded\)"):
                Client(url, verbose=False).predict(ARMS, api_name="/ask")
    finally:
        gated.gate.set()
