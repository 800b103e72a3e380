"""The shared vocabulary: the typed records that cross module boundaries.

Source → Chunk (stored) → Passage (retrieved) → Citation (quoted) → Answer (returned).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Block:
    """A citable stretch of a source file: a paragraph, heading, list item or table row,
    never furniture."""

    start: int
    end: int
    text: str
    page: int | None = None  # the PDF page whose text the offsets index
    table: str = ""  # "header" or "row" for a line of a table (assistant/tables.py), else ""
    header: str | None = None  # a table row's header row, verbatim, where its table has one
    # The block runs on the sentence of the block before it, which furniture broke off (a
    # print story's "Continued on Page 4" jump: sources.clean); a chunk joins the two by a
    # space, not a line break, so the sentence is read and quoted whole.
    continues: bool = False


# What the index leaves out of a source (Removed.kind), each counted per file.
FURNITURE = "furniture"
DUPLICATE = "duplicate"
FLAGGED = "flagged"  # text addressed to an AI (assistant/injection.py)


@dataclass(frozen=True)
class Removed:
    """A stretch of a source's text that the index leaves out, and why: offsets as Block's."""

    start: int
    end: int
    page: int | None
    kind: str  # FURNITURE, DUPLICATE or FLAGGED
    reason: str  # in words, for `treaty-assistant sources show`: "call to action", "repeats line 4"


@dataclass(frozen=True)
class Source:
    """One article of the sources folder, cleaned: a file, or one line of a .jsonl news
    dump (`path` and `key` then end in `#<line>`). Offsets index the text its format gives
    (see assistant/formats.py): the file itself, an HTML page's main text, a PDF page's
    text, a dump line's `text` field."""

    path: str  # as shown to users: relative to the working directory when inside it
    key: str  # relative to the sources folder; stable across moves of the project
    title: str | None
    publisher: str | None
    date: str | None
    blocks: tuple[Block, ...]
    url: str | None = None
    file: str | None = None  # the key of the file holding it, when that is not `key`
    removed: tuple[Removed, ...] = ()  # what cleaning left out, in the order of the text

    @property
    def file_key(self) -> str:
        return self.file or self.key


@dataclass(frozen=True)
class Chunk:
    """A piece of a Source stored in the index; `spans` locate its blocks in the original file."""

    id: str
    source: str
    title: str | None
    publisher: str | None
    date: str | None
    text: str  # the blocks' texts joined by "\n"
    spans: tuple[tuple[int, int], ...]
    page: int | None = None  # a PDF's page (from 1), which the spans index; a chunk keeps to one
    url: str | None = None
    header: str = ""  # searched above the text, never shown or cited: see chunking.searched_text
    # Per block (as `spans`): "header" or "row" for a line of a table, else ""; and a table
    # row's header row. Empty tuples: no block is a table's.
    tables: tuple[str, ...] = ()
    row_headers: tuple[str | None, ...] = ()
    # One vector a row for each of chunking.quotable_sentences(chunk), as the index stored
    # them (a numpy array); None where it stored none.
    sentence_vectors: Any = field(default=None, compare=False, repr=False)

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    def original_offset(self, position: int) -> int:
        """Map a character position in `text` to the offset in the original file."""
        cursor = 0
        for start, end in self.spans:
            length = end - start
            if position <= cursor + length:
                return start + (position - cursor)
            cursor += length + 1  # the "\n" joining blocks
        return self.spans[-1][1]


@dataclass(frozen=True)
class Passage:
    """A Chunk returned for a question, with its fused score (higher is better)."""

    chunk: Chunk
    score: float

    @property
    def source(self) -> str:
        return self.chunk.source

    @property
    def text(self) -> str:
        return self.chunk.text


@dataclass(frozen=True)
class Citation:
    n: int
    source: str
    title: str | None
    quote: str  # verbatim text of the original file
    start: int
    end: int
    publisher: str | None = None
    date: str | None = None
    page: int | None = None  # a PDF source: the page whose extracted text start/end index
    url: str | None = None  # where the article was published, when the source says
    # A quoted table row: its table's header row, shown above the quote (not part of it).
    header: str | None = None
    # A generated answer's claim that cited another passage, checked and found supported
    # by this one instead (see answering/generative.py).
    reattributed: bool = False

    @classmethod
    def of(cls, n: int, chunk: Chunk, quote: str, start: int, end: int, **extra: Any) -> Citation:
        """The one way a Citation is made: `quote` is `chunk`'s text from `start` to `end`
        (offsets into the original file, as Chunk.spans); what identifies and describes
        the source (path, title, publisher, date, page, url) is copied from the chunk, so no
        answerer can leave a field out."""
        return cls(n=n, source=chunk.source, title=chunk.title, quote=quote, start=start, end=end,
                   publisher=chunk.publisher, date=chunk.date, page=chunk.page, url=chunk.url, **extra)

    @property
    def label(self) -> str:
        """How readers know the article: "Publisher, date", else its title, else the file
        name ("Newsweek, 2025-01-18"; "Russia and Iran Forge 20-Year Defence Pact")."""
        name = self.publisher or self.title or self.source.rsplit("/", 1)[-1]
        return f"{name}, {self.date}" if self.date else name


@dataclass(frozen=True)
class Claim:
    """A sentence or clause of a generated answer, as checked against the sources
    (answering/claims.py): the quotes that support it, or none, when it was taken out of
    the answer's text."""

    text: str  # as the model wrote it, markers removed
    citations: tuple[int, ...]  # the Citation numbers whose quotes support it; () when unsupported
    # Supported by another passage than the one the model cited (its citations say so too).
    reattributed: bool = False

    @property
    def supported(self) -> bool:
        return bool(self.citations)


# The notes an Answer carries, one constant each, so faces can compare fields, never wording.
NOT_FOUND = "The sources do not answer this question."
DISAGREEMENT = "The sources disagree; each side is cited."


@dataclass
class Answer:
    """What every face shows. `text` is Markdown: the direct answer first, then quotes,
    with `[n]` markers naming `citations`; text a source wrote is Markdown-escaped in it
    (assistant/markup.py), so a source's own "[7]" reads `\\[7\\]` and is never a marker."""

    question: str
    text: str
    citations: list[Citation]
    found: bool  # False: the sources do not answer (text is NOT_FOUND or says what was found nearby)
    mode: str  # "extractive" or "openai"
    note: str | None = None  # for the reader: disagreement, a fallback and why, what the question was read as
    disagreement: bool = False  # sources on the same point say opposite things; each side is cited
    usage: dict[str, int] = field(default_factory=dict)
    # Set when a generated answer was wanted but the extractive one stands in: why, in a few
    # words ("rate limited", "the reply cited no passage"). None otherwise.
    fallback: str | None = None
    # A generated answer's claims, each as checked: kept with its citations, or taken out
    # of `text` as unsupported. Empty for the extractive answer, which quotes and claims nothing else.
    claims: list[Claim] = field(default_factory=list)

    @property
    def remark(self) -> str | None:
        """The note as a face shows it beside the answer: None when there is none, or when
        it says only that the sources disagree, which the faces show from `disagreement`
        (the text says so, the web chat puts up a banner)."""
        if self.note is None or (self.disagreement and self.note == DISAGREEMENT):
            return None
        return self.note

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
