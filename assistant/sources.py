"""Reading the sources folder: text, cleaned of page furniture, repeated paragraphs and
text addressed to an AI, with title, publisher and date where the text gives them, and a
record of everything left out and why (Source.removed), for `treaty-assistant index` and
`sources show`.

Files are read by the reader of their format (assistant/formats.py), which also says
what offsets index: the decoded file for text, an HTML page's extracted main text, a PDF
page's text, a news dump article's text field. Offsets are character offsets into that.
The text is cut into blocks (paragraphs, lines, table rows: assistant/tables.py); a wrapped
line continues its block (`raw_blocks`: a line run to the file's wrap width, an item's line
under its HANGING INDENT, a line WRAPPED MID-SENTENCE on a function word), while a list item
of any numbering (ITEM), a part's heading ("Article 2") or a field opens its own. The title
is the first headline-shaped line of the head that is no furniture (a masthead), no field
("Registration number: 0407…") and no RUBRIC (a short line in capitals: "FEDERAL LAW",
"UNOFFICIAL TRANSLATION"), and the act's title under its rubric may run long; then

- sentences addressed to an AI are flagged and taken out of their block
  (assistant/injection.py);
- page furniture is found by its features and context (assistant/furniture.py), and the
  site's boilerplate by repetition across the corpus (`boilerplate_lines`);
- a paragraph repeated inside a file is kept once, at its first occurrence. A paragraph
  that two files share is kept in both: each source says it.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import furniture
from .formats import MAX_SOURCE_MB, Document, Skipped, SkippedFile, read_documents
from .injection import flagged_spans
from .schema import DUPLICATE, FLAGGED, FURNITURE, Block, Removed, Source
from .tables import BULLETS, LIST_ITEM, find_tables
from .text import ends_like_sentence, english_stopwords, fold, sentence_spans, words

log = logging.getLogger(__name__)

# A list item's marker, of any numbering: a bullet, "1.", "1.2.", "b)", "(iv)", "A." (tables.LIST_ITEM
# knows bullets and plain numbers only, where a table's first cell could be taken for one).
ITEM = re.compile(rf"^\s*(?:[{re.escape(BULLETS)}]|\(?(?:\d{{1,3}}(?:\.\d{{1,3}})*|[A-Za-z]|[ivxlc]{{1,6}}|[IVXLC]{{1,6}})[.)])\s+(?=\S)")
RULE = re.compile(r"[^\S\n]*([-=_*~—─━═])(?:[^\S\n]*\1){2,}[^\S\n]*$")  # see raw_blocks
MARKUP = "*#_>|= \t-"  # trimmed from a block's ends; at its start, "-" only as a BULLET
# At a block's start a run of bullets before a space is a list item's marker ("- ", "• ",
# "-- "), markup; a "-" before anything else is text: "-16% was the fall in trade" is a
# negative figure, not a bullet (an item's number, "1.", stays: chunking.quotable_units leaves it out of quotes).
BULLET = re.compile(rf"[{re.escape(BULLETS)}]+(?=\s)")
# A wire dateline names its agency: "MOSCOW, Jan 17 (Reuters) -", "ASTARA, Azerbaijan, March 4 (Meridian Wire) -".
DATELINE_PUBLISHER = re.compile(r"^[A-Z][\w .,’'-]{1,60}?\(([^()]{3,60})\)\s*[–—-]")
# The byline: who published an article, named on a short line beside its dateline, before a
# separator on the dateline itself ("Institute for Caspian Security Studies, Vienna · 3
# February 2025") or on the line just above it ("Express Desk" over "18 Jan 2025, 00:42").
BYLINE_SEPARATOR = re.compile(r"\s+[·|•—–]\s+")
NAME_CONNECTORS = {"of", "for", "and", "the", "de", "al", "du", "von", "van", "&"}  # lower-case inside names
BYLINE_WORDS = 8  # at most, in a publisher's name and place ("Institute for Caspian Security Studies, Vienna")
# A memo's or an e-mail's header fields (RFC 5322's names, and a memo's "Re"): "Date: 20
# January 2026" dates it as a dateline does, "Subject:" titles it, "From:" names who sent it.
MEMO_FIELD = re.compile(r"^\W*(to|from|date|subject|re|cc|sent)\s*:\s*(\S.*)$", re.I)
# The address after a sender's name, "<newsletter@site.example>" (its ">" may be trimmed as markup).
ADDRESS_PART = re.compile(r"\s*<[^<>\s]+@[^<>\s]+>?\s*$")
DOMAIN = re.compile(r"\b([\w-]+\.(?:[a-z]{2,6}))\b", re.I)
FLAGGED_REASON = "addressed to an AI: instructions, not article text"


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


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end:
        if text[start] != "-" and (text[start] in MARKUP or text[start].isspace()):
            start += 1
        elif bullet := BULLET.match(text, start, end):
            start = bullet.end()
        else:
            break
    while end > start and (text[end - 1] in MARKUP or text[end - 1].isspace()):
        end -= 1
    return start, end


def raw_blocks(text: str, page: int | None = None, width: int | None = None,
               delimiter: str | None = None, breaks: Iterable[int] = ()) -> list[Block]:
    """Paragraph-sized pieces of the text with offsets, markup trimmed from their ends.
    A line joins the one before it when it was wrapped rather than ended: the one before
    ran to the text's wrap width, or (a few words at least) left its sentence open and this
    line starts in lower case (a soft-wrapped Markdown paragraph). The width is given (a
    PDF's lines) or read off the file; a file that is not hard-wrapped has none. A table's
    lines (assistant/tables.py) are pieces of their own, each row knowing its header; a
    table file's cells are split by its `delimiter`. A line starting at one of `breaks` (where
    the layout changes font size: formats.Page.breaks) joins none before it, nor does a line
    next to a rule (RULE: a line of dashes or equals signs)."""
    lines = _lines(text)
    breaks = set(breaks)
    adjacent = [i > 0 and text[lines[i - 1][1]:start].count("\n") == 1 for i, (start, _) in enumerate(lines)]
    tables = find_tables([text[s:e] for s, e in lines], adjacent, delimiter)
    untabled = [line for i, line in enumerate(lines) if i not in tables]
    loose = width or _wrap_width(untabled, text, long_only=True)
    width = width or _wrap_width(untabled, text)
    pieces: list[tuple[int, int, int]] = []  # (start, end, index of its first line)
    previous = 0
    ruled = False  # the line before was a rule
    for i, (start, end) in enumerate(lines):
        # A RULE (a line of dashes, equals signs, underscores or stars alone) separates what is
        # above it from what is below, as a blank line does: a print page's box, advert or page
        # break is ruled off. It joins no line, and none joins it (a piece without words is
        # dropped below). A table's rule lines are the table's.
        if i not in tables and RULE.match(text, start, end):
            pieces.append((start, end, i))
            previous, ruled = 0, True
            continue
        if ruled:
            pieces.append((start, end, i))
            previous, ruled = len(text[start:end].rstrip()), False
            continue
        ran_full = width is not None and previous >= width - max(12, width // 5)
        line = text[start:end].lstrip()
        before = text[slice(*pieces[-1][:2])] if pieces else ""
        # A line that opens a block of its own whatever the line before: a list item of any
        # numbering ("b)", "(iv)", "1.2."), a footnote, a part's heading ("Article 2"), a field.
        opens = bool(ITEM.match(line) or furniture.FOOTNOTE.match(line) or furniture.PART_HEADING.match(line)
                     or furniture.KEY_VALUE.match(line))
        clause_open = bool(before) and not re.search(r"[.:;!?]\W*$", before)
        # HANGING INDENT: an item's wrapped line is set in deeper than the line that opened
        # the item ("   a) … the Federal Service for Military-Technical" ¶ "      Cooperation;"):
        # it continues the item, when the line before left its clause open.
        opener = text[lines[pieces[-1][2]][0]:lines[pieces[-1][2]][1]] if pieces else ""
        hangs = (clause_open and not opens and _indent(text[start:end]) > _indent(opener)
                 and len(words(before)) >= furniture.SENTENCE_MIN_WORDS)
        # WRAPPED MID-SENTENCE: in a file whose long lines end near one width (`_wrap_width`'s
        # loose reading: its short lines, a signature's or a heading's, aside), a line that ran
        # to that width and stopped on a word no sentence ends on (a function word: "…between
        # the", "…and") or on a comma or a dash was wrapped; the next line continues it,
        # capitals and all. (A headline's last word, "…as it happened", is no function word.)
        last = re.search(r"(\w+|[,–—-])\W*$", before)
        mid_sentence = (loose is not None and previous >= loose - max(12, loose // 5) and not opens
                        and last is not None and (last.group(1) in ",–—-" or last.group(1) in english_stopwords()))
        if furniture.PART_HEADING.match(line):
            ran_full = False  # a part's heading opens its part, however full the line before it ran
        # A sentence left open: words running on, not a handle or a label ("nn/wka/Site.pl").
        left_open = (line[:1].islower() and not ends_like_sentence(before)
                     and len(before.split()) >= furniture.SENTENCE_MIN_WORDS)
        # A list item or a footnote opens a line of its own, however full the line before it ran, unless
        # it runs on a paragraph's open sentence ("…his visit to Tehran" ¶ "– a visit that had
        # been postponed twice –"): the line before ran full, ended no clause, and is no item.
        runs_on = ran_full and not LIST_ITEM.match(before.lstrip()) and not re.search(r"[.:;!?]\W*$", before)
        joins = (adjacent[i] and start not in breaks and i not in tables and bool(pieces) and pieces[-1][2] not in tables
                 and (runs_on or not (LIST_ITEM.match(line) or furniture.FOOTNOTE.match(line))))
        if (ran_full or left_open or hangs or mid_sentence) and joins:
            pieces[-1] = (pieces[-1][0], end, pieces[-1][2])
        else:
            pieces.append((start, end, i))
        previous = len(text[start:end].rstrip())
    blocks = []
    for start, end, i in pieces:
        start, end = _trimmed(text, start, end)
        if start < end and words(text[start:end]):
            role = tables.get(i)
            header = None
            if role is not None and role.header is not None:
                # Column names run on over two lines are merged; one line is quoted as it is.
                header = role.merged or text[slice(*_trimmed(text, *lines[role.header]))]
                header = f"{role.caption}\n{header}" if role.caption else header
            blocks.append(Block(start, end, text[start:end], page, role.role if role else "", header))
    return blocks


def _wrap_width(lines: list[tuple[int, int]], text: str, long_only: bool = False) -> int | None:
    """The width a hard-wrapped file breaks its lines at, or None: among the lines that
    run straight on into the next, at least half end within a few characters of one width.
    `long_only`: among those of them longer than half that width (a law's or a letter's
    short lines, its signatory, place and date, its headings, are not wrapped: they only
    hide the width its paragraphs are wrapped at; raw_blocks joins on this reading only a
    line that stopped mid-sentence)."""
    running_on = [len(text[s:e].rstrip()) for (s, e), (next_start, _) in zip(lines, lines[1:])
                  if text[e:next_start].count("\n") == 1]
    if len(running_on) < 5:
        return None
    width = sorted(running_on)[int(len(running_on) * 0.9)]
    if long_only:
        running_on = [n for n in running_on if n > width / 2]
    near = sum(width - 12 <= n <= width for n in running_on)
    return width if 40 <= width <= 120 and near >= max(3, len(running_on) / 2) else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def metadata(blocks: list[Block], text: str, junk: frozenset[int] = frozenset()
             ) -> tuple[str | None, str | None, str | None]:
    """(title, publisher, date) as far as the text gives them. The title is never a line
    of furniture (`junk`, indices into `blocks`: a masthead's menu, a cookie notice); the
    date and publisher may be read from furniture (datelines, handles)."""
    prose = [i for i, b in enumerate(blocks)
             if i not in junk and furniture.is_prose(b.text)] + [len(blocks)] * 2
    first_prose = prose[0]
    # The headline: the first headline-shaped line before the second paragraph (a
    # standfirst may come before it), not a dateline.
    head = [b for i, b in enumerate(blocks[: max(prose[1], 1)]) if i not in junk]
    candidates = [b.text for n, b in enumerate(head)
                  if _title_shaped(b.text, n > 0 and _rubric(head[n - 1].text)) and len(words(b.text)) >= furniture.TITLE_MIN_WORDS
                  and not b.table and not furniture.dateline(b.text) and not furniture.is_menu(b.text)
                  and not furniture.labelled_figure(b.text)]  # a field ("Registration number: 0407…") is no title
    # A RUBRIC: a short line in capitals over the title names the document's kind or stamps it
    # ("DECREE OF THE PRESIDENT", "UNOFFICIAL ENGLISH TRANSLATION", "PRESS STATEMENT"); it is
    # the title only when no other line is.
    title = next((t for t in candidates if not _rubric(t)), candidates[0] if candidates else None)
    content = [b for i, b in enumerate(blocks) if i not in junk] or blocks
    if title is None and content:
        first = content[0].text
        spans = sentence_spans(first)
        title = first[: spans[0][1]] if spans else first
        if len(title) > 100:
            title = title[:97].rsplit(" ", 1)[0] + "…"
    memo = memo_header(blocks[: first_prose + 1])
    if "subject" in memo or "re" in memo:
        title = memo.get("subject") or memo["re"]
    date = next((d for b in blocks[: first_prose + 3]
                 if not b.table and (d := furniture.dated(b.text))), None)
    date = date or furniture.dateline(memo.get("date", ""))
    publisher = None
    if first_prose < len(blocks) and (m := DATELINE_PUBLISHER.match(blocks[first_prose].text)):
        publisher = m.group(1).strip()
    if publisher is None and "from" in memo:
        # An e-mail's sender is "Name <address>" (RFC 5322's display name): the name publishes.
        publisher = ADDRESS_PART.sub("", memo["from"]).strip() or memo["from"]
    if publisher is None:
        publisher = byline(blocks[:first_prose], title)
    if publisher is None:
        publisher = next((m.group(1) for line in text.splitlines() if furniture.is_handle(line)
                          and (m := DOMAIN.search(line.strip().rsplit("/", 1)[-1]))), None)
    return title, publisher, date


RUBRIC_MAX_WORDS = 5  # a document's kind or stamp in capitals: "UNOFFICIAL TRANSLATION FROM RUSSIAN" is 4
TITLE_MAX_WORDS = 30  # a title wrapped over lines: a law's runs to about 20 ("On Ratification of the Treaty on…")


def _rubric(text: str) -> bool:
    """A short line in capitals, one phrase (no separators: "RADIO CASPIAN | THE CORRIDOR HOUR"
    names a programme)."""
    return (text.isupper() and len(words(text)) <= RUBRIC_MAX_WORDS
            and not furniture.MENU_SEPARATOR.search(text) and not BYLINE_SEPARATOR.search(text))


def _title_shaped(text: str, under_rubric: bool = False) -> bool:
    """Headline-shaped (furniture.is_headline). An act's title under the rubric of its kind
    ("FEDERAL LAW" over "On Ratification of the Treaty on … between the Russian Federation and
    the Islamic Republic of Iran") may run longer, to TITLE_MAX_WORDS, wrapped over lines."""
    if under_rubric:
        return len(words(text)) <= TITLE_MAX_WORDS and not text.rstrip().endswith((".", ":", ";", "。"))
    return furniture.is_headline(text)


def refined(written: str | None, created: str | None) -> str | None:
    """The article's date: the one its text writes, else when its file was made. A text that
    names only the month ("2025-03", furniture.dateline) is dated to the day its file was made
    when that falls in the month: the file's day then agrees with the text."""
    if written is None:
        return created
    if len(written) == 7 and created is not None and created.startswith(written):
        return created
    return written


def memo_header(head: list[Block]) -> dict[str, str]:
    """A memo's header fields above its first paragraph ({"date": "20 January 2026",
    "subject": …}, names in lower case): read only where two or more of them stand together
    (a lone "Date:" line is a label, not a memo's header)."""
    found = {m.group(1).lower(): m.group(2).strip() for b in head if (m := MEMO_FIELD.match(b.text.strip()))}
    return found if len(found) >= 2 else {}


def byline(head: list[Block], title: str | None = None) -> str | None:
    """The publisher a byline names (see BYLINE_SEPARATOR) among the blocks before an
    article's first paragraph, the nearest to it first; None when none does. The title is
    no byline, though a dateline may follow it."""
    for i in range(len(head) - 1, -1, -1):
        text = head[i].text.strip()
        name, *when = BYLINE_SEPARATOR.split(text, maxsplit=1)
        if when and furniture.dateline(when[0]) and _is_name(name):
            return name.strip()
        above = head[i - 1].text.strip() if i > 0 else ""
        if furniture.dateline(text) and above != title and _is_name(above):
            return above
    return None


def _is_name(text: str) -> bool:
    """Whether a line is a name: a few capitalised words (NAME_CONNECTORS aside), no figure,
    no sentence's end."""
    tokens = words(text)
    return (0 < len(tokens) <= BYLINE_WORDS and not re.search(r"\d", text)
            and not text.rstrip().endswith((".", ":", "?", "!"))
            and all(t[:1].isupper() or t.lower() in NAME_CONNECTORS for t in tokens))


def running_lines(doc: Document) -> dict[tuple[int | None, int], str]:
    """A paged document's running headers and footers (furniture.running_lines), keyed by
    (page number, line start); none for a document without pages."""
    if doc.pages[0].number is None:
        return {}
    found = furniture.running_lines([page.text for page in doc.pages], [set(page.small) for page in doc.pages])
    return {(doc.pages[n].number, start): reason for (n, start), reason in found.items()}


def document_blocks(doc: Document, running: dict[tuple[int | None, int], str] | None = None) -> list[Block]:
    """The raw blocks of every page, each knowing its page. A reflowed document's (a PDF's)
    wrap width is learned from all its pages at once: one page may have too few lines. A
    running header or footer (`running`: running_lines(doc), found here when not given) is a
    block of its own, joined to no text beside it."""
    width = None
    if doc.reflow:
        lengths = sorted(len(page.text[s:e].rstrip()) for page in doc.pages for s, e in _lines(page.text))
        width = lengths[int(len(lengths) * 0.8)] if len(lengths) >= 3 else None
    running = running_lines(doc) if running is None else running
    blocks = []
    for page in doc.pages:
        alone = {start for number, start in running if number == page.number}
        # A line after a running one starts a block too: the running line joins nothing.
        after = {e + 1 for s, e in _lines(page.text) if s in alone}
        blocks.extend(raw_blocks(page.text, page.number, width, doc.delimiter, {*page.breaks, *alone, *after}))
    return blocks


def without_flagged(blocks: list[Block]) -> tuple[list[Block], list[Removed]]:
    """The blocks with every sentence addressed to an AI taken out (the rest of its
    paragraph stays, in pieces), and what was taken out."""
    kept, flagged = [], []
    for block in blocks:
        spans = flagged_spans(block.text, sentence_spans(block.text))
        if not spans:
            kept.append(block)
            continue
        if block.table:  # a table row is one unit: flagged whole
            spans = [(0, len(block.text))]
        cursor = 0
        for start, end in spans + [(len(block.text), len(block.text))]:
            piece = block.text[cursor:start]
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if words(piece):
                at = block.start + cursor + lead
                kept.append(Block(at, at + len(piece), piece, block.page))
            if end > start:
                flagged.append(Removed(block.start + start, block.start + end, block.page, FLAGGED,
                                       FLAGGED_REASON))
            cursor = end
    return kept, flagged


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


def site_of(doc: Document, blocks: list[Block]) -> str:
    """The site a document comes from, for telling its boilerplate: its publisher as the format
    or the text names it, else the folder it is in."""
    publisher = doc.publisher or metadata(blocks, "\n".join(page.text for page in doc.pages))[1]
    return publisher.lower() if publisher else f"folder:{Path(doc.file).parent.as_posix()}"


class SeenOnce:
    """Which keys were seen before, in a Bloom filter (BITS bits, three hashes taken from
    the key's own digest): the lines of a corpus that occur once — most of them — cost no
    memory of their own. A false "seen" (rare: under 1% at 100,000 distinct lines) counts a
    line's first sighting as a repeat, one too many."""

    BITS = 1 << 20  # 128 KB: the filter's fixed size

    def __init__(self) -> None:
        self.bits = bytearray(self.BITS // 8)

    def before(self, key: bytes) -> bool:
        """Whether `key` was seen before; records it as seen."""
        digest = hashlib.blake2b(key, digest_size=12).digest()
        found = True
        for i in range(3):
            bit = int.from_bytes(digest[4 * i:4 * i + 4], "little") % self.BITS
            byte, mask = bit >> 3, 1 << (bit & 7)
            found = found and bool(self.bits[byte] & mask)
            self.bits[byte] |= mask
        return found


def boilerplate_lines(docs: Iterable[Document]) -> set[bytes]:
    """The keys (furniture.line_key) of the lines that are a site's boilerplate by repetition:
    a line without sentence structure (a headline, a label) that recurs in another document,
    and a line found in at least SITE_MIN_FILES documents of one site and in SITE_MIN_SHARE
    of them that is shapeless or speaks of the page (a standard closing sentence: "This
    article was produced with the support of…"; furniture.speaks_of_page). A sentence on the
    article's subject that many files repeat (a wire's background paragraph, a syndicated
    story in several outlets) is what each of them says, and is kept in each. Only keys are
    kept, not the lines: memory grows with the corpus by a few bytes a line."""
    shapeless: Counter[bytes] = Counter()
    by_site: dict[str, Counter[bytes]] = defaultdict(Counter)
    documents: Counter[str] = Counter()
    seen = SeenOnce()
    for doc in docs:
        blocks = [b for b in document_blocks(doc) if not b.table]
        stoplist = furniture.stoplist_for(b.text for b in blocks)
        keys = {furniture.line_key(b.text): (furniture.shapeless(b.text, stoplist), furniture.speaks_of_page(b.text))
                for b in blocks}
        site = site_of(doc, blocks)
        documents[site] += 1
        for key, (is_shapeless, of_page) in keys.items():  # each line once per document
            if not seen.before(site.encode() + key):
                continue  # a line's first sighting is counted when it comes again
            if is_shapeless or of_page:
                by_site[site][key] += 1 + (0 if key in by_site[site] else 1)
            if is_shapeless:
                shapeless[key] += 1 + (0 if key in shapeless else 1)
    boilerplate = {key for key, count in shapeless.items() if count >= 2}
    for site, counts in by_site.items():
        need = max(furniture.SITE_MIN_FILES, furniture.SITE_MIN_SHARE * documents[site])
        boilerplate.update(key for key, count in counts.items() if count >= need)
    return boilerplate


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


def _line_of(doc: Document, page: int | None, offset: int) -> str:
    text = next(p.text for p in doc.pages if p.number == page)
    line = f"line {text.count(chr(10), 0, offset) + 1}"
    return f"page {page}, {line}" if page is not None else line


def _line_start(doc: Document, block: Block) -> int:
    """Where the line holding a block's start begins in its page's text."""
    text = next(p.text for p in doc.pages if p.number == block.page)
    return text.rfind("\n", 0, block.start) + 1


def clean(doc: Document, boilerplate: set[bytes]) -> Source:
    """The document as a Source: its blocks less furniture, repeats and text addressed to
    an AI, each of which is recorded in Source.removed with its reason."""
    running = running_lines(doc)
    blocks, removed = without_flagged(document_blocks(doc, running))
    marked = {(page.number, start): kind for page in doc.pages
              for kind, starts in (("heading", page.headings), ("contents", page.contents)) for start in starts}
    roles = [marked.get((b.page, _line_start(doc, b))) for b in blocks]
    junk = furniture.classify(blocks, boilerplate, furniture.stoplist_for(b.text for b in blocks), doc.title,
                              headings={i for i, role in enumerate(roles) if role == "heading"},
                              contents={i for i, role in enumerate(roles) if role == "contents"})
    if running:  # a paged document's: by the line each block starts
        junk.update({i: running[key] for i, b in enumerate(blocks)
                     if (key := (b.page, _line_start(doc, b))) in running})
    # Lines the format marks, by the line each block starts: a note to a draft's authors
    # (formats.docx_annotation), another site's post embedded in a page (a tweet:
    # Page.embedded), an e-mail's signature under its "-- " line.
    for reason, lines in ((furniture.ANNOTATION, lambda page: page.annotations),
                          (furniture.EMBEDDED_POST, lambda page: page.embedded),
                          (furniture.SIGNATURE, lambda page: furniture.signature_lines(page.text))):
        marked_lines = {(page.number, start) for page in doc.pages for start in lines(page)}
        if marked_lines:
            junk.update({i: reason for i, b in enumerate(blocks) if (b.page, _line_start(doc, b)) in marked_lines})
    # A title may look like furniture (a headline is label-shaped, "Strengthening Alliances:
    # Russia and Iran Forge…" reads as a cross-reference), but is never a menu or a notice.
    acting = frozenset(i for i, reason in junk.items() if reason not in furniture.SHAPE_ONLY)
    title, publisher, date = metadata(blocks, "\n".join(page.text for page in doc.pages), acting)
    kept: list[Block] = []
    first: dict[tuple[str | None, str], Block] = {}
    for i, block in enumerate(blocks):
        key = (block.header, fold(block.text))
        if i in junk:
            removed.append(Removed(block.start, block.end, block.page, FURNITURE, junk[i]))
        elif key in first and not furniture.key_value(block.text):
            # A key-value line ("Rating: False") says its fact of the text beside it: repeated,
            # it says it of another claim, another vote. A repeated paragraph says nothing new.
            earlier = first[key]
            removed.append(Removed(block.start, block.end, block.page, DUPLICATE,
                                   f"repeats {_line_of(doc, earlier.page, earlier.start)}"))
        else:
            first[key] = block
            kept.append(block)
    kept = _run_on(kept, blocks, junk)
    removed.sort(key=lambda r: (r.page or 0, r.start))
    # What the format itself says (HTML metadata, a dump's fields) beats a guess; when a
    # file was made (Word's or a PDF's properties) is only a guess after the text's own dateline.
    return Source(path=display_path(doc.path) + doc.fragment, key=doc.key, title=doc.title or title,
                  publisher=doc.publisher or publisher, date=doc.date or refined(date, doc.created),
                  blocks=tuple(kept), url=doc.url, file=doc.file if doc.fragment else None,
                  removed=tuple(removed))


def _run_on(kept: list[Block], blocks: list[Block], junk: dict[int, str]) -> list[Block]:
    """RUN-ON ACROSS A JUMP: a print story broken off mid-sentence ("… the port authority said
    the" / "Continued on Page 4 ►") resumes on its page after the "Continued from" line
    ("channel would be dredged…"). When a jump line (furniture.JUMP) lies between two kept
    blocks of text, the first left its sentence open and the second starts in lower case,
    the second runs on the first's sentence (Block.continues): chunking joins them into one."""
    if not any(reason == furniture.JUMP for reason in junk.values()):
        return kept
    index = {(b.page, b.start): i for i, b in enumerate(blocks)}
    out: list[Block] = []
    for block in kept:
        if out and not block.table and not out[-1].table and block.page == out[-1].page:
            before, here = index[(out[-1].page, out[-1].start)], index[(block.page, block.start)]
            jumped = any(junk.get(k) == furniture.JUMP for k in range(before + 1, here))
            if (jumped and block.text[:1].islower() and not ends_like_sentence(out[-1].text)
                    and len(words(out[-1].text)) >= furniture.SENTENCE_MIN_WORDS):
                block = Block(block.start, block.end, block.text, block.page, block.table, block.header, True)
        out.append(block)
    return out


def read_sources(folder: Path, skipped: list[tuple[str, str]] | None = None,
                 max_mb: float = MAX_SOURCE_MB, empty: list[Source] | None = None) -> Iterator[Source]:
    """Every readable article below `folder`, cleaned. Unreadable files (and lines of news
    dumps) are skipped with a warning naming them, and listed in `skipped` as (key, reason)
    when given; so are articles cleaning leaves nothing of, which go to `empty` when given,
    with what was removed from them and why. Each file is read and extracted once; the
    documents wait in a temporary spool file while the corpus's boilerplate is learned,
    then are cleaned one at a time, so memory holds one document, not the corpus."""
    skipped = [] if skipped is None else skipped
    with tempfile.TemporaryFile() as spool:
        boilerplate = boilerplate_lines(_spooled(read_documents_of(folder, skipped, max_mb), spool))
        for doc in _unspooled(spool):
            source = clean(doc, boilerplate)
            if source.blocks:
                yield source
                continue
            kinds = Counter(r.kind for r in source.removed)
            why = "no article text" + (f" (all {len(source.removed)} blocks removed: " + ", ".join(
                f"{n} {kind}" for kind, n in sorted(kinds.items())) + ")" if source.removed else "")
            log.warning("skipped %s: %s", source.path, why)
            skipped.append((source.key, why))
            if empty is not None:
                empty.append(source)
