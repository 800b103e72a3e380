"""Claims of a generated answer, each checked against the sentences of the retrieved passages.

**Claims.** A claim is a sentence of the model's reply, or a clause of one that carries
markers of its own ("…found no mention of arms transfers [1], while Western nations accuse
Iran of supplying drones [2]."). A line break ends a sentence (Markdown lists and
paragraphs); markers written after a sentence's full stop ("…20 years. [1][2]") belong to
it. A clause too short to state anything ("According to [1], …") belongs to the clause
after it, and words after a sentence's last marker to the clause before them. A lead-in
that only frames what follows ("The sources disagree:", or any unmarked sentence ending
in a colon: "The answer is:") is not a claim, nor part of one, and a sentence that says,
citing nothing, that the sources do not cover something is a remark, not a claim.

**Support.** A sentence of a retrieved passage supports a claim when

1. it mentions the claim's specific point: every number and date the claim states, and
   every name other than those most retrieved sources mention, which are their common
   topic (evidence.specific), read as a question's are (question.point_entities), is
   mentioned where the sentence stands (evidence.mentioned): the rule by which a sentence
   can answer a question at all. A date the sentence gives without its year is read in
   its article's year, as news dates events ("On January 17" in an article of 18 January
   2025);
2. it says yes or no as the claim does: a negation or denial governs the claim's words in
   both or in neither (evidence.negates), so "no mention of arms transfers" never supports
   "the pact includes arms transfers";
3. it says what the claim says: its closeness in meaning to the claim outweighs the share
   of the claim's informative words it does not hold (decide.close_enough, the very test
   by which the extractive answerer decides that the sources answer a question). Words are
   held exactly, by stem or through a synonym (evidence.py) and weigh by their rarity among
   the retrieved sentences, so "treaty", which most of them hold, weighs nothing, and a
   word none of them holds ("collaborative") weighs by its rarity in English. The words
   are what the claim is about (nouns, names, numbers, adjectives); its verbs and adverbs
   say how, in the model's words, and count through closeness in meaning.

Why these and not a tuned score: each is a rule the extractive answerer already applies to
a question, so a claim and a question stand on the same evidence for the same reasons;
entities and polarity are checked exactly because closeness in meaning cannot tell "20
years" from "25 years", nor "includes" from "does not include".

Among the sentences that support a claim, each cited passage's closest in meaning is its
quote. When no cited passage supports it, the closest supporting sentence of another
retrieved passage is, and the citation says so (`reattributed`). When none does, the claim
is unsupported: the generated answerer takes it out of the answer and lists it
(Answer.claims), and it is never shown as cited.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..conversation import leans_on_conversation
from ..schema import Passage
from ..text import content_terms, sentence_spans, words
from .decide import MARGIN, SCORE_FLOOR, close_enough, opposed
from .evidence import (
    Scored,
    Sentence,
    SentenceEmbeddings,
    candidate_sentences,
    mentioned,
    negates,
    score,
    specific,
)
from .question import FUNCTION_POS, SPECIFIC_DATE, Part, Question, point_entities
from .spans import date_parts

# [3], [2, 5], [2-4] — with the spaces before it, which go when the marker goes.
MARKER = re.compile(r"[ \t]*\[\s*(\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\s*\]")
# Markers, complete or still being written, and nothing else: a sentence of these has not begun.
ONLY_MARKERS = re.compile(r"(?:\s*\[[\d\s,;–-]*\]?)*\s*")
LEADING_MARKERS = re.compile(r"(?:\s*\[\s*\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*\s*\])+")
NOT_IN_SOURCES = re.compile(
    r"\b(sources|passages|articles)\s+(do|does)\s*(not|n['’]t)\s+(answer|say|mention|cover|contain|address|"
    r"specify|state)|\bnot\s+(in|covered by|mentioned in|answered by)\s+the\s+(sources|passages)\b|"
    r"\bno\s+(information|mention)\b", re.IGNORECASE)
DISAGREES = re.compile(r"\bsources\s+(disagree|differ|conflict|contradict)", re.IGNORECASE)
# A lead-in that frames what follows rather than stating it: "The sources disagree:",
# "Sources differ —". Its words are not the claim's.
FRAMING = re.compile(r"^\s*(?:the\s+)?(?:sources|passages|articles|reports)\s+(?:disagree|differ|conflict|"
                     r"contradict)\w*(?:\s+on\s+this)?\s*(?:[:;,.—–-]+\s*|$)", re.IGNORECASE)
# A clause of fewer words names its source rather than stating something ("According to
# [1]", "Reuters reports [2]"): it joins the clause after it.
CLAUSE_MIN_WORDS = 3
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# Words that say how rather than what (verbs, auxiliaries, adverbs), and function words: a
# claim's wording, judged by closeness in meaning, not looked for word by word ("runs for
# 20 years" is what "a 20-year treaty" says). A negation among them still counts (rule 2).
HOW = FUNCTION_POS | {"VERB", "ADV"}
# The lower-case words an entity of a claim starts with are the claim's wording, not its
# point: the recogniser reads "lasts for the last 20 years" as "last 20 years", "about 5
# billion" as one amount; what a sentence must mention is "20 years", "5 billion".
LEAD_IN = re.compile(r"^(?:[a-z][\w'’-]*\s+)+")


def marker_numbers(inside: str) -> list[int]:
    """The numbers a marker names: "2, 5" → [2, 5]; "2-4" → [2, 3, 4]."""
    numbers: list[int] = []
    for part in re.split(r"[,;]", inside):
        bounds = [int(n) for n in re.findall(r"\d+", part)]
        if len(bounds) == 2 and 0 <= bounds[1] - bounds[0] < 20:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return numbers


# --- claims in a reply ---------------------------------------------------------------

def reply_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a reply: Punkt's sentences within each line, with
    the markers that open a sentence given to the one before ("…20 years. [1][2] It…"); a
    last sentence of markers alone, or of a marker still being written, is the previous
    one's too."""
    spans: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        for start, end in sentence_spans(line) if line.strip() else []:
            start, end = line_start + start, line_start + end
            opening = LEADING_MARKERS.match(text, start, end)
            if spans and opening is not None:
                spans[-1] = (spans[-1][0], opening.end())
                start = opening.end()
            if spans and ONLY_MARKERS.fullmatch(text, start, end):
                spans[-1] = (spans[-1][0], start + len(text[start:end].rstrip()))
                continue
            stripped = text[start:end].strip()
            if stripped:  # the space around a sentence is between sentences, not in one
                start = text.index(stripped, start)
                spans.append((start, start + len(stripped)))
        line_start += len(line) + 1
    return spans


@dataclass
class Clause:
    """A claim, or a stretch of a reply's sentence that states nothing (a lead-in, a remark),
    as written: `text` with its markers, `groups` their places in it as (start, end,
    passage numbers named)."""

    text: str
    groups: list[tuple[int, int, list[int]]] = field(default_factory=list)

    @property
    def bare(self) -> str:
        """The text without its markers (nor the comma or dash that joined it to the last)."""
        return MARKER.sub("", self.text).strip().lstrip(",;:—–- \t")

    @property
    def cited(self) -> list[int]:
        return list(dict.fromkeys(n for _, _, numbers in self.groups for n in numbers))

    @property
    def claim(self) -> str:
        """What it states: the bare text without a framing lead-in; "" when it states
        nothing of the sources' content (a lead-in alone, or a remark)."""
        bare = FRAMING.sub("", self.bare, count=1).strip()
        lead_in = not self.groups and bare.endswith(":")  # "The answer is:", "Here is what they say:"
        return "" if self.remark or lead_in or not content_terms(bare) else bare

    @property
    def remark(self) -> bool:
        """Whether it says, citing nothing, that the sources do not cover something. Citing
        a passage, "no mention of arms transfers [1]" is a claim about what that passage says."""
        return not self.groups and bool(NOT_IN_SOURCES.search(self.bare))


def clauses(sentence: str) -> list[Clause]:
    """The clauses of a reply's sentence (see the module's docstring)."""
    found = list(MARKER.finditer(sentence))
    cuts = []
    for i, m in enumerate(found):
        following = sentence[m.end():found[i + 1].start() if i + 1 < len(found) else len(sentence)]
        if words(following):  # a run "[1][2]" is one place; a clause ends after it
            cuts.append(m.end())
    pieces = [sentence[a:b] for a, b in zip([0, *cuts], [*cuts, len(sentence)])]
    if len(pieces) > 1 and not MARKER.search(pieces[-1]):  # words after the last marker
        pieces[-2:] = [pieces[-2] + pieces[-1]]
    merged: list[str] = []
    carry = ""
    for piece in pieces:
        text = carry + piece
        if len(words(FRAMING.sub("", MARKER.sub("", text), count=1))) < CLAUSE_MIN_WORDS:
            carry = text
        else:
            merged.append(text)
            carry = ""
    if carry:
        if merged:
            merged[-1] += carry
        else:
            merged.append(carry)
    result = []
    for text in merged:
        groups = [(m.start(), m.end(), marker_numbers(m.group(1))) for m in MARKER.finditer(text)]
        result.append(Clause(text, groups))
    return result


# --- support -------------------------------------------------------------------------

@dataclass
class Support:
    """The quotes supporting one claim: (the cited passage's number, or None when the
    sentence stands in a passage the claim did not cite, i.e. reattributed; the sentence)."""

    quotes: list[tuple[int | None, Sentence]] = field(default_factory=list)

    @property
    def reattributed(self) -> bool:
        return any(n is None for n, _ in self.quotes)


def dated(entity: str, sentence: Sentence) -> bool:
    """Whether the sentence states the date `entity` gives (year, month, day, as far as it
    gives them), a year it leaves out being its article's (module docstring, rule 1)."""
    wanted = date_parts(entity)
    if "year" not in wanted or len(wanted) < 2:
        return False  # a bare year or a date without one: mentioned() reads it
    given = date_parts(sentence.text)
    article = YEAR.search(sentence.passage.chunk.date or "")
    if "year" not in given and article is not None:
        given["year"] = int(article.group(1))
    return all(given.get(k) == v for k, v in wanted.items())


class ClaimCheck:
    """Finds the sentences of the retrieved passages that support a claim (see the
    module's docstring), and tells whether the supported claims answer the question."""

    def __init__(self, embed_query: Callable[[str], list[float]], embed: SentenceEmbeddings):
        self.embed_query = embed_query
        self.embed = embed

    def support(self, claim: str, cited: list[int], passages: list[Passage], question: str = "") -> Support:
        """The quotes for `claim`, which cites `cited` (numbers of `passages`, from 1): for
        each cited passage that supports it, its closest supporting sentence; else the
        closest supporting sentence of any passage (reattributed); else none. A claim that
        leans on the `question` it answers ("It lasts 20 years", "20 years") is read with
        it, as a follow-up is read with the conversation (conversation.leans_on_conversation),
        the question's words weighing less than the claim's own (evidence.EARLIER)."""
        from .. import nlp

        sentences = candidate_sentences(passages)  # fresh: scores are per claim
        if not sentences:
            return Support()
        doc = nlp.parse(claim)
        context = question if question and leans_on_conversation(doc) else ""
        part = Part(claim, None, tuple(LEAD_IN.sub("", e) for e in point_entities(doc)), context=context)
        vector = self.embed_query(" ".join(filter(None, [context, claim])))
        scored = score(sentences, part, vector, self.embed, frozenset(t.lower_ for t in doc if t.pos_ in HOW))
        figures = tuple(e for e in part.entities if SPECIFIC_DATE.search(e))
        point = figures + specific(tuple(e for e in part.entities if e not in figures), sentences)
        # Polarity is read on all the claim's words, its verbs too: "Neither party may
        # assist an aggressor" and "shall not provide … assistance to the aggressor" agree.
        said = list(dict.fromkeys(content_terms(claim)))
        terms = set(said) | scored.informative
        asked = scored.asked + [t for t in said if t not in scored.asked]
        negative = negates(claim, terms, asked)
        supporting = sorted((s for s in sentences
                             if all(mentioned(e, s) or dated(e, s) for e in point)
                             and negates(s.text, terms, asked) == negative and close_enough(scored, [s])),
                            key=lambda s: -s.dense)
        number = {id(p): n for n, p in enumerate(passages, 1)}
        quotes: list[tuple[int | None, Sentence]] = []
        for n in cited:
            best = next((s for s in supporting if n in _places(s, number)), None)
            if best is not None:
                quotes.append((n, best))
        if not quotes and supporting:
            quotes.append((None, supporting[0]))
        return Support(quotes)

    def verdict(self, question: Question, vector: list[float], passages: list[Passage],
                quoted: list[Sentence]) -> Verdict:
        """What the quotes of the supported claims say about each part of `question`
        (`vector`: its query's embedding): whether they mention its specific point (its
        names, numbers and dates, evidence.specific), as the sentences the extractive
        answerer quotes must, and answer it (`answers`); and whether they oppose each other
        on it (decide.opposed, the extractive answerer's test)."""
        keys = {(s.source, s.start) for s in quoted}
        verdict = Verdict()
        for part in question.parts:
            # Each part of a question of several is embedded alone, as the extractive answerer does.
            if len(question.parts) > 1:
                vector = self.embed_query(" ".join(filter(None, [part.context, part.text])))
            sentences = candidate_sentences(passages)
            scored = score(sentences, part, vector, self.embed, question.ignored)
            mine = [s for s in sentences if (s.source, s.start) in keys]
            verdict.unmentioned.extend(e for e in specific(part.entities, sentences)
                                       if not any(mentioned(e, s) for s in mine))
            holding = [s for s in mine if s.covers()]
            verdict.answered += bool(holding) and answers(scored, holding)
            verdict.opposed = verdict.opposed or opposed(mine, part)
        return verdict


def answers(scored: Scored, quotes: list[Sentence]) -> bool:
    """Whether quotes that hold a question's point answer it, by decide.py's test (the
    closest in meaning outweighs the share of the question left unheld, and the best is
    relevant at all) with one difference: what counts as unheld is what no retrieved
    sentence holds ("cryptocurrency mining quotas"), not what the quotes leave out. The
    quotes were chosen for the claims, in the model's words, not for the question's: "a
    20-year agreement" answers "how long does the treaty last?" without "treaty" or "last".
    Nor is the kind of answer asked for looked for in them: rule 1 checked that they state
    the claims' figures and names."""
    unheld = replace(scored, typed=False).missing_share()
    return max(s.dense for s in quotes) - unheld >= MARGIN and max(s.score for s in quotes) >= SCORE_FLOOR


@dataclass
class Verdict:
    """What the quotes of a reply's supported claims say about the question."""

    answered: int = 0  # parts of the question the quotes answer
    unmentioned: list[str] = field(default_factory=list)  # the question's point no quote mentions
    opposed: bool = False  # the quotes say opposite things on a part's point

    @property
    def answers(self) -> bool:
        return self.answered > 0 and not self.unmentioned


def _places(sentence: Sentence, number: dict[int, int]) -> set[int]:
    """The numbers of the passages a sentence stands in (copies included)."""
    return {number[id(sentence.passage)]} | {number[id(c.passage)] for c in sentence.copies}
