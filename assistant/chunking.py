"""Sources into Chunks: consecutive blocks packed up to a size, long paragraphs split at
sentence boundaries (a run-on sentence at its clauses), offsets kept into the original
file. A chunk keeps to one page of a PDF, so that one page number locates all its offsets.
A block that runs on the sentence of the one before it across a print page's jump
(Block.continues) follows it after a space, not a line break (`joined`), in one chunk.
A table's rows are blocks like any other; each chunk records which of its blocks are table
rows and their header rows, and is searched under the header of every table whose header
row it does not hold itself."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from .furniture import is_headline, labelled_figure
from .measures import FIGURE
from .schema import Block, Chunk, Source
from .text import MAX_QUOTE, clause_spans, ends_like_sentence, fold, is_question, quotable_spans, sentence_spans, words

MAX_CHARS = 600  # about one news paragraph: small enough to retrieve precisely


def _pieces(block: Block) -> Iterator[Block]:
    """The block, or groups of its quotable units (sentences, a run-on one cut at its
    clauses: text.quotable_spans) no longer than MAX_CHARS."""
    if len(block.text) <= MAX_CHARS:
        yield block
        return
    start = end = None
    first = True
    for s, e in quotable_spans(block.text):
        if start is not None and e - start > MAX_CHARS:
            yield Block(block.start + start, block.start + end, block.text[start:end], block.page,
                        block.table, block.header, block.continues and first)
            start, first = None, False
        start = s if start is None else start
        end = e
    if start is not None:
        yield Block(block.start + start, block.start + end, block.text[start:end], block.page,
                    block.table, block.header)


def joined(group: list[Block]) -> str:
    """A chunk's text: its blocks' texts, each on a line of its own, but a block that runs on
    the sentence of the one before it (Block.continues) after a space."""
    return "".join(("" if i == 0 else " " if b.continues else "\n") + b.text for i, b in enumerate(group))


def headline(source: Source) -> str:
    """The title that heads the source's chunks in the index: its title, unless that was
    cut from the opening sentence of its first paragraph (what sources.metadata falls back
    on when no line looks like a headline). That is body text, not a summary: above every
    chunk, it would make each seem to say what only the first paragraph says."""
    title = (source.title or "").strip()
    if not source.blocks:
        return title
    first = source.blocks[0].text
    spans = sentence_spans(first)
    opens_paragraph = len(spans) > 1 and f"{fold(first[:spans[0][1]])} ".startswith(f"{fold(title)} ")
    return "" if opens_paragraph else title


def chunk_header(headline: str, group: list[Block], text: str) -> str:
    """What a chunk is searched under: its source's headline, unless the chunk holds it
    already (its words would count twice; compared word by word, so a title cut short with
    "…" is found too), then the header row of each table whose rows it holds without it, so
    that a row's column names are searched with it as the headline is."""
    lines = [] if not headline or f" {fold(headline)} " in f" {fold(text)} " else [headline]
    own = {b.text for b in group if b.table == "header"}
    for block in group:
        if block.header and block.header not in own and block.header not in lines:
            lines.append(block.header)
    return "\n".join(lines)


def searched_text(header: str, text: str) -> str:
    """What the index embeds and BM25 matches for a chunk: its text under its header, its
    source's headline (a "contextual chunk header"). A paragraph seldom names what its
    article is about, and the headline sits in one chunk only, so without it the other
    chunks lack the topic's words, and a question naming the topic and a detail matches no
    chunk in full. Only the searching changes: a chunk's stored text, offsets and quotes
    are its own. `nodes.to_node` builds nodes whose EMBED content is this."""
    return f"{header}\n\n{text}" if header else text


def chunk_id(searched: str, place: str) -> str:
    """The hash of what is searched (`searched_text`), then of its place: a chunk whose
    text moved (an edit above it) keeps the first part, so its vector can be reused instead
    of embedded again; a new headline changes it, so the chunk is embedded again."""
    return f"{_digest(searched)}-{_digest(place)[:8]}"


def text_key(chunk_id: str) -> str:
    return chunk_id.split("-", 1)[0]


def _digest(value: str) -> str:
    return hashlib.sha1(value.encode()).hexdigest()[:16]


# A paragraph opening with a phrase that points back at what the one before it said:
# "Pezeshkian used those words…", "Tehran rejects these claims". (A pronoun points back too,
# but to a person named anywhere before: measured, repeating the paragraph before every
# such chunk moved as many answers each way.)
POINTS_BACK = re.compile(r"\b(?:these|those|such|this|that)\s+"
                         r"(?:words|remarks|comments|claims|allegations|accusations|charges)\b", re.IGNORECASE)


def leans_on(previous: Block, piece: Block) -> bool:
    """Whether `piece` cannot be read without the paragraph `previous` before it: it answers
    the question `previous` asks (an interview), it is what `previous` announces with a
    colon ("The following federal bodies shall be competent…:" over a lettered list), or its
    first sentence points back (POINTS_BACK); neither is a table's line."""
    spans = sentence_spans(piece.text)
    first = piece.text[spans[0][0]:spans[0][1]] if spans else piece.text
    return not previous.table and not piece.table and (
        is_question(previous.text) or previous.text.rstrip().endswith(":") or bool(POINTS_BACK.search(first)))


def chunk_source(source: Source) -> list[Chunk]:
    """The source's blocks grouped into chunks of at most MAX_CHARS characters, a block cut
    at its sentences where longer (`_pieces`). A chunk opening with a paragraph that leans
    on the one before it (`leans_on`: "Pezeshkian used those words…" after a pull quote,
    an interview's answer after its question) repeats that one first, when both fit in
    MAX_CHARS: which words, and what is answered, are then in the chunk."""
    head = headline(source)
    groups: list[list[Block]] = [[]]
    for piece in (p for block in source.blocks for p in _pieces(block)):
        size = sum(len(b.text) + 1 for b in groups[-1])
        if groups[-1] and (size + len(piece.text) > MAX_CHARS or piece.page != groups[-1][-1].page):
            previous = groups[-1][-1]
            # Repeated only where both fit in one chunk: the model reads 256 tokens at most.
            repeat = (previous.page == piece.page and len(previous.text) + 1 + len(piece.text) <= MAX_CHARS
                      and (leans_on(previous, piece) or piece.continues))
            groups.append([previous] if repeat else [])
        groups[-1].append(piece)
    chunks = []
    for group in filter(None, groups):
        if group[0].continues:  # its sentence's start is in the chunk before: read alone here
            group[0] = replace(group[0], continues=False)
        text = joined(group)
        spans = tuple((b.start, b.end) for b in group)
        page = group[0].page
        place = f"{source.key}\0{spans}" + (f"\0{page}" if page is not None else "")
        tables = tuple(b.table for b in group) if any(b.table for b in group) else ()
        if tables:  # the table's layout is part of what is stored: it is hashed too
            place += f"\0{tables}"
        header = chunk_header(head, group, text)
        chunks.append(Chunk(id=chunk_id(searched_text(header, text), place), source=source.path,
                            title=source.title, publisher=source.publisher, date=source.date, text=text,
                            spans=spans, page=page, url=source.url, header=header, tables=tables,
                            row_headers=tuple(b.header for b in group) if tables else ()))
    return chunks


@dataclass(frozen=True)
class QuotableSentence:
    """A unit of a chunk that an answer may quote: a sentence, a clause of a run-on one, or a
    table row; offsets index the chunk's text."""

    start: int
    end: int
    paragraph: int  # where its paragraph starts: what "he added" or "it" refers back to
    headline: bool  # from a title or subhead rather than a paragraph
    header: str | None = None  # a table row's header row, shown with it (Citation.header)


MIN_QUOTE_WORDS = 4  # a shorter fragment says too little to quote


def quotable_units(block: str, spans: list[tuple[int, int]], answers: bool = False) -> list[tuple[int, int]]:
    """Of `spans` (the sentences of `block`), what an answer may quote. A fragment of fewer
    than MIN_QUOTE_WORDS words says too little alone: it is joined to the sentence after it
    when the two stay within text.MAX_QUOTE characters (an interview's "Eleven. When the
    first phase went live there were only four."). One that nothing follows in its block is
    quoted alone when it states a figure ("Trade rose 17%.", "Length: 162 km") or `answers`
    the question before its block ("Q: Has an arms deal been announced?" ¶ "A: No."), else
    left out. A question is never quoted, nor a piece with no letters: a list's number
    ("1. Status. The treaty…") measures nothing."""
    units: list[tuple[int, int]] = []
    pending: int | None = None  # where a fragment waiting for its sentence starts
    for s, e in spans:
        if pending is None and not any(c.isalpha() for c in block[s:e]):
            continue
        start = s if pending is None else pending
        pending = None
        if is_question(block[start:e]):
            continue
        if len(words(block[start:e])) < MIN_QUOTE_WORDS:
            pending = start
            continue
        units.append((start, e) if e - start <= MAX_QUOTE else (s, e))
    if pending is not None and (answers or FIGURE.search(block[pending:spans[-1][1]])):
        units.append((pending, spans[-1][1]))
    return units


# An interviewer's turn, labelled as the question it is ("Q: You once said the plant would
# employ 3,000 people. How many do you have today?"): what it states is the asker's premise,
# which the answer after it may correct, not the source's word. It is searched (it says
# what the answer is about, Sentence.answers) but never quoted.
QUESTION_TURN = re.compile(r"^\W*(?:Q|Question)\s*[:.—–-]\s", re.IGNORECASE)


def quotable_sentences(chunk: Chunk) -> list[QuotableSentence]:
    """The units an answer may quote, in order, none longer than text.MAX_QUOTE characters:
    sentences, a run-on one cut at its clauses (text.quotable_spans), and each table row
    whole, with its table's header; not questions nor an interviewer's labelled turn
    (QUESTION_TURN), fragments that say too little alone (`quotable_units`), nor a table's
    header row (it is shown with each row). The index
    stores a vector for each, in this order (see embeddings.embed_with_sentences)."""
    found, cursor = [], 0
    previous = ""
    for i, (start, end) in enumerate(chunk.spans):
        block = chunk.text[cursor:cursor + end - start]
        table = chunk.tables[i] if chunk.tables else ""
        if table == "row":
            header = chunk.row_headers[i] if chunk.row_headers else None
            # A row states one fact across its cells: whole, however its cells punctuate ("Art. 26
            # | Tourism | …" is no sentence "Art." and another), cut at its clauses only if long.
            found.extend(QuotableSentence(cursor + s, cursor + e, cursor, False, header)
                         for s, e in clause_spans(block, 0, len(block.rstrip()), MAX_QUOTE) if words(block[s:e]))
        elif not table and not QUESTION_TURN.match(block):
            # Titles and subheads end in no stop, and are short: a transcript's run-on turn
            # is no headline, though it ends in no stop either, nor a fact sheet's "Label:
            # figure" line ("Crossing time: 52 hours berth to berth": a fact, furniture.labelled_figure).
            headline = not ends_like_sentence(block) and is_headline(block) and not labelled_figure(block)
            for s, e in quotable_units(block, quotable_spans(block, MAX_QUOTE), answers=is_question(previous)):
                found.append(QuotableSentence(cursor + s, cursor + e, cursor, headline))
        previous = block
        cursor += end - start + 1
    return found


def searched_sentences(chunk: Chunk) -> tuple[str, list[tuple[int, int]]]:
    """What the index embeds for a chunk (`searched_text`), and where in it each of the
    chunk's quotable sentences lies: below the header, if any."""
    searched = searched_text(chunk.header, chunk.text)
    shift = len(searched) - len(chunk.text)
    return searched, [(shift + q.start, shift + q.end) for q in quotable_sentences(chunk)]
