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
- very short lines without sentence punctuation, and lines that are only a date, are
  navigation, datelines or section labels: they feed the metadata but are not cited;
- a short line that trails off with an ellipsis is a widget or teaser.

Offsets are character offsets into the decoded text of the original file.
"""
from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .schema import Block, Source
from .text import ends_like_sentence, fold, sentence_spans, words

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
PROSE_MIN_WORDS = 15  # a paragraph of an article, as opposed to a label or a teaser
SHORT_WORDS = 3  # at most this many words and no sentence punctuation: a label
BOILERPLATE_MAX_WORDS = 15
LINK_RUN = 3  # this many headline-shaped lines in a row: a list of links
MARKUP = "*#_>|= \t-"
CROSS_REFERENCE = re.compile(r"^[A-Z][\w’']*(?: [\w’']+)?:\s+\S")
DATELINE_PUBLISHER = re.compile(r"^[A-Z][\w .’'-]{1,40}?\(([^()]{3,60})\)\s*[–—-]")
DOMAIN = re.compile(r"\b([\w-]+\.(?:[a-z]{2,6}))\b", re.I)


class SkippedFile(Exception):
    """A file in the sources folder that cannot be read as an article."""


@dataclass(frozen=True)
class RawFile:
    path: Path
    key: str
    text: str


def source_files(folder: Path) -> Iterator[Path]:
    """Every regular, visible file below `folder`, in a stable order. Links are not followed
    out of the folder: a sources folder may be shared, its links may not be."""
    root = folder.resolve()
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                log.warning("skipped %s: a link pointing outside the sources folder", path)
                continue
            yield path


def display_path(path: Path) -> str:
    """The path users see and cite: relative to the working directory when inside it."""
    absolute = path.resolve() if not path.is_symlink() else path.absolute()
    try:
        return absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


def decode(path: Path) -> str:
    """The file's text, or SkippedFile saying why not."""
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise SkippedFile(f"unsupported file type {path.suffix or '(none)'}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SkippedFile(f"unreadable ({exc.strerror or exc})") from exc
    if not data.strip():
        raise SkippedFile("empty")
    if b"\x00" in data[:8192]:
        raise SkippedFile("binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        guess = from_bytes(data).best()
        if guess is None:
            raise SkippedFile("not valid text in any known encoding") from None
        log.warning("%s is not UTF-8; read it as %s", path, guess.encoding)
        return str(guess)


def raw_blocks(text: str) -> list[Block]:
    """Paragraph-sized pieces of the file with offsets, markup trimmed from their ends.
    Hard-wrapped files (most lines of one width) join lines up to the next blank line."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    wrapped = _hard_wrapped([text[s:e] for s, e in lines])
    pieces: list[tuple[int, int]] = []
    for start, end in lines:
        if wrapped and pieces and text[pieces[-1][1]:start].count("\n") == 1:
            pieces[-1] = (pieces[-1][0], end)
        else:
            pieces.append((start, end))
    blocks = []
    for start, end in pieces:
        while start < end and (text[start] in MARKUP or text[start].isspace()):
            start += 1
        while end > start and (text[end - 1] in MARKUP or text[end - 1].isspace()):
            end -= 1
        if start < end and words(text[start:end]):
            blocks.append(Block(start, end, text[start:end]))
    return blocks


def _hard_wrapped(lines: list[str]) -> bool:
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    if len(lengths) < 6:
        return False
    width = sorted(lengths)[int(len(lengths) * 0.8)]
    return 50 <= width <= 100 and sum(width - 15 <= n <= width for n in lengths) >= 0.6 * len(lengths)


def _is_prose(text: str) -> bool:
    return len(words(text)) >= PROSE_MIN_WORDS and ends_like_sentence(text)


def _is_headline(text: str) -> bool:
    return len(words(text)) <= BOILERPLATE_MAX_WORDS and not text.rstrip().endswith((".", ":", ";"))


def _is_label(text: str) -> bool:
    return len(words(text)) <= SHORT_WORDS and not ends_like_sentence(text)


def _is_widget(text: str) -> bool:
    stripped = text.rstrip()
    return len(words(text)) < 10 and (stripped.endswith("…") or stripped.endswith("..."))


def _is_token_junk(text: str) -> bool:
    """A byline or address: one token of letters and slashes/dots/@, no spaces."""
    return " " not in text.strip() and bool(re.search(r"[/@]|\.\w", text))


def furniture(blocks: list[Block], boilerplate: set[str]) -> set[int]:
    """Indexes of the blocks that are page furniture, not article text."""
    junk: set[int] = set()
    texts = [b.text for b in blocks]
    for i, text in enumerate(texts):
        short_cross_ref = CROSS_REFERENCE.match(text) and len(words(text)) <= 25 and not _is_prose(text.split(":", 1)[0])
        if (fold(text) in boilerplate or _is_label(text) or _is_widget(text)
                or _is_token_junk(text) or short_cross_ref or _as_date(text)):
            junk.add(i)
    prose = [i for i, text in enumerate(texts) if _is_prose(text)]
    # Lists of links inside the body: runs of headline-shaped lines (labels and datelines
    # between them don't break a run), with the one-line label that heads them. The header
    # above the first paragraph is left alone: title and standfirst are headline-shaped too.
    run: list[int] = []
    for i in range(prose[0] + 1 if prose else len(texts), len(texts) + 1):
        if i < len(texts) and _is_headline(texts[i]) and not _is_prose(texts[i]):
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
    prose = [i for i, b in enumerate(blocks) if _is_prose(b.text)] + [len(blocks)] * 2
    first_prose = prose[0]
    # The headline: the first headline-shaped line before the second paragraph (a
    # standfirst may come before it), not a dateline.
    head = blocks[: max(prose[1], 1)]
    title = next((b.text for b in head if _is_headline(b.text) and len(words(b.text)) >= 4
                  and not _as_date(b.text)), None)
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


def read_raw(paths: Iterable[Path], folder: Path, skipped: list[tuple[str, str]]) -> Iterator[RawFile]:
    for path in paths:
        key = path.relative_to(folder).as_posix()
        try:
            yield RawFile(path, key, decode(path))
        except SkippedFile as why:
            log.warning("skipped %s: %s", display_path(path), why)
            skipped.append((key, str(why)))


def boilerplate_lines(files: Iterable[RawFile]) -> set[str]:
    """Short lines that occur in two or more files: the site's own furniture."""
    seen: Counter[str] = Counter()
    for raw in files:
        seen.update({fold(b.text) for b in raw_blocks(raw.text) if len(words(b.text)) <= BOILERPLATE_MAX_WORDS})
    return {line for line, count in seen.items() if count >= 2}


def clean(raw: RawFile, boilerplate: set[str]) -> Source:
    blocks = raw_blocks(raw.text)
    title, publisher, date = metadata(blocks, raw.text)
    junk = furniture(blocks, boilerplate)
    kept, seen = [], set()
    for i, block in enumerate(blocks):
        key = fold(block.text)
        if i in junk or key in seen:
            continue
        seen.add(key)
        kept.append(block)
    return Source(path=display_path(raw.path), key=raw.key, title=title, publisher=publisher,
                  date=date, blocks=tuple(kept))


def read_sources(folder: Path, skipped: list[tuple[str, str]] | None = None) -> Iterator[Source]:
    """Every readable article below `folder`, cleaned. Unreadable files are skipped with a
    warning naming them (and listed in `skipped` as (key, reason) when given). Files are
    read twice, once to learn the corpus's boilerplate and once to clean, so memory stays
    bounded."""
    skipped = [] if skipped is None else skipped
    paths = list(source_files(folder))
    boilerplate = boilerplate_lines(read_raw(paths, folder, []))
    for raw in read_raw(paths, folder, skipped):
        source = clean(raw, boilerplate)
        if source.blocks:
            yield source
        else:
            log.warning("skipped %s: no article text", source.path)
            skipped.append((source.key, "no article text"))
