"""Chunks to LlamaIndex nodes and back: the index stores nodes, the rest of the code
speaks Chunks."""
from __future__ import annotations

import base64
import json

import numpy as np
from llama_index.core.schema import BaseNode, NodeRelationship, RelatedNodeInfo, TextNode

from .schema import Chunk

FIELDS = ("source", "title", "publisher", "date", "url")  # strings, "" for none
SENTENCE_VECTORS = "sentence_vectors"


def pack_vectors(vectors: np.ndarray) -> str:
    """Sentence vectors as a metadata string: "rows x dims:" then base64 of float16 (ample
    for cosines, and half the size)."""
    rows, dims = vectors.shape
    return f"{rows}x{dims}:" + base64.b64encode(vectors.astype(np.float16).tobytes()).decode("ascii")


def read_sentence_vectors(metadata: dict) -> np.ndarray | None:
    """The sentence vectors a node's metadata (as Chroma returns it) holds, if any."""
    packed = metadata.get(SENTENCE_VECTORS)
    if not packed:
        return None
    shape, _, data = packed.partition(":")
    rows, dims = (int(n) for n in shape.split("x"))
    return np.frombuffer(base64.b64decode(data), dtype=np.float16).reshape(rows, dims)


def to_node(chunk: Chunk, source_key: str, embedding: list[float] | None = None,
            sentence_vectors: np.ndarray | None = None) -> TextNode:
    metadata: dict[str, str | int] = {name: getattr(chunk, name) or "" for name in FIELDS}
    metadata["spans"] = json.dumps(chunk.spans)
    metadata["page"] = chunk.page or 0  # Chroma metadata holds no None; pages count from 1
    metadata["header"] = chunk.header
    if chunk.tables:  # which blocks are table rows, and their header rows (chunking.quotable_sentences)
        metadata["tables"] = json.dumps(chunk.tables)
        metadata["row_headers"] = json.dumps(chunk.row_headers)
    if sentence_vectors is not None:
        metadata[SENTENCE_VECTORS] = pack_vectors(sentence_vectors)
    # What is searched, get_content(MetadataMode.EMBED) (which LlamaIndex's BM25Retriever
    # indexes), is chunking.searched_text, as indexing._fill embeds it: the header, if any,
    # above the text. The rest of the metadata rides along.
    return TextNode(
        id_=chunk.id, text=chunk.text, metadata=metadata, embedding=embedding,
        excluded_embed_metadata_keys=[key for key in metadata if key != "header"],
        excluded_llm_metadata_keys=list(metadata),
        metadata_template="{value}", text_template="{metadata_str}\n\n{content}",
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=source_key)},
    )


def to_chunk(node: BaseNode) -> Chunk:
    meta = node.metadata
    return Chunk(
        id=node.node_id, source=meta["source"], title=meta.get("title") or None,
        publisher=meta.get("publisher") or None, date=meta.get("date") or None,
        text=node.get_content(), spans=tuple(tuple(span) for span in json.loads(meta["spans"])),
        page=meta.get("page") or None, url=meta.get("url") or None, header=meta.get("header") or "",
        tables=tuple(json.loads(meta.get("tables") or "[]")),
        row_headers=tuple(json.loads(meta.get("row_headers") or "[]")),
        sentence_vectors=read_sentence_vectors(meta),
    )
