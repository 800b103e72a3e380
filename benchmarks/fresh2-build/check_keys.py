import json, re, html, pathlib, sys
sys.path.insert(0, "/work/main/.venv/lib/python3.11/site-packages")
import pypdf, docx
S = pathlib.Path("/tmp/fresh2/sources")
def fold(t): return re.sub(r"\s+", " ", t).strip().lower()
def visible(p):
    if p.suffix == ".html":
        t = p.read_text()
        t = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", t)
        t = re.sub(r"<[^>]+>", " ", t)
        return html.unescape(t)
    if p.suffix == ".pdf":
        return "\n".join(pg.extract_text() for pg in pypdf.PdfReader(str(p)).pages)
    if p.suffix == ".docx":
        d = docx.Document(str(p))
        parts = [x.text for x in d.paragraphs]
        for t in d.tables:
            for r in t.rows:
                parts.append(" | ".join(c.text for c in r.cells))
        return "\n".join(parts)
    return p.read_text()
texts = {p.name: fold(visible(p)) for p in S.iterdir()}
bad = 0
for line in open("/tmp/fresh2/questions.jsonl"):
    d = json.loads(line)
    for s in d["sources"]:
        assert s in texts, (d["id"], s)
    for g in d["keys"]:
        for a in g:
            hits = [s for s in d["sources"] if fold(a) in texts[s]]
            if not hits:
                bad += 1; print("MISSING", d["id"], repr(a))
        # which sources hold this group
        print(f'{d["id"]:<22} group {g} -> {[s for s in d["sources"] if any(fold(a) in texts[s] for a in g)]}')
print("bad", bad)
