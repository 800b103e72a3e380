"""Issue 14: intra-op threads of the model on a shared two-core machine. For 1 and 2
threads, another process indexes SciFact docs (`treaty-assistant index`'s work) while
this one answers the dev questions on seeds/ (the web chat's), both with that many
threads and the default backend: the warm `ask` latency under that load, and the
indexing throughput beside it. The figures pick Settings.embedding_threads."""
from __future__ import annotations

import json
import subprocess
import time

from .common import ROOT, Workspace, backend_env, percentiles_ms, probe_command, settings, timed, write_docs

THREADS = (1, 2)


def under_load(ws: Workspace, dev: list[dict], docs: list[dict], threads: int) -> dict:
    from assistant import Assistant

    sources, index = ws.root / f"loaded-{threads}", ws.root / f"loaded-index-{threads}"
    sources.mkdir()
    write_docs(sources, docs)
    bot = Assistant(settings=settings(ws.seeds, ws.seeds_index, threads=threads))
    bot.ask(dev[0]["question"])  # loaded and warm before the load starts
    start = time.perf_counter()
    indexing = subprocess.Popen(probe_command("index", str(sources), str(index)), cwd=ROOT, text=True,
                                env=backend_env(threads=threads), stdout=subprocess.PIPE,
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


def run(ws: Workspace, dev: list[dict], docs: list[dict]) -> dict:
    """Docs not in the ingestion set, so the builds embed texts of the same kind afresh."""
    loaded = docs[ws.size.ingest_docs: ws.size.ingest_docs + ws.size.loaded_docs]
    return {str(threads): under_load(ws, dev, loaded, threads) for threads in THREADS}
