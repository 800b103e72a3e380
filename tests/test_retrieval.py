"""retrieval.py's pure functions on hand-made passages (no model, no index): how two
rankings are fused, and how the fused list is spread across sources."""
from __future__ import annotations

from assistant.retrieval import diversify, score_fusion
from assistant.schema import Chunk, Passage


def passage(cid: str, score: float, source: str | None = None, text: str | None = None) -> Passage:
    chunk = Chunk(id=cid, source=source or f"seeds/{cid}.txt", title=None, publisher=None, date=None,
                  text=text or f"The text of chunk {cid}.", spans=((0, 10),))
    return Passage(chunk, score)


def ranked(passages: list[Passage]) -> list[tuple[str, float]]:
    return [(p.chunk.id, round(p.score, 6)) for p in passages]


def test_fusion_is_an_even_mix_of_min_max_normalised_scores():
    # Dense scores on exp(-distance)'s scale, BM25's on its own: each is mapped onto [0, 1]
    # (its best 1, its last 0), then the two are averaged.
    dense = [passage("a", 0.9), passage("b", 0.5), passage("c", 0.1)]
    lexical = [passage("b", 12.0), passage("c", 7.0), passage("a", 2.0)]
    assert ranked(score_fusion(dense, lexical)) == [("b", 0.75), ("a", 0.5), ("c", 0.25)]


def test_fusion_keeps_how_far_apart_the_scores_are():
    # b is a close second in both lists; a and c each lead one and are last in the other.
    # Reciprocal-rank fusion (k=60) would put a and c just above b; the scores say b.
    dense = [passage("a", 1.0), passage("b", 0.95), passage("c", 0.0)]
    lexical = [passage("c", 20.0), passage("b", 19.0), passage("a", 0.0)]
    assert ranked(score_fusion(dense, lexical)) == [("b", 0.95), ("a", 0.5), ("c", 0.5)]


def test_fusion_of_one_retriever_alone_and_of_equal_scores():
    assert ranked(score_fusion([passage("a", 3.0), passage("b", 1.0)], [])) == [("a", 0.5), ("b", 0.0)]
    # All scores equal: nothing to tell them apart by, each counts as that retriever's best.
    assert ranked(score_fusion([], [passage("a", 2.0), passage("b", 2.0)])) == [("a", 0.5), ("b", 0.5)]
    assert score_fusion([], []) == []


def test_a_passage_only_one_retriever_returned_gets_nothing_from_the_other():
    fused = dict(ranked(score_fusion([passage("a", 0.8), passage("b", 0.2)], [passage("c", 5.0),
                                                                              passage("a", 1.0)])))
    assert fused == {"a": 0.5, "b": 0.0, "c": 0.5}


def test_diversify_lets_one_source_take_per_source_places_ahead_of_the_others():
    fused = [passage("a1", 0.9, "seeds/a.txt"), passage("a2", 0.8, "seeds/a.txt"),
             passage("a3", 0.7, "seeds/a.txt"), passage("b1", 0.3, "seeds/b.txt"),
             passage("a4", 0.2, "seeds/a.txt")]
    assert [p.chunk.id for p in diversify(fused, top_k=4, per_source=2)] == ["a1", "a2", "b1", "a3"]
    assert [p.chunk.id for p in diversify(fused, top_k=10, per_source=3)] == ["a1", "a2", "a3", "b1", "a4"]


def test_diversify_drops_text_another_passage_already_gave():
    same = "Russia and Iran signed the treaty in Moscow."
    fused = [passage("a", 0.9, "seeds/a.txt", same), passage("b", 0.8, "seeds/b.txt", f"  {same.upper()} "),
             passage("c", 0.1, "seeds/c.txt")]
    assert [p.chunk.id for p in diversify(fused, top_k=3, per_source=2)] == ["a", "c"]
