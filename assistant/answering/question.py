"""Reading the question: what is asked, before anything is retrieved.

    read("…what I really need is this: for how many years was the treaty concluded?",
         history, lexicon)
    → Question(focus="for how many years was the treaty concluded?",
               parts=(Part(answer_type=DURATION, entities=()),), …)

The steps, each a named idea rather than a tuned score:

- **Focus.** A long message carries context and then its question. What is asked is the
  run of interrogative sentences it ends with, and inside a sentence the interrogative
  clause after a colon or dash ("…is this: for how many years…?").
- **Spelling**, against the corpus's own words (assistant/lexicon.py): "gass pipline" is
  read as "gas pipeline", and the note says so.
- **Parts.** "When was it signed and how long will it last?" asks two things; each part is
  answered with its own evidence.
- **Answer type** (question classification, after Li & Roth 2002): the kind of answer each
  part asks for, from its wh-word and the noun it asks about — a person for "who", a place
  for "where" or "which city", a date for "when", a duration for "how long", an amount for
  "how much", yes or no for a question opening with an auxiliary, and one of the alternatives
  it offers for "Are the figures final or preliminary?". Evidence must hold an answer of that
  kind (answering/spans.py).
- **The specific point**: the question's named entities, numbers and dates (spaCy's
  named-entity recogniser). A sentence that lacks one of them does not answer the
  question, however close its other words ("drones … to Venezuela").
- **Conversation.** Only a question that needs the conversation borrows from it: one with a
  pronoun that refers to nothing inside the question ("Which country would *it* pass
  through?", "And who signed *it*?") or with no verb at all ("And Iran's?"). A question
  that names its own topic ("Is there any mention of Syria?") stands alone.
- **Named documents.** "According to the Brussels Morning article" names a source; the
  answer comes from it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..conversation import Message, borrowed_context, leans_on_conversation, person_meant, resolved_ellipsis
from ..lexicon import COMMON as COMMON_WORD, Lexicon, SourceName, chat_spelling
from ..measures import FIGURE
from ..text import content_terms, english_stopwords, fold, is_question, one_edit, sentence_spans, words

INTERROGATIVE = re.compile(
    r"^\W*(?:(?:and|but|so|or|also|then|now|well|ok|okay|finally|lastly|plus)\b\W*)*"
    r"(?:(?:in|on|for|from|by|with|to|at|of|under|since|until|according to)\s+)?"
    r"(?:who|whom|whose|what|what's|which|when|where|why|how|do|does|did|is|are|was|were|has|have|had|"
    r"will|would|can|could|should|may|might|must|shall|isn't|aren't|wasn't|doesn't|didn't|hasn't)\b",
    re.IGNORECASE)
# Where a sentence's preamble gives way to its question: a colon, a semicolon, a spaced dash
# (an unspaced one joins names: "Rasht–Astara").
CLAUSE_BREAK = re.compile(r"[:;]|\s[—–-]\s")
# Courtesies that follow a question: thanks, and requests on the asker's own behalf.
COURTESY = re.compile(r"^\W*(?:thanks?\b|thank you|many thanks|cheers\b|much appreciated|any help|"
                      r"if (?:you (?:can|could)|possible)\b|i(?:'d| would) (?:really )?appreciate)", re.IGNORECASE)
# "…signed and how long…": a coordinated second question starts with a question word.
PART_BREAK = re.compile(
    r"(?:\s*[,;]\s*|\s+)(?:and|or|but|also|plus)\s+(?=(?:(?:in|on|at|for|from|by|to|with|since|until)\s+)?"
    r"(?:who|whom|whose|what|which|when|where|why|how|do|does|did|is|are|was|were|has|have|had|will|would|"
    r"can|could)\b)|\?\s+"
    # "…when its 20 years run out, does it get extended?": a yes/no question of its own after a
    # comma, its auxiliary before a pronoun subject
    r"|\s*,\s*(?=(?:do|does|did|is|are|was|were|will|would|can|could|has|have)\s+(?:it|they|he|she|this|that|"
    r"there|these|those)\b)", re.IGNORECASE)
YES_NO = re.compile(r"^\W*(?:(?:and|but|so|also|then)\b\W*)*(?:does|do|did|is|are|was|were|has|have|had|will|"
                    r"would|can|could|should|may|might|must|isn't|aren't|wasn't|doesn't|didn't|hasn't)\b",
                    re.IGNORECASE)


# --- answer types ---------------------------------------------------------------------

@dataclass(frozen=True)
class AnswerType:
    """The kind of answer a question asks for. `labels` are the spaCy entity labels an
    answer span may carry, in order of preference (a "who" is a person first, then an
    organisation or country); `shape` finds such a span by its form where the recogniser
    found none; `durations` keeps (True) or drops (False) spans that are a length of time
    ("20-year") rather than a point in it ("January 17"); None takes either."""

    name: str
    labels: tuple[frozenset[str], ...]
    shape: re.Pattern | None = None
    durations: bool | None = None
    lasting_dates: bool = False  # a date span must be a length of time (the rest may be any quantity)


NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
                "ninety|hundred|thousand|million|billion|trillion|dozens?|half|quarter")
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
DURATION_SHAPE = re.compile(
    rf"\b(?:\d+(?:[.,]\d+)?|{NUMBER_WORDS})(?:[- ]and[- ]a[- ]half)?[- ]"
    r"(?:years?|months?|weeks?|days?|hours?|minutes?|decades?)(?:[- ]long)?\b|\bdecades?\b|\b(?:a|one) year\b",
    re.IGNORECASE)
DATE_SHAPE = re.compile(rf"\b(?:{MONTHS}|{WEEKDAYS})\b|\b(?:1[89]|20)\d\d\b|\b(?:last|next) (?:week|month|year)\b",
                        re.IGNORECASE)
# A fraction: "half", or thirds and quarters counted ("fell by a third", "two-thirds of it"); not
# an ordinal ("the third meeting", "the first quarter") nor a compound's first word ("a
# third-country bank", "a half-built port").
FRACTION = r"\b(?:(?:a|one|two|three)[ -])?half\b(?!-)|\b(?:a|one|two|three)[ -](?:thirds?|quarters?)\b(?!-)"
# A whole number, a number word, or a fraction.
QUANTITY_SHAPE = re.compile(rf"\d+(?:[.,]\d+)*|\b(?:{NUMBER_WORDS})\b|{FRACTION}", re.IGNORECASE)

# "Who signed it?": a person first, else a body or a country that acts ("Russia and Iran").
PERSON = AnswerType("person", (frozenset({"PERSON"}), frozenset({"ORG", "NORP", "GPE"})))
# Asked by a noun only a human being can be ("which official", "who is the reporter", "the
# name of the deputy"): a person's name answers, not the country around them ("Russia and
# Iran", "Caspian"). An organisation's name is taken second: the recogniser reads an unfamiliar
# person's name as one ("a policy brief by Helena Marsh": ORG), never as a country or a people.
HUMAN = AnswerType("person", (frozenset({"PERSON"}), frozenset({"ORG"})))
# "Whose analysis…": what is owned (an analysis, a report, a plan) is a person's or a body's
# alike ("the Institute for the Study of War"); a country's second.
OWNER = AnswerType("person", (frozenset({"PERSON", "ORG"}), frozenset({"NORP", "GPE"})))
PLACE = AnswerType("place", (frozenset({"GPE", "LOC", "FAC"}),))
ORGANISATION = AnswerType("organisation", (frozenset({"ORG"}), frozenset({"NORP", "GPE"})))
DATE = AnswerType("date", (frozenset({"DATE", "TIME"}),), DATE_SHAPE, durations=False)
DURATION = AnswerType("duration", (frozenset({"DATE"}), frozenset({"QUANTITY", "CARDINAL"})),
                      DURATION_SHAPE, durations=True)
# "How long is the rail link?" asks for a length, "How long is the treaty?" for a duration:
# a quantity answers, and so does a date that is a length of time.
LENGTH_OR_DURATION = AnswerType("length", (frozenset({"QUANTITY"}), frozenset({"DATE"}),
                                           frozenset({"CARDINAL"})), DURATION_SHAPE, lasting_dates=True)
DATE_OR_SPAN = AnswerType("date", (frozenset({"DATE", "TIME"}),), DATE_SHAPE)
QUANTITY = AnswerType("amount", (frozenset({"QUANTITY", "MONEY", "PERCENT"}), frozenset({"CARDINAL"})),
                      QUANTITY_SHAPE)
# The whole figure, with its scale: "€1.6 billion", "250 million dollars", "95 per cent".
MONEY_SHAPE = re.compile(r"[$€£¥₽]\s?\d+(?:[.,]\d+)*(?:\s?(?:million|billion|trillion|bn|mn)\b)?"
                         r"|\d+(?:[.,]\d+)*\s?(?:(?:million|billion|trillion)\s)?"
                         r"(?:dollars|euros|roubles|rubles|rials|usd|eur)\b", re.IGNORECASE)
MONEY = AnswerType("sum of money", (frozenset({"MONEY"}),), MONEY_SHAPE)
PERCENT_SHAPE = re.compile(r"\d+(?:[.,]\d+)*\s?(?:%|per ?cent\b|percentage points?\b)", re.IGNORECASE)
PERCENTAGE = AnswerType("percentage", (frozenset({"PERCENT"}),), PERCENT_SHAPE)
# A share is a percentage or a fraction ("roughly a third of exports"); "what percentage" asks
# for the first only.
SHARE = AnswerType("percentage", (frozenset({"PERCENT"}),), re.compile(f"{PERCENT_SHAPE.pattern}|{FRACTION}",
                                                                       re.IGNORECASE))
PAYING = {"cost", "pay", "charge", "spend", "earn", "worth", "price", "fund", "invest", "lend", "borrow",
          "owe"}
# "Which article of the treaty…": a numbered part of a legal text, named by its number
# ("Article 26", "Art. 26", "Section 4", "§ 12"); the recogniser's LAW label also covers whole
# treaties ("the Treaty on Comprehensive Strategic Partnership"), so the form alone answers.
NUMBERED_PART = AnswerType("part of a text", (), re.compile(
    r"\b(?:art(?:icle)?s?|clauses?|sections?|sec|chapters?|ch|paragraphs?|paras?|annex(?:es)?)\.?\s*\d+[a-z]?\b|"
    r"§\s*\d+", re.IGNORECASE))
LEGAL_PARTS = {"article", "clause", "section", "chapter", "paragraph", "annex"}
# What an "article" is of, when it is a legal text's and not a news article ("which article
# of the treaty", not "which article reported…").
LEGAL_TEXTS = {"treaty", "agreement", "pact", "accord", "deal", "law", "convention", "constitution", "charter",
               "protocol", "memorandum", "text", "document"}
YES_OR_NO = AnswerType("yes or no", ())
# "Are the figures final or preliminary?" asks which of the alternatives it names holds: the
# answer is the alternative a sentence states (Part.alternatives), not a yes or a no.
CHOICE = AnswerType("choice", ())


def legal_part(noun) -> bool:
    """Whether the noun a "which/what" asks about is a numbered part of a legal text: a
    clause, a section…, or an article of a treaty, a law ("Which article of the treaty covers
    tourism?"), not a news article."""
    lemma = noun.lemma_.lower()
    if lemma not in LEGAL_PARTS:
        return False
    of = [o for p in noun.children if p.dep_ == "prep" and p.lower_ in ("of", "in")
          for o in p.children if o.dep_ == "pobj"]
    return lemma != "article" or any(o.lemma_.lower() in LEGAL_TEXTS for o in of)


def in_currency(text: str) -> bool:
    """Whether a question names a currency as the unit it wants ("how much oil did Iran buy, in
    dollars?", "in euros"): then it asks for a sum of money, not the amount of the thing. The
    currency ends its phrase ("in euro-zone countries" is a place)."""
    from ..measures import CURRENCY

    return any(CURRENCY.fullmatch(m.group(1))
               for m in re.finditer(r"\bin (?:us |u\.s\. )?(\w+)(?: terms)?\s*(?=[?,.;:!]|$)", text))


def paying(doc) -> bool:
    """Whether the question's verb is one of paying ("cost", "pay", "worth"): then "how
    much" asks for a sum of money. The noun "price" is no such verb: "how much did the
    price fall" asks for an amount ("by a third")."""
    return any(t.lemma_.lower() in PAYING and t.pos_ in ("VERB", "AUX", "ADJ") for t in doc)

# Nouns only a human being can be: asked for, a person's name answers (HUMAN).
HUMAN_NOUNS = [
    "person", "leader", "president", "minister", "official", "spokesman", "spokeswoman", "spokesperson", "analyst",
    "expert", "man", "woman", "politician", "diplomat", "envoy", "emissary", "ambassador", "commander", "head",
    "chief", "deputy", "mp", "lawmaker", "legislator", "senator", "representative", "delegate", "reporter",
    "journalist", "correspondent", "writer", "columnist", "commentator", "editor", "anchor", "interviewer", "fellow",
    "researcher", "scholar", "scientist", "professor", "economist", "banker", "governor", "mayor", "premier",
    "chancellor", "chairman", "chairwoman", "chairperson", "chair", "director", "executive", "manager", "founder",
    "secretary", "general", "officer", "soldier", "adviser", "advisor", "negotiator", "panellist", "panelist",
    "ceo", "boss", "ombudsman",
    "speaker", "presenter", "guest", "cleric", "lawyer", "judge", "activist", "engineer"]

# The kinds of answer that are measures: a noun compound asks for one by its first noun.
MEASURES_ASKED = (QUANTITY, MONEY, PERCENTAGE, SHARE)

# Facilities (Li & Roth's LOC:other): a building, a room, an airport has a name, and stands
# in a city, which is no answer asked for one.
FACILITY_NOUNS = ("airport", "airfield", "hall", "room", "building", "venue", "palace", "station", "terminal",
                  "harbour", "harbor", "square")
# The noun a "which/what" question asks about, by lemma, to the kind of answer it wants
# (the coarse classes of Li & Roth's question taxonomy that a named-entity recogniser can
# find: human, location, organisation, date, numeric).
ASKED_NOUNS: dict[str, AnswerType] = {
    # Roles a body or a country can hold too: "which member", "the author of the report" (an institute).
    **dict.fromkeys(["people", "author", "signatory", "member", "host"], PERSON),
    **dict.fromkeys(HUMAN_NOUNS, HUMAN),
    **dict.fromkeys(["country", "nation", "state", "city", "capital", "town", "region", "place", "location",
                     "port", "province", "territory", "border", "sea", "republic", *FACILITY_NOUNS,
                     "island", "river", "lake"], PLACE),
    **dict.fromkeys(["organisation", "organization", "bloc", "union", "alliance", "institute", "institution",
                     "agency", "company", "firm", "newspaper", "outlet", "body", "party", "ministry",
                     "bank", "group", "think", "tank", "parliament", "legislature"], ORGANISATION),
    **dict.fromkeys(["date", "day", "weekday", "year", "month", "week", "time"], DATE),
    **dict.fromkeys(["duration", "period", "term", "lifetime"], DURATION),
    **dict.fromkeys(["volume", "turnover", "amount", "number", "capacity", "quantity", "total", "speed", "weight",
                     "figure", "distance", "size", "count", "level", "length", "height", "depth", "limit",
                     "cap", "ceiling", "maximum", "minimum", "threshold", "quota", "population", "toll"],
                    QUANTITY),
    **dict.fromkeys(["percentage", "percent", "rate"], PERCENTAGE),
    **dict.fromkeys(["share", "proportion", "fraction"], SHARE),
    **dict.fromkeys(["price", "cost", "budget", "sum", "fee", "tariff", "salary", "investment", "value", "money",
                     "funding", "financing", "cash", "loan"], MONEY),
}
NAMED = ("person", "place", "organisation")  # the answer types a name answers
TIME_UNITS = {"year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes",
              "decade", "decades"}
# Nouns whose amount is a length of time: "how much notice" is answered by "one year".
TIMED = {"time", "notice", "warning", "delay", "leeway"}


def answer_type(doc) -> AnswerType | None:
    """The kind of answer a question (a spaCy Doc) asks for, or None for "what does X
    say about Y": any relevant sentence answers that."""
    text = doc.text.lower()
    # The question word that asks: not one opening a clause inside the sentence ("…report on
    # *how* the treaty is implemented — by what date?", "When did Russia say *how many*
    # ships it would send?"), when another asks.
    found = [t for t in doc if t.tag_ in ("WDT", "WP", "WP$", "WRB")]
    wh = next((t for t in found if not _opens_clause(t.head)), found[0] if found else None)
    if wh is not None and wh.lower_ != "how" and not _opens_clause(wh.head):
        # its "how" asks nothing: the words of "how many/much/long" are not read
        for t in reversed(doc):
            if t.lower_ == "how" and _opens_clause(next((a for a in t.ancestors if a.pos_ in ("VERB", "AUX")), None)):
                text = text[:t.idx] + "   " + text[t.idx + 3:]
    if re.search(r"\bhow long (?:before|after|ago)\b|\bhow long since\b", text):
        return DATE_OR_SPAN  # "when, counted from …": a date answers it as well as a length of time
    # "How long is/will … be" asks what something measures (a length, or a duration); "how long
    # will it last", "has it been" ask how much time.
    if re.search(r"\bhow long (?:is|are|was|were)\b|\bhow long (?:will|would|could|might|may|shall)\b[^?.]*?\bbe\b",
                 text):
        return LENGTH_OR_DURATION
    if re.search(r"\bhow long\b", text):
        return DURATION
    if m := re.search(r"\bhow (?:many|much)\s+(\w+)", text):
        if m.group(1) in TIME_UNITS or "much" in m.group(0) and m.group(1) in TIMED:
            return DURATION
        if "much" in m.group(0) and (paying(doc) or ASKED_NOUNS.get(m.group(1)) is MONEY or in_currency(text)):
            return MONEY  # "how much does it cost", "how much will Iran pay", "how much money", "…, in dollars"
        return QUANTITY
    # "How far along is the railway?" asks how much of it is done: a stage as well as a share.
    if re.search(r"\bhow (?:many|much|far(?! along)|big|large|often|fast)\b", text):
        return MONEY if "much" in text and paying(doc) else QUANTITY
    if YES_NO.match(text):
        return YES_OR_NO
    if wh is None:
        return None
    word = wh.lower_
    if word == "when":
        return DATE
    if word == "where":
        return PLACE
    if word == "whose":
        return OWNER
    if word in ("who", "whom"):
        # "Who is the reporter behind…", "who's the spokesman who…": the noun says a human being
        role = next((arg for arg in wh.head.children if wh.head.lemma_ == "be" and arg.i != wh.i
                     and arg.dep_ in ("attr", "nsubj") and arg.pos_ == "NOUN"), None)
        return HUMAN if role is not None and role.lemma_.lower() in HUMAN_NOUNS else PERSON
    if word in ("which", "what"):
        noun = asked_noun(wh)
        if noun is not None and noun.lemma_.lower() == "name":
            # "the name of the deputy": the deputy is asked for, a person (a name alone is of any kind)
            noun = next((o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                         for o in p.children if o.dep_ == "pobj"), None)
        if noun is not None and legal_part(noun):
            return NUMBERED_PART
        kind = None if noun is None else ASKED_NOUNS.get(noun.lemma_.lower()) or ASKED_NOUNS.get(noun.lower_) or next(
            # a noun compound the taxonomy knows by its first noun, when that asks for a measure:
            # a "price tag" is a price (but a "city council" is no city, a "day trip" no day)
            (ASKED_NOUNS[t.lemma_.lower()] for t in noun.children
             if t.dep_ == "compound" and t.i == noun.i - 1 and ASKED_NOUNS.get(t.lemma_.lower()) in MEASURES_ASKED),
            None)
        if kind is not None:
            return kind
        if noun is not None and any(t.lower_ in EXTREMES for t in noun.children if t.i < noun.i):
            return QUANTITY  # "what's the most gas it could carry": an amount, the largest given
        # (the verb of "what's it going to cost" is the one the going-to future heads)
        verb = wh.head.head if wh.head.dep_ in ("aux", "auxpass") else wh.head
        verbs = [wh.head, verb] + ([t for t in verb.children if t.dep_ == "xcomp"] if _going_to(verb) else [])
        if word == "what" and (any(v.lemma_.lower() in PAYING for v in verbs) or any(t.lower_ == "worth" for t in doc)):
            return MONEY  # "what does it cost", "what will Iran pay", "what were exports worth": a sum
        if word == "what" and totals(wh):
            return QUANTITY
    return None


# Dependencies of a clause set inside another (complement, adverbial, relative clauses):
# a question word opening one asks nothing of its own.
EMBEDDED = {"pcomp", "ccomp", "advcl", "acl", "relcl", "csubj", "xcomp"}


def _opens_clause(verb) -> bool:
    """Whether the verb a question word hangs on (for "how many", the first verb above it:
    "how" → "many" → "ships" → "send") heads a clause set inside another (EMBEDDED)."""
    return verb is not None and verb.dep_ in EMBEDDED and verb.pos_ in ("VERB", "AUX")


# Verbs of a figure's level: what "trade added up to", "amounted to", "stood at", "climbed to"
# is an amount. Only with the preposition left stranded by the question ("to" with no object
# of its own): "what did Putin come to Tehran for" asks no amount.
TOTALLING = {"add", "amount", "come", "stand", "total", "climb", "rise", "fall", "grow", "drop", "jump",
             "increase", "decrease", "decline"}


def totals(wh) -> bool:
    """Whether "what" (a spaCy token) is the level a verb of TOTALLING gives: "what did
    trade add up to", "what does the bill come to", "what did exports stand at"."""
    verb = wh.head.head if wh.dep_ == "pobj" else wh.head
    if verb.lemma_.lower() not in TOTALLING or verb.pos_ not in ("VERB", "AUX") and verb.dep_ != "ROOT":
        return False  # (the parser may tag "amount" in "what did exports amount to" a noun, as its root)
    stranded = [t for t in verb.children if t.dep_ == "prep" and t.lower_ in ("to", "at")
                and all(c.i == wh.i for c in t.children if c.dep_ == "pobj")]
    return bool(stranded) or verb.lemma_.lower() == "total"


def peoples(doc) -> frozenset[tuple[str, str, str]]:
    """The nouns a people's adjective qualifies in `doc` (a spaCy Doc), as (noun lemma,
    people, noun as written): "Russian students" gives ("student", "russian", "students");
    "Russian and Iranian officials" both peoples' officials."""
    found = set()
    for token in doc:
        if token.ent_type_ != "NORP":
            continue
        modifier = token
        while modifier.dep_ == "conj":
            modifier = modifier.head
        noun = modifier.head
        if modifier.dep_ in ("amod", "compound") and noun.pos_ == "NOUN":
            found.add((noun.lemma_.lower(), token.lower_, noun.text))
    return frozenset(found)


# One of a series, told by its place in it: "the second meeting", "the 3rd round", "the
# first Zohreh satellite". Ordinals in words up to twentieth (a series seldom runs longer in
# news; larger ones are written in figures), and in figures ("19th").
ORDINAL_WORDS = {w: n for n, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), start=1)}
ORDINAL = re.compile(r"\b(?:(?P<figure>\d+)(?:st|nd|rd|th)|(?P<word>" + "|".join(ORDINAL_WORDS) + r"))\b",
                     re.IGNORECASE)


def ordinal_value(text: str) -> int | None:
    """The place an ordinal gives ("second": 2, "19th": 19), or None."""
    m = ORDINAL.fullmatch(text.strip())
    if m is None:
        return None
    return int(m.group("figure")) if m.group("figure") else ORDINAL_WORDS[m.group("word").lower()]


def series(doc) -> frozenset[tuple[int, str, str]]:
    """The nouns `doc` (a spaCy Doc) tells apart by an ordinal, as (place, noun lemma, name
    of the series or ""): "the second meeting" gives (2, "meeting", ""), "the first Zohreh
    satellite" (1, "satellite", "Zohreh"). "The first gas" is one too, which no source
    contradicts by a different place of gas."""
    found = set()
    for token in doc:
        place = ordinal_value(token.text)
        noun = token.head
        if place is None or token.dep_ != "amod" or noun.pos_ not in ("NOUN", "PROPN") or noun.i < token.i:
            continue
        name = " ".join(t.text for t in doc[token.i + 1:noun.i] if t.pos_ == "PROPN")
        found.add((place, noun.lemma_.lower(), name))
    return frozenset(found)


def leaning_series(context: str) -> frozenset[tuple[int, str, str]]:
    """series() of what a part leans on (the conversation, an earlier part), read once."""
    from .. import nlp

    return series(nlp.parse_sentence(context)) if ORDINAL.search(context) else frozenset()


DISTRIBUTIVE = {"each", "both", "respectively", "respective"}


def distributive(doc) -> bool:
    """Whether a question asks for an answer per each of several ("when did each country
    ratify it?", "both leaders"): not "each year", which is a rate ("how much gas each year")."""
    return any(t.lower_ in DISTRIBUTIVE and not (t.head.lemma_.lower() in TIME_UNITS and t.head.i > t.i)
               for t in doc)


def asked_objects(doc) -> tuple[tuple[str, ...], ...]:
    """What a yes/no question asks about: its direct objects ("Does the pact include *arms
    transfers*?"), or what it asks exists ("Is there *a mutual defence clause*…?"; in "Is
    there any mention of Syria?", Syria), each as the content words of its noun and its
    modifiers. Names are left to the specific point (they must be mentioned anyway)."""
    found = []
    existential = [t for t in doc if t.dep_ == "attr" and any(c.tag_ == "EX" for c in t.head.children)]
    for token in existential or [t for t in doc if t.dep_ == "dobj"]:
        if token in existential:
            # "any mention of Syria", "evidence that Iran gave Russia missiles": what is asked
            # about is inside (Syria; the missiles), not the word that introduces it. Only "of"
            # introduces: in "a mutual defence clause in the treaty" the clause is asked about.
            inner = [obj for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
                     for obj in prep.children if obj.dep_ == "pobj"]
            clause = [obj for verb in token.children if verb.dep_ in ("acl", "ccomp", "relcl")
                      for obj in verb.children if obj.dep_ == "dobj"]
            if inner or clause:
                found.extend(_object_words(t) for t in inner + clause)
                continue
        if not _describes_an_object(token):
            found.append(_object_words(token))
    return tuple(group for group in found if group)


def _describes_an_object(token) -> bool:
    """Whether an object belongs to a clause describing another noun ("the right *to put
    troops* on bases"): what is asked about is that noun (the right), which a sentence may
    grant or deny without naming what it describes ("no provision on basing rights")."""
    verb = token.head
    return verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN")


# Where "or" offers alternatives to choose from rather than joining what a yes/no question
# asks about: between complements ("final or preliminary"), places ("to Turkey or to Iran"),
# not between a verb's objects or subjects ("Does it cover arms or energy?" asks whether it
# covers either) nor "or not", which only restates the yes/no.
JOINED_ARGUMENTS = {"dobj", "nsubj", "nsubjpass", "csubj"}


def alternatives(doc) -> tuple[str, ...]:
    """The alternatives a yes/no-shaped question offers to choose from ("final", "preliminary"),
    each as its content words; () when it offers none (see JOINED_ARGUMENTS)."""
    for token in doc:
        if not any(c.dep_ == "cc" and c.lower_ == "or" for c in token.children):
            continue
        first = token
        while first.dep_ == "conj":  # "A, B or C": the "or" sits under B, the chain starts at A
            first = first.head
        members, todo = [], [first]
        while todo:
            member = todo.pop(0)
            members.append(member)
            todo += [c for c in member.children if c.dep_ == "conj"]
        if first.dep_ in JOINED_ARGUMENTS or any(m.lower_ in ("not", "no") for m in members):
            return ()
        found = []
        for member in members:
            joined = {t.i for c in member.children if c.dep_ in ("cc", "conj") for t in c.subtree}
            kept = [t.text for t in member.subtree if t.i not in joined and t.pos_ not in FUNCTION_POS]
            if kept:
                found.append(" ".join(kept))
        return tuple(found) if len(found) >= 2 else ()
    return ()


def mentions_alternative(entity: str, alternative: str) -> bool:
    """Whether a named entity of the question is one of its alternatives ("Turkey" in "to
    Turkey"): the answer names one alternative, not all, so it is no point to hold."""
    return fold(alternative) in fold(entity) or fold(entity) in fold(alternative)


def priced_objects(doc) -> tuple[tuple[str, ...], ...]:
    """What a sum of money is asked for: the object of "for" or "of" after a verb of paying
    or a noun of money ("What price will Iran pay *for pipeline gas*?", "the cost *of the
    line*"), or what "it costs" to do ("How much does it cost to build *one drone*?"). A
    sum answers only from a sentence that speaks of it: a container's handling fee is no
    price of gas."""
    money = {noun for noun, kind in ASKED_NOUNS.items() if kind is MONEY}
    found = []
    for token in doc:
        if (token.dep_ == "pobj" and token.head.lower_ in ("for", "of")
                and token.head.head.lemma_.lower() in PAYING | money):
            found.append(_object_words(token))
        elif (token.dep_ == "dobj" and token.head.dep_ in ("xcomp", "advcl")
              and token.head.head.lemma_ == "cost"):
            found.append(_object_words(token))
    return tuple(group for group in found if group)


# Adjectives that point rather than describe (semi-determiners, Quirk et al. 1985 §5.22):
# "what *other* help" narrows nothing a sentence could hold.
SEMI_DETERMINERS = {"other", "another", "same", "such", "certain", "particular", "specific", "further",
                    "additional", "various", "similar", "different", "main", "exact", "else",
                    # and those ordering it in a sequence, relative to what the question names:
                    # "which *earlier* treaty does it replace" (Quirk et al.'s former, latter, last, next)
                    "former", "latter", "last", "next", "earlier", "previous", "prior", "preceding"}


# Nouns for what a thing is called ("the official *name* of the deal"): what answers is a
# name, which a sentence gives without calling it official ("signed an agreement on a
# comprehensive strategic partnership"): what describes the name narrows no class of things.
NAMING_NOUNS = {"name", "title", "term", "label", "nickname", "designation", "acronym", "abbreviation", "phrase"}


def naming(noun) -> bool:
    """Whether the noun a "what/which" asks about is one for what a thing is called (NAMING_NOUNS)."""
    return noun is not None and noun.lemma_.lower() in NAMING_NOUNS


def restricted_class(noun) -> tuple[tuple[str, ...], ...]:
    """What a "what/which" question's modifiers narrow its noun to: "What *naval* cooperation
    does the agreement provide for?" asks about naval cooperation, and a sentence on
    cooperation at large does not answer it. Each content word modifying the noun asked about
    (amod, compound) is its own group: every one must be held (Part.objects). Names are left
    to the specific point; semi-determiners ("other", "same") carry no content."""
    if noun is None:
        return ()
    return tuple((t.lower_,) for t in noun.children
                 if t.dep_ in ("amod", "compound") and t.i < noun.i and t.ent_type_ == ""
                 and t.pos_ in ("ADJ", "NOUN") and t.lower_ not in SEMI_DETERMINERS | EXTREMES
                 and content_terms(t.text))


# Modifiers asking how much, not which kind: "the most gas", "the maximum capacity".
EXTREMES = {"most", "least", "maximum", "minimum", "largest", "smallest", "highest", "lowest"}


def _object_words(token) -> tuple[str, ...]:
    """The content words of a noun and its own modifiers ("arms transfers"), names left out."""
    group = [t for t in token.subtree if (t.i == token.i or t.head.i == token.i) and t.i <= token.i
             and t.pos_ in ("NOUN", "ADJ", "VERB") and t.ent_type_ == ""]
    return tuple(dict.fromkeys(t.lower_ for t in group))


def counted_noun(doc):
    """What a "how many"/"how much" question counts: the noun "many"/"much" modifies ("how
    many Shahed drones": drones), or None ("how much will it carry")."""
    for token in doc[:-1]:
        quantifier = doc[token.i + 1]
        if token.lower_ == "how" and quantifier.lower_ in ("many", "much"):
            head = quantifier.head
            # Only words of the noun phrase between ("how many Shahed drones"): in "how much
            # did the price fall", "much" measures the falling, whatever the parser says.
            between = doc[quantifier.i + 1:head.i]
            phrase = all(t.dep_ in ("amod", "compound", "nummod", "nmod", "punct") for t in between)
            return head if head.pos_ in ("NOUN", "PROPN") and head.i > quantifier.i and phrase else None
    return None


def asked_noun(wh):
    """The noun a "which"/"what" asks about: the noun phrase right after it ("which
    economic bloc's …": bloc), else the other side of a copula ("what was the trade
    volume"), else the noun after "of" ("which of the countries")."""
    run = []
    for token in wh.doc[wh.i + 1:]:
        if token.pos_ in ("ADJ", "NOUN", "PROPN") or token.tag_ == "HYPH":
            run.append(token)
            continue
        break
    nouns = [t for t in run if t.pos_ in ("NOUN", "PROPN")]
    if nouns:
        return nouns[-1]
    # "Which fields does the accord span": the tagger may read a plural noun before an
    # auxiliary as a verb ("fields" VBZ), but the parse still hangs "which" on it as its
    # determiner, and what a determiner determines is a noun.
    if wh.dep_ == "det" and wh.head.i == wh.i + 1 and wh.head.pos_ not in ("AUX", "ADP", "PRON"):
        return wh.head
    if wh.head.lemma_ == "be":  # "what is the trade volume": a class; "what is the Institute's…": a name, none
        for arg in wh.head.children:
            if arg.i != wh.i and arg.dep_ in ("nsubj", "attr", "nsubjpass"):
                # A name in apposition to the noun ("Russia–Iran trade turnover" parsed as
                # Russia, appos turnover): the noun is what is asked.
                noun = arg if arg.pos_ == "NOUN" else next(
                    (c for c in arg.children if c.dep_ == "appos" and c.pos_ == "NOUN"), None)
                if noun is not None:
                    return noun
    # "which of the countries", "what kind of answer": the noun after "of"
    for child in wh.children:
        if child.dep_ == "prep":
            for obj in child.children:
                if obj.pos_ in ("NOUN", "PROPN"):
                    return obj
    return None


# --- the specific point ---------------------------------------------------------------

POINT_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
# An ordinal in figures ("the 18th session") tells one of a series from the others, as a
# number does; one in words ("the first gas") seldom does.
NUMERIC_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
SPECIFIC_DATE = re.compile(rf"\d|\b(?:{MONTHS})\b", re.IGNORECASE)


# Where a question names a document rather than what it asks about: "according to the
# Express", "in the Polish news report", "the Brussels Morning article".
DOCUMENT_NOUNS = ("article|report|piece|story|briefing|brief|memo|coverage|interview|account|outlet|newspaper|"
                  "paper|site|website|page|post|dispatch|analysis|headline|text|write-up|writeup|source|file")
# Nouns for what was said ("the piece with Jalali's *remarks*"): with DOCUMENT_NOUNS, words a
# question uses to point at a source or a statement, which the sentence quoted from it need
# not use about itself.
SPEECH_NOUNS = ("remark|comment|statement|word|quote|quotation|claim|assertion|announcement|testimony|"
                "speech|address|interview")
DISCOURSE_WORD = re.compile(rf"(?:{DOCUMENT_NOUNS}|{SPEECH_NOUNS})s?", re.IGNORECASE)
DESCRIBES_DOCUMENT = re.compile(
    rf"\baccording to (?:the )?(?P<a>[^,?;:]+)|\b(?:in|from|by) (?:the|this|that) (?P<b>[^,?;:]+?) "
    rf"(?:{DOCUMENT_NOUNS})s?\b|\bthe (?P<c>[^,?;:]+?) (?:{DOCUMENT_NOUNS})s?\b", re.IGNORECASE)


# Whose word a statement is: "…, according to the Central Bank of Russia".
ACCORDING_TO = re.compile(r"\baccording to (?:the )?(?P<body>[^,?;:.!]+)", re.IGNORECASE)


def attributed_to(text: str) -> str | None:
    """The body `text` attributes what it says to ("Russian customs", "the Central Bank of
    Russia"): a name, or a noun made from one. None when there is none, or when what it
    names is no body ("according to the treaty", "according to analysts")."""
    m = ACCORDING_TO.search(text)
    body = m.group("body").strip() if m else ""
    return body if any(w[:1].isupper() for w in words(body)) else None


# Words a description of a document uses about the document itself, not its title.
TITLE_WORDS = {"headlined", "headline", "titled", "entitled", "called", "about", "on", "the", "piece", "article",
               "report", "story", "one", "that", "which", "with", "as"}


LIGHT_VERBS = {"be", "have", "do"}  # say nothing of what was done: "what did Russia do"


def asked_agent(doc) -> tuple[str, str] | None:
    """Who a question says did what it asks about, as (verb lemma, name): the proper-noun
    subject of a verb ("When did Iran's Guardian Council approve the treaty?": ("approve",
    "Guardian Council")), or a passive's agent ("approved by the Guardian Council"). None
    when the doer is no name ("the leaders", "who") or the verb says nothing done."""
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() in LIGHT_VERBS:
            continue
        for child in verb.children:
            doer = (child if child.dep_ == "nsubj" else
                    next((t for t in child.children if t.dep_ == "pobj"), None) if child.dep_ == "agent" else None)
            if doer is not None and doer.pos_ == "PROPN":
                # The name itself ("Guardian Council"), not whose it is ("Iran's").
                name = [t for t in doer.subtree if t.i == doer.i or (t.dep_ in ("compound", "flat") and t.head.i == doer.i)]
                return verb.lemma_.lower(), " ".join(t.text for t in name)
    return None


def noun_name(noun) -> str:
    """The asked noun, as answers are compared with it: "day of the week" asks for a weekday."""
    if noun.lower_ == "day" and noun.doc[noun.i + 1:noun.i + 4].text.lower() == "of the week":
        return "weekday"
    return noun.lower_


def described_documents(text: str) -> list[str]:
    """The phrases of a question that describe a document ("the Polish news", "Polsat News")."""
    return [next(g for g in m.groups() if g) for m in DESCRIBES_DOCUMENT.finditer(text)]


def point_entities(doc) -> tuple[str, ...]:
    """The named entities, numbers and dates a question asks about: what the evidence
    must mention. A number or date counts when it is specific (digits, a month), not
    "each year" or "the two countries". An entity that describes a document ("according
    to Polsat News", "the Polish news report") says where to look, not what to find: it
    picks the source (`named_sources`) and is not looked for in the evidence."""
    documents = " ".join(described_documents(doc.text)).lower()
    found = []
    for ent in doc.ents:
        if ent.label_ in POINT_LABELS or (ent.label_ in NUMERIC_LABELS and SPECIFIC_DATE.search(ent.text)):
            if ent.text.lower() not in documents:
                found.append(ent.text.strip(" '’\"“”"))
    # A designation — letters joined to a number: "CASAREX-2024", "Su-35", "S-400" — names one
    # thing (an exercise, an aircraft, a system), which the recogniser often leaves unlabelled;
    # its number is what sets it apart ("CASAREX-2025" is another exercise).
    found += [m.group(0) for m in DESIGNATION.finditer(doc.text)
              if not any(m.group(0) in e or e in m.group(0) for e in found)]
    # A proper noun the recogniser leaves unlabelled ("How many Duma deputies…") is a name
    # all the same: written with a capital inside the sentence (not opening one of the
    # question's sentences: "…? Outlets seem to differ"), tagged a proper noun.
    # (Not in a question written in title case: "How Many Drones Did Iran Deliver?")
    covered = {t.i for ent in doc.ents for t in ent}
    quoted = [m.span() for m in QUOTATION.finditer(doc.text)]  # a quoted word is a spelling (below)
    capitals = [w[:1].isupper() for w in words(doc.text)]
    title_case = sum(capitals) * 2 > len(capitals)
    found += [t.text for t in doc if not title_case and t.tag_ in ("NNP", "NNPS") and not t.is_sent_start
              and t.i not in covered
              and not any(s <= t.idx < e for s, e in quoted)
              and t.text[:1].isupper() and not t.text.isupper() and t.text.lower() not in documents
              and not any(t.text in e for e in found)]
    # Words the question quotes ("Who said the treaty is “not an alliance against anyone”?")
    # are said somewhere: the evidence must hold them.
    found += [m.group(1) for m in QUOTATION.finditer(doc.text) if len(words(m.group(1))) >= 2]
    return tuple(dict.fromkeys(e for e in found if words(e)))


QUOTATION = re.compile(r"[\"“„«]([^\"“”„«»]+)[\"”»]")
DESIGNATION = re.compile(r"\b[A-Z][A-Za-z]*-\d+[A-Za-z\d]*\b")


# --- focus, parts, spelling, documents -------------------------------------------------

def interrogative(text: str) -> bool:
    return text.rstrip().endswith("?") or bool(INTERROGATIVE.match(text))


def focus_of(text: str) -> str:
    """What a message asks (see `focus_and_preamble`)."""
    return focus_and_preamble(text)[0]


def referents(sentence: str) -> str:
    """What a pronoun of the question may refer to in the sentence before it: its nouns and
    names, with their modifiers ("Israel … their foreign ministry spokesman … social media"),
    not the writer's own telling ("I remember…, but I can't find my notes")."""
    from .. import nlp

    kept = [t.text for t in nlp.parse_sentence(sentence)
            if t.pos_ in ("NOUN", "PROPN") or t.pos_ == "ADJ" and t.head.pos_ in ("NOUN", "PROPN")]
    return " ".join(kept)


def focus_and_preamble(text: str) -> tuple[str, str]:
    """What a message asks, and the sentence before it. The asked part is the last run of
    interrogative sentences with whatever follows it ("…cover? I want both the training
    side and the information side."), all of the message when nothing in it is
    interrogative; in a sentence whose preamble ends in a colon or dash, the interrogative
    clause after it ("…is this: for how many years…?")."""
    spans = sentence_spans(text) or [(0, len(text))]
    sentences = [text[s:e].strip() for s, e in spans]
    last = max((i for i, s in enumerate(sentences) if interrogative(s)), default=None)
    if last is None:
        return text.strip(), ""
    first = last
    # Before a question, a sentence ending in a full stop is a statement, though it opens
    # with a question word: "What I'm struggling with is the document from January."
    while first > 0 and interrogative(sentences[first - 1]) and is_question(sentences[first - 1]):
        first -= 1
    # After the question, a courtesy ("Thanks a lot!", "If you can also tell me…, that would
    # help") asks nothing of the sources.
    asked = sentences[first:last + 1] + [s for s in sentences[last + 1:] if not COURTESY.match(s)]
    for m in reversed(list(CLAUSE_BREAK.finditer(asked[0]))):
        tail = asked[0][m.end():].strip()
        # The clause may open with a phrase set before its question word: "…is one number:
        # under the agreement with the EAEU, what share of goods…?"
        fronted = tail.split(",", 1)[1].strip() if "," in tail else ""
        if (INTERROGATIVE.match(tail) or INTERROGATIVE.match(fronted) and interrogative(fronted)) \
                and len(words(tail)) >= 2 and _has_verb(tail):
            asked[0] = tail
            break
    return " ".join(asked), sentences[first - 1] if first > 0 else ""


def _has_verb(clause: str) -> bool:
    """Whether a clause has a verb of its own: "for how many years was it concluded?" is a
    question; "— by what date?" is a fragment asking for the one detail its sentence's
    statement leaves open ("Every year the government has to report… — by what date?"),
    and is read with it."""
    from .. import nlp

    return any(t.pos_ in ("VERB", "AUX") for t in nlp.parse(clause))


def split_parts(focus: str) -> list[str]:
    """The questions a focus asks: "When was it signed and how long will it last?" is two.
    A statement after a question is part of it ("…cover? I want both sides.")."""
    pieces, start = [], 0
    for m in PART_BREAK.finditer(focus):
        piece = focus[start:m.start()] + ("?" if m.group(0).strip().startswith("?") else "")
        if len(words(piece)) >= 2 and interrogative(focus[m.end():]):
            pieces.append(piece.strip())
            start = m.end()
    pieces.append(focus[start:].strip())
    return [p for p in pieces if words(p)] or [focus]


QUESTION_WORDS = ("what", "when", "where", "who", "whom", "whose", "which", "why", "how")


def question_word(typed: str, lexicon: Lexicon) -> str | None:
    """The question word a question's first word is typed for ("wen", "wat", "hw"), or None.
    Chat spellings are common enough in English ("wen" and "wat" once in 300,000 words) to be
    taken as typed anywhere else (lexicon.COMMON); where a question word goes, the one it is
    one edit from is meant; of two, the one it drops a letter of ("wher": "where", not
    "when"), a dropped letter being the commonest slip in typing. None when it is one, the
    corpus uses it, or it is no nearer one of two than the other."""
    word = typed.lower()
    if word in QUESTION_WORDS or lexicon.knows(word):
        return None
    if word.endswith("s") and word[:-1] in QUESTION_WORDS:
        return word[:-1] + "'s"  # "whos the chair": "who's", not "whose"
    near = [q for q in QUESTION_WORDS if one_edit(word, q)]
    if len(near) > 1:
        near = [q for q in near if len(q) == len(word) + 1]
    return near[0] if len(near) == 1 else None


# Words that open a subject: an article, a demonstrative, a personal pronoun.
SUBJECT_OPENERS = {"the", "a", "an", "this", "that", "these", "those", "it", "its", "they", "he", "she", "we", "you",
                   "i", "there", "their", "his", "her", "our", "your", "my"}
AUXILIARIES = ("is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "will", "would", "can", "could",
               "should", "shall", "may", "might", "must")


def auxiliary(typed: str, lexicon: Lexicon) -> str | None:
    """The auxiliary a word after a question word is typed for ("dose": "does"), or None: the
    word is none, nor a function word that goes there ("how many", not "how may": spaCy's
    English stop words), the corpus does not use it, and it is one edit from one auxiliary only."""
    from spacy.lang.en.stop_words import STOP_WORDS

    word = typed.lower()
    if word in AUXILIARIES or word in STOP_WORDS or lexicon.knows(word):
        return None
    near = [a for a in AUXILIARIES if one_edit(word, a)]
    return near[0] if len(near) == 1 else None


CHAT_DIGITS = {"2": "to", "4": "for"}  # chat's homophones, read by corrected()


def corrected(text: str, lexicon: Lexicon | None) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The text with misspelt words read as the corpus's words (see assistant/lexicon.py), a
    chat spelling of its question word as that word (`question_word`), a misspelt auxiliary
    after it (`auxiliary`), chat's "2" and "4" (CHAT_DIGITS), and the corrections made, as
    (typed, read as)."""
    if lexicon is None:
        return text, ()
    made: list[tuple[str, str]] = []
    if (first := re.match(r"\s*([^\W\d_]+)\b(?![’'])", text)) and (meant := question_word(first.group(1), lexicon)):
        made.append((first.group(1), meant))
        text = text[:first.start(1)] + (meant.capitalize() if first.group(1)[0].isupper() else meant) + \
            text[first.end(1):]

    # Where a question word opens (with its measure: "how long"), an auxiliary and then its
    # subject follow ("when does the…", "what is the…", "how long does the…"): a word there,
    # before a subject's first word (SUBJECT_OPENERS), that the corpus does not use and that is
    # one edit from one auxiliary is that one ("when dose the", "wat si the"), though English has
    # it as another word ("who died in…" keeps its verb).
    if (pair := re.match(r"\s*([^\W\d_]+(?:\s+(?:long|many|much|far|often|old|big|large))?)\s+([a-z]+)\s+([^\W\d_]+)",
                         text)) and pair.group(1).split()[0].lower() in QUESTION_WORDS \
            and pair.group(3).lower() in SUBJECT_OPENERS and (meant := auxiliary(pair.group(2), lexicon)):
        made.append((pair.group(2), meant))
        text = text[:pair.start(2)] + meant + text[pair.end(2):]

    from .spans import names_a_country

    # A capital is a name's where a sentence does not open, unless every word has one ("What
    # Is Planned For The Gass Pipline?").
    typed_words = words(text)
    title_case = sum(w[:1].isupper() for w in typed_words) * 2 > len(typed_words)

    def fix(m: re.Match) -> str:
        typed = m.group(0)
        base = re.sub(r"['’]s$", "", typed)  # a possessive is its noun's form: "bloc's" is "bloc"'s
        # A name the atlas gives a country, capital or people is spelled right ("Emirati").
        if len(base) < 3 or lexicon.knows(base) or typed[0].isupper() and names_a_country(base):
            return typed
        opens = not text[:m.start()].strip() or text[:m.start()].rstrip()[-1] in ".?!:"
        # A chat spelling typed in lower case ("thru", "wen", "wat's") is the word it stands for.
        if typed.islower() and (meant := chat_spelling(base)):
            made.append((typed, meant + typed[len(base):]))
            return meant + typed[len(base):]
        better = lexicon.correction(typed, name=typed[0].isupper() and not opens and not title_case)
        if better is None:
            return typed
        made.append((typed, better))
        return better.capitalize() if typed[0].isupper() else better

    text = re.sub(r"[^\W\d_]+(?:['’][^\W\d_]+)?", fix, text)

    # Chat's "2" and "4" for "to" and "for" ("exports 2 iran"): a lone digit between words, before
    # an article or a country's name, where a count would count a noun ("2 ships").
    def homophone(m: re.Match) -> str:
        following = m.group(2)
        if following.lower() in ("the", "a", "an") or names_a_country(following):
            made.append((m.group(1), CHAT_DIGITS[m.group(1)]))
            return CHAT_DIGITS[m.group(1)]
        return m.group(1)

    text = re.sub(r"(?<=[^\W\d_] )([24])(?= ([^\W\d_]+))", homophone, text)
    return text, tuple(made)


def named_part(entity: str, lexicon: Lexicon) -> str:
    """An entity of a question as the corpus names it: typed all in lower case, the
    recogniser may take a neighbouring word into a name ("how much gas wil russia send":
    "wil russia"); a word at its edge that no source uses is left out ("russia"), while the
    words of a name the corpus holds stay ("new delhi"). A name typed with its capitals is
    kept as typed, and a name no source uses at all is kept whole: its absence may be the point."""
    tokens = entity.split()
    # A function word every source uses ("the eurasian economic union") names nothing: the
    # name is trimmed only to a word of its own that a source uses.
    stop = english_stopwords()
    if entity != entity.lower() or len(tokens) < 2 or \
            not any(lexicon.knows(t) and t not in stop for t in tokens if t.isalpha()):
        return entity
    while tokens[0].isalpha() and not (lexicon.knows(tokens[0]) and tokens[0] not in stop):  # (a figure is no word to know)
        tokens.pop(0)
    while tokens[-1].isalpha() and not lexicon.knows(tokens[-1]):
        tokens.pop()
    return " ".join(tokens)


def lower_case_names(text: str, entities: tuple[str, ...], lexicon: Lexicon) -> list[str]:
    """The names a question typed in lower case that the recogniser missed ("how much did the
    astrakhan grain terminal cost"): words the corpus writes as names (Lexicon.names) and
    English seldom uses (below lexicon.COMMON: "astrakhan", "hormoz", not "treaty" nor
    "mir"), not already part of an entity. They are the question's specific point."""
    from wordfreq import zipf_frequency

    taken = {w.lower() for e in entities for w in words(e)}
    return [w for w in dict.fromkeys(words(text)) if w.islower() and w not in taken and w in lexicon.names
            and zipf_frequency(w, "en") < COMMON_WORD]


def _names_file(source: str, question: str) -> bool:
    """Whether the question names a source's file: its whole name ("treaty.pdf"), or a
    name no word has ("001_ef0c1281", "newsline24-duma-live"). A file named with a word
    ("treaty.pdf") is not named by the word: "the treaty" is what every source is about."""
    name = source.rsplit("/", 1)[-1].split("#", 1)[0].lower()
    stem = name.rsplit(".", 1)[0]
    asked = question.lower()
    return name in asked or (len(stem) >= 4 and re.search(r"[\d_.-]", stem) is not None and stem in asked)


def named_sources(question: str, sources: list[SourceName]) -> tuple[str, ...]:
    """The sources a question names, by what identifies a source rather than what it is
    about: its publisher (most of the publisher's words, at least two of them, or a
    one-word publisher written as a name: "the Brussels Morning article", "what did
    Reuters say"), its file name, or its title quoted at length (its first five words).
    A word that merely occurs in a title (a country, "strategic partnership") names
    nothing: titles are about the topic every source shares."""
    asked = words(question)
    lowered = {w.lower() for w in asked}
    capitalised = {w.lower() for w in asked if w[:1].isupper()}
    folded = f" {fold(question)} "
    described = described_documents(question)
    squeezed = {"".join(fold(d).split()) for d in described}
    titles = {source.source: set(fold(source.title or "").split()) for source in sources}
    named: list[str] = []
    for source in sources:
        # "the piece headlined as a military partnership": a description whose words are all
        # in this title, and in no other title, names it.
        for description in described:
            wanted = {w for w in fold(description).split() if w not in TITLE_WORDS and len(w) > 2}
            if len(wanted) >= 2 and wanted <= titles[source.source] and not any(
                    wanted <= title for key, title in titles.items() if key != source.source):
                named.append(source.source)
                break
        if named and named[-1] == source.source:
            continue
        # Its words that name it, not "the" of "The Eurasia Brief" ("the brief" names no publisher).
        publisher = [w for w in fold(source.publisher or "").split() if w not in english_stopwords()]
        if publisher and any(d and "".join(publisher).startswith(d) for d in squeezed):
            named.append(source.source)  # "Polsat News" names "Polsatnews.pl"
            continue
        title = fold(source.title or "").split()
        present = [w for w in publisher if w in lowered]
        if ((len(publisher) == 1 and publisher[0] in capitalised and len(publisher[0]) >= 4)
                or (len(present) >= 2 and len(present) * 3 >= len(publisher) * 2)
                or _names_file(source.source, question)
                or (len(title) >= 5 and f" {' '.join(title[:5])} " in folded)):
            named.append(source.source)
    return tuple(named)


# "Do the reports agree on whether X?", "Do the sources differ about whether X?": asked of the
# sources, the question is X itself, yes or no; where they disagree, both sides are shown anyway.
AGREEMENT = re.compile(
    r"^\W*(?:do|does|did)\s+(?:all\s+)?(?:the\s+|these\s+|your\s+)?(?:reports|sources|articles|outlets|papers|"
    r"accounts|media|stories|documents)\s+(?:all\s+)?(?:agree|disagree|differ|concur)\s+"
    r"(?:(?:on|about|over|as to)\s+)?(?:whether|if|that)\s+(?P<claim>.+?)\W*$", re.IGNORECASE)

# A part that asks only whether the sources agree on what the question asked first ("When
# will it open? Do the sources give the same date?"): its words say agreement, name the
# sources, or name what is asked in general terms. Each answer shows a disagreement anyway
# (decide.other_side), so it asks nothing of its own; asked alone, it is a question still.
AGREEING = {"agre", "agreement", "consist", "inconsist", "same", "match", "mismatch", "differ", "different",
            "disagre", "disagr", "discrep", "conflict", "contradict", "contradictori", "tally", "vari", "vary", "align",
            "squar", "consensus"}
LINED_UP = re.compile(r"\b(?:line|lines|lined) up\b|\bin line\b", re.IGNORECASE)  # "Do the numbers line up?"
ABOUT_SOURCES = {"sourc", "between", "report", "articl", "outlet", "account", "paper", "media", "stori", "document",
                 "figur", "number", "total", "claim", "date", "time", "estim", "answer", "data", "across", "give", "quot",
                 "seen", "see", "everi", "other", "one", "anoth", "all", "both", "each"}


def asks_agreement(text: str) -> bool:
    """Whether a part asks nothing but whether the sources agree: it holds a word of
    AGREEING, and every word it has is one of AGREEING or ABOUT_SOURCES; or, when a noun of it
    names the sources or what they state (ABOUT_SOURCES), every noun it has is one of those
    two: then its verbs and modifiers may be any ("Outlets *seem to* report different
    totals"), as what it is about is in its nouns ("Did both sides agree on the price?" is
    about the price, "Is there a written agreement?" about an agreement)."""
    from .. import nlp

    lined_up = LINED_UP.search(text) is not None  # a phrase of agreeing; its "line" is no rail line
    terms = set(content_terms(text)) - ({"line"} if lined_up else set())
    if not (terms & AGREEING or lined_up):
        return False
    if terms <= AGREEING | ABOUT_SOURCES:
        return True
    nouns = [t for t in nlp.parse_sentence(text) if t.pos_ in ("NOUN", "PROPN")]
    stems = [set(content_terms(t.lemma_)) for t in nouns]
    # A noun naming the kind of answer asked in general ("the same day", "the same sum") is
    # about what the sources state too.
    general = [t.lemma_.lower() in ASKED_NOUNS and ASKED_NOUNS[t.lemma_.lower()].name not in NAMED for t in nouns]
    return any(s & ABOUT_SOURCES for s in stems) and all(
        s <= AGREEING | ABOUT_SOURCES or g for s, g in zip(stems, general))


def _without_agreement(part: str) -> str:
    """A part less the sentences after its first that only say or ask whether the sources
    agree ("…each year? I've seen different numbers quoted.")."""
    spans = sentence_spans(part)
    if not spans:  # nothing but white space: nothing to leave out
        return part
    kept = [spans[0]] + [(s, e) for s, e in spans[1:] if not asks_agreement(part[s:e])]
    return part if len(kept) == len(spans) else " ".join(part[s:e] for s, e in kept)


# --- the reading ----------------------------------------------------------------------

# Universal POS tags of words that carry no content of their own.
FUNCTION_POS = {"ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "AUX", "INTJ", "PUNCT", "SYM"}

@dataclass(frozen=True)
class Part:
    """One thing a question asks."""

    text: str
    answer_type: AnswerType | None
    entities: tuple[str, ...]  # the specific point: names, numbers, dates as the question writes them
    context: str = ""  # what it leans on: the conversation, or an earlier part of the same question
    noun: str | None = None  # the noun a "which"/"what" asks about ("region"), lower-cased
    counted: str | None = None  # what a "how many/much" counts ("drones"): the answer must count it
    # What the answer must speak of: a yes/no question's objects ("arms transfers" in "Does
    # the pact include arms transfers?", asked_objects), what a sum is paid for (priced_objects),
    # the modifiers narrowing a "what" noun ("naval" cooperation, restricted_class). A sentence
    # must hold one word of each group (decide.states_the_object).
    objects: tuple[tuple[str, ...], ...] = ()
    perfect: bool = False  # "how long has it been…": a start ("since last summer") answers it
    # "each"/"both"/"respectively": several answers are asked for, differing answers do not disagree
    distributive: bool = False
    agent: tuple[str, str] | None = None  # who it says did it, (verb lemma, name): asked_agent
    english: bool = True  # read with the English pipeline (else foreign_part: no answer span is shown)
    mass: bool = False  # "how much X": X is measured, and a figure with a unit of measure answers it
    alternatives: tuple[str, ...] = ()  # what a CHOICE question offers to choose from ("final", "preliminary")
    # Whose figure is asked for, where that is no source's name: "according to Russian customs"
    # (roles.attributed_elsewhere). A source named so ("according to the Express") is where to look.
    according_to: str | None = None
    # The question asks whether the sources agree ("Do the reports agree on the number?"):
    # every other source's different answer on the point is shown (decide.other_side).
    compare: bool = False
    # The nouns it qualifies by a people ("Russian students"): roles.peoples
    peoples: frozenset[tuple[str, str, str]] = frozenset()
    # What it says is done, as stems ("sign" in "Has the agreement been signed?"): a line
    # without a verb that does not name it says neither yes nor no (decide.other_side).
    verbs: tuple[str, ...] = ()
    # The nouns it tells apart by their place in a series ("the second meeting"): series()
    series: frozenset[tuple[int, str, str]] = frozenset()

    @property
    def yes_no(self) -> bool:
        return self.answer_type is YES_OR_NO


@dataclass(frozen=True)
class Question:
    """A question as read: what is asked (`focus`, spelling corrected), in `parts`, with
    the conversation it leans on (`context`) and the sources it names (`sources`)."""

    asked: str
    focus: str
    parts: tuple[Part, ...]
    context: str = ""
    corrections: tuple[tuple[str, str], ...] = ()
    sources: tuple[str, ...] = ()
    entities: tuple[str, ...] = field(default=())  # every part's specific point
    # Words of the question that carry no meaning of their own here, by their part of
    # speech (prepositions, determiners, pronouns…): an informal "thru" is no content word.
    ignored: frozenset[str] = frozenset()

    @property
    def query(self) -> str:
        """What is retrieved: the question as read, after the conversation it leans on."""
        return " ".join(filter(None, [self.context, self.focus]))

    @property
    def note(self) -> str | None:
        """How the question was read, when not as typed: for the reader to check."""
        notes = []
        if self.corrections:
            typed, read_as = zip(*self.corrections)
            notes.append(f"read “{' '.join(typed)}” as “{' '.join(read_as)}”")
        if fold(self.focus) != fold(self.asked) and len(self.asked) > 2 * len(self.focus):
            notes.append(f"answering: “{self.focus}”")
        return "; ".join(notes) or None


# "in these articles", "according to the sources": the corpus itself, not what is asked about it.
THE_SOURCES = re.compile(r"\b(?:in|from|across|of|by|according to)\s+(?:these|the|those|your|my|all)\s+"
                         r"(?:\w+\s+)?(articles|sources|reports|texts|documents|files|pieces|stories|news)\b",
                         re.IGNORECASE)


def _ignored_words(doc) -> list[str]:
    """The question's words that carry nothing of what is asked: function words by their
    part of speech or their dependency (a word counts by its first token: spaCy reads "whos" as "who" + "s"),
    pro-forms, and the words with which a question points at the sources themselves."""
    found = []
    first = {t.idx: t for t in doc}
    for m in re.finditer(r"\w+(?:[-'’]\w+)*", doc.text):
        token = first.get(m.start())
        # A verb form doing a preposition's work ("according to", "regarding", "including")
        # is one: the parser attaches it as a preposition (dependency "prep").
        if token is not None and (token.pos_ in FUNCTION_POS or token.tag_ in ("WP", "WDT", "WRB", "WP$")
                                  or token.dep_ == "prep" or _pro_form(token) or _going_to(token)):
            found.append(m.group(0))
    found += [m.group(1) for m in THE_SOURCES.finditer(doc.text)]
    return found


def _going_to(token) -> bool:
    """Whether a token is the "going" of the going-to future ("is it going to cost", "gonna
    cost", which spaCy reads as "gon" + "na"): an auxiliary of tense, saying nothing asked."""
    following = token.doc[token.i + 1:token.i + 3]
    return (token.lemma_.lower() == "go" and len(following) == 2 and following[0].lemma_.lower() == "to"
            and following[1].pos_ in ("VERB", "AUX"))


def _pro_form(token) -> bool:
    """Words standing for others, or grading them, which say nothing themselves: "ones"
    ("more advanced ones"), and "more"/"most" marking a comparison."""
    return (token.lower_ in ("one", "ones") and token.dep_ != "nummod") or \
        (token.lower_ in ("more", "most", "less", "least") and token.dep_ == "advmod")


LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F'’-]+$")


# "How many/much" in other languages the sources may be in (Russian, Chinese, German,
# French, Spanish, Italian): the words that ask it; the noun after them is what is counted
# ("сколько сенаторов", "多少石油", "wie viele Karten").
HOW_MANY = re.compile(r"(?:^|(?<=\W))(?:сколько|скольких|скольким|сколькими|wie viele?|combien(?: de| d')?|"
                      r"cu[aá]nt[oa]s?|quant[ieoa])(?=\W|$)|多少", re.IGNORECASE)


def foreign_part(focus: str) -> Part:
    """A question in a language other than English, read without a parser: its figures and
    years are its specific point, and "how many X" asks for an amount of X, which only a
    sentence giving a figure of X answers ("16 апреля 2025 года" counts no senators). The
    figure's span is not shown as the answer: without the language's recogniser its extent
    is not known ("20" of "20亿立方米")."""
    asks = HOW_MANY.search(focus)
    following = next(iter(words(focus[asks.end():])), "") if asks else ""
    return Part(focus, QUANTITY if asks else None, tuple(dict.fromkeys(FIGURE.findall(focus))),
                counted=following.lower() if content_terms(following) else None, english=False)


# A word English writing uses: Zipf frequency 3 is once in a million words. Foreign words
# English text quotes now and then fall below it (German "wie" 2.9, "viele" 1.8, French
# "été" 2.0); any frequency above 0 took "Wie viele Mir-Karten wurden in Iran ausgegeben?"
# for English. Every English question of our five sets (264) reads the same from 2 to 3.5.
COMMON = 3.0


def english(text: str) -> bool:
    """Whether a question is in English: most of its words are written in the Latin
    alphabet and are words English writing uses (wordfreq: COMMON)."""
    from wordfreq import zipf_frequency

    tokens = words(text)
    if not tokens:
        return True
    known = sum(bool(LATIN.match(w)) and zipf_frequency(w, "en") >= COMMON for w in tokens)
    return known * 2 >= len(tokens)


def read(question: str, history: list[Message] | None = None, lexicon: Lexicon | None = None) -> Question:
    """Read a question (see the module's docstring). `lexicon` is the corpus's words and
    sources' names; without it, spelling and named sources are not read."""
    from .. import nlp

    if not english(question):
        # The steps below read English (spaCy's English pipeline, English word frequencies):
        # a question in another language is answered by its words and its meaning, its
        # figures and, asked "how many", what it counts (foreign_part).
        focus = question.strip()
        part = foreign_part(focus)
        return Question(question, focus, (part,), entities=part.entities)
    focus, preamble = focus_and_preamble(question)
    focus, corrections = corrected(focus, lexicon)
    doc = nlp.parse(focus)
    # "Which institute does he work for?" after an answer naming one person: him, by name.
    if (meant := person_meant(doc, history)) is not None:
        pronoun, name = meant
        possessive = pronoun.tag_ == "PRP$" or pronoun.lower_ == "hers"  # "his institute": the name's
        focus = focus[:pronoun.idx] + name + ("'s" if possessive else "") + focus[pronoun.idx + len(pronoun.text):]
        corrections += ((pronoun.text, name),)
        doc = nlp.parse(focus)
    # "And Iran's?" after "Who chaired the commission for Russia?" asks that question of Iran.
    if (whole := resolved_ellipsis(doc, history)) is not None:
        corrections += ((focus, whole),)
        focus, doc = whole, nlp.parse(whole)
    # A question leaning on what its own message said first ("The headline says X. Does the
    # article back that up?") borrows that before the conversation.
    context = (referents(preamble) if preamble and leans_on_conversation(doc) else "") or \
        borrowed_context(doc, history)
    sources = named_sources(question, lexicon.sources) if lexicon is not None else ()
    parts: list[Part] = []
    agreement = AGREEMENT.match(focus)
    asked = [agreement.group("claim")] if agreement else split_parts(focus)
    # A sentence saying the sources differ ("I've seen different numbers quoted.") asks for
    # every side as a part asking whether they agree does.
    said = [_without_agreement(p) for p in asked]
    compare = agreement is not None or any(asks_agreement(p) or s != p for p, s in zip(asked, said))
    asked = [p for p in said if not asks_agreement(p)] or said
    for text in asked:
        part_doc = doc if not parts and text == focus else nlp.parse(text)
        earlier = " ".join(p.text for p in parts)
        wh = next((t for t in part_doc if t.lower_ in ("which", "what")), None)
        noun = asked_noun(wh) if wh is not None else None
        counted = counted_noun(part_doc)
        kind = YES_OR_NO if agreement else answer_type(part_doc)
        offered = alternatives(part_doc) if kind is YES_OR_NO and not agreement else ()
        kind = CHOICE if offered else kind
        parts.append(Part(text, kind, tuple(e for e in point_entities(part_doc)
                                            if not any(mentions_alternative(e, a) for a in offered)),
                          context=" ".join(filter(None, [context, earlier])),
                          noun=noun_name(noun) if noun is not None else "total" if wh is not None and totals(wh) else None,
                          # "how much notice": a length of time answers; nothing counts notices
                          # nor money ("how much money"): a currency is its unit
                          counted=counted.lower_ if counted is not None and counted.lower_ not in TIMED
                          and kind is not MONEY else None,
                          distributive=distributive(part_doc),
                          objects=(asked_objects(part_doc) if kind is YES_OR_NO
                                   else priced_objects(part_doc) if kind is MONEY
                                   else restricted_class(noun) if kind is None and not naming(noun) else ()),
                          perfect=any(t.lemma_ == "have" and t.dep_ == "aux" for t in part_doc),
                          agent=asked_agent(part_doc),
                          mass=counted is not None and re.search(r"\bhow much\b", text, re.IGNORECASE) is not None,
                          alternatives=offered,
                          according_to=None if sources else attributed_to(text), compare=compare,
                          peoples=peoples(part_doc),
                          # "where was it held?" after "who chaired the second meeting": the second
                          series=series(part_doc) or leaning_series(" ".join(filter(None, [context, earlier]))),
                          verbs=tuple(dict.fromkeys(t for v in part_doc if v.pos_ == "VERB"
                                                    and v.lemma_.lower() not in LIGHT_VERBS
                                                    for t in content_terms(v.text)))))
    if lexicon is not None:
        parts = [replace(p, entities=tuple(dict.fromkeys([*(named_part(e, lexicon) for e in p.entities),
                                                           *lower_case_names(p.text, p.entities, lexicon)])))
                 for p in parts]
    entities = tuple(dict.fromkeys(e for p in parts for e in p.entities))
    ignored = {w.lower() for w in _ignored_words(doc)}
    if sources:  # "according to the piece headlined as a military partnership": where to look, not what
        ignored |= {w.lower() for d in described_documents(focus) for w in words(d)}
    # "according to Russian customs": whose figure is asked for, not what it is of; a table
    # of that body's figures need not name it (roles.attributed_elsewhere rules out others').
    ignored |= {w.lower() for p in parts if p.according_to for w in words(p.according_to)}
    return Question(question, focus, tuple(parts), context, corrections, sources, entities, frozenset(ignored))
