"""Sources in every format the folder takes: HTML (main text only), PDF (page numbers),
.jsonl news dumps (one article a line), and unknown types skipped with a warning. The
HTML page and the PDF are made here, the PDF by fpdf2 and read back by pypdf."""
from __future__ import annotations

import datetime
import json
import logging
from pathlib import Path

import pytest

from assistant.formats import cited_text
from assistant.sources import read_sources

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = [
    ("Moscow — Russian President Vladimir Putin and Iranian President Masoud Pezeshkian signed "
     "a comprehensive strategic partnership treaty in the Kremlin on Friday, pledging closer "
     "cooperation in trade, energy and security."),
    ("The treaty does not contain a mutual defence clause, unlike the pact Russia signed with "
     "North Korea last year, officials in both capitals said after the signing ceremony."),
    ("Both leaders said they would pursue a gas pipeline carrying Russian gas to Iran through "
     "Azerbaijan, with initial volumes of up to two billion cubic metres a year."),
]
FURNITURE = ["We use cookies to improve your experience", "Most read", "Storm hits the coast",
             "Markets rally again", "All rights reserved", "Privacy policy", "Subscribe to our newsletter"]

HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Russia and Iran sign pact | World News Daily</title>
<meta property="og:site_name" content="World News Daily">
<meta property="article:published_time" content="2025-01-18T09:30:00Z">
<link rel="canonical" href="https://news.example.org/world/russia-iran-pact">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner"><p>We use cookies to improve your experience. Accept all cookies?</p></div>
<main><article>
<h1>Russia and Iran sign a twenty-year strategic partnership treaty</h1>
<p>{}</p>
<p>{}</p>
<h2>Energy</h2>
<p>{}</p>
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Storm hits the coast</a></li>
<li><a href="/b">Markets rally again</a></li></ul></aside>
<footer><p>Subscribe to our newsletter</p><p>© 2025 World News Daily. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>""".format(*ARTICLE)

PDF_TITLE = "Treaty on Comprehensive Strategic Partnership"
PDF_ARTICLES = [
    ("The Contracting Parties shall strengthen and deepen relations of comprehensive strategic "
     "partnership covering all areas of mutual interest, on the basis of equality and respect for "
     "each other's sovereignty and territorial integrity."),
    ("The Contracting Parties shall cooperate in the field of energy, including the construction "
     "of gas pipelines, and shall settle their trade increasingly in national currencies."),
    ("In case one of the Contracting Parties is subjected to aggression, the other Contracting "
     "Party shall not provide any military or other assistance to the aggressor which would "
     "contribute to the continuation of the aggression."),
]
PDF_PAGES = [[PDF_TITLE, "Article 1", PDF_ARTICLES[0], "Article 2", PDF_ARTICLES[1]],  # page 1
             ["Article 3", PDF_ARTICLES[2]]]  # page 2

DUMP = [
    {"title": "Pact signed in Moscow", "url": "https://www.example.com/news/pact-signed",
     "date": "2025-01-17T12:00:00Z",
     "text": "Russia and Iran signed the treaty in Moscow on Friday, officials said, after months of "
             "negotiations over its wording and scope.\n\nThe treaty is concluded for a period of twenty "
             "years and is extended automatically for five-year periods unless either side objects."},
    "this line is not JSON",
    {"title": "No text here", "url": "https://www.example.com/empty"},
    {"title": "Gazprom on exports", "date": "17 January 2025",
     "text": "Gazprom said gas exports to Iran through Azerbaijan could start at two billion cubic "
             "metres a year and later rise towards fifty-five billion cubic metres."},
]


def write_pdf(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(PDF_TITLE)
    pdf.set_creation_date(datetime.datetime(2025, 1, 17, tzinfo=datetime.UTC))
    for page in PDF_PAGES:
        pdf.add_page()
        for text in page:
            heading = text == PDF_TITLE
            pdf.set_font("Helvetica", "B" if heading else "", 14 if heading else 11)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    pdf.output(str(path))


def make_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page.html").write_text(HTML, encoding="utf-8")
    write_pdf(folder / "treaty.pdf")
    (folder / "dump.jsonl").write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in DUMP) + "\n", encoding="utf-8")
    (folder / "sheet.xlsx").write_bytes(b"PK\x03\x04 not an article")
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("formats") / "sources")


@pytest.fixture(scope="module")
def sources(corpus):
    skipped: list[tuple[str, str]] = []
    found = {source.key: source for source in read_sources(corpus, skipped)}
    return found, skipped


def original(corpus: Path, source: str, page: int | None) -> str:
    """The text a citation of `source` indexes, however the source is spelled."""
    name, _, line = Path(source).name.partition("#")
    return cited_text(corpus / name, f"#{line}" if line else "", page)


def assert_offsets_exact(corpus: Path, source) -> None:
    for block in source.blocks:
        assert original(corpus, source.path, block.page)[block.start:block.end] == block.text


def test_html_keeps_the_article_and_drops_the_page_furniture(corpus, sources):
    html = sources[0]["page.html"]
    text = "\n".join(b.text for b in html.blocks)
    for paragraph in ARTICLE:
        assert paragraph in text
    for junk in FURNITURE:
        assert junk not in text
    assert html.title == "Russia and Iran sign a twenty-year strategic partnership treaty"
    assert (html.publisher, html.date) == ("World News Daily", "2025-01-18")
    assert html.url == "https://news.example.org/world/russia-iran-pact"
    assert_offsets_exact(corpus, html)


def test_pdf_paragraphs_carry_their_page(corpus, sources):
    from assistant.chunking import chunk_source

    pdf = sources[0]["treaty.pdf"]
    assert {b.page for b in pdf.blocks} == {1, 2}
    assert_offsets_exact(corpus, pdf)
    # Lines wrapped by the PDF are joined back into whole paragraphs, each on its page.
    paragraphs = {" ".join(b.text.split()): b.page for b in pdf.blocks}
    assert [paragraphs.get(article) for article in PDF_ARTICLES] == [1, 1, 2]
    assert (pdf.title, pdf.date) == (PDF_TITLE, "2025-01-17")
    chunks = chunk_source(pdf)
    assert {c.page for c in chunks} == {1, 2}
    for chunk in chunks:  # each chunk keeps to one page, so one number locates its offsets
        page_text = original(corpus, chunk.source, chunk.page)
        assert all(page_text[s:e] in chunk.text for s, e in chunk.spans)


def test_each_line_of_a_news_dump_is_a_source(corpus, sources):
    found, skipped = sources
    pact, gas = found["dump.jsonl#1"], found["dump.jsonl#4"]
    assert pact.path.endswith("dump.jsonl#1") and pact.file_key == "dump.jsonl"
    assert (pact.title, pact.date, pact.url) == ("Pact signed in Moscow", "2025-01-17", DUMP[0]["url"])
    assert pact.publisher == "example.com"  # from the URL when the line names no publisher
    assert (gas.title, gas.date, gas.url) == ("Gazprom on exports", "2025-01-17", None)
    assert_offsets_exact(corpus, pact)
    assert_offsets_exact(corpus, gas)
    assert ("dump.jsonl#2", "not a JSON object") in skipped
    assert ("dump.jsonl#3", "no `text` field") in skipped
    assert "dump.jsonl" not in [key for key, _ in skipped]  # the dump itself is read


def test_unknown_types_are_skipped_with_a_warning(corpus, caplog):
    skipped: list[tuple[str, str]] = []
    with caplog.at_level(logging.WARNING, logger="assistant.sources"):
        keys = [source.key for source in read_sources(corpus, skipped)]
    assert "sheet.xlsx" not in keys
    assert ("sheet.xlsx", "unsupported file type .xlsx") in skipped
    assert any("sheet.xlsx" in r.getMessage() and "unsupported" in r.getMessage() for r in caplog.records)
    assert any("dump.jsonl#2" in r.getMessage() for r in caplog.records)


@pytest.fixture(scope="module")
def formats_assistant(corpus, tmp_path_factory):
    from assistant import Assistant

    bot = Assistant(sources=corpus, index=tmp_path_factory.mktemp("formats-index"))
    report = bot.refresh()
    assert sorted(report.added) == ["dump.jsonl", "page.html", "sheet.xlsx", "treaty.pdf"]
    assert report.skipped == [("sheet.xlsx", "unsupported file type .xlsx")]
    return bot


@pytest.mark.parametrize("question, source, page, words", [
    ("What happens if one of the parties is subjected to aggression?", "treaty.pdf", 2, "aggressor"),
    ("Does the treaty contain a mutual defence clause?", "page.html", None, "mutual defence clause"),
    ("For how many years is the treaty concluded?", "dump.jsonl#1", None, "twenty years"),
])
def test_answers_cite_every_format_exactly(formats_assistant, corpus, question, source, page, words):
    answer = formats_assistant.ask(question)
    assert answer.found, answer.text
    cited = [c for c in answer.citations if c.source.endswith(source)]
    assert cited, [c.source for c in answer.citations]
    assert any(words in c.quote for c in cited)
    assert all(c.page == page for c in cited)
    for c in answer.citations:  # every quote is verbatim where its offsets say
        assert original(corpus, c.source, c.page)[c.start:c.end] == c.quote
    if source.startswith("dump"):
        assert cited[0].title == "Pact signed in Moscow" and cited[0].url == DUMP[0]["url"]


def test_an_index_from_before_a_format_was_readable_picks_it_up(formats_assistant):
    """An index built when PDFs were skipped as an unknown type reads them on the next
    refresh, though the file has not changed."""
    from assistant.indexing import check
    from assistant.store import IndexFolder

    settings = formats_assistant.settings
    gen = IndexFolder(settings.index, settings.chroma_url).live()
    manifest = gen.manifest()
    manifest.files["treaty.pdf"].skipped = "unsupported file type .pdf"
    manifest.files["treaty.pdf"].chunks = []
    manifest.save(gen.manifest_path)
    _, _, report = check(settings)
    assert report.updated == ["treaty.pdf"]
    report = formats_assistant.refresh()
    # (Its vectors may be reused: the store still holds chunks of the same text.)
    assert report.updated == ["treaty.pdf"]
    pdf = IndexFolder(settings.index, settings.chroma_url).live().manifest().files["treaty.pdf"]
    assert pdf.chunks and not pdf.skipped
