"""Sources in every format the folder takes: HTML (main text only), PDF (page numbers),
.jsonl news dumps (one article a line), .json articles, .csv tables and dumps, Word
documents, and unknown types skipped with a warning. Every file is made here: the PDF by
fpdf2 (read back by pypdf), the Word document by python-docx."""
from __future__ import annotations

import datetime
import json
import logging
from pathlib import Path

import pytest

from assistant.formats import NO_TEXT, cited_text
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
# A live blog: what trafilatura drops by its tag is content here (a figure's caption, a fact
# box, a pull quote's speaker, each entry's time stamp, a date inside a sentence); the page
# around it is furniture as ever (a menu, a cookie notice, a share bar, related stories, a
# sidebar, the site's footer).
LIVE_FACTS = {
    "caption": "The new compressor station will handle up to 6 million cubic metres of gas a day.",
    "fact box": "Full capacity: 55 bcm a year",
    "speaker": "Mohsen Paknejad",
    "stamp": "14:05 GMT",
    "inline date": "signed on 17 January in Moscow",
}
LIVE_FURNITURE = ["Home", "We use cookies", "Share on Facebook", "Oil prices fall again", "Most read",
                  "Storm hits the coast", "Subscribe to our newsletter"]
LIVE_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Live: Russia and Iran open the gas route | Caspian Courier</title>
<meta property="og:site_name" content="Caspian Courier">
<meta property="article:published_time" content="2025-08-15T08:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/energy">Energy</a></li></ul></nav>
<div class="cookie-banner"><p>We use cookies to improve your experience. Accept all cookies?</p></div>
<main><article>
<h1>Russia and Iran open the first leg of the gas route through Azerbaijan</h1>
<ul class="share"><li><a href="#">Share on Facebook</a></li><li><a href="#">Share on X</a></li></ul>
<p>Officials from Russia and Iran inaugurated the first section of the gas route on Friday, in a ceremony
attended by both energy ministers and the Azerbaijani deputy prime minister.</p>
<figure><img src="station.jpg" alt=""><figcaption>The new compressor station will handle up to 6 million
cubic metres of gas a day.</figcaption></figure>
<p>The ministers said the pipeline would be extended in stages, with the second section due to open once
the border crossing is finished.</p>
<blockquote><p>This pipeline is the backbone of our energy partnership for the next twenty years.</p>
<footer>— <cite>Mohsen Paknejad</cite>, Iran's oil minister</footer></blockquote>
<aside class="factbox"><h3>Key facts</h3><ul><li>Full capacity: 55 bcm a year</li>
<li>Length of the route: 1,200 km</li></ul></aside>
<section class="update"><time datetime="2025-08-15T14:05:00Z">14:05 GMT</time>
<p>The first gas flowed through the compressor station at Astara shortly after the speeches ended,
operators said.</p></section>
<section class="update"><time datetime="2025-08-15T15:30:00Z">15:30 GMT</time>
<p>Gazprom said volumes would rise gradually during the autumn as testing of the line continues.</p></section>
<p>Officials said the supply deal was signed on <time datetime="2025-01-17">17 January</time> in Moscow
after months of talks.</p>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/x">Oil prices fall again</a></li>
<li><a href="/y">Tanker seized in the Gulf</a></li></ul></aside>
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Storm hits the coast</a></li>
<li><a href="/b">Markets rally again</a></li></ul></aside>
<footer><p>Subscribe to our newsletter</p><p>© 2025 Caspian Courier. All rights reserved.</p></footer>
</body></html>"""


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


# A table as a spreadsheet exports it: commas, and a cell quoted because it holds one.
TRADE_CSV = """Year,Trade turnover (bn USD),Russian exports (bn USD),Note
2021,4.0,3.1,"Pandemic recovery, partial"
2022,4.9,3.5,Record year
2023,4.1,3.3,"Sanctions, rouble swings"
"""
# A news dump exported from a spreadsheet: a `text` column, an article a row; row 3 has no text.
FERRIES_CSV = """title;date;url;text
Caspian ferry resumes;2025-03-02;https://example.org/ferry;"The Caspian ferry between Astrakhan and Anzali resumed \
service on Monday, carrying 40 trucks; more sailings are planned."
Empty row;2025-03-03;;
"""
ARTICLES_JSON = {"articles": [{"title": "Rail link", "date": "2025-02-10",
                               "text": "The Rasht–Astara railway will be 162 km long, officials said."},
                              {"title": "No text"}]}
DOCX_PARAGRAPHS = ["The corridor's Caspian branch carried 1.2 million tonnes in 2024, port officials said.",
                   "Dredging at the port of Anzali is due to finish in 2026."]
DOCX_TABLE = [["Port", "Cargo 2024 (mt)", "Berths"], ["Astrakhan", "0.7", "12"], ["Anzali", "0.5", "9"]]


# News dumps that name their fields as news APIs and crawlers do, not `text`/`title`/`date`.
# A NewsAPI article (its outlet an object, `publishedAt`, the text in `content`), a record
# naming its parts `headline`/`published_at`/`outlet`/`byline`/`story`, one whose text is
# under a name no list holds (read as its field of running prose), and one with no text.
WIRE = [
    {"source": {"id": None, "name": "Caspian Courier"}, "author": "Leyla Aliyeva",
     "title": "Grain train reaches Rasht",
     "description": "A first grain train arrives.", "url": "https://caspiancourier.example/grain-train",
     "publishedAt": "2025-05-06T10:00:00Z",
     "content": "The first grain train from Russia reached the Iranian city of Rasht on Tuesday carrying "
                "2,400 tonnes of wheat, railway officials said.\n\nThe service is to run twice a week "
                "from June."},
    {"headline": "Astara terminal opens", "published_at": "2025-05-08", "outlet": "Meridian Wire",
     "byline": "Staff",
     "story": "A new freight terminal at Astara opened on Thursday with room for 300 wagons, its operator "
              "said, easing the wait at the border."},
    {"kicker": "Shipping", "slug": "ferry-order",
     "copy": "Iran's state shipping line has ordered four ro-ro ferries from a yard in Astrakhan, each able "
             "to carry 50 lorries across the Caspian Sea, the company said on Monday."},
    {"title": "Photo gallery: the border at night", "url": "https://caspiancourier.example/gallery",
     "photos": 12},
]
# A dump as a JSON list, its text in `body` and its date in RSS's `pubDate`.
BRIEFS_JSON = [{"headline": "Tariff cut on fruit", "pubDate": "Tue, 06 May 2025 09:00:00 GMT",
                "publisher": "Gulf Desk",
                "body": "Iran cut import tariffs on Russian citrus fruit to 5 percent under the new trade "
                        "arrangement, the customs office said."}]
# A spreadsheet export whose text is a `body` column: a cell running over two paragraphs,
# holding a comma and quotation marks the CSV doubles. Its second article is row 3.
FEED_BODY = ('Rosatom said on Wednesday that the second unit at Bushehr would be finished by 2029, '
             'a year later than planned.\n\nThe company called the delay "a matter of financing, not '
             'engineering".')
FEED_CSV = ('headline,published,source,author,body\n'
            'Bushehr unit delayed,2025-05-07,Energy Ledger,A. Petrov,"' + FEED_BODY.replace('"', '""') + '"\n'
            'Caspian caviar quota,2025-05-09,https://www.energyledger.example/caviar,,'
            '"Russia and Iran agreed a joint caviar export quota of 20 tonnes for the year, fisheries '
            'officials said."\n')


def write_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = "Briefing: the Caspian route"
    document.core_properties.created = datetime.datetime(2025, 3, 1)
    document.add_heading("Briefing: the Caspian route", 0)
    document.add_paragraph(DOCX_PARAGRAPHS[0])
    table = document.add_table(rows=len(DOCX_TABLE), cols=len(DOCX_TABLE[0]))
    for r, row in enumerate(DOCX_TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph(DOCX_PARAGRAPHS[1])
    document.save(str(path))


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
    (folder / "live.html").write_text(LIVE_HTML, encoding="utf-8")
    write_pdf(folder / "treaty.pdf")
    (folder / "dump.jsonl").write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in DUMP) + "\n", encoding="utf-8")
    (folder / "sheet.xlsx").write_bytes(b"PK\x03\x04 not an article")
    (folder / "russia-iran-trade.csv").write_text(TRADE_CSV, encoding="utf-8")
    (folder / "ferries.csv").write_text(FERRIES_CSV, encoding="utf-8")
    (folder / "articles.json").write_text(json.dumps(ARTICLES_JSON), encoding="utf-8")
    write_docx(folder / "brief.docx")
    (folder / "wire.jsonl").write_text("\n".join(json.dumps(line) for line in WIRE) + "\n", encoding="utf-8")
    (folder / "briefs.json").write_text(json.dumps(BRIEFS_JSON), encoding="utf-8")
    (folder / "feed.csv").write_text(FEED_CSV, encoding="utf-8")
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


def test_html_keeps_captions_fact_boxes_speakers_and_time_stamps(corpus, sources):
    """Issue: trafilatura dropped <figcaption>, <aside> fact boxes, a <blockquote>'s
    <footer>/<cite> and <time>; facts were in them. Page furniture still goes."""
    live = sources[0]["live.html"]
    blocks = [b.text for b in live.blocks]
    text = "\n".join(blocks)
    for fact in LIVE_FACTS.values():
        assert fact in " ".join(text.split()), fact
    # A stamp stays with its entry, so the entry is quoted with its time.
    assert any(b.startswith("14:05 GMT") and "first gas flowed" in b for b in blocks), blocks
    for junk in LIVE_FURNITURE:
        assert junk not in text, junk
    assert (live.title, live.publisher, live.date) == (
        "Russia and Iran open the first leg of the gas route through Azerbaijan", "Caspian Courier",
        "2025-08-15")
    assert_offsets_exact(corpus, live)


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
    assert ("dump.jsonl#3", NO_TEXT) in skipped
    assert "dump.jsonl" not in [key for key, _ in skipped]  # the dump itself is read


def test_a_csv_table_is_read_with_its_own_delimiter(corpus, sources):
    table = sources[0]["russia-iran-trade.csv"]
    rows = [b for b in table.blocks if b.table == "row"]
    assert [b.text for b in rows] == TRADE_CSV.splitlines()[1:]  # a quoted comma splits no row
    assert all(b.header == TRADE_CSV.splitlines()[0] for b in rows)
    assert table.title == "russia iran trade"
    assert_offsets_exact(corpus, table)


def test_a_csv_or_json_dump_is_an_article_a_row(corpus, sources):
    found, skipped = sources
    ferry, rail = found["ferries.csv#2"], found["articles.json#1"]
    assert (ferry.title, ferry.date, ferry.publisher) == ("Caspian ferry resumes", "2025-03-02", "example.org")
    assert "resumed service on Monday" in ferry.blocks[0].text
    assert (rail.title, rail.date) == ("Rail link", "2025-02-10")
    assert_offsets_exact(corpus, ferry)
    assert_offsets_exact(corpus, rail)
    assert ("ferries.csv#3", "no `text` field") in skipped  # the row leaves its text column empty
    assert ("articles.json#2", NO_TEXT) in skipped


def test_a_dump_is_read_whatever_news_api_named_its_fields(corpus, sources):
    """Issue: dumps whose text is in `content`, `story`, `body` (…) were skipped whole for
    "no `text` field"; their title, date and outlet under other names were lost."""
    found, skipped = sources
    grain, terminal = found["wire.jsonl#1"], found["wire.jsonl#2"]
    assert (grain.title, grain.date, grain.publisher) == ("Grain train reaches Rasht", "2025-05-06",
                                                          "Caspian Courier")
    assert grain.url == WIRE[0]["url"]
    assert "2,400 tonnes of wheat" in grain.blocks[0].text  # `content`, not the shorter `description`
    assert (terminal.title, terminal.date, terminal.publisher) == ("Astara terminal opens", "2025-05-08",
                                                                   "Meridian Wire")
    assert "room for 300 wagons" in terminal.blocks[0].text
    tariff = found["briefs.json#1"]
    assert (tariff.title, tariff.date, tariff.publisher) == ("Tariff cut on fruit", "2025-05-06", "Gulf Desk")
    for source in (grain, terminal, tariff):
        assert_offsets_exact(corpus, source)
    assert ("wire.jsonl#4", NO_TEXT) in skipped  # no text under any name, and no field of prose


def test_a_dump_field_of_running_prose_is_its_text_whatever_its_name(corpus, sources):
    ferries = sources[0]["wire.jsonl#3"]
    assert [b.text for b in ferries.blocks] == [WIRE[2]["copy"]]  # not the `kicker` or `slug`
    assert_offsets_exact(corpus, ferries)


def test_a_csv_with_a_body_column_is_a_dump_and_its_cells_are_whole(corpus, sources):
    """Issue: read as a table, its quotes carried the CSV's quoting ("" and the row's other cells)."""
    found, _ = sources
    assert "feed.csv" not in found
    bushehr, caviar = found["feed.csv#2"], found["feed.csv#3"]  # rows are records: a cell's lines, one row
    assert original(corpus, "feed.csv#2", None) == FEED_BODY  # the cell, unquoted
    assert [b.text for b in bushehr.blocks] == FEED_BODY.split("\n\n")
    assert (bushehr.title, bushehr.date, bushehr.publisher) == ("Bushehr unit delayed", "2025-05-07",
                                                                "Energy Ledger")
    assert caviar.publisher == "energyledger.example"  # a `source` that is an address names its site
    assert_offsets_exact(corpus, bushehr)
    assert_offsets_exact(corpus, caviar)


def test_a_feed_that_describes_itself_is_a_wrapper_not_an_article(tmp_path):
    """A JSON Feed (or NewsAPI's answer) holds its articles in a list beside its own
    `description`: a summary does not make the wrapper an article."""
    from assistant.formats import read_documents

    feed = {"title": "Caspian Courier", "description": "Latest news from the Caspian region",
            "items": [{"title": "Ferry fares", "date_published": "2025-05-10",
                       "content_text": "Fares on the Caspian ferry fell by a tenth in May."}]}
    (tmp_path / "feed.json").write_text(json.dumps(feed), encoding="utf-8")
    [doc] = read_documents(tmp_path / "feed.json", "feed.json")
    assert (doc.key, doc.title, doc.date) == ("feed.json#1", "Ferry fares", "2025-05-10")
    assert doc.pages[0].text == feed["items"][0]["content_text"]


def test_a_word_document_keeps_its_paragraphs_and_tables(corpus, sources):
    brief = sources[0]["brief.docx"]
    texts = [b.text for b in brief.blocks]
    assert all(paragraph in texts for paragraph in DOCX_PARAGRAPHS)
    rows = [b for b in brief.blocks if b.table == "row"]
    assert [b.text for b in rows] == [" | ".join(row) for row in DOCX_TABLE[1:]]
    assert rows[0].header == " | ".join(DOCX_TABLE[0])
    assert (brief.title, brief.date) == ("Briefing: the Caspian route", "2025-03-01")
    assert_offsets_exact(corpus, brief)


TEMPLATE = None  # python-docx's own template's date stays: 2013-12-23, whatever the document says


@pytest.mark.parametrize("created, dateline, expected", [
    (TEMPLATE, "15 August 2025", "2025-08-15"),  # the template's date is no date of the document
    (datetime.datetime(2025, 3, 1), "15 August 2025", "2025-08-15"),  # the text's dateline beats the file's
    (TEMPLATE, None, None),
    (datetime.datetime(2019, 5, 1), None, None),  # older than every year the text writes: a stale stamp
    (datetime.datetime(2025, 3, 1), None, "2025-03-01"),  # nothing better: the file's date
])
def test_a_word_documents_date_is_the_one_its_text_writes(tmp_path, created, dateline, expected):
    """Issue: the core properties' creation date was shown as the article's, even python-docx's
    template date (2013-12-23)."""
    import docx

    document = docx.Document()
    if created is not None:
        document.core_properties.created = created
    document.add_heading("Gas swap talks resume in Tehran", 1)
    if dateline:
        document.add_paragraph(dateline)
    document.add_paragraph("Negotiators from Russia and Iran resumed talks on a gas swap through Azerbaijan, "
                           "aiming for first deliveries in 2026 under the 2025 treaty.")
    document.save(str(tmp_path / "talks.docx"))
    [source] = read_sources(tmp_path)
    assert source.date == expected


@pytest.mark.parametrize("name, content, reason", [
    ("broken.json", "{not json", "not valid JSON"),
    ("numbers.json", "[1, 2]", None),
    ("corrupt.docx", "PK not a zip", "unreadable Word document"),
])
def test_a_broken_file_of_a_new_type_is_skipped_saying_why(tmp_path, name, content, reason):
    from assistant.formats import Skipped, SkippedFile, read_documents

    (tmp_path / name).write_text(content)
    if reason is None:  # a list without articles: each item skipped, the file read
        assert all(isinstance(d, Skipped) for d in read_documents(tmp_path / name, name))
        return
    with pytest.raises(SkippedFile, match=reason):
        list(read_documents(tmp_path / name, name))


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
    assert sorted(report.added) == ["articles.json", "brief.docx", "briefs.json", "dump.jsonl", "feed.csv",
                                    "ferries.csv", "live.html", "page.html", "russia-iran-trade.csv",
                                    "sheet.xlsx", "treaty.pdf", "wire.jsonl"]
    assert report.skipped == [("sheet.xlsx", "unsupported file type .xlsx")]
    return bot


@pytest.mark.parametrize("question, source, page, words", [
    ("What happens if one of the parties is subjected to aggression?", "treaty.pdf", 2, "aggressor"),
    ("Does the treaty contain a mutual defence clause?", "page.html", None, "mutual defence clause"),
    ("For how many years is the treaty concluded?", "dump.jsonl#1", None, "twenty years"),
    ("What was the trade turnover in 2022, in billions of dollars?", "russia-iran-trade.csv", None, "4.9"),
    ("When did the Caspian ferry resume service?", "ferries.csv#2", None, "on Monday"),
    ("How long will the Rasht–Astara railway be?", "articles.json#1", None, "162 km"),
    ("When is dredging at Anzali due to finish?", "brief.docx", None, "2026"),
    ("How much wheat did the first grain train carry to Rasht?", "wire.jsonl#1", None, "2,400 tonnes"),
    ("When will the second unit at Bushehr be finished?", "feed.csv#2", None, "2029"),
    ("How much gas will the new compressor station handle a day?", "live.html", None, "6 million cubic"),
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


FRONT_MATTER_MD = """---
title: "Explainer: what the ferry pact says"
publisher: Caspian Explainers
date: 2025-06-02
tags: [ferry, caspian]
---

# Explainer: what the ferry pact says

The ferry pact between the ports of Makhachkala and Bandar Anzali runs for twelve years and sets
common tariffs for grain and containers.
"""


def test_a_markdown_files_front_matter_is_its_metadata_not_its_text(tmp_path):
    """Title, publisher and date come from the YAML front matter; its lines are no blocks,
    and the body's offsets still index the file (the front matter is blanked, not cut)."""
    from assistant.sources import read_sources

    (tmp_path / "explainer.md").write_text(FRONT_MATTER_MD, encoding="utf-8")
    [source] = read_sources(tmp_path)
    assert (source.title, source.publisher, source.date) == (
        "Explainer: what the ferry pact says", "Caspian Explainers", "2025-06-02")
    assert not any("tags" in b.text or "publisher:" in b.text for b in source.blocks)
    body = next(b for b in source.blocks if b.text.startswith("The ferry pact"))
    assert FRONT_MATTER_MD[body.start:body.end] == body.text


def test_a_rule_and_a_line_of_text_are_no_front_matter(tmp_path):
    from assistant.sources import read_sources

    text = "---\nA note from the editors on this week's coverage of the treaty.\n---\n\nThe treaty was signed in Moscow.\n"
    (tmp_path / "note.md").write_text(text, encoding="utf-8")
    [source] = read_sources(tmp_path)
    assert source.title != "A note from the editors" and any("note from the editors" in b.text for b in source.blocks)


def test_front_matter_with_a_date_that_is_none_is_no_crash(tmp_path):
    """YAML's loader raises ValueError, not YAMLError, for "2025-13-45": the file is read,
    its front matter taken for text, and the folder's other files with it."""
    from assistant.sources import read_sources

    (tmp_path / "bad.md").write_text("---\ndate: 2025-13-45\n---\n\nThe treaty was signed in Moscow in January.\n")
    (tmp_path / "good.txt").write_text("The pipeline would run through Azerbaijan, officials said on Monday.\n")
    assert {s.key for s in read_sources(tmp_path)} == {"bad.md", "good.txt"}


def test_a_data_tables_description_column_does_not_make_it_a_dump(tmp_path):
    from assistant.sources import read_sources

    (tmp_path / "exports.csv").write_text("Year,Exports (USD bn),Description\n2022,4.9,Sanctions year\n"
                                          "2023,4.1,Grain imports fell\n")
    [source] = read_sources(tmp_path)
    assert source.key == "exports.csv" and [b.table for b in source.blocks].count("row") == 2


def test_a_pages_date_before_the_lede_is_no_part_of_it(tmp_path):
    from assistant.sources import read_sources

    page = ("<html><body><article><h1>Leaders sign the treaty</h1><p>By Anna Petrova</p>"
            "<time>4 March 2025</time><p>The presidents of Russia and Iran signed a twenty-year treaty in Moscow "
            "on Friday, officials in both capitals said after the ceremony.</p></article></body></html>")
    (tmp_path / "page.html").write_text(page)
    [source] = read_sources(tmp_path)
    assert any(b.text.startswith("The presidents of Russia and Iran") for b in source.blocks)


BRIEF_TITLE = "Partnership without alliance: reading the security articles of the treaty"
BRIEF_FOOTNOTES = [
    "\u00b9 Final provisions of the treaty. The Russian text was published on the official legal information "
    "portal on 24 January 2025.",
    "\u00b2 By the author's count, nine of the 47 articles concern security, defence or intelligence; most of "
    "the rest cover trade, energy, transport, science and culture.",
    "\u00b3 Interviews by the author with two Russian and one Iranian official, November-December 2025, on "
    "condition of anonymity.",
]


def write_policy_brief(path: Path) -> None:
    """A think tank's two-page brief as fpdf2 sets one: a masthead over a large title, a
    running header on page 2 only (its short title), a footer with the page number on both
    pages, and footnotes in small type under page 2's body."""
    from fpdf import FPDF

    class Brief(FPDF):
        def header(self):
            if self.page_no() > 1:
                self.set_font("Helvetica", "I", 8)
                self.cell(0, 6, "BCISS Policy Brief 7/2026 - Partnership without alliance", align="R",
                          new_x="LMARGIN", new_y="NEXT")

        def footer(self):
            self.set_y(-14)
            self.set_font("Helvetica", "", 8)
            self.cell(0, 6, f"Baltic-Caspian Institute | www.bciss.example | Page {self.page_no()} of 2",
                      align="C")

    pdf = Brief()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(0, 5, "BALTIC-CASPIAN INSTITUTE FOR STRATEGIC STUDIES - POLICY BRIEF No. 7/2026 - JANUARY 2026 - "
             "SECURITY PROGRAMME", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 17)
    pdf.multi_cell(0, 7, BRIEF_TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10.5)
    for _ in range(2):
        pdf.multi_cell(0, 5.6, PDF_ARTICLES[0], new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.add_page()
    pdf.multi_cell(0, 5.6, PDF_ARTICLES[2], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 8)
    for note in BRIEF_FOOTNOTES:
        pdf.multi_cell(0, 4.2, note, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


@pytest.fixture(scope="module")
def brief(tmp_path_factory):
    folder = tmp_path_factory.mktemp("brief")
    write_policy_brief(folder / "brief.pdf")
    (source,) = read_sources(folder)
    return folder, source


def test_a_pdf_s_running_headers_and_footers_are_furniture_on_every_page(brief):
    """Issue (fresh3, bciss-policy-brief.pdf): page 1's footer went as "mostly links", page
    2's running header was kept as text and page 2's footer was glued onto the last footnote."""
    from assistant.furniture import RUNNING

    folder, source = brief
    kept = " ".join(b.text for b in source.blocks)
    assert "Page" not in kept and "bciss.example" not in kept and "BCISS Policy Brief" not in kept
    running = [(r.page, cited_text(folder / "brief.pdf", page=r.page)[r.start:r.end])
               for r in source.removed if r.reason == RUNNING]
    assert running == [(1, "Baltic-Caspian Institute | www.bciss.example | Page 1 of 2"),
                       (2, "BCISS Policy Brief 7/2026 - Partnership without alliance"),
                       (2, "Baltic-Caspian Institute | www.bciss.example | Page 2 of 2")]
    assert_offsets_exact(folder, source)


def test_each_footnote_of_a_pdf_is_a_block_and_the_title_a_line_of_its_own(brief):
    """Issue (fresh3): footnotes ¹ and ² were one block, and the title ran on from the
    masthead above it (a long line in another font size)."""
    _, source = brief
    blocks = [" ".join(b.text.split()) for b in source.blocks]
    for note in BRIEF_FOOTNOTES:
        assert note in blocks
    assert source.title == BRIEF_TITLE
    assert BRIEF_TITLE in blocks and blocks[0].startswith("BALTIC-CASPIAN") and blocks[0].endswith("PROGRAMME")


def test_a_memo_s_header_gives_its_date_title_and_sender(tmp_path):
    """Issue (fresh3, energy-memo.docx): the memo's To/From/Date/Subject lines were dropped
    and its date and author went with them. They give its metadata, and (fresh5: a run of
    a document's fields is content) they are kept in its text."""
    import docx

    document = docx.Document()
    document.add_heading("MEMORANDUM", 0)
    for line in ("To: Investment Committee, Eurasia Risk Advisory",
                 "From: Commodities and Energy Desk (Tomas Keller)", "Date: 20 January 2026",
                 "Subject: Russia-Iran treaty, one year on: energy and nuclear projects"):
        document.add_paragraph(line)
    document.add_paragraph(DOCX_PARAGRAPHS[0])
    document.save(str(tmp_path / "memo.docx"))
    (memo,) = read_sources(tmp_path)
    assert (memo.title, memo.publisher, memo.date) == (
        "Russia-Iran treaty, one year on: energy and nuclear projects",
        "Commodities and Energy Desk (Tomas Keller)", "2026-01-20")
    text = cited_text(tmp_path / "memo.docx")
    assert "Date: 20 January 2026" not in [text[r.start:r.end] for r in memo.removed]
    assert "Date: 20 January 2026" in [b.text for b in memo.blocks]


def test_a_page_without_a_site_name_is_published_by_the_name_its_title_spells(tmp_path):
    """Issue (fresh3, zohreh-launch-print.htm): a print page with no og:site_name showed its
    canonical link's host, "persiangulfmonitor.example", though its <title> names the site."""
    (tmp_path / "print.htm").write_text(
        "<html><head><title>Print: Zohreh-2 reaches orbit - Persian Gulf Monitor</title>"
        '<link rel="canonical" href="https://www.persiangulfmonitor.example/science/zohreh-2"></head>'
        "<body><h1>Zohreh-2 reaches orbit</h1><p>An Iranian remote-sensing satellite, Zohreh-2, was placed "
        "in orbit on 9 December 2025 by a Russian Soyuz-2.1b rocket launched from the Vostochny cosmodrome, "
        "the Iranian Space Agency said.</p></body></html>", encoding="utf-8")
    (source,) = read_sources(tmp_path)
    assert source.publisher == "Persian Gulf Monitor"


@pytest.mark.parametrize("created, head, expected", [
    # The file was exported long after the brief was written: the text's dateline dates it.
    (datetime.datetime(2026, 12, 1),
     "Kestrel Energy Analytics · Client briefing · 10 April 2025 · Author: Dr. Helena Marsh", "2025-04-10"),
    # The text names only a month, and the file's day is not in it: the month, not a day.
    (datetime.datetime(2026, 12, 2), "CASPIAN INSTITUTE · POLICY BRIEF 7/2026 · JANUARY 2026", "2026-01"),
    # The text names only a month, and the file was made in it: the file's day agrees.
    (datetime.datetime(2025, 3, 14), "Transport Observatory | Project brief 7 | March 2025", "2025-03-14"),
    (datetime.datetime(2025, 3, 14), "Transport Observatory", "2025-03-14"),  # no dateline: the file's
])
def test_a_pdfs_date_is_the_one_its_text_writes(tmp_path, created, head, expected):
    """Issue (fresh2 energy-brief.pdf, fresh3 bciss-policy-brief.pdf): a PDF's creation date
    (December 2026) was shown as the article's, though its head line dates it "10 April 2025"
    or "JANUARY 2026"; and a month without a day took today's day from dateutil."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(created.replace(tzinfo=datetime.UTC))
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    for text in ["Energy cooperation under the treaty", head,
                 "Deliveries are planned to start at two billion cubic metres a year through the existing "
                 "network of Azerbaijan, and the second unit of Bushehr may feed the grid by 2029."]:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")  # "·" is in its Latin-1 font
        pdf.ln(2)
    pdf.output(str(tmp_path / "brief.pdf"))
    [source] = read_sources(tmp_path)
    assert source.date == expected


def test_a_newsletters_sender_publishes_by_its_name_not_its_address(tmp_path):
    """Issue (fresh3 eurasia-brief-newsletter.txt): "From: The Eurasia Brief
    <newsletter@eurasiabrief.example>" published as "The Eurasia Brief <newsletter@…", its
    ">" trimmed as markup."""
    (tmp_path / "brief.txt").write_text(
        "From: The Eurasia Brief <newsletter@eurasiabrief.example>\nTo: subscriber@example.com\n"
        "Subject: The Eurasia Brief #88 - one year on from the signing\n\nIssue #88 | 12 January 2026\n\n"
        + DOCX_PARAGRAPHS[0] + "\n", encoding="utf-8")
    [source] = read_sources(tmp_path)
    assert (source.publisher, source.date) == ("The Eurasia Brief", "2026-01-12")


PAPER = """<html><head><title>Hedging without alliance</title></head><body><main><article>
<h1>Hedging without alliance: the 2025 Russia–Iran treaty among Russia's partnership agreements</h1>
<p class="authors">Leyla Hosseinpour<sup>1</sup>, Andrei V. Somov<sup>2</sup> and Karin Eklund<sup>3</sup></p>
<ol class="affiliations"><li><sup>1</sup> University of Tabriz, Tabriz, Iran</li>
<li><sup>2</sup> Volga Institute of International Studies, Kazan, Russia</li>
<li><sup>3</sup> Baltic Centre for Eurasian Studies, Riga, Latvia</li></ol>
<h2>Abstract</h2>
<p>The Treaty on Comprehensive Strategic Partnership signed by Russia and Iran on 17 January 2025 has been read
both as the founding document of an alliance and as a diplomatic formality. We compare its text with 11 other
treaties Russia has signed since 2001, coding each article by subject.</p>
<p class="author-bio">Written by <a href="/staff/ivanova">Maria Ivanova</a></p>
</article></main></body></html>"""


def test_html_keeps_a_papers_authors_whose_names_carry_note_marks(tmp_path):
    """trafilatura drops an element classed "authors" as a byline; a paper's authors, whose
    <sup> marks its kept affiliations refer to, are its content. A byline stays dropped."""
    (tmp_path / "paper.htm").write_text(PAPER, encoding="utf-8")
    paper = next(read_sources(tmp_path))
    text = "\n".join(b.text for b in paper.blocks)
    assert "Leyla Hosseinpour" in text and "Karin Eklund" in text
    assert "Maria Ivanova" not in text


THREAD = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>When does the Turkmen gas swap start? - StraitsBoard</title></head><body>
<div class="nav"><a href="/">StraitsBoard</a> <a href="/login">Log in</a></div>
<div class="thread">
<div class="post op"><p class="byline">Started by <a href="/u/gulnara">gulnara</a> · 3 months ago</p>
<h1>When does the Turkmen gas swap start?</h1>
<p>I keep reading different dates for the swap through Iran. Does anyone know what was actually agreed?</p></div>
<div class="comment pinned"><p class="byline"><a href="/u/board_mod">board_mod</a> · Moderator · Pinned</p>
<div class="comment-body"><p>Summary for newcomers: the swap contract runs for ten years and deliveries begin with
1.5 billion cubic metres in 2026, according to the signed contract published by the Iranian oil ministry.</p></div></div>
<div class="comment"><p class="byline"><a href="/u/kaspi88">kaspi88</a> · 3 months ago</p>
<div class="comment-body"><p>It starts next month with 5 billion cubic metres, my friend at the ministry told me so.</p></div>
<div class="comment reply"><p class="byline"><a href="/u/ardak">ardak</a></p>
<div class="comment-body"><p>Your friend is wrong, the first year is much smaller than that, read the contract.</p></div></div></div>
</div></body></html>"""

STORY_WITH_COMMENTS = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Turkmen gas swap through Iran to begin in 2026</title></head><body><main><article>
<h1>Turkmen gas swap through Iran to begin in 2026</h1>
<p>Turkmenistan will begin sending gas to Iraq through Iran under a swap deal next year, the Iranian oil ministry
said on Tuesday, after months of talks over prices and volumes between the three governments.</p>
<p>The first deliveries will be modest, officials said, and could rise once new compressor stations are built.</p>
</article>
<section id="comments"><h2>Reader comments</h2>
<div class="comment featured"><p>Editors' pick: this deal will make Iran the region's gas hub by 2030, mark my words.</p></div>
<div class="comment"><p>Another promise that will never be kept, just like the last three.</p></div>
</section></body></html>"""


def test_a_threads_pinned_summary_is_content_and_its_replies_are_not(tmp_path):
    """A discussion page's content is its opening post and what the markup marks as standing
    above the replies (a pinned or stickied comment, an accepted answer); the replies are
    comments, furniture. Comments under a news article stay furniture, an editors' pick too."""
    (tmp_path / "thread.html").write_text(THREAD, encoding="utf-8")
    (tmp_path / "story.html").write_text(STORY_WITH_COMMENTS, encoding="utf-8")
    found = {s.key: "\n".join(b.text for b in s.blocks) for s in read_sources(tmp_path)}
    thread, story = found["thread.html"], found["story.html"]
    assert "different dates for the swap" in thread
    assert "runs for ten years" in thread, thread
    assert "my friend at the ministry" not in thread and "Your friend is wrong" not in thread
    assert "sending gas to Iraq" in story
    assert "gas hub" not in story and "never be kept" not in story


FACT_BOX = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Aktau's new container terminal explained</title></head><body><main><article>
<h1>Aktau's new container terminal explained</h1>
<p>The container terminal at Aktau, built with money from the emirate of Abu Dhabi, is meant to make Kazakhstan's
Caspian coast a hub for freight between China, Iran and Europe, the port authority said on Monday.</p>
<aside class="key-facts"><h2>Key facts</h2><dl>
<dt>Annual capacity</dt><dd>240,000 containers</dd>
<dt>Investor</dt><dd>AD Ports Group</dd>
<dt>Opening</dt><dd>2027</dd>
</dl></aside>
<p>Critics say the terminal will struggle to fill its berths until the rail links to it are upgraded as promised.</p>
</article></main></body></html>"""


def test_a_definition_lists_term_and_value_are_one_line(tmp_path):
    """A <dl>'s <dt> names what its <dd> states: the pair is one fact, "Term: value"."""
    (tmp_path / "aktau.html").write_text(FACT_BOX, encoding="utf-8")
    source = next(read_sources(tmp_path))
    kept = [b.text for b in source.blocks]
    for line in ("Annual capacity: 240,000 containers", "Investor: AD Ports Group", "Opening: 2027"):
        assert line in kept, kept
    assert cited_text(tmp_path / "aktau.html") == source_text(tmp_path / "aktau.html")



def test_a_definitions_paragraphs_stay_apart_and_a_question_term_takes_no_colon(tmp_path):
    """A <dd> of two paragraphs was read as one run of words ("…in Moscow.It was ratified…"),
    and a FAQ's question term got a colon after its question mark."""
    (tmp_path / "faq.html").write_text(
        "<html><head><title>Treaty FAQ</title></head><body><article><h1>Treaty FAQ: what the pact says</h1>"
        "<p>Russia and Iran signed a treaty on comprehensive strategic partnership in January, and readers have "
        "asked us what it contains and when it took effect.</p><dl><dt>When was the treaty signed?</dt>"
        "<dd><p>On 17 January 2025 in Moscow.</p><p>It was ratified by both parliaments later that year.</p></dd>"
        "<dt>Cost</dt><dd>about <b>1.6</b>-billion euros</dd></dl></article></body></html>", encoding="utf-8")
    source = next(read_sources(tmp_path))
    kept = [b.text for b in source.blocks]
    assert ("When was the treaty signed? On 17 January 2025 in Moscow. It was ratified by both parliaments "
            "later that year.") in kept, kept
    assert "Cost: about 1.6-billion euros" in kept, kept
    assert cited_text(tmp_path / "faq.html") == source_text(tmp_path / "faq.html")

def source_text(path: Path) -> str:
    from assistant.formats import read_documents

    return next(read_documents(path, path.name)).pages[0].text


PROMOTED = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Caspian caviar exports recover</title></head><body><main><article>
<h1>Caspian caviar exports recover</h1>
<p>Exports of farmed caviar from the Russian Caspian coast rose by a fifth last year, the fisheries agency said,
as farms around Astrakhan expanded their sturgeon stocks and found new buyers in Asia.</p>
<div class="sponsor-slot"><p>Taste the Volga delta: gourmet river cruises from Astrakhan, book now and save 15%.</p></div>
<p>Wild sturgeon fishing remains banned across the Caspian under an agreement of the five coastal states.</p>
<section aria-label="Advertisement"><p>Open a rouble account online with Delta Bank and get cashback on every purchase.</p></section>
<div class="support-us donate-panel"><p>Independent journalism costs money. Give once or monthly to keep us reporting.</p></div>
</article></main></body></html>"""


def test_html_blocks_marked_as_adverts_or_appeals_are_dropped(tmp_path):
    """An element whose class, id or label names an advert, a sponsor, a promotion, a donation
    or a newsletter box is the site's, not the article's."""
    (tmp_path / "caviar.html").write_text(PROMOTED, encoding="utf-8")
    text = "\n".join(b.text for b in next(read_sources(tmp_path)).blocks)
    assert "rose by a fifth" in text and "Wild sturgeon fishing remains banned" in text
    assert "river cruises" not in text and "Delta Bank" not in text and "Give once or monthly" not in text, text



def test_an_article_wrapper_whose_class_names_adverts_is_no_advert(tmp_path):
    """A wrapper marked "has-ads article-body" holds the article's paragraphs: a site's long
    sidebar of links outweighed its words, and the whole article was dropped as an advert."""
    sidebar = "".join(f"<li><a href='/n{i}'>Headline number {i} about another story in the region</a></li>"
                      for i in range(40))
    (tmp_path / "rail.html").write_text(
        "<html><head><title>Rasht-Astara rail deal extended</title></head><body>"
        f"<ul class='sidebar'>{sidebar}</ul><div class='has-ads article-body'>"
        "<p>Russia and Iran agreed on Tuesday to extend the North-South transport corridor with a new rail link "
        "between Rasht and Astara, officials in Tehran said after talks.</p>"
        "<p>The 162-kilometre line is expected to cost about 1.6 billion euros, most of it lent by Russia, the "
        "Iranian roads minister said.</p>"
        "<div class='ad-slot'><p>Fly to Tehran from 199 euros. Book now.</p></div></div>"
        "<footer>© 2025 Caspian Post</footer></body></html>", encoding="utf-8")
    text = "\n".join(b.text for b in next(read_sources(tmp_path)).blocks)
    assert "extend the North-South transport corridor" in text and "1.6 billion euros" in text, text
    assert "Fly to Tehran" not in text

NEWSLETTER = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Silk Road Brief - 7 March 2025</title></head>
<body><table width="100%"><tr><td>
<table width="600">
<tr><td><h1>Silk Road Brief</h1><p>Your weekly look at trade across Eurasia · 7 March 2025</p></td></tr>
<tr><td><p>Sponsored: Eurasian Freight Forum, Tashkent, 12 May. Save 30% with early registration.</p></td></tr>
<tr><td><h2>Uzbek cotton goes to Iran by rail</h2>
<p>The first block train of Uzbek cotton reached the Iranian border station of Sarakhs on Wednesday, the
Uzbek railway company said, ten days after leaving Tashkent.</p></td></tr>
<tr><td><h2>Georgian port deal signed</h2>
<p>Georgia signed a concession for a deep-water port at Anaklia with a consortium led by a Chinese company,
the economy ministry said.</p></td></tr>
<tr><td><p>You received this because you signed up for Silk Road Brief. Unsubscribe | Manage your preferences</p>
<p>Silk Road Brief is published by Meridian Letters Ltd. © 2025 Meridian Letters.</p></td></tr>
</table></td></tr></table></body></html>"""


def test_an_e_mail_newsletters_layout_table_is_read_as_its_paragraphs(tmp_path):
    """An HTML e-mail lays its page out in a table whose cells hold headings and paragraphs:
    layout, not data. Its items are read as paragraphs, each with its heading, and its
    sponsored row and unsubscribe footer are furniture."""
    (tmp_path / "brief.html").write_text(NEWSLETTER, encoding="utf-8")
    source = next(read_sources(tmp_path))
    kept = [b.text for b in source.blocks]
    text = "\n".join(kept)
    assert "Uzbek cotton goes to Iran by rail" in kept, kept
    assert any(b.startswith("The first block train of Uzbek cotton") for b in kept), kept
    assert "Anaklia" in text
    assert "Eurasian Freight Forum" not in text and "Unsubscribe" not in text, text
    assert not any(b.table for b in source.blocks)



PROJECTS_TABLE = """<table{role}><thead><tr><th><h4>Project</h4></th><th><h4>Length</h4></th><th><h4>Cost</h4></th></tr>
</thead><tbody><tr><td>Rasht-Astara railway</td><td>162 km</td><td>EUR 1.6 billion</td></tr>
<tr><td>Caspian ferry line</td><td>480 km</td><td>USD 120 million</td></tr></tbody></table>"""


@pytest.mark.parametrize("role", ["", ' role="presentation"'])
def test_a_data_table_with_styled_headings_or_a_templates_role_keeps_its_rows(tmp_path, role):
    """A data table whose header cells hold a heading alone, or which a template marks
    role="presentation" though it heads its columns, is no layout: its rows were split into
    cells and the project names dropped as labels (or the whole table dropped)."""
    (tmp_path / "projects.html").write_text(
        "<html><head><title>Joint projects</title></head><body><article><h1>Russia and Iran list joint projects</h1>"
        "<p>Russia and Iran list several joint transport projects in the annex to their agreement, with their "
        "lengths and costs, as the table below shows.</p>" + PROJECTS_TABLE.format(role=role) +
        "<p>Officials said the list could be extended later this year after further talks in Moscow.</p>"
        "</article></body></html>", encoding="utf-8")
    kept = [b.text for b in next(read_sources(tmp_path)).blocks]
    assert "Rasht-Astara railway | 162 km | EUR 1.6 billion" in kept, kept
    assert "Caspian ferry line | 480 km | USD 120 million" in kept, kept

# Issue (fresh6 caspian-wire-cms-export.json): an API's or a CMS's export nests its articles
# ({"response": {"results": [...]}}, {"hits": {"hits": [{"_source": {...}}]}}) and an article's
# text one level inside it ({"fields": {"bodyText": ...}}, {"content": {"body": ...}}): skipped whole.
GUARDIAN_LIKE = {"response": {"status": "ok", "total": 2, "pageSize": 2, "results": [
    {"id": "world/2025/jun/03/ferry", "webTitle": "Ferry line to Turkmenbashi reopens",
     "webPublicationDate": "2025-06-03T10:12:00Z", "webUrl": "https://news.example/world/ferry",
     "fields": {"trailText": "A short teaser.", "bodyText": "The ferry line between Astrakhan and "
                "Turkmenbashi reopened on Tuesday after a two-year pause, its operator said."}},
    {"id": "world/2025/jun/04/grain", "webTitle": "Grain barges wait at Olya",
     "webPublicationDate": "2025-06-04T08:00:00Z", "webUrl": "https://news.example/world/grain",
     "fields": {"bodyText": "Forty grain barges were waiting at the port of Olya on Wednesday as "
                "low water on the Volga slowed traffic to the Caspian."}}]}}
SEARCH_HITS = {"took": 4, "timed_out": False, "hits": {"total": {"value": 1}, "hits": [
    {"_index": "news", "_id": "a1", "_score": 3.2, "_source": {
        "headline": "Bandar Anzali port deepened", "pubDate": "2025-07-01", "outlet": "Gilan Daily",
        "body": {"text": "Dredging at Bandar Anzali has deepened the port's channel to six metres, "
                 "letting larger Russian river-sea ships call there.", "format": "plain"}}}]}}
NESTED_LINES = [{"meta": {"id": 7}, "title": "Rail ferry trial", "published_at": "2025-08-02",
                 "content": {"summary": "A trial run.", "body": "A rail ferry carried twelve wagons from "
                             "Makhachkala to Amirabad in a trial run on Saturday, the railway said."}}]


def test_an_exports_nested_articles_and_their_nested_text_are_read(tmp_path):
    from assistant.formats import read_documents

    (tmp_path / "guardian.json").write_text(json.dumps(GUARDIAN_LIKE), encoding="utf-8")
    (tmp_path / "search.json").write_text(json.dumps(SEARCH_HITS), encoding="utf-8")
    (tmp_path / "cms.ndjson").write_text("\n".join(map(json.dumps, NESTED_LINES)) + "\n", encoding="utf-8")
    ferry, grain = read_documents(tmp_path / "guardian.json", "guardian.json")
    assert (ferry.key, ferry.title, ferry.date, ferry.url) == (
        "guardian.json#1", "Ferry line to Turkmenbashi reopens", "2025-06-03", "https://news.example/world/ferry")
    assert ferry.pages[0].text == GUARDIAN_LIKE["response"]["results"][0]["fields"]["bodyText"]
    assert grain.key == "guardian.json#2" and grain.pages[0].text.startswith("Forty grain barges")
    [port] = read_documents(tmp_path / "search.json", "search.json")
    assert (port.key, port.title, port.date, port.publisher) == (
        "search.json#1", "Bandar Anzali port deepened", "2025-07-01", "Gilan Daily")
    assert port.pages[0].text.startswith("Dredging at Bandar Anzali")
    [trial] = read_documents(tmp_path / "cms.ndjson", "cms.ndjson")
    assert (trial.key, trial.title, trial.date) == ("cms.ndjson#1", "Rail ferry trial", "2025-08-02")
    assert trial.pages[0].text == NESTED_LINES[0]["content"]["body"]  # the body, not the summary
    for name in ("guardian.json", "search.json", "cms.ndjson"):
        for source in read_sources(tmp_path):
            if source.file_key == name:
                assert_offsets_exact(tmp_path, source)



def test_an_exports_articles_are_its_longest_texts_not_its_most_numerous_list(tmp_path):
    """Ten tags each with a one-line description, or six readers' comments each with a "text",
    outnumber three articles: the list holding the most text is the articles'."""
    from assistant.formats import read_documents

    def article(n):
        return {"title": f"Ferry line {n} reopens", "content": f"The ferry line number {n} between Astrakhan and "
                "Turkmenbashi reopened on Tuesday after a two-year pause, its operator said, with three sailings "
                "a week planned for the summer season."}
    tagged = {"status": "ok", "articles": [article(n) for n in (1, 2, 3)],
              "tags": [{"id": n, "name": f"tag{n}", "description": f"Stories about topic {n}."} for n in range(10)]}
    commented = {"data": {"articles": [article(1), article(2)]},
                 "comments": [{"user": "reader", "text": f"Great piece {n}"} for n in range(6)]}
    (tmp_path / "tagged.json").write_text(json.dumps(tagged), encoding="utf-8")
    (tmp_path / "commented.json").write_text(json.dumps(commented), encoding="utf-8")
    assert [d.title for d in read_documents(tmp_path / "tagged.json", "tagged.json")] == [
        "Ferry line 1 reopens", "Ferry line 2 reopens", "Ferry line 3 reopens"]
    assert [d.title for d in read_documents(tmp_path / "commented.json", "commented.json")] == [
        "Ferry line 1 reopens", "Ferry line 2 reopens"]


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"a": ' * 5000 + '{"text": "x"}' + "}" * 5000])
def test_json_nested_deeper_than_the_stack_is_skipped_not_a_crash(tmp_path, text):
    (tmp_path / "deep.json").write_text(text, encoding="utf-8")
    (tmp_path / "deep.jsonl").write_text(text + "\n", encoding="utf-8")
    assert list(read_sources(tmp_path)) == []

# Issue (fresh6 atom-review-hormoz-scan.pdf): words a typesetter broke over two lines stayed
# broken in quotes ("desali- nation"); a compound broken at its own hyphen must keep it.
BROKEN_LINES = ["The new terminal at Amirabad will handle contain-",
                "ers and grain, and its long-",
                "term lease runs to 2045. Trains on the Qazvin-Rasht-",
                "Astara line will link it with the wider infra-",
                "structure of the corridor, the port authority said."]


def test_a_pdf_word_broken_at_a_line_end_is_joined_and_a_compound_keeps_its_hyphen(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    for line in BROKEN_LINES:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "port.pdf"))
    [source] = read_sources(tmp_path)
    kept = " ".join(" ".join(b.text.split()) for b in source.blocks)
    for word in ("containers", "long-term", "Qazvin-Rasht-Astara", "infrastructure"):
        assert word in kept
    assert "contain-" not in kept and "infra-" not in kept
    assert_offsets_exact(tmp_path, source)  # quotes are checked against the joined page text


def test_a_docx_keeps_its_numbered_headings_and_drops_its_table_of_contents(tmp_path):
    """Issue (fresh6 payments-review-2025.docx): headings "1. Summary" were removed as labels
    while the contents lines ("1. Summary ....... 2") were kept as text."""
    import docx

    document = docx.Document()
    document.add_paragraph("Transit Review 2025", style="Title")
    document.add_paragraph("Contents")
    for n, (heading, page) in enumerate([("Overview", 2), ("Rail freight", 3), ("Port traffic", 5)], 1):
        document.add_paragraph(f"{n}. {heading}\t{page}")  # a typed contents line: tab, page number
    body = {"Overview": "Freight on the corridor grew by a fifth in 2025, carried mostly by rail through "
                        "Kazakhstan and Turkmenistan rather than across the sea.",
            "Rail freight": "Short.",
            "Port traffic": "Ports on the Caspian handled fewer ships than planned because of low water levels "
                            "in the Volga delta during the summer months."}
    for n, heading in enumerate(body, 1):
        document.add_heading(f"{n}. {heading}", level=1)
        document.add_paragraph(body[heading])
    document.save(str(tmp_path / "review.docx"))
    [source] = read_sources(tmp_path)
    texts = [b.text for b in source.blocks]
    for n, heading in enumerate(body, 1):
        assert f"{n}. {heading}" in texts
    assert not any("\t" in text for text in texts)
    assert any(r.reason == "table of contents" for r in source.removed)


def test_a_docx_contents_styled_as_such_is_dropped(tmp_path):
    import docx

    document = docx.Document()
    styles = document.styles
    from docx.enum.style import WD_STYLE_TYPE
    for level in (1, 2):
        styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Background and aims 1", style="TOC 1")
    document.add_paragraph("Findings 4", style="TOC 2")
    document.add_heading("Background and aims", level=1)
    document.add_paragraph("The study asked how many lorries cross the border at Astara each day, and how long "
                           "they wait on each side before they are cleared by customs.")
    document.add_heading("Findings", level=1)
    document.add_paragraph("About nine hundred lorries cross each day; most wait for more than a day on the "
                           "Iranian side during the harvest months of the year.")
    document.save(str(tmp_path / "study.docx"))
    [source] = read_sources(tmp_path)
    texts = [b.text for b in source.blocks]
    assert "Background and aims" in texts and "Findings" in texts
    assert "Background and aims 1" not in texts and "Findings 4" not in texts


def test_html_keeps_a_zero_width_non_joiner_inside_a_persian_word(tmp_path):
    """Issue (fresh6 russian-house-tehran-bilingual.html): "ثبت‌نام" became "ثبتنام":
    trafilatura drops every character that is not printable, U+200C among them."""
    persian = "برای شرکت در کلاس‌های زبان روسی باید تا پایان ماه ثبت‌نام کنید و مدارک خود را بفرستید."
    (tmp_path / "page.html").write_text(
        "<html><head><title>Курсы русского языка</title></head><body><article><h1>Курсы</h1>"
        f"<p>{persian}</p><p>Registration for the Russian language courses closes at the end of the month, "
        "the centre said in its announcement on Sunday.</p>"
        "<p>Zero\u200cwidth noise\u200c in English words is dropped as before, the centre said on Sunday.</p>"
        "</article></body></html>", encoding="utf-8")
    [source] = read_sources(tmp_path)
    kept = "\n".join(b.text for b in source.blocks)
    assert "ثبت\u200cنام" in kept and "کلاس\u200cهای" in kept
    assert "Zerowidth noise in" in kept
    assert_offsets_exact(tmp_path, source)


@pytest.mark.timeout(120)  # a guard against the hang, not a speed target (those live in `make bench`)
def test_a_pdf_line_of_letters_without_spaces_is_dehyphenated_without_hanging():
    """A line pypdf gives without spaces is a long run of letters: searching it for a
    line-end hyphen from every start cost the square of its length."""
    from assistant.formats import dehyphenated

    line = "a" * 400_000 + "1"
    text = f"{line}\nThe port is being rebuilt with contain-\ners and grain terminals."
    [(joined, _)] = dehyphenated([(text, [(0, len(line), 10.0)])])
    assert "containers\nand grain" in joined


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _with_notes(document, kind: str, notes: dict[int, str]) -> None:
    """Word's footnotes or endnotes part, written as Word writes it (its separator and
    continuation notes, ids -1 and 0, first), related to the document's part."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    tag = kind[:-1]
    body = [f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>',
            f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
            f'</w:p></w:{tag}>']
    for nid, text in notes.items():
        body.append(f'<w:{tag} w:id="{nid}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                    f'<w:{tag}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{tag}>')
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind} xmlns:w="{W_NS}">{"".join(body)}</w:{kind}>'
    part = Part(PackURI(f"/word/{kind}.xml"),
                f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml",
                xml.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES if kind == "footnotes" else RT.ENDNOTES)


def _note_reference(paragraph, kind: str, nid: int) -> None:
    from docx.oxml import parse_xml

    paragraph._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                  f'<w:{kind[:-1]}Reference w:id="{nid}"/></w:r>'))


def test_a_word_documents_footnotes_and_endnotes_are_its_text(tmp_path):
    """Issue (fresh7 humanitarian-track-review-2025.docx): Word's footnotes and endnotes
    (word/footnotes.xml, word/endnotes.xml) were never read, so a fact only in one was lost."""
    import docx

    document = docx.Document()
    document.add_heading("Port of Aktau: the 2025 season", 1)
    p = document.add_paragraph("Container traffic through the port grew again in 2025, driven by transit cargo "
                               "bound for the Gulf and for South Asia.")
    _note_reference(p, "footnotes", 1)
    p = document.add_paragraph("A second berth for ferries was opened on the northern mole during the summer.")
    _note_reference(p, "endnotes", 1)
    _with_notes(document, "footnotes", {1: "The port authority counted 4,300 container movements in December alone."})
    _with_notes(document, "endnotes", {1: "The berth was commissioned on 3 March 2025 after two years of dredging."})
    document.save(str(tmp_path / "port.docx"))
    [source] = read_sources(tmp_path)
    texts = [b.text for b in source.blocks]
    footnote = next(t for t in texts if "4,300 container movements" in t)
    endnote = next(t for t in texts if "commissioned on 3 March 2025" in t)
    assert footnote.startswith("[1]") and texts.index(footnote) > texts.index(next(t for t in texts if "northern mole" in t))
    assert endnote.startswith("[i]") and texts.index(endnote) > texts.index(footnote)  # endnotes last, Word's numbering
    assert any(t.startswith("Container traffic") and "South Asia.[1]" in t for t in texts)  # the body calls it
    page = cited_text(tmp_path / "port.docx")
    assert all(page[b.start:b.end] == b.text for b in source.blocks)
    assert "separator" not in page and not any(t.strip() in ("[0]", "[-1]") for t in texts)


def test_a_drafts_highlighted_note_to_its_authors_is_no_text_but_a_published_editors_note_is(tmp_path):
    """Issue (fresh7 humanitarian-track-review-2025.docx): a highlighted "Reviewer note: …"
    to the authors of a draft was indexed and its figure quoted as a fact."""
    import docx
    from docx.enum.text import WD_COLOR_INDEX

    document = docx.Document()
    document.add_paragraph("Editor's note: this article was corrected on 4 May to give the right date of the vote.")
    document.add_paragraph("The regional assembly approved the new ferry subsidy by 41 votes to 9 on 28 April, "
                           "after a debate that lasted most of the afternoon.")
    note = document.add_paragraph("Query to authors: the ministry said 55 votes in its release, please confirm "
                                  "which count is right before we publish.")
    for run in note.runs:
        run.font.highlight_color = WD_COLOR_INDEX.BRIGHT_GREEN
    emphasis = document.add_paragraph("Key finding: the subsidy will cover half the fare for island residents "
                                      "from the first of June.")
    for run in emphasis.runs:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    document.save(str(tmp_path / "draft.docx"))
    [source] = read_sources(tmp_path)
    texts = " ".join(b.text for b in source.blocks)
    assert "55 votes" not in texts
    assert "Editor's note: this article was corrected" in texts  # published, not highlighted: content
    assert "Key finding: the subsidy will cover half the fare" in texts  # highlighted, no note to the authors
    assert any("annotation" in r.reason for r in source.removed)


def test_markdown_emphasis_closing_after_punctuation_and_footnote_marks_leave_no_markup(tmp_path):
    """Issue (fresh7 payments-corridor-monitor.md): "> **Summary.** Eight months…" kept a
    stray "**" ("Summary.** Eight…", and as the title); "[^1]" marks were left in the text."""
    text = ("# Grain exports through Astrakhan\n\n"
            "__Key points.__ Shipments of wheat rose by a third in the first half,\n"
            "_most of it bound for Iranian mills_, according to the port's figures.[^src]\n\n"
            "The harbour master said the channel was dredged to **4.5 metres\nin April**, allowing larger barges.[^2]\n\n"
            "A price of 5 * 3 roubles and snake_case_names stay as written.\n\n"
            "[^src]: Figures from the Astrakhan port authority's monthly bulletin for June.\n"
            "[^2]: Dredging was paid for by the regional government under a 2024 programme.\n")
    (tmp_path / "grain.md").write_text(text, encoding="utf-8")
    [source] = read_sources(tmp_path)
    texts = [b.text for b in source.blocks]
    joined = "\n".join(texts)
    assert "**" not in joined and "__" not in joined and "[^" not in joined and "_most" not in joined
    assert "Key points." in joined and "4.5 metres" in joined and "most of it bound for Iranian mills" in joined
    assert "5 * 3 roubles and snake_case_names" in joined
    assert any("Astrakhan port authority's monthly bulletin" in t for t in texts)
    assert any("paid for by the regional government" in t for t in texts)
    assert source.title == "Grain exports through Astrakhan"
    page = cited_text(tmp_path / "grain.md")
    assert len(page) == len(text) and all(page[b.start:b.end] == b.text for b in source.blocks)


def test_a_csvs_metadata_rows_above_its_header_are_text_and_the_rows_cite_the_real_header(tmp_path):
    """Issue (fresh7 ru-ir-indicators-wide.csv): rows "Data source,…", "Last updated,…",
    "Units,…", a blank row, then the header "Indicator,2021,…": the first row was taken for
    the header, and the data rows lost their year columns' names."""
    text = ("Dataset,Port throughput by region\n"
            "Retrieved,2026-01-05\n"
            "Unit,million tonnes of cargo handled\n"
            "\n"
            "Region,2019,2020,2021,2022\n"
            "Astrakhan,4.1,3.8,4.4,5.0\n"
            "Makhachkala,2.2,2.0,2.6,3.1\n"
            "Olya,0.9,1.1,1.3,1.6\n")
    (tmp_path / "ports.csv").write_text(text, encoding="utf-8")
    [source] = read_sources(tmp_path)
    rows = [b for b in source.blocks if b.table == "row"]
    assert [b.text for b in rows] == ["Astrakhan,4.1,3.8,4.4,5.0", "Makhachkala,2.2,2.0,2.6,3.1", "Olya,0.9,1.1,1.3,1.6"]
    assert all(b.header == "Region,2019,2020,2021,2022" for b in rows)
    texts = [b.text for b in source.blocks]
    assert "Unit,million tonnes of cargo handled" in texts  # the units stay quotable
    unit = next(b for b in source.blocks if b.text.startswith("Unit,"))
    assert unit.table == "" and unit.header is None


CHRONOLOGY = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Chronology: the Astara–Rasht railway | Rail Corridor Watch</title></head><body>
<header><nav><a href="/">Home</a> <a href="/chronologies">Chronologies</a> <a href="/about">About</a></nav></header>
<main>
<h1>Chronology: the Astara–Rasht railway</h1>
<p class="lede">How the missing link of the corridor moved from a loan agreement to construction, step by step.</p>
<section class="entry"><h4>Monday 17 May 2023</h4>
<p>Russia and Iran sign the intergovernmental agreement on building the line in Tehran.</p></section>
<section class="entry"><h4>3 March 2025</h4>
<p>The contractor hands over the first land plots along the route near Rasht.</p></section>
<section class="entry"><h4>September 2025</h4>
<p>Engineers report that survey work on the bridge sites has finished.</p></section>
<section class="entry"><h4>Background</h4>
<p>The line is 162 km long and is to be financed mostly by a Russian state loan.</p></section>
</main><footer>Rail Corridor Watch · <a href="/contact">Contact</a></footer></body></html>"""


def test_a_timelines_date_headings_lead_their_entries_in_page_order(tmp_path):
    """A chronology's entries (repeated <section class="entry">, each a date heading over its
    event) are the page's body, not the first entry alone: the intro keeps its place before
    them, and each date heading leads the paragraph it heads, so its sentence carries its
    date. A heading that is no date ("Background") is left a heading, and kept."""
    (tmp_path / "chronology.html").write_text(CHRONOLOGY, encoding="utf-8")
    source = next(read_sources(tmp_path))
    kept = [b.text for b in source.blocks]
    assert "Monday 17 May 2023 Russia and Iran sign the intergovernmental agreement on building the line in Tehran." in kept
    assert "3 March 2025 The contractor hands over the first land plots along the route near Rasht." in kept
    assert "September 2025 Engineers report that survey work on the bridge sites has finished." in kept
    assert not any(t.startswith("Background ") for t in kept)
    assert "Background" in kept  # a one-word heading over a paragraph heads it: no label
    assert any("162 km" in t for t in kept)
    intro = next(i for i, t in enumerate(kept) if t.startswith("How the missing link"))
    first = next(i for i, t in enumerate(kept) if "intergovernmental agreement" in t)
    assert intro < first


STORY_WITH_POSTS = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Astara rail bridge opens to freight trains</title></head><body><main><article>
<h1>Astara rail bridge opens to freight trains</h1>
<p>The new rail bridge over the Astarachay river opened to freight trains on Monday, the Azerbaijani railway
operator said, cutting the transfer time for wagons between the two networks to about four hours.</p>
<blockquote class="twitter-tweet"><p lang="en">First train across the Astara bridge!! 300 wagons a day from now on
🚆</p>&mdash; Rail Fan Baku (@railfan_baku) <a href="https://twitter.com/railfan_baku/status/1">June 2, 2025</a></blockquote>
<p>Officials said the bridge could eventually handle up to 120 wagons a day once the customs post on the Iranian
side moves to round-the-clock operation later this year.</p>
<blockquote class="card"><p>Bridge is a joke, took us 9 hours to cross today. Nobody at customs.</p>
<span>@trucker_ali · 3 Jun 2025</span><span>45 likes · 12 reposts</span></blockquote>
<blockquote><p>"This bridge is the last small gap in a very long railway," said Elnur Mammadov, the operator's
deputy chairman, at the opening ceremony.</p><footer>Elnur Mammadov, deputy chairman</footer></blockquote>
</article></main></body></html>"""


def test_embedded_social_posts_are_furniture_and_a_pull_quote_stays(tmp_path):
    """An embedded tweet (the network's class) and a post card of any class (a handle with its
    date and counts) are someone's post, not the article: removed as "embedded social post",
    with their wrong figures. A pull quote with its speaker is the article's."""
    (tmp_path / "bridge.html").write_text(STORY_WITH_POSTS, encoding="utf-8")
    source = next(read_sources(tmp_path))
    kept = "\n".join(b.text for b in source.blocks)
    assert "120 wagons a day" in kept and "last small gap in a very long railway" in kept
    assert "300 wagons" not in kept and "9 hours" not in kept
    text = cited_text(tmp_path / "bridge.html")
    reasons = {text[r.start:r.end].split(" — ")[0][:20]: r.reason for r in source.removed}
    assert reasons.get("First train across t") == "embedded social post"
    assert reasons.get("Bridge is a joke, to") == "embedded social post"
