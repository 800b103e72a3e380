"""The page: Gradio components wired to handlers over one Assistant, and the API (`/ask`,
`/source`). What is answered, and which files may be shown, is decided by Assistant; how
it looks, by rendering.py and static/; who may come in, by guard.py."""
from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import gradio as gr  # telemetry is off: assistant/__init__.py sets GRADIO_ANALYTICS_ENABLED
from starlette.middleware import Middleware

from ..core import Assistant, SourceNotIndexed, clean_question
from ..errors import UserError
from ..schema import Answer
from .guard import Guard, parse_auth
from .rendering import (
    EVIDENCE_EMPTY,
    VIEWER_EMPTY,
    Turn,
    chat_messages,
    evidence_html,
    history_of,
    index_banner,
    notice_html,
    source_html,
    status_html,
)
from .warmup import Warmup

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
EXAMPLES = [
    "Does the pact include arms transfers?",
    "Does the treaty include a mutual defence clause?",
    "What is planned for a gas pipeline?",
    "How long does the partnership last?",
]
ASK_LIMIT_ID = "answer"  # the chat and the API share one concurrency limit


def script(name: str) -> str:
    """A component's js_on_load, from static/ (Gradio takes it as text)."""
    return (STATIC / name).read_text(encoding="utf-8")


def viewer_for(assistant: Assistant, answer: Answer, n: int) -> str:
    citation = next((c for c in answer.citations if c.n == n), None)
    if citation is None:
        return VIEWER_EMPTY
    try:
        text = assistant.source_text(citation.source, citation.page)
    except SourceNotIndexed as exc:
        return notice_html(str(exc))
    others = [c for c in answer.citations
              if (c.source, c.page) == (citation.source, citation.page) and c is not citation]
    return source_html(text, citation, others)


class Chat:
    """The page's event handlers (and the API's functions) over one Assistant."""

    def __init__(self, assistant: Assistant, warmup: Warmup):
        self.assistant, self.warmup = assistant, warmup
        self.settings = assistant.settings

    def respond(self, message: str, turns: list[Turn]) -> Iterator[tuple]:
        """One question: yields (textbox, chat, turns, evidence, viewer, status) as the
        answer is written, the last with its evidence and status line."""
        if not self.warmup.ready:
            yield message, gr.skip(), turns, gr.skip(), gr.skip(), notice_html(self.warmup.not_ready)
            return
        try:
            text = clean_question(message, self.settings.max_question_chars)
        except UserError as exc:
            gr.Warning(str(exc))
            yield message, gr.skip(), turns, gr.skip(), gr.skip(), notice_html(str(exc))
            return
        started = time.monotonic()
        yield "", chat_messages(turns, (text, "_Searching the sources…_")), turns, gr.skip(), gr.skip(), \
            '<div class="status-line">Searching the sources…</div>'
        try:
            stream = self.assistant.stream(text, history=history_of(turns))
            for _ in stream:
                yield gr.skip(), chat_messages(turns, (text, stream.written + " ▍")), turns, gr.skip(), \
                    gr.skip(), gr.skip()
            answer = stream.answer
        except UserError as exc:
            yield message, chat_messages(turns), turns, gr.skip(), gr.skip(), notice_html(str(exc))
            return
        except Exception:  # never a traceback on the page; it goes to the server log
            log.exception("answering %r failed", text)
            yield message, chat_messages(turns), turns, gr.skip(), gr.skip(), notice_html(
                "Something went wrong while answering; the error has been logged. Please try again.", "error")
            return
        turns = [*turns, Turn(text, answer, time.monotonic() - started)]
        yield "", chat_messages(turns), turns, evidence_html(turns, len(turns) - 1), \
            VIEWER_EMPTY if answer.citations else "", status_html(turns[-1], self.settings)

    def open_citation(self, turns: list[Turn], evt: gr.EventData) -> tuple:
        """A citation selected (card or [n] link): the evidence with it marked, and its source."""
        try:
            turn, n = int(evt.turn), int(evt.n)
            answer = turns[turn].answer
        except (AttributeError, KeyError, TypeError, ValueError, IndexError):
            return gr.skip(), gr.skip()
        return evidence_html(turns, turn, n), viewer_for(self.assistant, answer, n)

    @staticmethod
    def select_turn(turns: list[Turn], evt: gr.SelectData) -> tuple:
        """An earlier message clicked: the evidence of that answer."""
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        if not isinstance(index, int) or not 0 <= index // 2 < len(turns):
            return gr.skip(), gr.skip()
        return evidence_html(turns, index // 2), VIEWER_EMPTY

    @staticmethod
    def pick_example(evt: gr.SelectData) -> str:
        return evt.value["text"]

    @staticmethod
    def start_over() -> tuple:
        return [], [], EVIDENCE_EMPTY, VIEWER_EMPTY, ""

    def poll(self) -> tuple:
        """The index banner; questions are taken once the index is ready."""
        settled = self.warmup.ready or self.warmup.state == "failed"
        return (index_banner(self.warmup, self.settings), gr.update(interactive=self.warmup.ready),
                gr.Timer(active=not settled))

    def wait_for_index(self) -> None:
        """An API call made while the index is being built waits for it (a script that
        starts the server and asks at once just works), at most TREATY_WEB_INDEX_WAIT
        seconds; then it fails with how far the build is."""
        if not self.warmup.wait(self.settings.web_index_wait):
            raise gr.Error(self.warmup.not_ready)

    def ask(self, question: str, history: list[dict] | None = None) -> dict:
        """Answer a question from the indexed sources. Returns the Answer: `text` (Markdown
        with [n] markers), `citations` (n, source, title, quote, start, end, publisher,
        date, page, url), `found`, `mode`, `note`, `disagreement`. `history` is optional:
        the conversation so far as OpenAI-style messages ({"role", "content"})."""
        self.wait_for_index()
        try:
            return self.assistant.ask(question, history=history or None).to_dict()
        except UserError as exc:
            raise gr.Error(str(exc)) from None

    def source(self, path: str, page: int | None = None) -> str:
        """The text a citation's `start`/`end` index, for its `source` (and `page`, for a
        PDF). Only files of the index are served."""
        self.wait_for_index()
        try:
            return self.assistant.source_text(path, page)
        except UserError as exc:
            raise gr.Error(str(exc)) from None


def build(assistant: Assistant, warmup: Warmup) -> gr.Blocks:
    chat, settings = Chat(assistant, warmup), assistant.settings
    with gr.Blocks(title="Treaty Assistant", analytics_enabled=False, fill_width=True) as demo:
        turns = gr.State([])
        with gr.Row(elem_id="head"):
            gr.HTML(scale=3, value="<div><h1>Treaty Assistant</h1><p>Short, cited answers from news articles "
                    "about the Russia–Iran Comprehensive Strategic Partnership Treaty (signed 17 January "
                    "2025). Select a citation to read the passage in its source.</p></div>")
            banner = gr.HTML(index_banner(warmup, settings), elem_id="index-status", scale=2)
        with gr.Row(equal_height=False):
            with gr.Column(scale=5):
                chatbot = gr.Chatbot(
                    elem_id="chat", height="66vh", min_height=420, show_label=False, feedback_options=None,
                    buttons=["copy"], latex_delimiters=[],  # a "$$" in a quote is text, not LaTeX
                    placeholder="**Ask about the treaty.** Every answer cites the passages "
                    "it rests on.", examples=[{"text": q} for q in EXAMPLES])
                question = gr.Textbox(
                    elem_id="question", show_label=False, lines=1, max_lines=6, submit_btn="Ask",
                    placeholder=f"Ask a question about the treaty (up to {settings.max_question_chars} "
                    "characters)…", interactive=warmup.ready, autofocus=True)
                with gr.Row():
                    status = gr.HTML("", elem_id="status")
                    new_chat = gr.Button("New conversation", size="sm", variant="secondary", scale=0,
                                         min_width=160)
            with gr.Column(scale=4, elem_id="side"):
                evidence = gr.HTML(EVIDENCE_EMPTY, elem_id="evidence", js_on_load=script("evidence.js"))
                viewer = gr.HTML(VIEWER_EMPTY, elem_id="viewer", js_on_load=script("viewer.js"))

        quiet = {"api_visibility": "private", "show_progress": "hidden"}
        limited = {"concurrency_id": ASK_LIMIT_ID, "concurrency_limit": settings.web_concurrency}
        answer_io = ([question, turns], [question, chatbot, turns, evidence, viewer, status])
        question.submit(chat.respond, *answer_io, **quiet, **limited)
        chatbot.example_select(chat.pick_example, None, question, queue=False, **quiet).then(
            chat.respond, *answer_io, **quiet, **limited)
        evidence.click(chat.open_citation, [turns], [evidence, viewer], **quiet)
        chatbot.select(chat.select_turn, [turns], [evidence, viewer], **quiet)
        for clear in (new_chat.click, chatbot.clear):
            clear(chat.start_over, None, [chatbot, turns, evidence, viewer, status], queue=False, **quiet)
        timer = gr.Timer(0.5, active=not warmup.ready)
        for event in (timer.tick, demo.load):
            event(chat.poll, None, [banner, question, timer], queue=False, **quiet)
        gr.api(chat.ask, api_name="ask", **limited)
        gr.api(chat.source, api_name="source")
    demo.queue(default_concurrency_limit=settings.web_concurrency)
    return demo


def theme() -> gr.themes.Base:
    # Local font stacks only: the page must not fetch fonts from the internet.
    return gr.themes.Soft(primary_hue="indigo", neutral_hue="slate",
                          font=["Inter", "Segoe UI", "Helvetica Neue", "Arial", "sans-serif"],
                          font_mono=["JetBrains Mono", "DejaVu Sans Mono", "Menlo", "monospace"])


def launch(assistant: Assistant, warmup: Warmup, **options) -> gr.Blocks:
    """Start the page for `assistant` at the settings' host and port (options override,
    e.g. server_port); returns the running Blocks (close it with `.close()`)."""
    settings = assistant.settings
    auth = parse_auth(settings.web_auth.get_secret_value() if settings.web_auth else None)
    demo = build(assistant, warmup)
    demo.launch(**{"server_name": settings.web_host, "server_port": settings.web_port, "auth": auth,
                   "auth_message": "Treaty Assistant: please sign in.", "show_error": False,
                   "quiet": True, "ssr_mode": False, "footer_links": ["api"], "theme": theme(),
                   "css_paths": [STATIC / "page.css"],
                   "prevent_thread_lock": True, "app_kwargs": {"middleware": [Middleware(Guard)]}, **options})
    return demo
