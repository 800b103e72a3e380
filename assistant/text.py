"""Small text helpers shared by cleaning, chunking, indexing and answering: words, sentence
and clause spans, and the terms that BM25 and the answerer match, for text in any script.

- Words: runs of letters and digits, as in most scripts; Chinese and Japanese are written
  without spaces, so a run of their characters is cut into words by jieba's dictionary
  (rjieba, the Rust port), and "8 words" means about as much text in every language.
- Sentences: NLTK's Punkt (which LlamaIndex ships with its English model), so that
  abbreviations like "U.N. Charter" stay inside one sentence, then cut again after the
  sentence-ending marks of other scripts (。！？ in Chinese and Japanese, ؟ in Arabic and
  Persian, । in Hindi …), which Punkt does not know.
- Quotable units (`quotable_spans`): sentences of at most MAX_QUOTE characters; a longer
  one (a transcript that never stops) is cut at its clause boundaries (`clause_spans`).
- Terms: lower-cased words less stop words, stemmed by the Snowball stemmer of the word's
  script (English for Latin script, Russian for Cyrillic, …); a Chinese word is its own term.
  `index_terms` are BM25's; `content_terms` the answerer's (a few more stop words, and
  British and American spellings folded).
"""
from __future__ import annotations

import importlib.util
import os
import re
from functools import cache, lru_cache
from pathlib import Path

# Scripts written without spaces between words: Hiragana, Katakana, CJK ideographs (and
# their extension A and compatibility blocks). Hangul is written with spaces.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAS_CJK = re.compile(f"[{CJK}]")
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# A word of a script with spaces, or a run of CJK characters (cut into words by segment()).
WORD_OR_CJK_RUN = re.compile(rf"[{CJK}]+|(?:(?![{CJK}])\w)+(?:[-'’](?:(?![{CJK}])\w)+)*")
# Marks that end a sentence in scripts Punkt does not know: Chinese and Japanese full stop,
# exclamation and question marks (full width), Arabic and Persian question mark, Urdu full
# stop, Devanagari danda and double danda, Armenian full stop, Ethiopic full stop, Myanmar
# section mark. Each may be followed by closing quotes or brackets, which stay with it.
OTHER_TERMINALS = "。！？｡؟۔।॥։።။"
CLOSERS = "\"'”’»)\\]」』）】〕"
OTHER_SENTENCE_END = re.compile(f"[{OTHER_TERMINALS}]+[{CLOSERS}]*")
TERMINAL = re.compile(rf"(?:[.!?:;…]|[{OTHER_TERMINALS}])[{CLOSERS}]*$|[\"”’」』]$")
MAX_QUOTE = 400  # characters of a quotable unit: the longest quote that still pinpoints a passage


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
    """(start, end) of each sentence in `text`: Punkt's sentences, each cut again after the
    sentence-ending marks of other scripts (。！？ …), closing quotes kept with the sentence,
    and joined to the one before where Punkt's cut leaves a piece opening with a closing
    bracket or a comma, semicolon or colon (CONTINUES)."""
    spans = []
    for start, end in _punkt().span_tokenize(text):
        for match in OTHER_SENTENCE_END.finditer(text, start, end):
            cut = match.end()
            if text[start:cut].strip() and text[cut:end].strip():
                spans.append((start, cut))
                start = cut + len(text[cut:end]) - len(text[cut:end].lstrip())
        # No sentence opens with a closing bracket, a comma, a semicolon or a colon: Punkt cut
        # after an abbreviation's full stop ("[10 November 2025 — T.N.], carrying 214 containers.").
        if spans and CONTINUES.match(text, start):
            start = spans.pop()[0]
        spans.append((start, end))
    return spans


CONTINUES = re.compile(r"[\])},;:]")


# Where a run-on sentence may be cut, strongest first; each is a position just before a
# clause starts. A cut never falls inside a word.
CLAUSE_BOUNDARIES = [
    re.compile(r"(?<=[;:])\s+|\s+(?=[—–]\s)|(?<=\s[—–])\s+"),  # semicolon, colon, dash
    # A comma before a conjunction or relative word, which opens a clause of its own.
    re.compile(r"(?<=,)\s+(?=(?:and|but|or|so|yet|while|whereas|although|though|because|since|"
               r"which|who|where|when|after|before|until|unless|then)\b)", re.I),
    # A conjunction without a comma: "… and that the train would …", "… but …".
    re.compile(r"\s+(?=(?:and that|but|and|or|so|because|while|whereas|although|though|then|"
               r"after|before|until|unless)\s)", re.I),
    re.compile(r"(?<=[,，、])\s*"),  # any comma (and the CJK commas, with no space after them)
    re.compile(r"\s+"),  # any space: the line's length alone
]


def clause_spans(text: str, start: int, end: int, limit: int = MAX_QUOTE,
                 level: int = 0) -> list[tuple[int, int]]:
    """`text[start:end]` as pieces of at most `limit` characters, cut at clause boundaries:
    at the strongest kind of boundary the span has (CLAUSE_BOUNDARIES), the clauses then
    joined again while they fit, and any still too long cut at the next kind. The way
    LangChain's RecursiveCharacterTextSplitter splits, with a sentence's own separators."""
    if end - start <= limit:
        return [(start, end)]
    if level == len(CLAUSE_BOUNDARIES):  # one "word" longer than the limit: cut it
        return [(start, start + limit), *clause_spans(text, start + limit, end, limit, level)]
    pieces, piece_start = [], start
    for match in CLAUSE_BOUNDARIES[level].finditer(text, start, end):
        if match.start() > piece_start:
            pieces.append((piece_start, match.start()))
        piece_start = max(piece_start, match.end())
    pieces.append((piece_start, end))
    joined: list[tuple[int, int]] = []
    for piece in pieces:
        if joined and piece[1] - joined[-1][0] <= limit:
            joined[-1] = (joined[-1][0], piece[1])
        else:
            joined.append(piece)
    return [span for s, e in joined for span in clause_spans(text, s, e, limit, level + 1)]


def quotable_spans(text: str, limit: int = MAX_QUOTE) -> list[tuple[int, int]]:
    """The units an answer may quote: sentences, a longer one cut at its clauses
    (`clause_spans`), so that every unit holds at most `limit` characters."""
    return [span for s, e in sentence_spans(text) for span in clause_spans(text, s, e, limit)]


@cache
def _segmenter():
    import rjieba

    return rjieba


def segment(run: str) -> list[str]:
    """A run of Chinese or Japanese characters cut into words by jieba's dictionary."""
    return [w for w in _segmenter().cut(run) if w.strip()]


def words(text: str) -> list[str]:
    """The words of `text`, in any script (see the module's docstring)."""
    if not HAS_CJK.search(text):
        return WORD.findall(text)
    found = []
    for token in WORD_OR_CJK_RUN.findall(text):
        found.extend(segment(token) if HAS_CJK.match(token) else [token])
    return found


def is_cjk(word: str) -> bool:
    return bool(HAS_CJK.match(word))


def ends_like_sentence(text: str) -> bool:
    return bool(TERMINAL.search(text.rstrip()))


def is_question(text: str) -> bool:
    return text.rstrip().endswith(("?", "？", "؟"))


def one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def fold(text: str) -> str:
    """Lower-case, whitespace-folded text, for comparing paragraphs."""
    return " ".join(words(text.lower()))


@cache
def english_stopwords() -> frozenset[str]:
    """The stop words BM25 leaves out: bm25s's English list, which LlamaIndex's BM25Retriever used."""
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


@cache
def cjk_stopwords() -> frozenset[str]:
    """Chinese function words ("的", "是", "什么"), bm25s's list."""
    from bm25s.stopwords import STOPWORDS_CHINESE

    return frozenset(STOPWORDS_CHINESE)


@cache
def stopwords() -> frozenset[str]:
    """The answerer's stop words: BM25's, the Chinese ones, and the words of asking, which
    say what kind of answer is wanted, not what it is about ("how long": 多长, 多久)."""
    return english_stopwords() | cjk_stopwords() | {
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "does",
        "did", "do", "say", "said", "says", "tell", "about", "would", "could", "should",
        "has", "have", "had", "is", "are", "was", "were", "any", "there", "s", "its",
        # what is left of a contraction once its apostrophe splits it ("I've", "don't")
        "ve", "ll", "re", "don", "didn", "doesn", "isn", "aren", "wasn", "weren", "won", "wouldn",
        "couldn", "shouldn", "hasn", "haven", "hadn",
        "多长", "多久", "多大", "多远", "多少", "几", "何时", "哪年", "哪天", "如何", "是否", "吗", "呢",
    }


# The Snowball stemmer for the words of a script that one language dominates (PyStemmer's
# names). Latin script is taken for English, the language of this project's sources; the
# words of other scripts (Arabic script serves Arabic, Persian and Urdu alike) are left whole.
SCRIPT_STEMMERS = [
    (re.compile(r"[\u0400-\u04ff]"), "russian"),  # Cyrillic
    (re.compile(r"[\u0370-\u03ff]"), "greek"),
]


@cache
def _stemmer(language: str = "english"):
    import Stemmer

    return Stemmer.Stemmer(language)


def stem(word: str) -> str:
    """A lower-case word's stem, by the stemmer of its script; CJK words are their own stem."""
    if word.isascii():
        return _stemmer().stemWord(word)
    if is_cjk(word):
        return word
    for script, language in SCRIPT_STEMMERS:
        if script.match(word):
            return _stemmer(language).stemWord(word)
    return word if re.search(r"[^\W\d_a-zA-Z\u00c0-\u024f]", word) else _stemmer().stemWord(word)


BM25_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s's default: two or more word characters


def index_terms(text: str) -> list[str]:
    """What BM25 indexes and matches, for a chunk and a query alike: for text in scripts with
    spaces exactly bm25s's own tokenising (lower-cased words of two or more characters,
    English stop words out, stemmed), by the stemmer of each word's script; a run of Chinese
    or Japanese characters is cut into words first, and a one-character word counts there."""
    terms = []
    for token in WORD_OR_CJK_RUN.findall(text.lower()) if HAS_CJK.search(text) else [text.lower()]:
        if is_cjk(token):
            terms.extend(w for w in segment(token) if w not in cjk_stopwords() and WORD.match(w))
        else:
            terms.extend(stem(w) for w in BM25_TOKEN.findall(token) if w not in english_stopwords())
    return terms


# British and American spellings of one word stem differently ("defenc", "defens");
# folding both sides the same way makes them one term.
SPELLING = [(re.compile(r"enc$"), "ens"), (re.compile(r"our$"), "or")]


def _fold_spelling(stem: str) -> str:
    for pattern, replacement in SPELLING:
        stem = pattern.sub(replacement, stem)
    return stem


JOINERS = re.compile(r"[-'’]")  # hyphens and apostrophes, inside the words WORD keeps whole


def content_terms(text: str) -> list[str]:
    """Stemmed, lower-cased words that carry meaning (stopwords dropped), in any script (see
    the module's docstring). A hyphenated word counts as its parts, so "20-year" holds the
    "year" a "how many years" question asks for; a one-letter word counts only in Chinese
    or Japanese, where one character can be a word ("年", year)."""
    return list(_content_terms(text))


# Memoised: the answerer reads the same candidate sentences for question after question.
# The size bounds the memory (8,192 texts of at most a paragraph: a few MB), some hundred
# questions' candidates.
@lru_cache(maxsize=1 << 13)
def _content_terms(text: str) -> tuple[str, ...]:
    stop = stopwords()
    tokens = [w for t in words(text) for w in JOINERS.split(t.lower())
              if w not in stop and (len(w) > 1 or is_cjk(w)) and WORD.match(w)]
    return tuple(_fold_spelling(stem(token)) for token in tokens)


SAME_STEM_MIN = 5  # characters two stems must share to be taken for one word


@lru_cache(maxsize=1 << 15)  # pairs of stems: a few MB at most
def same_stem(a: str, b: str) -> bool:
    """Whether two stems are one word in different forms that the stemmer left apart:
    one begins the other ("militari"/"militarili", "ratif"/"ratifi"), or they are as long
    and differ in their last letter only ("defend"/"defens"), sharing at least
    SAME_STEM_MIN letters either way ("sign"/"signific" are too short to tell)."""
    if a == b:
        return True
    shared, shortest = len(os.path.commonprefix([a, b])), min(len(a), len(b))
    return shared >= SAME_STEM_MIN and (shared == shortest or (shared == shortest - 1 and len(a) == len(b)))
