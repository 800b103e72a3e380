"""The offline answerer: picks the few sentences of the retrieved passages that answer the
question, quotes them with [n] markers grouped by source, says when sources disagree,
and says plainly when nothing answers.

Each candidate sentence is scored by meaning (cosine of its embedding with the question's)
plus a lexical bonus for the question's informative words (those rare among the
candidates, weighted by inverse frequency). A question is answered only when some
sentence is close in meaning, or close enough while sharing the question's informative
words; otherwise the sources do not cover it.
"""
from __future__ import annotations

import math
import re
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from ..schema import Answer, Citation, Passage
from ..text import content_terms, sentence_spans, words

MAX_QUOTE = 360  # characters: a citation pinpoints a sentence, never a whole chunk
TEXT_BUDGET = 1000  # characters of answer text: readable at a glance
MAX_SENTENCES = 4
LEXICAL_WEIGHT = 0.35
# Abstention: answer when the best sentence is this close in meaning...
CONFIDENT = 0.55
# ...or at least this close while covering this share of the question's informative words.
PLAUSIBLE = 0.30
COVERAGE = 0.5
KEEP_RATIO = 0.78  # further sentences must score this share of the best one
NEGATION = re.compile(
    r"\b(no|not|never|neither|nor|without|lacks?|lacking|den(?:y|ies|ied)|refutes?|rejects?|"
    r"none|absence)\b|n['’]t\b", re.I)
NOT_FOUND = "The sources do not answer this question."


@dataclass
class Sentence:
    text: str
    start: int
    end: int
    passage: Passage
    score: float = 0.0
    dense: float = 0.0
    coverage: float = 0.0

    @property
    def source(self) -> str:
        return self.passage.source

    @property
    def negative(self) -> bool:
        return bool(NEGATION.search(self.text))


def candidate_sentences(passages: list[Passage]) -> list[Sentence]:
    """Every quotable sentence of the passages, with offsets into the original file."""
    found, seen = [], set()
    for passage in passages:
        chunk, cursor = passage.chunk, 0
        for start, end in chunk.spans:
            block = chunk.text[cursor:cursor + end - start]
            for s, e in sentence_spans(block):
                text = block[s:e]
                if len(text) > MAX_QUOTE:  # a run-on sentence: quote its opening words
                    e = s + len(text[:MAX_QUOTE].rsplit(" ", 1)[0].rstrip(",;:"))
                    text = block[s:e]
                if len(words(text)) < 4 or text.rstrip().endswith("?") or text in seen:
                    continue
                seen.add(text)
                found.append(Sentence(text, start + s, start + e, passage))
            cursor += end - start + 1
    return found


class SentenceEmbeddings:
    """Sentence vectors, cached: the same passages come back for many questions."""

    def __init__(self, model, size: int = 20000):
        self.model = model
        self.size = size
        self.cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def __call__(self, texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if todo:
            for text, vector in zip(todo, self.model.get_text_embedding_batch(todo)):
                self.cache[text] = np.asarray(vector, dtype=np.float32)
        for text in texts:
            self.cache.move_to_end(text)
        while len(self.cache) > self.size:
            self.cache.popitem(last=False)
        return np.stack([self.cache[t] for t in texts])


def score(sentences: list[Sentence], query: str, query_vector, embed: SentenceEmbeddings) -> None:
    terms = list(dict.fromkeys(content_terms(query)))
    bags = [set(content_terms(s.text)) for s in sentences]
    n = len(sentences)
    weight = {t: math.log(1 + n / (1 + sum(t in bag for bag in bags))) for t in terms}
    # A word found in no candidate still counts against coverage (it may be the point).
    total = sum(weight.values()) or 1.0
    dense = embed([s.text for s in sentences]) @ np.asarray(query_vector, dtype=np.float32)
    for sentence, bag, cosine in zip(sentences, bags, dense):
        sentence.dense = float(cosine)
        sentence.coverage = sum(w for t, w in weight.items() if t in bag) / total
        sentence.score = sentence.dense + LEXICAL_WEIGHT * sentence.coverage


def answers(best: Sentence) -> bool:
    return best.dense >= CONFIDENT or (best.dense >= PLAUSIBLE and best.coverage >= COVERAGE)


def choose(sentences: list[Sentence]) -> list[Sentence]:
    """The best sentence, then others close to it in score, preferring new sources, and
    the best of the opposite polarity so a disagreement is shown, not settled."""
    ranked = sorted(sentences, key=lambda s: -s.score)
    best = ranked[0]
    chosen = [best]
    for sentence in ranked[1:]:
        if len(chosen) == MAX_SENTENCES:
            break
        same_source = any(c.source == sentence.source for c in chosen)
        needed = best.score * (KEEP_RATIO + (0.1 if same_source else 0.0))
        if sentence.score >= needed and answers(sentence):
            chosen.append(sentence)
    if len({c.negative for c in chosen}) == 1:
        opposite = next((s for s in ranked if s.negative != best.negative and s not in chosen
                         and s.score >= best.score * (KEEP_RATIO - 0.08) and answers(s)), None)
        if opposite is not None:
            chosen[-1 if len(chosen) == MAX_SENTENCES else len(chosen):] = [opposite]
    return chosen


def compose(question: str, chosen: list[Sentence]) -> Answer:
    """Quotes grouped by source, in order of each source's best sentence."""
    groups: dict[str, list[Sentence]] = {}
    for sentence in chosen:
        groups.setdefault(sentence.source, []).append(sentence)
    citations, paragraphs, used = [], [], 0
    for source, group in groups.items():
        chunk = group[0].passage.chunk
        parts = []
        for sentence in sorted(group, key=lambda s: s.start):
            if used + len(sentence.text) > TEXT_BUDGET and citations:
                break
            n = len(citations) + 1
            citations.append(Citation(n=n, source=source, title=chunk.title, quote=sentence.text,
                                      start=sentence.start, end=sentence.end,
                                      publisher=chunk.publisher, date=chunk.date))
            parts.append(f"{sentence.text} [{n}]")
            used += len(sentence.text)
        if parts:
            label = source.rsplit("/", 1)[-1]
            paragraphs.append(f"**{label}**: " + " ".join(parts))
    cited = [c for c in chosen if any(q.quote == c.text for q in citations)]
    disagree = len({s.negative for s in cited}) > 1
    note = None
    if disagree:
        note = "The sources disagree; each side is cited."
        paragraphs.insert(0, "The sources disagree:")
    return Answer(question=question, text="\n\n".join(paragraphs), citations=citations, found=True,
                  mode="extractive", note=note, disagreement=disagree)


class ExtractiveAnswerer:
    def __init__(self, model):
        self.embed = SentenceEmbeddings(model)

    def answer(self, question: str, query: str, query_vector, passages: list[Passage]) -> Answer:
        sentences = candidate_sentences(passages)
        if sentences:
            score(sentences, query, query_vector, self.embed)
            best = max(sentences, key=lambda s: s.score)
            if answers(best):
                return compose(question, choose(sentences))
        return not_found(question)


def not_found(question: str, mode: str = "extractive", note: str | None = None) -> Answer:
    return Answer(question=question, text=NOT_FOUND, citations=[], found=False, mode=mode, note=note)
