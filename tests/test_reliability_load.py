"""Load: questions through the web page's API, all at once, while the index is refreshed
under them after the sources change, twice: by the page's own Assistant, and by another
builder (`treaty-assistant index`, from cron say) that the page is not told about.

No question fails, every answer is well-formed, and once each refresh is done the new
source answers through the same running page. Bounded: 50 questions a round, each
waited for at most two minutes; all traffic to 127.0.0.1."""
from __future__ import annotations

import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import ARMS, SEEDS
from test_indexing import NEW_ARTICLE, NEW_NAME, NEW_QUESTION
from test_resume import add_briefings
from test_security_input import UNICODE_ARTICLE, UNICODE_NAME, well_formed
from web_support import served

from assistant import Assistant
from assistant.indexing import refresh

QUESTIONS = [ARMS, "Does the treaty include a mutual defence clause?", "What is planned for a gas pipeline?",
             "How long does the partnership last?", "When was the treaty signed?",
             "What is the capital of France?", "Which country would the gas pipeline pass through?"]
PER_ROUND = 50
FERRY = "How many travellers did the new Caspian ferry carry on its first crossing?"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """The web page over its own copy of the seeds: (Assistant, a gradio_client Client)."""
    from gradio_client import Client

    base = tmp_path_factory.mktemp("load")
    shutil.copytree(SEEDS, base / "sources")
    bot = Assistant(sources=base / "sources", index=base / "index")
    with served(bot) as url:
        client = Client(url, verbose=False)
        # Warmed by one question: the index, the models and the word lists are loaded on first
        # use (seconds on a cold start), and what is tested is answering while the index is
        # refreshed, not the first answer's wait.
        assert client.predict(ARMS, api_name="/ask")["found"]
        yield bot, client


def round_of_questions(client, bot, change) -> tuple[list[dict], list[float], tuple[float, float]]:
    """PER_ROUND questions submitted at once; half-way through, `change()` runs in a thread.
    Returns the answers, when each arrived, and when the change started and ended."""
    window: list[float] = []

    def changing():
        window.append(time.monotonic())
        change()
        window.append(time.monotonic())

    jobs, arrived = [], []
    refresher = threading.Thread(target=changing)
    for i in range(PER_ROUND):
        if i == PER_ROUND // 2:
            refresher.start()
        job = client.submit(QUESTIONS[i % len(QUESTIONS)], api_name="/ask")
        job.add_done_callback(lambda _: arrived.append(time.monotonic()))
        jobs.append(job)
    with ThreadPoolExecutor(8) as pool:  # every answer is waited for, each at most 2 minutes
        answers = list(pool.map(lambda job: job.result(timeout=120), jobs))
    refresher.join(timeout=120)
    assert not refresher.is_alive() and len(window) == 2, "the refresh did not finish"
    return answers, arrived, (window[0], window[1])


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_fifty_questions_at_once_while_the_index_refreshes_twice(page):
    bot, client = page
    sources = bot.settings.sources
    source_text = bot.source_text

    def write_and_refresh():  # the page's own Assistant refreshes: it swaps its retriever
        (sources / NEW_NAME).write_text(NEW_ARTICLE)
        add_briefings(sources, 40)
        assert bot.refresh().added

    def built_elsewhere():  # another builder publishes a new index; the page is not told
        (sources / UNICODE_NAME).write_text(UNICODE_ARTICLE)
        add_briefings(sources / "more", 30)
        assert UNICODE_NAME in refresh(bot.settings).added

    for change, question, name in [(write_and_refresh, NEW_QUESTION, NEW_NAME),
                                   (built_elsewhere, FERRY, UNICODE_NAME)]:
        started = time.monotonic()
        answers, arrived, (begun, ended) = round_of_questions(client, bot, change)
        assert len(answers) == PER_ROUND
        for question_asked, answer in zip(QUESTIONS * PER_ROUND, answers):
            well_formed(answer, source_text)
            assert answer["question"] == question_asked
        assert sum(answer["found"] for answer in answers) >= PER_ROUND * 5 // 7  # all but the out-of-scope
        during = sum(begun <= t <= ended for t in arrived)
        print(f"{PER_ROUND} questions in {time.monotonic() - started:.1f} s; refresh {ended - begun:.1f} s, "
              f"{during} answered during it")
        assert during > 0, "no answer arrived while the index was refreshed"

        after = client.predict(question, api_name="/ask")  # the same page, not restarted
        assert after["found"] and any(c["source"].endswith(name) for c in after["citations"]), after
        well_formed(after, source_text)


def open_files_under(folder) -> list[str]:
    """The files below `folder` this process holds open (removed ones end in "(deleted)")."""
    import os

    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed meanwhile (the listing's own descriptor)
            continue
        if target.startswith(str(folder.resolve())):
            held.append(target)
    return held


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc")
def test_a_long_running_assistant_lets_go_of_removed_generations(sources_dir, tmp_path):
    """Each refresh publishes a generation and removes the one two back; a server that runs
    for weeks must not keep those files open (their disk space, a descriptor each)."""
    import gc

    bot = Assistant(sources=sources_dir, index=tmp_path / "index")
    assert bot.ask(ARMS).found
    held = len(open_files_under(tmp_path))
    for n in range(6):
        (sources_dir / f"extra-{n}.txt").write_text(NEW_ARTICLE.replace("sturgeon", f"carp number {n}"))
        bot.refresh()
        assert bot.ask(ARMS).found
    gc.collect()
    still = open_files_under(tmp_path)
    assert not [f for f in still if f.endswith("(deleted)")], still
    assert len(still) <= held + 2, still  # the live generation's files, not one set per refresh


def test_builds_started_together_run_one_at_a_time(sources_dir, tmp_path):
    """Two refreshes of one index at once (the page's, and `treaty-assistant index` from
    cron, say): the second waits for the first, finds its work done, and the index is
    whole, each new chunk embedded once."""
    from test_reliability_crash import assert_whole, expected_chunks

    from assistant.store import IndexFolder

    settings = Assistant(sources=sources_dir, index=tmp_path / "index").settings
    refresh(settings)
    (sources_dir / NEW_NAME).write_text(NEW_ARTICLE)
    add_briefings(sources_dir, 24)
    start = threading.Barrier(3)

    def build():
        start.wait()
        return refresh(settings)

    with ThreadPoolExecutor(3) as pool:
        reports = list(pool.map(lambda _: build(), range(3)))
    new = len(expected_chunks(sources_dir)) - len(expected_chunks(SEEDS))
    assert sorted(report.embedded for report in reports) == [0, 0, new]
    live = IndexFolder(settings.index, "").live()
    assert assert_whole(live, settings) == expected_chunks(sources_dir)
    assert len(list(settings.index.glob("g-*"))) == 2
