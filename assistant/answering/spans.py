"""Answer spans: the words of a cited sentence that answer the question ("20-year",
"Moscow", "Masoud Pezeshkian … Vladimir Putin"), found by what they are — spaCy's named
entities of the kinds the question's answer type allows, or, where the recogniser found
none, text of that type's form (a duration, a date, a number) — and compared across
sources, so that two that differ ("up to 55 billion" and "no more than 25 billion cubic
metres") are shown as a disagreement, not settled.

Mentions: whether a text mentions one of the question's entities, allowing the forms a
name takes in news text — a demonym or possessive ("Iran", "Iranian", "Iran's"), and a
transliteration one letter apart ("Masoud", "Massoud"; "Shahed", "Shahid") — and the other
names of a country: its official name, its demonym where irregular ("British"), and its
capital, which news writes for its government ("Moscow says", "Washington warned"), from
the country data of the `countryinfo` package.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import takewhile

from ..measures import CURRENCY, FIGURE, MEASURES, measure_at
from ..chunking import MIN_QUOTE_WORDS
from ..text import content_terms, english_stopwords, fold, one_edit, same_stem, words
from .question import (ASKED_NOUNS, CHOICE, DATE_SHAPE, DESIGNATION, DURATION_SHAPE, FACILITY_NOUNS,
                       LENGTH_OR_DURATION, MONTHS, NUMBER_WORDS, PLACE, WEEKDAYS, YES_OR_NO, AnswerType, Part)

# What a demonym or possessive adds to a place or people's name: Iran → Iranian, Israel →
# Israeli, China → Chinese, Russia → Russians, Iran → Iran's.
DEMONYM = re.compile(r"^(?:n|an|ian|ians|ns|ans|ese|i|is|ish|s|'s|’s|es)$")
NAME_WORDS = {"the", "of", "and", "'s", "’s"}
TRANSLITERATION_MIN = 5  # letters: shorter names one letter apart are different names (Iran, Iraq)


@lru_cache(maxsize=1 << 15)  # pairs of words: a few MB at most
def same_name(a: str, b: str) -> bool:
    """Whether two words are forms of one name (see the module's docstring)."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if long.startswith(short) and len(short) >= 3 and DEMONYM.match(long[len(short):]):
        return True
    return min(len(a), len(b)) >= TRANSLITERATION_MIN and one_edit(a, b)


# A figure: a comma groups thousands ("1,200"), so is followed by three digits; else it
# separates figures ("2022,4.9" in a .csv row is 2022 and 4.9).
NUMBER = re.compile(r"\d+(?:,\d{3}(?!\d))*(?:\.\d+)?")
ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")  # "U.S.", "U.N.": the letters of an abbreviation


def _fold_name(text: str) -> list[str]:
    text = ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
    return [w for w in re.split(r"[-\s]+", fold(text)) if w]


def mentions(entity: str, text: str, other_names: bool = True) -> bool:
    """Whether `text` mentions `entity` (a name, number or date from the question): each
    of its words (a hyphenated one in parts: "S-400"; an abbreviation without its stops:
    "U.S.") occurs in the text in one of its forms, or (`other_names`) the text names the
    same country another way (see the module's docstring)."""
    if DESIGNATION.fullmatch(entity):  # "CASAREX-2024" as written, its hyphen optional: not CASAREX-2025
        letters, number = entity.rsplit("-", 1)
        return re.search(rf"\b{re.escape(letters)}[-\s]?{re.escape(number)}\b", text, re.IGNORECASE) is not None
    if "month" in (date := date_parts(entity)) and re.search(r"\d", entity):  # a date, not "Theresa May"
        return _mentions_date(date, text)
    numbers = NUMBER.findall(entity)
    if numbers:  # a figure is the same figure however written: "5 percent" and "<5%", "20 years" and "20-year"
        have_numbers = {n.replace(",", "") for n in NUMBER.findall(text)}
        return all(n.replace(",", "") in have_numbers for n in numbers)
    return any(_mentions_name(name, text) for name in (country_names(entity) if other_names else (entity,)))


def _mentions_date(date: dict[str, int], text: str) -> bool:
    """Whether `text` gives the date (date_parts of a question's "July 2025", "17 February
    2026") in words, its month named ("Jul") with its day and year, or in figures, as tables
    and feeds write it ("2025-07", "2026-02-17", "17.02.2026"). Its month must be there: a
    row of 2025-12 does not mention July 2025."""
    year, month, day = date.get("year"), date["month"], date.get("day")
    # A month's name is written with a capital ("Iran may sign" names no May).
    named = month in months_named(text)
    have = {n.replace(",", "") for n in NUMBER.findall(text)}
    if named and all(str(n) in have for n in (year, day) if n is not None):
        return True
    any_year = r"\d{4}"
    iso = rf"\b{year or any_year}-{month:02d}" + (rf"-{day:02d}\b" if day else r"\b")
    dotted = rf"\b0?{day}[./]0?{month}[./]{year or any_year}\b" if day else None
    return re.search(iso, text) is not None or dotted is not None and re.search(dotted, text) is not None


@cache
def _countries() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """Each name of a country (folded) to all its names: common and official names
    (altSpellings), capital and demonym; and the keys that name a country itself (not its
    capital, not its people). A short code among the spellings ("US", "UK", "USA") is an
    abbreviation, mentioned only as written in capitals (`_mentions_name`): codes are words
    too ("ARE", "AND")."""
    from importlib.resources import files

    found: dict[str, set[str]] = {}
    countries: set[str] = set()
    for path in (files("countryinfo") / "data").iterdir():
        if not path.name.endswith(".json"):
            continue
        country = json.loads(path.read_text(encoding="utf-8"))
        capitals = country.get("capital") or []
        capitals = [capitals] if isinstance(capitals, str) else capitals
        names = {country.get("name") or "", country.get("demonym") or ""}
        names |= {re.sub(r"\s+(?:[A-Z]\.)+$", "", c) for c in capitals}  # "Washington D.C."
        names |= {a for a in country.get("altSpellings") or [] if len(a) > 3 or _abbreviation(a)}
        names.discard("")
        for name in names:
            found.setdefault(_key(name), set()).update(names)
        countries.update(_key(n) for n in names - {country.get("demonym") or ""} - set(capitals))
    return {key: frozenset(names) for key, names in found.items()}, frozenset(countries)


def names_a_country(name: str) -> bool:
    """Whether `name` is a name of a country, its capital or its people ("Emirati", "Tehran")."""
    return _key(name) in _countries()[0]


def _a_people(word: str) -> bool:
    """Whether a plural names a people ("Iranians", "Russians"): its singular is a demonym."""
    return word.lower().endswith("s") and names_a_country(word[:-1]) and not is_country(word[:-1])


def is_country(name: str) -> bool:
    """Whether `name` names a country ("Iran", "the United States"), not a city or a people."""
    return _key(name) in _countries()[1]


@lru_cache(maxsize=4096)
def country_names(entity: str) -> tuple[str, ...]:
    """The names a text may give `entity`: itself, and, for a country or its capital, the
    country's other names. An abbreviation counts only as written in capitals ("US", "U.S.",
    not "us")."""
    key = _key(entity)
    if not key:
        return (entity,)
    abbreviation = _abbreviation(entity)
    if abbreviation:
        from countryinfo import CountryInfo  # its ISO-code lookup: "US" → United States

        try:
            key = _key(CountryInfo(abbreviation).name())
        except Exception:  # not a country's code (countryinfo raises its own errors)
            return (entity,)
    return (entity, *sorted(_countries()[0].get(key, frozenset()) - {entity}))


def _abbreviation(name: str) -> str:
    """The letters of a short abbreviation in capitals ("the U.S." → "US"), else ""."""
    letters = re.sub(r"^the\s+", "", ACRONYM.sub(lambda m: m.group(0).replace(".", ""), name).strip(),
                     flags=re.IGNORECASE)
    return letters if letters.isalpha() and letters.isupper() and len(letters) <= 3 else ""


def _key(name: str) -> str:
    return " ".join(w for w in _fold_name(name) if w not in NAME_WORDS)


def _mentions_name(entity: str, text: str) -> bool:
    letters = _abbreviation(entity)
    if letters:  # "US" is mentioned by "US" or "U.S.", not by the word "us"
        stopless = ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
        return re.search(rf"\b{letters}\b", stopless) is not None
    wanted = [w for w in _fold_name(entity) if w not in NAME_WORDS]
    if not wanted:
        return True
    have = set(_fold_name(text))
    return all(any(same_name(w, h) for h in have) for w in wanted)


@dataclass(frozen=True)
class Span:
    """An answer span: `start`/`end` index the sentence's text. `unit`: for a table's cell, the
    unit and scale its column's heading gives ("usd million" under "value_usd_million"),
    which the figure states as much as its own words do."""

    start: int
    end: int
    text: str
    unit: str = ""

    @property
    def stated(self) -> str:
        """The figure with its column's unit, as figures are compared (`differ`, `comparable`)."""
        return f"{self.text} {self.unit}" if self.unit else self.text


# A scale with no count, perhaps of a currency (measures.CURRENCY, taken out first) and its
# country's letters ("US$ million", "EUR bn"): no amount ("thousands" is one).
BARE_SCALE = re.compile(r"(?:\W*(?:\b[A-Z]{1,3}\b)?\W*\b(?i:hundred|thousand|million|billion|trillion|bn|mn|m|k)\b\W*)+")


def answer_spans(text: str, entities: tuple[tuple[int, int, str], ...], part: Part, terms: list[str],
                 header: str | None = None, counted_as: frozenset[str] = frozenset()) -> list[Span]:
    """The spans of `text` (a sentence, with its spaCy entities as (start, end, label))
    that answer a question of `answer_type`, best first: not one of the question's own
    entities (`asked`), of the most preferred label the sentence has, nearest the words
    of the question (`terms`, stemmed) it holds; for a table row under `header`, the cell
    in the column whose heading holds the question's words. Where the recogniser found
    none, the name the sentence gives the noun asked about ("which region": "Kursk
    region"), or text of the answer type's form (a duration, a date, a number). A count
    answers "how many X" only when it counts X (`counted`, or a word of `counted_as`, its
    synonyms among the sentences' words): "two major military facilities" counts
    facilities, "for 45 years" counts no drones. Asked for a date in a
    unit ("on what day", "which year"), dates naming that unit come first (fine_enough)."""
    if part.answer_type is None or part.answer_type is YES_OR_NO:
        return []
    if part.answer_type is CHOICE:
        return chosen_alternatives(text, part.alternatives)
    entities = tuple((s, e, "FAC" if label not in PLACE_LABELS and _headed_by_place(text[s:e])
                      and (part.answer_type is PLACE or LOCATIVE.search(text[:s])) else label)
                     for s, e, label in whole_dates(text, entities))
    found = [s for s in _spans(text, entities, part, terms, header, counted_as)
             if not BARE_SCALE.fullmatch(CURRENCY.sub(" ", s.text))  # "US$ million" over a table
             and not (part.answer_type.name in NAMED_ANSWERS and NAME_DENIED.search(text[:s.start]))]
    if header is not None:  # a figure read across cells ("1095,30.9" in "…,Other,1095,30.9,…") ends with its cell
        cells = _cells(text, _delimiter(header))
        numbering = _numbering_cells(cells, header)
        found = [Span(s.start, end, text[s.start:end], s.unit or _units_beside(text, cells, end)) for s in found
                 for end in [min(s.end, next((ce for cs, ce in cells if cs <= s.start < ce), s.end))]
                 if not any(cs <= s.start < ce for cs, ce in numbering)]  # a row's number counts nothing
    if part.answer_type.shape is DATE_SHAPE:  # a date in the unit asked first ("on what day": "Friday")
        found = _appositions(found, text)
        found.sort(key=lambda span: not fine_enough(span.text, part.noun))
    return found


PLACE_LABELS = {"GPE", "LOC", "FAC"}
# A name the sentence sets aside ("He is Behrouz Karimi, not Bahram Karimi", "in Rasht rather
# than Astara") answers nothing. Names only: "not until 2028" still dates what it speaks of.
NAMED_ANSWERS = {"person", "place", "organisation"}
NAME_DENIED = re.compile(r"\b(?:not|nor|rather than|instead of)\s+(?:the\s+|by\s+|in\s+|at\s+)?$", re.IGNORECASE)
# A preposition setting what follows where something is or goes: "signed *in* St Catherine
# Hall" is a place; "chaired *by* John Hall", "John Hall said" are a person's.
LOCATIVE = re.compile(r"\b(?:in|at|inside|outside|near|into|beside|opposite|to|from)\s+(?:the\s+)?$", re.IGNORECASE)


def _headed_by_place(name: str) -> bool:
    """Whether a name ends in a noun of a place's kind ("St Catherine Hall", "Vnukovo
    Airport", "Bandar Anzali port"): a place, whatever label the recogniser gave it (a hall
    named for a saint reads as a person), where the question asks for a place or the
    sentence puts the name where a place goes (LOCATIVE): a person may be named Hall."""
    last = words(name)[-1:] or [""]
    return len(words(name)) > 1 and ASKED_NOUNS.get(last[0].lower()) is PLACE


# A day of the month written before its month ("8 November 2025"), which the recogniser may
# label a CARDINAL of its own after a bracket or a table's bar ("[8 November 2025", "| 21
# April 2025 |"), leaving the date without its day.
DAY_BEFORE_MONTH = re.compile(rf"(?<![\d.,])(?:[1-9]|[12]\d|3[01]) (?=(?i:{MONTHS})\b)")


def whole_dates(text: str, entities: tuple[tuple[int, int, str], ...]) -> tuple[tuple[int, int, str], ...]:
    """The entities with each DATE that opens with a month's name taking in the day written
    right before it (DAY_BEFORE_MONTH), and that day no CARDINAL of its own."""
    days = {m.end(): m.start() for m in DAY_BEFORE_MONTH.finditer(text)}
    widened = {s: days[s] for s, _, label in entities if label == "DATE" and s in days}
    return tuple((widened.get(s, s), e, label) for s, e, label in entities
                 if not (label == "CARDINAL" and e + 1 in widened and s == widened[e + 1]))


def _appositions(spans: list[Span], text: str) -> list[Span]:
    """Dates written side by side are one date: "on Wednesday, 21 May 2025" is Wednesday the
    21st, which the recogniser may give as two spans. Kept in the order given, each joined
    span where its first part was."""
    runs: dict[int, Span] = {}  # by the start of a run's first span
    last = None
    for span in sorted(spans, key=lambda s: s.start):
        if last is not None and text[last.end:span.start] in (" ", ", ", ","):
            last = runs[last.start] = Span(last.start, span.end, text[last.start:span.end])
        else:
            last = runs[span.start] = span
    return [runs[s.start] for s in spans if s.start in runs]


def _spans(text: str, entities: tuple[tuple[int, int, str], ...], part: Part, terms: list[str],
           header: str | None, counted_as: frozenset[str]) -> list[Span]:
    answer_type, noun, counted = part.answer_type, part.noun, part.counted
    # A table row answers through the column the question names ("Distance"); when it names
    # none ("how many days" over "Typical transit time"), the row's cells are read like a sentence.
    if header is not None and (cell := _table_cell(text, header, part, terms)) is not None:
        return [cell]

    def fitting(spans: list[Span]) -> list[Span]:
        # "How much gas": a figure with a unit measures it, though the gas goes unnamed.
        return [s for s in spans if _fits(s, text, part) and (
            _counts(s, text, counted, counted_as) or part.mass and measure_at(text, s.start, s.end) is not None)]

    # Asked which hall, airport or station, a facility's name answers, a city's never (the
    # city a wire story's dateline gives); then a body's ("Press TV" for "which TV station"),
    # then the name the sentence gives the noun ("Olya terminal").
    tiers = answer_type.labels
    if noun in FACILITY_NOUNS:
        tiers = tuple(labels - {"GPE"} for labels in tiers) + (frozenset({"ORG"}),)
    for labels in tiers:
        found = fitting([Span(s, e, text[s:e]) for s, e, label in entities if label in labels
                         and not (answer_type.lasting_dates and label == "DATE"
                                  and not DURATION_SHAPE.search(text[s:e]))
                         and not (answer_type.name == "person" and label != "ORG" and _modifier(text, s, e, header))
                         and not (label != "MONEY" and CURRENCY.fullmatch(text[s:e]))])  # "USD" read as a body
        if found:
            return _nearest(found, text, terms)
    # The name a sentence gives the noun asked about ("which region": "Kursk region"); asked
    # "where", the name it gives a place ("the port city of Rasht", which the recogniser
    # may take for an organisation).
    nouns = [noun] if noun else PLACE_NOUNS if answer_type is PLACE else []
    peoples = {(s, e) for s, e, label in entities if label == "NORP"}  # "the Iranian port": no place's name
    found = fitting([span for n in nouns for span in _named(text, n)
                     if (span.start, span.end) not in peoples])
    if not found and answer_type.shape is not None:
        found = fitting([Span(m.start(), m.end(), m.group(0)) for m in answer_type.shape.finditer(text)])
    return _nearest(found, text, terms)


# A word saying no to the word after it ("are not final", "no longer preliminary").
DENIED = re.compile(r"\b(?:not|no|never|nor|neither|longer|yet)\s+$|n['’]t\s+$", re.IGNORECASE)


def chosen_alternatives(text: str, offered: tuple[str, ...]) -> list[Span]:
    """The alternatives of a CHOICE question (`offered`) that `text` states, as spans of its
    words, in the order the text gives them: a word of the alternative in one of its forms
    (a name as `mentions` reads it, another word by its stem), not denied by the word before
    ("are not final")."""
    found = []
    tokens = list(re.finditer(r"[\w’'-]+", text))
    for alternative in offered:
        wanted = content_terms(alternative)
        for m in tokens:
            word = m.group(0)
            if not (any(same_stem(w, t) for w in content_terms(word) for t in wanted)
                    or (word[:1].isupper() and mentions(alternative, word))):
                continue
            if not DENIED.search(text[max(0, m.start() - 12):m.start()]):
                found.append(Span(m.start(), m.end(), word))
                break
    return sorted(found, key=lambda span: span.start)


PLACE_NOUNS = ("city", "town", "port", "village", "province", "region", "district", "capital", "island",
               "oblast")
SETTLEMENTS = {"city", "town", "port", "village", "capital"}  # places that are not countries
COUNT_REACH = 4  # words: a count and what it counts sit in one noun phrase ("two major military facilities")


# A figure that ends its sentence, the sentence a fragment (fewer than MIN_QUOTE_WORDS
# words): an answer given without repeating the question ("Eleven.", "About 96%.", "Total:
# 14."), not a number naming an item, written right after its noun ("Agenda item 14.").
ELLIPTICAL = re.compile(r"\s*[.!;]")


def _counts(span: Span, text: str, counted: str | None, counted_as: frozenset[str] = frozenset()) -> bool:
    """Whether the span counts `counted` (or one of `counted_as`): the noun the figure counts
    (`_counted_noun`: "118,000 Russian visitors"); where the parse hangs it on none, the word
    in it or a few words after it ("55 billion cubic metres of gas")."""
    if not counted:
        return True
    if ELLIPTICAL.match(text[span.end:]) and len(words(text[:span.end])) < MIN_QUOTE_WORDS and not _numbered(
            text[:span.start]):
        return True  # "Eleven." answering "How many banks…?": the count of what was asked
    wanted = content_terms(counted)
    if (noun := _counted_noun(text, span)) is not None:  # the noun the parser hangs the figure on
        # Asked how many of a people ("how many Iranians"), people its adjective qualifies count
        # ("8,400 Iranian students"): the adjective of the noun itself, not of a word inside
        # its phrase ("Iranian-built drones", "students from the Iranian capital").
        of_people = _a_people(counted) and any(t.dep_ in ("amod", "compound", "nmod") and mentions(counted, t.text)
                                               for t in noun.children)
        return any(same_stem(w, h) for w in wanted for h in content_terms(noun.text)) or noun.lower_ in counted_as \
            or of_people
    after = []
    for m in re.finditer(r"[\w-]+(['’]s?(?!\w))?", text[span.end:]):
        after.append(m.group(0))
        # A possessive closes the noun phrase a number counts: "two countries' card
        # networks" counts countries, not cards.
        if m.group(1) or len(after) == COUNT_REACH:
            break
    held = content_terms(span.text + " " + " ".join(after))
    if any(same_stem(w, h) or w in h for w in wanted for h in held):
        return True
    # In other words, only the noun counted, which ends the noun phrase ("118,000 Russian
    # visitors in…"), not a word describing it ("two military facilities" counts no troops).
    phrase = list(takewhile(lambda w: w.lower() not in english_stopwords(), after))
    return bool(phrase) and phrase[-1].lower() in counted_as


# Asked "who", a name answers as one who acts ("Russia signed", "the Iranians refused", "Karimi
# runs it"), not where it only says what kind of thing another noun is ("the Bandar
# Anzali–Makhachkala ro-ro line", "the Iranian state-owned ferry operator"): there the line or the
# operator is what the sentence speaks of. A body's name is the exception: "the Rosatom-led
# project" is led by Rosatom.
def _modifier(text: str, start: int, end: int, header: str | None = None) -> bool:
    """Whether the name at text[start:end] modifies a noun after it rather than heading a
    noun phrase of its own. In a sentence, as spaCy's dependency parse hangs it (a compound,
    adjectival or nominal modifier of a later word; a possessive, "Russia's pipeline", is its
    owner). In a table row (under `header`), which the parser misreads, when words follow it
    in its cell ("Bandar Anzali–Makhachkala ro-ro line"): a cell names one thing."""
    if header is not None:
        cell_end = next((ce for cs, ce in _cells(text, _delimiter(header)) if cs <= start < ce), end)
        return re.search(r"[^\W\d_]", re.sub(r"\([^)]*\)?", "", text[end:cell_end])) is not None
    from .. import nlp

    doc, where = nlp.parse_prose(text)
    tokens = [t for t in doc if start <= where[t.idx] < end]
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    return bool(heads) and all(t.dep_ in ("compound", "amod", "nmod") and t.head.i > t.i for t in heads)


def _counted_noun(text: str, span: Span):
    """The noun a figure counts, as spaCy's dependency parse of the sentence hangs it there
    ("two container ships": ships, not containers; "14 million insulin pens": pens), or None
    where the figure counts no noun after it ("197 voted in favour", a table's cell)."""
    from .. import nlp

    tokens = [t for t in nlp.parse_sentence(text) if span.start <= t.idx < span.end]
    if not tokens:
        return None
    token = tokens[-1]
    # Up through the number's own words ("14 million"), then to the first noun after them:
    # "47-article treaty" counts articles, "two container ships" ships.
    while token.dep_ in ("nummod", "compound", "quantmod") and token.head.i > token.i and token.pos_ == "NUM":
        token = token.head
    return token if token.i != tokens[-1].i and token.pos_ in ("NOUN", "PROPN") else None


def _numbered(before: str) -> bool:
    """Whether a figure after `before` numbers the noun right before it, nothing between but
    a space ("item 14", "Article 14"): the parser tags that word a noun. "Total: 14" is a
    count given."""
    if not re.search(r"[^\W\d_]\s+$", before):
        return False
    from .. import nlp

    return nlp.parse_sentence(before.rstrip())[-1].pos_ in ("NOUN", "PROPN")


# The measure a question's noun asks for, in the unit it is stated in: a figure without it
# answers something else ("164 km" is no speed). Nouns that may be measured many ways ("volume":
# of trade, in dollars, or of gas, in cubic metres) are not listed.
MEASURE_OF = {"speed": "speed", "distance": "length", "length": "length", "height": "length",
              "depth": "length", "weight": "mass"}


# A story's dateline opening its first sentence: place (and date), the agency in brackets,
# a dash: "MOSCOW, Jan 17 (Reuters) -", "ASTARA, Azerbaijan, March 4 (Meridian Wire) -"; or,
# in a press release, the place in capitals and the date: "ASTRAKHAN, 14 May 2025 —".
WIRE_DATELINE = re.compile(r"^(?:[^()\n]{2,60}\([^()\n]{2,40}\)"  # place, date (agency)
                           r"|[A-Z][A-Z .'’-]{1,40},[^()\n—–]{2,40}?)\s*[-–—]")  # PLACE, date
SINCE = re.compile(r"\b(?:since|for)\s+(?:at least\s+|about\s+|almost\s+|nearly\s+)?$", re.IGNORECASE)


# A definite article before a spelled-out number: "the two countries", "the three Baltic
# states" name a group the reader knows already; news spells out the numbers under ten
# (and writes a new count in figures or after no article: "two major military facilities").
DEFINITE_NUMERAL = re.compile(r"\b(?:the|these|those)\s+$", re.IGNORECASE)
AMOUNTS = {"amount", "sum of money", "percentage"}  # answer types a figure answers
NAMED_ANSWERS = {"person", "place", "organisation"}  # answer types a name answers
YEAR = re.compile(r"(?:1[89]|20)\d\d")
# A list item's number opening it: a numbered paragraph of several levels ("1.2."), or a number
# closed by a stop or a bracket before words in lower case or a figure ("3) the ministry",
# "4. submit", "3) 40 members"). An answer of one word ("Eleven. When the link opened…") is
# followed by a sentence of its own.
ENUMERATOR = re.compile(r"^\s*\(?(?:\d+(?:\.\d+)+\.?|\d+[.)](?=\s+[a-z\d]))")
# "a year" after a quantity ("45,000 TEU a year", "two sailings a week") is per year: a rate.
RATE = re.compile(r"(?:a|an|per|each) (?:year|month|week|day|hour)", re.IGNORECASE)
FIGURE_BEFORE = re.compile(r"(?:\d|\b(?:once|twice|thrice))[^.;:]{0,40}$", re.IGNORECASE)
CLOCK_TIME = re.compile(r"\b(?:[01]?\d|2[0-3]):[0-5]\d\b")  # "17:35": a time of day


def _fits(span: Span, text: str, part: Part) -> bool:
    answer_type = part.answer_type
    if any(mentions(entity, span.text) or mentions(span.text, entity) for entity in part.entities):
        return False  # the question's own name or number is not its answer
    # nor is a name made of its words ("the Treaty" for "which body … of the treaty"); the
    # conversation it leans on names what was asked before ("What did Putin say about the
    # treaty?"), not what this part asks about ("Who signed it?": Putin among others)
    if answer_type.name in NAMED_ANSWERS and (said := set(content_terms(span.text))) and \
            said <= set(content_terms(part.text)):
        return False
    if DEFINITE_NUMERAL.search(text[:span.start]) and span.text.strip().lower() in SMALL:
        return False  # "the two central banks": a group already known, not a count given
    if answer_type.name in AMOUNTS and YEAR.fullmatch(span.text.strip()):
        return False  # "after a record 2022": a year is a date, not an amount
    if answer_type.name in AMOUNTS and (item := ENUMERATOR.match(text)) and span.end <= item.end():
        return False  # "1.2. submit a report…", "3) the ministry…": the item's number in its list
    if answer_type.name in AMOUNTS and (_inside(span, CLOCK_TIME, text) or _inside(span, DESIGNATION, text)):
        return False  # "17:35" is a time of day, "RI-03" and "Su-35" (DESIGNATION) name things: no amounts
    if answer_type.durations and RATE.fullmatch(span.text.strip()) and FIGURE_BEFORE.search(text[:span.start]):
        return False  # "120,000 TEU a year", "twice a week": a rate's unit, per year, no length of time
    if answer_type.durations is not None:
        # A length of time: "20-year", "for twelve years", or, asked how long something has
        # been going on, the start it runs from ("since last summer").
        lasting = bool(DURATION_SHAPE.search(span.text)) or (part.perfect and bool(SINCE.search(text[:span.start])))
        if lasting != answer_type.durations:
            return False
    if answer_type.shape is DATE_SHAPE and not any(m.group(0)[0].isupper() or not m.group(0).isalpha()
                                                   for m in DATE_SHAPE.finditer(span.text)):
        # "the week's close" is no date: a date names a day, month, year or weekday, a month or
        # a weekday with its capital ("Translations may be available": a verb, not May).
        return False
    if answer_type.shape is DATE_SHAPE and (m := WIRE_DATELINE.match(text)) and span.end <= m.end():
        return False  # "ASTARA, March 4 (Meridian Wire) -": the story's date, not the event's
    if part.noun in SETTLEMENTS and is_country(span.text):
        return False  # asked which city, a country is no answer
    if part.noun in FACILITY_NOUNS and names_a_country(span.text) and not _headed_by_place(span.text):
        return False  # asked which hall or airport, a country or its capital ("MOSCOW") is no answer
    stated = measure_at(text, span.start, span.end)
    if answer_type.name == "sum of money" and stated != "money":
        return False  # a sum of money names its currency ("#58" is an issue number)
    if answer_type is LENGTH_OR_DURATION and stated != "length" and not DURATION_SHAPE.search(span.text):
        return False  # "how long is the mission": a length or a length of time, not "Two" candidates
    asked = MEASURE_OF.get(part.noun or "")
    if asked is not None and stated != asked:
        return False  # a speed is stated in km/h: "164 km" and "2019" are no speed
    return bool(words(span.text))


def _inside(span: Span, form: re.Pattern, text: str) -> bool:
    """Whether a span lies inside a match of `form` in its text: a figure of a clock time
    ("17:35") or of a designation ("RI-03"), which a recogniser may cut out of it ("35")."""
    return any(m.start() <= span.start and span.end <= m.end() for m in form.finditer(text))


def _named(text: str, noun: str | None) -> list[Span]:
    """The proper name a sentence gives the noun a question asks about: the capitalised
    words before it ("Kursk region") or after "of" ("the city of Astrakhan")."""
    if not noun:
        return []
    found = []
    for m in re.finditer(rf"\b{re.escape(noun)}s?\b", text, re.IGNORECASE):
        before = re.search(r"((?:[A-Z][\w’'-]+\s+)+)$", text[:m.start()])
        after = re.match(r"\s+of\s+((?:[A-Z][\w’'-]+\s*)+)", text[m.end():])
        if before and before.start(1) > 0:  # not the sentence's first word, capitalised as such
            found.append(Span(before.start(1), before.end(1) - 1, before.group(1).strip()))
        elif after:
            start = m.end() + after.start(1)
            found.append(Span(start, start + len(after.group(1).rstrip()), after.group(1).strip()))
    return found


def _nearest(spans: list[Span], text: str, terms: list[str]) -> list[Span]:
    """Spans ordered by how near they sit to the question's words in the sentence."""
    places = [m.start() for m in re.finditer(r"\w+(?:[-'’]\w+)*", text) if set(content_terms(m.group(0))) & set(terms)]
    if not places:
        return spans
    return sorted(spans, key=lambda s: min(abs(s.start - p) for p in places))


CELL_BREAK = re.compile(r"\s*\|\s*|\t+|\s{2,}")


def _cells(line: str, delimiter: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of each cell of a table row: cells are split by "|", tabs, or runs of
    spaces; in a row of a .csv file (none of those), by `delimiter`, its header's (see
    `_delimiter`), or else by its commas or its semicolons, whichever split it more."""
    cells, start = [], 0
    for m in CELL_BREAK.finditer(line):
        if m.start() > start:
            cells.append((start, m.start()))
        start = m.end()
    if start < len(line.rstrip()):
        cells.append((start, len(line.rstrip())))
    if len(cells) < 2:
        found = max((_delimited(line, d) for d in (delimiter or ",;")), key=len)
        return found if len(found) >= 2 else cells
    return cells


# The heading of a column that numbers a table's rows ("No.", "#", "Item"): its figures are
# the rows' numbers, no count of anything.
# ("No." with its stop: a bare "No" heads a vote's column of noes.)
NUMBERING = re.compile(r"(?:no\.|nr\.?|n[°º]|#|item|ref\.?|id|s/n)", re.IGNORECASE)


def _numbering_cells(cells: list[tuple[int, int]], header: str) -> list[tuple[int, int]]:
    """The cells of a row (`cells`) in a column that numbers the rows (NUMBERING): "2" in
    "2 | Launch a tourist hotline | …" under "No. | Action | …"."""
    names = header.rpartition("\n")[2]
    heads = _cells(names, _delimiter(header))
    if len(heads) != len(cells):
        return []
    return [cell for cell, (hs, he) in zip(cells, heads) if NUMBERING.fullmatch(names[hs:he].strip())]


def _numbers_rows(start: int, cells: list[tuple[int, int]], header: str) -> bool:
    """Whether the figure at `start` of a row (its `cells`) is in a column numbering the rows."""
    return any(cs <= start < ce for cs, ce in _numbering_cells(cells, header))


def _delimiter(header: str) -> str | None:
    """The delimiter of a .csv file's rows, told by its header line, which has no figures to
    hold a decimal comma: the one of "," and ";" that splits it more (None on a tie). A
    semicolon-separated row writes decimals with commas ("7,5")."""
    names = header.rpartition("\n")[2]
    counts = {d: len(_delimited(names, d)) for d in ",;"}
    return None if counts[","] == counts[";"] else max(counts, key=counts.get)


def _delimited(line: str, delimiter: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a delimited row, inside its quotes if it is quoted
    ('2021,4.0,"recovery, partial"': the third cell is recovery, partial)."""
    field = re.compile(rf'"(?:[^"]|"")*"|[^{delimiter}"]*')
    cells, position = [], 0
    while (m := field.match(line, position)) is not None:
        start, end = m.span()
        cells.append((start + 1, end - 1) if line[start:start + 1] == '"' and end - start >= 2 else (start, end))
        if end >= len(line) or line[end] != delimiter:
            break
        position = end + 1
    return cells


def _table_cell(row: str, header: str, part: Part, terms: list[str]) -> Span | None:
    """The cell of a table row in the column whose heading holds most of the question's
    words (its common words first, then its names); asked for a measure (a percentage, a
    sum, a speed…), only a cell stating it, by its heading's unit or its own, answers ("+8" under "Change on previous year (%)", not a
    cell under "Trade turnover (USD bn)" or "Iran exports"), and the unit counts as one
    more word."""
    from .roles import swaps_roles  # roles.py reads names with this module's `mentions`

    caption, _, header = header.rpartition("\n")  # the column names, under the table's caption if it has one
    # A caption's unit is its figures' where a column names none ("Trade, 2020–2024 (US$ million)").
    in_caption = next((name for name, unit in MEASURES if unit.search(caption)), None)
    cells, heads = _cells(row, _delimiter(header)), _cells(header)
    if len(cells) != len(heads) or len(cells) < 2:
        return None
    terms = list(terms) + content_terms(part.noun or "")  # the noun asked names a column too ("what trade added up to": its total)
    wanted = ASKED_MEASURE.get(part.answer_type.name) or MEASURE_OF.get(part.noun or "")
    # A column is told by what it measures before whose it is: "Total trade" answers "trade
    # turnover" before "Iran exports to Russia", which only shares the question's names.
    names = {t for entity in part.entities for t in content_terms(entity)}
    # A column named for the kind of answer asked answers a question that names no column
    # ("Date" for "when did…", "Amount" for "how much…").
    kind = set(content_terms(part.answer_type.name))
    best, best_overlap = None, (0, 0)
    for (s, e), (hs, he) in zip(cells, heads):
        value = row[s:e]
        if any(mentions(entity, value) for entity in part.entities):
            continue  # the row's key ("2023"), not its answer
        if part.answer_type.shape is not None and not (part.answer_type.shape.search(value) or FIGURE.search(value)):
            continue  # asked how many, a cell with no figure ("Exchange of instruments") gives none
        # Its heading's unit ("Change (%)", a spreadsheet's "value_usd_million"), its own
        # ("7,200 km"), or its table's.
        heading = header[hs:he].replace("_", " ")
        stated = next((name for name, unit in MEASURES if unit.search(heading)), None) or \
            measure_at(value, 0, len(value)) or (in_caption if FIGURE.search(value) else None)
        if wanted and stated != wanted:
            continue
        if swaps_roles(part.text, heading, part.entities):
            continue  # "Iran exports to Russia" does not answer what Russia exported to Iran
        shared = set(content_terms(heading)) & set(terms)
        overlap = (len(shared - names) + bool(wanted and stated == wanted) + bool(kind & set(content_terms(heading))),
                   len(shared & names))
        if overlap > best_overlap:
            # The unit the figure is stated in, where its heading or table caption says it.
            unit = "" if not stated or measure_at(value, 0, len(value)) else _unit_words(heading) or _unit_words(caption)
            best, best_overlap = Span(s, e, value, unit), overlap
    return best


ASKED_MEASURE = {"percentage": "share", "sum of money": "money"}  # answer types that ask for a measure


def _units_beside(row: str, cells: list[tuple[int, int]], end: int) -> str:
    """The unit a long-format table writes in the cells after a figure's ("38,USD,million"
    under "value,currency,unit"): the run of cells right after it that hold nothing but a
    unit or a scale, as `_unit_words` reads them ("USD million"); "" when the next cell holds
    anything else."""
    after = [row[cs:ce] for cs, ce in cells if cs >= end]
    units = []
    for cell in after[:2]:
        said = _unit_words(cell)
        if not said or len(words(cell)) != len(said.split()):
            break
        units.append(said)
    return " ".join(units)


def _unit_words(heading: str) -> str:
    """The words of a column's heading that say what its figures measure and at what scale
    ("value usd million" → "usd million", "Value (USD m)" → "USD million"), none of its other
    words or figures ("2024"); a scale is written out, as `value` reads it."""
    # Each unit as the heading writes it, its whole word ("US$", not "$").
    units = [re.search(r"[^\s()\[\]]*$", heading[:m.start()]).group(0) + m.group(0) +
             re.match(r"[^\s()\[\]]*", heading[m.end():]).group(0)
             for _, unit in MEASURES for m in unit.finditer(heading)]
    # A one-letter scale ("m", "k") only beside a unit: alone it may be metres or a letter.
    scales = [HEADING_SCALE[w] for w in re.findall(r"[a-z0-9]+", heading.lower())
              if w in HEADING_SCALE and (len(w) > 1 or units)]
    return " ".join(dict.fromkeys(units + scales))


# The scales a heading may write, written out: "US$ m", "mn", "mln", "'000s", "bn".
HEADING_SCALE = {"thousand": "thousand", "thousands": "thousand", "000s": "thousand", "k": "thousand",
                 "million": "million", "millions": "million", "m": "million", "mn": "million", "mln": "million",
                 "billion": "billion", "billions": "billion", "bn": "billion", "trillion": "trillion"}


# --- comparing spans across sources ----------------------------------------------------

SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3}
SMALL = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
MONTH_NUMBER = {m: i % 12 + 1 for i, m in enumerate(
    "january february march april may june july august september october november december "
    "jan feb mar apr may jun jul aug sep oct nov dec".split())}


def months_named(text: str) -> set[int]:
    """The months `text` names, by a word written with a capital ("May", "Jan"): "Iran may
    sign" names none."""
    return {MONTH_NUMBER[w.lower()] for w in re.findall(r"[A-Z][a-z]+", text) if w.lower() in MONTH_NUMBER}


def value(span: str) -> float | None:
    """The number a span states ("55 billion cubic metres" → 5.5e10; "twelve years" → 12)."""
    tokens = re.findall(rf"\d+(?:[.,]\d+)*|\b(?:{NUMBER_WORDS}|{'|'.join(TENS)}|bn)\b", span.lower())
    if not tokens:
        return None
    total = None
    for token in tokens:
        if token[0].isdigit():
            grouped = token.count(",") != 1 or len(token.split(",")[1]) == 3  # "4,810" (else "4,8": a decimal comma)
            try:
                number = float(token.replace(",", "") if grouped else token.replace(",", "."))
            except ValueError:  # no number ("1,095.30.9"): the span states none that can be compared
                return None
            total = number if total is None else total + number
        elif token in SMALL or token in TENS:
            total = (total or 0) + SMALL.get(token, TENS.get(token, 0))
        elif token in SCALE:
            total = (total or 1) * SCALE[token]
        elif token in ("hundred",):
            total = (total or 1) * 100
    return total


def date_parts(span: str) -> dict[str, int]:
    """The year, month and day a date span gives, as far as it gives them."""
    lowered = span.lower()
    parts: dict[str, int] = {}
    if year := re.search(r"\b(1[89]\d\d|20\d\d)\b", lowered):
        parts["year"] = int(year.group(1))
    month = next((MONTH_NUMBER[w] for w in re.findall(r"[a-z]+", lowered) if w in MONTH_NUMBER), None)
    if month is not None:
        parts["month"] = month
        if day := re.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b", re.sub(r"\b(1[89]\d\d|20\d\d)\b", "", lowered)):
            parts["day"] = int(day.group(1))
    return parts


# The unit of time a question's noun asks a date in ("on what day", "in which month", "what
# year"): a date answers it only when it names that unit.
GRAIN_OF_NOUN = {"day": "day", "weekday": "weekday", "week": "week", "month": "month", "year": "year"}
RELATIVE_DATE = re.compile(r"\b(?:(yesterday|today|tomorrow|tonight)|(?:last|next|this) (week|month|year))\b")


def date_units(span: str) -> set[str]:
    """The units a date span names: "day" for a day of a month or of the week ("17
    January", "yesterday", "on Friday": also "weekday"), "week", "month" and "year" ("last
    week", "April 2025")."""
    lowered = span.lower()
    units = set(date_parts(span))
    if re.search(rf"\b(?:{WEEKDAYS})\b", lowered):
        units |= {"day", "weekday"}
    for m in RELATIVE_DATE.finditer(lowered):
        units.add("day" if m.group(1) else m.group(2))
    return units


def fine_enough(span: str, noun: str | None) -> bool:
    """Whether a date span answers a question asking for a date in the unit `noun` names:
    it names that unit ("what year": "2025", not "January 17"), or for a week a day of it.
    Any date does when the noun names no unit."""
    asked = GRAIN_OF_NOUN.get(noun or "")
    if asked is None:
        return True
    units = date_units(span)
    return asked in units or (asked == "week" and "day" in units)


def comparable(a: str, b: str, answer_type: AnswerType) -> bool:
    """Whether two spans state something `differ` can compare: both a number, or dates
    that share a year, month or day."""
    if answer_type.name == "date":
        return bool(date_parts(a).keys() & date_parts(b).keys())
    return value(a) is not None and value(b) is not None


def differ(a: str, b: str, answer_type: AnswerType) -> bool:
    """Whether two answer spans state different facts: different numbers of one measure
    ("55 billion cubic metres" and "no more than 25 billion cubic metres"; not "1.3
    billion euros" and "twenty years", which measure different things), or dates that
    differ in a part both give (a year, a month, a day). Spans that cannot be compared
    ("on Friday" and "January 17") do not differ."""
    if answer_type is CHOICE:  # "final" and "preliminary": another of the alternatives offered
        return fold(a) != fold(b)
    if answer_type.name == "date":
        pa, pb = date_parts(a), date_parts(b)
        shared = pa.keys() & pb.keys()
        return bool(shared) and any(pa[k] != pb[k] for k in shared)
    if answer_type.name in ("amount", "duration", "length", "sum of money", "percentage"):
        va, vb = value(a), value(b)
        return (va is not None and vb is not None and same_measure(a, b)
                and abs(va - vb) > 1e-6 * max(abs(va), abs(vb), 1))
    return False


# A currency however it is written, as its ISO 4217 code: "$", "US$", "USD" and "dollars" are one unit.
ISO_4217 = {"$": "usd", "us$": "usd", "dollar": "usd", "€": "eur", "euro": "eur", "£": "gbp", "pound": "gbp",
            "₽": "rub", "rouble": "rub", "ruble": "rub", "﷼": "irr", "rial": "irr", "¥": "cny", "yuan": "cny",
            "renminbi": "cny", "rupee": "inr"}


def same_measure(a: str, b: str) -> bool:
    """Whether two figures measure the same thing: the words beside their numbers (units,
    currencies; scale words like "billion" aside) are the same, or neither has any."""
    def units(span: str) -> set[str]:
        scale = set(SCALE) | set(SMALL) | set(TENS) | {
            "hundred", "up", "to", "no", "more", "than", "less", "about", "around", "some", "nearly", "almost",
            "over", "under", "an", "a", "estimated", "of", "the"}
        return {ISO_4217.get(u, u) for w in re.findall(r"[a-z%$€£₽¥﷼]+", span.lower())
                if (u := w.rstrip("s")) not in scale and u != "sterling"}

    ua, ub = units(a), units(b)
    return ua == ub or bool(ua & ub)
