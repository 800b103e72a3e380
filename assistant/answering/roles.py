"""Who did what to whom: a sentence that names the question's people, places and bodies
but gives them other roles tells of another event, and does not answer.

- Prepositions (swaps_roles): "missiles to Iran" and "missiles to Russia" give the same
  names opposite roles.
- The date of a report (dates_a_report): "Gazprom and NIGC agreed on Tuesday that the first
  gas will flow via Azerbaijan" dates the agreeing, not the flow a question asks about.
- The doer (someone_else): asked "When did the Guardian Council approve the treaty?", the
  sentence "Iran's parliament approved the treaty …, sending it to the Guardian Council"
  has the verb with a doer of its own and names the Council only in another clause: it
  tells who else approved it. Read from spaCy's dependency parse of the sentence.
- The people a noun is of (other_people): asked about "Russian students at Iranian
  universities", "Iranian students … in Russian universities" tells of the other group.
- The body a figure is attributed to (attributed_elsewhere): asked what trade grew by
  "according to Russian customs", "About 96%, according to the Central Bank of Russia"
  gives another body's figure, of another thing.
- The place in a series (another_in_series): asked about "the second meeting", minutes
  headed "3rd meeting" tell of another one; asked about "the first Zohreh satellite", a
  sentence on Zohreh-2 tells of another satellite.
"""
from __future__ import annotations

import re

from ..text import content_terms, same_stem, stem, words
from .question import ORDINAL, attributed_to, ordinal_value, peoples
from .spans import WIRE_DATELINE, mentions

# A name right after one of these prepositions has that role.
ROLE = re.compile(r"\b(to|from|against)\s+(?:the\s+)?([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)")
# The general verbs of speech: asked what someone said or told, any verb reporting a clause
# ("announced that …", "“…,” the Kremlin announced") is a saying, and its subject the sayer.
SPEECH = {"say", "tell"}
# Dependencies that open a clause of its own under a verb ("…, sending it to the Council";
# "approved it and sent it on"; "said that …"): what is said there is not the verb's doing.
CLAUSES = {"advcl", "conj", "ccomp", "xcomp", "relcl", "parataxis", "acl", "csubj"}


def roles(text: str, names: tuple[str, ...]) -> set[tuple[str, str]]:
    """The (preposition, name) pairs of `text` for the `names` it gives a role ("to Iran")."""
    found = set()
    for m in ROLE.finditer(text):
        found.update((m.group(1).lower(), name) for name in names if mentions(name, m.group(2)))
    return found


def swaps_roles(question: str, sentence: str, names: tuple[str, ...]) -> bool:
    """Whether a sentence gives the question's names other roles than the question does: the
    question sends missiles "to Iran", the sentence sends them "to Russia" (another of the
    question's names) and to Iran nowhere. Such a sentence tells of the reverse deal."""
    if len(names) < 2:
        return False
    asked, said = roles(question, names), roles(sentence, names)
    return any((preposition, name) not in said and any(p == preposition and n != name for p, n in said)
               for preposition, name in asked)


def someone_else(sentence: str, agent: tuple[str, str] | None) -> bool:
    """Whether `sentence` tells that another did what the question says its `agent` did
    (question.asked_agent: (verb lemma, name)): the sentence has that verb (by stem) with
    a doer of its own — a subject, or a passive's "by" — that is no pronoun, and names the
    agent only outside that verb's clause. A pronoun or an unnamed doer ("the treaty was
    approved") could be the agent: such a sentence is not ruled out. Asked what the agent
    said (SPEECH), every verb reporting a clause counts as the verb."""
    if agent is None:
        return False
    from .. import nlp

    verb, name = agent
    asked, irregular = stem(verb), nlp.irregular_forms(verb)
    if not mentions(name, sentence) or not (verb in SPEECH or any(
            same_stem(asked, stem(w.lower())) or w.lower() in irregular for w in words(sentence))):
        return False  # the cheap tests before parsing: most sentences have not both

    reporting = verb in SPEECH
    told = False
    for token in nlp.parse_sentence(sentence):
        if token.pos_ != "VERB" or not (stem(token.lemma_.lower()) == asked
                                        or reporting and any(c.dep_ == "ccomp" for c in token.children)):
            continue
        if mentions(name, " ".join(t.text for t in _clause(token))):
            return False  # the agent is in it, whatever its role there
        doer = _doer(token)
        if doer is None or doer.pos_ == "PRON":
            return False
        told = True
    return told


def governing_verb(sentence: str, start: int, end: int):
    """The verb (or auxiliary) that sentence[start:end] hangs on in spaCy's parse: up from the
    span's root to the first verb; the parse's root when none is; None if the span cuts a token."""
    from .. import nlp

    span = nlp.parse_sentence(sentence).char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb


def done_by_another(sentence: str, start: int, end: int, agent: tuple[str, str] | None) -> bool:
    """Whether the answer span sentence[start:end] tells what another did, not the question's
    `agent` (question.asked_agent: (verb lemma, name)): the verb the span hangs on has a doer
    of its own, a name ("Iran's parliament"), and its clause does not name the agent, which
    the sentence names in another clause. Asked when the Guardian Council gave its approval,
    "the Assembly approved it in May 2025, after which the Guardian Council confirmed the
    bill" dates the Assembly's approving. A copula does nothing: "the first phase … will be
    2 bcm" under "Russia's Gazprom … agreed that" is Russia's figure. Read from spaCy's
    dependency parse, as someone_else."""
    if agent is None or not mentions(agent[1], sentence):
        return False
    verb = governing_verb(sentence, start, end)
    if verb is None:
        return False
    # The question's own verb with another doer is someone_else's to judge (it reads a
    # pronoun or a reported clause: "The State Duma ratified it…, Russia's ministry said").
    if verb.pos_ != "VERB" or same_stem(stem(verb.lemma_.lower()), stem(agent[0])) or mentions(
            agent[1], " ".join(t.text for t in _clause(verb))):
        return False
    doer = _doer(verb)
    return doer is not None and any(t.pos_ == "PROPN" for t in doer.subtree)


def _doer(verb):
    """Who does what `verb` says: its subject, or a passive's agent ("by the Council")."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "agent":
            return next((t for t in child.children if t.dep_ == "pobj"), None)
    return None


def _clause(verb) -> list:
    """The tokens of `verb`'s own clause: its subtree without the clauses under it."""
    inner = [child for child in verb.children if child.dep_ in CLAUSES]
    skipped = {t.i for child in inner for t in child.subtree}
    return [t for t in verb.subtree if t.i not in skipped]


def dates_a_report(sentence: str, start: int, end: int, asked: list[str]) -> bool:
    """Whether the date at sentence[start:end] dates a saying or an agreeing rather than what
    the question asks about: the verb it modifies reports a clause ("agreed on Tuesday *that
    the first gas will flow*", "said on Monday *it would*…"), and that clause holds more of
    the question's words (`asked`, stems) than the verb's own clause does. Asked when they
    agreed, the agreeing is in the verb's own clause, and its date answers."""
    from .evidence import as_asked

    verb = governing_verb(sentence, start, end)
    if verb is None:
        return False
    reported = [t for c in verb.children if c.dep_ == "ccomp" for t in c.subtree]
    if not reported:
        return False
    wanted = set(asked)

    def held(tokens) -> int:
        return len(set(as_asked([t for tok in tokens for t in content_terms(tok.text)], asked)) & wanted)

    # The verb's own words, not the date itself nor a wire dateline ("ASTARA, Azerbaijan,
    # March 4 (Meridian Wire) -"), which the parser hangs on the first verb it meets.
    dateline = WIRE_DATELINE.match(sentence)
    opening = dateline.end() if dateline else 0
    own = [t for t in _clause(verb) if not (start <= t.idx < end) and t.idx >= opening]
    return held(reported) > held(own)


def attributed_elsewhere(sentence: str, body: str | None) -> bool:
    """Whether `sentence` attributes what it says to another body than the one a question
    asks of (`body`, from its own "according to"): the sentence's "according to" shares
    no word with it ("the Central Bank of Russia" is not "Russian customs"; "Russia's
    Federal Customs Service" is). A sentence that attributes nothing may be the body's own."""
    if body is None or (theirs := attributed_to(sentence)) is None:
        return False
    return not set(content_terms(body)) & set(content_terms(theirs))


def other_people(asked: frozenset[tuple[str, str, str]], sentence: str) -> str | None:
    """What `sentence` tells of instead, when it gives a noun the question qualifies by one of
    its peoples (`asked`: peoples() of the question) another of the question's peoples, and
    never its own: the groups swapped ("Iranian students … in Russian universities" for
    "Russian students at Iranian universities"); that group, as the sentence names it. None
    otherwise: a third people ("the Azerbaijani gas it buys now" beside Russian gas) may be a
    comparison, not the sentence's subject."""
    if len({people for _, people, _ in asked}) < 2:
        return None
    from .. import nlp

    said = sorted(peoples(nlp.parse_sentence(sentence)))
    ours = {people for _, people, _ in asked}
    for noun, people, _ in sorted(asked):
        if not any(n == noun and p == people for n, p, _ in said):
            other = next((f"{p.capitalize()} {written}" for n, p, written in said
                          if n == noun and p != people and p in ours), None)
            if other is not None:
                return other
    return None


SERIES_REACH = 3  # words between an ordinal and the noun it numbers ("the 3rd joint working group meeting")


def another_in_series(asked: frozenset[tuple[int, str, str]], text: str) -> str | None:
    """What `text` tells of instead, when it numbers a noun the question tells apart by its
    place in a series (`asked`: question.series) with another place, and never with the
    question's: "the 3rd meeting" for "the second meeting", "Zohreh-2" for "the first Zohreh
    satellite". None otherwise (a text naming no place, or the question's among others)."""
    for place, noun, name in sorted(asked):
        places = _places(noun, name, text)
        if places and all(n != place for n, _ in places):
            return places[0][1]
    return None


def in_series(asked: frozenset[tuple[int, str, str]], text: str) -> bool:
    """Whether `text` numbers a noun the question tells apart by its place with that place."""
    return any(n == place for place, noun, name in asked for n, _ in _places(noun, name, text))


def _places(noun: str, name: str, text: str) -> list[tuple[int, str]]:
    """The places `text` gives `noun` in its series, as (place, as written): an ordinal a
    few words before it ("3rd meeting"), or the series' own numbering ("Zohreh-2")."""
    places = [(ordinal_value(m.group(0)), f"{m.group(0)} {noun}") for m in ORDINAL.finditer(text)
              if any(same_stem(w, noun) for w in words(text[m.end():])[:SERIES_REACH + 1])]
    if name:
        places += [(int(m.group(1)), m.group(0)) for m in re.finditer(rf"\b{re.escape(name)}[- ]?(\d{{1,2}})\b", text)]
    return places
