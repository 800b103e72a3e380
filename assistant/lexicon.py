"""The corpus's own words and its sources' names, for reading questions against them.

Spelling is corrected against the words the sources use, not a general dictionary: a
question can only be answered in the sources' words, and a name the sources spell
("Pezeshkian") is in no dictionary. A typed word is read as a corpus word when

- the corpus does not hold the typed word itself,
- the corpus word is within SymSpell's edit distance of it (Garbe's symmetric delete
  algorithm, via symspellpy): one edit for words of up to four letters, two beyond, and
- the typed word is not a common English word (English uses it less than once in a million
  words, Zipf 3 on wordfreq's scale), so a real word is never "corrected" into a neighbour
  ("sell" is not read as "well", nor "Iraq" as "Iran": its absence from the corpus may be
  the very point of the question), and
- the corpus word is at least ten times as common in English as the typed word (one step
  of the Zipf scale): "gass" is read as "gas", "millitary" as "military".
  A name the corpus holds but English does not counts as a word seen once in 100 million
  (Zipf 1): a misspelt name, unknown to English, is still read as the corpus's name.

When no corpus word is near, a word typed in lower case is read as the one English word one
edit away that keeps its first letter ("flihgts" as "flights" in a corpus whose tables say
"round trips"), from the English word list symspellpy ships, so that it is read as a word
and not taken for a name no source mentions; two such words ("wher": where, when) or a
capitalised word (a name) leave it as typed.
"""
from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")  # letters, with an inner apostrophe ("russia's")
COMMON = 3.0  # Zipf: a word English uses at least once in a million words is taken as typed
TENFOLD = 1.0  # Zipf steps: a corpus word must be this much more common in English than the typo
NAME_ZIPF = 1.0  # a corpus word English does not know counts as this common (once in 10^8 words)
SHORT = 4  # letters: words this short get one edit at most (two would reach too many words)
# A word opening a text, a line or a sentence (after a full stop, a question or exclamation
# mark or a colon, and any quotes or brackets): its capital says nothing of a name.
OPENING_WORD = re.compile(rf"(?:\A|[.!?:\n])[^\w\n]*({WORD.pattern})")


def _key(word: str) -> str:
    return word.lower().replace("’", "'")


@dataclass(frozen=True)
class SourceName:
    """What a source is called, for questions that name one ("what did Newsweek say")."""

    source: str
    title: str | None
    publisher: str | None
    url: str | None

    def names(self) -> list[str]:
        stem = self.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return [n for n in (self.publisher, self.title, stem, self.url) if n]


class Lexicon:
    """The words of a corpus (lower-cased, with how often each occurs) and its sources'
    names. `texts` is called once, on first use: the words of a large corpus take a moment."""

    def __init__(self, texts: Callable[[], Iterable[str]], sources: list[SourceName]):
        self._texts = texts
        self.sources = sources
        self._lock = threading.Lock()

    @cached_property
    def counts(self) -> Counter[str]:
        return self._tally[0]

    @cached_property
    def names(self) -> frozenset[str]:
        """The words (lower-cased) the corpus writes capitalised in most of their uses inside
        a sentence: its names ("Pezeshkian", "Astara"), not words that only a sentence's or a
        heading's opening capitalises ("List of measures"). A word only ever opening a
        sentence is a name when English does not use it (below COMMON)."""
        from wordfreq import zipf_frequency

        counts, inside, capitalised = self._tally
        return frozenset(w for w in counts if 2 * capitalised[w] > inside[w] > 0
                         or not inside[w] and zipf_frequency(w, "en") < COMMON)

    @cached_property
    def _tally(self) -> tuple[Counter[str], Counter[str], Counter[str]]:
        """Every word's uses; its uses inside a sentence (not opening it or a line), and how
        many of those are capitalised. Counted by regular expressions over whole texts, not
        word by word: a large corpus has millions of words."""
        counts: Counter[str] = Counter()
        capitals: Counter[str] = Counter()
        openers: Counter[str] = Counter()
        for text in self._texts():
            found = WORD.findall(text)
            counts.update(_key(w) for w in found)
            capitals.update(_key(w) for w in found if w[:1].isupper())
            openers.update(_key(w) for w in OPENING_WORD.findall(text))
        inside = counts - openers
        # An opener is capitalised (a sentence's first word, or a line's): what stays is inside.
        capitalised = capitals - openers
        return counts, inside, capitalised

    @cached_property
    def _symspell(self):
        from symspellpy import SymSpell

        speller = SymSpell(max_dictionary_edit_distance=2)
        for word, count in self.counts.items():
            speller.create_dictionary_entry(word, count)
        return speller

    def knows(self, word: str) -> bool:
        return word.lower().replace("’", "'") in self.counts

    def correction(self, word: str, name: bool = False) -> str | None:
        """The corpus word `word` is a misspelling of (lower-cased), or None (see above).
        `name`: the word is written as a name (capitalised where a sentence does not open),
        and is read only as one of the corpus's names (`names`): "Liisa Mäkelä", whose line
        the index left out, is no misspelt "List"."""
        typed = word.lower().replace("’", "'")
        if typed in self.counts or not WORD.fullmatch(typed):
            return None
        from symspellpy import Verbosity

        with self._lock:  # building the dictionary once; lookups are read-only after
            speller = self._symspell
        from wordfreq import zipf_frequency

        typed_zipf = zipf_frequency(typed, "en")
        if typed_zipf >= COMMON:
            return None
        reach = 1 if len(typed) <= SHORT else 2
        suggestions = speller.lookup(typed, Verbosity.CLOSEST, max_edit_distance=reach)
        if not suggestions and word.islower():
            # No corpus word is near: an English word one edit away is meant ("flihgts", in a
            # corpus whose tables say "round trips"), so the word is read as a word, not taken
            # for a name no source mentions. Typed in lower case only: a capitalised word
            # the corpus does not hold is a name, whatever English word it is near.
            # Only one such word, with the typed word's first letter; of several, the one it
            # drops a letter of, the commonest slip in typing ("comented": commented, not
            # cemented; "wher": where, not when); "frm" (from? form? firm?) stays as typed.
            near = [s for s in _english().lookup(typed, Verbosity.CLOSEST, max_edit_distance=1)
                    if s.term != typed and s.term[:1] == typed[:1]]
            if len(near) > 1:
                near = [s for s in near if len(s.term) == len(typed) + 1]
            suggestions = near if len(near) == 1 else []
        if name:
            suggestions = [s for s in suggestions if s.term in self.names]
        if not suggestions:
            return None
        # Closest, then with the typed word's first letter (a typo seldom changes a word's first
        # letter: "citys" is "cities", not "its"), then most frequent in the corpus.
        # A capitalised word is a name: read only as a word with its first letter ("Jinping"
        # is no misspelt "winning").
        best = next((s.term for s in suggestions if s.term[:1] == typed[:1]),
                    None if word[:1].isupper() else suggestions[0].term)
        if best is None:
            return None
        common = max(zipf_frequency(best, "en"), NAME_ZIPF)
        return best if common - typed_zipf >= TENFOLD else None



def chat_spelling(word: str) -> str | None:
    """The word a chat spelling stands for ("thru": through, "wen": when, "yrs": years), from
    the noslang.com dictionary ekphrasis ships (5,438 entries), or None. Such spellings are
    common enough in English text (Zipf 3 to 4) that the spelling rules above take them as
    typed. Read only as a single word English uses at least ten times as often (TENFOLD), so
    the dictionary's phrases for acronyms ("kit": keep in touch) and its jokes ("chronic")
    are never read into a question; the caller asks only for lower-case words the corpus
    does not hold."""
    from wordfreq import zipf_frequency

    meant = _chat_spellings().get(word.lower())
    if meant is None or not meant.isalpha():
        return None
    meant, word = meant.lower(), word.lower()
    if zipf_frequency(meant, "en") - zipf_frequency(word, "en") < TENFOLD:
        return None
    # A word of English's own ("rents", "peoples", "prod", "sec") is read as another only
    # where it spells that one with letters left out inside ("wen", "yrs"): a word cut short
    # ("sec": second, "prod": product) or another altogether ("rents": parents) is the word typed.
    from .nlp import dictionary_word

    return meant if not dictionary_word(word) or _left_out_inside(word, meant) else None


def _left_out_inside(short: str, word: str) -> bool:
    """Whether `short` is `word` with letters left out, not only at its end ("yrs" of years,
    "wen" of when; not "sec" of second)."""
    letters = iter(word)
    return short[0] == word[0] and not word.startswith(short) and all(c in letters for c in short)


@cache
def _chat_spellings() -> dict[str, str]:
    """ekphrasis's noslang dictionary, read as data: its module writes a pickle into the
    working directory when imported, so its dict literal is evaluated instead (ast)."""
    import ast
    from importlib.util import find_spec

    spec = find_spec("ekphrasis")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(spec.submodule_search_locations[0]) / "dicts" / "noslang" / "slangdict.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    literal = next(node.value for node in tree.body if isinstance(node, ast.Assign)
                   and any(getattr(t, "id", None) == "slangdict" for t in node.targets))
    return {k.strip(): v.strip() for k, v in ast.literal_eval(literal).items()}


_ENGLISH_LOCK = threading.Lock()


def _english():
    """A SymSpell dictionary of English: the word frequencies symspellpy ships (82,765 words,
    from the Google Books Ngram counts), loaded once, on first need (about a second; under a
    lock, as the web and Slack servers answer from several threads)."""
    with _ENGLISH_LOCK:
        return _load_english()


@cache
def _load_english():
    from importlib.resources import files

    from symspellpy import SymSpell

    speller = SymSpell(max_dictionary_edit_distance=1)
    speller.load_dictionary(str(files("symspellpy") / "frequency_dictionary_en_82_765.txt"), 0, 1)
    return speller
