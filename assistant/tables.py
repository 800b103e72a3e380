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
  else (numbers without delimiters) the line of text just above the rows, if there is one.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass

from .text import ends_like_sentence, words

MIN_ROWS = 2  # data rows a table needs when nothing marks its header: one row is just a line
MAX_CELL_WORDS = 12  # longer cells are prose, not a table's
MAX_HEADER_WORDS = 24  # a header line above numbers without delimiters is no longer than this

# A list item: a line opened by a bullet ("-", "*", "•", "–") or an item's number ("1.", "2)"),
# then one space and its text. A list's items are lines of prose or labels, never a table's
# rows, and the marker is no cell: as a number cell ("-" stands for "no value" in a table),
# it made "- Completion: 2029" a row of two figures. One space, because an aligned table
# sets its cells apart by two or more: "-        162" is a row whose first cell is empty.
BULLETS = "-*•–"
LIST_ITEM = re.compile(rf"^\s*(?:[{re.escape(BULLETS)}]|\d{{1,3}}[.)]) (?=\S)")
RULE = re.compile(r"^\s*[|+]?\s*:?[-=]{3,}:?\s*(?:[|+]\s*:?[-=]{3,}:?\s*)*[|+]?\s*$")
NUMBER = re.compile(r"^[-+−(]?[$€£¥₽]?\d[\d.,:/%]*[%)]?$|^[-–—]$")
DELIMITERS = [  # (kind, how its cells are split), tried in this order
    ("pipe", re.compile(r"\s*\|\s*")),
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


def cells(line: str, delimiter: str | None = None) -> tuple[str, list[str]] | None:
    """(kind of delimiter, the cells) of a line that reads as a table row, else None.
    A table file's own `delimiter` (a .csv's comma) splits every line it splits in two or
    more, however long its cells: the file says it is a table. A list item (LIST_ITEM) is
    no row."""
    if delimiter is not None and len(found := next(csv.reader([line], delimiter=delimiter), [])) >= 2:
        return "delimited", found
    if LIST_ITEM.match(line):
        return None
    stripped = line.strip().strip("|").strip()
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
        table = _table(lines, shapes, run, rules, kind, adjacent)
        found.update(table)
        i = j if table else i + 1
    return found


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
        if len(run) - 1 < MIN_ROWS and not (marked or text_over_numbers) or len(run) < 2:
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
        # A first line of figures like the rows below it is a row: the header is above it,
        # the nearest line of as many cells of text, over at most a line of units ("(USD bn)
        # (USD bn)"), which the rows carry as their caption.
        if not marked and _like_rows(first, rest) and (above := _header_above(shapes, run[0], len(first),
                                                                              adjacent)) is not None:
            header, units = above
            rows, caption = run, " ".join(shapes[units][1]) if units is not None else ""
    table = {k: TableLine("row", header, caption) for k in rows}
    if header is not None:
        table[header] = TableLine("header")
    if units is not None:
        table[units] = TableLine("header")  # part of the header: no row of its own
    table.update({k: TableLine("rule") for k in rules})
    return table


UNITS = re.compile(r"^\(.*\)$")  # a cell that is a unit in brackets: "(USD bn)", "(%)"


def _like_rows(first: list[str], rest: list[list[str]]) -> bool:
    """Whether a table's first line is one more row: figures where the rows have figures,
    text where they have text."""
    numeric = [all(_numeric(row[c]) for row in rest) for c in range(len(first))]
    return bool(rest) and any(numeric) and all(_numeric(first[c]) == numeric[c] for c in range(len(first)))


def _header_above(shapes, start: int, cells: int, adjacent: list[bool]) -> tuple[int, int | None] | None:
    """(the header line, the units line under it or None) right above line `start`."""
    units = None
    k = start
    while k > 0 and adjacent[k]:
        k -= 1
        shape = shapes[k]
        if shape is None:
            return None
        if len(shape[1]) == cells and not any(_numeric(c) for c in shape[1]):
            return k, units
        if units is not None or not all(UNITS.match(c.strip()) for c in shape[1]):
            return None
        units = k
    return None

