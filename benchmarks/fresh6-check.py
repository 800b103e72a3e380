#!/usr/bin/env python3
"""Check benchmarks/questions/fresh6.jsonl against the sources of benchmarks/fresh6/.

Run from the worktree root: python benchmarks/fresh6-check.py

- every key group of an answerable question occurs (case and whitespace folded) in the
  visible text of one of its listed sources: HTML without tags, <head>, <script>, <style>;
  PDF through pypdf; DOCX paragraphs and table cells; a JSON record (`file.json#n`) as the
  title, summary and body of data.articles[n-1]; a CSV record (`file.csv#n`) as data row n
  (header not counted); a plain file name as its whole text;
- a disagreement's groups are each held by a listed source, and every listed file holds at
  least one side;
- a near miss's telling words (the entity, year or figure it asks about) occur in no file.
"""
import csv
import html
import json
import pathlib
import re
import sys

from docx import Document
from pypdf import PdfReader

ROOT = pathlib.Path(__file__).resolve().parent
SRC = ROOT / "fresh6"
QS = ROOT / "questions" / "fresh6.jsonl"


def fold(t: str) -> str:
    return re.sub(r"\s+", " ", t).strip().lower()


def visible_html(raw: str) -> str:
    raw = re.sub(r"(?is)<(head|script|style)\b.*?</\1>", " ", raw)
    raw = re.sub(r"(?s)<[^>]+>", " ", raw)
    return html.unescape(raw)


def text_of(name: str) -> str:
    base, _, rec = name.partition("#")
    p = SRC / base
    if p.suffix in (".html", ".htm"):
        return visible_html(p.read_text(encoding="utf-8"))
    if p.suffix == ".pdf":
        return "\n".join(pg.extract_text() for pg in PdfReader(str(p)).pages)
    if p.suffix == ".docx":
        d = Document(str(p))
        parts = [para.text for para in d.paragraphs]
        for t in d.tables:
            for row in t.rows:
                parts.extend(c.text for c in row.cells)
        return "\n".join(parts)
    if p.suffix == ".json":
        arts = json.loads(p.read_text(encoding="utf-8"))["data"]["articles"]
        pick = [arts[int(rec) - 1]] if rec else arts
        return "\n".join(a["title"] + "\n" + a["content"]["summary"] + "\n" + a["content"]["body"] for a in pick)
    if p.suffix == ".csv":
        rows = list(csv.reader(p.open(encoding="utf-8")))
        if rec:
            return " ".join(rows[int(rec)])
        return "\n".join(" ".join(r) for r in rows)
    return p.read_text(encoding="utf-8")


# the telling words of every near miss: none may occur in any source
NEAR_MISS_ABSENT = {
    "nm-mir-shetab-cost": ["Mir–Shetab card link,banking,National Card Payment System (NSPK),Shaparak,1",
                           "cost of the card link", "card link cost"],
    "nm-students-2020": ["2020"],
    "nm-majlis-date": ["Majlis voted", "Majlis ratified", "Iranian parliament ratified", "Majlis approved"],
    "nm-su57": ["Su-57"],
    "nm-rasht-astara-china": ["Chinese loan", "China is lending", "Chinese bank", "Exim"],
    "nm-desal-cost": ["desalination plant will cost", "desalination plant cost", "desalination cost"],
    "nm-gas-price": ["per thousand cubic metres", "per 1,000 cubic metres", "per tcm"],
    "nm-podcast-ep41": ["Episode 41", "episode 41", "last week's guest"],
    "nm-fc-vote": ["senators", "votes in favour", "voted in favour", "unanimously"],
    "nm-drill-2024": ["CASAREX-2024"],
}


def main() -> int:
    bad = 0
    every = {p.name: fold(text_of(p.name)) for p in SRC.iterdir()}
    for line in QS.read_text(encoding="utf-8").splitlines():
        q = json.loads(line)
        if not q["answerable"]:
            for w in NEAR_MISS_ABSENT.get(q["id"], ["<no check>"]):
                hits = [n for n, t in every.items() if fold(w) in t]
                if hits or q["id"] not in NEAR_MISS_ABSENT:
                    bad += 1
                    print(f"NEAR-MISS {q['id']}: {w!r} in {hits}")
            continue
        texts = {s: fold(text_of(s)) for s in q["sources"]}
        for grp in q["keys"]:
            if not any(fold(a) in t for a in grp for t in texts.values()):
                bad += 1
                print(f"KEY MISSING {q['id']}: {grp} in none of {q['sources']}")
        if q["kind"] == "disagreement":
            for s, t in texts.items():
                if not any(fold(a) in t for grp in q["keys"] for a in grp):
                    bad += 1
                    print(f"SIDE MISSING {q['id']}: {s} holds no side")
    for p in SRC.iterdir():
        if p.suffix not in {".txt", ".md", ".html", ".htm", ".pdf", ".json", ".jsonl", ".ndjson",
                            ".csv", ".tsv", ".docx"}:
            bad += 1
            print(f"SUFFIX {p.name}")
    print("problems:", bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
