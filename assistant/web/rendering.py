"""The web chat's HTML: the chat's Markdown, the evidence cards, the source viewer, the
status lines and the index banner. Pure functions of an Answer (and the settings): no
Gradio, no Assistant, so each is tested on hand-made answers."""
from __future__ import annotations

import html
from dataclasses import dataclass

from ..markup import MARKER
from ..schema import Answer, Citation
from ..settings import Settings
from .warmup import Warmup


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
    """The answer's Markdown for the chat: each of its [n] markers a link that opens its
    citation. A source's own brackets are escaped in the text (assistant/markup.py), so
    they are no markers and show as written."""
    known = {c.n for c in answer.citations}
    text = MARKER.sub(lambda m: f"[[{m[1]}]](#cite-{turn}-{m[1]})" if int(m[1]) in known else m[0],
                      answer.text)
    if answer.remark:
        text += f"\n\n> ⚠️ {answer.remark}"  # a fallback, say; a disagreement has its banner
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
    # A claim the check found supported by another passage than the model cited.
    moved = ('<span class="ev-moved" title="The generated answer cited another passage for this claim; '
             'this one was found to support it.">re-attributed</span>') if c.reattributed else ""
    parts = [f'<div class="ev-top"><span class="ev-n">{c.n}</span><span class="ev-file">{name}</span>'
             f"{moved}</div>",
             f'<div class="ev-title">{esc(c.title)}</div>' if c.title else "",
             f'<div class="ev-meta">{meta}</div>' if meta else "",
             f'<div class="ev-table-head">{esc(c.header)}</div>' if c.header else "",  # a table row's header
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
    where = f"passage [{citation.n}] at characters {citation.start}–{citation.end}"
    meta = " · ".join(x for x in (esc(citation.source), meta_line(citation), where) if x)
    return (f'<div class="src"><div class="src-head"><div class="src-title">'
            f'{esc(citation.title or file_name(citation.source))}</div><div class="src-meta">{meta}</div>'
            f'</div>{missing}<div class="src-body">{"".join(body)}</div></div>')


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
