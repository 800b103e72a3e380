"""Measures: what a figure measures, told by the unit written with it ("160 km/h" is a speed,
"164 km" a length, "EUR 1.6 billion" a sum of money, "12%" a share). Shared by the answerer,
which checks that a figure is of the measure a question asks for (answering/spans.py), and
by furniture detection, which keeps a short line that states one (a key-figures box is data).
A bare number ("Comments 12", "Edition #58") measures nothing.
"""
from __future__ import annotations

import re

CURRENCY = re.compile(r"[$€£¥₽﷼]|\b(?:dollars?|euros?|roubles?|rubles?|rials?|tomans?|yuan|renminbi|"
                      r"rupees?|pounds? sterling|usd|eur|rub|irr|cny|inr)\b", re.IGNORECASE)
SPEED = re.compile(r"\b(?:km/h|kph|mph|knots?)\b|/h\b|\b(?:kilomet(?:re|er)s?|miles?) (?:per|an) hour\b",
                   re.IGNORECASE)
# The measures a figure can state, by unit; speed and volume before length ("km/h" holds
# "km", "cubic metres" "metres").
MEASURES = (
    ("speed", SPEED),
    ("volume", re.compile(r"\b(?:bcm|cubic|barrels?|lit(?:re|er)s?|teu)\b", re.IGNORECASE)),
    ("length", re.compile(r"\b(?:km|kilomet(?:re|er)s?|(?:nautical )?miles?|met(?:re|er)s?|feet|foot|ft|yards?)\b",
                          re.IGNORECASE)),
    ("mass", re.compile(r"\b(?:tonnes?|tons?|kg|kilograms?)\b", re.IGNORECASE)),
    ("money", CURRENCY),
    ("share", re.compile(r"%|\bper ?cent\b|\bpct\b|\bpercentage points?\b", re.IGNORECASE)),
)
UNIT_REACH = 24  # characters after a number where its unit is written ("55 billion cubic metres")
FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


# Where a table row's cell ends: a bar, a tab, or a delimiter glued to the next cell (a spreadsheet's
# "2023,162 km"; prose puts a space after its commas, and a figure's own separator is inside it).
CELL_BREAK = re.compile(r"\s*\|\s*|\t|[,;](?=\S)")


# What a rate is counted against follows "per" or a slash: "$15 per thousand cubic metres" is a
# sum of money (for each thousand cubic metres), "1.2 tonnes/day" a mass.
PER = re.compile(r"\s+per\s+|\s*/\s*", re.IGNORECASE)


def measure_at(text: str, start: int, end: int) -> str | None:
    """The measure of the figure text[start:end], by the unit in it, just before it ("EUR",
    "$") or just after it, up to a "per" (PER: a speed excepted, whose unit is a rate);
    None without a unit."""
    # Not past the figure's cell in a table row: "2023,162 km missing link" states no length of 2023.
    after = CELL_BREAK.split(text[end:end + UNIT_REACH], maxsplit=1)[0]
    if SPEED.search(text[max(0, start - 4):end] + after):
        return "speed"
    stated = text[max(0, start - 4):end] + PER.split(after, maxsplit=1)[0]
    return next((name for name, unit in MEASURES if unit.search(stated)), None)


def states_a_measure(text: str) -> bool:
    """Whether some figure of `text` is written with a unit of measure or a currency."""
    return any(measure_at(text, m.start(), m.end()) is not None for m in FIGURE.finditer(text))
