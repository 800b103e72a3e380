"""Reading the sources folder: text, cleaned of page furniture and repeated paragraphs,
with title, publisher and date where the text gives them.

Furniture is recognised by shape and by repetition, never by a list of phrases, because
every new site brings phrases of its own:

- a paragraph repeated inside a file is kept once (its first occurrence);
- a short line that recurs across files is site boilerplate;
- everything after the article's last prose paragraph is page tail (app adverts,
  "read more", bylines, related-headline lists);
- a run of three or more headline-shaped lines is a list of links, and so is a short
  "Label: headline" cross-reference;
- very short lines without sentence punctuation, lines that are only a date, and menus
  ("Home | World | Sport") are navigation, datelines or section labels: they feed the
  metadata but are not cited;
- a short line that trails off with an ellipsis is a widget or teaser.

Files are read by the reader of their format (assistant/formats.py), which also says
what offsets index: the decoded file for text, an HTML page's extracted main text, a PDF
page's text, a news dump line's `text` field. Offsets are character offsets into that.
"""
from __future__ import annotations

import logging
import os
import pickle
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from .formats import MAX_SOURCE_MB, Document, Skipped, SkippedFile, read_documents
from .schema import Block, Source
from .text import ends_like_sentence, fold, sentence_spans, words

log = logging.getLogger(__name__)

PROSE_MIN_WORDS = 15  # a paragraph of an article, as opposed to a label or a teaser
SHORT_WORDS = 3  # at most this many words and no sentence punctuation: a label
BOILERPLATE_MAX_WORDS = 15
LINK_RUN = 3  # this many headline-shaped lines in a row: a list of links
MARKUP = "*#_>|= \t-"
CROSS_REFERENCE = re.compile(r"^[A-Z][\w’']*(?: [\w’']+)?:\s+\S")
DATELINE_PUBLISHER = re.compile(r"^[A-Z][\w .’'-]{1,40}?\(([^()]{3,60})\)\s*[–—-]")
DOMAIN = re.compile(r"\b([\w-]+\.(?:[a-z]{2,6}))\b", re.I)


OUTSIDE = "a link pointing outside the sources folder"


def inside(path: Path, folder: Path) -> bool:
    """Whether `path`, its links followed, lies inside `folder`."""
    return path.resolve().is_relative_to(folder.resolve())


def source_files(folder: Path) -> Iterator[Path]:
    """Every visible file below `folder`, in a stable order, and every link there that points
    out of it (to a file or a folder): those are skipped, never followed, since a sources
    folder may be shared and its links may not be (read_documents_of says so)."""
    for dirpath, dirnames, filenames in os.walk(folder):  # it does not enter linked folders
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        links_out = [d for d in dirnames if (Path(dirpath) / d).is_symlink() and not inside(Path(dirpath) / d, folder)]
        for name in sorted(n for n in filenames + links_out if not n.startswith(".")):
            yield Path(dirpath) / name


def display_path(path: Path) -> str:
    """The path users see and cite: relative to the working directory when inside it."""
    absolute = path.resolve() if not path.is_symlink() else path.absolute()
    try:
        return absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


def _lines(text: str) -> list[tuple[int, int]]:
    # Whitespace-only lines (a CRLF file's blank lines are "\r") separate paragraphs.
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def raw_blocks(text: str, page: int | None = None, width: int | None = None) -> list[Block]:
    """Paragraph-sized pieces of the text with offsets, markup trimmed from their ends.
    A line joins the one before it when that one ran to the text's wrap width, so it was
    wrapped rather than ended. The width is given (a PDF's lines) or read off the file;
    a file that is not hard-wrapped has none, and each of its lines is a piece."""
    lines = _lines(text)
    width = width or _wrap_width(lines, text)
    pieces: list[tuple[int, int]] = []
    previous = 0
    for start, end in lines:
        ran_full = width is not None and previous >= width - max(12, width // 5)
        if ran_full and pieces and text[pieces[-1][1]:start].count("\n") == 1:
            pieces[-1] = (pieces[-1][0], end)
        else:
            pieces.append((start, end))
        previous = len(text[start:end].rstrip())
    blocks = []
    for start, end in pieces:
        while start < end and (text[start] in MARKUP or text[start].isspace()):
            start += 1
        while end > start and (text[end - 1] in MARKUP or text[end - 1].isspace()):
            end -= 1
        if start < end and words(text[start:end]):
            blocks.append(Block(start, end, text[start:end], page))
    return blocks


def _wrap_width(lines: list[tuple[int, int]], text: str) -> int | None:
    """The width a hard-wrapped file breaks its lines at, or None: among the lines that
    run straight on into the next, at least half end within a few characters of one width."""
    running_on = [len(text[s:e].rstrip()) for (s, e), (next_start, _) in zip(lines, lines[1:])
                  if text[e:next_start].count("\n") == 1]
    if len(running_on) < 5:
        return None
    width = sorted(running_on)[int(len(running_on) * 0.9)]
    near = sum(width - 12 <= n <= width for n in running_on)
    return width if 40 <= width <= 120 and near >= max(3, len(running_on) / 2) else None


def is_prose(text: str) -> bool:
    return len(words(text)) >= PROSE_MIN_WORDS and ends_like_sentence(text)


def _is_headline(text: str) -> bool:
    return len(words(text)) <= BOILERPLATE_MAX_WORDS and not text.rstrip().endswith((".", ":", ";"))


def _is_label(text: str) -> bool:
    return len(words(text)) <= SHORT_WORDS and not ends_like_sentence(text)


def _is_widget(text: str) -> bool:
    stripped = text.rstrip()
    return len(words(text)) < 10 and (stripped.endswith("…") or stripped.endswith("..."))


MENU_SEPARATOR = re.compile(r"\s[|•·»›>/]\s")


def _is_menu(text: str) -> bool:
    """A navigation bar or breadcrumb: three or more short items between separators."""
    items = MENU_SEPARATOR.split(text)
    return len(items) >= 3 and all(len(words(item)) <= 3 for item in items)


def _is_token_junk(text: str) -> bool:
    """A byline or address: one token of letters and slashes/dots/@, no spaces."""
    return " " not in text.strip() and bool(re.search(r"[/@]|\.\w", text))


def furniture(blocks: list[Block], boilerplate: set[str]) -> set[int]:
    """Indexes of the blocks that are page furniture, not article text."""
    junk: set[int] = set()
    texts = [b.text for b in blocks]
    for i, text in enumerate(texts):
        short_cross_ref = CROSS_REFERENCE.match(text) and len(words(text)) <= 25 and not is_prose(text.split(":", 1)[0])
        if (fold(text) in boilerplate or _is_label(text) or _is_widget(text)
                or _is_menu(text) or _is_token_junk(text) or short_cross_ref or _as_date(text)):
            junk.add(i)
    prose = [i for i, text in enumerate(texts) if is_prose(text)]
    # Lists of links inside the body: runs of headline-shaped lines (labels and datelines
    # between them don't break a run), with the one-line label that heads them. The header
    # above the first paragraph is left alone: title and standfirst are headline-shaped too.
    run: list[int] = []
    for i in range(prose[0] + 1 if prose else len(texts), len(texts) + 1):
        if i < len(texts) and _is_headline(texts[i]) and not is_prose(texts[i]):
            run.append(i)
            continue
        if sum(not _is_label(texts[j]) for j in run) >= LINK_RUN:
            junk.update(run)
            if run[0] > 0 and _is_label(texts[run[0] - 1]):
                junk.add(run[0] - 1)
        run = []
    # Page tail: nothing after the last prose paragraph belongs to the article.
    if prose:
        junk.update(range(prose[-1] + 1, len(texts)))
    return junk


def metadata(blocks: list[Block], text: str) -> tuple[str | None, str | None, str | None]:
    """(title, publisher, date) as far as the text gives them."""
    prose = [i for i, b in enumerate(blocks) if is_prose(b.text)] + [len(blocks)] * 2
    first_prose = prose[0]
    # The headline: the first headline-shaped line before the second paragraph (a
    # standfirst may come before it), not a dateline.
    head = blocks[: max(prose[1], 1)]
    title = next((b.text for b in head if _is_headline(b.text) and len(words(b.text)) >= 4
                  and not _as_date(b.text) and not _is_menu(b.text)), None)
    if title is None and blocks:
        first = blocks[0].text
        spans = sentence_spans(first)
        title = first[: spans[0][1]] if spans else first
        if len(title) > 100:
            title = title[:97].rsplit(" ", 1)[0] + "…"
    date = next((d for b in blocks[: first_prose + 3] if (d := _as_date(b.text))), None)
    publisher = None
    if first_prose < len(blocks) and (m := DATELINE_PUBLISHER.match(blocks[first_prose].text)):
        publisher = m.group(1).strip()
    if publisher is None:
        publisher = next((m.group(1) for line in text.splitlines() if _is_token_junk(line)
                          and (m := DOMAIN.search(line.strip().rsplit("/", 1)[-1]))), None)
    return title, publisher, date


def _as_date(text: str) -> str | None:
    """ISO date if the whole line is a date (with an optional time), like a dateline."""
    if len(words(text)) > 6 or not re.search(r"\b(19|20)\d\d\b", text):
        return None
    from dateutil import parser

    try:
        return parser.parse(text, fuzzy=False).date().isoformat()
    except (ValueError, OverflowError):
        return None


def document_blocks(doc: Document) -> list[Block]:
    """The raw blocks of every page, each knowing its page. A reflowed document's (a PDF's)
    wrap width is learned from all its pages at once: one page may have too few lines."""
    width = None
    if doc.reflow:
        lengths = sorted(len(page.text[s:e].rstrip()) for page in doc.pages for s, e in _lines(page.text))
        width = lengths[int(len(lengths) * 0.8)] if len(lengths) >= 3 else None
    return [block for page in doc.pages for block in raw_blocks(page.text, page.number, width)]


def read_documents_of(folder: Path, skipped: list[tuple[str, str]],
                      max_mb: float = MAX_SOURCE_MB) -> Iterator[Document]:
    """Every document of every file below `folder`, by the reader of its format; what cannot
    be read (or is over `max_mb`) is skipped with a warning and listed in `skipped` as (key, reason)."""
    for path in source_files(folder):
        file = path.relative_to(folder).as_posix()
        try:
            if not inside(path, folder):
                raise SkippedFile(OUTSIDE)
            articles = 0
            for doc in read_documents(path, file, max_mb):
                if isinstance(doc, Skipped):
                    log.warning("skipped %s: %s", display_path(path) + doc.key[len(file):], doc.reason)
                    skipped.append((doc.key, doc.reason))
                else:
                    articles += 1
                    yield doc
            if not articles:  # a news dump none of whose lines is an article
                raise SkippedFile("no article in it")
        except SkippedFile as why:
            log.warning("skipped %s: %s", display_path(path), why)
            skipped.append((file, str(why)))


def boilerplate_lines(docs: Iterable[Document]) -> set[str]:
    """Short lines that occur in two or more documents: the site's own furniture."""
    seen: Counter[str] = Counter()
    for doc in docs:
        seen.update({fold(b.text) for b in document_blocks(doc) if len(words(b.text)) <= BOILERPLATE_MAX_WORDS})
    return {line for line, count in seen.items() if count >= 2}


def _spooled(docs: Iterable[Document], spool) -> Iterator[Document]:
    for doc in docs:
        pickle.dump(doc, spool, protocol=pickle.HIGHEST_PROTOCOL)
        yield doc


def _unspooled(spool) -> Iterator[Document]:
    spool.seek(0)
    while True:
        try:
            yield pickle.load(spool)
        except EOFError:
            return


def clean(doc: Document, boilerplate: set[str]) -> Source:
    blocks = document_blocks(doc)
    title, publisher, date = metadata(blocks, "\n".join(page.text for page in doc.pages))
    junk = furniture(blocks, boilerplate)
    kept, seen = [], set()
    for i, block in enumerate(blocks):
        key = fold(block.text)
        if i in junk or key in seen:
            continue
        seen.add(key)
        kept.append(block)
    # What the format itself says (HTML and PDF metadata, a dump's fields) beats a guess.
    return Source(path=display_path(doc.path) + doc.fragment, key=doc.key, title=doc.title or title,
                  publisher=doc.publisher or publisher, date=doc.date or date, blocks=tuple(kept),
                  url=doc.url, file=doc.file if doc.fragment else None)


def read_sources(folder: Path, skipped: list[tuple[str, str]] | None = None,
                 max_mb: float = MAX_SOURCE_MB) -> Iterator[Source]:
    """Every readable article below `folder`, cleaned. Unreadable files (and lines of news
    dumps) are skipped with a warning naming them, and listed in `skipped` as (key, reason)
    when given. Each file is read and extracted once; the documents wait in a temporary
    spool file while the corpus's boilerplate is learned, then are cleaned one at a time,
    so memory holds one document, not the corpus."""
    skipped = [] if skipped is None else skipped
    with tempfile.TemporaryFile() as spool:
        boilerplate = boilerplate_lines(_spooled(read_documents_of(folder, skipped, max_mb), spool))
        for doc in _unspooled(spool):
            source = clean(doc, boilerplate)
            if source.blocks:
                yield source
            else:
                log.warning("skipped %s: no article text", source.path)
                skipped.append((source.key, "no article text"))
