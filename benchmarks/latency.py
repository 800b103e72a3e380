"""Issue 2 and 6.2: warm `Assistant.ask` latency (retrieve + extractive answer) on the
seeds/ index, over the dev questions, and on a 50,000-chunk index.

Embedding 50,000 chunks takes about 30 minutes here, so the large index is made from
the SciFact index instead: its real chunks and vectors, plus copies of randomly drawn
chunks whose vectors are the original's with Gaussian noise (PERTURBATION per dimension,
re-normalised: cosine ≈ 0.98 to the original) and the same text. It is written with the
project's own writers (Chroma via LlamaIndex, BM25, manifest) and served by an ordinary
Assistant. Each question is asked once, after one warm-up question."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from .common import Workspace, percentiles_ms, settings, timed

PERTURBATION = 0.01
WARM_UP = "What is this about?"
BATCH = 1000


def latencies(bot, questions: list[dict]) -> dict:
    """p50/p95 of `ask` (retrieve + answer), and of `retrieve` alone, over the questions."""
    bot.ask(WARM_UP)
    asked = [timed(bot.ask, q["question"], history=q.get("history"))[1] for q in questions]
    retrieved = [timed(bot.retrieve, q["question"])[1] for q in questions]
    return {**percentiles_ms(asked), "retrieve": percentiles_ms(retrieved)}


def build_big_index(ws: Workspace) -> int:
    """The perturbed index of ws.size.big_index chunks, from the SciFact index; returns
    how many chunks are copies."""
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from assistant.chunking import chunk_source
    from assistant.indexing import _write_bm25
    from assistant.nodes import read_sentence_vectors, to_node
    from assistant.sources import read_sources
    from assistant.store import IndexFolder

    live = IndexFolder(ws.scifact_index).live()
    manifest = live.manifest()
    chunks = [(s.key, c) for s in read_sources(ws.scifact) for c in chunk_source(s)]  # as indexed
    stored = live.collection.get(include=["embeddings", "metadatas"])
    vectors = dict(zip(stored["ids"], np.asarray(stored["embeddings"], dtype=np.float32)))
    # Each chunk's sentence vectors (same text, so a copy keeps its original's).
    sentences = {cid: read_sentence_vectors(meta) for cid, meta in zip(stored["ids"], stored["metadatas"])}
    rows = [(key, chunk, vectors[chunk.id], sentences[chunk.id]) for key, chunk in chunks]
    rng = np.random.default_rng(0)
    for n, i in enumerate(rng.integers(0, len(chunks), max(0, ws.size.big_index - len(chunks)))):
        key, chunk, vector, sentence_vectors = rows[i]
        vector = vector + rng.normal(0, PERTURBATION, vector.shape).astype(np.float32)
        copy = replace(chunk, id=f"{chunk.id}-p{n}")
        manifest.files[key].chunks.append(copy.id)
        rows.append((key, copy, vector / np.linalg.norm(vector), sentence_vectors))

    folder = IndexFolder(ws.big_index)
    gen = folder.begin()
    store = ChromaVectorStore(chroma_collection=gen.collection)
    for start in range(0, len(rows), BATCH):
        store.add([to_node(chunk, key, vector.tolist(), sentence_vectors)
                   for key, chunk, vector, sentence_vectors in rows[start:start + BATCH]])
    _write_bm25(gen, [(key, chunk) for key, chunk, _, _ in rows])
    folder.publish(gen, manifest)
    return len(rows) - len(chunks)


def run(ws: Workspace, dev: list[dict], claims: list[dict]) -> dict:
    from assistant import Assistant

    seeds = latencies(Assistant(settings=settings(ws.seeds, ws.seeds_index)), dev)
    copies, build_s = timed(build_big_index, ws)
    big = latencies(Assistant(settings=settings(ws.scifact, ws.big_index)), claims)
    return {"seeds": seeds, "big": {**big, "chunks": ws.size.big_index, "perturbed_copies": copies,
                                    "build_s": build_s}}
