"""Adding, removing and choosing sources through Assistant (issue 15), over a real Chroma
store and BM25 index in temporary folders: an added article answers, a removed one is no
longer cited and waits in the trash, chosen sources bound every citation, and concurrent
uploads and questions lose nothing."""
from __future__ import annotations

import json
import threading

import pytest
from sources_support import ANSWER, ARTICLE, NAME, QUESTION

from assistant import Assistant, QuestionError
from assistant.core import SourceNotIndexed
from assistant.indexing import check
from assistant.store import IndexFolder

S003 = "003_b5b9460b2eca335a.txt"  # Brussels Morning Newspaper
S000 = "000_99ae486ac9302390.txt"  # Polsatnews.pl
LASTS = "How long does the partnership last?"
POLSAT = "According to Polsat News, how could Tehran help Russia's drone industry?"


@pytest.fixture()
def bot(sources_dir, tmp_path) -> Assistant:
    assistant = Assistant(sources=sources_dir, index=tmp_path / "index")
    assistant.refresh()
    return assistant


def cited_files(answer) -> set[str]:
    return {c.source.rsplit("/", 1)[-1] for c in answer.citations}


def well_formed(answer, bot: Assistant) -> bool:
    """Every citation is marked in the text, and its quote is verbatim at its offsets."""
    return all(f"[{c.n}]" in answer.text and bot.source_text(c.source, c.page)[c.start:c.end] == c.quote
               for c in answer.citations)


def test_the_manifest_says_what_each_file_is(bot):
    states = {path.rsplit("/", 1)[-1]: s for path, s in bot.source_states().items()}
    assert states[S003].publisher == "Brussels Morning Newspaper" and states[S003].articles == 1
    s004 = states["004_00528b96f0de169d.txt"]
    assert s004.date == "2025-01-18"
    assert s004.title == "Russia and Iran Forge 20-Year Defence Pact to Deepen Strategic Ties"


def test_an_index_from_before_is_read_again_once_without_embedding(bot):
    """A manifest written before files recorded their title, publisher and date: the next
    refresh reads the files again (nothing is embedded: every vector is copied)."""
    live = IndexFolder(bot.settings.index, "").live()
    data = json.loads(live.manifest_path.read_text())
    for state in data["files"].values():
        for name in ("title", "publisher", "date", "articles"):
            state.pop(name)
    live.manifest_path.write_text(json.dumps(data))
    assert len(check(bot.settings)[2].updated) == 5
    report = bot.refresh()
    assert report.embedded == 0 and len(report.updated) == 5
    assert all(s.articles == 1 for s in bot.source_states().values())
    assert bot.refresh().up_to_date


def test_an_added_article_answers_and_a_removed_one_is_no_longer_cited(bot, sources_dir):
    assert not bot.ask(QUESTION).found  # no seed article knows of it

    change = bot.add_sources([(NAME, ARTICLE.encode())])
    assert [p.rsplit("/", 1)[-1] for p in change.added] == [NAME] and not change.refused
    assert change.index is not None and change.index.added == [NAME] and change.index.embedded > 0
    answer = bot.ask(QUESTION)
    assert answer.found and ANSWER in answer.text and cited_files(answer) == {NAME}

    again = bot.add_sources([(NAME, ARTICLE.encode())])  # the same bytes: no change, no refresh
    assert again.same and not again.added and again.index is None

    removed = bot.remove_source(change.added[0])
    assert removed.index.removed == [NAME]
    assert not (sources_dir / NAME).exists()
    trashed = removed.trashed[0]
    assert trashed.read_text() == ARTICLE and trashed.is_relative_to(bot.settings.index / "trash")
    answer = bot.ask(QUESTION)
    assert NAME not in cited_files(answer) and not answer.found
    with pytest.raises(SourceNotIndexed):
        bot.remove_source(NAME)


def test_refused_files_are_named_and_the_others_still_added(bot, sources_dir):
    before = sorted(p.name for p in sources_dir.iterdir())
    change = bot.add_sources([("../escape.txt", b"text\n"), ("/tmp/absolute.txt", b"text\n"),
                              ("nul\x00.txt", b"text\n"), ("notes.xlsx", b"text\n"), (S003, b"other\n"),
                              (NAME, ARTICLE.encode())])
    assert len(change.refused) == 5 and all("\n" not in line for line in change.refused)
    assert "different file of that name" in change.refused[4]
    assert sorted(p.name for p in sources_dir.iterdir()) == sorted([*before, NAME])
    assert not (sources_dir.parent / "escape.txt").exists()
    assert bot.ask(QUESTION).found


def test_a_saved_file_indexing_cannot_read_is_reported(bot):
    change = bot.add_sources([("menu.txt", b"Home | News | Sport | Contact\n")])
    assert [(p.rsplit("/", 1)[-1], why.split(" (")[0]) for p, why in change.skipped] == \
        [("menu.txt", "no article text")]


def test_chosen_sources_bound_every_citation(bot):
    everything = bot.ask(LASTS)
    assert len(cited_files(everything)) > 1
    only = bot.ask(LASTS, sources=[S003])  # its path inside the folder
    assert only.found and cited_files(only) == {S003}
    shown = next(p for p in bot.source_states() if p.endswith(S003))  # as citations name it
    assert cited_files(bot.ask(LASTS, sources=[shown])) == {S003}
    passages = bot.retrieve(LASTS, top_k=8, sources=[S003, S000])
    assert passages and {p.source.rsplit("/", 1)[-1] for p in passages} <= {S003, S000}


def test_a_question_naming_an_unchosen_outlet_says_so_plainly(bot):
    named = bot.ask(POLSAT)
    assert cited_files(named) == {S000}  # the question names Polsat News's article
    answer = bot.ask(POLSAT, sources=[S003])
    assert not answer.found and not answer.citations
    assert "Polsatnews.pl" in answer.text and "not among the chosen sources" in answer.text
    assert cited_files(bot.ask(POLSAT, sources=[S003, S000])) == {S000}  # the intersection


def test_choosing_nothing_or_an_unknown_file_is_a_one_line_error(bot):
    with pytest.raises(QuestionError, match="No source is chosen"):
        bot.ask(LASTS, sources=[])
    with pytest.raises(SourceNotIndexed, match="not a source of this index: nowhere.txt"):
        bot.ask(LASTS, sources=["nowhere.txt"])


def test_two_uploads_at_once_and_questions_meanwhile_lose_nothing(bot):
    """Two add_sources calls racing and questions asked throughout: both files end up in the
    one live index, every question is answered (from the previous index until the new one
    is live), and no refresh overlaps another (the Assistant's refresh lock)."""
    second = ARTICLE.replace("lunar orbiter, named Simorgh-Luna, in 2029",
                             "Mars lander, named Homa, in 2031").replace("lunar research", "Mars research")
    errors: list[BaseException] = []
    answers, overlapped = [], []
    running, most = 0, 0
    counting = threading.Lock()
    refresh = bot.refresh

    def counted_refresh(*args, **kwargs):
        nonlocal running, most
        with counting:
            running += 1
            most = max(most, running)
        try:
            return refresh(*args, **kwargs)
        finally:
            with counting:
                running -= 1

    bot.refresh = counted_refresh
    uploads_done = threading.Event()

    answered_meanwhile = threading.Event()

    def embedding(done: int, total: int) -> None:
        """Hold the refresh until a question asked during it has been answered (from the
        previous index), so that the overlap is certain, not a matter of timing."""
        if done == 0:
            answered_meanwhile.wait(120)

    def upload(name: str, text: str) -> None:
        try:
            assert bot.add_sources([(name, text.encode())], progress=embedding).added
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    def ask() -> None:
        try:
            while not uploads_done.is_set():
                during = running > 0
                answers.append(bot.ask(LASTS))
                overlapped.append(during)
                if during:
                    answered_meanwhile.set()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    bot.ask(LASTS)  # the first question loads the index: not the point here
    uploaders = [threading.Thread(target=upload, args=(NAME, ARTICLE)),
                 threading.Thread(target=upload, args=("mars_programme.txt", second))]
    askers = [threading.Thread(target=ask) for _ in range(2)]
    for t in askers + uploaders:
        t.start()
    for t in uploaders:
        t.join()
    uploads_done.set()
    for t in askers:
        t.join()
    assert not errors, errors
    assert most == 1 and any(overlapped)  # questions were asked while an index refreshed
    assert answers and all(a.found and well_formed(a, bot) for a in answers)
    assert {NAME, "mars_programme.txt"} <= {p.rsplit("/", 1)[-1] for p in bot.indexed_sources()}
    assert cited_files(bot.ask("When will the joint Mars lander be launched?")) == {"mars_programme.txt"}
    assert cited_files(bot.ask(QUESTION)) == {NAME}
