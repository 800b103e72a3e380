"""The sources panel without a browser (issue 15): its handlers over a real Assistant and
index, the `/ask` API's `sources`, who may change sources, and the upload route's bound,
over HTTP to a live in-process page."""
from __future__ import annotations

import json
from types import SimpleNamespace

import httpx
import pytest
from sources_support import ANSWER, ARTICLE, NAME, QUESTION
from web_support import served

from assistant import Assistant, Settings
from assistant.web import Warmup
from assistant.web.library import MAX_FILES, SourcesPanel
from assistant.web.rendering import sources_html
from assistant.store import FileState

S003 = "003_b5b9460b2eca335a.txt"  # Brussels Morning Newspaper
S000 = "000_99ae486ac9302390.txt"  # Polsatnews.pl
LASTS = "How long does the partnership last?"


def last(updates):
    """The last of a handler's yields (what the page ends up showing), and all of them."""
    updates = list(updates)
    return updates[-1], updates


@pytest.fixture()
def panel(sources_dir, tmp_path) -> SourcesPanel:
    assistant = Assistant(sources=sources_dir, index=tmp_path / "index")
    warmup = Warmup(assistant).start()
    assert warmup.wait(180)
    return SourcesPanel(assistant, warmup)


def payload(tmp_path, name: str, data: bytes) -> dict:
    """A file as Gradio's upload route hands it over, unprocessed: where it put the bytes,
    and the name the browser gave (any string a client sends)."""
    stored = tmp_path / "upload" / str(len(list(tmp_path.glob("upload/*"))))
    stored.parent.mkdir(exist_ok=True)
    stored.write_bytes(data)
    return {"path": str(stored), "orig_name": name, "meta": {"_type": "gradio.FileData"}}


def path_of(panel: SourcesPanel, name: str) -> str:
    return next(p for p in panel.assistant.source_states() if p.endswith("/" + name))


def test_the_panel_lists_each_source_with_what_indexing_made_of_it(panel):
    html = panel.html(None)
    assert html.count('class="sp-item"') == 5 and html.count("checked") == 5
    assert "Brussels Morning Newspaper" in html and S003 in html and "2025-01-18" in html
    assert "6 passages · 7 removed as furniture" in html  # 000, as `treaty-assistant index` counts it
    assert html.count('data-action="remove"') == 5
    viewed = panel.view(path_of(panel, S000))
    assert '<p class="rp-removed"' in viewed and "furniture" in viewed and "<s>" in viewed
    assert "not a source of this index" in panel.view("../pyproject.toml")


def test_upload_adds_an_answering_source_and_remove_takes_it_away(panel, sources_dir, tmp_path):
    (shown, chosen, _, status, banner, files), updates = last(
        panel.upload([payload(tmp_path, NAME, ARTICLE.encode())], None))
    assert f"Added {NAME}." in status
    assert NAME in shown and chosen is None and files is None and "6 sources indexed" in banner
    assert any("sp-progress" in str(u[3]) for u in updates[:-1])  # progress shown while it ran
    answer = panel.assistant.ask(QUESTION)
    assert ANSWER in answer.text and {c.source.rsplit("/", 1)[-1] for c in answer.citations} == {NAME}

    removing = SimpleNamespace(action="remove", source=path_of(panel, NAME))
    (shown, chosen, _, status, banner), _ = last(panel.act(None, removing))
    assert "Removed" in status and "trash" in status and NAME not in shown and "5 sources indexed" in banner
    assert not (sources_dir / NAME).exists()
    assert list((panel.assistant.settings.index / "trash").rglob(NAME))
    assert NAME not in {c.source.rsplit("/", 1)[-1] for c in panel.assistant.ask(QUESTION).citations}


@pytest.mark.parametrize("name", ["../escape.txt", "/tmp/absolute.txt", "nul\x00byte.txt", "a/b.txt",
                                  "..\\up.txt"])
def test_path_tricks_in_uploaded_names_are_refused_with_a_message(panel, sources_dir, tmp_path, name):
    def files() -> set[str]:  # all but Gradio's upload folder and the index
        return {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                if p.relative_to(tmp_path).parts[0] not in ("upload", "index")}

    before = files()
    (_, _, _, status, _, _), _ = last(panel.upload([payload(tmp_path, name, b"Some article text.\n")], None))
    assert "Refused" in status and ("not a path" in status or "control characters" in status)
    assert files() == before


def test_too_many_files_at_once_are_refused_whole(panel, tmp_path):
    files = [payload(tmp_path, f"a{i}.txt", b"text\n") for i in range(MAX_FILES + 1)]
    (_, _, _, status, _, _), _ = last(panel.upload(files, None))
    assert f"At most {MAX_FILES} files" in status and "Nothing was added" in status


def test_checkboxes_choose_this_conversations_sources(panel):
    paths = sorted(p for p, s in panel.assistant.source_states().items() if not s.skipped)
    (html, chosen, *_), _ = last(panel.act(None, SimpleNamespace(action="unchoose", source=paths[0])))
    assert chosen == paths[1:] and html.count("checked") == 4
    (_, chosen, *_), _ = last(panel.act(chosen, SimpleNamespace(action="choose", source=paths[0])))
    assert chosen is None  # all chosen again: None, so sources added later answer too
    (_, chosen, _, status, _), _ = last(panel.act(None, SimpleNamespace(action="none", source="")))
    assert chosen == [] and "No source is chosen" in status
    outside = SimpleNamespace(action="choose", source="../pyproject.toml")
    (_, chosen, _, status, _), _ = last(panel.act([], outside))
    assert chosen == [] and "not a source of this index: ../pyproject.toml" in status
    (_, chosen, *_), _ = last(panel.act([], SimpleNamespace(action="all", source="")))
    assert chosen is None


def test_a_read_only_page_refuses_changes(sources_dir, tmp_path):
    assistant = Assistant(sources=sources_dir, index=tmp_path / "index",
                          settings=Settings(web_edit_sources="off"))
    warmup = Warmup(assistant).start()
    assert warmup.wait(180)
    panel = SourcesPanel(assistant, warmup)
    assert 'data-action="remove"' not in panel.html(None)
    (_, _, _, status, _, _), _ = last(panel.upload([payload(tmp_path, NAME, ARTICLE.encode())], None))
    assert "cannot be changed" in status and not (sources_dir / NAME).exists()
    removing = SimpleNamespace(action="remove", source=path_of(panel, S003))
    (_, _, _, status, _), _ = last(panel.act(None, removing))
    assert "cannot be changed" in status and (sources_dir / S003).exists()


@pytest.mark.parametrize("settings, editable", [
    ({}, True),  # 127.0.0.1
    ({"web_host": "0.0.0.0"}, False),  # the network, without a login: read-only
    ({"web_host": "0.0.0.0", "web_auth": "reader:secret"}, True),  # signed-in users only
    ({"web_host": "::1"}, True),
    ({"web_host": "localhost"}, True),
    ({"web_host": "example.org"}, False),
    ({"web_edit_sources": "off"}, False),
    ({"web_host": "0.0.0.0", "web_edit_sources": "on"}, True),
])
def test_who_may_change_sources(settings, editable):
    assert Settings(**settings).sources_editable is editable


def test_sources_html_counts_chosen_and_skipped():
    states = {"s/a.txt": FileState(1, 1, "x", chunks=["c1", "c2"], title="A <b>", articles=1),
              "s/b.html": FileState(1, 1, "", skipped="unsupported file type .exe")}
    html = sources_html(states, ["s/a.txt"], editable=False)
    assert "1 source indexed · 1 chosen" in html and "A &lt;b&gt;" in html
    assert "not indexed: unsupported" in html
    assert html.count('type="checkbox"') == 1 and "Remove" not in html


# ── over HTTP, a live page ────────────────────────────────────────────────────────────


def test_the_ask_api_takes_the_chosen_sources(seed_assistant):
    from gradio_client import Client

    with served(seed_assistant) as url:
        client = Client(url, verbose=False)
        everything = client.predict(LASTS, api_name="/ask")
        only = client.predict(LASTS, None, [S003], api_name="/ask")
    assert len({c["source"] for c in everything["citations"]}) > 1
    assert only["found"] and {c["source"].rsplit("/", 1)[-1] for c in only["citations"]} == {S003}


@pytest.mark.parametrize("mode, status", [("on", 200), ("off", 413)])
def test_the_upload_route_takes_files_only_where_sources_may_be_added(seeds_copy, tmp_path, mode, status):
    """2 MB, over the 1 MB bound on every other request: taken where sources may be added
    (up to MAX_FILES files of TREATY_MAX_SOURCE_MB), refused on a read-only page."""
    settings = Settings(web_edit_sources=mode)
    assistant = Assistant(sources=seeds_copy, index=tmp_path / "index", settings=settings)
    with served(assistant) as url:
        files = {"files": ("big.txt", b"Article text. " * ((2 << 20) // 14 + 1), "text/plain")}
        response = httpx.post(f"{url.rstrip('/')}/gradio_api/upload", files=files, timeout=60)
        assert response.status_code == status, response.text[:200]


def test_an_ask_call_without_sources_still_answers_over_plain_http(seed_assistant):
    """A client written before `/ask` took `sources` sends [question, history] (gradio_client
    fills in what is left out; a plain HTTP call does not): it still answers, from all."""
    from test_security_input import call

    with served(seed_assistant) as url, httpx.Client(base_url=url, timeout=60) as http:
        event, answer = call(http, "ask", b'{"data": ["How long does the partnership last?", null]}')
        assert event == "complete" and answer["found"] and len({c["source"] for c in answer["citations"]}) > 1
        event, answer = call(http, "ask", b'{"data": ["How long does the partnership last?"]}')
        assert event == "complete" and answer["found"]
        body = json.dumps({"data": [LASTS, None, [S003]]}).encode()
        event, answer = call(http, "ask", body)
        assert event == "complete" and {c["source"].rsplit("/", 1)[-1] for c in answer["citations"]} == {S003}
        event, _ = call(http, "ask", json.dumps({"data": [LASTS, None, ["../pyproject.toml"]]}).encode())
        assert event == "error"
