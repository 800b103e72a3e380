"""Tables are content: every row indexed and quotable on its own, with its table's header row
beside it (Citation.header) and searched with it, in every format the folder takes: Markdown
pipes, aligned or tab-separated columns in plain text, HTML tables (trafilatura renders them
as pipes), and a PDF's rows as pypdf extracts them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from content_cases import (ALIGNED_HEADER, ALIGNED_ROWS, ALIGNED_TXT, TAB_HEADER, TAB_ROWS, TRADE_HEADER,
                           TRADE_MD, TRADE_ROWS)

from assistant.chunking import chunk_source, quotable_sentences
from assistant.formats import cited_text
from assistant.sources import raw_blocks, read_sources
from assistant.tables import find_tables


def rows_of(blocks) -> list[tuple[str, str | None]]:
    return [(b.text, b.header) for b in blocks if b.table == "row"]


def source_of(folder: Path, name: str, text: str):
    (folder / name).write_text(text, encoding="utf-8")
    [source] = [s for s in read_sources(folder) if s.key == name]
    return source


def test_markdown_table_rows_are_kept_with_their_header(tmp_path):
    """Issue 11, case 1: the table was dropped and `index` said 0 skipped."""
    source = source_of(tmp_path, "trade.md", TRADE_MD)
    assert rows_of(source.blocks) == [(row, TRADE_HEADER) for row in TRADE_ROWS]
    assert [b.text for b in source.blocks if b.table == "header"] == [TRADE_HEADER]
    assert not source.removed
    for block in source.blocks:  # verbatim where the offsets say
        assert TRADE_MD[block.start:block.end] == block.text


def test_aligned_columns_in_plain_text_are_a_table(tmp_path):
    source = source_of(tmp_path, "aligned.txt", ALIGNED_TXT)
    assert rows_of(source.blocks) == [(row, ALIGNED_HEADER) for row in ALIGNED_ROWS]


def test_tab_separated_rows_of_text_and_numbers_are_a_table():
    text = "Caspian ports\n\n" + "\n".join([TAB_HEADER, *TAB_ROWS]) + "\n"
    # The title line above the header is the rows' caption (test_the_title_line_above_a_table…).
    assert rows_of(raw_blocks(text)) == [(row, f"Caspian ports\n{TAB_HEADER}") for row in TAB_ROWS]


@pytest.mark.parametrize("text", [
    # prose with two spaces after its full stops: its "cells" do not line up
    "The treaty was signed.  It runs for twenty\nyears and covers defence.  Both sides said\n"
    "they would cooperate.  Officials agreed to meet.",
    "Home | World | Sport\nPolitics | Economy | Culture",  # two menus, not a table
    "Express Desk\n18 Jan 2025, 00:42",  # a byline over a dateline
])
def test_lines_that_only_look_like_cells_are_no_table(text):
    assert not [b for b in raw_blocks(text) if b.table]


def test_a_table_with_no_header_above_its_numbers_has_rows_without_header():
    text = "Shipments by month:\n\nJanuary 12 400 3.1\nFebruary 15 520 3.4\nMarch 11 380 2.9\n"
    blocks = raw_blocks(text)
    assert rows_of(blocks) == [("January 12 400 3.1", None), ("February 15 520 3.4", None),
                               ("March 11 380 2.9", None)]


def trade_page(caption: str = "") -> str:
    """An HTML article with the trade table (TRADE_HEADER over TRADE_ROWS), its <caption> if given."""
    rows = "".join(f"<tr><td>{y}</td><td>{v}</td><td>{e}</td></tr>"
                   for y, v, e in (r.split(" | ") for r in TRADE_ROWS))
    return ("<html><head><title>Trade</title></head><body><article><h1>Russia-Iran trade grows</h1>"
            "<p>Bilateral trade between Russia and Iran has grown since 2021, according to customs figures "
            "published by both governments this week.</p><table>"
            + (f"<caption>{caption}</caption>" if caption else "")
            + "<thead><tr><th>Year</th><th>Trade volume (bn USD)</th><th>Russian exports (bn USD)</th></tr>"
            "</thead><tbody>" + rows + "</tbody></table>"
            "<p>Officials expect trade to grow after the free trade agreement took effect.</p>"
            "</article></body></html>")


def test_html_table_rows_come_through_trafilatura(tmp_path):
    (tmp_path / "trade.html").write_text(trade_page(), encoding="utf-8")
    [source] = read_sources(tmp_path)
    assert rows_of(source.blocks) == [(row, TRADE_HEADER) for row in TRADE_ROWS]
    text = cited_text(tmp_path / "trade.html")
    assert all(text[b.start:b.end] == b.text for b in source.blocks)


def test_an_html_tables_caption_is_text_and_its_thead_row_the_header(tmp_path):
    # trafilatura renders <caption> as a row over a rule of its own, then <thead> over another:
    # the rows were cited under the caption, and the column names became a data row.
    (tmp_path / "trade.html").write_text(trade_page(caption="Trade by year"), encoding="utf-8")
    [source] = read_sources(tmp_path)
    assert rows_of(source.blocks) == [(row, f"Trade by year\n{TRADE_HEADER}") for row in TRADE_ROWS]


def test_pdf_table_rows_are_read_row_by_row(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Bilateral trade between Russia and Iran has grown since 2021, according to customs "
                         "figures released by both governments on Monday.", new_x="LMARGIN", new_y="NEXT")
    with pdf.table() as table:
        for line in [TRADE_HEADER, *TRADE_ROWS]:
            row = table.row()
            for cell in line.split(" | "):
                row.cell(cell)
    pdf.output(str(tmp_path / "trade.pdf"))
    [source] = read_sources(tmp_path)
    # pypdf joins a row's cells with single spaces: the numbers tell the columns apart.
    header = TRADE_HEADER.replace(" | ", " ")
    assert rows_of(source.blocks) == [(row.replace(" | ", " "), header) for row in TRADE_ROWS]
    assert {b.page for b in source.blocks} == {1}


def test_rows_are_quotable_units_carrying_their_header_through_the_index(tmp_path):
    source = source_of(tmp_path, "trade.md", TRADE_MD)
    [chunk] = chunk_source(source)
    rows = [q for q in quotable_sentences(chunk) if q.header]
    assert [chunk.text[q.start:q.end] for q in rows] == TRADE_ROWS
    assert {q.header for q in rows} == {TRADE_HEADER}
    # the header row itself is no quote: it is shown with each row
    assert TRADE_HEADER not in [chunk.text[q.start:q.end] for q in quotable_sentences(chunk)]
    # Read back from the index's metadata, the chunk gives the same units.
    from assistant.nodes import to_chunk, to_node

    again = to_chunk(to_node(chunk, source.key))
    assert quotable_sentences(again) == quotable_sentences(chunk)


def test_a_row_is_quoted_whole_whatever_its_cells_punctuate(tmp_path):
    text = ("Treaty tracker\n\n| Article | Subject | Summary |\n| --- | --- | --- |\n"
            "| Art. 26 | Tourism | Simplify visa procedures. Promote each other's destinations. |\n"
            "| Art. 47 | Duration | In force for 20 years. |\n")
    [chunk] = chunk_source(source_of(tmp_path, "tracker.md", text))
    rows = [chunk.text[q.start:q.end] for q in quotable_sentences(chunk) if q.header]
    assert rows == ["Art. 26 | Tourism | Simplify visa procedures. Promote each other's destinations.",
                    "Art. 47 | Duration | In force for 20 years."]


def test_rows_of_a_long_table_are_searched_under_its_header(tmp_path):
    """A table longer than a chunk: the chunks after the first lack the header row, so it is
    searched above them, as the headline is (chunking.chunk_header)."""
    rows = [f"{year} | {year - 2000}.{year % 7} | {year % 5}.{year % 3}" for year in range(1990, 2024)]
    text = ("# Trade by year\n\n"
            "Trade between the two countries over three decades, as customs recorded it.\n\n"
            f"| {TRADE_HEADER} |\n|---|---|---|\n" + "".join(f"| {row} |\n" for row in rows))
    source = source_of(tmp_path, "long.md", text)
    chunks = chunk_source(source)
    assert len(chunks) > 1
    for chunk in chunks:
        assert TRADE_HEADER in chunk.header or TRADE_HEADER in chunk.text.splitlines()


def test_a_question_about_a_row_quotes_the_row_with_its_header(cases_assistant, cases_folder):
    """Issue 11, case 1: "What was the bilateral trade volume in 2023?" was refused."""
    answer = cases_assistant.ask("What was the bilateral trade volume in 2023?")
    assert answer.found, answer.text
    [row] = [c for c in answer.citations if c.quote == "2023 | 4.1 | 3.3"]
    assert row.header == TRADE_HEADER
    assert row.source.endswith("trade.md")
    assert cited_text(cases_folder / "trade.md")[row.start:row.end] == row.quote


def test_the_index_reports_the_tables_lines_kept(cases_assistant):
    state = cases_assistant.source_states()
    [trade] = [s for path, s in state.items() if path.endswith("trade.md")]
    assert (trade.skipped, trade.furniture, trade.flagged) == (None, 0, 0)
    assert trade.kept == 2 + 1 + len(TRADE_ROWS)  # title, paragraph, header row, rows


def test_a_question_about_an_aligned_table_quotes_its_row(cases_assistant):
    answer = cases_assistant.ask("How many ferry passengers were carried in 2022?")
    assert answer.found, answer.text
    [row] = [c for c in answer.citations if c.quote == ALIGNED_ROWS[1]]
    assert row.header == ALIGNED_HEADER and row.source.endswith("aligned.txt")


def test_a_header_over_a_line_of_units_heads_the_rows_below_it():
    lines = ["Year    Total trade    Iran exports to Russia    Russia exports to Iran",
             "        (USD bn)       (USD bn)                  (USD bn)",
             "2020    2.2            0.6                       1.6",
             "2021    4.0            1.1                       2.9",
             "2022    4.9            1.3                       3.6"]
    found = find_tables(lines, [False, True, True, True, True])
    assert [found[i].role for i in range(5)] == ["header", "header", "row", "row", "row"]
    assert all(found[i].header == 0 and found[i].caption == "(USD bn) (USD bn) (USD bn)" for i in (2, 3, 4))


# --- list items are no table (ingestion audit, item 1) ---------------------------------

RAILWAY_INTRO = ("The Rasht–Astara railway will close the last gap in the North–South corridor between "
                 "Russia and Iran, the two governments said on Monday.")
RAILWAY_ITEMS = ["Russian loan: EUR 1.3 billion", "Completion: 2029", "Length: 162 km"]


def railway_brief(marker: str) -> str:
    """The brief with its figures as a list, each item opened by `marker` ("{n}" its number)."""
    return RAILWAY_INTRO + "\n\nKey figures\n" + "".join(
        f"{marker.format(n=n)}{item}\n" for n, item in enumerate(RAILWAY_ITEMS, 1))


@pytest.mark.parametrize("marker", ["- ", "* ", "• ", "– ", "{n}. ", "{n}) "])
def test_list_items_are_no_table_rows(marker):
    """A bullet's "-" read as a number cell made "- Completion: 2029" a row of two figures,
    cited under the first item as its header."""
    blocks = raw_blocks(railway_brief(marker))
    assert not [b for b in blocks if b.table]
    # each item a line of its own, a bullet trimmed as markup (an item's number is kept)
    assert [b.text for b in blocks[2:]] == [marker.format(n=n).lstrip("-*•– ") + item
                                           for n, item in enumerate(RAILWAY_ITEMS, 1)]


def test_a_text_briefs_dash_bullets_are_quotable_without_a_header(tmp_path):
    source = source_of(tmp_path, "brief.txt", railway_brief("- "))
    assert not [b for b in source.blocks if b.table or b.header]
    [chunk] = chunk_source(source)
    quotes = {chunk.text[q.start:q.end]: q.header for q in quotable_sentences(chunk)}
    assert quotes["Russian loan: EUR 1.3 billion"] is None  # it was a header, never quoted


def test_a_pdf_briefs_dash_bullets_are_no_table(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in railway_brief("- ").replace("–", "-").split("\n"):
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "brief.pdf"))
    [source] = read_sources(tmp_path)
    assert not [b for b in source.blocks if b.table or b.header]
    [chunk] = chunk_source(source)
    assert "Russian loan: EUR 1.3 billion" in [chunk.text[q.start:q.end] for q in quotable_sentences(chunk)]


def test_a_json_articles_dash_items_are_no_table(tmp_path):
    body = ("The State Duma ratified the comprehensive strategic partnership treaty with Iran on Tuesday.\n"
            "412 deputies voted in favour\n- 0 against\n- 3 abstained\n"
            "The treaty now goes to the Federation Council, which is expected to approve it next week.")
    (tmp_path / "duma.json").write_text(json.dumps([{"title": "Duma ratifies the treaty", "text": body}]))
    [source] = read_sources(tmp_path)
    assert not [b for b in source.blocks if b.table or b.header]
    assert "412 deputies voted in favour" in [b.text for b in source.blocks]


@pytest.mark.parametrize("text, row", [
    ("| Section | Length (km) | Status | Opened |\n|---|---|---|---|\n"
     "| Qazvin–Rasht | 164 | operating | — |\n| Rasht–Astara | 162 | planned | 2029 |\n",
     "Qazvin–Rasht | 164 | operating | —"),
    ("Section        Length (km)   Opened   Status\n"
     "Qazvin–Rasht   164           2019     operating\n"
     "Rasht–Astara   162           -        planned\n"
     "Astara–Baku    520           2010     operating\n",
     "Rasht–Astara   162           -        planned"),
    ("- Rasht–Astara  162  -\n- Qazvin–Rasht  164  2019\n- Astara–Baku   520  2010\n", None),  # a list
])
def test_a_dash_for_no_value_is_a_cell(text, row):
    """A table's "—" or "-" for a missing value is a cell, not a list's marker."""
    rows = [b.text for b in raw_blocks(text) if b.table == "row"]
    assert (row in rows) if row else not rows


# --- a header of two lines (ingestion audit, item 3) -----------------------------------

TWO_LINE_HEADER = ["Year   Russian exports   Iranian exports   Total turnover   Change y/y",
                   "       to Iran           to Russia"]
TWO_LINE_ROWS = ["2022   3,810             1,220             5,030            +21%",
                 "2023   3,370             1,100             4,470            -11%"]
# Its column names, each completed by the words under it, as a row's header carries them.
MERGED_HEADER = "Year | Russian exports to Iran | Iranian exports to Russia | Total turnover | Change y/y"
CUSTOMS_TXT = ("Russia-Iran trade slips as sanctions bite\n\n"
               "Trade between Russia and Iran fell last year, according to customs figures published "
               "in Tehran on Sunday, in US dollars (millions).\n\n"
               + "\n".join([*TWO_LINE_HEADER, *TWO_LINE_ROWS]) + "\n\n"
               "Officials in both capitals said the free trade agreement would reverse the decline.\n")


def test_a_header_continued_on_a_second_line_is_merged_column_by_column():
    """The second line of the header ran on into the first ("… Change y/y to Iran to
    Russia"), and the first data row became the header of the second."""
    found = find_tables([*TWO_LINE_HEADER, *TWO_LINE_ROWS], [False, True, True, True])
    assert [found[i].role for i in range(4)] == ["header", "header", "row", "row"]
    assert all(found[i].header == 0 and found[i].merged == MERGED_HEADER for i in (2, 3))


@pytest.mark.parametrize("lines", [
    # a line with a figure in it is no continuation of the names above it
    [TWO_LINE_HEADER[0], "       in 2021           to Russia", *TWO_LINE_ROWS],
    # nor are words that do not sit under the header's columns
    [TWO_LINE_HEADER[0], "  as reported      by customs", *TWO_LINE_ROWS],
])
def test_only_words_under_the_header_columns_continue_it(lines):
    found = find_tables(lines, [False, True, True, True])
    assert not any(line.merged for line in found.values())


def test_rows_under_a_two_line_header_are_quoted_verbatim_with_the_merged_header(tmp_path):
    from assistant.answering.spans import _cells

    source = source_of(tmp_path, "customs.txt", CUSTOMS_TXT)
    assert rows_of(source.blocks) == [(row, MERGED_HEADER) for row in TWO_LINE_ROWS]
    assert [b.text for b in source.blocks if b.table == "header"] == [h.strip() for h in TWO_LINE_HEADER]
    [chunk] = chunk_source(source)
    rows = [q for q in quotable_sentences(chunk) if q.header]
    assert [chunk.text[q.start:q.end] for q in rows] == TWO_LINE_ROWS
    for row in TWO_LINE_ROWS:  # the answerer reads a row's cells under the header's
        assert len(_cells(row)) == len(_cells(MERGED_HEADER)) == 5


def seeds_with(tmp_path_factory, name: str, text: str):
    """An Assistant over the seeds and one more file, its index built."""
    import shutil

    from assistant import Assistant

    stem = name.split(".")[0]
    folder = tmp_path_factory.mktemp(stem) / "sources"
    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", folder)
    (folder / name).write_text(text, encoding="utf-8")
    bot = Assistant(sources=folder, index=tmp_path_factory.mktemp(f"{stem}-index"))
    bot.refresh()
    return bot


@pytest.fixture(scope="module")
def customs_assistant(tmp_path_factory):
    """An Assistant over the seeds and CUSTOMS_TXT, its index built."""
    return seeds_with(tmp_path_factory, "customs.txt", CUSTOMS_TXT)


@pytest.mark.parametrize("question, direct", [
    # "what were …'s exports" asks for no kind of answer (question.ASKED_NOUNS has no
    # "export"): the quoted row under its merged header is the answer, without a span first
    ("What were Iran's exports to Russia in 2022?", False),
    ("How much did Iran export to Russia in 2022?", True),  # an amount: the cell comes first
])
def test_a_cell_under_a_two_line_header_answers(customs_assistant, question, direct):
    """The row is quoted as the file has it, under "Iranian exports to Russia", whose cell
    is 1,220 (not "Russian exports to Iran", 3,810)."""
    answer = customs_assistant.ask(question)
    assert answer.found, answer.text
    [row] = [c for c in answer.citations if c.quote == TWO_LINE_ROWS[0]]
    assert row.header == MERGED_HEADER and row.source.endswith("customs.txt")
    assert CUSTOMS_TXT[row.start:row.end] == row.quote
    assert "1,220" in answer.text
    assert answer.text.startswith("**1,220**") == direct, answer.text


CAPTIONED_TXT = ("Trade between Russia and Iran grew again last year\n\n"
                 "Trade between the two countries rose in 2024 for the fourth year running, customs figures "
                 "compiled by the Caspian Trade Monitor show.\n\n"
                 "Russia–Iran merchandise trade, 2021–2024 (US$ million)\n\n"
                 "Year   Exports to Iran   Exports to Russia   Total turnover\n"
                 "2023   3,280             1,170               4,450\n"
                 "2024   3,540             1,270               4,810\n\n"
                 "Figures for 2024 are preliminary, the monitor's editors said on Monday.\n")


def test_the_title_line_above_a_table_is_its_rows_caption(tmp_path):
    """The line just above the header, no sentence, names the table and the unit of its
    figures: each row carries it above the column names; a Markdown heading's marks do not."""
    source = source_of(tmp_path, "monitor.txt", CAPTIONED_TXT)
    assert {h for _, h in rows_of(source.blocks)} == {
        "Russia–Iran merchandise trade, 2021–2024 (US$ million)\n"
        "Year   Exports to Iran   Exports to Russia   Total turnover"}
    md = "# Ratification\n\n## Ratification timeline\n\n| Step | Date |\n| --- | --- |\n| Duma vote | 8 April |\n| Law signed | 21 April |\n"
    assert {h for _, h in rows_of(source_of(tmp_path, "steps.md", md).blocks)} == {"Ratification timeline\nStep | Date"}


@pytest.mark.parametrize("question, row, header, answer", [
    # The unit of a cell that writes none: its column's, a spreadsheet's "value_usd_million"
    # and "share_of_direction_pct" among them, else its table's caption's.
    ("What was Russia's grain export to Iran worth in 2024?", "2024,Russia to Iran,Grain,1180,33.3",
     "year,direction,commodity_group,value_usd_million,share_of_direction_pct", "1180"),
    ("What share of Russia's 2024 exports to Iran was grain?", "2024,Russia to Iran,Grain,1180,33.3",
     "year,direction,commodity_group,value_usd_million,share_of_direction_pct", "33.3"),
    ("What was the value of Iran's exports to Russia in 2023?", "2023   3,280             1,170               4,450",
     "Russia–Iran merchandise trade, 2021–2024 (US$ million)\nYear   Russia to Iran    Iran to Russia    "
     "Total turnover", "1,170"),
])
def test_a_cell_states_the_unit_its_column_or_caption_gives(question, row, header, answer):
    from test_spans import spans

    assert spans(question, row, header) == [answer]


@pytest.fixture(scope="module")
def monitor_assistant(tmp_path_factory):
    return seeds_with(tmp_path_factory, "monitor.txt", CAPTIONED_TXT)


def test_a_captions_years_are_no_rows_year(monitor_assistant):
    """"2021–2024" in the caption is no year of the 2023 row: asked for 2024, only the 2024
    row answers, and the two rows do not disagree (with the seeds beside it, 2024 is no
    year every passage is about)."""
    answer = monitor_assistant.ask("What was the value of Iran's exports to Russia in 2024?")
    assert answer.found and not answer.disagreement, answer.text
    assert answer.text.startswith("**1,270 (US$ million)**"), answer.text  # the caption's unit shown


def test_a_markdown_row_whose_cell_is_a_sentence_is_a_row():
    """Its pipes say it is a table's row, however long its cells ("| 3 | Security | If one
    party is attacked, … |"): it is quoted with its header, not as a line of text."""
    text = ("| Article | Topic | In short |\n|---|---|---|\n"
            "| 3 | Security | If one party is attacked, the other will not help the aggressor in any way. |\n"
            "| 23 | Transport | Development of the International North–South Transport Corridor. |\n")
    rows = rows_of(raw_blocks(text))
    assert [r for r, _ in rows] == [
        "3 | Security | If one party is attacked, the other will not help the aggressor in any way.",
        "23 | Transport | Development of the International North–South Transport Corridor."]
    assert {h for _, h in rows} == {"Article | Topic | In short"}


def test_a_credit_above_a_table_is_no_caption():
    text = "Editing by Mark Heinrich\n\n| Port | Cargo (kt) |\n|---|---|\n| Anzali | 340 |\n| Olya | 415 |\n"
    assert {h for _, h in rows_of(raw_blocks(text))} == {"Port | Cargo (kt)"}


def test_a_ranked_table_is_a_table_and_a_wrapped_dash_line_runs_on():
    """"1. Russia   4.8   40%" lines up in columns: a row, not a list item. In a hard-wrapped
    paragraph, a line opening with a dash after a line that ran full, mid-sentence, runs on."""
    ranked = "Rank Country        Trade   Share\n1. Russia         4.8     40%\n2. China          3.9     32%\n"
    assert [r for r, _ in rows_of(raw_blocks(ranked))] == ["1. Russia         4.8     40%",
                                                          "2. China          3.9     32%"]
    wrapped = ("Putin welcomed the Iranian president to Moscow for the signing of the treaty, and recalled his own visit\n"
               "– a visit that had been postponed twice – before the ceremony began in the Kremlin hall on Friday.\n\n"
               "Key points:\n- Russian loan: EUR 1.3 billion\n- Completion: 2029\n")
    texts = [b.text for b in raw_blocks(wrapped, width=104)]
    assert texts[0].endswith("began in the Kremlin hall on Friday.") and "– a visit" in texts[0]
    assert texts[1:] == ["Key points:", "Russian loan: EUR 1.3 billion", "Completion: 2029"]


def test_a_two_column_table_above_a_wider_one_stays_a_table(tmp_path):
    """A table file's PREAMBLE is field lines; a name over figures is a table of its own."""
    text = "Country,Share\nIran,40%\nRussia,60%\n\nRoute,2023,2024,2025\nAstara,1.1,1.4,1.9\nCaspian ferry,0.6,0.7,0.9\n"
    source = source_of(tmp_path, "shares.csv", text)
    assert ("Iran,40%", "Country,Share") in rows_of(source.blocks)
    assert ("Astara,1.1,1.4,1.9", "Route,2023,2024,2025") in rows_of(source.blocks)
