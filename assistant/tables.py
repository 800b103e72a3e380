"""Tables in the text of a source: which lines are a table's rows, and which row is its header.

A table reaches us as lines of text, whatever the format: a Markdown pipe table, trafilatura's
rendering of an HTML <table> (the same pipes), a plain-text table of aligned columns (two or
more spaces, or tabs, between cells), a PDF's rows as pypdf extracts them (cells joined by
single spaces, so only the numbers tell the columns apart), or a .csv file's lines (cells
split by the delimiter the file uses, with the csv module's quoting). Each data row is its own quotable
unit and carries its table's header row, so that "2023 | 4.1 | 3.3" is cited under
"Year | Trade volume (bn USD) | Russian exports (bn USD)" and searched with its words.

A run of lines is a table when each line splits into cells the same way, with the same
number of cells (or, without delimiters, of numbers), and no line reads as a sentence:

- at least MIN_ROWS data rows, or a header marked as one (a Markdown rule line `|---|---|`
  under it, or a first line of text over columns of numbers);
- the header is the line above a Markdown rule, else the first line of a delimited table,
  else (numbers without delimiters) the line of text just above the rows, if there is one;
  a first line of years ("Indicator,2021,2022") is a header, not a row (YEAR COLUMNS);
- a table file's PREAMBLE, its field lines above a blank line and the table ("Units,USD
  billion"), is text, not a table of its own (`_preamble`).

A header's column names may run over two lines, the second under the first's columns
("Russian exports" over "to Iran"). Its rows then carry the names merged column by column,
"Year | Russian exports to Iran | …" (TableLine.merged), cells a reader splits as it splits
a row's; each row is still quoted as its own line.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass

from .text import ends_like_sentence, words

MIN_ROWS = 2  # data rows a table needs when nothing marks its header: one row is just a line
MAX_CELL_WORDS = 12  # longer cells are prose, not a table's
MAX_HEADER_WORDS = 24  # a header line above numbers without delimiters is no longer than this
MAX_CONTINUATIONS = 2  # lines a header's column names may run on over; more is text above the table

# A list item: a line opened by a bullet ("-", "*", "•", "–") or an item's number ("1.", "2)"),
# then one space and its text. A list's items are lines of prose or labels, never a table's
# rows, and the marker is no cell: as a number cell ("-" stands for "no value" in a table),
# it made "- Completion: 2029" a row of two figures. One space, because an aligned table
# sets its cells apart by two or more: "-        162" is a row whose first cell is empty.
BULLETS = "-*•–"
LIST_ITEM = re.compile(rf"^\s*(?:[{re.escape(BULLETS)}]|\d{{1,3}}[.)]) (?=\S)")
RULE = re.compile(r"^\s*[|+]?\s*:?[-=]{3,}:?\s*(?:[|+]\s*:?[-=]{3,}:?\s*)*[|+]?\s*$")
NUMBER = re.compile(r"^[-+−(]?[$€£¥₽]?\d[\d.,:/%]*[%)]?$|^[-–—]$")
PIPE = re.compile(r"\s*\|\s*")
DELIMITERS = [  # (kind, how its cells are split), tried in this order
    ("pipe", PIPE),
    ("tab", re.compile(r"\s*\t\s*")),
    ("aligned", re.compile(r"\s{2,}")),
]


@dataclass(frozen=True)
class TableLine:
    """A line that belongs to a table: its `role`, and for a data row the index of its
    table's header line (None when the table has none)."""

    role: str  # "header", "row", or "rule" (a Markdown rule line, which holds no words)
    header: int | None = None
    caption: str = ""  # a data row's table caption, when the table has one above its header
    # A data row's header as column names joined by " | ", when they run on over the lines
    # under the header line (`_continued`); else "", and the header line names the columns.
    merged: str = ""


def cells(line: str, delimiter: str | None = None) -> tuple[str, list[str]] | None:
    """(kind of delimiter, the cells) of a line that reads as a table row, else None.
    A table file's own `delimiter` (a .csv's comma) splits every line it splits in two or
    more, however long its cells: the file says it is a table. A list item (LIST_ITEM) is
    no row."""
    if delimiter is not None and len(found := next(csv.reader([line], delimiter=delimiter), [])) >= 2:
        return "delimited", found
    # A list item is no row, unless what follows its number lines up in columns (a ranked
    # table: "1. Russia      4.8     40%"); a bullet's line is an item, however aligned.
    ranked = line.lstrip()[:1].isdigit() and len(re.split(r"\s{2,}|\t|\|", line.strip())) >= 3
    if LIST_ITEM.match(line) and not ranked:
        return None
    stripped = line.strip().strip("|").strip()
    # A line written as a Markdown table's row ("| 3 | Security | If one party is attacked,
    # … |") is one, whatever its cells hold: its pipes say so; sentences in cells included.
    edges = line.strip()
    if len(edges) > 1 and edges[0] == edges[-1] == "|" and len(found := PIPE.split(stripped)) >= 2:
        return "pipe", found
    for kind, delimiter in DELIMITERS:
        if kind == "pipe" and "|" not in stripped:
            continue
        found = delimiter.split(stripped)
        if len(found) >= 2 and all(len(words(c)) <= MAX_CELL_WORDS for c in found):
            return None if _sentence(found) else (kind, found)
    tokens = stripped.split()
    numbers = sum(bool(NUMBER.match(t)) for t in tokens)
    if numbers >= 2 and numbers * 2 >= len(tokens) and not ends_like_sentence(stripped.rstrip("%)")):
        return "numbers", [t for t in tokens if NUMBER.match(t)]
    return None


def _sentence(found: list[str]) -> bool:
    """Whether the "cells" are a sentence with wide spaces in it (two spaces after a full stop)."""
    last = found[-1].strip()
    return ends_like_sentence(last) and not NUMBER.match(last) and len(words(last)) >= 4


def _numeric(cell: str) -> bool:
    return bool(NUMBER.match(cell.strip())) or bool(re.fullmatch(r"[\d\s.,%$€£¥₽:/+−-]+", cell.strip()))


def find_tables(lines: list[str], adjacent: list[bool], delimiter: str | None = None) -> dict[int, TableLine]:
    """The lines that belong to tables, by index. `adjacent[i]` says whether line i follows
    line i-1 directly (no blank line between): a table's rows do. `delimiter`: a table
    file's own (cells)."""
    shapes = [None if RULE.match(line) else cells(line, delimiter) for line in lines]
    found: dict[int, TableLine] = {}
    i = 0
    while i < len(lines):
        if shapes[i] is None:
            i += 1
            continue
        kind, first = shapes[i]
        run, rules = [i], []
        j = i + 1
        while j < len(lines) and adjacent[j]:
            if kind == "pipe" and RULE.match(lines[j]):
                rules.append(j)
            elif (shapes[j] is not None and shapes[j][0] == kind and len(shapes[j][1]) == len(first)
                  and (kind != "aligned" or _aligned(lines[run[0]], lines[j]))):
                run.append(j)
            else:
                break
            j += 1
        if kind == "delimited" and _preamble(lines, shapes, run, j, adjacent):
            i = j  # text, not a table
            continue
        table = _table(lines, shapes, run, rules, kind, adjacent)
        found.update(table)
        i = j if table else i + 1
    return found


# A table file's PREAMBLE: statistics offices and data desks write what a table is above it, a
# line a field, "Data source,Ministry of Finance" / "Last updated,2026-02-10" / "Units,USD
# billion", then a blank line, then the table's header and rows. Those lines are no table: each
# states its own fact (the units of every figure below, often nowhere else), read as a line of
# text, and the table below is headed by its own first line, not by "Data source". They are told
# by their shape: a run of two-cell lines (a field's name and its value) whose first cells are
# words, not figures, ended by a blank line, with a wider table after it in the file; not a
# name over figures, which is a two-column table of its own.
def _preamble(lines: list[str], shapes, run: list[int], end: int, adjacent: list[bool]) -> bool:
    """Whether the delimited lines `run` (ending before line `end`) are a table file's PREAMBLE."""
    if len(shapes[run[0]][1]) != 2 or end >= len(lines) or adjacent[end]:
        return False
    if any(_numeric(shapes[k][1][0]) or not shapes[k][1][0].strip() for k in run):
        return False
    values = [shapes[k][1][1] for k in run]
    if len(values) > 1 and not _numeric(values[0]) and all(_numeric(v) for v in values[1:]):
        return False  # a two-column table's header over its figures ("Country,Share" / "Iran,40%")
    later = next((shape for shape in shapes[end:] if shape is not None), None)
    return later is not None and len(later[1]) > 2


def _gaps(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\s{2,}|\t", line.strip())]


def _aligned(first: str, line: str) -> bool:
    """Whether two lines of cells set apart by wide spaces share their columns: each gap
    between cells overlaps the first line's gap between the same columns, as the white
    columns of an aligned table run down the page, whichever way its cells are aligned.
    Prose with two spaces after its full stops splits into "cells" too, but its gaps wander."""
    return all(a[0] < b[1] and b[0] < a[1] for a, b in zip(_gaps(first), _gaps(line)))


def _table(lines: list[str], shapes, run: list[int], rules: list[int], kind: str,
           adjacent: list[bool]) -> dict[int, TableLine]:
    units = None  # a line of units under the header (see below)
    continued: list[int] = []  # lines under the header continuing its column names
    merged = ""  # the column names those lines complete
    if kind == "numbers":
        above = run[0] - 1
        header = above if (len(run) >= MIN_ROWS and above >= 0 and adjacent[run[0]] and shapes[above] is None
                           and not RULE.match(lines[above]) and not ends_like_sentence(lines[above])
                           and 2 <= len(words(lines[above])) <= MAX_HEADER_WORDS) else None
        if len(run) < MIN_ROWS:
            return {}
        rows = run
        caption = ""
    else:
        marked = bool(rules) and rules[0] == run[0] + 1
        first, rest = shapes[run[0]][1], [shapes[k][1] for k in run[1:]]
        # Text over numbers: some column is numbers below a first cell that is not.
        text_over_numbers = bool(rest) and any(
            not _numeric(first[c]) and all(_numeric(row[c]) for row in rest) for c in range(len(first)))
        if len(run) < 2:
            return {}
        if not marked and _like_rows(first, rest):
            # A first line of figures like the rows below it is a row: the header is above it
            # (`_header_above`), over a line of units ("(USD bn) (USD bn)"), which the rows
            # carry as their caption, and lines continuing its names; or the rows have none.
            rows, caption = run, ""
            above = _header_above(lines, shapes, run[0], len(first), adjacent)
            header, units, continued = above if above is not None else (None, None, [])
            if units is not None:
                caption = " ".join(shapes[units][1])
            if continued:
                merged = _merged(lines[header], [lines[k] for k in continued])
        else:
            if len(run) - 1 < MIN_ROWS and not (marked or text_over_numbers):
                return {}
            # A caption rendered as a row over a rule of its own (trafilatura gives an HTML
            # <caption> so, then the <thead> row over another rule): the header is the last row
            # standing over a rule above the data; a caption above it stays a line of text, and
            # each row carries it with the header (it names what the rows are: "Mumbai to Moscow").
            lead = 0
            while lead + 1 < len(run) and run[lead] + 1 in rules and run[lead + 1] + 1 in rules:
                lead += 1
            header, rows = run[lead], run[lead + 1:]
            caption = " ".join(c for k in run[:lead] for c in shapes[k][1] if c.strip())
    if header is not None and not caption:
        caption = _title_above(lines, shapes, header)
    table = {k: TableLine("row", header, caption, merged) for k in rows}
    if header is not None:
        table[header] = TableLine("header")
    # The units and continuation lines are part of the header: no rows of their own.
    table.update({k: TableLine("header") for k in [*([units] if units is not None else []), *continued]})
    table.update({k: TableLine("rule") for k in rules})
    return table


# A credit above a table ("Editing by Mark Heinrich", "By Anna Petrova") names no table.
CREDIT_LINE = re.compile(r"^\W*(?:(?:written|reporting|editing|edited|compiled|story|text|words|photo|source)\s+)?by\b",
                         re.IGNORECASE)


def _title_above(lines: list[str], shapes, header: int) -> str:
    """The line just above a table's header when it is the table's title, not a sentence
    ("Russia–Iran merchandise trade, 2020–2024 (US$ million)"): the rows' caption, which
    names what they are and often the unit of their figures. "" when there is none."""
    k = header - 1
    if k < 0 or shapes[k] is not None or RULE.match(lines[k]) or ends_like_sentence(lines[k]) \
            or CREDIT_LINE.match(lines[k]):
        return ""
    title = re.sub(r"^[#*_>\s]+|[*_\s]+$", "", lines[k])  # a Markdown heading's marks are no title's
    return title if 2 <= len(words(title)) <= MAX_HEADER_WORDS else ""


# YEAR COLUMNS: a wide table names its columns by year ("Indicator,2021,2022,2023"), figures
# in form, yet a header: its figures are years, each later than the one before, where the
# rows below hold other figures (a row of a long table listing years one a column is rare,
# and its neighbours would be years too).
YEAR = re.compile(r"^(?:1[89]|20|21)\d\d$")


def _year_header(first: list[str], rest: list[list[str]]) -> bool:
    """Whether a table's first line names YEAR COLUMNS over rows of other figures."""
    years = [c for c, cell in enumerate(first) if YEAR.match(cell.strip())]
    values = [int(first[c]) for c in years]
    return (len(years) >= 2 and values == sorted(set(values))
            and all(not _numeric(first[c]) for c in range(len(first)) if c not in years)
            and not all(YEAR.match(row[c].strip()) for row in rest for c in years))


def _like_rows(first: list[str], rest: list[list[str]]) -> bool:
    """Whether a table's first line is one more row: figures where the rows have figures,
    text where they have text (but not YEAR COLUMNS' names)."""
    numeric = [all(_numeric(row[c]) for row in rest) for c in range(len(first))]
    return (bool(rest) and any(numeric) and all(_numeric(first[c]) == numeric[c] for c in range(len(first)))
            and not _year_header(first, rest))


def _header_above(lines: list[str], shapes, start: int, cells: int, adjacent: list[bool]
                  ) -> tuple[int, int | None, list[int]] | None:
    """(the header line, the units line under it or None, the lines continuing its column
    names) right above line `start`: the nearest line of `cells` cells of text, over at
    most a line of units and MAX_CONTINUATIONS lines continuing it (`_continued`)."""
    between: list[int] = []
    k = start
    while k > 0 and adjacent[k] and len(between) <= MAX_CONTINUATIONS + 1:  # room for a units line too
        k -= 1
        shape = shapes[k]
        if shape is not None and len(shape[1]) == cells and not any(_numeric(c) for c in shape[1]):
            return _under_header(lines, shapes, k, between)
        between.append(k)
    return None


def _under_header(lines: list[str], shapes, header: int, between: list[int]
                  ) -> tuple[int, int | None, list[int]] | None:
    """(header, units, continuation lines) when each line `between` the header and its rows
    is a line of units (one at most) or continues the header's names; else None. Only an
    aligned header has columns a continuation can sit under."""
    units = [k for k in between
             if shapes[k] is not None and all(UNITS.match(c.strip()) for c in shapes[k][1])]
    continued = sorted(k for k in between if k not in units)
    if len(units) > 1 or len(continued) > MAX_CONTINUATIONS:
        return None
    if continued and (shapes[header][0] != "aligned"
                      or not all(_continued(lines[header], lines[k]) for k in continued)):
        return None
    return header, units[0] if units else None, continued


UNITS = re.compile(r"^\(.*\)$")  # a cell that is a unit in brackets: "(USD bn)", "(%)"
# A cell of a line of aligned columns: words set apart by single spaces (cells, by two or more).
CELL = re.compile(r"\S+(?: \S+)*")


def _continued(header: str, line: str) -> bool:
    """Whether `line` continues the column names of the aligned `header` line above it
    ("to Iran" under "Russian exports"): words only, no figure, each of its cells under one
    of the header's cells and no other, as an aligned table's columns run down the page,
    whichever way its names are aligned. A tab gives no column to compare."""
    if "\t" in line or re.search(r"\d", line):
        return False
    heads = [m.span() for m in CELL.finditer(header)]
    spans = [m.span() for m in CELL.finditer(line)]
    return bool(spans) and all(len(_under(span, heads)) == 1 for span in spans)


def _under(span: tuple[int, int], heads: list[tuple[int, int]]) -> list[int]:
    """The indices of the header cells a cell's columns overlap."""
    return [i for i, (s, e) in enumerate(heads) if span[0] < e and s < span[1]]


def _merged(header: str, continued: list[str]) -> str:
    """The header's column names, each completed by the words under it in the `continued`
    lines, joined by " | " (a pipe table's cells, which answering.spans splits as it splits
    the rows' wide spaces): "Russian exports" over "to Iran" is "Russian exports to Iran"."""
    heads = list(CELL.finditer(header))
    names = [[m.group()] for m in heads]
    for line in continued:
        for m in CELL.finditer(line):
            [column] = _under(m.span(), [h.span() for h in heads])
            names[column].append(m.group())
    return " | ".join(" ".join(name) for name in names)
