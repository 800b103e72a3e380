"""The OpenAI answerer: a language model writes the answer from the numbered passages,
then every claim it makes is checked against what was retrieved.

- Prompts are plain templates in prompts/ (answer.txt, condense.txt), loaded by name.
- Passages go to the model fenced as data (<passage n=…>…</passage>); text inside a source
  that looks like a fence is neutralised, so a source cannot close its fence and speak as
  the instructions.
- Checking, claim by claim (answering/claims.py): each sentence or marked clause of the
  reply is a claim, and stands only with a quote that supports it — verbatim, with offsets
  — from the passage it cited, or else from another retrieved passage (its citation then
  `reattributed`); a claim no passage supports is taken out of the text and listed in
  Answer.claims and the note. Markers are renumbered in order of first use.
- What counts as an answer: a reply that cites no passage, states nothing a source could
  support ("The sources disagree: [1][2]") or has no supported claim, or whose supported
  claims miss the question's point (they never mention "Venezuela"), is not one: the
  extractive answer stands in, `fallback` saying why. The model's "the sources do not
  answer" gives found False only when the extractive answerer finds nothing either; when
  it finds something, its answer is given, saying they differ.
- `disagreement` is decided on the supported claims' quotes by the extractive answerer's
  own test (decide.opposed), never from the model's wording.
- Failures (timeout, connection, 401, 429, 5xx, malformed replies) end in the extractive
  answer with a one-line note. The server's own error text is never shown or logged: it
  may echo the API key.

Streamed, a sentence is shown once it is checked and the reply so far is an answer (it
cites a passage, and its quotes answer the question): what a user watched being written
is the checked answer's text. A reply that never becomes an answer shows nothing, and the
extractive answer is given.
"""
from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from string import Template
from typing import Any

from ..schema import DISAGREEMENT, NOT_FOUND, Answer, Claim, Passage
from ..settings import Settings
from .claims import MARKER, NOT_IN_SOURCES, ClaimCheck, Clause, Support, Verdict, clauses, reply_sentences
from .compose import Citations, not_found
from .evidence import Sentence, candidate_sentences
from .question import Question

log = logging.getLogger(__name__)

Message = dict[str, str]
Usage = dict[str, int]
UNAVAILABLE = "generated answer unavailable: "

FENCE = re.compile(r"<(/?\s*(?:passages?|conversation)\b)", re.IGNORECASE)


# --- prompts --------------------------------------------------------------------------

@dataclass(frozen=True)
class Prompt:
    """A chat prompt: fixed instructions (system) and a template for the user's turn."""

    system: str
    user: Template

    def messages(self, **values: str) -> list[Message]:
        return [{"role": "system", "content": self.system},
                {"role": "user", "content": self.user.substitute(values)}]


@cache
def load_prompt(name: str, folder: Path) -> Prompt:
    """prompts/<name>.txt: a `[system]` section, then a `[user]` section with $placeholders."""
    text = (Path(folder) / f"{name}.txt").read_text(encoding="utf-8")
    match = re.fullmatch(r"\s*\[system\]\n(.*?)\n\[user\]\n(.*?)\s*", text, re.DOTALL)
    if match is None:
        raise ValueError(f"prompt {name}.txt needs a [system] and a [user] section")
    return Prompt(match.group(1).strip(), Template(match.group(2).strip()))


def fenced(text: str) -> str:
    """Text safe to put inside a fence: anything looking like a fence tag is defused."""
    return FENCE.sub(r"&lt;\1", text)


def attribute(value: str) -> str:
    return fenced(value).replace('"', "'").replace("\n", " ")


def passages_block(passages: list[Passage]) -> str:
    parts = []
    for n, passage in enumerate(passages, 1):
        chunk = passage.chunk
        meta = "".join(f' {name}="{attribute(value)}"' for name, value in
                       (("source", chunk.source), ("title", chunk.title), ("publisher", chunk.publisher),
                        ("date", chunk.date)) if value)
        parts.append(f'<passage n="{n}"{meta}>\n{fenced(chunk.text)}\n</passage>')
    return "\n".join(parts)


# --- the model ------------------------------------------------------------------------

class Unavailable(Exception):
    """No usable reply from the model; `reason` is one line for the user, in our words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def note(self) -> str:
        return UNAVAILABLE + self.reason


@cache
def _transport_errors() -> tuple[type[BaseException], ...]:
    """The HTTP library's own errors, which can escape the client mid-stream."""
    found = []
    for name in ("httpx2", "httpx"):
        try:
            found.append(importlib.import_module(name).HTTPError)
        except ImportError:
            pass
    return tuple(found)


def reason_for(exc: BaseException) -> str:
    """Why a call failed, in a few words of ours: never the server's message (it may echo the key)."""
    import openai

    status = getattr(exc, "status_code", None)
    if isinstance(exc, openai.APITimeoutError):
        return "the model server timed out"
    if isinstance(exc, (openai.APIConnectionError, *_transport_errors())):
        return "could not connect to the model server"
    if isinstance(exc, openai.AuthenticationError):
        return "the API key was rejected (401)"
    if isinstance(exc, openai.PermissionDeniedError):
        return "access denied (403)"
    if isinstance(exc, openai.NotFoundError):
        return "model or endpoint not found (404)"
    if isinstance(exc, openai.RateLimitError):
        return "rate limited"
    if isinstance(exc, openai.APIStatusError) and status is not None:
        return f"server error ({status})" if status >= 500 else f"request refused ({status})"
    return "malformed reply from the model server"


def add_usage(total: Usage, usage: Any) -> None:
    for name in ("prompt_tokens", "completion_tokens", "total_tokens"):
        value = getattr(usage, name, None)
        if isinstance(value, int):
            total[name] = total.get(name, 0) + value


class Malformed(ValueError):
    """A reply without the fields a chat completion has."""


class ChatModel:
    """The chat completions endpoint of OpenAI or any OpenAI-compatible server."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._client = None

    @property
    def client(self):
        if self._client is None:
            import openai

            if self.settings.openai_key is None:
                raise Unavailable("no OPENAI_API_KEY set")
            self._client = openai.OpenAI(api_key=self.settings.openai_key,
                                         base_url=self.settings.openai_base_url or None,
                                         timeout=self.settings.llm_timeout,
                                         max_retries=self.settings.llm_retries)
        return self._client

    def prompt(self, name: str) -> Prompt:
        return load_prompt(name, self.settings.prompts)

    def _failing(self, exc: BaseException) -> Unavailable:
        unavailable = Unavailable(reason_for(exc))
        log.warning("%s (%s from %s)", unavailable.note, type(exc).__name__, self.settings.llm_model)
        return unavailable

    def complete(self, messages: list[Message], usage: Usage) -> str:
        """The model's whole reply."""
        import openai

        try:
            reply = self.client.chat.completions.create(model=self.settings.llm_model, messages=messages)
            choices = getattr(reply, "choices", None)
            if not choices:
                raise Malformed("no choices")
            content = getattr(getattr(choices[0], "message", None), "content", None)
            if not isinstance(content, str) or not content.strip():
                raise Malformed("no message content")
            add_usage(usage, getattr(reply, "usage", None))
            return content
        except (openai.OpenAIError, ValueError, *_transport_errors()) as exc:
            raise self._failing(exc) from None

    def stream(self, messages: list[Message], usage: Usage) -> Iterator[str]:
        """The model's reply as it is written; usage is added when the stream ends."""
        import openai

        try:
            chunks = self.client.chat.completions.create(
                model=self.settings.llm_model, messages=messages, stream=True,
                stream_options={"include_usage": True})
            written = False
            for chunk in chunks:
                if not hasattr(chunk, "choices"):
                    raise Malformed("not a completion chunk")
                if getattr(chunk, "usage", None) is not None:
                    add_usage(usage, chunk.usage)
                for choice in chunk.choices or []:
                    text = getattr(getattr(choice, "delta", None), "content", None)
                    if text:
                        written = True
                        yield text
            if not written:
                raise Malformed("no message content")
        except (openai.OpenAIError, ValueError, *_transport_errors()) as exc:
            raise self._failing(exc) from None


# --- checking claims ------------------------------------------------------------------

# Why a generated reply is not the answer (Answer.fallback), one constant each.
NO_CITATION = "the reply cited no passage"
NO_CLAIM = "the reply stated nothing a source could support"
UNSUPPORTED = "no claim of the reply is supported by the sources"
OFF_POINT = "the reply's supported claims do not answer the question"
UNMENTIONED = "the reply's supported claims do not mention "
MODEL_FOUND_NOTHING = "the model found no answer in the passages, but these may hold one"
SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)*_]*\s*$")
TRAILING = re.compile(r"[\s.!?…:;,\"'”’)*_]*$")  # where markers go at a clause's end: before this


class CheckedReply:
    """The model's reply rewritten as its claims are checked (answering/claims.py), for
    text arriving in pieces or all at once alike: a sentence is checked once the next one
    has begun (or the reply has ended), and only then shown. A supported claim's markers
    name its quotes, numbered in order of first use; an unsupported claim is taken out; a
    lead-in ("The sources disagree:") waits for the claim it introduces. Nothing is shown
    until the reply is an answer: it has cited a passage, and its quotes so far answer the
    question (`judge`); what came before is shown then.

    `support(claim, cited)` gives the quotes for a claim citing passages `cited`; `valid`
    are the numbers of the passages sent; `judge(quotes)` tells what the quotes say about
    the question (ClaimCheck.verdict)."""

    def __init__(self, support: Callable[[str, list[int]], Support], valid: set[int],
                 judge: Callable[[list[Sentence]], Verdict]):
        self.support = support
        self.valid = valid
        self.judge = judge
        self.cite = Citations()
        self.claims: list[Claim] = []
        self.quoted: list[Sentence] = []  # the supported claims' quotes
        self.written = ""  # the reply as the model wrote it
        self.shown = ""  # the checked text given out so far
        self.cited = False  # whether the reply has named a passage sent
        self._verdict: Verdict | None = None
        self._judged = -1  # how many quotes the verdict was given
        self._pending = ""  # text not yet known to hold a finished sentence
        self._held = ""  # checked text waiting for a claim (or for the reply to be an answer)

    @property
    def verdict(self) -> Verdict:
        """What all the quotes so far say about the question."""
        if self._judged != len(self.quoted):
            self._verdict, self._judged = self.judge(self.quoted), len(self.quoted)
        assert self._verdict is not None
        return self._verdict

    @property
    def answering(self) -> bool:
        """Whether the reply so far is an answer: it cites a passage, and its quotes answer the
        question and mention its point (once true, it stays so: more quotes only add)."""
        return self.cited and bool(self.quoted) and self.verdict.answers

    def feed(self, piece: str) -> str:
        """The checked text of the sentences `piece` finished ("" while none is)."""
        self.written += piece
        self._pending += piece
        spans = reply_sentences(self._pending)
        if len(spans) < 2:
            return ""
        cut = spans[-2][1]
        done, self._pending = self._pending[:cut], self._pending[cut:]
        return self._show(done, spans[:-1])

    def flush(self) -> str:
        """The checked text of what is left, when the reply has ended."""
        done, self._pending = self._pending, ""
        return self._show(done, reply_sentences(done))

    def _show(self, text: str, spans: list[tuple[int, int]]) -> str:
        out, cursor = [], 0
        for start, end in spans:
            lead, cursor = text[cursor:start], end
            checked = self._sentence(text[start:end])
            if checked is None:  # every claim in it unsupported: it goes, with the space before it
                continue
            stating, rendered = checked
            if not stating or not self.answering:
                self._held += lead + rendered
                continue
            out.append(self._held + lead + rendered)
            self._held = ""
        self.shown += "".join(out)
        return "".join(out)

    def _sentence(self, sentence: str) -> tuple[bool, str] | None:
        """A sentence checked: (whether it states something — a supported claim, or a remark
        that the sources are silent — its text rewritten), or None when all its claims fail."""
        parts, kept, dropped, remark = [], False, False, False
        for clause in clauses(sentence):
            cited = [n for n in clause.cited if n in self.valid]
            self.cited = self.cited or bool(cited)
            if not clause.claim:
                remark = remark or clause.remark
                parts.append(MARKER.sub("", clause.text))
                continue
            support = self.support(clause.claim, cited)
            rendered, numbers = self._render(clause, support)
            self.claims.append(Claim(clause.claim, numbers, support.reattributed))
            if numbers:
                parts.append(rendered)
                self.quoted.extend(sentence for _, sentence in support.quotes)
                kept = True
            else:
                dropped = True
        if dropped and not kept:
            return None
        text = "".join(parts)
        if dropped:  # a clause taken out of the sentence: close it up
            text = re.sub(r"^[\s,;:—–-]+", "", text).rstrip(" \t,;:—–-")
            text = text[:1].upper() + text[1:] if sentence.lstrip()[:1].isupper() else text
            if (end := SENTENCE_END.search(sentence)) and not SENTENCE_END.search(text):
                text += end.group(0).rstrip()
        return kept or remark, text

    def _render(self, clause: Clause, support: Support) -> tuple[str, tuple[int, ...]]:
        """The clause with each marker naming the quotes found in the passages it named,
        and a reattributed quote's after its last (or at its end); the citation numbers."""
        by_passage: dict[int, list[int]] = {}
        moved: list[int] = []
        for n, sentence in support.quotes:
            numbers = self.cite.of(sentence, reattributed=n is None)
            (moved if n is None else by_passage.setdefault(n, [])).extend(numbers)
        placed: list[int] = []

        def markers(numbers: list[int]) -> str:
            new = [k for k in dict.fromkeys(numbers) if k not in placed]
            placed.extend(new)
            return "".join(f"[{k}]" for k in new)

        text, out, cursor, carried = clause.text, [], 0, ""
        last = len(clause.groups) - 1
        for i, (start, end, named) in enumerate(clause.groups):
            wanted = [k for n in named for k in by_passage.get(n, [])] + (moved if i == last else [])
            written = markers(wanted)
            # A marker taken out leaves its space to the next one of its run ("years. [1][2]").
            lead = text[start:text.index("[", start)] or (carried if start == cursor else "")
            out.append(text[cursor:start] + (lead + written if written else ""))
            carried = "" if written else lead
            cursor = end
        out.append(text[cursor:])
        rendered = "".join(out)
        if not clause.groups and moved:
            at = TRAILING.search(rendered).start()
            rendered = rendered[:at] + " " + markers(moved) + rendered[at:]
        return rendered, tuple(placed)


# --- the answerer ---------------------------------------------------------------------

class GenerativeAnswerer:
    def __init__(self, settings: Settings, check: ClaimCheck):
        self.settings = settings
        self.chat = ChatModel(settings)
        self.check = check

    def answer(self, question: Question, query: str, vector: list[float], passages: list[Passage],
               fallback: Callable[[str], Answer], usage: Usage,
               stream: bool = False) -> Iterator[str | Answer]:
        """With `stream`, the checked text as it arrives; always, the checked Answer last.
        `question` is the question as read, `query` what was retrieved for it (the
        model's condensed follow-up, where it wrote one) and `vector` its embedding;
        `fallback(note)` gives the extractive answer ("": without a note)."""
        if not passages:
            yield not_found(question.asked, mode="openai")
            return
        valid = {n for n, p in enumerate(passages, 1) if candidate_sentences([p])}
        def support(claim: str, cited: list[int]) -> Support:
            return self.check.support(claim, cited, passages, question.query)

        def judge(quotes: list[Sentence]) -> Verdict:
            return self.check.verdict(question, vector, passages, quotes)

        reply = CheckedReply(support, valid, judge)
        messages = self.chat.prompt("answer").messages(passages=passages_block(passages),
                                                       question=fenced(query))
        try:
            if stream:
                for piece in self.chat.stream(messages, usage):
                    if text := reply.feed(piece):
                        yield text
                if rest := reply.flush():
                    yield rest
            else:
                reply.feed(self.chat.complete(messages, usage))
                reply.flush()
        except Unavailable as exc:
            yield fallback(exc.note)
            return
        log.info("generated answer from %s: %s", self.settings.llm_model,
                 " ".join(f"{k}={v}" for k, v in usage.items()) or "no usage reported")
        yield self.checked(question, vector, reply, passages, fallback, usage)

    def checked(self, question: Question, vector: list[float], reply: CheckedReply, passages: list[Passage],
                fallback: Callable[[str], Answer], usage: Usage) -> Answer:
        """The Answer for a checked reply: the generated one when it states supported claims
        that answer the question; else the extractive answer, with a note saying why."""
        def instead(reason: str) -> Answer:
            log.warning("%s%s", UNAVAILABLE, reason)
            return with_note(fallback(""), UNAVAILABLE + reason, usage)

        supported = [c for c in reply.claims if c.supported]
        if not reply.claims and (not reply.written.strip() or NOT_IN_SOURCES.search(reply.written)):
            return self.nothing_found(question, reply, fallback, usage)
        if not reply.cited:
            return instead(NO_CITATION)
        if not supported:
            return instead(UNSUPPORTED if reply.claims else NO_CLAIM)
        verdict = reply.verdict
        if verdict.unmentioned:
            return instead(UNMENTIONED + " or ".join(dict.fromkeys(verdict.unmentioned)))
        if not verdict.answered:
            return instead(OFF_POINT)
        dropped = [c.text for c in reply.claims if not c.supported]
        notes = [DISAGREEMENT if verdict.opposed else None,
                 f"taken out, as no source supports {'it' if len(dropped) == 1 else 'them'}: "
                 + " ".join(f"“{c}”" for c in dropped) if dropped else None]
        return Answer(question=question.asked, text=reply.shown.strip(), citations=reply.cite.list,
                      found=True, mode="openai", note="; ".join(filter(None, notes)) or None,
                      disagreement=verdict.opposed, usage=dict(usage), claims=reply.claims)

    def nothing_found(self, question: Question, reply: CheckedReply, fallback: Callable[[str], Answer],
                      usage: Usage) -> Answer:
        """The model says the sources do not answer: so be it when the extractive answerer
        finds nothing either; when it does find something, its answer, saying they differ."""
        extractive = fallback("")
        if extractive.found:
            log.warning("%s%s", UNAVAILABLE, MODEL_FOUND_NOTHING)
            return with_note(extractive, UNAVAILABLE + MODEL_FOUND_NOTHING, usage)
        return Answer(question=question.asked, text=reply.written.strip() or NOT_FOUND, citations=[],
                      found=False, mode="openai", note=extractive.note, usage=dict(usage))


def with_note(answer: Answer, note: str, usage: Usage) -> Answer:
    """The extractive answer standing in for a generated one: why (`note`, and the reason
    alone in `fallback`), and the tokens spent."""
    return replace(answer, note="; ".join(filter(None, [note, answer.note])), usage=dict(usage),
                   fallback=note.removeprefix(UNAVAILABLE))
