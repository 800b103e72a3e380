"""Issue 6.4: peak memory (max RSS) of a serving process: a fresh process that opens the
Assistant on an index and answers questions, on seeds/ and on the large index."""
from __future__ import annotations

import json

from .common import Workspace, run_probe


def serving_peak(ws: Workspace, sources, index, questions: list[dict], name: str) -> dict:
    path = ws.root / f"{name}-questions.json"
    path.write_text(json.dumps(questions))
    report, _ = run_probe("serve", str(sources), str(index), str(path))
    return report


def run(ws: Workspace, dev: list[dict], claims: list[dict]) -> dict:
    return {"seeds": serving_peak(ws, ws.seeds, ws.seeds_index, dev, "dev"),
            "big": serving_peak(ws, ws.scifact, ws.big_index, claims, "claims")}
