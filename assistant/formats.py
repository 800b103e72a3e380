"""Format readers: one file of the sources folder in, the Documents it holds out.

A Document is the text that citations point into, with whatever metadata the format
carries. What a citation's `start`/`end` offsets index, by format:

| suffix | offsets index | one Document per |
| --- | --- | --- |
| .txt .md .markdown .text | the decoded file | file |
| .html .htm | the main text trafilatura extracts (navigation, adverts, footers gone) | file |
| .pdf | the text pypdf extracts from the cited page (`page`, from 1) | file |
| .jsonl .ndjson | the `text` field of one line's JSON object | line: key `dump.jsonl#12` |
| .json | the `text` field of one article object (the file's, or one of its list's) | object: key `dump.json#3` (the 3rd) |
| .csv .tsv | the decoded file: a table, its rows read with the file's delimiter | file |
| .csv .tsv with a `text` column | that column's cell | row: key `dump.csv#12` (row 12, the header is row 1) |
| .docx | the paragraphs and tables python-docx reads, a table's cells joined by pipes | file |

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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from stat import S_ISREG
from urllib.parse import urlparse

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
TABLE_SUFFIXES = {".csv", ".tsv"}
STREAMED = {".jsonl", ".ndjson"}  # read an article at a time: the size limit is each article's
MAX_SOURCE_MB = 10.0  # TREATY_MAX_SOURCE_MB's default: a larger file (or dump article) is skipped
UNPAIRED = re.compile(r"[\ud800-\udfff]")  # JSON's "\ud800" escapes: not Unicode, refused by tokenizers


class SkippedFile(Exception):
    """A file in the sources folder that cannot be read as an article."""


@dataclass(frozen=True)
class Page:
    number: int | None  # from 1 in a PDF; None for formats without pages
    text: str  # what the offsets of citations on this page index


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


def read_text(path: Path, file: str) -> Iterator[Document]:
    yield Document(path, file, (Page(None, decode(path)),))


def read_html(path: Path, file: str) -> Iterator[Document]:
    """The page's main text as trafilatura extracts it: navigation, cookie banners,
    related links and footers are gone; title, site, date and URL from the page."""
    import trafilatura

    data = read_bytes(path)
    try:
        page = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    except Exception as exc:  # a malformed page is the user's file, not our bug: skip it
        raise SkippedFile(f"unreadable HTML ({exc})") from exc
    text = (page.text or "") if page is not None else ""
    if not text.strip():
        raise SkippedFile("no article text found in the HTML")
    url = web_url(page.url)
    yield Document(path, file, (Page(None, text),), title=page.title or None,
                   publisher=page.sitename or publisher_of(url), date=iso_date(page.date), url=url)


def read_pdf(path: Path, file: str) -> Iterator[Document]:
    """Each page's text as pypdf extracts it; title and date from the PDF's metadata."""
    from pypdf import PdfReader

    read_bytes(path)  # the same refusals as other files: not regular, unreadable, empty
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            reader.decrypt("")  # many PDFs are "encrypted" with an empty password
        info = reader.metadata
        pages = tuple(Page(n, page.extract_text() or "") for n, page in enumerate(reader.pages, 1))
    except Exception as exc:  # pypdf raises many kinds on broken files; all mean "skip it"
        raise SkippedFile(f"unreadable PDF ({exc})") from exc
    if not any(page.text.strip() for page in pages):
        raise SkippedFile("no text in the PDF (a scan without a text layer?)")
    title = date_ = None
    if info is not None:
        title = (info.title or "").strip() or None
        try:
            date_ = iso_date(info.creation_date)
        except ValueError:  # a malformed date string in the metadata
            date_ = None
    yield Document(path, file, pages, title=title, date=date_, reflow=True)


def read_jsonl(path: Path, file: str) -> Iterator[Document | Skipped]:
    """A news dump: one JSON object a line with `text` and optionally `title`, `url`,
    `date` and `publisher`. Each line is an article of its own, keyed `file#<line>`. The
    dump is never read whole: it may be larger than memory."""
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
            except ValueError:
                yield Skipped(file + fragment, "not a JSON object")
                continue
            yield _article(path, file, fragment, record)


def _field(record: dict, name: str) -> str | None:
    value = record.get(name)
    return (UNPAIRED.sub("\ufffd", value).strip() or None) if isinstance(value, str) else None


def _article(path: Path, file: str, fragment: str, record: object) -> Document | Skipped:
    """One article of a dump (a JSON object, a spreadsheet row): its `text`, and its
    `title`, `url`, `date` and `publisher` (else the URL's site) where it gives them."""
    text = record.get("text") if isinstance(record, dict) else None
    if not isinstance(text, str) or not text.strip():
        return Skipped(file + fragment, "no `text` field")
    url = web_url(_field(record, "url"))
    text = UNPAIRED.sub("\ufffd", text)  # one character for one: offsets hold
    return Document(path, file, (Page(None, text),), fragment=fragment, title=_field(record, "title"), url=url,
                    publisher=_field(record, "publisher") or publisher_of(url), date=iso_date(record.get("date")))


def read_json(path: Path, file: str) -> Iterator[Document | Skipped]:
    """An article as one JSON object, or a dump as a list of them (or an object holding
    the list under its one list-valued key: {"articles": [...]}): each with `text` and
    optionally `title`, `url`, `date`, `publisher`, keyed `file#<n>` (from 1) in a list."""
    try:
        data = json.loads(decode(path))
    except ValueError as exc:
        raise SkippedFile(f"not valid JSON ({exc})") from None
    if isinstance(data, dict) and "text" not in data:
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else data
    if isinstance(data, dict):
        found = _article(path, file, "", data)
        if isinstance(found, Skipped):
            raise SkippedFile("no `text` field")
        yield found
        return
    if not isinstance(data, list):
        raise SkippedFile("neither an article object nor a list of them")
    for number, record in enumerate(data, 1):
        yield _article(path, file, f"#{number}", record)


def read_table(path: Path, file: str) -> Iterator[Document | Skipped]:
    """A spreadsheet export (.csv, .tsv): the decoded file, whose rows tables.py reads as a
    table with the file's own delimiter (sniffed by the csv module: comma, semicolon, tab),
    each row cited under the header row. A file whose header names a `text` column is a
    news dump instead: an article a row, keyed `file#<row>` (the header is row 1), its
    other columns as for a .jsonl dump."""
    text = decode(path)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:  # one column, or too irregular to tell: the suffix says
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    rows = csv.reader(io.StringIO(text), dialect)
    header = [cell.strip().lower() for cell in next(rows, [])]
    if "text" not in header:
        yield Document(path, file, (Page(None, text),), title=re.sub(r"[-_]+", " ", path.stem),
                       delimiter=dialect.delimiter)
        return
    for number, row in enumerate(rows, 2):
        if any(cell.strip() for cell in row):
            yield _article(path, file, f"#{number}", dict(zip(header, row)))


def read_docx(path: Path, file: str) -> Iterator[Document]:
    """A Word document's paragraphs and tables in their order (python-docx), a blank line
    between paragraphs and a table's cells joined by " | ", a row a line (the form
    tables.py reads); title and date from the document's properties."""
    import docx
    from docx.table import Table

    read_bytes(path)  # the same refusals as other files: not regular, unreadable, empty
    try:
        document = docx.Document(str(path))
        blocks = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks.append("\n".join(" | ".join(cell.text.strip() for cell in row.cells) for row in item.rows))
            elif item.text.strip():
                blocks.append(item.text.strip())
        properties = document.core_properties
    except Exception as exc:  # a corrupt or mislabelled file is the user's, not our bug: skip it
        raise SkippedFile(f"unreadable Word document ({exc})") from exc
    if not blocks:
        raise SkippedFile("no text in the Word document")
    yield Document(path, file, (Page(None, "\n\n".join(blocks)),), title=(properties.title or "").strip() or None,
                   date=iso_date(properties.created))


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
