#!/usr/bin/env python3
"""Check benchmarks/questions/fresh7.jsonl against the sources in benchmarks/fresh7/.

- every key group has an alternative that occurs (case and whitespace folded) in the visible
  text of a listed source; a source named `file.csv#n` is checked against data row n (from 1,
  after the metadata rows and the header), and for a disagreement every listed file must hold
  one side (one key group);
- every near miss: the probe phrases that would answer it are printed with the files that hold
  them, so a reviewer can see that only furniture, an interviewer's question or a reference
  title holds them.

    /work/main/.venv/bin/python benchmarks/fresh7-check.py
"""
from __future__ import annotations

import csv
import json
import pathlib
import re
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent
SRC = ROOT / "fresh7"
QS = ROOT / "questions" / "fresh7.jsonl"


def fold(t: str) -> str:
    return re.sub(r"\s+", " ", t).strip().lower()


def html_text(path: pathlib.Path) -> str:
    import lxml.html
    doc = lxml.html.fromstring(path.read_text(encoding="utf-8"))
    for bad in doc.xpath("//head|//script|//style"):
        bad.getparent().remove(bad)
    return doc.text_content()


def pdf_text(path: pathlib.Path) -> str:
    import pypdf
    return "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(str(path)).pages)


def docx_text(path: pathlib.Path) -> str:
    import docx
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    z = zipfile.ZipFile(str(path))
    for name in ("word/footnotes.xml", "word/endnotes.xml"):  # python-docx does not read notes
        if name in z.namelist():
            xml = z.read(name).decode("utf-8")
            parts.extend(re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<w:t[^>]*>.*?</w:t>", xml))
    return "\n".join(parts)


def csv_rows(path: pathlib.Path) -> list[str]:
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Indicator") + 1
    return [", ".join(r) for r in rows[start:] if r and len(r) > 2]


def text_of(name: str) -> str:
    base, _, rec = name.partition("#")
    p = SRC / base
    if rec:
        return csv_rows(p)[int(rec) - 1]
    if p.suffix in (".html", ".htm"):
        return html_text(p)
    if p.suffix == ".pdf":
        return pdf_text(p)
    if p.suffix == ".docx":
        return docx_text(p)
    return p.read_text(encoding="utf-8")


NEAR_MISS_PROBES = {
    "nm-gas-price": ["per thousand cubic metres", "$210", "$180"],
    "nm-s400-count": ["S-400"],
    "nm-russian-students": ["Russian students", "students from Russia"],
    "nm-trade-2020": ["2020"],
    "nm-ferry-passengers": ["passenger"],
    "nm-fc-date": ["Federation Council", "upper house"],
    "nm-makran-power": ["grid", "online", "electricity", "2028"],
    "nm-sepam-russian-banks": ["SEPAM", "Russian banks"],
    "nm-tolstoy-cost": ["Tolstoy"],
    "nm-shield-commander": ["admiral", "commander", "commanded"],
}


def main() -> int:
    files = sorted(p.name for p in SRC.iterdir())
    texts = {f: fold(text_of(f)) for f in files}
    bad = 0
    for line in QS.read_text(encoding="utf-8").splitlines():
        q = json.loads(line)
        if not q["answerable"]:
            hits = {pr: [f for f in files if fold(pr) in texts[f]] for pr in NEAR_MISS_PROBES.get(q["id"], [])}
            found = "; ".join(f"{k!r} in {v}" for k, v in hits.items() if v)
            print(f"near-miss {q['id']}: {found or 'no probe found'}")
            continue
        srcs = q["sources"]
        for grp in q["keys"]:
            where = [s for s in srcs if any(fold(a) in fold(text_of(s)) for a in grp)]
            if not where:
                print(f"MISSING {q['id']}: {grp} in none of {srcs}")
                bad += 1
        if q["kind"] == "disagreement":
            for s in srcs:
                if not any(fold(a) in fold(text_of(s)) for grp in q["keys"] for a in grp):
                    print(f"SIDELESS {q['id']}: {s} holds no side")
                    bad += 1
    print("problems:", bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
