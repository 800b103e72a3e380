"""The shared vocabulary: the typed records that cross module boundaries.

Source → Chunk (stored) → Passage (retrieved) → Citation (quoted) → Answer (returned).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Block:
    """A citable stretch of a source file: a paragraph, heading or list item, never furniture."""

    start: int
    end: int
    text: str
    page: int | None = None  # the PDF page whose text the offsets index


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


@dataclass
class Answer:
    question: str
    text: str
    citations: list[Citation]
    found: bool
    mode: str  # "extractive" or "openai"
    note: str | None = None  # disagreement between sources, or why a fallback happened
    disagreement: bool = False
    usage: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
