"""Small text helpers shared by cleaning, chunking and answering: sentence spans and
content-word tokens. Sentence splitting is NLTK's Punkt (which LlamaIndex ships with its
English model), so abbreviations like "U.N. Charter" stay inside one sentence."""
from __future__ import annotations

import importlib.util
import os
import re
from functools import cache
from pathlib import Path

WORD = re.compile(r"\w+(?:[-'’]\w+)*")
TERMINAL = re.compile(r"[.!?:;][\"'”’)\]]*$|[\"”’]$")


@cache
def _punkt():
    import nltk
    from nltk.tokenize.punkt import PunktTokenizer

    # LlamaIndex bundles the punkt_tab data; find it without importing llama_index (slow).
    spec = importlib.util.find_spec("llama_index.core")
    if spec and spec.submodule_search_locations:
        cache_dir = Path(list(spec.submodule_search_locations)[0]) / "_static" / "nltk_cache"
        if str(cache_dir) not in nltk.data.path:
            nltk.data.path.append(str(cache_dir))
    return PunktTokenizer("english")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`."""
    return list(_punkt().span_tokenize(text))


def words(text: str) -> list[str]:
    return WORD.findall(text)


def ends_like_sentence(text: str) -> bool:
    return bool(TERMINAL.search(text.rstrip()))


def fold(text: str) -> str:
    """Lower-case, whitespace-folded text, for comparing paragraphs."""
    return " ".join(words(text.lower()))


@cache
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN) | {
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "does",
        "did", "do", "say", "said", "says", "tell", "about", "would", "could", "should",
        "has", "have", "had", "is", "are", "was", "were", "any", "there", "s", "its",
    }


@cache
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


# British and American spellings of one word stem differently ("defenc", "defens");
# folding both sides the same way makes them one term.
SPELLING = [(re.compile(r"enc$"), "ens"), (re.compile(r"our$"), "or")]


def _fold_spelling(stem: str) -> str:
    for pattern, replacement in SPELLING:
        stem = pattern.sub(replacement, stem)
    return stem


JOINERS = re.compile(r"[-'’]")  # hyphens and apostrophes, inside the words WORD keeps whole


def content_terms(text: str) -> list[str]:
    """Stemmed, lower-cased words that carry meaning (stopwords dropped). A hyphenated word
    counts as its parts, so "20-year" holds the "year" a "how many years" question asks for."""
    stop = stopwords()
    tokens = [w for t in words(text) for w in JOINERS.split(t.lower()) if w not in stop and len(w) > 1]
    return [_fold_spelling(stem) for stem in _stemmer().stemWords(tokens)]


SAME_STEM_MIN = 5  # characters two stems must share to be taken for one word


def same_stem(a: str, b: str) -> bool:
    """Whether two stems are one word in different forms that the stemmer left apart:
    one begins the other ("militari"/"militarili", "ratif"/"ratifi"), or they are as long
    and differ in their last letter only ("defend"/"defens"), sharing at least
    SAME_STEM_MIN letters either way ("sign"/"signific" are too short to tell)."""
    if a == b:
        return True
    shared, shortest = len(os.path.commonprefix([a, b])), min(len(a), len(b))
    return shared >= SAME_STEM_MIN and (shared == shortest or (shared == shortest - 1 and len(a) == len(b)))
