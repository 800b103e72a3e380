"""The real console script, end to end, in subprocesses over temporary folders."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from quoting_support import FREIGHT, FREIGHT_SENTENCE, LABEL, TARIFF_SENTENCE, TARIFFS

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / ".venv" / "bin" / "treaty-assistant"
S004 = "004_00528b96f0de169d.txt"
ARMS = "Does the pact include arms transfers?"
PIPELINE = "What is planned for a Russian gas pipeline to Iran?"
FOLLOW_UP = "Which country would it pass through?"

pytestmark = pytest.mark.skipif(not CLI.exists(), reason="the console script is not installed")


# How this machine runs the local model reaches the CLI as it reaches the session's own
# Assistants, whose indexes the CLI reads (an index records its backend and refuses another's);
# every other TREATY_ setting is the test's to give.
MACHINE = ("TREATY_EMBEDDING_BACKEND", "TREATY_EMBEDDING_THREADS", "TREATY_MODEL_CACHE")


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
        timeout: float = 180) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items()
                   if k in MACHINE or not k.startswith(("TREATY_", "OPENAI_"))}
    environment.update({"HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}, **(env or {}))
    return subprocess.run([str(CLI), *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env=environment, timeout=timeout)


def no_traceback(done: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in done.stderr + done.stdout, done.stderr[-2000:]


def one_line_error(done: subprocess.CompletedProcess) -> str:
    assert done.returncode != 0
    no_traceback(done)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error:"), lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def built(seeds_copy, tmp_path_factory):
    """The seeds indexed by `treaty-assistant index`: (sources, index, the run)."""
    index = tmp_path_factory.mktemp("cli") / "index"
    done = run("index", "--sources", str(seeds_copy), "--index", str(index))
    return seeds_copy, index, done


def folders(built) -> list[str]:
    sources, index, _ = built
    return ["--sources", str(sources), "--index", str(index)]


def test_index_prints_a_summary_with_counts(built):
    _, index, done = built
    assert done.returncode == 0, done.stderr
    no_traceback(done)
    *files, hint, summary = done.stdout.strip().splitlines()
    match = re.fullmatch(r"index refreshed: 5 added, 0 updated, 0 removed, 0 unchanged, 0 skipped; "
                         r"(\d+) of (\d+) chunks embedded", summary)
    assert match and match.group(1) == match.group(2) != "0", summary
    assert (index / "CURRENT").exists()
    # Per file, what cleaning kept and removed: 004 repeats its whole article, 003 has no furniture.
    assert [line.split(":")[0] for line in files] == sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    counts = {line.split(":")[0]: line for line in files}
    assert counts["003_b5b9460b2eca335a.txt"].endswith("removed 0 as furniture, 0 as duplicates; "
                                                       "0 flagged as addressed to an AI")
    assert re.search(r": 18 kept; removed \d+ as furniture, 16 as duplicates", counts[S004])  # its subhead kept (and repeated)
    assert "sources show" in hint


def test_index_again_is_up_to_date(built):
    done = run("index", "--quiet", *folders(built))
    assert done.returncode == 0, done.stderr
    [summary] = done.stdout.strip().splitlines()
    assert summary.startswith("index up to date") and "5 unchanged" in summary


def test_ask_json(built):
    done = run("ask", ARMS, "--json", *folders(built))
    assert done.returncode == 0, done.stderr
    no_traceback(done)
    answer = json.loads(done.stdout)
    assert answer["found"] is True and answer["mode"] == "extractive"
    assert answer["question"] == ARMS
    assert "arms transfers" in answer["text"]
    assert answer["citations"]
    assert S004 in {Path(c["source"]).name for c in answer["citations"]}
    for c in answer["citations"]:
        text = Path(c["source"]).read_text(encoding="utf-8-sig")
        assert text[c["start"]:c["end"]] == c["quote"]


def test_ask_plain_text_shows_sources(built):
    done = run("ask", ARMS, "--quiet", *folders(built))
    assert done.returncode == 0, done.stderr
    assert "[1]" in done.stdout and "Sources:" in done.stdout and S004 in done.stdout


def test_ask_empty_question_is_a_one_line_error(built):
    line = one_line_error(run("ask", "  ", *folders(built)))
    assert "empty" in line


@pytest.mark.parametrize("command", [["index"], ["ask", ARMS], ["chat"]])
def test_missing_sources_folder_is_a_one_line_error(tmp_path, command):
    done = run(*command, "--sources", "/nonexistent", "--index", str(tmp_path / "index"), stdin="")
    line = one_line_error(done)
    assert "/nonexistent" in line and "not found" in line


def test_index_of_another_model_is_refused_with_rebuild_hint(built, tmp_path):
    sources, index, _ = built
    copy = tmp_path / "index"
    shutil.copytree(index, copy)
    manifest = copy / (copy / "CURRENT").read_text().strip() / "manifest.json"
    data = json.loads(manifest.read_text())
    data["embedding_model"] = "local:some-other-model"
    manifest.write_text(json.dumps(data))
    line = one_line_error(run("index", "--sources", str(sources), "--index", str(copy)))
    assert "--rebuild" in line and "some-other-model" in line


def test_chat_answers_a_question_and_a_follow_up(built):
    """`chat` over stdin, with the folders from the environment this time."""
    sources, index, _ = built
    done = run("chat", "--quiet", stdin=f"{PIPELINE}\n{FOLLOW_UP}\n",
               env={"TREATY_SOURCES": str(sources), "TREATY_INDEX": str(index)})
    assert done.returncode == 0, done.stderr
    no_traceback(done)
    turns = done.stdout.split("\n> ")
    assert len(turns) >= 3, done.stdout
    first, second = turns[1], turns[2]
    assert "[1]" in first and "pipeline" in first.lower()
    assert "Azerbaijan" in second, second
    assert "Sources:" in second


def test_quoted_text_is_printed_as_the_source_wrote_it(marked_assistant):
    """Plain text: the Markdown escapes of quoted text taken off, so a source's own "[7]",
    "*HS-27*", "<" and "&" read as written, beside the answer's own "[1]" (issue 13);
    the answer and its sources labelled by outlet and date, the file named in the sources."""
    sources, index = marked_assistant.settings.sources, marked_assistant.settings.index
    folders = ["--sources", str(sources), "--index", str(index)]
    done = run("ask", FREIGHT, "--quiet", *folders)
    assert done.returncode == 0, done.stderr
    # The direct answer first (issue 12), then the quote under its outlet's label.
    assert done.stdout.startswith(f"**about 15 million tonnes** [1]\n\n**{LABEL}**: {FREIGHT_SENTENCE} [1]")
    assert "\\" not in done.stdout
    assert f"  [1] {LABEL} — {sources}/freight.jsonl#1 (" in done.stdout
    assert done.stdout.count("[7]") == 2  # in the answer and in its quote: no citation 7
    done = run("ask", TARIFFS, "--quiet", *folders)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(TARIFF_SENTENCE) == 2 and "\\" not in done.stdout


def test_plain_text_shows_a_table_rows_header_and_a_reattributed_claim():
    from assistant import Answer, Citation
    from assistant.cli import render

    cited = Citation(1, "seeds/trade.pdf", None, "Iran | 2024 | 4.8", 0, 17, page=3,
                     header="Country | Year | $bn", reattributed=True)
    shown = render(Answer(question="q", text="Trade grew \\*fast\\* [1].", found=True, mode="openai",
                          citations=[cited]))
    assert "\x1b[2mCountry | Year | $bn\x1b[0m" in shown  # dim, where the terminal shows styles
    assert re.sub(r"\x1b\[\d+m", "", shown) == (
        "Trade grew *fast* [1].\n\nSources:\n  [1] seeds/trade.pdf (page 3, 0–17) (re-attributed):\n"
        "      Country | Year | $bn\n      “Iran | 2024 | 4.8”")


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    """Issue 11's news page, memo and ferry articles, indexed by `treaty-assistant index`."""
    from content_cases import write_cases

    sources = write_cases(tmp_path_factory.mktemp("cli-cases") / "sources",
                          ["news_page.txt", "memo.txt", "ferry_a.txt", "ferry_b.txt"])
    index = sources.parent / "index"
    return sources, index, run("index", "--sources", str(sources), "--index", str(index))


def test_index_tells_what_it_removed_and_flagged_per_file(cases):
    from content_cases import INJECTION

    _, _, done = cases
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    flagged = "flagged as addressed to an AI"
    assert f"news_page.txt: 4 kept; removed 9 as furniture, 0 as duplicates; 0 {flagged}" in lines
    assert f"ferry_a.txt: 4 kept; removed 0 as furniture, 0 as duplicates; 0 {flagged}" in lines
    memo = lines.index(f"memo.txt: 3 kept; removed 0 as furniture, 0 as duplicates; 1 {flagged}")
    assert lines[memo + 1].startswith("  flagged, line 5: “Note to any AI assistant reading this file")
    assert INJECTION.startswith(lines[memo + 1].split("“", 1)[1].rstrip("…”"))


def test_sources_show_marks_each_removed_line_and_why(cases):
    from content_cases import GRAIN_PARAGRAPHS, NEWS_FURNITURE

    sources, index, _ = cases
    done = run("sources", "show", "news_page.txt", "--sources", str(sources), "--index", str(index))
    assert done.returncode == 0, done.stderr
    no_traceback(done)
    lines = done.stdout.splitlines()
    assert lines[0] == "news_page.txt: 4 kept; removed 9 as furniture, 0 as duplicates; 0 flagged"
    marked = {line[10:].split("  [")[0]: line for line in lines[1:]}
    for furniture in NEWS_FURNITURE:
        assert marked[furniture][8] == "-" and "[furniture: " in marked[furniture], marked.get(furniture)
    assert "[furniture: call to action]" in marked[NEWS_FURNITURE[1]]  # the share bar
    assert marked["Photo: Reuters/Sergei Ilnitsky"].startswith("      7 -")  # its line in the file
    for paragraph in GRAIN_PARAGRAPHS:
        assert any(line[8] == "+" and paragraph[:100] in line for line in lines), paragraph


def test_sources_show_flags_the_instruction_in_the_memo(cases):
    sources, index, _ = cases
    done = run("sources", "show", str(sources / "memo.txt"), "--sources", str(sources), "--index", str(index))
    assert done.returncode == 0, done.stderr
    [flagged] = [line for line in done.stdout.splitlines() if line[8:9] == "-"]
    assert flagged.startswith("      5 - Note to any AI assistant")
    assert flagged.endswith("[flagged: addressed to an AI: instructions, not article text]")


def test_sources_show_of_an_unknown_file_is_a_one_line_error(cases):
    sources, index, _ = cases
    done = run("sources", "show", "nowhere.txt", "--sources", str(sources), "--index", str(index))
    line = one_line_error(done)
    assert "not a source of this index: nowhere.txt" in line


def test_ask_answers_only_from_the_source_files_named(built):
    s003 = "003_b5b9460b2eca335a.txt"
    done = run("ask", "How long does the partnership last?", "--json", "--source", s003, *folders(built))
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["found"] and {c["source"].rsplit("/", 1)[-1] for c in answer["citations"]} == {s003}
    line = one_line_error(run("ask", "How long does the partnership last?", "--source", "nowhere.txt",
                              *folders(built)))
    assert "not a source of this index: nowhere.txt" in line
