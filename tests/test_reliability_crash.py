"""Crashes during indexing: `treaty-assistant index` is killed (SIGKILL) at each point of
a build where the disk is half-way between two states, and then:

- until the next build, the last complete index is the live one, and it is whole (its
  manifest, vectors and BM25 agree): answers are never drawn from a half-written index;
- the next start completes the build, embedding only what the killed one had not
  written, and the index then holds exactly the corpus's chunks: nothing lost, nothing
  stale;
- the sources folder, and the repository's seeds/, are byte for byte as they were.

Each build runs in its own process, with a few lines of instrumentation that print where
it has got to; the test reads that and kills the process there. The builds run side by
side (three at a time) to keep the test short."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ARMS, ROOT, SEEDS
from test_indexing import NEW_ARTICLE, NEW_NAME, NEW_QUESTION
from test_resume import add_briefings
from test_security_input import tree_digest

from assistant import Assistant, Settings
from assistant.indexing import refresh
from assistant.store import IndexFolder

MARK = "KILL-POINT"
# Runs `treaty-assistant index` with hooks that print MARK when the build reaches the point
# named by argv[1]; with `hold`, the build then waits there to be killed.
DRIVER = r"""
import os, shutil, sys, time

point, argv = sys.argv[1], sys.argv[2:]


def reached(hold=True):
    print("KILL-POINT", point, flush=True)
    if hold:
        time.sleep(120)  # the test kills the process here


def hook(owner, name, when):
    # Report the point at a call of owner.name: `when(n, args)` for the n-th call says
    # "before" (and wait there), "during" (go on into the call, to be killed in it) or "after".
    original, calls = getattr(owner, name), []

    def hooked(*args, **kwargs):
        calls.append(args)
        moment = when(len(calls), args)
        if moment in ("before", "during"):
            reached(hold=moment == "before")
        result = original(*args, **kwargs)
        if moment == "after":
            reached()
        return result

    setattr(owner, name, hooked)


import assistant.indexing
from llama_index.vector_stores.chroma import ChromaVectorStore

assistant.indexing.BATCH = 8  # several batches from a few dozen chunks
if point == "first build, mid-embedding":  # after the second batch is stored
    hook(ChromaVectorStore, "add", lambda n, args: "after" if n == 2 else None)
elif point == "during a vector write":  # killed from outside while the third batch is written
    hook(ChromaVectorStore, "add", lambda n, args: "during" if n == 3 else None)
elif point == "during the BM25 write":  # its first array is on disk, the rest not
    import numpy
    hook(numpy, "save", lambda n, args: "after" if n == 1 else None)
elif point == "while saving the manifest":  # manifest.tmp written, not yet renamed
    hook(os, "replace", lambda n, args: "before" if str(args[1]).endswith("manifest.json") else None)
elif point == "just before the CURRENT switch":  # the generation is complete; CURRENT names the old one
    hook(os, "replace", lambda n, args: "before" if os.path.basename(args[1]) == "CURRENT" else None)
elif point == "while removing an old generation":  # after the switch, half-way through deleting
    rmtree = shutil.rmtree

    def half_rmtree(path, *args, **kwargs):
        if not os.path.exists(os.path.join(path, "manifest.json")):  # not a whole generation
            return rmtree(path, *args, **kwargs)
        files = sorted(p for p in __import__("pathlib").Path(path).rglob("*") if p.is_file())
        for file in sorted(files, key=lambda p: p.name != "manifest.json")[: len(files) // 2]:
            file.unlink()  # the manifest first: the worst order rmtree could take
        reached()

    shutil.rmtree = half_rmtree
else:
    raise SystemExit(f"unknown point {point}")

from assistant.cli import main

sys.argv = ["treaty-assistant", "index", "-q", *argv]
main()
"""

POINTS = ["first build, mid-embedding", "during a vector write", "during the BM25 write",
          "while saving the manifest", "just before the CURRENT switch", "while removing an old generation"]
BRIEFINGS = 40  # new chunks beside the new article: five or more batches of 8


@dataclass
class Crash:
    point: str
    sources: Path
    index: Path
    before: str | None  # the live generation before the killed build
    digest: dict[str, bytes]  # the sources folder before it
    returncode: int | None = None
    output: str = ""

    @property
    def settings(self) -> Settings:
        return Settings(sources=self.sources, index=self.index, chroma_url="")


def prepare(point: str, base: Path) -> Crash:
    """A sources folder with an index of the seeds (none for a first build), then a new
    article and briefings for the killed build to add."""
    sources, index = base / "sources", base / "index"
    shutil.copytree(SEEDS, sources)
    settings = Settings(sources=sources, index=index, chroma_url="")
    if point == "while removing an old generation":  # two generations, so that a build drops one
        refresh(settings)
        (sources / "extra.txt").write_text(NEW_ARTICLE.replace("sturgeon", "beluga"))
    if not point.startswith("first build"):
        refresh(settings)
    (sources / NEW_NAME).write_text(NEW_ARTICLE)
    add_briefings(sources, BRIEFINGS)
    live = IndexFolder(index, "").live()
    return Crash(point, sources, index, live.name if live else None, tree_digest(sources))


def kill_at_point(crash: Crash) -> Crash:
    """Run the build in its own process; SIGKILL it when it reports the point."""
    process = subprocess.Popen([sys.executable, "-c", DRIVER, crash.point, "--sources", str(crash.sources),
                                "--index", str(crash.index)], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    timer = threading.Timer(180, process.kill)  # a build that never reaches the point fails below
    timer.start()
    try:
        for line in process.stdout:
            crash.output += line
            if line.startswith(MARK):
                process.send_signal(signal.SIGKILL)
                break
        crash.output += process.stdout.read()
        crash.returncode = process.wait(timeout=30)
    finally:
        timer.cancel()
    return crash


@pytest.fixture(scope="module")
def seeds_digest():
    return tree_digest(SEEDS)


@pytest.fixture(scope="module")
def crashes(tmp_path_factory, seeds_digest) -> dict[str, Crash]:
    folders = [tmp_path_factory.mktemp("crash") for _ in POINTS]
    with ThreadPoolExecutor(3) as pool:
        done = pool.map(lambda point, base: kill_at_point(prepare(point, base)), POINTS, folders)
        return {crash.point: crash for crash in done}


def expected_chunks(sources: Path) -> set[str]:
    from assistant.chunking import chunk_source
    from assistant.sources import read_sources

    return {chunk.id for source in read_sources(sources) for chunk in chunk_source(source)}


def assert_whole(generation, settings: Settings) -> set[str]:
    """A generation whose manifest, vectors and BM25 agree; returns its chunk ids."""
    from assistant.retrieval import HybridRetriever

    manifest = generation.manifest()
    assert manifest is not None, generation.path
    ids = set(manifest.chunk_ids)
    assert set(generation.collection.get(include=[])["ids"]) == ids
    retriever = HybridRetriever(generation, settings)
    assert len(retriever.bm25.corpus) == len(ids)
    assert retriever.retrieve(ARMS, top_k=3), "the index serves"
    return ids


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize("point", POINTS)
def test_a_killed_build_leaves_a_whole_index_and_the_next_start_completes_it(crashes, seeds_digest, point):
    crash = crashes[point]
    assert crash.returncode == -signal.SIGKILL, crash.output[-3000:]
    assert tree_digest(crash.sources) == crash.digest  # the sources were only read
    assert tree_digest(SEEDS) == seeds_digest

    # Until the next build: the last complete index serves, whole; none at all on a first build.
    settings, folder = crash.settings, IndexFolder(crash.index, "")
    live = folder.live()
    switched = point == "while removing an old generation"  # killed after CURRENT moved on
    if crash.before is None:
        assert live is None
    else:
        assert live is not None and (live.name != crash.before) is switched
        assert_whole(live, settings)
        assert (NEW_NAME in live.manifest().files) is switched  # no part of the build serves before it is whole

    # The next start completes the build: everything the corpus holds, nothing else.
    bot = Assistant(sources=crash.sources, index=crash.index, settings=settings)
    report = bot.refresh()
    assert report.embedded <= BRIEFINGS + 5 + (32 if crash.before is None else 0)
    if point in ("during the BM25 write", "while saving the manifest", "just before the CURRENT switch"):
        assert report.embedded == 0, "every vector had been written: none is embedded again"
    live = folder.live()
    assert assert_whole(live, settings) == expected_chunks(crash.sources)
    generations = sorted(p.name for p in crash.index.iterdir() if p.is_dir())
    assert all((crash.index / name / "manifest.json").exists() for name in generations), generations
    assert len(generations) <= 2  # the live one, and the one before it for readers still on it
    answer = bot.ask(NEW_QUESTION)
    assert answer.found and any(c.source.endswith(NEW_NAME) for c in answer.citations)
    assert bot.ask(ARMS).found
    assert tree_digest(crash.sources) == crash.digest and tree_digest(SEEDS) == seeds_digest
