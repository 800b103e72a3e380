"""The OpenAI answerer: a language model writes the answer from the numbered passages,
then every [n] marker it wrote is checked against what was retrieved.

- Prompts are plain templates in prompts/ (answer.txt, condense.txt), loaded by name.
- Passages go to the model fenced as data (<passage n=…>…</passage>); text inside a source
  that looks like a fence is neutralised, so a source cannot close its fence and speak as
  the instructions.
- Checking: markers naming no retrieved passage are removed; the rest are renumbered in
  order of appearance, and each becomes a Citation quoting, verbatim and with offsets, the
  sentence of its passage that best supports the claims citing it (scored the way the
  extractive answerer scores sentences). A reply left with no valid marker is not
  presented as grounded: the model's "not in the sources" gives found False; anything
  else gives the extractive answer with a note.
- Failures (timeout, connection, 401, 429, 5xx, malformed replies) end in the extractive
  answer with a one-line note. The server's own error text is never shown or logged: it
  may echo the API key.

The same rewriting runs over the streamed text as it arrives, so what a user watched being
written is exactly the checked answer's text.
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

from ..schema import DISAGREEMENT, Answer, Citation, Passage
from ..settings import Settings
from ..text import sentence_spans, words
from .compose import not_found
from .evidence import Sentence, SentenceEmbeddings, candidate_sentences, score
from .question import Part

log = logging.getLogger(__name__)

Message = dict[str, str]
Usage = dict[str, int]
UNAVAILABLE = "generated answer unavailable: "

# [3], [2, 5], [2-4] — with the spaces before it, which go when the marker goes.
MARKER = re.compile(r"[ \t]*\[\s*(\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\s*\]")
PARTIAL_MARKER = re.compile(r"[ \t]*\[[\d\s,;–-]{0,24}$")  # could still become a marker
NOT_IN_SOURCES = re.compile(
    r"\b(sources|passages|articles)\s+(do|does)\s*(not|n['’]t)\s+(answer|say|mention|cover|contain|address|"
    r"specify|state)|\bnot\s+(in|covered by|mentioned in|answered by)\s+the\s+(sources|passages)\b|"
    r"\bno\s+(information|mention)\b", re.IGNORECASE)
DISAGREES = re.compile(r"\bsources\s+(disagree|differ|conflict|contradict)", re.IGNORECASE)
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


# --- checking citations ---------------------------------------------------------------

def marker_numbers(inside: str) -> list[int]:
    """The numbers a marker names: "2, 5" → [2, 5]; "2-4" → [2, 3, 4]."""
    numbers: list[int] = []
    for part in re.split(r"[,;]", inside):
        bounds = [int(n) for n in re.findall(r"\d+", part)]
        if len(bounds) == 2 and 0 <= bounds[1] - bounds[0] < 20:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return numbers


class Markers:
    """Rewrites the model's markers: numbers that name no passage go, the others are
    renumbered in order of first appearance ([5] then [2] become [1] then [2])."""

    def __init__(self, valid: set[int]):
        self.valid = valid
        self.number: dict[int, int] = {}  # passage number → citation number

    def _rewrite(self, match: re.Match) -> str:
        kept = []
        for n in marker_numbers(match.group(1)):
            if n in self.valid:
                kept.append(self.number.setdefault(n, len(self.number) + 1))
        if not kept:
            return ""
        lead = match.group(0)[:match.group(0).index("[")]
        return lead + "".join(f"[{k}]" for k in dict.fromkeys(kept))

    def rewrite(self, text: str) -> str:
        return MARKER.sub(self._rewrite, text)

    def passage_of(self) -> dict[int, int]:
        return {k: n for n, k in self.number.items()}


class MarkerStream:
    """Markers rewritten on text arriving in pieces: a piece is held back from where a
    marker might be starting (or trailing spaces a removed marker would take along)."""

    def __init__(self, markers: Markers):
        self.markers = markers
        self.pending = ""

    def feed(self, piece: str) -> str:
        self.pending += piece
        held = PARTIAL_MARKER.search(self.pending)
        cut = held.start() if held else len(self.pending.rstrip(" \t"))
        ready, self.pending = self.pending[:cut], self.pending[cut:]
        return self.markers.rewrite(ready)

    def flush(self) -> str:
        ready, self.pending = self.pending, ""
        return self.markers.rewrite(ready)


def claims_by_citation(text: str) -> dict[int, list[str]]:
    """For each citation number in `text`, the claims it is put after: the words since the
    previous marker in the same sentence, or the whole sentence when those are too few."""
    claims: dict[int, list[str]] = {}
    spans = sentence_spans(text) or [(0, len(text))]
    for start, end in spans:
        cursor = start
        for match in MARKER.finditer(text, start, end):
            bare = MARKER.sub("", text[cursor:match.start()]).strip(" *_")
            if len(words(bare)) < 3:
                bare = MARKER.sub("", text[start:end]).strip(" *_")
            if len(words(bare)) < 3 and start > 0:  # "…claim. [1]": the marker opened a sentence
                previous = [s for s in spans if s[1] <= start]
                if previous:
                    bare = MARKER.sub("", text[previous[-1][0]:previous[-1][1]]).strip(" *_")
            for k in map(int, re.findall(r"\d+", match.group(1))):
                claims.setdefault(k, []).append(bare)
            cursor = match.end()
    return claims


@dataclass
class Support:
    """Finds, in a passage, the sentence that best supports a claim."""

    embed_query: Callable[[str], Any]
    embed_sentences: SentenceEmbeddings

    def best(self, sentences: list[Sentence], claims: list[str]) -> Sentence:
        best, best_score = sentences[0], float("-inf")
        for claim in claims:
            score(sentences, Part(claim, None, ()), self.embed_query(claim), self.embed_sentences)
            top = max(sentences, key=lambda s: s.score)
            if top.score > best_score:
                best, best_score = top, top.score
        return best


# --- the answerer ---------------------------------------------------------------------

class GenerativeAnswerer:
    def __init__(self, settings: Settings, support: Support):
        self.settings = settings
        self.chat = ChatModel(settings)
        self.support = support

    def answer(self, question: str, query: str, passages: list[Passage], fallback: Callable[[str], Answer],
               usage: Usage, stream: bool = False) -> Iterator[str | Answer]:
        """With `stream`, the checked text as it arrives; always, the checked Answer last.
        `fallback(note)` gives the extractive answer, for when generation fails."""
        if not passages:
            yield not_found(question, mode="openai")
            return
        quotable = {n: candidate_sentences([p]) for n, p in enumerate(passages, 1)}
        markers = Markers({n for n, sentences in quotable.items() if sentences})
        messages = self.chat.prompt("answer").messages(passages=passages_block(passages),
                                                       question=fenced(query))
        try:
            if stream:
                rewriter, parts = MarkerStream(markers), []
                for piece in self.chat.stream(messages, usage):
                    if text := rewriter.feed(piece):
                        parts.append(text)
                        yield text
                parts.append(rest := rewriter.flush())
                if rest:
                    yield rest
                text = "".join(parts)
            else:
                text = markers.rewrite(self.chat.complete(messages, usage))
        except Unavailable as exc:
            yield fallback(exc.note)
            return
        log.info("generated answer from %s: %s", self.settings.llm_model,
                 " ".join(f"{k}={v}" for k, v in usage.items()) or "no usage reported")
        yield self.checked(question, text.strip(), markers, quotable, passages, fallback, usage)

    def checked(self, question: str, text: str, markers: Markers, quotable: dict[int, list[Sentence]],
                passages: list[Passage], fallback: Callable[[str], Answer], usage: Usage) -> Answer:
        passage_of = markers.passage_of()
        if not passage_of:
            if not text or NOT_IN_SOURCES.search(text):
                return Answer(question=question, text=text or not_found(question).text, citations=[],
                              found=False, mode="openai", usage=dict(usage))
            log.warning("%sthe reply cited no passage", UNAVAILABLE)
            return fallback(UNAVAILABLE + "the reply cited no passage")
        claims = claims_by_citation(text)
        citations = []
        for k in sorted(passage_of):
            passage = passages[passage_of[k] - 1]
            sentence = self.support.best(quotable[passage_of[k]], claims.get(k) or [text])
            citations.append(Citation.of(k, passage.chunk, sentence.text, sentence.start, sentence.end))
        disagree = bool(DISAGREES.search(text))
        return Answer(question=question, text=text, citations=citations, found=True, mode="openai",
                      note=DISAGREEMENT if disagree else None, disagreement=disagree,
                      usage=dict(usage))


def with_note(answer: Answer, note: str, usage: Usage) -> Answer:
    """The extractive answer standing in for a generated one: why (`note`, and the reason
    alone in `fallback`), and the tokens spent."""
    return replace(answer, note="; ".join(filter(None, [note, answer.note])), usage=dict(usage),
                   fallback=note.removeprefix(UNAVAILABLE))
