"""BM25 over the index's chunks, in any language: LlamaIndex's BM25Retriever (bm25s
underneath, persisted with the index generation), with chunks and queries tokenised by
text.index_terms instead of bm25s's own tokenizer, which splits on spaces and so takes a
line of Chinese for one word. For English text the terms are exactly bm25s's own."""
from __future__ import annotations

import logging

import bm25s
import numpy as np
from llama_index.core.schema import BaseNode, MetadataMode, NodeWithScore, QueryBundle
from llama_index.core.vector_stores.utils import metadata_dict_to_node, node_to_metadata_dict
from llama_index.retrievers.bm25 import BM25Retriever

from .text import index_terms

logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on itself


class TermsBM25(BM25Retriever):
    @classmethod
    def over(cls, nodes: list[BaseNode]) -> TermsBM25:
        """A BM25 index of the nodes' searched text (what is embedded: the chunk under its header)."""
        bm25 = bm25s.BM25()
        bm25.index([index_terms(node.get_content(metadata_mode=MetadataMode.EMBED)) for node in nodes],
                   show_progress=False)
        bm25.corpus = [node_to_metadata_dict(node) | {"node_id": node.node_id} for node in nodes]
        return cls(existing_bm25=bm25)

    def scores(self, query: str) -> np.ndarray:
        """The query's BM25 score of every chunk, by row; terms the index never saw count nothing."""
        known = [term for term in index_terms(query) if term in self.bm25.vocab_dict]
        return np.asarray(self.bm25.get_scores(known)) if known else np.zeros(len(self.corpus))

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        scores = self.scores(query_bundle.query_str)
        best = np.argsort(-scores, kind="stable")[:self.similarity_top_k]
        return [NodeWithScore(node=metadata_dict_to_node(self.corpus[int(row)]), score=float(scores[row]))
                for row in best if scores[row] > 0]
