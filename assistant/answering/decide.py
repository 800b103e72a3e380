"""Deciding, for one part of a question: answer, refuse, or show a disagreement.

A sentence can answer only if it holds the question's specific point — every named
entity, number and date the question names is mentioned where the sentence stands
(evidence.mentioned) — and, when the question asks for a kind of answer (a person, a
place, a date, a duration, an amount), an answer span of that kind (spans.py), and does not
give the question's names other roles (roles.py: missiles "to Russia" for missiles "to
Iran"; the parliament approving what the question says the Guardian Council approved).
Asked for a date in a unit ("on what day"), sentences giving one answer first. Among those
sentences, the question is answered when

- the closest of them in meaning outweighs the share of the question that none of them
  holds (its informative words, and the kind of answer it asks for): "cooperation on space
  exploration" is answered by nothing, however on-topic its other words, and "drones for
  Belarus" by nothing either when the one sentence naming Belarus says nothing of drones; and
- the best sentence is relevant at all (SCORE_FLOOR).

Otherwise the sources do not answer, and the refusal says why: what no source mentions
("Venezuela"), or that the sources speak of the subject but give no answer of the kind
asked ("no date"), with the nearest sentence offered.

The best sentence is quoted with the few others that corroborate it. The sources disagree
when, on the same point, one says no where another says yes (a yes/no question), or when
they give different figures or dates (spans.differ): then the best sentence of the other
side is quoted too, and both are shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .evidence import Scored, Sentence, same_point, where_it_stands
from .question import DATE_SHAPE, Part
from ..text import content_terms, fold, same_stem
from .roles import another_in_series, attributed_elsewhere, in_series, other_people, someone_else, swaps_roles
from .spans import comparable, differ, fine_enough

MARGIN = 0.0  # closest cosine less the missing share must reach this (see the module's docstring)
SCORE_FLOOR = 0.5  # the best sentence's score (cosine plus coverage) below which nothing is relevant
MAX_SENTENCES = 3  # quoted for one part, the other side of a disagreement included
# Further sentences must corroborate the best one: score this share of its score and
# hold this share of the informative words it holds (and an answer span, if one is asked).
KEEP_RATIO = 0.85
SAME_SOURCE_RATIO = 0.92  # a second sentence from the same source must be closer still
CORROBORATE = 0.8
# The other side of a disagreement may be less relevant, but must be about the same
# thing: share a phrase of the question with the best sentence, or enough of its words.
OPPOSITE_RATIO = 0.6
OPPOSITE_COVERAGE = 0.6


@dataclass
class Decision:
    """What to say for one part: the sentences to quote (best first), whether they
    disagree, or why nothing answers (`refusal`, with the `nearby` sentence offered)."""

    part: Part
    chosen: list[Sentence] = field(default_factory=list)
    disagreement: bool = False
    refusal: str | None = None
    nearby: Sentence | None = None

    @property
    def answered(self) -> bool:
        return bool(self.chosen)


def decide(scored: Scored, part: Part) -> Decision:
    sentences = sorted(scored.sentences, key=lambda s: -s.score)
    if not sentences:
        return Decision(part, refusal="nothing in the sources is close to it")
    typed = part.answer_type is not None and not part.yes_no
    eligible = [s for s in sentences if s.recognised and s.covers() and (s.shaped or not typed)
                and states_the_object(s, part) and not swaps_roles(part.text, s.text, part.entities)
                and not someone_else(s.text, part.agent) and not attributed_elsewhere(s.text, part.according_to)
                and other_people(part.peoples, s.text) is None
                and another_in_series(part.series, where_it_stands(s)) is None]
    if not eligible or _of_another_in_series(sentences, eligible, part):
        return Decision(part, refusal=_why_not(sentences, part), nearby=_nearby(sentences))
    # Asked for a date in a unit ("on what day"), a date naming it answers before one that
    # does not ("last week"); when no source names it, the nearest date given is the answer.
    if typed and part.answer_type.shape is DATE_SHAPE:
        eligible = [s for s in eligible if fine_enough(s.spans[0].text, part.noun)] or eligible
    # Judged on the sentences that hold the point: what they leave out of the question is
    # what the sources do not say about it ("drones … to Belarus": Belarus is mentioned,
    # but nowhere with drones supplied).
    if not close_enough(scored, eligible):
        return Decision(part, refusal="nothing in the sources is close to it", nearby=_nearby(sentences))
    chosen = corroborating(eligible, part)
    other = other_side(eligible, chosen, part, scored.topic)
    if other is not None:
        chosen = chosen[:MAX_SENTENCES - 1] + [other]
    return Decision(part, chosen, disagreement=opposed(chosen, part))


def _of_another_in_series(sentences: list[Sentence], eligible: list[Sentence], part: Part) -> bool:
    """Whether the best evidence tells of another of the series the question tells its noun
    apart in ("the 3rd meeting" for "the second meeting"): the best sentence holding the
    point does, and no sentence that could answer names the place asked. What could answer
    then is less about the question than what speaks of another meeting."""
    if not part.series:
        return False
    covering = next((s for s in sentences if s.recognised and s.covers()), None)
    return (covering is not None and covering not in eligible
            and another_in_series(part.series, where_it_stands(covering)) is not None
            and not any(in_series(part.series, where_it_stands(s)) for s in eligible))


def close_enough(scored: Scored, among: list[Sentence]) -> bool:
    """Whether the sentences `among` say what `scored` asks (see the module's docstring):
    the closest of them in meaning outweighs the share of it that none of them holds
    (MARGIN), and the best of them is relevant at all (SCORE_FLOOR). decide() asks it of
    the sentences that hold a question's point; the generated answerer asks it of each
    sentence that might support a claim (answering/claims.py)."""
    if not among:
        return False
    closest = max(s.dense for s in among)
    return closest - scored.missing_share(among) >= MARGIN and max(s.score for s in among) >= SCORE_FLOOR


def states_the_object(sentence: Sentence, part: Part) -> bool:
    """Whether a sentence speaks of what a yes/no question asks about (Part.objects): a
    yes or no about Iran's drones for Belarus is not read from a sentence that names
    Belarus but no drones. A word counts held by its stem or a synonym (evidence.py)."""
    return all(holds_one_of(sentence, group) for group in part.objects)


def holds_one_of(sentence: Sentence, words: tuple[str, ...]) -> bool:
    """Whether the sentence holds one of `words`, by its stem or a synonym."""
    return any(set(content_terms(word)) & sentence.holds for word in words)


def _nearby(sentences: list[Sentence]) -> Sentence | None:
    """The sentence to offer when nothing answers: the best that is not a headline."""
    return next((s for s in sentences if not s.headline), sentences[0] if sentences else None)


def _why_not(sentences: list[Sentence], part: Part) -> str:
    recognised = [s for s in sentences if s.recognised]
    covering = [s for s in recognised if s.covers()]
    if any(swaps_roles(part.text, s.text, part.entities) for s in covering[:1]):
        return "the sources tell of it the other way round"
    if part.agent is not None and any(someone_else(s.text, part.agent) for s in covering[:1]):
        return f"the sources tell of it done by another, not {part.agent[1]}"
    if covering and (other := other_people(part.peoples, covering[0].text)) is not None:
        return f"the sources tell of {other}"
    if covering and (other := another_in_series(part.series, where_it_stands(covering[0]))) is not None:
        return f"the sources tell of the {other}"
    if covering and part.answer_type is not None:
        return f"the sources speak of it but give no {part.answer_type.name}"
    missing = [e for e in part.entities if all(e in s.missing for s in recognised)]
    if missing:
        return "none of them mentions " + " or ".join(missing)
    if part.entities:
        return "no passage mentions all of " + ", ".join(part.entities)
    unheld = [" ".join(group) for group in part.objects if not any(holds_one_of(s, group) for s in recognised)]
    return "none of them speaks of " + " or ".join(unheld) if unheld else "nothing in the sources is close to it"


def corroborating(eligible: list[Sentence], part: Part) -> list[Sentence]:
    """The best sentence, then those that corroborate it. For a question asking for a
    kind of answer, every other source giving the same answer on the same point is cited
    for it (as relevant as the other side of a disagreement must be: OPPOSITE_RATIO). Else,
    sentences close in score holding most of its informative words; a second one from
    the same source must be closer still."""
    best = eligible[0]
    chosen = [best]
    typed = part.answer_type is not None and not part.yes_no
    for sentence in eligible[1:]:
        if len(chosen) == MAX_SENTENCES:
            break
        same_source = any(c.source == sentence.source for c in chosen)
        if typed and part.distributive:  # "when did each…": every answer on the point, agreeing or not
            if (sentence.shaped and same_point(best, sentence) and sentence.coverage >= best.coverage * OPPOSITE_COVERAGE
                    and sentence.relevance >= best.relevance * OPPOSITE_RATIO):
                chosen.append(sentence)
        elif typed:
            if (not same_source and agrees(sentence, best, part) and same_point(best, sentence)
                    and sentence.relevance >= best.relevance * OPPOSITE_RATIO
                    and sentence.coverage >= best.coverage * CORROBORATE):
                chosen.append(sentence)
        elif (sentence.score >= best.score * (SAME_SOURCE_RATIO if same_source else KEEP_RATIO)
                and sentence.coverage >= best.coverage * CORROBORATE
                # a yes or a no is corroborated by another on the same point, saying the same
                and (not part.yes_no or (sentence.negative == best.negative and same_point(best, sentence)))):
            chosen.append(sentence)
    return chosen


def agrees(sentence: Sentence, best: Sentence, part: Part) -> bool:
    """Whether a sentence gives the best sentence's answer: the same figure or date, or,
    for names, the best one's first name among its own."""
    if not sentence.spans or not best.spans:
        return False
    ours, theirs = best.spans[0].stated, sentence.spans[0].stated
    if part.answer_type.name in ("amount", "duration", "date"):
        return not differ(ours, theirs, part.answer_type) and (fold(ours) == fold(theirs) or comparable(
            ours, theirs, part.answer_type))
    return any(fold(ours) == fold(span.text) for span in sentence.spans)


def other_side(eligible: list[Sentence], chosen: list[Sentence], part: Part,
               topic: frozenset[str] = frozenset()) -> Sentence | None:
    """The best sentence on the same point that says the opposite of the chosen ones:
    the other polarity for a yes/no question, a different figure or date for one that
    asks for an amount, a duration or a date. None when they agree. `topic`: the words of
    what every passage is about (Scored.topic), which tell no two facts apart."""
    best = chosen[0]
    if opposed(chosen, part) or not (part.yes_no or part.answer_type is not None):
        return None
    # The noun asked ("turnover") both figures answer, whatever a table heads it ("Total
    # trade"); the topic's names tell nothing apart either.
    telling = _telling(best.held, topic | frozenset(content_terms(part.noun or "")))
    names = topic | {t for entity in part.entities for t in content_terms(entity)}
    for sentence in eligible:
        if sentence in chosen or not opposed([best, sentence], part):
            continue
        # A different figure or date disagrees only when it is of the same thing: the other
        # sentence holds every informative word of the question the best one holds (the
        # "eastern" branch's 31 days and the "trans-Caspian" branch's 28 are two facts).
        # A yes or a no, which any sentence on the subject may give, is on the same thing when
        # it shares a phrase of the question with the best one, or most of its coverage.
        # Asked whether the sources agree, another source's side is its own best answer to the
        # question, in whatever words it puts it ("first gas" for "deliveries begin"), if it
        # speaks of what is asked at all: a word of the question besides its names and figures
        # (a spreadsheet's "2024, Russia to Iran, Other, 1095" row is no total of trade).
        its_answer = part.compare and sentence.source != best.source and sentence is next(
            s for s in eligible if s.source == sentence.source) and _telling(sentence.held, names)
        same_thing = (sentence.phrases & best.phrases or sentence.coverage >= best.coverage * OPPOSITE_COVERAGE) \
            and not _silent_on(sentence, set(part.verbs) & best.held) if part.yes_no else telling <= sentence.held
        if sentence.relevance >= best.relevance * OPPOSITE_RATIO and (
                its_answer or same_thing and same_point(best, sentence)):
            return sentence
    return None


def _silent_on(sentence: Sentence, doing: set[str]) -> bool:
    """Whether a sentence says nothing of the `doing` a yes/no question asks about (stems of
    its verbs): it is a fragment with no verb of its own (a table's status cell, "agreement
    under negotiation") that does not name the doing either. Such a line says neither yes
    nor no to "has it been signed?". A sentence with a verb may say it in other words
    ("providing missiles" for "transferred missiles")."""
    # A noun made from the verb names it too ("Ratification by Iran: not yet" for "ratified",
    # "delivery" for "delivered"): the stems are compared as same_stem does.
    if all(any(same_stem(d, h) for h in sentence.holds) for d in doing):
        return False
    from .. import nlp

    return not any(t.pos_ in ("VERB", "AUX") for t in nlp.parse_sentence(sentence.text))


def _telling(held: frozenset[str], topic: frozenset[str]) -> frozenset[str]:
    """The held words and phrases that tell a fact apart: those with no word of `topic`
    ("exports", not "Iran" nor "exports to Iran" where every source is about Iran)."""
    return frozenset(t for t in held if not set(t.split()) & topic)


def opposed(sentences: list[Sentence], part: Part) -> bool:
    """Whether some of the sentences say the opposite of others on the same point: one
    says no where another says yes (a yes/no question), or their answer spans state
    different figures or dates (spans.differ). A question asking for each of several
    answers ("when did each country ratify it?") expects them to differ."""
    if part.distributive:
        return False
    if part.yes_no:
        return any(a.negative and not b.negative and same_point(a, b) for a in sentences for b in sentences)
    if part.answer_type is None:
        return False
    spans = [s.spans[0].stated for s in sentences if s.spans]
    return any(differ(a, b, part.answer_type) for a in spans for b in spans)
