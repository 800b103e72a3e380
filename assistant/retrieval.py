"""Hybrid retrieval over one index generation: dense vectors from Chroma and BM25, fused
by reciprocal rank, then spread across sources so one long or repeated article cannot
crowd out the others."""
from __future__ import annotations

import logging
from collections import Counter

from llama_index.core.schema import QueryBundle
from llama_index.core.vector_stores.types import VectorStoreQuery
from llama_index.vector_stores.chroma import ChromaVectorStore

from .embeddings import embedding_model
from .nodes import to_chunk
from .schema import Chunk, Passage
from .settings import Settings
from .store import Generation
from .text import fold

log = logging.getLogger(__name__)

RRF_K = 60  # the usual constant: damps the head of each ranking so both lists count
CANDIDATES = 40  # drawn from each retriever before fusion (at least top_k)


def reciprocal_rank_fusion(*rankings: list[Chunk]) -> list[Passage]:
    scores: dict[str, float] = {}
    chunks: dict[str, Chunk] = {}
    for ranking in rankings:
        for rank, chunk in enumerate(ranking):
            scores[chunk.id] = scores.get(chunk.id, 0.0) + 1.0 / (RRF_K + rank + 1)
            chunks.setdefault(chunk.id, chunk)
    return [Passage(chunks[cid], score) for cid, score in sorted(scores.items(), key=lambda kv: -kv[1])]


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
        self.vectors = ChromaVectorStore(chroma_collection=generation.collection)
        self.bm25 = None
        if generation.bm25_path.exists():
            from llama_index.retrievers.bm25 import BM25Retriever

            logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on itself
            self.bm25 = BM25Retriever.from_persist_dir(str(generation.bm25_path), show_progress=False)
        self.size = generation.collection.count()

    def embed(self, text: str) -> list[float]:
        return self.model.get_query_embedding(text)

    def dense(self, vector: list[float], k: int) -> list[Chunk]:
        k = min(k, self.size)
        if k <= 0:
            return []
        result = self.vectors.query(VectorStoreQuery(query_embedding=vector, similarity_top_k=k))
        return [to_chunk(node) for node in result.nodes or []]

    def lexical(self, query: str, k: int) -> list[Chunk]:
        k = min(k, self.size)  # bm25s refuses a k larger than its corpus
        if self.bm25 is None or k <= 0:
            return []
        self.bm25.similarity_top_k = k
        hits = self.bm25.retrieve(QueryBundle(query))
        return [to_chunk(hit.node) for hit in hits if hit.score > 0]

    def retrieve(self, query: str, top_k: int, vector: list[float] | None = None) -> list[Passage]:
        if self.size == 0 or not query.strip():
            return []
        k = min(max(CANDIDATES, top_k), self.size)  # a deep top_k draws as deep from each
        vector = vector if vector is not None else self.embed(query)
        fused = reciprocal_rank_fusion(self.dense(vector, k), self.lexical(query, k))
        return diversify(fused, top_k, per_source=max(2, top_k // 3))
