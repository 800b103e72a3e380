"""Finding evidence: every quotable sentence of the retrieved passages, scored as support
for one part of a question (or, for the generated answerer, for one claim).

A sentence's relevance is its closeness in meaning to the question (cosine of its
all-MiniLM-L6-v2 vector with the question's) plus the share of the question's
informative words and phrases it holds, each word weighted by how rare it is among the
candidates (BM25's inverse document frequency: a word half the candidates hold tells them
apart no better than none). Forms the stemmer leaves apart count as one word
(text.same_stem), a sentence that refers back ("he added", "these claims") borrows its
paragraph's words at half weight, a table row holds its header's words, and a follow-up's
words from earlier questions weigh at most half of its own. Then, for the sentences that
could be quoted, what decides (decide.py) needs:

- `missing`: the question's entities (names, numbers, dates) that the sentence, its
  paragraph, its table header and its source's name do not mention;
- `spans`: answer spans of the kind the question asks for (spans.py);
- `negative`: whether it says no about the question's words (negation in the same clause,
  a few words on: "no mention of arms transfers"; or a denial: "an allegation Iran denies",
  "Tehran refutes these claims", read with the claim its paragraph made before it).

Identical sentences in several sources are one candidate, with `copies` to cite each.
"""
from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..chunking import quotable_sentences
from ..schema import Passage
from ..text import content_terms, ends_like_sentence, is_question, same_stem, sentence_spans, words
from .question import ASKED_NOUNS, AUXILIARIES, DATE_SHAPE, DISCOURSE_WORD, NAMED, TIME_UNITS, Part
from .roles import dates_a_report, done_by_another
from .spans import DEMONYM, GRAIN_OF_NOUN, Span, answer_spans, date_parts, mentions, months_named

LEXICAL_WEIGHT = 0.8  # a sentence holding every informative word gains this much over one holding none
ANSWER_TYPE_BONUS = 0.2  # holding an answer of the asked kind
HEADLINE_PENALTY = 0.2  # titles and subheads summarise; a body sentence is better evidence
CONTEXT_WEIGHT = 0.5  # words a sentence borrows from its paragraph when it refers back (see _context_of)
EARLIER = 0.5  # the weight of a follow-up's words from earlier questions, at most, against its own
# Sentences read by the entity recogniser, best first: spans and missing entities matter
# only for sentences that can be quoted, and the recogniser costs about a millisecond a
# sentence; the best dozen cover the quoted ones with room to spare.
RECOGNISED = 12
REFERS_BACK = re.compile(r"\b(he|she|they|his|her|their|it|its|this|these)\b", re.IGNORECASE)
# Synonyms: a sentence holds a question's word it does not use when it uses a word this
# close to it in all-MiniLM-L6-v2's space (cosine of the two words embedded alone). Chosen
# on word pairs (tests/test_evidence.py): synonyms and inflections score above it
# (soldiers/troops 0.89, legislature/parliament 0.73, rather/prefer 0.70), while words
# of one kind that a question must not trade for each other score below (oil/gas 0.60,
# tanks/troops 0.54, drones/missiles 0.44) — as do names, which are never traded at all.
SYNONYM = 0.7
SOFT_MATCHED = 2 * RECOGNISED  # sentences, best first, whose words are compared with the question's
NAMED_KINDS = {"date", "place", "person", "organisation"}  # answer types whose spans are names or dates
QUESTION_FORM = re.compile(r"\bhow (long|many|much|often|far|old)\b", re.IGNORECASE)  # asks, doesn't say

# Polarity. A sentence is negative about the question when a negation governs one of the
# question's informative words (in the same clause, a few words on), or when it denies a
# claim that names them ("an allegation Iran denies").
NEGATION = re.compile(r"^(no|not|never|neither|nor|without|lacks?|lacking|none|absence|n['’]t)$", re.IGNORECASE)
DENIAL = re.compile(r"\b(den(?:y|ies|ied)|refut(?:e|es|ed)|reject(?:s|ed)?|dismiss(?:es|ed)?)\b", re.IGNORECASE)
NEGATION_REACH = 6  # words
CLAUSE_BREAK = re.compile(r"[,;:—–()]")


@dataclass
class Copy:
    """The same sentence in another source."""

    passage: Passage
    start: int
    end: int


@dataclass
class Sentence:
    text: str
    start: int  # offsets into the original file
    end: int
    passage: Passage
    context: str = ""  # its paragraph before it: what "he added" or "it" refers back to
    preceding: str = ""  # its chunk's text before its paragraph (see `before`)
    headline: bool = False  # from a title or subhead rather than a paragraph
    header: str | None = None  # a table row's header row
    paragraph: str = ""  # its whole paragraph: news text names a speaker after the quote
    vector: np.ndarray | None = None  # as the index stored it; None: embedded when scored
    copies: list[Copy] = field(default_factory=list)
    # Filled by `score`:
    score: float = 0.0  # for ranking: relevance, less a penalty for headlines
    relevance: float = 0.0
    dense: float = 0.0
    coverage: float = 0.0
    held: frozenset[str] = frozenset()  # the question's informative words and phrases it holds
    negative: bool = False
    spans: list[Span] = field(default_factory=list)
    second_choice: bool = False  # its spans name a kind the question takes only second (a country for "who")
    missing: tuple[str, ...] = ()  # the question's entities it does not mention
    recognised: bool = False  # whether spans and missing were looked for
    holds: frozenset[str] = frozenset()  # every word of the question it holds, weighed or not (stems)
    borrowed: frozenset[str] = frozenset()  # the question's words it holds only through the list it is an item of

    @property
    def source(self) -> str:
        return self.passage.source

    @property
    def before(self) -> str:
        """The last sentence of the paragraph before its own: news writing names a speaker
        there and quotes on in the next paragraph ("Jalali told YJC, “…”" ¶ "“…,” he added")."""
        return _last_sentence(self.preceding)

    @property
    def answers(self) -> str:
        """The question its paragraph answers: the paragraph before, when it asks one. An
        interview or explainer answers in the question's terms ("How many Iranian banks are
        connected to Russia's Mir network?" ¶ "Eleven. When the first phase…"), so the answer
        is read with it, as a table row with its header; "" where none is asked."""
        before = self.before
        return before if is_question(before) else ""

    @property
    def phrases(self) -> frozenset[str]:
        return frozenset(t for t in self.held if " " in t)

    @property
    def shaped(self) -> bool:
        return bool(self.spans)

    def covers(self) -> bool:
        return not self.missing


def candidate_sentences(passages: list[Passage]) -> list[Sentence]:
    """Every quotable sentence of the passages, with offsets into the original file and
    its vector where the index stored one; a sentence another source also has is one
    candidate, with a copy for each other source."""
    found: list[Sentence] = []
    by_text: dict[str, Sentence] = {}
    for passage in passages:
        chunk = passage.chunk
        quotable = quotable_sentences(chunk)
        vectors = chunk.sentence_vectors
        if vectors is not None and len(vectors) != len(quotable):  # stored by another version
            vectors = None
        for i, q in enumerate(quotable):
            text = chunk.text[q.start:q.end]
            start, end = chunk.original_offset(q.start), chunk.original_offset(q.end)
            if (first := by_text.get(text)) is not None:
                if first.source != passage.source and all(c.passage.source != passage.source for c in first.copies):
                    first.copies.append(Copy(passage, start, end))
                continue
            paragraph_end = chunk.text.find("\n", q.end)
            paragraph = chunk.text[q.paragraph:paragraph_end if paragraph_end >= 0 else len(chunk.text)]
            sentence = Sentence(text, start, end, passage, chunk.text[q.paragraph:q.start],
                                chunk.text[:q.paragraph], q.headline,
                                getattr(q, "header", None), paragraph, None if vectors is None else vectors[i])
            by_text[text] = sentence
            found.append(sentence)
    return found


@lru_cache(maxsize=4096)
def _last_sentence(text: str) -> str:
    """The last sentence of `text` (the paragraphs before a sentence's own), or ""."""
    paragraph = text.rstrip()[text.rstrip().rfind("\n") + 1:]
    spans = sentence_spans(paragraph) if paragraph else []
    return paragraph[spans[-1][0]:spans[-1][1]] if spans else ""


class VectorCache:
    """Texts' vectors from the embedding model, kept for reuse (the same sentences and words
    come back for many questions), the least recently used dropped past `size`. Shared by
    the threads of a web or Slack server, hence the lock (held only around the cache)."""

    def __init__(self, model, size: int = 20000):
        self.model = model
        self.size = size
        self.cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self.lock = threading.Lock()

    def __call__(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of `texts`, one row each (float32)."""
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
        return np.stack([found[t] for t in texts]) if texts else np.zeros((0, 0), dtype=np.float32)


class SentenceEmbeddings(VectorCache):
    """Sentence vectors: the index's where it stored them, else embedded now and cached;
    and, in a cache of their own, the vectors of single words, for synonyms."""

    def __init__(self, model, size: int = 20000):
        super().__init__(model, size)
        self.words = VectorCache(model, size)

    def of(self, sentences: list[Sentence]) -> np.ndarray:
        todo = [s.text for s in sentences if s.vector is None]
        embedded = dict(zip(todo, self(todo))) if todo else {}
        return np.stack([s.vector if s.vector is not None else embedded[s.text] for s in sentences]
                        ).astype(np.float32)


def with_phrases(terms: list[str]) -> list[str]:
    """The terms and each adjacent pair of them ("ballist missil"), so that a sentence
    holding the question's phrase outranks one holding its words apart."""
    return terms + [f"{a} {b}" for a, b in zip(terms, terms[1:])]


def as_asked(terms: list[str], asked: list[str]) -> list[str]:
    """The terms, each spelled as the question's word it is a form of ("defenc" as the
    question's "defend", "iranian" as its "iran"), so that a form the stemmer left apart
    still counts as held."""
    asked = tuple(asked)
    return [_as_asked(t, asked) for t in terms]


@lru_cache(maxsize=1 << 14)  # a term and the question's words: a few MB at most
def _as_asked(term: str, asked: tuple[str, ...]) -> str:
    return next((a for a in asked if same_stem(term, a) or _demonym(term, a)), term)


def _demonym(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short) and bool(DEMONYM.match(long[len(short):]))


def says_no(text: str) -> bool:
    """Whether a text holds a negation or a denial at all (of anything)."""
    return bool(DENIAL.search(text)) or any(NEGATION.match(t) or t.lower().endswith(("n't", "n’t"))
                                            for t in words(text))


def negates(text: str, terms: set[str], asked: list[str], claim: str = "") -> bool:
    """Whether the sentence says no about any of `terms` (stemmed, as `asked` spells them):
    negates them, or denies a claim that names them — in its own words or, given, in the
    `claim` it denies ("refutes these claims")."""
    if DENIAL.search(text) and set(as_asked(content_terms(claim or text), asked)) & terms:
        return True
    for clause in CLAUSE_BREAK.split(text):
        tokens = words(clause)
        for i, token in enumerate(tokens):
            if NEGATION.match(token) or token.lower().endswith(("n't", "n’t")):
                following = content_terms(" ".join(tokens[i + 1:i + 1 + NEGATION_REACH]))
                if set(as_asked(following, asked)) & terms:
                    return True
    return False


@dataclass
class Scored:
    """The candidates of one question part, scored, and what the part asks: its
    informative words (stems) with their weights, and whether it asks for a kind of answer."""

    sentences: list[Sentence]
    informative: set[str]
    asked: list[str]
    weight: dict[str, float] = field(default_factory=dict)
    plain: dict[str, str] = field(default_factory=dict)  # stem → the question's word
    typed: bool = False
    # The words (stems) of the question's entities that every passage is about (`specific`:
    # Russia, Iran): they tell no fact apart from another.
    topic: frozenset[str] = frozenset()
    # Words (stems) whose absence says nothing (`unasked`): see score().
    unasked: frozenset[str] = frozenset()

    def missing_share(self, among: list[Sentence] | None = None) -> float:
        """The share of what the part asks that no sentence of `among` (all candidates by
        default) holds: its informative words, by weight, and the kind of answer it asks
        for. A word none holds may be the point ("cryptocurrency") or a word of the asking
        ("think", "get"); the candidates cannot tell which, English can: it weighs by its
        rarity in English (english_rarity)."""
        among = self.sentences if among is None else among
        # A word an item of a fact list holds through what heads its list is said where it
        # stands (a fact sheet's "Crossing time: 52 hours" of its route, Lagan–Amirabad).
        held = frozenset().union(*(s.held | s.borrowed for s in among))
        weights = {t: self.weight[t] * (1.0 if t in held else 0.0 if t in self.unasked
                                        else english_rarity(self.plain.get(t, t)))
                   for t in self.informative}
        asked = sum(weights.values())
        missing = sum(w for t, w in weights.items() if t not in held)
        if self.typed:  # the kind of answer asked for is part of what is asked
            kind = _idf(sum(s.shaped for s in among if s.recognised), len(self.sentences))
            asked += kind
            missing += kind if not any(s.shaped for s in among) else 0.0
        return missing / (asked or 1.0)


def score(sentences: list[Sentence], part: Part, query_vector, embed: SentenceEmbeddings,
          ignored: frozenset[str] = frozenset()) -> Scored:
    """Score every sentence as support for `part` (see the module's docstring).
    `query_vector`: the question's embedding, or several (one row each: a part's own, and the
    whole question's), of which the closer to a sentence counts; `ignored`: words of the
    question that carry no meaning here (informal function words)."""
    query = " ".join(filter(None, [part.context, part.text]))
    # The noun naming the kind of answer ("on what *day*", "which *city*") is asked for, not
    # said: the answer span, a name or date, is an instance of it ("Saturday"), which the
    # sentence need not call so. A measure's noun is what is measured ("the *population*"):
    # a figure is no answer unless the sentence says what it measures.
    if part.answer_type is not None and part.answer_type.name in NAMED_KINDS and part.noun:
        ignored = ignored | {part.noun}
        if part.noun in GRAIN_OF_NOUN:  # "on what day of the week": every unit named is the date's kind
            ignored = ignored | TIME_UNITS
    # The alternatives a choice question offers ("final or preliminary") are what is asked
    # for: a sentence states one of them (its answer span), not all.
    ignored = ignored | {w.lower() for alternative in part.alternatives for w in words(alternative)}
    kept = " ".join(w for w in words(QUESTION_FORM.sub(" ", query)) if w.lower() not in ignored)
    words_asked = list(dict.fromkeys(content_terms(kept)))
    terms = list(dict.fromkeys(with_phrases(words_asked)))
    # A follow-up's query is the conversation's questions joined to it: the words of the
    # question itself say what is asked now, the earlier ones only what it is about.
    own = set(as_asked(content_terms(part.text), words_asked))
    own |= {f"{a} {b}" for a, b in zip(words_asked, words_asked[1:]) if a in own and b in own}
    bags: list[dict[str, float]] = [dict.fromkeys(with_phrases(as_asked(content_terms(_own_text(s)), words_asked)),
                                                  1.0) for s in sentences]
    borrowed = [set(with_phrases(as_asked(content_terms(_context_of(s)), words_asked))) for s in sentences]
    # Which of them borrow from the list they are an item of (not from a paragraph they refer back to)
    listed = [bool(words_) and not REFERS_BACK.search(s.text) for s, words_ in zip(sentences, borrowed)]
    # Several vectors (a part of a question, and the question as asked): the closer counts.
    vectors = np.atleast_2d(np.asarray(query_vector, dtype=np.float32))
    dense = (embed.of(sentences) @ vectors.T).max(axis=1)
    for sentence, cosine in zip(sentences, dense):
        sentence.dense = float(cosine)
    weight = _weigh(terms, words_asked, own, bags)
    _cover(sentences, bags, borrowed, weight, listed)
    # Synonyms, for the sentences that could be quoted: a word the question uses and the
    # sentence does not is held through a word of the sentence close to it in meaning.
    for bag, synonyms in zip(bags, synonyms_held(sentences, _plain_words(kept, part), bags, embed.words)):
        bag.update(synonyms)
    weight = _weigh(terms, words_asked, own, bags)
    _cover(sentences, bags, borrowed, weight, listed)
    informative = {t for t in words_asked if t in weight}
    for sentence in sentences:
        sentence.negative = negates(sentence.text, informative, words_asked, claim=_own_text(sentence))
        sentence.spans, sentence.missing, sentence.recognised, sentence.second_choice = [], (), False, False
    # (What a question in another language counts is not compared with English words.)
    synonyms = counted_as(part.counted, sentences, embed.words) if part.english else frozenset()
    point = recognise(sentences, part, words_asked, synonyms)
    topic = frozenset(t for e in part.entities if e not in point for t in as_asked(content_terms(e), words_asked))
    for sentence in sentences:
        # An answer of the kind asked first earns the bonus; a name of the kind taken second
        # (a country for "who") is eligible but earns none.
        if part.answer_type is not None and not part.yes_no and sentence.shaped and not sentence.second_choice:
            sentence.relevance += ANSWER_TYPE_BONUS
        sentence.score = sentence.relevance - (HEADLINE_PENALTY if sentence.headline else 0.0)
    plain = {content_terms(w)[0]: w for w in words(kept) if content_terms(w)}
    # What a sentence need not say to answer: the words pointing at a source or a statement
    # ("the *piece* with Jalali's *remarks*": DISCOURSE_WORD), and the class an untyped
    # "which/what" asks for ("which *fields* does the accord span": "defence, energy and
    # trade" are fields without being called so). Held, they still count for relevance.
    # Only as a noun: "did Putin *address* the Duma" asks whether he did.
    from .. import nlp

    nouns = {t.lower_ for t in nlp.parse_sentence(query) if t.pos_ in ("NOUN", "PROPN")}
    unasked = {t for t, w in plain.items() if DISCOURSE_WORD.fullmatch(w) and w.lower() in nouns}
    if part.answer_type is None and part.noun:
        unasked |= set(content_terms(part.noun))
    return Scored(sentences, informative, words_asked, weight, plain,
                  typed=part.answer_type is not None and not part.yes_no, topic=topic, unasked=frozenset(unasked))


# How rare a word is in English, from wordfreq's Zipf scale (log10 of uses per billion
# words): the function words at the top of the scale (Zipf 7: "the", "of") say nothing
# about what is asked; a word used once in a million words or less (Zipf 3 and below:
# "cryptocurrency", "quotas") says it all. Linear in between, as the scale is logarithmic:
# a common content word ("think", "way", Zipf 5 to 6) keeps a quarter to a half of its weight.
RARE_ZIPF, COMMON_ZIPF = 3.0, 7.0


def english_rarity(word: str) -> float:
    """0 for the commonest English words, 1 for rare ones (see RARE_ZIPF, COMMON_ZIPF)."""
    from wordfreq import zipf_frequency

    zipf = zipf_frequency(word, "en")
    return min(1.0, max(0.0, (COMMON_ZIPF - zipf) / (COMMON_ZIPF - RARE_ZIPF)))


def _idf(count: int, n: int) -> float:
    """BM25's inverse document frequency of a word `count` of `n` candidates hold."""
    return math.log(1 + (n - count + 0.5) / (count + 0.5))


def _weigh(terms: list[str], words_asked: list[str], own: set[str], bags: list[dict[str, float]]) -> dict[str, float]:
    """Each term's weight: its rarity among the candidates (a word half the candidates hold
    tells them apart no better than none, and weighs nothing; a word found in no candidate
    still counts against coverage, as it may be the point, but a phrase found in none is
    not one of these sources'), with a follow-up's words from earlier questions weighing
    together at most EARLIER times its own."""
    n = len(bags)
    df = {t: sum(t in bag for bag in bags) for t in terms}
    weight = {t: _idf(df[t], n) for t in terms if df[t] < n / 2 and (df[t] or t in words_asked)}
    own_weight = sum(w for t, w in weight.items() if t in own)
    earlier_weight = sum(w for t, w in weight.items() if t not in own)
    if own_weight and earlier_weight > EARLIER * own_weight:
        scale = EARLIER * own_weight / earlier_weight
        weight = {t: w if t in own else w * scale for t, w in weight.items()}
    return weight


def _cover(sentences: list[Sentence], bags: list[dict[str, float]], borrowed: list[set[str]],
           weight: dict[str, float], listed: list[bool]) -> None:
    """Each sentence's coverage of the question (the weighted share of its words it holds,
    a synonym to the degree it is one, a word borrowed from the paragraph at half weight)
    and its relevance: closeness in meaning plus LEXICAL_WEIGHT times coverage. A fact list's
    item holds what heads its list where it stands (`listed`: Sentence.borrowed); a sentence
    referring back holds its paragraph's words for coverage only, its own sentence being the
    better quote of them."""
    total = sum(weight.values()) or 1.0
    for sentence, bag, extra, item in zip(sentences, bags, borrowed, listed):
        held = sum(w * bag[t] if t in bag else CONTEXT_WEIGHT * w if t in extra else 0.0 for t, w in weight.items())
        sentence.coverage = held / total
        sentence.held = frozenset(t for t in weight if t in bag)
        sentence.borrowed = frozenset(t for t in weight if t not in bag and t in extra) if item else frozenset()
        sentence.holds = frozenset(bag)
        sentence.relevance = sentence.dense + LEXICAL_WEIGHT * sentence.coverage


# A line stating one fact under a label ("First sailing: 3 November 2025", "Jobs: 650
# permanent jobs"), as fact sheets and key-facts lists give them: a label of a few words
# (SHORT_LABEL), capitalised, with no auxiliary (a clause before a colon is a sentence's:
# "The port was dredged in 2024: …"), then its value.
LABELLED = re.compile(r"^[^\W\d_][\w’' -]*:\s+\S")
SHORT_LABEL = 6  # words: "Depth alongside the berth after dredging" is a label, a clause is not


def _context_of(sentence: Sentence) -> str:
    """What a sentence is read with, besides its own words (at CONTEXT_WEIGHT): its paragraph
    before it when it refers back ("it", "they"); for a labelled line, its document's title
    and the text above it in its passage, whose subject every item of a fact list (a run of
    labelled lines) describes (a fact sheet's "First sailing: 3 November 2025", under "FACT
    SHEET | Lagan–Amirabad Container Line", is that line's)."""
    return sentence.context if REFERS_BACK.search(sentence.text) else _list_context(sentence)


def _list_context(sentence: Sentence) -> str:
    """For an item of a fact list (a labelled line with a labelled line beside it, not a lone
    "Sources: …" note), its document's title and the text above it in its passage; else ""."""
    if _labelled(sentence.text):
        text = sentence.passage.chunk.text
        above = sentence.preceding.rstrip("\n").rpartition("\n")[2]
        below = text[len(sentence.preceding) + len(sentence.paragraph):].lstrip("\n").partition("\n")[0]
        if _labelled(above) or _labelled(below):
            return " ".join(filter(None, [sentence.passage.chunk.title, sentence.preceding]))
    return ""


def _labelled(line: str) -> bool:
    """A line stating one fact under a label (LABELLED): not a speaker's turn ("LAVROV: The
    first gas will flow in 2026."), which says a sentence under a name in capitals, nor a
    sentence with a colon in it ("Putin told reporters: the treaty…")."""
    label_text, _, value = line.partition(":")
    label = words(label_text)
    return (bool(LABELLED.match(line)) and label_text[:1].isupper() and not label_text.isupper()
            and len(label) <= SHORT_LABEL and not {w.lower() for w in label} & set(AUXILIARIES)
            and not ends_like_sentence(value))


def _plain_words(text: str, part: Part) -> dict[str, str]:
    """The question's common words (not names, which are never traded for another), by stem."""
    names = {w.lower() for entity in part.entities for w in words(entity)}
    found: dict[str, str] = {}
    for word in words(text):
        if word[:1].isupper() or not word.isalpha() or word.lower() in names:
            continue
        for stem in content_terms(word)[:1]:
            found.setdefault(stem, word.lower())
    return found


def synonyms_held(sentences: list[Sentence], asked: dict[str, str], bags: list[dict[str, float]],
                  embed: VectorCache) -> list[dict[str, float]]:
    """For each sentence, the question's words (stems) it holds only through a synonym
    (see SYNONYM), with their similarity; only the SOFT_MATCHED best sentences are read."""
    found: list[dict[str, float]] = [{} for _ in sentences]
    top = sorted(range(len(sentences)), key=lambda i: -sentences[i].relevance)[:SOFT_MATCHED]
    lacking = {i: [t for t in asked if t not in bags[i]] for i in top}
    if not asked or not any(lacking.values()):
        return found
    own_words: dict[int, dict[str, str]] = {}
    for i in top:
        tokens = words(sentences[i].text)
        own_words[i] = {w.lower(): stem for j, w in enumerate(tokens) if w.isalpha() and (j == 0 or not w[0].isupper())
                        for stem in content_terms(w)[:1]}
    vocabulary = list(dict.fromkeys(w for i in top for w in own_words[i]))
    if not vocabulary:
        return found
    stems = list(asked)
    similarity = embed([asked[t] for t in stems]) @ embed(vocabulary).T
    column = {w: j for j, w in enumerate(vocabulary)}
    for i in top:
        for t in lacking[i]:
            row = stems.index(t)
            best = max((float(similarity[row, column[w]]) for w, stem in own_words[i].items() if stem != t),
                       default=0.0)
            if best >= SYNONYM:
                found[i][t] = best
    return found


def counted_as(noun: str | None, sentences: list[Sentence], embed: VectorCache) -> frozenset[str]:
    """The words of the SOFT_MATCHED best sentences that name what a "how many" counts
    (`noun`) in other words, as close to it as a synonym (SYNONYM): "visitors" for
    "tourists"; not "missiles" for "drones"."""
    if not noun:
        return frozenset()
    top = sorted(sentences, key=lambda s: -s.relevance)[:SOFT_MATCHED]
    vocabulary = list(dict.fromkeys(w.lower() for s in top for w in words(s.text)
                                    if w.isalpha() and w.islower() and w.lower() != noun))
    if not vocabulary:
        return frozenset()
    similarity = (embed([noun]) @ embed(vocabulary).T)[0]
    return frozenset(w for w, alike in zip(vocabulary, similarity) if alike >= SYNONYM)


# A noun phrase that points back at what was said just before it: "Tehran refutes these
# claims" answers "…accuse Iran of supplying missiles and drones"; "Pezeshkian used those
# words at a news conference" names who said the quotation (a pull quote) above it.
CLAIM_ANAPHOR = re.compile(r"\b(?:(?:these|those|such|the|this|that)\s+(?:claims?|allegations?|accusations?|charges?|"
                           r"reports?|suggestions?|assertions?)|(?:these|those|such|his|her|their)\s+"
                           r"(?:words|remarks|comments))\b", re.IGNORECASE)


def said_before(sentence: Sentence) -> str:
    """What a sentence pointing back at a claim or remark (CLAIM_ANAPHOR) points at: its
    paragraph before it, or, opening its paragraph, the paragraph before; "" for others."""
    return (sentence.context or sentence.before) if CLAIM_ANAPHOR.search(sentence.text) else ""


FIGURES = re.compile(r"\d[\d,.]*")


def _own_text(sentence: Sentence) -> str:
    """The words a sentence holds as its own: a table row holds its header's too, an
    interview's answer its question's (`Sentence.answers`), and a sentence that answers
    "these claims" or "those words" holds what was said before it (`said_before`)."""
    if sentence.header:  # its column names, not the figures of a caption ("2020–2024"): a row's are its own
        # (a spreadsheet's "weekly_round_trips" is three words)
        return f"{FIGURES.sub(' ', sentence.header).replace('_', ' ')}\n{sentence.text}"
    if sentence.answers:
        return f"{sentence.answers}\n{sentence.text}"
    if claim := said_before(sentence):
        return f"{claim}\n{sentence.text}"
    return sentence.text


def recognise(sentences: list[Sentence], part: Part, terms: list[str],
              counted_in_other_words: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Answer spans and missing entities of the best RECOGNISED sentences (by relevance so
    far): the named-entity recogniser runs on those only. A date that dates a report of
    what is asked is no answer to it (roles.dates_a_report), nor is a span of what another
    did (roles.done_by_another). Returns the question's specific point (`specific`)."""
    from .. import nlp

    ranked = sorted(sentences, key=lambda s: -s.relevance)
    # Close behind the best dozen, a sentence holding a word of the question and an answer's
    # form ("Crossing time: 52 hours…" for "how long does the boat take") is read too: the
    # answer-type bonus it may earn is given only after the recogniser has read it.
    shape = part.answer_type.shape if part.answer_type is not None and not part.yes_no else None
    best = ranked[:RECOGNISED] + [s for s in ranked[RECOGNISED:2 * RECOGNISED]
                                  if shape is not None and s.coverage > 0 and shape.search(s.text)]
    point = specific(part.entities, sentences)
    if not best:
        return point
    needs_entities = part.answer_type is not None and not part.yes_no
    found = nlp.entities([s.text for s in best]) if needs_entities else [()] * len(best)
    classes = class_nouns(terms)
    for sentence, entities in zip(best, found):
        sentence.recognised = True
        sentence.spans = answer_spans(sentence.text, entities, part, terms, sentence.header, counted_in_other_words)
        # A name of the kind taken second (a country for "who"); figures' labels only grade
        # how a count is written (QUANTITY or CARDINAL), not what it is.
        if sentence.spans and part.answer_type is not None and part.answer_type.name in NAMED:
            first = part.answer_type.labels[0]
            sentence.second_choice = not any(label in first and sentence.text[s:e] == sentence.spans[0].text
                                             for s, e, label in entities)
        if part.answer_type is not None and part.answer_type.shape is DATE_SHAPE and not sentence.header:
            sentence.spans = [sp for sp in sentence.spans if not dates_a_report(sentence.text, sp.start, sp.end, terms)]
        if part.agent is not None and not sentence.header:
            sentence.spans = [sp for sp in sentence.spans if not done_by_another(sentence.text, sp.start, sp.end,
                                                                                 part.agent)]
        sentence.missing = tuple(e for e in point if not mentioned(e, sentence))
        # A name or date the sentence itself writes in another form ("2025-12" for "December
        # 2025", "Iranian" for "Iran") is held in the question's words for it (not one its
        # table's caption spans: "2020–2024" is no row's year).
        sentence.held = sentence.held | frozenset(
            t for e in point if mentions(e, sentence.text) for t in as_asked(content_terms(e), terms) if t in terms)
        # A class noun of the question is held by a name of its class: "the leaders" by
        # "Vladimir Putin", "each country" by "Iran" (the entity labels an answer of that
        # class carries, question.ASKED_NOUNS).
        labels = {label for _, _, label in entities}
        sentence.held = sentence.held | frozenset(t for t, kinds in classes.items() if kinds & labels)
        # A name the sentence mentions where it stands (its paragraph names the speaker of
        # "he added"; its article's title names what the article is about: "…gas volumes
        # for the route via Azerbaijan" over "The first gas is expected in 2027") is held,
        # though the sentence does not write it: what it leaves out of the question
        # (Scored.missing_share) is what it does not say, not what it says by reference.
        # Only a name, not a figure: a "20-year" in the title is no duration this sentence states.
        nearby = " ".join([sentence.paragraph, sentence.before, sentence.passage.chunk.title or ""])
        named = {t for e in point if e not in sentence.missing and not re.search(r"\d", e) and mentions(e, nearby)
                 for t in as_asked(content_terms(e), terms)}
        sentence.held = sentence.held | frozenset(named & set(terms))
    # A name half the candidate sentences mention is what they are all about (Russia, Iran),
    # not an answer that tells one apart: the rule that gives such a word no weight. (Counted
    # by sentence, not by source: every source may well name the one answer, "20-year"; and
    # by the name as written: "Moscow" is no topic where every sentence says "Russia".)
    if part.answer_type is not None and part.answer_type.name in NAMED:
        common = {t for t in {sp.text for s in best for sp in s.spans}
                  if sum(mentions(t, s.text, other_names=False) for s in sentences) >= len(sentences) / 2}
        for sentence in best:
            sentence.spans = [sp for sp in sentence.spans if sp.text not in common]
    for sentence in sentences:
        if not sentence.recognised:
            sentence.missing = tuple(e for e in point if not mentioned(e, sentence))
    return point


def class_nouns(terms: list[str]) -> dict[str, frozenset[str]]:
    """The question's words (stems) that name a class of people, places or bodies ("leader",
    "country", "agency"), each with the entity labels of its first-choice answers
    (question.ASKED_NOUNS: a "leader" is a PERSON, a "country" a GPE, LOC or FAC)."""
    found = {}
    for noun, kind in ASKED_NOUNS.items():
        if kind.name in NAMED:
            for term in content_terms(noun)[:1]:
                if term in terms:
                    found[term] = kind.labels[0]
    return found


def specific(entities: tuple[str, ...], sentences: list[Sentence]) -> tuple[str, ...]:
    """The question's entities that are its specific point. An entity that most of the
    retrieved passages mention, read under their article's title (more than half of them,
    two at least), is what they are all about — the treaty's parties, their capitals — and
    tells no answer apart, as a word half the candidates hold weighs nothing; every other
    one must be mentioned by the answer. Counted by passage, not by source: many articles
    mention North Korea's treaty with Russia in a passage or two, but it is no topic."""
    passages = {f"{s.passage.chunk.title or ''}\n{s.passage.chunk.text}" for s in sentences}

    def topic(entity: str) -> bool:
        holding = sum(mentions(entity, text) for text in passages)
        return holding >= 2 and holding > len(passages) / 2

    return tuple(e for e in entities if not topic(e))


QUOTED = re.compile(r"[\"“”«»„]")
PERSONAL_REFERENCE = re.compile(r"\b(he|she|his|her|him|they|their|them)\b", re.IGNORECASE)
DEFINITE = re.compile(r"\b(?:the|these|those|this|that)\s+([a-z][\w-]+)", re.IGNORECASE)
# A sentence opening with "It" or "Its" as the subject of a deed ("It cut or removed customs
# duties…") speaks of what its paragraph named; "It is…", "It's…", "It may…" is as often no
# one's ("It is unclear whether…").
OPENING_IT = re.compile(r"^\W*Its?\s+(?!(?:is|was|will|would|has|had|does|did|seems|seemed|appears|appeared|"
                        r"remains|remained|may|might|could|should|must|can|cannot)(?:n['’]t)?\b)")


def refers_back(sentence: Sentence) -> bool:
    """Whether a sentence speaks of someone or something its paragraph named before it: a
    personal pronoun ("he added", its antecedent perhaps in the paragraph before), or a
    definite noun phrase whose noun the paragraph used already ("Islamic insurgents
    rampaged…" then "…supporting the insurgents…")."""
    if PERSONAL_REFERENCE.search(sentence.text):
        return bool(sentence.context or sentence.before)
    if not sentence.context:
        return False
    if OPENING_IT.match(sentence.text):
        return True
    before = set(content_terms(sentence.context))
    return any(set(content_terms(m.group(1))) & before for m in DEFINITE.finditer(sentence.text))


# A time a sentence gives of its own: a year, or one counted from the story's ("last year").
OWN_TIME = re.compile(r"\b(?:1[89]|20)\d\d\b|\b(?:last|next|previous|past|coming) (?:year|month|spring|summer|"
                      r"autumn|fall|winter)\b|\bago\b", re.IGNORECASE)


def where_it_stands(sentence: Sentence) -> str:
    """The sentence with what tells what it speaks of: the passage it quotes or refers
    back to, the question it answers, what heads its list, its source's title and its
    table's header ("Minutes of the 3rd meeting" heads every line of the minutes)."""
    chunk = sentence.passage.chunk
    return " ".join(filter(None, [sentence.text, said_before(sentence), sentence.answers, sentence.header,
                                  _list_context(sentence), chunk.title, chunk.header]))


def mentioned(entity: str, sentence: Sentence) -> bool:
    """Whether the sentence mentions one of the question's entities, read where it stands:
    with its table header (for a name: a row's figures are its own), the question it
    answers, what "those words" point back at (`said_before`), what heads its list (an item of
    a fact list: `_list_context`), and its source's title and publisher; a quotation with its
    paragraph, which names the speaker ("…more concrete action," Putin added); a sentence
    that refers back (`refers_back`) with its paragraph before it, and, for a personal
    pronoun, the last sentence of the paragraph before that ("Jalali told YJC…" ¶ "…," he
    added). Other sentences do not count: a name there is not what this sentence says."""
    chunk = sentence.passage.chunk
    scope = [sentence.paragraph] if QUOTED.search(sentence.text) else \
        [sentence.context] if refers_back(sentence) else []
    if scope and PERSONAL_REFERENCE.search(sentence.text):
        scope.append(sentence.before)
    # A table's header names its columns, not a row's figures: "2020–2024" in its caption
    # is no row's year.
    header = None if re.search(r"\d", entity) else sentence.header
    # A sentence naming no year of its own tells of its story's: "the protocol frees €250
    # million", in a story of 4 March 2025, of the March 2025 protocol; "in May", of May 2025.
    # Asked a month, not a day (a story tells of the days before it too), nor a year ("trade in
    # 2025" is no story's of March 2025, whose "in May" is a plan).
    period = date_parts(entity)
    dated = None
    if chunk.date and period.keys() == {"year", "month"} and not OWN_TIME.search(sentence.text):
        dated = chunk.date[:4] if months_named(sentence.text) else chunk.date
    around = " ".join(filter(None, [sentence.text, *scope, said_before(sentence), sentence.answers, header,
                                    _list_context(sentence),
                                    chunk.title, chunk.publisher, chunk.header, chunk.source.rsplit("/", 1)[-1],
                                    dated]))
    return mentions(entity, around) or any(mentions(entity, c.passage.chunk.title or "") for c in sentence.copies)


def same_point(a: Sentence, b: Sentence) -> bool:
    """Whether two sentences speak of the same thing: they hold an informative word or
    phrase of the question in common."""
    return bool(a.held & b.held)
