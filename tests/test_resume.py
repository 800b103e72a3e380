"""Ingestion at scale: an indexing run killed (SIGKILL) half-way leaves the old index
serving, and the next run embeds only what the killed one had not written; the progress
bar shows rate and ETA; reading the sources folder holds one document, not the corpus."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import ARMS, ROOT

BATCH_LINE = re.compile(r"(\d+)/(\d+) \[[\d:]+<[\d:?]+, *[\d.?]+ ?chunk/s\]")


def briefing(i: int) -> str:
    """A small, unique news item: one chunk, nothing a cleaner would call furniture."""
    return (f"Caspian trade briefing number {i}\n\n"
            f"Customs officers in Astrakhan registered consignment {i} of wheat bound for Bandar Anzali "
            f"on day {i % 28 + 1}, with tariff line {i * 31 % 997} lowered by {i % 9 + 1} percent.\n")


def long_briefing(i: int) -> str:
    """A longer item: a briefing and five more paragraphs."""
    return briefing(i) + "".join(
        f"\nParagraph {p} of report {i} notes that shipments along the northern route rose by {p + i % 7} "
        f"percent in the quarter, while the southern corridor through Azerbaijan stayed flat, and that "
        f"officials expect the new customs rules to shorten border checks by about {p * 3} hours.\n"
        for p in range(5))


def add_briefings(folder: Path, count: int, write=briefing) -> None:
    target = folder / "briefings"
    target.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (target / f"briefing-{i:04d}.md").write_text(write(i), encoding="utf-8")


class Output(threading.Thread):
    """Reads a process's stderr as it comes (tqdm redraws with carriage returns)."""

    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream, self.text, self.lock = stream, "", threading.Lock()

    def run(self) -> None:
        while chunk := self.stream.read1(4096):
            with self.lock:
                self.text += chunk.decode("utf-8", "replace")

    def progress(self) -> list[tuple[int, int]]:
        with self.lock:
            return [(int(done), int(total)) for done, total in BATCH_LINE.findall(self.text)]


def index_command(sources: Path, index: Path, chroma_url: str) -> subprocess.Popen:
    env = {**os.environ, "TREATY_CHROMA_URL": chroma_url, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "assistant.cli", "index", "--sources", str(sources),
                             "--index", str(index)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_mid_way(process: subprocess.Popen, after: int, timeout: float = 240) -> tuple[list[tuple[int, int]], str]:
    """SIGKILL the indexing process once it has embedded at least `after` chunks."""
    output = Output(process.stderr)
    output.start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        done = output.progress()
        if done and done[-1][0] >= after:
            assert done[-1][0] < done[-1][1], "the build finished before it could be interrupted"
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.02)
    else:
        process.kill()
        pytest.fail(f"no progress past {after} chunks:\n{output.text[-3000:]}")
    assert process.wait(timeout=30) == -signal.SIGKILL
    output.join(timeout=5)
    return output.progress(), output.text


@pytest.mark.parametrize("server", [False, True], ids=["embedded", "chroma-server"])
def test_killed_build_resumes_where_it_stopped(server, request, tmp_path):
    from assistant import Assistant
    from assistant.indexing import refresh
    from assistant.retrieval import HybridRetriever
    from assistant.settings import Settings
    from assistant.store import IndexFolder

    chroma_url = request.getfixturevalue("chroma_server") if server else ""
    sources, index = tmp_path / "sources", tmp_path / "index"
    shutil.copytree(ROOT / "seeds", sources)
    settings = Settings(sources=sources, index=index, chroma_url=chroma_url)
    old = refresh(settings)
    old_generation = IndexFolder(index, chroma_url).live().name

    add_briefings(sources, 320)
    progress, stderr = kill_mid_way(index_command(sources, index, chroma_url), after=128)
    total = progress[-1][1]
    assert total == 320  # the seed chunks were copied from the live index, not embedded
    assert re.search(r"\d+/320 \[\d\d:\d\d<\d\d:\d\d, +[\d.]+chunk/s\]", stderr), stderr[-500:]

    # Meanwhile the old index is the live one, and serves.
    folder = IndexFolder(index, chroma_url)
    assert folder.live().name == old_generation
    assert folder.live().manifest().chunk_ids and len(folder.live().manifest().chunk_ids) == old.chunks
    serving = HybridRetriever(folder.live(), settings)  # what a running assistant holds
    assert serving.retrieve(ARMS, top_k=3)[0].source.endswith(".txt")
    unfinished = [p for p in index.glob("g-*") if p.name != old_generation]
    assert len(unfinished) == 1 and not (unfinished[0] / "manifest.json").exists()
    written = folder.begin().collection.count()  # begin() hands back the interrupted build
    assert old.chunks + 128 <= written < old.chunks + 320

    report = refresh(settings)
    assert report.embedded == old.chunks + 320 - written  # only the remainder
    assert report.chunks == old.chunks + 320
    live = IndexFolder(index, chroma_url).live()
    assert live.name == unfinished[0].name  # the interrupted generation, finished
    assert live.collection.count() == report.chunks
    assert len(live.collection.get(ids=live.manifest().chunk_ids, include=[])["ids"]) == report.chunks
    assert Assistant(sources=sources, index=index, settings=settings).ask(ARMS).found


def test_reading_a_large_folder_holds_one_document_at_a_time(tmp_path):
    """Reading holds one document's text at a time, not the corpus's: the documents wait
    on disk between the boilerplate pass and cleaning. (What does grow with the corpus is
    the count of short lines the boilerplate pass keeps: a few per document.)"""
    from assistant.sources import read_sources

    add_briefings(tmp_path, 800, write=long_briefing)
    corpus_chars = sum(len(long_briefing(i)) for i in range(800))
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_sources(tmp_path / "briefings"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 800
    assert peak < corpus_chars / 4, (peak, corpus_chars)
