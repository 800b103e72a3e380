"""The web chat: a Gradio page over Assistant, and the same `ask` as an API.

    treaty-assistant serve      # http://127.0.0.1:7860 (TREATY_WEB_HOST, TREATY_WEB_PORT)

The chat is on the left; on the right, the evidence for the selected answer (for each
citation: file, title, publisher, date, quote) and, when a citation is selected, its full
source text with the quoted passage highlighted. The page comes up at once: the index is
built or checked in the background and its progress shown until questions can be taken.

Everything here is rendering and wiring; what is answered, and which files may be shown,
is decided by Assistant.
"""
from __future__ import annotations

import html
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import gradio as gr  # telemetry is off: assistant/__init__.py sets GRADIO_ANALYTICS_ENABLED
from starlette.middleware import Middleware

from .core import Assistant, QuestionError, SourceNotIndexed, clean_question
from .indexing import Progress
from .limits import RateLimit
from .schema import Answer, Citation
from .settings import Settings

log = logging.getLogger(__name__)

EXAMPLES = [
    "Does the pact include arms transfers?",
    "Does the treaty include a mutual defence clause?",
    "What is planned for a gas pipeline?",
    "How long does the partnership last?",
]
MARKER = re.compile(r"\[(\d+)\](?!\()")
ASK_LIMIT_ID = "answer"  # the chat and the API share one concurrency limit


class WebConfigError(ValueError):
    """A web setting a user got wrong (e.g. TREATY_WEB_AUTH without a colon)."""


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """TREATY_WEB_AUTH ("user:password") as Gradio's (user, password); None when unset."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not (sep and user and password):
        raise WebConfigError("TREATY_WEB_AUTH must be user:password")
    return user, password


# ── the index, built in the background ────────────────────────────────────────────────


class Warmup:
    """Brings the index up to date in a background thread, so that the page can show
    progress instead of a blank screen; questions are taken once it is ready."""

    def __init__(self, assistant: Assistant, progress: Progress | None = None):
        self.assistant = assistant
        self.state = "checking"  # embedding → loading → ready, or failed
        self.done = self.total = 0
        self.sources = 0
        self.error: str | None = None
        self._also = progress
        self._thread = threading.Thread(target=self._run, name="index-warmup", daemon=True)

    def start(self) -> Warmup:
        self._thread.start()
        return self

    def wait(self, timeout: float | None = None) -> bool:
        self._thread.join(timeout)
        return self.ready

    @property
    def ready(self) -> bool:
        return self.state == "ready"

    @property
    def not_ready(self) -> str:
        """Why questions cannot be taken yet, for the user."""
        if self.state == "failed":
            return f"The index could not be built: {self.error}. See the server log."
        return "The search index is still being prepared; please ask again in a moment."

    def _progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        self.state = "loading" if done >= total else "embedding"
        if self._also:
            self._also(done, total)

    def _run(self) -> None:
        try:
            self.assistant.refresh(progress=self._progress)
            self.sources = len(self.assistant.indexed_sources())
            self.state = "ready"
        except Exception as exc:  # shown on the page in one line; the traceback goes to the log
            log.exception("the index could not be built")
            self.error, self.state = str(exc) or type(exc).__name__, "failed"


# ── rendering ─────────────────────────────────────────────────────────────────────────


@dataclass
class Turn:
    question: str
    answer: Answer
    seconds: float = 0.0


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def file_name(source: str) -> str:
    return source.rsplit("/", 1)[-1]


def chat_text(answer: Answer, turn: int) -> str:
    """The answer's Markdown for the chat: each [n] a link that opens its citation."""
    known = {c.n for c in answer.citations}
    text = MARKER.sub(lambda m: f"[[{m[1]}]](#cite-{turn}-{m[1]})" if int(m[1]) in known else m[0],
                      answer.text)
    if answer.note and not (answer.disagreement and answer.note.startswith("The sources disagree")):
        text += f"\n\n> ⚠️ {answer.note}"  # a fallback, say; a disagreement has its banner
    return text


def chat_messages(turns: list[Turn], pending: tuple[str, str] | None = None) -> list[dict]:
    messages = []
    for i, turn in enumerate(turns):
        messages += [{"role": "user", "content": turn.question},
                     {"role": "assistant", "content": chat_text(turn.answer, i)}]
    if pending:
        messages += [{"role": "user", "content": pending[0]}, {"role": "assistant", "content": pending[1]}]
    return messages


def history_of(turns: list[Turn]) -> list[dict[str, str]]:
    """The conversation as Assistant takes it: OpenAI-style messages, answers as written."""
    return [m for t in turns for m in ({"role": "user", "content": t.question},
                                       {"role": "assistant", "content": t.answer.text})]


def answerer_label(answer: Answer, settings: Settings) -> str:
    return settings.llm_model if answer.mode == "openai" else "the offline extractive answerer"


def fell_back(answer: Answer, settings: Settings) -> bool:
    return settings.use_openai_answerer and answer.mode != "openai"


def status_html(turn: Turn, settings: Settings) -> str:
    answer = turn.answer
    parts = [f"Answered by <b>{esc(answerer_label(answer, settings))}</b>"]
    if answer.found:
        sources = len({c.source for c in answer.citations})
        parts.append(f"{len(answer.citations)} citation{'s' * (len(answer.citations) != 1)} "
                     f"from {sources} source{'s' * (sources != 1)}")
    else:
        parts.append("the sources do not answer this")
    parts.append(f"{turn.seconds:.1f} s")
    if answer.usage.get("total_tokens"):
        parts.append(f"{answer.usage['total_tokens']:,} tokens")
    line = f'<div class="status-line">{" · ".join(parts)}</div>'
    if fell_back(answer, settings):
        reason = f": {esc(answer.note)}" if answer.note else ""
        line += (f'<div class="status-line warn" role="alert">⚠️ The generated answer fell back to the '
                 f"offline extractive answerer{reason}</div>")
    return line


def notice_html(message: str, kind: str = "warn") -> str:
    return f'<div class="status-line {kind}" role="alert">{esc(message)}</div>'


def meta_line(c: Citation) -> str:
    parts = [esc(x) for x in (c.publisher, c.date) if x]
    if c.page:
        parts.append(f"page {c.page}")
    if c.url:
        parts.append(f'<a href="{esc(c.url)}" target="_blank" rel="noopener noreferrer">original</a>')
    return " · ".join(parts)


EVIDENCE_EMPTY = ('<div class="ev-empty"><b>Evidence</b><p>Ask a question: the passages each answer '
                  "rests on appear here. Select one to read it highlighted in its source.</p></div>")
VIEWER_EMPTY = ('<div class="src-empty">Select a citation to open its source with the quoted passage '
                "highlighted.</div>")


def card_html(turn: int, c: Citation, active: bool) -> str:
    name, meta = esc(file_name(c.source)), meta_line(c)
    parts = [f'<div class="ev-top"><span class="ev-n">{c.n}</span><span class="ev-file">{name}</span></div>',
             f'<div class="ev-title">{esc(c.title)}</div>' if c.title else "",
             f'<div class="ev-meta">{meta}</div>' if meta else "",
             f'<div class="ev-quote">{esc(c.quote)}</div><div class="ev-open">Open in source →</div>']
    return (f'<li class="ev-card{" active" * active}" data-turn="{turn}" data-n="{c.n}" role="button" '
            f'tabindex="0" title="Open {name} at this passage">{"".join(parts)}</li>')


def evidence_html(turns: list[Turn], turn: int | None, active: int | None = None) -> str:
    """The evidence panel for one answer: a card per citation, a banner when sources disagree."""
    if turn is None or not 0 <= turn < len(turns):
        return EVIDENCE_EMPTY
    answer = turns[turn].answer
    question = f'<span class="ev-q">“{esc(answer.question)}”</span>'
    out = [f'<div class="ev" data-turn="{turn}"><div class="ev-head">Evidence for {question}</div>']
    if answer.disagreement:
        out.append('<div class="ev-banner disagree" role="note"><b>⚖️ The sources disagree.</b> '
                   "Each side is cited below; compare them before relying on either.</div>")
    if not answer.found:
        out.append('<div class="ev-banner none" role="note"><b>Not covered.</b> No passage in the '
                   "indexed sources answers this question.</div>")
    out.append('<ol class="ev-cards">')
    out += [card_html(turn, c, c.n == active) for c in answer.citations]
    out.append("</ol></div>")
    return "".join(out)


def locate(text: str, c: Citation) -> tuple[int, int] | None:
    """Where the citation's quote is in the file: at its offsets, or (if the file moved on
    since it was indexed) wherever the quote now is."""
    if text[c.start:c.end] == c.quote:
        return c.start, c.end
    found = text.find(c.quote)
    return (found, found + len(c.quote)) if found >= 0 else None


def source_html(text: str, citation: Citation, others: list[Citation]) -> str:
    """The whole source file, the selected citation's quote marked (and scrolled to), the
    answer's other quotes from the same file marked lightly."""
    marks = []
    for c in [citation, *others]:
        span = locate(text, c)
        if span and not any(s < span[1] and span[0] < e for s, e, _, _ in marks):
            marks.append((*span, c.n, c is citation))
    body, cursor = [], 0
    for start, end, n, active in sorted(marks):
        cls = "quote active" if active else "quote"
        body += [esc(text[cursor:start]),
                 f'<mark class="{cls}" data-n="{n}"><sup>{n}</sup>{esc(text[start:end])}</mark>']
        cursor = end
    body.append(esc(text[cursor:]))
    missing = "" if any(m[3] for m in marks) else (
        '<div class="ev-banner disagree">The file has changed since it was indexed: the quoted '
        "passage is no longer in it.</div>")
    meta = " · ".join(x for x in (esc(citation.source), meta_line(citation),
                                  f"passage [{citation.n}] at characters {citation.start}–{citation.end}") if x)
    return (f'<div class="src"><div class="src-head"><div class="src-title">'
            f'{esc(citation.title or file_name(citation.source))}</div><div class="src-meta">{meta}</div>'
            f'</div>{missing}<div class="src-body">{"".join(body)}</div></div>')


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


def index_banner(warmup: Warmup, settings: Settings) -> str:
    if warmup.state == "failed":
        return notice_html(warmup.not_ready, "error")
    if warmup.ready:
        answerer = settings.llm_model if settings.use_openai_answerer else "offline extractive answers"
        return (f'<div class="ix ready"><span class="dot"></span>{warmup.sources} sources indexed · '
                f"{esc(answerer)}</div>")
    if warmup.state == "embedding" and warmup.total:
        return (f'<div class="ix busy">Building the search index: {warmup.done} of {warmup.total} '
                f'passages embedded<progress value="{warmup.done}" max="{warmup.total}"></progress></div>')
    step = "Loading the search index" if warmup.state == "loading" else "Checking the sources"
    return f'<div class="ix busy">{step}…<progress></progress></div>'


# ── the page ──────────────────────────────────────────────────────────────────────────

CSS = """
.gradio-container { max-width: 1500px !important; }
#head { display: flex; align-items: baseline; justify-content: space-between; gap: 1rem; flex-wrap: wrap;
        padding: .2rem .2rem .6rem; border-bottom: 1px solid var(--border-color-primary); }
#head h1 { font-size: 1.45rem; margin: 0; }
#head p { margin: .15rem 0 0; color: var(--body-text-color-subdued); font-size: .92rem; }
.ix { font-size: .85rem; display: flex; align-items: center; justify-content: flex-end; gap: .5rem;
        white-space: nowrap; padding-top: .4rem; }
.ix .dot { width: .6rem; height: .6rem; border-radius: 50%; background: #1f9d55; display: inline-block; }
.ix progress { width: 10rem; accent-color: var(--color-accent); }
.status-line { font-size: .85rem; color: var(--body-text-color-subdued); padding: .1rem .3rem; }
.status-line.warn { color: #8a5300; background: #fff4e0; border-radius: 6px; padding: .35rem .6rem; }
.status-line.error { color: #9b1c1c; background: #fdecec; border-radius: 6px; padding: .35rem .6rem; }
#chat a[href^="#cite-"] { text-decoration: none; font-weight: 600; font-size: .8em; vertical-align: super;
        color: var(--color-accent); padding: 0 .1em; }
#chat a[href^="#cite-"]:hover { text-decoration: underline; }
#side { position: sticky; top: .5rem; align-self: flex-start; }
.ev { position: relative; max-height: 36vh; overflow-y: auto; padding-right: .2rem; }
.ev-head { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em;
        color: var(--body-text-color-subdued); margin-bottom: .4rem; }
.ev-q { text-transform: none; letter-spacing: 0; font-style: italic; color: var(--body-text-color); }
.ev-banner { border-radius: 8px; padding: .5rem .7rem; margin: .3rem 0 .5rem; font-size: .9rem; }
.ev-banner.disagree { background: #fff4e0; border-left: 4px solid #e08a00; color: #5c3900; }
.ev-banner.none { background: #eef2f7; border-left: 4px solid #7b8794; color: #323f4b; }
.ev-cards { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: .45rem; }
.ev-card { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: .55rem .7rem;
        cursor: pointer; background: var(--background-fill-primary); transition: border-color .15s; }
.ev-card:hover, .ev-card:focus { border-color: var(--color-accent); outline: none; }
.ev-card.active { border-color: var(--color-accent); box-shadow: 0 0 0 2px var(--color-accent-soft); }
.ev-top { display: flex; align-items: center; gap: .45rem; }
.ev-n { background: var(--color-accent); color: white; border-radius: 999px; min-width: 1.35rem;
        height: 1.35rem; font-size: .75rem; font-weight: 700; display: inline-flex; align-items: center;
        justify-content: center; }
.ev-file { font-family: var(--font-mono); font-size: .8rem; color: var(--body-text-color-subdued); }
.ev-title { font-weight: 600; margin-top: .25rem; line-height: 1.3; }
.ev-meta { font-size: .8rem; color: var(--body-text-color-subdued); }
.ev-quote { margin: .35rem 0 0; padding: .1rem 0 .1rem .6rem; border-left: 3px solid #f2c94c;
        font-size: .9rem; line-height: 1.4; }
.ev-open { font-size: .75rem; color: var(--color-accent); margin-top: .25rem; }
.ev-empty, .src-empty { color: var(--body-text-color-subdued); font-size: .9rem; padding: .8rem 1rem;
        border: 1px dashed var(--border-color-primary); border-radius: 10px; }
.ev-empty b { color: var(--body-text-color); }
.ev-empty p { margin: .3rem 0 0; }
.src { border: 1px solid var(--border-color-primary); border-radius: 10px; overflow: hidden; }
.src-head { padding: .5rem .75rem; background: var(--background-fill-secondary);
        border-bottom: 1px solid var(--border-color-primary); }
.src-title { font-weight: 600; }
.src-meta { font-size: .78rem; color: var(--body-text-color-subdued); font-family: var(--font-mono); }
.src-body { position: relative; white-space: pre-wrap; font-size: .88rem; line-height: 1.5;
        padding: .6rem .8rem; max-height: 38vh; overflow-y: auto; }
.src-body mark.quote { background: #fdf1c7; border-radius: 3px; padding: 0 .1em; }
.src-body mark.quote.active { background: #fcd34d; box-shadow: 0 0 0 2px #f59e0b; }
.src-body mark sup { font-weight: 700; color: #92400e; margin-right: .15em; }
"""

# Selecting a citation: a card in the evidence panel, or an [n] link in the chat. Both
# become one event of the evidence panel carrying (turn, n).
EVIDENCE_JS = """
const pick = (turn, n) => trigger('click', {turn: Number(turn), n: Number(n)});
element.addEventListener('click', (e) => {
  const card = e.target.closest('.ev-card');
  if (card) pick(card.dataset.turn, card.dataset.n);
});
element.addEventListener('keydown', (e) => {
  const card = e.target.closest('.ev-card');
  if (card && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); pick(card.dataset.turn, card.dataset.n); }
});
watch('value', () => {
  const card = element.querySelector('.ev-card.active'), list = element.querySelector('.ev');
  if (card && list) list.scrollTop = Math.max(0, card.offsetTop - list.clientHeight / 4);
});
if (!window.__treatyCiteLinks) {
  window.__treatyCiteLinks = true;
  document.addEventListener('click', (e) => {
    const link = e.target.closest && e.target.closest('a[href^="#cite-"]');
    if (!link) return;
    e.preventDefault(); e.stopPropagation();
    const [, turn, n] = link.getAttribute('href').split('-');
    pick(turn, n);
  }, true);
}
"""

# The source viewer scrolls its highlighted passage into view whenever it changes.
VIEWER_JS = """
watch('value', () => {
  const mark = element.querySelector('mark.active');
  const body = element.querySelector('.src-body');
  if (!mark || !body) return;
  body.scrollTop = Math.max(0, mark.offsetTop - body.clientHeight / 3);
  element.scrollIntoView({block: 'nearest', behavior: 'smooth'});
});
"""


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
        except QuestionError as exc:
            gr.Warning(str(exc))
            yield message, gr.skip(), turns, gr.skip(), gr.skip(), notice_html(str(exc))
            return
        started, written, answer = time.monotonic(), "", None
        yield "", chat_messages(turns, (text, "_Searching the sources…_")), turns, gr.skip(), gr.skip(), \
            '<div class="status-line">Searching the sources…</div>'
        try:
            for item in self.assistant.stream(text, history=history_of(turns)):
                if isinstance(item, str):
                    written += item
                    yield gr.skip(), chat_messages(turns, (text, written + " ▍")), turns, gr.skip(), \
                        gr.skip(), gr.skip()
                else:
                    answer = item
            if answer is None:
                raise RuntimeError("the answerer gave no answer")
        except QuestionError as exc:
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

    def ask(self, question: str, history: list[dict] | None = None) -> dict:
        """Answer a question from the indexed sources. Returns the Answer: `text` (Markdown
        with [n] markers), `citations` (n, source, title, quote, start, end, publisher,
        date, page, url), `found`, `mode`, `note`, `disagreement`. `history` is optional:
        the conversation so far as OpenAI-style messages ({"role", "content"})."""
        if not self.warmup.ready:
            raise gr.Error(self.warmup.not_ready)
        try:
            return self.assistant.ask(question, history=history or None).to_dict()
        except QuestionError as exc:
            raise gr.Error(str(exc)) from None

    def source(self, path: str, page: int | None = None) -> str:
        """The text a citation's `start`/`end` index, for its `source` (and `page`, for a
        PDF). Only files of the index are served."""
        try:
            return self.assistant.source_text(path, page)
        except SourceNotIndexed as exc:
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
                    buttons=["copy"], placeholder="**Ask about the treaty.** Every answer cites the passages "
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
                evidence = gr.HTML(EVIDENCE_EMPTY, elem_id="evidence", js_on_load=EVIDENCE_JS)
                viewer = gr.HTML(VIEWER_EMPTY, elem_id="viewer", js_on_load=VIEWER_JS)

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


# ── in front of every route ─────────────────────────────────────────────────────────────

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
                   "quiet": True, "ssr_mode": False, "footer_links": ["api"], "theme": theme(), "css": CSS,
                   "prevent_thread_lock": True, "app_kwargs": {"middleware": [Middleware(Guard)]}, **options})
    return demo


def serve(settings: Settings, progress: Progress | None = None,
          on_start: Callable[[str], None] | None = None, block: bool = True) -> gr.Blocks:
    """The `treaty-assistant serve` command: check the sources, start the page at once,
    and build or check the index behind it."""
    from .indexing import check

    check(settings)  # a missing folder or a model mismatch fails here, in one line
    parse_auth(settings.web_auth.get_secret_value() if settings.web_auth else None)
    assistant = Assistant(settings=settings)
    warmup = Warmup(assistant, progress)
    demo = launch(assistant, warmup)
    warmup.start()
    if on_start:
        on_start(f"http://{settings.web_host}:{settings.web_port}")
    if block:
        demo.block_thread()
    return demo
