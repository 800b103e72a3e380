"""Hybrid retrieval over one index generation: dense vectors from Chroma and BM25, fused
by normalised score, then spread across sources so one long or repeated article cannot
crowd out the others."""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import replace

from llama_index.core.schema import QueryBundle
from llama_index.core.vector_stores.types import VectorStoreQuery
from llama_index.vector_stores.chroma import ChromaVectorStore

from .embeddings import embedding_model
from .nodes import SENTENCE_VECTORS, to_chunk, unpack_vectors
from .schema import Chunk, Passage
from .settings import Settings
from .store import Generation
from .text import fold

log = logging.getLogger(__name__)

CANDIDATES = 40  # drawn from each retriever before fusion (at least top_k)
DENSE_WEIGHT = 0.5  # the dense retriever's share of the fused score; BM25 has the rest


def score_fusion(dense: list[Passage], lexical: list[Passage]) -> list[Passage]:
    """A convex combination of min-max normalised scores (Bruch et al., "An Analysis of
    Fusion Functions for Hybrid Retrieval", 2023): each retriever's scores are mapped onto
    [0, 1] over its own candidates (its best 1, its last 0; a chunk it did not return
    gets 0 from it), then weighted equally. Unlike reciprocal-rank fusion it keeps how
    far apart the scores are, so a chunk far ahead in one list is not levelled with the
    runner-up. On BEIR SciFact it lifts nDCG@10 from 0.696 (RRF) to 0.713 (benchmarks/)."""
    fused: dict[str, float] = {}
    chunks: dict[str, Chunk] = {}
    for weight, ranking in ((DENSE_WEIGHT, dense), (1 - DENSE_WEIGHT, lexical)):
        if not ranking:
            continue
        high, low = max(p.score for p in ranking), min(p.score for p in ranking)
        for p in ranking:
            scaled = (p.score - low) / (high - low) if high > low else 1.0
            fused[p.chunk.id] = fused.get(p.chunk.id, 0.0) + weight * scaled
            chunks.setdefault(p.chunk.id, p.chunk)
    return [Passage(chunks[cid], score) for cid, score in sorted(fused.items(), key=lambda kv: -kv[1])]


def diversify(ranked: list[Passage], top_k: int, per_source: int) -> list[Passage]:
    """The best `top_k` passages with at most `per_source` from any one source ahead of
    the others' best; passages whose text another source already gave are dropped."""
    first, rest, seen_text = [], [], set()
    taken: Counter[str] = Counter()
    for passage in ranked:
        key = fold(passage.text)
        if key in seen_text:
            continue
        seen_text.add(key)
        (first if taken[passage.source] < per_source else rest).append(passage)
        taken[passage.source] += 1
    return (first + rest)[:top_k]


class HybridRetriever:
    def __init__(self, generation: Generation, settings: Settings):
        self.settings = settings
        self.model = embedding_model(settings)
        self.collection = generation.collection
        self.vectors = ChromaVectorStore(chroma_collection=generation.collection)
        self.bm25 = None
        if generation.bm25_path.exists():
            from llama_index.retrievers.bm25 import BM25Retriever

            logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on itself
            self.bm25 = BM25Retriever.from_persist_dir(str(generation.bm25_path), show_progress=False)
        self.size = generation.collection.count()

    def embed(self, text: str) -> list[float]:
        return self.model.get_query_embedding(text)

    def dense(self, vector: list[float], k: int) -> list[Passage]:
        """The k chunks nearest in meaning, scored by cosine similarity."""
        k = min(k, self.size)
        if k <= 0:
            return []
        result = self.vectors.query(VectorStoreQuery(query_embedding=vector, similarity_top_k=k))
        hits = zip(result.nodes or [], result.similarities or [])
        return [Passage(to_chunk(node), score) for node, score in hits]

    def lexical(self, query: str, k: int) -> list[Passage]:
        """The k chunks that match the query's words best, scored by BM25."""
        k = min(k, self.size)  # bm25s refuses a k larger than its corpus
        if self.bm25 is None or k <= 0:
            return []
        self.bm25.similarity_top_k = k
        hits = self.bm25.retrieve(QueryBundle(query))
        return [Passage(to_chunk(hit.node), hit.score) for hit in hits if hit.score > 0]

    def retrieve(self, query: str, top_k: int, vector: list[float] | None = None) -> list[Passage]:
        if self.size == 0 or not query.strip():
            return []
        k = min(max(CANDIDATES, top_k), self.size)  # a deep top_k draws as deep from each
        vector = vector if vector is not None else self.embed(query)
        fused = score_fusion(self.dense(vector, k), self.lexical(query, k))
        return self.with_sentence_vectors(diversify(fused, top_k, per_source=max(2, top_k // 3)))

    def with_sentence_vectors(self, passages: list[Passage]) -> list[Passage]:
        """The passages, those found by BM25 alone given the sentence vectors that only the
        vector store keeps (the BM25 index would hold them in memory for every chunk)."""
        lacking = [p.chunk.id for p in passages if p.chunk.sentence_vectors is None]
        if not lacking:
            return passages
        got = self.collection.get(ids=lacking, include=["metadatas"])
        stored = {cid: unpack_vectors(meta.get(SENTENCE_VECTORS)) for cid, meta in zip(got["ids"], got["metadatas"])}
        return [Passage(replace(p.chunk, sentence_vectors=stored[p.chunk.id]), p.score)
                if stored.get(p.chunk.id) is not None else p for p in passages]
