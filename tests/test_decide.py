"""decide.py on hand-made, already scored sentences (no model, no index): which sentences
corroborate the best one."""
from __future__ import annotations

from assistant.answering.decide import corroborating
from assistant.answering.question import YES_OR_NO, Part
from assistant.schema import Chunk, Passage
from assistant.answering.evidence import Sentence


def scored(text: str, source: str, score: float, held: set[str], negative: bool = False) -> Sentence:
    chunk = Chunk(id=source, source=f"seeds/{source}.txt", title=None, publisher=None, date=None, text=text,
                  spans=((0, len(text)),))
    return Sentence(text, 0, len(text), Passage(chunk, 1.0), score=score, relevance=score, coverage=0.4,
                    held=frozenset(held), negative=negative)


def test_a_yes_is_corroborated_only_by_a_yes_on_the_same_point():
    part = Part("Does Russia keep Iran informed about the war?", YES_OR_NO, ())
    best = scored("Putin said Russia regularly informed Iran about the war.", "a", 0.80, {"inform", "war"})
    same = scored("Russia consistently updated Iran on the war, Putin said.", "b", 0.78, {"war", "inform"})
    other_point = scored("Western intelligence warned of missile transfers.", "c", 0.79, {"missil", "transfer"})
    saying_no = scored("Russia has not informed Iran about the war.", "d", 0.78, {"inform", "war"}, negative=True)
    chosen = corroborating([best, other_point, saying_no, same], part)
    assert chosen == [best, same]
