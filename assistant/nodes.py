"""Chunks to LlamaIndex nodes and back: the index stores nodes, the rest of the code
speaks Chunks."""
from __future__ import annotations

import json

from llama_index.core.schema import BaseNode, NodeRelationship, RelatedNodeInfo, TextNode

from .schema import Chunk

FIELDS = ("source", "title", "publisher", "date", "url")  # strings, "" for none


def to_node(chunk: Chunk, source_key: str, embedding: list[float] | None = None) -> TextNode:
    metadata: dict[str, str | int] = {name: getattr(chunk, name) or "" for name in FIELDS}
    metadata["spans"] = json.dumps(chunk.spans)
    metadata["page"] = chunk.page or 0  # Chroma metadata holds no None; pages count from 1
    return TextNode(
        id_=chunk.id, text=chunk.text, metadata=metadata, embedding=embedding,
        # Only the text is embedded and searched; the metadata rides along.
        excluded_embed_metadata_keys=list(metadata), excluded_llm_metadata_keys=list(metadata),
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=source_key)},
    )


def to_chunk(node: BaseNode) -> Chunk:
    meta = node.metadata
    return Chunk(
        id=node.node_id, source=meta["source"], title=meta.get("title") or None,
        publisher=meta.get("publisher") or None, date=meta.get("date") or None,
        text=node.get_content(), spans=tuple(tuple(span) for span in json.loads(meta["spans"])),
        page=meta.get("page") or None, url=meta.get("url") or None,
    )
