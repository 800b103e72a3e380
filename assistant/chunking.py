"""Sources into Chunks: consecutive blocks packed up to a size, long paragraphs split at
sentence boundaries, offsets kept into the original file. A chunk keeps to one page of a
PDF, so that one page number locates all its offsets."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from .schema import Block, Chunk, Source
from .sources import is_prose
from .text import sentence_spans, words

MAX_CHARS = 600  # about one news paragraph: small enough to retrieve precisely
MAX_QUOTE = 360  # characters: a citation pinpoints a sentence, never a whole chunk


def _pieces(block: Block) -> Iterator[Block]:
    """The block, or sentence groups of it no longer than MAX_CHARS."""
    if len(block.text) <= MAX_CHARS:
        yield block
        return
    start = end = None
    for s, e in sentence_spans(block.text):
        if start is not None and e - start > MAX_CHARS:
            yield Block(block.start + start, block.start + end, block.text[start:end], block.page)
            start = None
        start = s if start is None else start
        end = e
    if start is not None:
        yield Block(block.start + start, block.start + end, block.text[start:end], block.page)


def chunk_id(text: str, place: str) -> str:
    """The text's hash, then its place's: a chunk whose text moved (an edit above it) keeps
    the first part, so its vector can be reused instead of embedded again."""
    return f"{_digest(text)}-{_digest(place)[:8]}"


def text_key(chunk_id: str) -> str:
    return chunk_id.split("-", 1)[0]


def _digest(value: str) -> str:
    return hashlib.sha1(value.encode()).hexdigest()[:16]


def chunk_source(source: Source) -> list[Chunk]:
    groups: list[list[Block]] = [[]]
    for piece in (p for block in source.blocks for p in _pieces(block)):
        size = sum(len(b.text) + 1 for b in groups[-1])
        if groups[-1] and (size + len(piece.text) > MAX_CHARS or piece.page != groups[-1][-1].page):
            groups.append([])
        groups[-1].append(piece)
    chunks = []
    for group in filter(None, groups):
        text = "\n".join(b.text for b in group)
        spans = tuple((b.start, b.end) for b in group)
        page = group[0].page
        place = f"{source.key}\0{spans}" + (f"\0{page}" if page is not None else "")
        chunks.append(Chunk(id=chunk_id(text, place), source=source.path, title=source.title,
                            publisher=source.publisher, date=source.date, text=text, spans=spans,
                            page=page, url=source.url))
    return chunks


@dataclass(frozen=True)
class QuotableSentence:
    """A sentence of a chunk that an answer may quote; offsets index the chunk's text."""

    start: int
    end: int
    paragraph: int  # where its paragraph starts: what "he added" or "it" refers back to
    headline: bool  # from a title or subhead rather than a paragraph


def quotable_sentences(chunk: Chunk) -> list[QuotableSentence]:
    """The sentences an answer may quote, in order: questions and fragments of fewer than
    four words are left out, and a run-on sentence is cut to its opening words. The index
    stores a vector for each, in this order (see embeddings.embed_with_sentences)."""
    found, cursor = [], 0
    for start, end in chunk.spans:
        block = chunk.text[cursor:cursor + end - start]
        headline = not is_prose(block)
        for s, e in sentence_spans(block):
            text = block[s:e]
            if len(text) > MAX_QUOTE:
                e = s + len(text[:MAX_QUOTE].rsplit(" ", 1)[0].rstrip(",;:"))
                text = block[s:e]
            if len(words(text)) >= 4 and not text.rstrip().endswith("?"):
                found.append(QuotableSentence(cursor + s, cursor + e, cursor, headline))
        cursor += end - start + 1
    return found
