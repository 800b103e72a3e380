"""The offline answerer: picks the few sentences of the retrieved passages that answer the
question, quotes them with [n] markers grouped by source, says when sources disagree,
and says plainly when nothing answers.

Each candidate sentence is scored by meaning (cosine of its embedding with the question's)
plus the share of the question's informative words it holds (words weighted by how rare
they are among the candidates; a sentence that refers back with "he", "they", "it"
borrows the words of the sentence before it at half weight), plus a bonus when it has
the kind of answer asked for (a duration for "how long", a date for "when"). Adjacent
pairs of the question's words count as phrases, so "ballistic missiles" beats "missile
systems"; titles and subheads rank below body sentences, which are better evidence.

The best sentence is quoted with the few others that corroborate it. For a yes/no
question each sentence's polarity is read from negation in its own clause ("no mention of
arms transfers"); when sentences on the same point differ, both sides are quoted and the
answer says the sources disagree.

A question is answered when the closest sentence in meaning outweighs the share of the
question that no candidate holds: its informative words ("defence" counts for "defend")
and the kind of answer it asks for. A question whose distinctive words appear in no
candidate ("cryptocurrency mining quotas") and that nothing matches closely in meaning
is one the sources do not answer.
"""
from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from ..chunking import quotable_sentences
from ..schema import DISAGREEMENT, NOT_FOUND, Answer, Citation, Passage
from ..text import content_terms, same_stem, words

TEXT_BUDGET = 1000  # characters of answer text: readable at a glance
MAX_SENTENCES = 3  # plus, for a yes/no question, the other side of a disagreement
LEXICAL_WEIGHT = 0.8
ANSWER_TYPE_BONUS = 0.2
HEADLINE_PENALTY = 0.2  # titles and subheads summarise; a body sentence is better evidence
CONTEXT_WEIGHT = 0.5  # words a sentence borrows from its paragraph when it refers back
EARLIER = 0.5  # the weight of a follow-up's words from earlier questions, at most, against its own
# Abstention: answer when the closest sentence's cosine with the question, less the share
# of the question's informative words (and answer kind) that no candidate holds, reaches
# MARGIN ("cryptocurrency mining quotas": the words are nowhere, nothing is close), and
# the best sentence scores at least SCORE_FLOOR.
MARGIN = 0.0
SCORE_FLOOR = 0.5
# Further sentences must corroborate the best one: score this share of its score and
# hold this share of the informative words it holds (and the answer shape, if asked).
KEEP_RATIO = 0.85
SAME_SOURCE_RATIO = 0.92  # a second sentence from the same source
CORROBORATE = 0.8
# The other side of a disagreement may be less relevant, but must be about the same
# thing: share a phrase of the question with the best sentence, or enough of its words.
OPPOSITE_RATIO = 0.6
OPPOSITE_COVERAGE = 0.6
REFERS_BACK = re.compile(r"\b(he|she|they|his|her|their|it|its|this|these)\b", re.I)

# Polarity. A sentence is negative about the question when a negation governs one of the
# question's informative words (in the same clause, a few words on), or when it denies a
# claim that names them ("an allegation Iran denies").
NEGATION = re.compile(r"^(no|not|never|neither|nor|without|lacks?|lacking|none|absence|n['’]t)$", re.I)
DENIAL = re.compile(r"\b(den(?:y|ies|ied)|refut(?:e|es|ed)|reject(?:s|ed)?|dismiss(?:es|ed)?)\b", re.I)
NEGATION_REACH = 6  # words
CLAUSE_BREAK = re.compile(r"[,;:—–()]")
YES_NO = re.compile(r"^(does|do|did|is|are|was|were|has|have|had|will|would|can|could|should|may|"
                    r"might|must)\b", re.I)

# What kind of answer the question wants, and what such an answer looks like.
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
          "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
ANSWER_TYPES = [
    (re.compile(r"^\s*how long\b|\bhow many (years|months|decades)\b|\bduration\b", re.I),
     re.compile(r"\b\d+[- ](year|month|week|day|decade)s?\b|\bdecades?\b|\b(years|months) long\b", re.I)),
    (re.compile(r"^\s*when\b|\b(what|which) (date|day|year|month)\b", re.I),
     re.compile(rf"\b({MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
                r"\b(19|20)\d\d\b|\b(last|next) (week|month|year)\b", re.I)),
    (re.compile(r"\bhow (much|many)\b|\bwhat (amount|number|share|percentage)\b", re.I),
     re.compile(r"\d|\b(hundred|thousand|million|billion|trillion|dozens?)\b", re.I)),
]
QUESTION_FORM = re.compile(r"\bhow (long|many|much|often|far|old)\b", re.I)  # asks, doesn't say


def expected_answer(question: str) -> re.Pattern | None:
    return next((shape for asks, shape in ANSWER_TYPES if asks.search(question)), None)


@dataclass
class Sentence:
    text: str
    start: int
    end: int
    passage: Passage
    context: str = ""  # the paragraph before it: what "he added" or "it" refers back to
    headline: bool = False  # from a title or subhead rather than a paragraph
    score: float = 0.0  # for ranking: relevance, less a penalty for headlines
    relevance: float = 0.0
    dense: float = 0.0
    coverage: float = 0.0
    negative: bool = False  # about the question's informative words
    shaped: bool = True  # has the kind of answer asked for (or none was asked for)
    held: frozenset[str] = frozenset()  # the question's informative words and phrases it holds
    vector: np.ndarray | None = None  # as the index stored it; None: embedded when scored
    header: str | None = None  # a table row's header row: its column names are the row's words too

    @property
    def own_words(self) -> str:
        """The words the sentence holds: a table row's include its header's ("2023 | 4.1" holds
        the "trade volume" of "Year | Trade volume (bn USD)")."""
        return f"{self.header}\n{self.text}" if self.header else self.text

    @property
    def phrases(self) -> frozenset[str]:
        return frozenset(t for t in self.held if " " in t)

    @property
    def source(self) -> str:
        return self.passage.source


def with_phrases(terms: list[str]) -> list[str]:
    """The terms and each adjacent pair of them ("ballist missil"), so that a sentence
    holding the question's phrase outranks one holding its words apart."""
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]


def negates(text: str, terms: set[str], asked: list[str]) -> bool:
    """Whether the sentence says no about any of `terms` (stemmed, as `asked` spells them)."""
    if DENIAL.search(text) and set(as_asked(content_terms(text), asked)) & terms:
        return True
    for clause in CLAUSE_BREAK.split(text):
        tokens = words(clause)
        for i, token in enumerate(tokens):
            if NEGATION.match(token) or token.lower().endswith(("n't", "n’t")):
                following = content_terms(" ".join(tokens[i + 1:i + 1 + NEGATION_REACH]))
                if set(as_asked(following, asked)) & terms:
                    return True
    return False


def candidate_sentences(passages: list[Passage]) -> list[Sentence]:
    """Every quotable sentence of the passages, with offsets into the original file, and
    its vector where the index stored one."""
    found, seen = [], set()
    for passage in passages:
        chunk = passage.chunk
        quotable = quotable_sentences(chunk)
        vectors = chunk.sentence_vectors
        if vectors is not None and len(vectors) != len(quotable):  # stored by another version
            vectors = None
        for i, q in enumerate(quotable):
            text = chunk.text[q.start:q.end]
            if text in seen:
                continue
            seen.add(text)
            found.append(Sentence(text, chunk.original_offset(q.start), chunk.original_offset(q.end), passage,
                                  chunk.text[q.paragraph:q.start], q.headline,
                                  vector=None if vectors is None else vectors[i], header=q.header))
    return found


class SentenceEmbeddings:
    """Sentence vectors: the index's where it stored them, else embedded now and cached
    (the same passages come back for many questions). Shared by the threads of a web or
    Slack server, hence the lock (held only around the cache)."""

    def __init__(self, model, size: int = 20000):
        self.model = model
        self.size = size
        self.cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self.lock = threading.Lock()

    def of(self, sentences: list[Sentence]) -> np.ndarray:
        todo = [s.text for s in sentences if s.vector is None]
        embedded = dict(zip(todo, self(todo))) if todo else {}
        return np.stack([s.vector if s.vector is not None else embedded[s.text] for s in sentences]
                        ).astype(np.float32)

    def __call__(self, texts: list[str]) -> np.ndarray:
        with self.lock:
            todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        fresh = dict(zip(todo, self.model.get_text_embedding_batch(todo))) if todo else {}
        with self.lock:
            for text, vector in fresh.items():
                self.cache[text] = np.asarray(vector, dtype=np.float32)
            found = {t: self.cache[t] for t in texts}
            for text in found:
                self.cache.move_to_end(text)
            while len(self.cache) > self.size:
                self.cache.popitem(last=False)
        return np.stack([found[t] for t in texts])


def as_asked(terms: list[str], asked: list[str]) -> list[str]:
    """The terms, each spelled as the question's word it is a form of ("defenc" as the
    question's "defend"), so that a form the stemmer left apart still counts as held."""
    return [next((a for a in asked if same_stem(t, a)), t) for t in terms]


def score(sentences: list[Sentence], question: str, query: str, query_vector,
          embed: SentenceEmbeddings) -> float:
    """Score every sentence for the question and mark the ones that say no to it.
    Returns the share of the question's informative words, and of the kind of answer it
    asks for (a duration, a date, a number), that no candidate holds."""
    words_asked = list(dict.fromkeys(content_terms(QUESTION_FORM.sub(" ", query))))
    terms = list(dict.fromkeys(with_phrases(words_asked)))
    # A follow-up's query is the conversation's questions joined to it: the words of the
    # question itself say what is asked now, the earlier ones only what it is about.
    own = set(as_asked(content_terms(question), words_asked))
    own |= {f"{a} {b}" for a, b in zip(words_asked, words_asked[1:]) if a in own and b in own}
    bags = [set(with_phrases(as_asked(content_terms(s.own_words), words_asked))) for s in sentences]
    borrowed = [set(with_phrases(as_asked(content_terms(s.context), words_asked)))
                if REFERS_BACK.search(s.text) else set() for s in sentences]
    n = len(sentences)
    df = {t: sum(t in bag for bag in bags) for t in terms}
    # BM25's inverse document frequency over the candidates: a word only one candidate
    # holds is probably the point; a word half of them hold tells them apart no better
    # than none, so it weighs nothing. A word found in no candidate still counts against
    # coverage (it may be the point); a phrase found in none is not one of these sources.
    def idf(count: int) -> float:
        return math.log(1 + (n - count + 0.5) / (count + 0.5))

    weight = {t: idf(df[t]) for t in terms if df[t] < n / 2 and (df[t] or t in words_asked)}
    # Together, the words a follow-up takes from earlier questions weigh at most EARLIER
    # times its own: they say what it is about, its own words what is asked now.
    own_weight = sum(w for t, w in weight.items() if t in own)
    earlier_weight = sum(w for t, w in weight.items() if t not in own)
    if own_weight and earlier_weight > EARLIER * own_weight:
        scale = EARLIER * own_weight / earlier_weight
        weight = {t: w if t in own else w * scale for t, w in weight.items()}
    total = sum(weight.values()) or 1.0
    informative = {t for t in words_asked if t in weight}
    shape = expected_answer(question)
    dense = embed.of(sentences) @ np.asarray(query_vector, dtype=np.float32)
    for sentence, bag, extra, cosine in zip(sentences, bags, borrowed, dense):
        sentence.dense = float(cosine)
        held = sum(w if t in bag else CONTEXT_WEIGHT * w if t in extra else 0.0 for t, w in weight.items())
        sentence.coverage = held / total
        sentence.held = frozenset(t for t in weight if t in bag)
        sentence.relevance = sentence.dense + LEXICAL_WEIGHT * sentence.coverage
        sentence.shaped = shape is None or bool(shape.search(sentence.text))
        if shape is not None and sentence.shaped:
            sentence.relevance += ANSWER_TYPE_BONUS
        sentence.score = sentence.relevance - (HEADLINE_PENALTY if sentence.headline else 0.0)
        sentence.negative = negates(sentence.text, informative, words_asked)
    asked = sum(weight[t] for t in informative)
    missing = sum(weight[t] for t in informative if df[t] == 0)
    if shape is not None:  # the kind of answer asked for is part of what is asked
        shaped = sum(s.shaped for s in sentences)
        asked += idf(shaped)
        missing += idf(shaped) if not shaped else 0.0
    return missing / (asked or 1.0)


def answerable(sentences: list[Sentence], missing: float) -> bool:
    """Whether the candidates answer the question at all: the closest sentence in meaning
    must outweigh the share of the question that no candidate holds (see `score`), and
    the best sentence must be relevant at all."""
    best = max(sentences, key=lambda s: s.score)
    closest = max(s.dense for s in sentences)
    return closest - missing >= MARGIN and best.score >= SCORE_FLOOR


def same_point(a: Sentence, b: Sentence) -> bool:
    """Whether two sentences speak of the same thing: they hold an informative word or
    phrase of the question in common."""
    return bool(a.held & b.held)


def disagree(sentences: list[Sentence]) -> bool:
    """One sentence says no where another, on the same point, says yes."""
    return any(a.negative and not b.negative and same_point(a, b) for a in sentences for b in sentences)


def choose(sentences: list[Sentence], yes_no: bool) -> list[Sentence]:
    """The best sentence, then those that corroborate it (close in score, holding most of
    its informative words, and the asked-for answer shape; a second one from the same
    source must be closer still). For a yes/no question whose chosen sentences all say
    yes, or all no, also the best sentence of the other polarity on the same point, so that
    a disagreement between sources is shown, not settled."""
    ranked = sorted(sentences, key=lambda s: -s.score)
    best = ranked[0]
    chosen = [best]
    for sentence in ranked[1:]:
        if len(chosen) == MAX_SENTENCES:
            break
        same_source = any(c.source == sentence.source for c in chosen)
        if (sentence.score >= best.score * (SAME_SOURCE_RATIO if same_source else KEEP_RATIO)
                and sentence.coverage >= best.coverage * CORROBORATE and sentence.shaped):
            chosen.append(sentence)
    if yes_no and len({c.negative for c in chosen}) == 1:
        opposite = next((s for s in ranked if s.negative != best.negative and s not in chosen
                         and s.relevance >= best.relevance * OPPOSITE_RATIO and same_point(best, s)
                         and (s.phrases & best.phrases or s.coverage >= best.coverage * OPPOSITE_COVERAGE)),
                        None)
        if opposite is not None:
            chosen[-1 if len(chosen) == MAX_SENTENCES else len(chosen):] = [opposite]
    return chosen


def compose(question: str, chosen: list[Sentence], yes_no: bool) -> Answer:
    """Quotes grouped by source, in order of each source's best sentence."""
    groups: dict[str, list[Sentence]] = {}
    for sentence in chosen:
        groups.setdefault(sentence.source, []).append(sentence)
    citations, paragraphs, used = [], [], 0
    for source, group in groups.items():
        parts = []
        for sentence in sorted(group, key=lambda s: s.start):
            if used + len(sentence.text) > TEXT_BUDGET and citations:
                break
            n = len(citations) + 1
            citations.append(Citation.of(n, sentence.passage.chunk, sentence.text,
                                         sentence.start, sentence.end, header=sentence.header))
            parts.append(f"{sentence.text} [{n}]")
            used += len(sentence.text)
        if parts:
            label = source.rsplit("/", 1)[-1]
            paragraphs.append(f"**{label}**: " + " ".join(parts))
    cited = [c for c in chosen if any(q.quote == c.text for q in citations)]
    disagreement = yes_no and disagree(cited)
    note = None
    if disagreement:
        note = DISAGREEMENT
        paragraphs.insert(0, "The sources disagree:")
    return Answer(question=question, text="\n\n".join(paragraphs), citations=citations, found=True,
                  mode="extractive", note=note, disagreement=disagreement)


class ExtractiveAnswerer:
    def __init__(self, model):
        self.embed = SentenceEmbeddings(model)

    def answer(self, question: str, query: str, query_vector, passages: list[Passage]) -> Answer:
        sentences = candidate_sentences(passages)
        if sentences:
            missing = score(sentences, question, query, query_vector, self.embed)
            if answerable(sentences, missing):
                yes_no = bool(YES_NO.match(question))
                return compose(question, choose(sentences, yes_no), yes_no)
        return not_found(question)


def not_found(question: str, mode: str = "extractive", note: str | None = None) -> Answer:
    return Answer(question=question, text=NOT_FOUND, citations=[], found=False, mode=mode, note=note)
