"""Shared fixtures: a real index of the seed articles, built once per test session in a
temporary folder (the repository's own index/ is never touched)."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

# free_port is imported from here by several tests.
from benchmarks.common import free_port, serving  # noqa: F401

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# Tests never reach a real model API: the generative answerer is opted into per test.
os.environ.pop("OPENAI_API_KEY", None)
os.environ.pop("OPENAI_BASE_URL", None)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ARMS = "Does the pact include arms transfers?"


@pytest.fixture(scope="session")
def seeds_copy(tmp_path_factory) -> Path:
    """A copy of seeds/ that tests may read (never modify: use `sources_dir` for that)."""
    folder = tmp_path_factory.mktemp("seeds") / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="session")
def seed_assistant(seeds_copy, tmp_path_factory):
    """An Assistant over the seed articles with its index built; shared, read-only."""
    from assistant import Assistant

    bot = Assistant(sources=seeds_copy, index=tmp_path_factory.mktemp("index"))
    bot.refresh()
    return bot


@pytest.fixture(scope="session")
def marked_assistant(tmp_path_factory):
    """An Assistant over the seed articles and quoting_support.ARTICLE, whose sentences
    carry footnote marks, emphasis, "<" and "&"; its index built. Shared, read-only."""
    from quoting_support import write_corpus

    from assistant import Assistant

    folder = write_corpus(tmp_path_factory.mktemp("marked") / "sources", SEEDS)
    bot = Assistant(sources=folder, index=tmp_path_factory.mktemp("marked-index"))
    bot.refresh()
    return bot


@pytest.fixture()
def sources_dir(tmp_path) -> Path:
    """A private, writable copy of seeds/ for tests that add, change or break files."""
    folder = tmp_path / "sources"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real Chroma server (`chroma run` from the chromadb package) on a free port of
    127.0.0.1, with its data in a temporary folder; yields its URL for TREATY_CHROMA_URL."""
    folder = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or "chroma"
    command = [chroma, "run", "--path", str(folder / "data"), "--host", "127.0.0.1", "--port", str(port)]
    try:
        with serving(command, f"{url}/api/v2/heartbeat", folder / "server.log", 60):
            yield url
    except RuntimeError as exc:
        pytest.fail(f"`chroma run`: {exc}")


@pytest.fixture(scope="session")
def cases_folder(tmp_path_factory) -> Path:
    """The seeds with the articles of tests/content_cases.py beside them (issue 11's inputs
    and more of each kind); read-only."""
    from content_cases import write_cases

    folder = tmp_path_factory.mktemp("cases") / "sources"
    shutil.copytree(SEEDS, folder)
    return write_cases(folder)


@pytest.fixture(scope="session")
def cases_assistant(cases_folder, tmp_path_factory):
    """An Assistant over `cases_folder`, its index built; shared, read-only."""
    from assistant import Assistant

    bot = Assistant(sources=cases_folder, index=tmp_path_factory.mktemp("cases-index"))
    bot.refresh()
    return bot
