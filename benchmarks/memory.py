"""Issues 6.4 and 14: peak memory (max RSS) of a serving process: a fresh process that
opens the Assistant on an index and answers questions, on seeds/ with each backend of the
model, and on the large index with the default backend."""
from __future__ import annotations

import json

from .common import BACKENDS, Workspace, backend_env, default_backend, run_probe


def serving_peak(ws: Workspace, sources, index, questions: list[dict], name: str,
                 backend: str | None = None) -> dict:
    path = ws.root / f"{name}-questions.json"
    path.write_text(json.dumps(questions))
    report, _ = run_probe("serve", str(sources), str(index), str(path), env=backend_env(backend))
    return report


def run(ws: Workspace, dev: list[dict], claims: list[dict]) -> dict:
    backends = {backend: serving_peak(ws, ws.seeds, ws.seeds_index_of(backend), dev, "dev", backend)
                for backend in BACKENDS}
    return {"seeds": backends[default_backend()], "backends": backends,
            "big": serving_peak(ws, ws.scifact, ws.big_index, claims, "claims")}
