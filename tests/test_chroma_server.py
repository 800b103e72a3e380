"""Server mode: with TREATY_CHROMA_URL the vectors live on a Chroma server (a real
`chroma run`, started by the `chroma_server` fixture) and everything behaves as with the
embedded store. The whole suite runs against a server too when TREATY_CHROMA_URL is set:
the fixtures' assistants read it from the environment."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ARMS, ROOT, free_port

QUESTIONS = [ARMS, "Which country would the gas pipeline pass through?",
             "What did the treaty say about joint missions to Mars?"]


def server_client(url: str):
    import chromadb

    host, port = url.removeprefix("http://").split(":")
    return chromadb.HttpClient(host=host, port=int(port), settings=chromadb.Settings(anonymized_telemetry=False))


@pytest.fixture(scope="module")
def server_assistant(chroma_server, seeds_copy, tmp_path_factory):
    from assistant import Assistant
    from assistant.settings import Settings

    bot = Assistant(sources=seeds_copy, index=tmp_path_factory.mktemp("server-index"),
                    settings=Settings(chroma_url=chroma_server))
    report = bot.refresh()
    assert report.embedded == report.chunks > 0
    return bot


def test_vectors_live_on_the_server(server_assistant, chroma_server):
    from assistant.store import IndexFolder

    settings = server_assistant.settings
    live = IndexFolder(settings.index, settings.chroma_url).live()
    assert not (live.path / "chroma").exists()  # nothing embedded in the index folder
    collection = server_client(chroma_server).get_collection(f"treaty-{live.name}")
    assert collection.count() == len(live.manifest().chunk_ids)


def test_answers_are_identical_to_the_embedded_store(server_assistant, seed_assistant):
    embedded = seed_assistant  # the embedded store, unless the whole suite runs against a server
    for question in QUESTIONS:
        assert ([p.chunk.id for p in server_assistant.retrieve(question)]
                == [p.chunk.id for p in embedded.retrieve(question)]), question
        assert server_assistant.ask(question).to_dict() == embedded.ask(question).to_dict(), question


def test_refresh_is_incremental_and_old_collections_go(chroma_server, sources_dir, tmp_path):
    from assistant.indexing import refresh
    from assistant.settings import Settings
    from assistant.store import IndexFolder

    settings = Settings(sources=sources_dir, index=tmp_path / "index", chroma_url=chroma_server)
    first = refresh(settings)
    generations = [IndexFolder(settings.index, chroma_server).live().name]
    article = min(sources_dir.glob("*.txt"))
    for n in range(2):
        with article.open("a", encoding="utf-8") as handle:
            handle.write(f"\nA late paragraph number {n} says the ratification vote in the Iranian "
                         f"parliament took place without any debate at all on the floor.\n")
        report = refresh(settings)
        assert report.updated == [article.name] and 0 < report.embedded < first.chunks
        generations.append(IndexFolder(settings.index, chroma_server).live().name)
    assert refresh(settings).up_to_date
    names = {c.name for c in server_client(chroma_server).list_collections()}
    assert f"treaty-{generations[0]}" not in names  # replaced twice: dropped from the server
    assert {f"treaty-{generations[1]}", f"treaty-{generations[2]}"} <= names  # live, and the one before


def test_a_server_that_lost_the_vectors_is_refilled(chroma_server, sources_dir, tmp_path):
    from assistant.indexing import refresh
    from assistant.settings import Settings
    from assistant.store import IndexFolder

    settings = Settings(sources=sources_dir, index=tmp_path / "index", chroma_url=chroma_server)
    first = refresh(settings)
    server_client(chroma_server).delete_collection(f"treaty-{IndexFolder(settings.index, chroma_server).live().name}")
    report = refresh(settings)
    assert report.embedded == first.chunks
    assert IndexFolder(settings.index, chroma_server).live().collection.count() == first.chunks


def test_an_unreachable_server_is_one_clear_line(seeds_copy, tmp_path):
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    env = {**os.environ, "TREATY_CHROMA_URL": url}
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "index", "--sources", str(seeds_copy),
                           "--index", str(tmp_path / "index")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"cannot reach the Chroma server at {url}" in errors[0], done.stderr
    assert "Traceback" not in done.stderr
