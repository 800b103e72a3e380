"""Issue 2: a cold index build of seeds/ in a fresh process (imports and model load
included), then a re-check of the unchanged corpus, which must not load the model."""
from __future__ import annotations

from .common import Workspace, run_probe


def run(ws: Workspace) -> dict:
    cold, cold_wall = run_probe("index", str(ws.seeds), str(ws.seeds_index))
    again, again_wall = run_probe("index", str(ws.seeds), str(ws.seeds_index))
    assert again["embedded"] == 0, "the re-check of an unchanged corpus embedded chunks"
    return {"cold_build_s": cold_wall, "cold_refresh_s": cold["seconds"], "seed_chunks": cold["chunks"],
            "recheck_s": again["seconds"], "recheck_process_s": again_wall,
            "recheck_model_loaded": again["model_loaded"]}
