"""Issue 14: intra-op threads of the model on a shared two-core machine. For 1 and 2
threads, another process indexes SciFact docs (`treaty-assistant index`'s work) while
this one answers the dev questions on seeds/ (the web chat's), both with that many
threads and the same backend: the warm `ask` latency under that load, and the
indexing throughput beside it. The figures pick Settings.embedding_threads.

`make bench` runs it for the default backend (`run`); on its own it compares backends,
taking turns, for as many rounds as asked:

    python -m benchmarks.threads --backends onnx torch --rounds 2 [--docs 150]
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import (FULL, ROOT, Workspace, backend_env, default_backend, dev_questions, percentiles_ms,
                     probe_command, scifact_sample, settings, timed, write_docs)

THREADS = (1, 2)


def under_load(ws: Workspace, dev: list[dict], docs: list[dict], threads: int, backend: str | None = None,
               name: str = "") -> dict:
    """One configuration: `backend` (None: the environment's, else the default) with `threads`
    in both processes; `name` tells its folders apart from other rounds'."""
    from assistant import Assistant
    from assistant.embeddings import _local_model

    backend = backend or default_backend()
    label = f"{backend}-{threads}{name}"
    sources, index = ws.root / f"loaded-{label}", ws.root / f"loaded-index-{label}"
    sources.mkdir()
    write_docs(sources, docs)
    # A model of its own, loaded afresh as the web chat's process would: torch's thread count
    # is process-wide and set when a model loads, so a model cached by an earlier stage (or
    # round) would run with whatever count was set last.
    _local_model.cache_clear()
    bot = Assistant(settings=settings(ws.seeds, ws.seeds_index_of(backend), backend, threads))
    bot.ask(dev[0]["question"])  # loaded and warm before the load starts
    start = time.perf_counter()
    indexing = subprocess.Popen(probe_command("index", str(sources), str(index)), cwd=ROOT, text=True,
                                env=backend_env(backend, threads), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
    asked: list[float] = []
    while indexing.poll() is None:  # questions, one after another, for as long as the build runs
        asked += [timed(bot.ask, q["question"], history=q.get("history"))[1]
                  for q in dev if indexing.poll() is None]
    out, err = indexing.communicate()
    if indexing.returncode:
        raise RuntimeError(f"indexing under load failed:\n{err[-3000:]}")
    built = json.loads(out.strip().splitlines()[-1])
    return {"ask": percentiles_ms(asked or [float("nan")]), "index_s": built["seconds"],
            "wall_s": time.perf_counter() - start, "chunks": built["chunks"],
            "chunks_per_s": built["chunks"] / built["seconds"]}


def loaded_docs(ws: Workspace, docs: list[dict]) -> list[dict]:
    """Docs not in the ingestion set, so the builds embed texts of the same kind afresh."""
    return docs[ws.size.ingest_docs: ws.size.ingest_docs + ws.size.loaded_docs]


def run(ws: Workspace, dev: list[dict], docs: list[dict]) -> dict:
    return {str(threads): under_load(ws, dev, loaded_docs(ws, docs), threads) for threads in THREADS}


def main(argv: list[str] | None = None) -> dict:
    """Each backend's seeds/ index built first, then every (backend, threads) under load,
    taking turns in each round (the second round in the reverse order, so a load that
    drifts during the run weighs on both sides alike). Prints the figures as JSON."""
    from assistant.indexing import refresh

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", nargs="+", default=[default_backend()])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--docs", type=int, default=FULL.loaded_docs, help="SciFact docs indexed under load")
    args = parser.parse_args(argv)
    configurations = [(backend, threads) for backend in args.backends for threads in THREADS]
    results: dict = {backend: {str(threads): [] for threads in THREADS} for backend in args.backends}
    with tempfile.TemporaryDirectory(prefix="treaty-threads-") as tmp:
        ws = Workspace(Path(tmp), dataclasses.replace(FULL, loaded_docs=args.docs))
        ws.prepare()
        dev, (_, docs) = dev_questions(), scifact_sample(ws.size)
        for backend in args.backends:
            refresh(settings(ws.seeds, ws.seeds_index_of(backend), backend))
        for round_ in range(args.rounds):
            for backend, threads in configurations[::-1] if round_ % 2 else configurations:
                figures = under_load(ws, dev, loaded_docs(ws, docs), threads, backend, f"-r{round_}")
                print(f"[threads] round {round_ + 1} {backend} {threads}: {json.dumps(figures)}",
                      file=sys.stderr, flush=True)
                results[backend][str(threads)].append(figures)
    print(json.dumps(results, indent=1))
    return results


if __name__ == "__main__":
    main()
