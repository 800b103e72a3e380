"""Issue 14: the local model on PyTorch or ONNX Runtime (fp32, int8). The backend is a
setting, the index records it and refuses to mix vectors of two backends, the ONNX export
is made once on a fresh cache (also by two processes at once), and ONNX's chunk and
sentence vectors agree with torch's."""
from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT, SEEDS

from assistant.chunking import chunk_source, searched_sentences
from assistant.embeddings import embed_with_sentences, embedding_model
from assistant.indexing import ModelMismatch, refresh
from assistant.onnx_backend import VARIANTS
from assistant.settings import Settings
from assistant.sources import read_sources
from assistant.store import IndexFolder

# Cosine with torch's vectors that each backend must keep, for every seed chunk and every
# quotable sentence. fp32 differs from torch only in the order of float additions (worst
# 1 − 3e-8 on the seeds); int8's weights carry rounding errors: worst 0.987, mean 0.992 on
# the seeds' chunks and sentences alike, so 0.97 leaves room for other CPUs' kernels.
AGREEMENT = {"onnx": 0.9999, "onnx-int8": 0.97}


def test_the_backend_is_a_setting_and_the_index_id_names_it(monkeypatch):
    monkeypatch.setenv("TREATY_EMBEDDING_BACKEND", "onnx-int8")
    monkeypatch.setenv("TREATY_EMBEDDING_THREADS", "1")
    settings = Settings()
    assert (settings.embedding_backend, settings.embedding_threads) == ("onnx-int8", 1)
    assert settings.embedding_model_id == "local:all-MiniLM-L6-v2@onnx-int8"
    # torch keeps the id indexes recorded before there was a choice, so they stay valid.
    assert Settings(embedding_backend="torch").embedding_model_id == "local:all-MiniLM-L6-v2"
    assert Settings(embedding_backend="onnx").embedding_model_id == "local:all-MiniLM-L6-v2@onnx"
    assert Settings(embeddings="openai", embedding_backend="onnx").embedding_model_id == \
        "openai:text-embedding-3-small"  # OpenAI's vectors come from no local backend
    monkeypatch.setenv("TREATY_EMBEDDING_BACKEND", "tensorflow")
    with pytest.raises(ValueError, match="embedding_backend"):
        Settings()


def test_switching_backend_is_refused_until_a_rebuild(sources_dir, tmp_path):
    onnx = Settings(sources=sources_dir, index=tmp_path / "index", embedding_backend="onnx")
    refresh(onnx)
    assert IndexFolder(onnx.index).live_manifest().embedding_model == "local:all-MiniLM-L6-v2@onnx"
    live = IndexFolder(onnx.index).live().name

    torch_settings = onnx.model_copy(update={"embedding_backend": "torch"})
    with pytest.raises(ModelMismatch) as info:
        refresh(torch_settings)
    message = str(info.value)
    assert "local:all-MiniLM-L6-v2@onnx" in message and "--rebuild" in message
    assert "TREATY_EMBEDDING_BACKEND=onnx" in message  # the other way out: set the backend back
    assert IndexFolder(onnx.index).live().name == live  # nothing was written

    report = refresh(torch_settings, rebuild=True)
    assert report.embedded == report.chunks > 0
    assert IndexFolder(onnx.index).live_manifest().embedding_model == "local:all-MiniLM-L6-v2"
    assert refresh(torch_settings).up_to_date
    with pytest.raises(ModelMismatch, match=r"TREATY_EMBEDDING_BACKEND=torch"):
        refresh(onnx)


def test_an_index_built_before_onnx_became_the_default_keeps_its_own_backend(sources_dir, tmp_path,
                                                                               monkeypatch):
    """Upgrading changes no existing index: with no backend chosen, a torch-built index is
    refreshed and served by torch (no ModelMismatch, nothing re-embedded); `--rebuild` builds
    it with the default, onnx."""
    from assistant import Assistant

    monkeypatch.delenv("TREATY_EMBEDDING_BACKEND", raising=False)
    index = tmp_path / "index"
    refresh(Settings(sources=sources_dir, index=index, embedding_backend="torch"))
    default = Settings(sources=sources_dir, index=index)
    assert default.embedding_backend == "onnx"
    assert refresh(default).up_to_date  # no mismatch, nothing to embed again
    bot = Assistant(settings=default)
    assert bot.ask("How long does the treaty last?").found
    assert bot._ready().settings.embedding_backend == "torch"  # questions embedded as the index was
    assert IndexFolder(index).live_manifest().embedding_model == "local:all-MiniLM-L6-v2"

    report = refresh(default, rebuild=True)
    assert report.embedded == report.chunks > 0
    assert IndexFolder(index).live_manifest().embedding_model == "local:all-MiniLM-L6-v2@onnx"


EXPORT = """
import logging, sys
from pathlib import Path
logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
from assistant.onnx_backend import ensure, locate
print(ensure(locate("onnx-int8", Path(sys.argv[1]))))
"""


@pytest.mark.timeout(600)
def test_two_processes_on_a_fresh_cache_export_once(tmp_path):
    """Two processes start at once on an empty cache: one exports (fp32, then int8 from
    it), the other waits and uses its files; nothing half-written is left."""
    cache = tmp_path / "cache"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    runs = [subprocess.Popen([sys.executable, "-c", EXPORT, str(cache)], cwd=ROOT, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [run.communicate(timeout=580) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-2000:] for _, err in outputs]
    paths = {out.strip().splitlines()[-1] for out, _ in outputs}
    assert len(paths) == 1
    folder = cache / next(iter(paths)).split("/")[-2]
    assert sorted(p.name for p in folder.iterdir()) == sorted(VARIANTS.values())
    exports = sum(err.count("exported the embedding model") for _, err in outputs)
    assert exports == 2, [err[-2000:] for _, err in outputs]  # fp32 and int8, by one of the two


def seed_texts() -> tuple[list[str], list[list[tuple[int, int]]]]:
    chunks = [chunk for source in read_sources(SEEDS) for chunk in chunk_source(source)]
    texts, spans = zip(*(searched_sentences(chunk) for chunk in chunks))
    return list(texts), list(spans)


@pytest.mark.parametrize("backend", sorted(AGREEMENT))
def test_onnx_vectors_agree_with_torch(backend):
    texts, spans = seed_texts()
    reference = embed_with_sentences(embedding_model(Settings(embedding_backend="torch")), texts, spans)
    model = embedding_model(Settings(embedding_backend=backend))
    vectors, sentences = embed_with_sentences(model, texts, spans)

    chunk_cosines = (np.asarray(vectors) * np.asarray(reference[0])).sum(axis=1)
    assert [s is None for s in sentences] == [s is None for s in reference[1]]
    sentence_cosines = np.concatenate([(ours * theirs).sum(axis=1)
                                       for ours, theirs in zip(sentences, reference[1]) if ours is not None])
    assert len(chunk_cosines) == len(texts) > 20 and len(sentence_cosines) > 90
    assert chunk_cosines.min() >= AGREEMENT[backend], chunk_cosines.min()
    assert sentence_cosines.min() >= AGREEMENT[backend], sentence_cosines.min()
    # A question is embedded by the same backend (retrieval and the answerer's cosine).
    question = "How long does the partnership last?"
    assert float(np.dot(model.get_query_embedding(question),
                        embedding_model(Settings(embedding_backend="torch")).get_query_embedding(question))) \
        >= AGREEMENT[backend]
