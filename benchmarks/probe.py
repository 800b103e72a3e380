"""What the benchmarks run in a fresh process, so that start-up, model load and peak
memory are those of a process of its own. Prints one JSON line.

    python -m benchmarks.probe index SOURCES INDEX           # indexing.refresh, timed
    python -m benchmarks.probe serve SOURCES INDEX QUESTIONS  # Assistant answering a JSON list
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from .common import peak_rss_mb, settings


def index(sources: str, index: str) -> dict:
    from assistant.indexing import refresh

    start = time.perf_counter()
    report = refresh(settings(Path(sources), Path(index)))
    return {"seconds": time.perf_counter() - start, "embedded": report.embedded, "chunks": report.chunks,
            "model_loaded": "sentence_transformers" in sys.modules or "torch" in sys.modules}


def serve(sources: str, index: str, questions: str) -> dict:
    from assistant import Assistant

    bot = Assistant(settings=settings(Path(sources), Path(index)))
    asked = json.loads(Path(questions).read_text())
    found = sum(bot.ask(q["question"], history=q.get("history")).found for q in asked)
    return {"asked": len(asked), "found": found, "peak_rss_mb": peak_rss_mb()}


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    print(json.dumps({"index": index, "serve": serve}[command](*args)))
