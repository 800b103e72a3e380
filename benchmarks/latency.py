"""Issues 2, 6.2 and 14: warm `Assistant.ask` latency (retrieve + extractive answer) on the
seeds/ index, over the dev questions, with each backend of the model (and the time to
embed a question alone), and on a 50,000-chunk index with the default backend.

Embedding 50,000 chunks takes about 30 minutes here, so the large index is made from
the SciFact index instead: its real chunks and vectors, plus copies of randomly drawn
chunks whose vectors are the original's with Gaussian noise (PERTURBATION per dimension,
re-normalised: cosine ≈ 0.98 to the original) and the same text. It is written with the
project's own writers (Chroma via LlamaIndex, BM25, manifest) and served by an ordinary
Assistant. Each question is asked once per round, after one warm-up question; on seeds/
the backends take turns, round after round, so that the machine's load falls on all alike."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from .common import BACKENDS, Workspace, default_backend, percentiles_ms, settings, timed, write_generation

PERTURBATION = 0.01
WARM_UP = "What is this about?"


def latencies(bot, questions: list[dict]) -> dict:
    """p50/p95 of `ask` (retrieve + answer), and of `retrieve` alone, over the questions."""
    bot.ask(WARM_UP)
    asked = [timed(bot.ask, q["question"], history=q.get("history"))[1] for q in questions]
    retrieved = [timed(bot.retrieve, q["question"])[1] for q in questions]
    return {**percentiles_ms(asked), "retrieve": percentiles_ms(retrieved)}


def build_big_index(ws: Workspace) -> int:
    """The perturbed index of ws.size.big_index chunks, from the SciFact index; returns
    how many chunks are copies."""
    from assistant.chunking import chunk_source
    from assistant.nodes import read_sentence_vectors
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

    write_generation(ws.big_index, rows, manifest)
    return len(rows) - len(chunks)


def backend_rounds(ws: Workspace, dev: list[dict]) -> dict:
    """Per backend: `ask` and `retrieve` p50/p95 on seeds/ and the median time to embed a
    question, over ws.size.rounds rounds in which the backends take turns."""
    from assistant import Assistant
    from assistant.embeddings import embedding_model
    from assistant.indexing import refresh

    bots = {}
    for backend in BACKENDS:
        config = settings(ws.seeds, ws.seeds_index_of(backend), backend)
        refresh(config)  # the default backend's was built by the start-up benchmark
        bots[backend] = Assistant(settings=config)
        bots[backend].ask(WARM_UP)
    asked = {backend: [] for backend in BACKENDS}
    retrieved = {backend: [] for backend in BACKENDS}
    embedded = {backend: [] for backend in BACKENDS}
    for _ in range(ws.size.rounds):
        for backend, bot in bots.items():
            model = embedding_model(bot.settings)  # the one instance the bot runs
            asked[backend] += [timed(bot.ask, q["question"], history=q.get("history"))[1] for q in dev]
            retrieved[backend] += [timed(bot.retrieve, q["question"])[1] for q in dev]
            embedded[backend] += [timed(model.get_query_embedding, q["question"])[1] for q in dev]
    return {backend: {**percentiles_ms(asked[backend]), "retrieve": percentiles_ms(retrieved[backend]),
                      "embed_query": percentiles_ms(embedded[backend])} for backend in BACKENDS}


def run(ws: Workspace, dev: list[dict], claims: list[dict]) -> dict:
    from assistant import Assistant

    backends = backend_rounds(ws, dev)
    copies, build_s = timed(build_big_index, ws)
    big = latencies(Assistant(settings=settings(ws.scifact, ws.big_index)), claims)
    return {"seeds": backends[default_backend()], "backends": backends,
            "big": {**big, "chunks": ws.size.big_index, "perturbed_copies": copies, "build_s": build_s}}
