"""The held-out article set (benchmarks/articles, benchmarks/questions/articles.jsonl) is
self-consistent: every key is verbatim in a source the question names, the folder's README
answers nothing, and the committed PDF is exactly what its script writes.

These check the data, not the assistant: the set's figures come from
`../shared/eval/score_treaty.py` (see benchmarks/questions/README.md).
"""
from __future__ import annotations

import json
import pathlib
import re

import pypdf
import pytest

from benchmarks import make_articles_pdf

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "benchmarks" / "articles"
QUESTIONS = [json.loads(line) for line in
             (ROOT / "benchmarks" / "questions" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]


def fold(text: str) -> str:
    """The scorer's folding: whitespace runs to one space, lower case."""
    return re.sub(r"\s+", " ", text).strip().lower()


def source_text(name: str) -> str:
    """The text a source name stands for: a dump line (`dump.jsonl#2`, from 1) is its `text`,
    a PDF its pages' extracted text, anything else the file as written."""
    file, _, line = name.partition("#")
    path = ARTICLES / file
    if path.suffix == ".pdf":
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        lines = [json.loads(raw) for raw in text.splitlines() if raw.strip()]
        return lines[int(line) - 1]["text"] if line else "\n".join(d["text"] for d in lines)
    return text


@pytest.mark.parametrize("item", [q for q in QUESTIONS if q["answerable"]], ids=lambda q: q["id"])
def test_every_key_group_is_verbatim_in_a_named_source(item):
    texts = [fold(source_text(name)) for name in item["sources"]]
    for group in item["keys"]:
        assert any(fold(key) in text for key in group for text in texts), (item["id"], group)


def test_questions_are_well_formed_and_cover_every_source():
    ids = [q["id"] for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    named = set()
    for q in QUESTIONS:
        assert q["answerable"] == bool(q["sources"]) == bool(q["keys"]), q["id"]
        for msg in q.get("history", []):
            assert msg["role"] in {"user", "assistant"} and msg["content"], q["id"]
        named |= {name.partition("#")[0] for name in q["sources"]}
    files = {p.name for p in ARTICLES.iterdir()}
    assert named <= files, named - files
    assert files <= named, f"sources no question asks about: {files - named}"
    assert sum(not q["answerable"] for q in QUESTIONS) >= 10


def test_the_folder_readme_holds_no_key():
    """The folder's README (beside it, not in it, so it is not indexed) answers nothing."""
    readme = fold((ARTICLES.parent / "articles-README.md").read_text(encoding="utf-8"))
    found = {key for q in QUESTIONS for group in q["keys"] for key in group if fold(key) in readme}
    assert not found


def test_the_committed_pdf_is_what_the_script_writes(tmp_path):
    written = make_articles_pdf.write(tmp_path / "brief.pdf")
    assert written.read_bytes() == (ARTICLES / "rasht-astara-project-brief.pdf").read_bytes()
