"""Format readers: one file of the sources folder in, the Documents it holds out.

A Document is the text that citations point into, with whatever metadata the format
carries. What a citation's `start`/`end` offsets index, by format:

| suffix | offsets index | one Document per |
| --- | --- | --- |
| .txt .md .markdown .text | the decoded file (a Markdown file's front matter blanked: its metadata; its emphasis marks taken out and footnote marks written "[1]", each line padded back to its length: `markdown_marks`) | file |
| .html .htm | the main text trafilatura extracts (navigation, adverts, footers, comments gone; captions, fact boxes, a definition list's "Term: value" lines, quotes' speakers, time stamps, date headings leading their entries (`_dated_headings`) and a thread's pinned comment or accepted answer kept; embedded social posts marked as furniture (`_embedded_posts`); a layout table read as its blocks: `keep_content`; zero-width joiners kept inside Persian, Arabic and Indic words: `keep_joiners`) | file |
| .pdf | the text pypdf extracts from the cited page (`page`, from 1), its words broken by a line-end hyphen made whole (`dehyphenated`) | file |
| .jsonl .ndjson | the text field of one line's JSON object (see TEXT_FIELDS; it may be nested one level: `text_path`) | line: key `dump.jsonl#12` |
| .json | the text field of one article object (the file's, or one of its list's, which may sit inside wrapping objects: `article_list`) | object: key `dump.json#3` (the 3rd of the list) |
| .csv .tsv | the decoded file: a table, its rows read with the file's delimiter | file |
| .csv .tsv with a text column | that column's cell | row: key `dump.csv#12` (row 12, the header is row 1) |
| .docx | the paragraphs and tables python-docx reads, a table's cells joined by pipes (headings and a table of contents marked by their styles, a highlighted note to the authors marked: `docx_annotation`), then its footnotes and endnotes, each a paragraph "[1] …" called by its mark in the text (`docx_notes`) | file |

`cited_text` gives back exactly that text, so a quote can always be checked against it.
Any other suffix raises SkippedFile: the file is skipped with a warning. Readers yield one
Document at a time (a news dump is read line by line), so a corpus is never held whole.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from stat import S_ISREG
from urllib.parse import urlparse

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
TABLE_SUFFIXES = {".csv", ".tsv"}
STREAMED = {".jsonl", ".ndjson"}  # read an article at a time: the size limit is each article's
MAX_SOURCE_MB = 10.0  # TREATY_MAX_SOURCE_MB's default: a larger file (or dump article) is skipped
UNPAIRED = re.compile(r"[\ud800-\udfff]")  # JSON's "\ud800" escapes: not Unicode, refused by tokenizers

# The names news APIs, crawlers and dataset dumps give an article's parts, compared folded
# (`fold_name`: `publishedAt`, `published_at` and `PUBLISHED_AT` are one name). Each list is
# in order of preference: a record's first filled field of the list is read.
FULL_TEXT_FIELDS = (
    "text",         # Kaggle and Hugging Face dumps, webz.io, trafilatura's JSON
    "bodytext",     # the Guardian's API: fields.bodyText, the plain text beside fields.body's HTML
    "body",         # CMS exports, Kaggle dumps
    "articlebody",  # schema.org NewsArticle (JSON-LD)
    "maintext",     # news-please, the extractor of Common Crawl's CC-NEWS
    "fulltext",     # `full_text`
    "article",      # CNN/Daily Mail and other summarisation sets
    "story",
    "contenttext",  # JSON Feed's content_text
    "content",      # NewsAPI (cut at 200 characters there), Kaggle's "All the news"
)
# A summary: read when there is nothing fuller. A feed describes itself with one too, so it
# does not make a JSON object an article rather than the wrapper of a list (`read_json`).
SUMMARY_FIELDS = ("description", "summary")  # NewsAPI, news-please, RSS; JSON Feed
TEXT_FIELDS = FULL_TEXT_FIELDS + SUMMARY_FIELDS
TITLE_FIELDS = ("title", "headline", "webtitle")  # webTitle: the Guardian's API
DATE_FIELDS = (
    "date", "published", "publishedat",  # NewsAPI
    "datepublished",  # schema.org; JSON Feed's date_published
    "datepublish",  # news-please's date_publish
    "publishdate", "pubdate",  # RSS's pubDate
    "webpublicationdate",  # the Guardian's API
    "seendate",  # GDELT's document API
    "datetime",
)
PUBLISHER_FIELDS = (
    "publisher", "source",  # NewsAPI's {"id", "name"}; an address in trafilatura's JSON
    "outlet", "publication",  # Kaggle's "All the news"
    "sitename",  # trafilatura
    "sourcedomain",  # news-please
    "domain",  # GDELT
)
URL_FIELDS = ("url", "link", "weburl")  # RSS's link, the Guardian's webUrl
# Known, never the text: an author's name is no article (a Source carries no author).
AUTHOR_FIELDS = ("author", "authors", "byline")
METADATA_FIELDS = frozenset(TITLE_FIELDS + DATE_FIELDS + PUBLISHER_FIELDS + URL_FIELDS + AUTHOR_FIELDS)
NO_TEXT = ("no article text (no field named text, body, content or the like, "
           "and none of running prose)")


class SkippedFile(Exception):
    """A file in the sources folder that cannot be read as an article."""


@dataclass(frozen=True)
class Page:
    number: int | None  # from 1 in a PDF; None for formats without pages
    text: str  # what the offsets of citations on this page index
    # Where the layout starts a new block that the text alone does not show: the offsets of
    # the lines set in another font size than the line before (a PDF's masthead over its
    # title, a heading over its paragraph, footnotes under the body). Lines of one paragraph
    # share a size.
    breaks: tuple[int, ...] = ()
    # The offsets of the lines set smaller than the document's body text (the size most of
    # its lines are in): footnotes, running headers and footers, captions.
    small: tuple[int, ...] = ()
    # What the format itself says a line is (a Word paragraph's style): the offsets of the
    # lines that are headings ("Heading 1", "Title"), never furniture by their shape, and of
    # those that are a table of contents ("TOC 1"), never the text (furniture.classify).
    headings: tuple[int, ...] = ()
    contents: tuple[int, ...] = ()
    # The offsets of the paragraphs the format marks as a note to a draft's authors, not its
    # text (a Word paragraph highlighted whole under a note's label: `docx_annotation`).
    annotations: tuple[int, ...] = ()
    # The offsets of the lines that are another site's post embedded in the page (a tweet, an
    # Instagram or Telegram post: `_embedded_posts`): furniture (furniture.EMBEDDED_POST).
    embedded: tuple[int, ...] = ()


@dataclass(frozen=True)
class Document:
    """One article as its format gives it, before any cleaning."""

    path: Path
    file: str  # the file's key: its path relative to the sources folder
    pages: tuple[Page, ...]
    fragment: str = ""  # "#<line>" for an article of a .jsonl dump
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    # When the file says it was made (a Word document's or a PDF's properties): not when the article was
    # written, so a date the text writes (its dateline) is taken before it (sources.clean).
    created: str | None = None
    reflow: bool = False  # paragraphs are runs of wrapped lines, no blank line between (PDF)
    delimiter: str | None = None  # the cells' delimiter of a table file (.csv, .tsv), for tables.py

    @property
    def key(self) -> str:
        return self.file + self.fragment


@dataclass(frozen=True)
class Skipped:
    """An article inside a file that cannot be read (a bad line of a news dump)."""

    key: str
    reason: str


Reader = Callable[[Path, str], Iterator["Document | Skipped"]]


def unreadable(exc: OSError) -> SkippedFile:
    return SkippedFile(f"unreadable ({exc.strerror or exc})")


def file_size(path: Path) -> int:
    """The size of a regular file, without reading it; SkippedFile for anything else."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise unreadable(exc) from exc
    if not S_ISREG(stat.st_mode):  # a pipe or device: reading it could block forever
        raise SkippedFile("not a regular file")
    return stat.st_size


def read_bytes(path: Path) -> bytes:
    file_size(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise unreadable(exc) from exc
    if not data.strip():
        raise SkippedFile("empty")
    return data


def too_large(size: int, max_mb: float) -> str:
    return f"too large ({size / 2**20:.1f} MB; the limit is {max_mb:g} MB, TREATY_MAX_SOURCE_MB)"


def web_url(value: str | None) -> str | None:
    """An http(s) address, or None: a `javascript:` or `file:` "url" is not a link to follow."""
    return value if value and urlparse(value).scheme.lower() in ("http", "https") else None


def decode(path: Path) -> str:
    """A plain-text file's text, or SkippedFile saying why not."""
    if path.suffix.lower() not in TEXT_SUFFIXES | TABLE_SUFFIXES | {".json"}:
        raise SkippedFile(f"unsupported file type {path.suffix or '(none)'}")
    data = read_bytes(path)
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


def iso_date(value: object) -> str | None:
    """An ISO date (YYYY-MM-DD) from a datetime or a date string; None if there is none."""
    if isinstance(value, date):  # datetimes too
        return value.isoformat()[:10]
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_date(value.strip()).date().isoformat()
    except (ValueError, OverflowError):
        return None


def parse_date(text: str, **options):
    """dateutil's `parser.parse(text, **options)`, quietly: a zone it cannot place ("18:05
    CET") does not change the date, and its warning would print during `index`."""
    from dateutil import parser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", parser.UnknownTimezoneWarning)
        return parser.parse(text, **options)


def publisher_of(url: str | None) -> str | None:
    """The site a URL belongs to, as a publisher name: `www.reuters.com` → `reuters.com`."""
    host = urlparse(url).hostname if url else None
    return host.removeprefix("www.") if host else None


# A Markdown file's front matter (Jekyll, Hugo, Pandoc): YAML between "---" lines opening the file.
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# A static site's "last changed" names, taken for the date when no publication date is given.
CHANGED_FIELDS = ("lastmod", "updated", "modified", "lastmodifiedat")


def read_text(path: Path, file: str) -> Iterator[Document]:
    """A text or Markdown file. A Markdown file's front matter is its metadata, not its text:
    title, date and publisher are read from it (under the dump fields' names), and it is
    blanked out of the page, not cut, so that offsets still index the file. Its emphasis
    marks and footnote marks are markup, not text (`markdown_marks`): taken out of each line,
    which is padded to its length, so that the file's lines keep their offsets."""
    text = decode(path)
    meta = None
    if path.suffix.lower() in (".md", ".markdown"):
        if m := FRONT_MATTER.match(text):
            meta = front_matter(m.group(1))
            if meta is not None:
                text = re.sub(r"[^\r\n]", " ", text[:m.end()]) + text[m.end():]
        text = markdown_marks(text)
    described = record_metadata(meta, DATE_FIELDS + CHANGED_FIELDS) if meta is not None else {}
    if path.suffix.lower() in (".md", ".markdown") and not described.get("title") and (h1 := MD_TITLE.search(text)):
        described["title"] = " ".join(h1.group(1).split())  # the file's own level-1 heading names it
    yield Document(path, file, (Page(None, text),), **described)


# MARKDOWN MARKS. A Markdown file is cited as its text, and its inline markup is no text:
# "**Summary.** Eight months…" is read "Summary. Eight months…", not "Summary.** Eight…"
# (only a block's ends were trimmed of markup, so an emphasis closing after its full stop,
# or on the next line, stayed). Markdown's emphasis is found as CommonMark finds it: a run of
# "*" or "_" opens emphasis when it is left-flanking (a word character or punctuation after
# it, not a space) and closes it when right-flanking, "_" only at a word's edge (snake_case
# and "5 * 3" are text), runs pairing up inside a paragraph, across its lines, never inside
# a `code span`. Footnotes ("…we can measure.[^1]" over "[^1]: Bank counts are…") are
# written "[1]", the mark a footnote carries in any text (furniture.FOOTNOTE, CALLED_MARK),
# a definition's colon gone: numbered as written when every label is a number, else as
# renderers number them, in the order of their first call. Each line keeps its length: the
# marks' characters are taken out and the line padded with spaces at its end, so the file's
# lines and their starts hold, no gap opens inside a line (two spaces part an aligned
# table's cells), and the text cited is exactly the text read.
# A Markdown file's title, when its front matter gives none: its first level-1 heading ("# …"),
# as Pandoc and static site generators take it (a "##" heading is a section's).
MD_TITLE = re.compile(r"^ {0,3}#[ \t]+(\S[^\n]*?)(?:[ \t]+#+)?[ \t]*$", re.M)
MD_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
MD_DELIMITER_RUN = re.compile(r"\*+|_+")
MD_FOOTNOTE_CALL = re.compile(r"(?<!^)(?<!\n)\[\^([^\]\s]{1,40})\](?!:)")
MD_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]{1,40})\]:", re.M)


def _punctuation(char: str) -> bool:
    import unicodedata

    return unicodedata.category(char).startswith(("P", "S"))


def _md_emphasis(text: str, start: int, end: int, code: set[int]) -> set[int]:
    """The positions of the emphasis marks that pair up in `text[start:end]` (one paragraph)."""
    marks: set[int] = set()
    openers: list[list] = []  # [char, position, length left] of runs that may open
    for m in MD_DELIMITER_RUN.finditer(text, start, end):
        at, run = m.start(), m.group()
        if at in code:
            continue
        before = text[at - 1] if at > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        left = not after.isspace() and (not _punctuation(after) or before.isspace() or _punctuation(before))
        right = not before.isspace() and (not _punctuation(before) or after.isspace() or _punctuation(after))
        if run[0] == "_":
            opens, closes = left and (not right or _punctuation(before)), right and (not left or _punctuation(after))
        else:
            opens, closes = left, right
        length = len(run)
        while closes and length:
            k = next((k for k in range(len(openers) - 1, -1, -1) if openers[k][0] == run[0]), None)
            if k is None:
                break
            opener = openers[k]
            used = 2 if length >= 2 and opener[2] >= 2 else 1
            marks.update(range(opener[1] + opener[2] - used, opener[1] + opener[2]))  # the opener's inner marks
            marks.update(range(m.end() - length, m.end() - length + used))
            opener[2] -= used
            length -= used
            del openers[k + 1:]  # runs opened inside this emphasis and never closed are text
            if not opener[2]:
                openers.pop()
        if opens and length:
            openers.append([run[0], m.end() - length, length])
    return marks


def markdown_marks(text: str) -> str:
    """A Markdown text with its emphasis marks taken out and its footnote marks written "[1]"
    (MARKDOWN MARKS), each line padded back to its length: offsets of lines hold."""
    code = {i for m in MD_CODE_SPAN.finditer(text) for i in range(m.start(), m.end())}
    replaced: dict[int, str] = {}  # a position's new text: "" for a mark taken out
    calls = [m for m in MD_FOOTNOTE_CALL.finditer(text) if m.start() not in code]
    definitions = list(MD_FOOTNOTE_DEFINITION.finditer(text))
    labels = list(dict.fromkeys([m.group(1) for m in calls] + [m.group(1) for m in definitions]))
    numbered = all(label.isdigit() and len(label) <= 3 for label in labels)
    numbers = {label: label if numbered else str(n) for n, label in enumerate(labels, 1)}
    for m in calls + definitions:
        inner = m.start() + len(m.group()) - len(m.group().lstrip())
        mark = f"[{numbers[m.group(1)]}]"
        if len(mark) <= m.end() - inner:
            replaced.update(dict.fromkeys(range(inner, m.end()), ""))
            replaced[inner] = mark
    for para in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", text):  # a paragraph: lines up to a blank one
        replaced.update(dict.fromkeys(_md_emphasis(text, para.start(), para.end(), code) - replaced.keys(), ""))
    if not replaced:
        return text
    lines = []
    for line in re.finditer(r"[^\n]*\n?", text):
        body = line.group().rstrip("\n")
        new = "".join(replaced.get(i, c) for i, c in enumerate(body, line.start()))
        lines.append(new.ljust(len(body)) + line.group()[len(body):])
    return "".join(lines)


def front_matter(block: str) -> dict | None:
    """The YAML of a front matter block as a mapping; None when it is no YAML mapping (a
    horizontal rule and a line of text are not front matter)."""
    import yaml

    try:
        data = yaml.safe_load(block)
    except (yaml.YAMLError, ValueError, TypeError):  # ValueError: a date that is none ("2025-13-45")
        return None
    return data if isinstance(data, dict) else None


# Elements trafilatura drops by their tag that hold an article's own words, each with the
# tag it keeps in their place (`keep_content`): a figure's caption and a fact box are
# paragraphs and lists of the article (its boxes are asides, its images figures); a pull
# quote's speaker is the <footer> or <cite> under the <blockquote>.
UNWRAPPED = {"figure": "div", "figcaption": "p", "aside": "div"}
QUOTE_ATTRIBUTION = "./footer | ./cite"  # under a <blockquote>: who said it
ARTICLE_ELEMENTS = "ancestor::article | ancestor::main"  # the article's own box, as HTML5 marks it
TEXT_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6"}  # what a time stamp may lead
# trafilatura drops an element whose class or id says "author" as a byline. A paper's list of
# authors is none: its names carry the note marks (<sup>) that its affiliations, which are
# kept, refer to ("Leyla Hosseinpour<sup>1</sup>" over "<sup>1</sup> University of Tabriz").
MARKED_AUTHORS = ("//*[(contains(translate(@class, 'AUTHOR', 'author'), 'author') or "
                  "contains(translate(@id, 'AUTHOR', 'author'), 'author')) and .//sup and not(.//a)]")
# Elements that hold blocks, not running text: a <time> alone in one stands on its own.
CONTAINERS = {"body", "div", "section", "article", "main", "header", "footer", "aside", "li"}
# A discussion page (a forum thread, a Q&A page) is its opening post and what its markup sets
# above the replies: a moderator's pinned or stickied comment (Reddit's "stickied", Discourse's
# "pinned"), an accepted answer (Stack Exchange's and Discourse's "accepted-answer", schema.org's
# itemprop="acceptedAnswer"). Those are the thread's content; every other comment is a reader's
# reply, furniture, as comments under a news article are (trafilatura drops them by their
# class, "comment…"; `_keep_standing`). Matched as a whole word of a class or id.
STANDING = re.compile(r"(?:^|[\s_-])(?:pinned|stickied|sticky|accepted(?:[-_]?answer)?|best[-_]answer)(?:$|[\s_-])",
                      re.I)
COMMENTISH = re.compile(r"comment(?!ary)", re.I)  # trafilatura's comment classes and ids: "comment", "comment-body"
# The elements that a page marks, by a word of its class, id, role or ARIA label, as an advert,
# a sponsor's or a promotion, a donation appeal or a newsletter box: the site's furniture
# wherever it sits, even inside the <article> (`_promotions`). Whole words only, so that "ad"
# is no part of "head" or "load"; trafilatura's own list ("-ad-", "newsletter"…) misses a plain
# class="advert" or "sponsor-slot".
PROMOTION_WORDS = frozenset({
    "ad", "ads", "advert", "adverts", "advertisement", "advertisements", "advertising", "advertorial",
    "sponsor", "sponsors", "sponsored", "sponsorship", "promo", "promos", "promoted",
    "donate", "donation", "donations", "newsletter", "newsletters"})
PROMOTION_ATTRIBUTES = ("class", "id", "role", "aria-label")
# A layout table (`_layout_tables`): HTML e-mails and old pages lay their page out in a table,
# its cells holding headings, paragraphs and further tables, or say so (role="presentation",
# WAI-ARIA's mark of a table used for layout). Read as a data table, its cells would be joined
# into rows, a newsletter's items with its sponsor's row and its unsubscribe line. A data
# table's cells hold values, a paragraph at most.
LAYOUT_CELL_CONTENT = ".//h1 | .//h2 | .//h3 | .//h4 | .//h5 | .//h6 | .//table"
TABLE_PARTS = {"thead", "tbody", "tfoot"}


def read_html(path: Path, file: str) -> Iterator[Document]:
    """The page's main text as trafilatura extracts it: navigation, cookie banners,
    related links and footers are gone; title, site, date and URL from the page. The
    content trafilatura would drop by its tag is turned into tags it keeps first
    (`keep_content`); the metadata is read from the page as published, before that."""
    import trafilatura

    data = read_bytes(path)
    try:
        tree = trafilatura.load_html(data)
        if tree is None:
            raise SkippedFile("no article text found in the HTML")
        restore = keep_joiners(tree)
        meta = trafilatura.extract_metadata(tree)
        free = _free_marks(tree)
        posts = _embedded_posts(tree, free[0]) if free else None
        keep_content(tree)
        subheads = _subheadings(tree, free[1]) if free else None
        page = trafilatura.bare_extraction(tree, include_comments=False)
    except SkippedFile:
        raise
    except Exception as exc:  # a malformed page is the user's file, not our bug: skip it
        raise SkippedFile(f"unreadable HTML ({exc})") from exc
    text, embedded = _unmarked(restore((page.text or "") if page is not None else ""), posts)
    text, headings = _unmarked(text, subheads)
    if not text.strip():
        raise SkippedFile("no article text found in the HTML")
    url = web_url(meta.url)
    sitename = restore(meta.sitename) if meta.sitename else meta.sitename
    yield Document(path, file, (Page(None, text, embedded=embedded, headings=headings),),
                   title=restore(meta.title or "") or None,
                   publisher=site_name(tree, sitename, meta.hostname) or publisher_of(url),
                   date=iso_date(meta.date), url=url)


# EMBEDDED POSTS. A news page embeds posts of social networks (a tweet, an Instagram or a
# Telegram post) as a <blockquote> that the network's script turns into a card: a handle
# ("@name"), the post's words, its date and its counts ("1.2K reposts · 3.4K likes"). They
# are what someone posted, not what the article states, however they word a figure, so they
# are furniture, recorded as such (furniture.EMBEDDED_POST). An embed is known by the class
# the networks' embed codes give it (EMBED_WORDS: "twitter-tweet", "instagram-media",
# "tiktok-embed", "bluesky-embed", "telegram-post", Facebook's "fb-post"…, read as words: a
# site's own "social-post" too), or, in a blockquote of any class, by its card's shape: a
# handle with a count of reactions or a date (`_post_card`). A pull quote (a quotation and its
# speaker's name) has neither handle nor counts and stays. Each embed is read as one
# paragraph, marked by a character the page does not use (POST_MARKS) while trafilatura reads
# the page; the marks are taken off after (`_unmarked`) and the marked lines' offsets kept.
EMBED_WORDS = frozenset({"tweet", "twitter", "instagram", "tiktok", "bluesky", "mastodon", "telegram",
                         "facebook", "fb", "threads", "reddit", "social", "toot"})
# What a box (not a blockquote) must be called besides its network's name to be an embed:
# "fb-post", "tiktok-embed", "twitter-tweet"; a site's "social-share" bar is no post.
EMBED_KINDS = frozenset({"tweet", "post", "media", "embed", "video", "status", "toot", "bq"})
HANDLE_MARK = re.compile(r"(?<![\w@.])@[A-Za-z0-9_][A-Za-z0-9_.]{1,30}\b")
REACTIONS = re.compile(r"\b\d[\d.,]*\s*[KkMm]?\+?\s*(?:likes?|reposts?|retweets?|shares?|repl(?:y|ies)|comments?|"
                       r"views?|quotes?|reactions?|hearts?|boosts?|favou?rites?)\b", re.I)
POST_MARKS = "\u2be0\u2be1\u2be2\u2be3"  # Miscellaneous Symbols and Arrows: printable, rare


def _post_card(quote) -> bool:
    """Whether a blockquote reads as a social post's card: a handle and a count of reactions,
    or a handle and a date (the post's stamp)."""
    from .furniture import DATE_FORM  # here, not above: furniture imports this module

    text = " ".join(_block_text(quote).split())
    return bool(HANDLE_MARK.search(text) and (REACTIONS.search(text) or (DATE_FORM.search(text)
                                                                          and re.search(r"\b(?:19|20)\d\d\b", text))))


def _free_marks(tree) -> list[str]:
    """Two of POST_MARKS that the page's text does not use (none if it uses them)."""
    used = set("".join(t for node in tree.iter() for t in (node.text, node.tail) if isinstance(t, str)))
    free = [m for m in POST_MARKS if m not in used]
    return free[:2] if len(free) >= 2 else []


# SUBHEADINGS. A heading (<h2>…<h6>) right over a paragraph of the text heads it ("Background"
# over what the line costs, "Reaction" over who said what): the format marks it a heading
# (Page.headings), which furniture.classify never removes for its shape (one word is a label)
# or its neighbours. Only over a paragraph that reads as text: a sentence of a few words at
# least, not mostly links (a related-stories box's heading heads a teaser or a list), not
# furniture by its own form (furniture.own_form: "How to use this page" over "Click…").
def _subheadings(tree, mark: str) -> str | None:
    from .furniture import SENTENCE_MIN_WORDS, Features, own_form  # here: furniture imports this module
    from .text import ends_like_sentence

    marked = None
    for heading in tree.iter("h2", "h3", "h4", "h5", "h6"):
        following = heading.getnext()
        if following is None or following.tag != "p" or _mostly_links(following) \
                or not "".join(heading.itertext()).strip():
            continue
        said = " ".join("".join(following.itertext()).split())
        if len(said.split()) >= SENTENCE_MIN_WORDS and ends_like_sentence(said) \
                and own_form(said, Features.of(said, None)) is None:
            heading.text, marked = mark + (heading.text or "").lstrip(), mark
    return marked


def _embedded_posts(tree, mark: str) -> str | None:
    """Turn every embedded post (see EMBEDDED POSTS) into one paragraph that starts with
    `mark`; the mark, or None when the page has no post."""
    posts = []
    for element in tree.iter("blockquote", "div", "figure", "section"):
        if any(p in posts for p in element.iterancestors()):
            continue
        named = _words_of(element, "class")
        if element.tag == "blockquote":
            embed = bool(named & EMBED_WORDS) or _post_card(element)
        else:  # a box: its class names a network and a post ("fb-post", "tiktok-embed")
            embed = bool(named & EMBED_WORDS and named & EMBED_KINDS)
        if embed:
            posts.append(element)
    if not posts:
        return None
    for post in posts:
        text = " ".join(_block_text(post).split())
        tail = post.tail
        post.clear()
        post.tag, post.text, post.tail = "p", (mark + text) if text else None, tail
    return mark


def _unmarked(text: str, mark: str | None) -> tuple[str, tuple[int, ...]]:
    """The text without the marks of embedded posts, and the offsets of the lines that held one."""
    if not mark or mark not in text:
        return text, ()
    lines, starts, at = [], [], 0
    for line in text.split("\n"):
        if mark in line:
            starts.append(at)
            line = line.replace(mark, "")
        lines.append(line)
        at += len(line) + 1
    return "\n".join(lines), tuple(starts)


# ZERO-WIDTH JOINERS. The zero-width non-joiner (U+200C) and joiner (U+200D) are letters'
# business in the scripts whose letters join or form conjuncts: Persian writes "ثبت‌نام"
# (register) and "می‌شود" with a ZWNJ that keeps a word's parts unjoined, Hindi and other
# Indic scripts choose a conjunct's form with them. Elsewhere (between Latin letters, beside
# a space) they are a copy's or an editor's noise. trafilatura drops every character that is
# not printable, these among them: inside a word of those scripts (a letter or mark of
# JOINING_SCRIPTS on both sides) they are stood in for by printable symbols the page does not
# use (JOINER_STAND_INS) while trafilatura reads it, and given back after; the others it folds.
JOINING_SCRIPTS = ("\u0600-\u06ff\u0700-\u074f\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"  # Arabic, Syriac
                   "\u0900-\u0dff")  # Devanagari to Sinhala: the Indic scripts
JOINER_IN_WORD = re.compile(f"(?<=[{JOINING_SCRIPTS}])[\u200c\u200d](?=[{JOINING_SCRIPTS}])")
JOINER_STAND_INS = "\u2bd2\u2bd3\u2bd4\u2bd5\u2bd6\u2bd7\u2bd8\u2bd9"  # Miscellaneous Symbols and Arrows: printable, rare


def keep_joiners(tree) -> Callable[[str], str]:
    """Stand in for the zero-width joiners inside words of joining scripts in the tree's text
    and its <meta> contents, in place (see ZERO-WIDTH JOINERS); the function that gives them
    back in a text extracted from it."""
    texts = [t for node in tree.iter() for t in (node.text, node.tail, node.get("content")) if isinstance(t, str)]
    if not any(JOINER_IN_WORD.search(t) for t in texts):
        return lambda text: text
    used = set("".join(texts))
    free = [c for c in JOINER_STAND_INS if c not in used][:2]
    if len(free) < 2:
        return lambda text: text  # the page uses the stand-ins itself: trafilatura folds the joiners
    stand_in = dict(zip("\u200c\u200d", free))
    back = str.maketrans({v: k for k, v in stand_in.items()})

    def swap(text: str | None) -> str | None:
        return JOINER_IN_WORD.sub(lambda m: stand_in[m.group()], text) if text else text

    for node in tree.iter():
        node.tail = swap(node.tail)
        if isinstance(node.tag, str):  # an element: a comment's text is no text of the page
            node.text = swap(node.text)
            if node.get("content"):
                node.set("content", swap(node.get("content")))
    return lambda text: text.translate(back)


def site_name(tree, sitename: str | None, hostname: str | None) -> str | None:
    """The site's name as the page gives it. trafilatura's `sitename` is the page's own
    (og:site_name and the like) unless it fell back to the address's host; then the name is
    the part of the <title> that spells the host's name ("… - Persian Gulf Monitor" on
    persiangulfmonitor.example), else the host."""
    from trafilatura.metadata import examine_title_element

    if not sitename or not hostname or sitename.lower() != hostname.lower():
        return sitename
    spelled = fold_name(hostname.removeprefix("www.").split(".")[0])
    _, *parts = examine_title_element(tree)
    return next((part.strip() for part in parts if part and fold_name(part) == spelled), sitename)


def keep_content(tree) -> None:
    """Rewrite, in place, the elements trafilatura drops by their tag though they hold the
    article's words: figures and their captions, asides that are the article's (`_of_article`),
    a blockquote's attribution, <time> stamps (`_keep_time`), a paper's authors
    (MARKED_AUTHORS) and a thread's pinned comment or accepted answer (`_keep_standing`). A
    heading that is a date or a time leads the entry under it (`_dated_headings`); entries
    marked as an article's body but repeated lose that mark (`_repeated_entries`). A
    definition list's term and value become one line (`_definition_pairs`), a layout table its
    blocks (`_layout_tables`); what the markup marks as an advert, a promotion, a donation
    appeal or a newsletter box is taken out (`_promotions`). Whatever is left is then
    judged as any text is, by trafilatura and by the furniture rules."""
    for element in list(tree.iter("figure", "figcaption", "aside")):
        if not _mostly_links(element) and (element.tag != "aside" or _of_article(element)):
            element.tag = UNWRAPPED[element.tag]
    for quote in tree.iter("blockquote"):
        for attribution in quote.xpath(QUOTE_ATTRIBUTION):
            attribution.tag = "p"
    for stamp in list(tree.iter("time")):
        _keep_time(stamp)
    _dated_headings(tree)
    for names in tree.xpath(MARKED_AUTHORS):
        for attribute in ("class", "id"):
            names.attrib.pop(attribute, None)
    _keep_standing(tree)
    _promotions(tree)
    _layout_tables(tree)
    for terms in list(tree.iter("dl")):
        _definition_pairs(terms)
    _repeated_entries(tree)


# REPEATED ENTRIES. trafilatura takes the first element its BODY_XPATH finds marked as an
# article's body by its class or id ("entry", "post", "article-body"…) for the whole article.
# A page has one body; an element marked so that has siblings of its tag and class is one of
# a list's entries (a timeline's, a live blog's, a diary's "<div class="entry">"), and the
# body is what holds them all. Taken alone, the first entry is the "article", its text is
# too short, and trafilatura's recovery then adds the page's other paragraphs after it: the
# entries' headings are lost and the intro is put after the first entry. So the marks (class
# and id) of such repeated entries are taken off and trafilatura reads the element around
# them (the <main>, the <article>). A single marked element (a thread's opening "post" above
# its comments) is left as it is.
def _repeated_entries(tree) -> None:
    from trafilatura.xpaths import BODY_XPATH

    for expression in BODY_XPATH:
        while True:
            found = next((e for e in expression(tree) if e is not None), None)
            if found is None or not (found.get("class") or "").strip():
                break
            twins = [e for e in found.itersiblings() if e.tag == found.tag and e.get("class") == found.get("class")]
            twins += [e for e in found.itersiblings(preceding=True)
                      if e.tag == found.tag and e.get("class") == found.get("class")]
            if not twins:
                break
            for entry in [found, *twins]:
                for attribute in ("class", "id"):
                    entry.attrib.pop(attribute, None)


def _words_of(element, attribute: str) -> set[str]:
    """The words of an attribute's value: "sponsor-slot adBox" is sponsor, slot, ad, box."""
    value = re.sub(r"([a-z])([A-Z])", r"\1 \2", element.get(attribute) or "")
    return set(re.split(r"[^a-z0-9]+", value.lower())) - {""}


def _keep_standing(tree) -> None:
    """A thread's pinned or stickied comment and its accepted answer (STANDING) are read as the
    thread's text: the comment words are taken off its class and id and those of its parts
    (its "comment-body"), but not off the replies inside it (a part whose class is "comment"
    itself, or "reply"), and it is moved out of the comment section that holds it, to stand
    before it. Other comments are dropped (trafilatura's pattern of a comment)."""
    def commentish(element) -> bool:
        return any(COMMENTISH.search(element.get(a) or "") for a in ("class", "id"))

    for element in list(tree.iter()):
        if not isinstance(element.tag, str):
            continue
        marked = (any(STANDING.search(element.get(a) or "") for a in ("class", "id"))
                  or "acceptedanswer" in (element.get("itemprop") or "").lower())
        if not marked or not (commentish(element) or element.get("itemprop")):
            continue
        for part in element.iter():
            if not isinstance(part.tag, str):
                continue
            classes = set((part.get("class") or "").lower().split())
            if part is not element and classes & {"comment", "comments", "reply", "replies"}:
                continue  # a reply to it: a comment
            for attribute in ("class", "id"):
                if COMMENTISH.search(part.get(attribute) or ""):
                    part.set(attribute, " ".join(w for w in re.split(r"\s+", part.get(attribute))
                                                 if not COMMENTISH.search(w)))
        section = [a for a in element.iterancestors() if commentish(a)]
        if section:
            outermost = section[-1]
            _detach(element)
            outermost.addprevious(element)
    # The rest are comments, dropped here by trafilatura's own pattern for them: trafilatura
    # prunes the comment section it finds, and lets comments outside it through.
    from trafilatura.xpaths import REMOVE_COMMENTS_XPATH

    for xpath in REMOVE_COMMENTS_XPATH:
        for comment in xpath(tree):
            if comment.getparent() is not None and not comment.xpath(".//h1 | .//article | .//main"):
                _detach(comment)


def _detach(element) -> None:
    """Take an element out of its parent, leaving its tail text where it was."""
    parent, before = element.getparent(), element.getprevious()
    if element.tail:
        if before is not None:
            before.tail = (before.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
        element.tail = None
    parent.remove(element)


def _promotions(tree) -> None:
    """Take out the elements marked by a word of their class, id, role or ARIA label as an
    advert, a sponsor's block, a promotion, a donation appeal or a newsletter box
    (PROMOTION_WORDS). Never the page's body or the article itself: an element holding the
    page's <h1>, its <article> or <main>, most of its text, or most of its paragraphs' text
    is no box on the page. Paragraphs count apart from the rest because a site's sidebar
    and menus of links may outweigh a short article's words, while its paragraphs are the
    article's: a wrapper marked "has-ads article-body" or "sponsor-logos-wrapper" (a word
    saying what the wrapper may show beside the text) holds them all, an advert a few."""
    body = tree.find(".//body")
    total = len("".join((body if body is not None else tree).itertext()).split())
    prose = _paragraph_words(tree)
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "main", "article"):
            continue
        if element.getparent() is None or not any(_words_of(element, a) & PROMOTION_WORDS
                                                  for a in PROMOTION_ATTRIBUTES):
            continue
        if (element.xpath(".//h1 | .//article | .//main") or len("".join(element.itertext()).split()) * 2 > total
                or (prose and _paragraph_words(element) * 2 > prose)):
            continue
        _detach(element)


def _paragraph_words(element) -> int:
    """The words of the paragraphs (<p>) in an element, outside their links."""
    count = 0
    for paragraph in element.iter("p"):
        linked = sum(len("".join(a.itertext()).split()) for a in paragraph.iter("a"))
        count += len("".join(paragraph.itertext()).split()) - linked
    return count


def _layout_tables(tree) -> None:
    """A table used for layout (LAYOUT_CELL_CONTENT in a cell of its own, or role="presentation"
    or "none") is read as the blocks it holds: its rows and cells become <div>s, so each cell's
    headings and paragraphs are blocks of their own. Tables inside it are judged by their own
    cells. On a page without <main> or <article>, the outermost one is its <main>."""
    layout = []
    for table in tree.iter("table"):
        cells = table.xpath("./tr/td | ./tr/th | ./*/tr/td | ./*/tr/th")
        said = (table.get("role") or "").lower() in ("presentation", "none")
        # A data table heads its columns with header cells (<th>, <thead>); role="presentation"
        # on one is a template's, and its rows are still rows (trafilatura, seeing the role,
        # would drop the table whole: the role goes).
        headed = bool(table.xpath("./thead | ./tr/th | ./*/tr/th"))
        if (said and not headed) or any(_holds_blocks(cell) for cell in cells):
            layout.append((table, cells))
        elif said:
            table.attrib.pop("role")
    for table, cells in layout:
        rows = table.xpath("./tr | ./*/tr")
        parts = [child for child in table if child.tag in TABLE_PARTS]
        for element in [table, *parts, *rows, *cells]:
            element.tag = "div"
        for caption in table.findall("caption"):
            caption.tag = "p"
    # The outermost layout table frames the page, as <main> does: trafilatura, finding neither
    # <main> nor <article>, would read the page's paragraphs but drop its headings (a
    # newsletter's items' titles).
    if layout and not tree.xpath("//main | //article"):
        layout[0][0].tag = "main"


def _holds_blocks(cell) -> bool:
    """Whether a table's cell holds a page's blocks (LAYOUT_CELL_CONTENT): a table, or a
    heading with more text beside it (a newsletter item's title over its paragraph). A
    heading alone is a data table's cell styled as one ("<th><h4>Cost</h4></th>")."""
    if cell.xpath(".//table"):
        return True
    headings = cell.xpath(LAYOUT_CELL_CONTENT)
    if not headings:
        return False
    within = sum(len("".join(h.itertext()).split()) for h in headings)
    return len("".join(cell.itertext()).split()) > within


# The elements that break a line where they start and end: a <dd>'s paragraphs are read
# apart ("…in Moscow. It was ratified…"), its inline parts together ("<b>Rasht</b>-Astara").
BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "section",
                        "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "pre", "hr"})


def _block_text(element) -> str:
    """An element's text, a space where a block inside it starts and ends."""
    parts = [element.text or ""]
    for child in element:
        block = isinstance(child.tag, str) and child.tag in BLOCK_TAGS
        if isinstance(child.tag, str):
            parts += [" " if block else "", _block_text(child), " " if block else ""]
        parts.append(child.tail or "")
    return "".join(parts)


def _definition_pairs(terms) -> None:
    """A definition list (<dl>) as the facts it lists: each term (<dt>) with its definition
    (<dd>) one paragraph, "Term: value" ("Length: 162 km"), as a fact box means it; trafilatura
    would list terms and values as items of their own, the value cut off from what it is. Terms
    that share a definition are joined by commas, definitions of one term by semicolons."""
    def text(element) -> str:
        return " ".join(_block_text(element).split())

    pairs: list[tuple[list[str], list[str]]] = []
    # HTML allows a <div> around each term and its definition.
    for child in [c for child in terms for c in (child if child.tag == "div" else [child])]:
        if child.tag == "dt":
            if not pairs or pairs[-1][1]:
                pairs.append(([], []))
            pairs[-1][0].append(text(child).rstrip(":").strip())
        elif child.tag == "dd":
            if not pairs:
                pairs.append(([], []))
            pairs[-1][1].append(text(child))
    def pair(names: list[str], values: list[str]) -> str:
        term, value = ", ".join(t for t in names if t), "; ".join(v for v in values if v)
        # A term that ends in its own mark (a FAQ's "When was it signed?") takes no colon.
        return f"{term}{' ' if term.endswith(('?', '!')) else ': '}{value}" if term and value else term or value

    lines = [pair(names, values) for names, values in pairs]
    tail = terms.tail
    terms.clear()
    terms.tag, terms.tail = "div", tail
    for line in lines:
        if line:
            paragraph = terms.makeelement("p", {})
            paragraph.text = line
            terms.append(paragraph)


def _mostly_links(element) -> bool:
    """Whether links hold more of an element's text than jusText's MAX_LINK_DENSITY: a list
    of related stories, a teaser, a sidebar of links."""
    from .furniture import MAX_LINK_DENSITY  # here, not above: furniture imports this module

    total = len("".join(element.itertext()).split())
    linked = sum(len("".join(a.itertext()).split()) for a in element.iter("a"))
    return total > 0 and linked / total > MAX_LINK_DENSITY


def _of_article(aside) -> bool:
    """Whether an <aside> is the article's (a fact box, a figure beside the text) rather
    than the site's (a sidebar): it lies inside the <article> or <main>, or it holds a
    figure or a paragraph of running prose."""
    from .furniture import is_prose  # here, not above: furniture imports this module

    return bool(aside.xpath(ARTICLE_ELEMENTS) or aside.xpath(".//figure | .//img")
                or any(is_prose(" ".join("".join(p.itertext()).split())) for p in aside.iter("p")))


# A time of day: what stamps a live blog's entry ("14:05 GMT", "2:05pm"), not a page's date.
CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s?[ap]\.?m\b", re.IGNORECASE)


def _keep_time(stamp) -> None:
    """A <time> as text trafilatura keeps. Inside a sentence ("signed on <time>17
    January</time>") it becomes a <span> of its sentence. On its own, a time of day stamps
    what follows (a live blog's "14:05 GMT" over each entry): it leads the paragraph or
    heading after it, so the entry is read and quoted with its time, as a dateline leads a
    wire story. A page's date ("4 March 2025" over the lede), or a time with no block after
    it, is a paragraph of its own."""
    parent, before, following = stamp.getparent(), stamp.getprevious(), stamp.getnext()
    beside = ((before.tail if before is not None else parent.text) or "") + (stamp.tail or "")
    if parent.tag not in CONTAINERS or beside.strip():
        stamp.tag = "span"
    elif (following is not None and following.tag in TEXT_BLOCKS and CLOCK.search("".join(stamp.itertext()))):
        _lead(stamp, following)
    else:
        stamp.tag = "p"


def _lead(stamp, following) -> None:
    """Move a stamp (a <time>, a dated heading) into the start of the block after it, as a
    <span> followed by a space: the block is then read, chunked and quoted with its stamp."""
    parent = stamp.getparent()
    if stamp.tail and stamp.tail.strip():  # text between them stays where it was
        return
    parent.remove(stamp)  # with its tail, which is blank
    stamp.tag, stamp.tail, following.text = "span", " " + (following.text or ""), None
    following.insert(0, stamp)


# DATED HEADINGS. A timeline, a chronology, a diary or a live blog heads each entry with its
# date or time alone ("<h3>21 May 2025</h3><p>The Majlis ratifies…</p>"). Read apart, the
# heading is a label (furniture by its shape) and the entry an undated sentence; the date
# lives only in the heading. So a heading that is a date (furniture.dateline: a date with
# its year, a word or two at most beside it) or a time of day alone (TIME_ALONE) leads the block after it, as a live blog's <time> stamp does (`_lead`): "21 May 2025 The
# Majlis ratifies…". The block after it is its next sibling, or, when that is a box (an
# entry's <div>), the box's first text block.
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# A time of day alone, with its zone at most: "14:05", "14:05 GMT", "2:05 pm BST", "9.30am".
# A heading that is a time and a title ("16:50 Press statements") is a heading, not a stamp.
TIME_ALONE = re.compile(r"^\W*(?:\d{1,2}[:.]\d{2}(?:\s?[ap]\.?m\.?)?|\d{1,2}\s?[ap]\.?m\.?)"
                        r"(?:\s+(?:[A-Z]{2,5}|(?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d\d)?))?\W*$", re.I)


def _dated_headings(tree) -> None:
    from .furniture import dateline  # here, not above: furniture imports this module

    for heading in list(tree.iter(*HEADINGS)):
        text = " ".join("".join(heading.itertext()).split())
        if not text or not (dateline(text) or TIME_ALONE.match(text)):
            continue
        following = heading.getnext()
        while following is not None and following.tag in CONTAINERS and following.tag not in ("aside", "footer"):
            inner = next((c for c in following if isinstance(c.tag, str)), None)
            if inner is None or (following.text or "").strip():
                break
            following = inner
        if following is not None and following.tag in TEXT_BLOCKS - set(HEADINGS):
            _lead(heading, following)


def read_pdf(path: Path, file: str) -> Iterator[Document]:
    """Each page's text as pypdf extracts it, its words broken over two lines by a hyphen made
    whole (`dehyphenated`), with where its font size changes (Page.breaks);
    the title from the PDF's metadata or else from the layout (`pdf_title`). The metadata's
    creation date is when the file was made (`created`), as Word's is, not when the text was
    written: a brief dated "10 April 2025" may be exported in 2026, so its dateline comes first."""
    from pypdf import PdfReader

    read_bytes(path)  # the same refusals as other files: not regular, unreadable, empty
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            reader.decrypt("")  # many PDFs are "encrypted" with an empty password
        info = reader.metadata
        laid_out = [_sized_lines(page) for page in reader.pages]
    except Exception as exc:  # pypdf raises many kinds on broken files; all mean "skip it"
        raise SkippedFile(f"unreadable PDF ({exc})") from exc
    laid_out = dehyphenated(laid_out)
    body = _body_size([line for _, lines in laid_out for line in lines])
    pages = tuple(Page(n, text, _size_breaks(lines),
                       tuple(start for start, _, size in lines if None not in (size, body) and size < body - SIZE_TOLERANCE))
                  for n, (text, lines) in enumerate(laid_out, 1))
    if not any(page.text.strip() for page in pages):
        raise SkippedFile("no text in the PDF (a scan without a text layer?)")
    title = date_ = None
    if info is not None:
        title = (info.title or "").strip() or None
        try:
            date_ = iso_date(info.creation_date)
        except ValueError:  # a malformed date string in the metadata
            date_ = None
    title = title or pdf_title(*laid_out[0])
    yield Document(path, file, pages, title=title, created=date_, reflow=True)


SizedLine = tuple[int, int, float | None]  # a line's start and end in the page's text, its font size

# LINE-END HYPHENS. A PDF keeps a typesetter's line breaks: a word hyphenated to fit a line
# ("desali-" over "nation plant") would be read and quoted as two ("desali- nation"). A word
# broken at a line end by a hyphen (or a soft hyphen, U+00AD, always a break's) is made whole
# on the first line, the rest of the second line staying on its own line (the text keeps its
# lines, so a paragraph still wraps as it did), and the page's text as cited IS that text:
# `cited_text` reads it through this reader, so a quote is checked against the joined words.
# Whether the hyphen was the break's or the word's own ("long-" over "term", "Rasht-" over
# "Astara") is decided by `keeps_hyphen`. The halves are letters only: "2027-" over "2033" is
# a range, not a word.
LINE_END_HYPHEN = re.compile(r"([^\W\d_]+)([-\u2010\u00ad])[^\S\n]*$")
CONTINUATION = re.compile(r"^[^\S\n]*([^\W\d_]+\S*)[^\S\n]*")
# A word English writing uses: once in a million words or more (wordfreq's Zipf 3, the bar
# the answerer sets for a common word, question.COMMON). Below it a joined form is no word
# (a compound written open or hyphenated: "longterm", 2.75) or too rare to tell.
WORD_ZIPF = 3.0
MAX_WORD_CHARS = 100  # no word broken at a line end is longer (the longest English ones run to 45)


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def keeps_hyphen(head: str, tail: str, seen: Counter[str]) -> bool:
    """Whether a line-end hyphen between `head` and `tail` is the word's own (a compound
    keeps it: "long-term", "Rasht-Astara") rather than the line break's ("desali-nation"),
    by the first of these that tells:
    - the document: the form it writes elsewhere, joined or hyphenated, the more often (`seen`,
      its words in lower case, a hyphenated compound one word: text.WORD);
    - a capital opening the tail opens a word of its own (a name: "Rasht-Astara", "Trans-Caspian"),
      unless the head is in capitals too (a heading set in capitals: "CONSTRUC-TION");
    - the joined form is an English word (WORD_ZIPF): joined ("infra-structure", "trans-mission");
    - both halves are words and the joined form is none: a compound ("long-term", "cross-border");
    - else the head is a fragment ("construc-", "coo-"): a word broken to fit the line."""
    joined, hyphened = (head + tail).lower(), f"{head}-{tail}".lower()
    if seen[joined] != seen[hyphened]:
        return seen[hyphened] > seen[joined]
    if tail[:1].isupper() and not head.isupper():
        return True
    if _zipf(joined) >= WORD_ZIPF:
        return False
    return _zipf(head.lower()) >= WORD_ZIPF and _zipf(tail.lower()) >= WORD_ZIPF


def dehyphenated(laid_out: list[tuple[str, list[SizedLine]]]) -> list[tuple[str, list[SizedLine]]]:
    """The pages' texts with words broken at a line end by a hyphen made whole (see LINE-END
    HYPHENS), each line keeping its font size; a second line left empty goes."""
    from .text import WORD

    seen = Counter(w.lower() for text, _ in laid_out for w in WORD.findall(text))
    pages = []
    for text, lines in laid_out:
        starts = {start: size for start, _, size in lines}  # a line's start: its size
        rows, at = [], 0
        for row in text.split("\n"):
            rows.append([row, starts.get(at)])
            at += len(row) + 1
        i = 0
        while i < len(rows) - 1:
            # Only a line's last MAX_WORD_CHARS are searched: from each start in a long run of
            # letters (a line pypdf gives without spaces) the search would scan to its end.
            broken = LINE_END_HYPHEN.search(rows[i][0], max(0, len(rows[i][0]) - MAX_WORD_CHARS))
            following = CONTINUATION.match(rows[i + 1][0])
            if broken and following:
                head, mark = broken.group(1), broken.group(2)
                tail = re.match(r"[^\W\d_]+", following.group(1)).group()
                hyphen = mark if mark != "\u00ad" and keeps_hyphen(head, tail, seen) else ""
                rows[i][0] = rows[i][0][:broken.start(2)] + hyphen + following.group(1)
                rest = rows[i + 1][0][following.end():]
                if rest.strip():
                    rows[i + 1][0] = rest
                else:
                    del rows[i + 1]
                    continue  # the line now ending this one may end in a hyphen too
            i += 1
        text = "\n".join(row for row, _ in rows)
        sized, at = [], 0
        for row, size in rows:
            if row.strip():
                sized.append((at, at + len(row), size))
            at += len(row) + 1
        pages.append((text, sized))
    return pages


def _sized_lines(page) -> tuple[str, list[SizedLine]]:
    """A PDF page's text (pypdf's extract_text) and its non-blank lines, each with the font
    size of its first text (None where pypdf reports none). pypdf hands its visitor the
    extracted text run by run, in order; should the runs not add up to the text, no sizes
    are known."""
    runs: list[tuple[str, float]] = []

    def visit(text, cm, tm, font, size):
        # The size a reader sees: the font's size scaled by the text and page matrices.
        runs.append((text, abs(size * (tm[3] if tm else 1) * (cm[3] if cm else 1))))

    text = page.extract_text(visitor_text=visit) or ""
    sizes: dict[int, float] = {}  # offset of a run's first visible character → its size
    if "".join(run for run, _ in runs) == text:
        at = 0
        for run, size in runs:
            if run.strip():
                sizes[at + len(run) - len(run.lstrip())] = size
            at += len(run)
    lines = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            lines.append((m.start(), m.end(), sizes.get(start)))
    return text, lines


# Sizes closer than this (in points) are one size: a PDF writer's rounding, not a new style.
SIZE_TOLERANCE = 0.25


def _size_breaks(lines: list[SizedLine]) -> tuple[int, ...]:
    """The starts of the lines set in another font size than the line before."""
    return tuple(start for (start, _, size), (_, _, before) in zip(lines[1:], lines)
                 if size is not None and before is not None and abs(size - before) > SIZE_TOLERANCE)


def _body_size(lines: list[SizedLine]) -> float | None:
    """The size most of the text is set in (counted in characters: a page of short footnote
    lines is still less text than its paragraphs): the body text's."""
    sizes: Counter[float] = Counter()
    for start, end, size in lines:
        if size is not None:
            sizes[round(size, 1)] += end - start
    return sizes.most_common(1)[0][0] if sizes else None


def pdf_title(text: str, lines: list[SizedLine]) -> str | None:
    """A PDF's title from its first page's layout, as title extractors read a paper: the
    first run of lines set in the page's largest font, when that font is larger than the
    size most of the page's text is set in (its body text), its whitespace made single."""
    sized = [(start, end, size) for start, end, size in lines if size is not None]
    if not sized:
        return None
    body = _body_size(sized)
    largest = max(size for *_, size in sized)
    if largest <= body + SIZE_TOLERANCE:
        return None
    first = next(i for i, (*_, size) in enumerate(sized) if abs(size - largest) <= SIZE_TOLERANCE)
    run = []
    for start, end, size in sized[first:]:
        if abs(size - largest) > SIZE_TOLERANCE:
            break
        run.append(text[start:end])
    return " ".join(" ".join(run).split()) or None


def read_jsonl(path: Path, file: str) -> Iterator[Document | Skipped]:
    """A news dump: one JSON object a line, its text, title, URL, date and publisher under
    any of the names `_article` knows. Each line is an article of its own, keyed
    `file#<line>`. The dump is never read whole: it may be larger than memory."""
    if not file_size(path):  # the same refusals as other files: not regular, unreadable, empty
        raise SkippedFile("empty")
    try:
        lines = path.open("rb")
    except OSError as exc:
        raise unreadable(exc) from exc
    with lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            fragment = f"#{number}"
            try:
                record = json.loads(line)
            except (ValueError, RecursionError):  # RecursionError: nested deeper than Python's stack
                yield Skipped(file + fragment, "not a JSON object")
                continue
            yield _article(path, file, fragment, record)


def fold_name(name: object) -> str:
    """A field's name as the lists above spell it: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", name.lower()) if isinstance(name, str) else ""


def _clean(value: object) -> str | None:
    """A field's string, stripped, with unpaired surrogates made U+FFFD; None if blank or not a string."""
    return (UNPAIRED.sub("\ufffd", value).strip() or None) if isinstance(value, str) else None


def named_key(record: dict, names: tuple[str, ...]) -> str | None:
    """The key of the first of `names` the record fills (not blank), its keys compared
    folded; None if it fills none."""
    keys: dict[str, object] = {}
    for key in record:
        keys.setdefault(fold_name(key), key)  # "Title" and "title" both: the first
    for name in names:
        value = record.get(keys.get(name))
        if value not in (None, "", [], {}) and (not isinstance(value, str) or value.strip()):
            return keys[name]
    return None


def _value(record: dict, names: tuple[str, ...]) -> object:
    key = named_key(record, names)
    return None if key is None else record[key]


def prose_field(records: list[dict]) -> str | None:
    """The key of the records' text when no TEXT_FIELDS name holds it: of the string fields
    that are no known metadata, the one whose values are longest on average, if most of them
    read like an article's paragraph (`furniture.is_prose`: 15 words or more, ending like a
    sentence). An article's text is the longest thing a record holds, and what sets it apart
    from a title, a slug or a label is running sentences; a data table's short notes are none."""
    from .furniture import is_prose  # here, not above: furniture imports this module

    values: dict[str, list[str]] = {}
    for record in records:
        for key, value in record.items():
            if isinstance(value, str) and value.strip() and fold_name(key) not in METADATA_FIELDS:
                values.setdefault(key, []).append(value)
    if not values:
        return None
    key = max(values, key=lambda k: sum(map(len, values[k])) / len(values[k]))
    return key if sum(map(is_prose, values[key])) * 2 > len(values[key]) else None


def text_field(records: list[dict], names: tuple[str, ...] = TEXT_FIELDS) -> str | None:
    """The key of the records' article text: the first of `names` one of them fills, else
    `prose_field`; None when neither is there."""
    for name in names:
        filled = (key for record in records
                  if (key := named_key(record, (name,))) and isinstance(record[key], str))
        if found := next(filled, None):
            return found
    return prose_field(records)


def _publisher(value: object) -> str | None:
    """An outlet's name: the string, the site of an address, or the `name` of an object
    (NewsAPI's {"id": …, "name": "Reuters"})."""
    if isinstance(value, dict):
        value = value.get("name")
    name = _clean(value)
    return publisher_of(name) if web_url(name) else name


# How many objects down a record's text may sit (NESTED TEXT, `text_path`): an article's part
# ({"content": {"body": …}}), and a search hit's article under it ({"_source": {"body": {"text":
# …}}}). Deeper objects are a record's data (statistics, a related item), not its text.
MAX_NESTING = 2


def _objects_inside(record: dict) -> list[tuple[tuple[str, ...], dict]]:
    """The record and the objects inside it to MAX_NESTING deep, each with its path of keys,
    the shallower first. An author's object is not looked into: its "description" is a
    biography, no summary of the article."""
    found, level = [((), record)], [((), record)]
    for _ in range(MAX_NESTING):
        level = [((*where, key), value) for where, obj in level for key, value in obj.items()
                 if isinstance(value, dict) and fold_name(key) not in AUTHOR_FIELDS]
        found += level
    return found


def text_path(record: dict, names: tuple[str, ...] = TEXT_FIELDS) -> tuple[str, ...] | None:
    """Where a JSON article's text is: the path of keys to it, (key,) for a field of its own
    and longer for a field of an object inside it (to MAX_NESTING deep), as APIs and CMS
    exports nest an article's parts (NESTED TEXT: {"content": {"summary": …, "body": …}}, the
    Guardian's {"fields": {"bodyText": …}}, a search hit's {"_source": {"text": …}}). Name by
    name in the order of `names`, the shallower field first: a nested full text beats a summary
    beside it. Else the record's own `prose_field` (only when `names` is every text name); None
    when there is no text."""
    inside = []  # each object's keys folded once (as `named_key` folds them), not once per name
    for where, obj in _objects_inside(record):
        keys: dict[str, object] = {}
        for key in obj:
            keys.setdefault(fold_name(key), key)
        inside.append((where, obj, keys))
    for name in names:
        for where, obj, keys in inside:
            key = keys.get(name)
            if key is not None and isinstance(obj[key], str) and obj[key].strip():
                return (*where, key)
    prose = prose_field([record]) if names == TEXT_FIELDS else None
    return (prose,) if prose else None


def _article(path: Path, file: str, fragment: str, record: object,
             text_key: str | None = None, publisher: str | None = None) -> Document | Skipped:
    """One article of a dump (a JSON object, a spreadsheet row): the text under `text_key`
    (a dump's column, for a spreadsheet) or where the record's own `text_path` finds it, and
    its title, URL, date and publisher (else the URL's site) under the names above: its
    own, else those of the object its text is nested in (a search hit's `_source`). A dump's
    `publisher` (its wrapper's, see `article_list`) is the outlet of an article naming none."""
    if not isinstance(record, dict):
        return Skipped(file + fragment, "not a JSON object")
    where = (text_key,) if text_key else text_path(record)
    if where is None:
        return Skipped(file + fragment, NO_TEXT)
    holders = [record]  # the objects on the way to the text, the record first
    for key in where[:-1]:
        holders.append(holders[-1][key])
    text = holders[-1].get(where[-1])
    if not isinstance(text, str) or not text.strip():
        return Skipped(file + fragment, f"no `{'.'.join(where)}` field")
    text = UNPAIRED.sub("\ufffd", text)  # one character for one: offsets hold
    merged: dict = {}
    for holder in holders:  # a field of the record's own before one nested in it; not the path's
        merged.update((key, value) for key, value in holder.items() if key not in merged and key not in where)
    described = record_metadata(merged)
    described["publisher"] = described["publisher"] or publisher
    return Document(path, file, (Page(None, text),), fragment=fragment, **described)


def record_metadata(record: dict, dates: tuple[str, ...] = DATE_FIELDS) -> dict[str, str | None]:
    """A record's title, URL, publisher (else the URL's site) and date (the first of `dates`
    filled), under the field names above, as Document's keyword arguments."""
    url = web_url(_clean(_value(record, URL_FIELDS)))
    return {"title": _clean(_value(record, TITLE_FIELDS)), "url": url,
            "publisher": _publisher(_value(record, PUBLISHER_FIELDS)) or publisher_of(url),
            "date": iso_date(_value(record, dates))}


# How deep inside the objects wrapping it `article_list` looks for a dump's list of articles:
# APIs and CMS exports nest it one to three objects down ({"articles": [...]}, {"data":
# {"articles": [...]}}, {"hits": {"hits": [...]}}, {"result": {"data": {"items": [...]}}});
# one more level is slack, and the bound keeps a large document's every object unvisited.
MAX_WRAPPING = 4


def article_list(data: dict) -> tuple[list, str | None] | None:
    """The list of articles an object wraps, wherever among its objects it sits (to
    MAX_WRAPPING deep, breadth first), with the publisher the wrappers name on the way to it
    (Caspian Wire's {"data": {"publication": {"name": …}, "articles": [...]}}), nearest
    first. Of the lists of objects, the one holding the most text (the characters of the
    texts `text_path` finds in its objects; the shallower of equals): an export's other
    lists hold short texts if any, however many there are (ten tags each with a one-line
    "description", a dozen readers' comments each with its "text" beside three articles),
    and an article's text is the longest thing it holds. When none holds a text, the
    object's only list of objects, if it has one, as before (its items are then skipped as
    textless)."""
    best: tuple[int, list, str | None] | None = None
    level: list[tuple[dict, str | None]] = [(data, None)]
    for _ in range(MAX_WRAPPING):
        deeper = []
        for wrapper, named in level:
            named = _publisher(_value(wrapper, PUBLISHER_FIELDS)) or named
            for value in wrapper.values():
                if isinstance(value, dict):
                    deeper.append((value, named))
                elif isinstance(value, list) and any(isinstance(x, dict) for x in value):
                    count = sum(_text_length(x) for x in value)
                    if count and (best is None or count > best[0]):
                        best = (count, value, named)
        level = deeper
    if best is not None:
        return best[1], best[2]
    lists = [v for v in data.values() if isinstance(v, list) and any(isinstance(x, dict) for x in v)]
    return (lists[0], None) if len(lists) == 1 else None


def _text_length(record: object) -> int:
    """The length of an object's text where `text_path` finds it; 0 for none."""
    if not isinstance(record, dict) or (where := text_path(record)) is None:
        return 0
    value = record
    for key in where:
        value = value[key]
    return len(value) if isinstance(value, str) else 0


def read_json(path: Path, file: str) -> Iterator[Document | Skipped]:
    """An article as one JSON object, or a dump as a list of them, or an object wrapping
    the list however deep (`article_list`: NewsAPI's answer and a JSON Feed {"articles":
    [...]}, a CMS's {"data": {"articles": [...]}}, a search engine's {"hits": {"hits":
    [...]}}), each read as `_article` reads a line of a .jsonl dump (its text may be nested
    one level: `text_path`), keyed `file#<n>` (from 1, the n-th of the list)."""
    try:
        data = json.loads(decode(path))
    except (ValueError, RecursionError) as exc:  # RecursionError: "[[[[…" deeper than Python's stack
        raise SkippedFile(f"not valid JSON ({exc})") from None
    publisher = None
    # An object with a full text of its own (or nested one level) is an article; else a wrapper?
    if isinstance(data, dict) and text_path(data, FULL_TEXT_FIELDS) is None and (found := article_list(data)):
        data, publisher = found
    if isinstance(data, dict):
        found = _article(path, file, "", data)
        if isinstance(found, Skipped):
            raise SkippedFile(found.reason)
        yield found
        return
    if not isinstance(data, list):
        raise SkippedFile("neither an article object nor a list of them")
    for number, record in enumerate(data, 1):
        yield _article(path, file, f"#{number}", record, publisher=publisher)


def read_table(path: Path, file: str) -> Iterator[Document | Skipped]:
    """A spreadsheet export (.csv, .tsv): the decoded file, whose rows tables.py reads as a
    table with the file's own delimiter (sniffed by the csv module: comma, semicolon, tab),
    each row cited under the header row. A file with a text column (`text_field` over its
    rows: a TEXT_FIELDS name in its header, else a column of running prose) is a news dump
    instead: an article a row, keyed `file#<row>` (the header is row 1; a row is a record,
    so a quoted cell running over several lines is one row), its other columns as for a
    .jsonl dump. The column is chosen once for the file: its rows share a header."""
    text = decode(path)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:  # one column, or too irregular to tell: the suffix says
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    # Only the delimiter is taken from the sniffer: its guess of the quoting fails on a cell
    # holding the delimiter inside doubled quotes ("… ""financing, not engineering"" …" reads
    # as undoubled), and spreadsheets write RFC 4180's doubled quotes, csv.excel's.
    rows = csv.reader(io.StringIO(text), csv.excel, delimiter=dialect.delimiter,
                      skipinitialspace=dialect.skipinitialspace)
    header = [cell.strip() for cell in next(rows, [])]
    records = [(number, dict(zip(header, row))) for number, row in enumerate(rows, 2)
               if any(cell.strip() for cell in row)]
    # A data table's "Description" or "Summary" column is a column of the table: only a
    # full text's name (or a column of running prose) makes a spreadsheet a dump.
    key = text_field([record for _, record in records], FULL_TEXT_FIELDS)
    if key is None:
        yield Document(path, file, (Page(None, text),), title=re.sub(r"[-_]+", " ", path.stem),
                       delimiter=dialect.delimiter)
        return
    for number, record in records:
        yield _article(path, file, f"#{number}", record, key)


# python-docx's default template was made then, and so says every document made from it
# that does not set its own date: a date that tells nothing.
DOCX_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15, tzinfo=UTC)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def docx_created(created: datetime | None, text: str) -> str | None:
    """The date a Word document's properties say it was made, unless it tells nothing: it
    is python-docx's template's, or it is older than every year the text writes (a stale
    template's, or a copy's of an old file: a text about 2025 was not written in 2019)."""
    if created is None or created.replace(tzinfo=created.tzinfo or UTC) == DOCX_TEMPLATE_CREATED:
        return None
    years = [int(year) for year in YEAR.findall(text)]
    return None if years and created.year < min(years) else iso_date(created)


# Word's built-in paragraph styles (python-docx gives their names in English whatever the
# user interface's language): a heading's ("Heading 1" to "Heading 9", the document's
# "Title" and "Subtitle"), and a table of contents' ("TOC 1" to "TOC 9" for its entries,
# "TOC Heading" for its "Contents" over them). A style based on one of them is one of them.
HEADING_STYLE = re.compile(r"^(?:heading \d|title|subtitle)$", re.I)
CONTENTS_STYLE = re.compile(r"^toc(?: \d| heading)$", re.I)
# Word's outline level (w:outlineLvl, 0 to 8; 9 is body text) marks a heading however styled.
OUTLINE_LEVEL = "./w:pPr/w:outlineLvl/@w:val"


def docx_role(paragraph) -> str | None:
    """"heading" or "contents" for a Word paragraph whose style (or one it is based on)
    or outline level says so (HEADING_STYLE, CONTENTS_STYLE, OUTLINE_LEVEL); else None."""
    style, seen = paragraph.style, set()
    levels = paragraph._p.xpath(OUTLINE_LEVEL)
    while style is not None and style.style_id not in seen:  # a malformed file may loop its bases
        seen.add(style.style_id)
        name = style.name or ""
        if CONTENTS_STYLE.match(name):
            return "contents"
        if HEADING_STYLE.match(name):
            return "heading"
        levels = levels or style.element.xpath(OUTLINE_LEVEL)
        style = style.base_style
    return "heading" if levels and levels[0].isdigit() and int(levels[0]) < 9 else None


# WORD'S NOTES. Footnotes and endnotes live in parts of their own (word/footnotes.xml,
# word/endnotes.xml, related to the document by these relationship types), called from the
# body by a run holding a w:footnoteReference or w:endnoteReference; python-docx reads
# neither (its issue #1: no footnote API), so they are read from the package's parts. Word
# writes a separator and a continuation separator note (ids -1 and 0, w:type set) into every
# notes part: a note with a w:type is the page's rule, never text. A note is numbered as Word
# shows it: by the order of its first call in the document, in the numbering format the
# settings give (w:footnotePr/w:endnotePr), else Word's defaults, arabic for footnotes and
# lower-case roman for endnotes.
NOTE_PARTS = (("footnote", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes", "decimal"),
              ("endnote", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes", "lowerRoman"))
ROMAN = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90), ("l", 50), ("xl", 40),
         ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))


def _note_number(n: int, style: str) -> str:
    """A note's number in Word's numbering format (w:numFmt): 3, iii, III, c, C."""
    if style in ("lowerRoman", "upperRoman"):
        roman = ""
        for letters, value in ROMAN:
            while n >= value:
                roman, n = roman + letters, n - value
        return roman if style == "lowerRoman" else roman.upper()
    if style in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if style == "lowerLetter" else letter.upper()
    return str(n)


def docx_notes(document) -> tuple[dict[tuple[str, str], str], list[str]]:
    """A Word document's footnotes and endnotes: the mark each is called by, "[1]" or
    "[i]", by (kind, w:id), and each note as one line, "[1] its text", footnotes before
    endnotes, each kind in the order of its numbers (WORD'S NOTES)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsmap, qn

    w = {"w": nsmap["w"]}  # the notes' own elements are no python-docx classes: plain lxml, given the prefix
    marks: dict[tuple[str, str], str] = {}
    lines: list[str] = []
    settings = document.settings.element
    for kind, reltype, default in NOTE_PARTS:
        parts = [rel.target_part for rel in document.part.rels.values()
                 if rel.reltype == reltype and not rel.is_external]
        if not parts:
            continue
        notes = {}
        for note in parse_xml(parts[0].blob).xpath(f"w:{kind}", namespaces=w):
            if note.get(qn("w:type")) is None:  # a separator or continuation note: the page's rule
                text = " ".join(" ".join(p.text.split()) for p in note.xpath(".//w:p", namespaces=w))
                if text.strip():
                    notes[note.get(qn("w:id"))] = text.strip()
        style = next(iter(settings.xpath(f"w:{kind}Pr/w:numFmt/@w:val")), default)
        called = [ref.get(qn("w:id")) for ref in document.element.body.xpath(f".//w:{kind}Reference")]
        order = list(dict.fromkeys(nid for nid in called if nid in notes))
        order += [nid for nid in notes if nid not in order]  # a note nothing calls: after, as the part has it
        for n, nid in enumerate(order, 1):
            marks[(kind, nid)] = f"[{_note_number(n, style)}]"
            lines.append(f"{marks[(kind, nid)]} {notes[nid]}")
    return marks, lines


def _docx_paragraph_text(paragraph, marks: dict[tuple[str, str], str]) -> str:
    """A paragraph's text as python-docx reads it (CT_P.text: its runs' and hyperlinks'),
    with the mark of each note it calls ("[1]") where the call's run stands."""
    from docx.oxml.ns import qn

    p = paragraph._p
    if not marks or not p.xpath(".//w:footnoteReference | .//w:endnoteReference"):
        return paragraph.text
    pieces = []
    for item in p.xpath("w:r | w:hyperlink"):
        pieces.append(item.text)
        for ref in item.xpath(".//w:footnoteReference | .//w:endnoteReference"):
            kind = "footnote" if ref.tag == qn("w:footnoteReference") else "endnote"
            pieces.append(marks.get((kind, ref.get(qn("w:id"))), ""))
    return "".join(pieces)


# A NOTE TO A DRAFT'S AUTHORS: an editor's or reviewer's remark left in the text ("Reviewer
# note: the embassy quoted …, check which is right", "Query to authors: …", "TODO: …") is not
# the document's text, and its figures are the ones in doubt. Word's own comments
# (word/comments.xml) are never read: python-docx's paragraph text leaves them out. A note
# typed into the text is told by two signs together: every run of its text is highlighted
# (w:highlight, or shading: the marker pen an editor uses to make it stand out for removal),
# and it opens with a label naming a note (ANNOTATION_LABEL: "Reviewer note:", "Editor's note to
# authors:", "Comment:", "Query:", "TODO:", "TK:", "NB:"). Neither alone: a published "Editor's
# note:" heading a correction is content and is not highlighted, and a highlighted "Key
# finding: …" is emphasis, not a note.
ANNOTATION_LABEL = re.compile(
    r"^\W*(?:[\w’'.-]+\s+){0,4}?(?:notes?|comments?|quer(?:y|ies)|todo|to-?do|tk|fixme|nb|aq|remarks?)\b"
    r"[^:.!?]{0,40}:", re.I)
ANNOTATION_MAX_WORDS = 100  # a note to the authors is a remark, not a section


def _highlighted(run) -> bool:
    from docx.oxml.ns import qn

    for mark in run.xpath("./w:rPr/w:highlight | ./w:rPr/w:shd"):
        value = mark.get(qn("w:val")) if mark.tag == qn("w:highlight") else mark.get(qn("w:fill"))
        if value and value.lower() not in ("none", "auto", "ffffff", "clear"):
            return True
    return False


def docx_annotation(paragraph) -> bool:
    """Whether a Word paragraph is A NOTE TO A DRAFT'S AUTHORS: a note's label opening it,
    and every run holding its text highlighted."""
    text = paragraph.text
    if not ANNOTATION_LABEL.match(text) or len(text.split()) > ANNOTATION_MAX_WORDS:
        return False
    runs = [r for r in paragraph._p.xpath(".//w:r") if r.text.strip()]
    return bool(runs) and all(_highlighted(r) for r in runs)


def read_docx(path: Path, file: str) -> Iterator[Document]:
    """A Word document's paragraphs and tables in their order (python-docx), a blank line
    between paragraphs and a table's cells joined by " | ", a row a line (the form
    tables.py reads), with which paragraphs are headings and which a table of contents, as
    their styles say (`docx_role`: Page.headings, Page.contents), and which are notes to the
    draft's authors (`docx_annotation`: Page.annotations); then its footnotes and endnotes,
    each a paragraph of its own under its number, called by that mark in the text
    (`docx_notes`); title from the document's properties, and when it was made
    (`docx_created`), which a dateline in its text overrides."""
    import docx
    from docx.table import Table

    read_bytes(path)  # the same refusals as other files: not regular, unreadable, empty
    try:
        document = docx.Document(str(path))
        try:
            marks, notes = docx_notes(document)
        except Exception as exc:  # a malformed notes part loses the notes, not the document
            log.warning("%s: its footnotes and endnotes are unreadable (%s)", path, exc)
            marks, notes = {}, []
        blocks: list[tuple[str, str | None]] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks.append(("\n".join(" | ".join(cell.text.strip() for cell in row.cells) for row in item.rows),
                               None))
            elif (text := _docx_paragraph_text(item, marks).strip()):
                blocks.append((text, "annotation" if docx_annotation(item) else docx_role(item)))
        blocks.extend((note, None) for note in notes)
        properties = document.core_properties
    except Exception as exc:  # a corrupt or mislabelled file is the user's, not our bug: skip it
        raise SkippedFile(f"unreadable Word document ({exc})") from exc
    if not blocks:
        raise SkippedFile("no text in the Word document")
    text = "\n\n".join(block for block, _ in blocks)
    starts, at = [], 0
    for block, _ in blocks:
        starts.append(at)
        at += len(block) + 2
    roles = [role for _, role in blocks]
    page = Page(None, text, headings=tuple(s for s, role in zip(starts, roles) if role == "heading"),
                contents=tuple(s for s, role in zip(starts, roles) if role == "contents"),
                annotations=tuple(s for s, role in zip(starts, roles) if role == "annotation"))
    yield Document(path, file, (page,), title=(properties.title or "").strip() or None,
                   created=docx_created(properties.created, text))


READERS: dict[str, Reader] = {
    **dict.fromkeys(TEXT_SUFFIXES, read_text),
    ".html": read_html, ".htm": read_html,
    ".pdf": read_pdf,
    ".jsonl": read_jsonl, ".ndjson": read_jsonl,
    ".json": read_json,
    **dict.fromkeys(TABLE_SUFFIXES, read_table),
    ".docx": read_docx,
}


def readable(path: Path) -> bool:
    """Whether some reader takes files of this type."""
    return path.suffix.lower() in READERS


def read_documents(path: Path, file: str, max_mb: float = MAX_SOURCE_MB) -> Iterator[Document | Skipped]:
    """The documents of one file, by its suffix; SkippedFile when the file as a whole
    cannot be read (raised on the first step of the iteration). A file larger than
    `max_mb` is not read at all; in a news dump, an article larger than that is skipped."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise SkippedFile(f"unsupported file type {path.suffix or '(none)'}")
    limit = int(max_mb * 2**20)
    if path.suffix.lower() not in STREAMED and (size := file_size(path)) > limit:
        raise SkippedFile(too_large(size, max_mb))
    for doc in reader(path, file):
        size = sum(len(page.text) for page in doc.pages) if isinstance(doc, Document) else 0
        yield Skipped(doc.key, too_large(size, max_mb)) if size > limit else doc


def cited_text(path: Path, fragment: str = "", page: int | None = None, max_mb: float = MAX_SOURCE_MB) -> str:
    """The text a citation's `start`/`end` index: the decoded file, the HTML's main text,
    the PDF page's text, or the dump article's `text`. SkippedFile if it is gone."""
    for doc in read_documents(path, path.name, max_mb):
        if isinstance(doc, Document) and doc.fragment == fragment:
            for candidate in doc.pages:
                if candidate.number == page:
                    return candidate.text
            raise SkippedFile(f"no page {page}")
    raise SkippedFile(f"no article {fragment}" if fragment else "no text")
