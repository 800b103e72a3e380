"""The answer text, from the decisions for each part of a question.

    **20-year** [1][2][3]

    **Brussels Morning Newspaper**: On January 17, … signed a 20-year strategic
    partnership treaty, enhancing defence cooperation. [1]
    **Russia and Iran Forge 20-Year Defence Pact…, 2025-01-18**: … [2]

The direct answer comes first, in the words of the cited sentences (their answer spans,
or "Yes"/"No" read from their polarity), then the quotes that support it, each under the
label readers know its article by (Citation.label). A disagreement is shown side by side
("Yes [1] — but … says: no mention of arms transfers [2]"). Quoted text is Markdown-escaped
(assistant/markup.py), so a source's own "[7]" is never taken for a marker. A part that
nothing answers says so, and why; when no part is answered, the answer is "the sources do
not answer", with the reason and the nearest sentence in the note.
"""
from __future__ import annotations

from ..markup import escape
from ..schema import DISAGREEMENT, NOT_FOUND, Answer, Citation
from .decide import Decision
from ..text import content_terms
from .evidence import CLAUSE_BREAK, Sentence, as_asked, says_no
from .question import NAMED, Question
from .spans import Span

TEXT_BUDGET = 1000  # characters of answer text: readable at a glance (the scorer's limit is 1,200)
SPANS_SHOWN = 3  # names in one direct answer ("A, B and C")


class Citations:
    """The answer's citations, numbered in order of first use; a sentence cited twice keeps
    its number, and a sentence several sources share is cited from each."""

    def __init__(self):
        self.list: list[Citation] = []
        self.numbers: dict[tuple[str, int], int] = {}

    def of(self, sentence: Sentence, reattributed: bool = False) -> list[int]:
        """The numbers citing `sentence` (and each copy of it); `reattributed` marks a new
        citation as supporting a generated claim that cited another passage."""
        places = [(sentence.passage, sentence.start, sentence.end)] + \
                 [(c.passage, c.start, c.end) for c in sentence.copies]
        numbers = []
        for passage, start, end in places:
            key = (passage.source, start)
            if key not in self.numbers:
                self.numbers[key] = len(self.list) + 1
                self.list.append(Citation.of(self.numbers[key], passage.chunk, sentence.text, start, end,
                                             header=sentence.header, reattributed=reattributed))
            numbers.append(self.numbers[key])
        return numbers

    def labels(self, numbers: list[int]) -> str:
        return "; ".join(dict.fromkeys(self.list[n - 1].label for n in numbers))


def markers(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def direct_answer(decision: Decision, cite: Citations) -> str | None:
    """The answer itself, in the cited sentences' words, with markers; None for a question
    that asks for no particular kind of answer (the quotes are the answer)."""
    chosen, part = decision.chosen, decision.part
    best = chosen[0]
    if part.yes_no:
        verdict = "No" if best.negative else "Yes"
        line = f"**{verdict}** {markers(cite.of(best))}"
        other = next((s for s in chosen if s.negative != best.negative), None) if decision.disagreement else None
        if other is not None:
            numbers = cite.of(other)
            line += f" — but {escape(cite.labels(numbers))} says: {escape(_clause(other))} {markers(numbers)}"
        return line
    if part.answer_type is None or not best.spans or not part.english:
        return None
    if decision.disagreement:
        sides = [f"**{escape(shown(s.spans[0]))}** {markers(cite.of(s))}" for s in chosen if s.spans]
        return "The sources differ: " + "; ".join(sides)
    if part.answer_type.name in NAMED:
        # The names the chosen sentences give, those most of them give first: sentences that
        # agree on one name often name the others the question asks for ("who signed").
        counts: dict[str, int] = {}
        for sentence in chosen:
            for span in dict.fromkeys(s.text for s in sentence.spans):
                counts[span] = counts.get(span, 0) + 1
        names = sorted(counts, key=lambda n: -counts[n])[:SPANS_SHOWN]
        numbers = [n for s in chosen if s.spans for n in cite.of(s)]
        return f"**{escape(_join(names))}** {markers(list(dict.fromkeys(numbers)))}"
    groups: dict[str, list[int]] = {}
    for sentence in chosen:
        if sentence.spans:
            groups.setdefault(shown(sentence.spans[0]), []).extend(cite.of(sentence))
    return "; ".join(f"**{escape(text)}** {markers(numbers)}" for text, numbers in groups.items())


def shown(span: Span) -> str:
    """An answer span as the direct answer shows it: single-spaced (a PDF's layout spaces
    out "USD  455  million"), a table cell with its column's unit ("312.4 (usd million)")."""
    text = " ".join(span.text.split())
    return f"{text} ({span.unit})" if span.unit else text


def _clause(sentence: Sentence) -> str:
    """The part of a sentence that speaks to the question: its clause holding the most of
    the question's words, of the sentence's polarity (the clause that says no, in a sentence
    that does); the whole sentence when it has one clause, or when it holds the question's
    words only through the claim it answers ("refutes these claims")."""
    clauses = [c.strip() for c in CLAUSE_BREAK.split(sentence.text) if c.strip()]
    if len(clauses) <= 1:
        return sentence.text
    held = {t for t in sentence.held if " " not in t}
    asked = sorted(held)

    def overlap(clause: str) -> int:
        return len(set(as_asked(content_terms(clause), asked)) & held)

    best = max(clauses, key=lambda c: (says_no(c) == sentence.negative, overlap(c)))
    return best if overlap(best) else sentence.text


def quote(sentence: Sentence, cite: Citations) -> str:
    numbers = cite.of(sentence)
    text = escape(sentence.text)
    if sentence.header:
        text += f" (columns: {escape(sentence.header)})"
    return f"**{escape(cite.labels(numbers))}**: {text} {markers(numbers)}"


def compose(question: Question, decisions: list[Decision], mode: str = "extractive") -> Answer:
    """The Answer for `decisions` (one per part of `question`)."""
    answered = [d for d in decisions if d.answered]
    if not answered:
        return refusal(question, decisions, mode)
    cite = Citations()
    blocks: list[str] = []
    used = 0
    shown: set[tuple[str, int]] = set()  # sentences quoted already, for an earlier part
    for decision in decisions:
        if not decision.answered:
            blocks.append(f"The sources do not answer “{escape(decision.part.text)}”: {decision.refusal}.")
            continue
        lines = []
        if (line := direct_answer(decision, cite)) is not None:
            lines.append(line)
        quotes = []
        for sentence in decision.chosen:
            if (sentence.source, sentence.start) in shown or (quotes and used + len(sentence.text) > TEXT_BUDGET):
                continue
            quotes.append(quote(sentence, cite))
            shown.add((sentence.source, sentence.start))
            used += len(sentence.text)
        blocks.append("\n\n".join(lines + (["\n".join(quotes)] if quotes else [])))
    disagreement = any(d.disagreement for d in answered)
    note = "; ".join(filter(None, [DISAGREEMENT if disagreement else None, question.note]))
    return Answer(question=question.asked, text="\n\n".join(blocks), citations=cite.list, found=True,
                  mode=mode, note=note or None, disagreement=disagreement)


def refusal(question: Question, decisions: list[Decision], mode: str = "extractive") -> Answer:
    """"The sources do not answer", with why, and the nearest sentence offered in the note."""
    reasons = list(dict.fromkeys(d.refusal for d in decisions if d.refusal))
    text = NOT_FOUND + (f" ({'; '.join(reasons)}.)" if reasons else "")
    nearby = next((d.nearby for d in decisions if d.nearby is not None), None)
    notes = [question.note]
    if nearby is not None:
        label = Citation.of(0, nearby.passage.chunk, nearby.text, nearby.start, nearby.end).label
        notes.append(f"nearest passage: {label}: “{nearby.text}”")
    return Answer(question=question.asked, text=text, citations=[], found=False, mode=mode,
                  note="; ".join(filter(None, notes)) or None)


def not_found(question: str, mode: str = "extractive", note: str | None = None) -> Answer:
    """The plain "the sources do not answer", with no reason given."""
    return Answer(question=question, text=NOT_FOUND, citations=[], found=False, mode=mode, note=note)
