"""Replies real models wrote (tests/real_replies.jsonl), replayed through the stand-in
server, and the invariants every checked generated answer must keep, whatever the model
wrote (issue 16). Shared by the replay tests and the end-to-end test with a real model.

Each record: `question`; `reply`, the model's text; `cited`, for a marker number of the
recording, a phrase of the passage it named then (the replay renumbers the marker to the
passage holding the phrase now, so that the reply cites what it cited, whatever retrieval
has become); `point`, words a silent-source question asks about, which no answer may
come back found without quoting; `model` and `source`, where it comes from.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from assistant import Answer
from assistant.markup import markers

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RECORDED = HERE / "real_replies.jsonl"
PASSAGE = re.compile(r'<passage n="(\d+)"[^>]*>\n(.*?)\n</passage>', re.DOTALL)
FALLBACK_NOTE = "generated answer unavailable: "


def recorded() -> list[dict]:
    return [json.loads(line) for line in RECORDED.read_text(encoding="utf-8").splitlines() if line.strip()]


def passages_sent(body: dict) -> dict[int, str]:
    return {int(n): text for n, text in PASSAGE.findall(body["messages"][-1]["content"])}


def replayed(record: dict):
    """The stand-in's reply for `record`: its text, each marker naming the passage sent now
    that holds the phrase its recorded passage held (left as written when none does)."""
    def content(body: dict) -> str:
        sent = passages_sent(body)

        def renumber(match: re.Match) -> str:
            phrase = record["cited"].get(match.group(1))
            now = next((n for n, text in sent.items() if phrase and phrase in text), None)
            return f"[{now if now is not None else match.group(1)}]"
        return re.sub(r"\[(\d+)\]", renumber, record["reply"])
    return content


def digits(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


def assert_checked(answer: Answer, point: tuple[str, ...] = (), sources: Path | None = None) -> None:
    """The invariants of issue 16 for any answer to a question put in openai mode:

    - every quote is verbatim text of its source, at its offsets;
    - the text's markers are exactly the citations' numbers;
    - a generated answer that is found states claims, each kept claim cites quotes, and
      every number it states is in one of them (or is its article's year);
    - a claim no source supports is nowhere in the text;
    - a fallback says why (`fallback`, and the note);
    - a question about something the sources are silent on (`point`) never comes back
      found with quotes that do not mention it."""
    by_number = {c.n: c for c in answer.citations}
    for c in answer.citations:
        folder = sources or ROOT / "seeds"
        assert (folder / Path(c.source).name).read_text(encoding="utf-8")[c.start:c.end] == c.quote, c
    assert set(markers(answer.text)) == set(by_number), (answer.text, sorted(by_number))
    if answer.mode == "openai" and answer.found:
        assert any(c.supported for c in answer.claims), answer.claims
        for claim in answer.claims:
            if claim.supported:
                quotes = [by_number[n] for n in claim.citations]
                held = set().union(*(digits(q.quote) | digits((q.date or "")[:4]) for q in quotes))
                assert digits(claim.text) <= held, (claim, [q.quote for q in quotes])
            else:
                assert claim.text.rstrip(".") not in answer.text, claim
    if answer.mode == "extractive":
        assert answer.fallback and answer.note.startswith(FALLBACK_NOTE + answer.fallback), answer.note
    if point and answer.found:
        quoted = " ".join(c.quote for c in answer.citations).lower()
        assert all(word.lower() in quoted for word in point), (point, answer.text)
