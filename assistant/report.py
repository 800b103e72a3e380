"""What the index kept of a source file and what it left out, line by line, and why: what
`treaty-assistant sources show FILE` prints and `Assistant.source_report` returns, so a
user who sees a real sentence removed can tell at once.

The marks come from the manifest (store.FileState.removed, written when the file was
indexed); the text is read again through the file's reader (assistant/formats.py) and cut
into the same blocks, so every stretch of the file's text is shown as kept or removed.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .formats import Document, SkippedFile, read_documents
from .indexing import file_sha256
from .schema import DUPLICATE, FLAGGED, FURNITURE, Removed
from .sources import OUTSIDE, document_blocks, inside
from .store import FileState

KEPT = "kept"


class ReportUnavailable(LookupError):
    """The file is not in the index, or cannot be read now; the message says which, for the user."""


@dataclass(frozen=True)
class MarkedLine:
    """A block of a source's text (a paragraph, line or table row) or a sentence taken out of
    one, with what indexing did with it. Offsets as a citation's: into the text the format
    gives (formats.cited_text) of `source`, on `page` for a PDF."""

    source: str  # the article's key: the file's, or "dump.jsonl#12" for a line of a news dump
    page: int | None
    line: int  # where it starts in that text, from 1
    start: int
    end: int
    text: str
    mark: str  # KEPT, or schema.FURNITURE, DUPLICATE, FLAGGED
    reason: str | None = None  # why it was left out ("call to action", "repeats line 4")


@dataclass(frozen=True)
class SourceReport:
    """One source file as indexed: counts of blocks kept and left out, and every block marked."""

    file: str  # the file's key, relative to the sources folder
    kept: int
    furniture: int
    duplicate: int
    flagged: int
    skipped: str | None  # why the file is not indexed at all, if it is not
    lines: tuple[MarkedLine, ...]

    @property
    def flagged_lines(self) -> list[MarkedLine]:
        """The sentences addressed to an AI: never indexed, listed so that faces can warn."""
        return [line for line in self.lines if line.mark == FLAGGED]


def counts(state: FileState) -> str:
    """One line of `treaty-assistant index`'s report for a file."""
    if state.skipped:
        return f"skipped: {state.skipped}"
    return (f"{state.kept} kept; removed {state.furniture} as furniture, {state.duplicate} as duplicates; "
            f"{state.flagged} flagged as addressed to an AI")


def _segments(doc: Document, marks: list[Removed]) -> list[MarkedLine]:
    """Every block of the document, split where a mark covers part of it, each marked."""
    out = []
    for block in document_blocks(doc):
        inside = sorted((m for m in marks if m.page == block.page and block.start <= m.start < block.end),
                        key=lambda m: m.start)
        text = next(p.text for p in doc.pages if p.number == block.page)
        cursor = block.start
        for mark in [*inside, None]:
            upto = mark.start if mark else block.end
            piece = text[cursor:upto]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                start, end = cursor + lead, cursor + lead + len(piece.strip())
                out.append(_line(doc, block.page, start, end, text, KEPT, None))
            if mark:
                out.append(_line(doc, block.page, mark.start, mark.end, text, mark.kind, mark.reason))
                cursor = max(cursor, mark.end)
    return out


def _line(doc: Document, page: int | None, start: int, end: int, text: str, mark: str,
          reason: str | None) -> MarkedLine:
    line = text.count("\n", 0, start) + 1
    return MarkedLine(doc.key, page, line, start, end, text[start:end], mark, reason)


def source_report(folder: Path, key: str, state: FileState, max_mb: float) -> SourceReport:
    """The report of the file `key` of the sources `folder`, by its manifest `state`."""
    marks: dict[str, list[Removed]] = {}
    for stored in state.removed:
        fields = dict(stored)
        marks.setdefault(fields.pop("source"), []).append(Removed(**fields))
    lines: list[MarkedLine] = []
    if not state.skipped:
        if not inside(folder / key, folder):  # swapped for a link since: not followed out
            raise ReportUnavailable(f"{key} can no longer be read: {OUTSIDE}")
        try:
            if file_sha256(folder / key) != state.sha256:
                raise ReportUnavailable(f"{key} has changed since it was indexed: "
                                        "run `treaty-assistant index`")
        except OSError as exc:
            raise ReportUnavailable(f"{key} can no longer be read: {exc.strerror or exc}") from None
        try:
            for doc in read_documents(folder / key, key, max_mb):
                if isinstance(doc, Document):
                    lines.extend(_segments(doc, marks.get(doc.key, [])))
        except SkippedFile as exc:
            raise ReportUnavailable(f"{key} can no longer be read: {exc}") from None
    return SourceReport(key, state.kept, state.furniture, state.duplicate, state.flagged, state.skipped,
                        tuple(lines))


__all__ = ["KEPT", "FURNITURE", "DUPLICATE", "FLAGGED", "MarkedLine", "SourceReport", "ReportUnavailable",
           "counts", "source_report"]
