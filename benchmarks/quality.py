"""Issue 6.3: retrieval quality on BEIR SciFact (test queries), nDCG@10 and recall@100,
of the project's HybridRetriever (fused), of its BM25 part alone and of its dense part
alone, over one index of the corpus built by `indexing.refresh`.

The index holds chunks (title + abstract, cut where the pipeline cuts articles); a doc
ranks where its best chunk ranks. Each retriever is asked for DEPTH chunks, enough for
100 distinct docs. Scores are computed by pytrec_eval (trec_eval's own code)."""
from __future__ import annotations

from collections.abc import Iterable

from .common import Workspace, doc_id, scifact_qrels, settings, timed, write_docs

DEPTH = 300  # chunks asked of each retriever
CUTOFF = 100  # docs kept per query
MEASURES = {"ndcg_cut.10": "ndcg@10", "recall.100": "recall@100"}


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
        scores[name] = {label: sum(per_query.get(q, {}).get(m.replace(".", "_"), 0.0) for q in qrels) / len(qrels)
                        for m, label in MEASURES.items()}
    return scores


def run(ws: Workspace, queries: list[tuple[str, str]], docs: list[dict]) -> dict:
    from assistant.indexing import refresh
    from assistant.retrieval import HybridRetriever
    from assistant.store import IndexFolder

    config = settings(ws.scifact, ws.scifact_index)
    write_docs(ws.scifact, docs[ws.size.ingest_docs:])  # the ingestion benchmark wrote the first ones
    report, build_s = timed(refresh, config)  # incremental: only the new docs are embedded
    retriever = HybridRetriever(IndexFolder(ws.scifact_index).live(), config)

    runs: dict[str, dict[str, dict[str, float]]] = {"hybrid": {}, "bm25": {}, "dense": {}}
    for qid, claim in queries:
        vector = retriever.embed(claim)
        runs["hybrid"][qid] = doc_run(p.source for p in retriever.retrieve(claim, DEPTH, vector=vector))
        runs["bm25"][qid] = doc_run(p.source for p in retriever.lexical(claim, DEPTH))
        runs["dense"][qid] = doc_run(p.source for p in retriever.dense(vector, DEPTH))
    asked = dict(queries)
    qrels = {qid: judged for qid, judged in scifact_qrels().items() if qid in asked}
    return {"docs": len(docs), "chunks": report.chunks, "queries": len(queries), "grow_s": build_s,
            **evaluate(runs, qrels)}
