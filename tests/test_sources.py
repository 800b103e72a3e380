"""Reading and cleaning the sources folder: page furniture and repeated paragraphs never
reach the index, article paragraphs always do, bad files are skipped with a warning
naming them, and the metadata comes from the text.

Furniture is recognised by shape and repetition, so besides the seeds' own furniture the
tests write new articles with furniture the code has never seen."""
from __future__ import annotations

import json
import logging
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from assistant.chunking import chunk_source
from assistant.schema import Chunk, Source
from assistant.sources import raw_blocks, read_sources
from assistant.store import IndexFolder
from assistant.text import content_terms, fold, same_stem, words

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# Page furniture in the seeds: none of it may be indexed or cited.
SEED_FURNITURE = [
    "Your browser does not support video players",
    "read more",
    "Want to get the latest news?",
    "We are preparing an application",
    "See also:",
    "See: Significant incidents",
    "Loading…",
    "Read the full article here",
    "nn/wka/Polsatnews.pl",
    "Israeli Security Cabinet Approves Ceasefire Agreement",
    "US Confirms Gaza Ceasefire Will Begin on Time",
    "How Many Palestinians Have Lost Their Lives",
    "Israel, Hamas Agree to Deal Aimed at Ending Gaza Conflict",
    "Benin Festival Aims to Challenge and Dispel Voodoo Stereotypes",
]


def original_text(path: str | Path) -> str:
    """The original file's text as its offsets count it (UTF-8, a BOM is not a character)."""
    return Path(path).read_bytes().decode("utf-8-sig")


def index_chunks(assistant) -> list[tuple[Chunk, str]]:
    """Every chunk stored in the assistant's live index, with its source key."""
    generation = IndexFolder(assistant.settings.index, assistant.settings.chroma_url).live()
    got = generation.collection.get(include=["documents", "metadatas"])
    chunks = []
    for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"]):
        spans = tuple(tuple(span) for span in json.loads(meta["spans"]))
        chunk = Chunk(id=cid, source=meta["source"], title=meta.get("title") or None,
                      publisher=meta.get("publisher") or None, date=meta.get("date") or None,
                      text=text, spans=spans)
        chunks.append((chunk, Path(meta["source"]).name))
    return chunks


@pytest.fixture(scope="module")
def seed_sources(seeds_copy) -> dict[str, Source]:
    return {source.key: source for source in read_sources(seeds_copy)}


def block_texts(source: Source) -> list[str]:
    return [block.text for block in source.blocks]


# --- the seeds ---------------------------------------------------------------------------

def test_every_seed_file_is_read(seed_sources):
    assert sorted(seed_sources) == sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("furniture", SEED_FURNITURE)
def test_seed_furniture_is_never_indexed(seed_assistant, furniture):
    """Neither the cleaned sources nor the index hold any of the seeds' page furniture."""
    for chunk, _ in index_chunks(seed_assistant):
        assert furniture.casefold() not in chunk.text.casefold(), (furniture, chunk.source)


def test_seed_furniture_lines_are_not_blocks(seed_sources):
    blocks = [b for source in seed_sources.values() for b in block_texts(source)]
    for furniture in SEED_FURNITURE:
        hits = [b for b in blocks if furniture.casefold() in b.casefold()]
        assert not hits, f"furniture {furniture!r} kept as {hits}"
    # 004's "Comments" label heads the headline list; 000's trailing widgets
    assert "Comments" not in blocks
    assert not any(b.endswith("…") and len(words(b)) < 10 for b in blocks)


def test_seed_article_paragraphs_are_all_kept(seeds_copy, seed_sources):
    """Cleaning never drops article text: every prose paragraph (15+ words ending a
    sentence) of every seed file is inside a kept block."""
    for key, source in seed_sources.items():
        text = original_text(seeds_copy / key)
        for match in re.finditer(r"[^\n]+", text):
            line = match.group().strip().strip("*")
            if len(words(line)) < 15 or not re.search(r"[.!?\"”’]$", line):
                continue
            assert any(fold(line) == fold(b.text) for b in source.blocks), (key, line[:80])


@pytest.mark.parametrize("name, at_least", [("001_ef0c1281b5ae524e.txt", 5),
                                             ("004_00528b96f0de169d.txt", 15)])
def test_repeated_paragraphs_are_indexed_once(seed_assistant, seeds_copy, name, at_least):
    """001 repeats paragraphs and 004 repeats its whole article: each paragraph is indexed
    once, at its first occurrence in the file."""
    text = original_text(seeds_copy / name)
    lines = [m.group().strip() for m in re.finditer(r"[^\n]+", text)]
    counts = Counter(line for line in lines if len(words(line)) >= 15)
    repeated = [line for line, n in counts.items() if n > 1]
    assert len(repeated) >= at_least, "the seed file should repeat paragraphs"

    chunks = [chunk for chunk, source in index_chunks(seed_assistant) if source == name]
    spans = [span for chunk in chunks for span in chunk.spans]
    for paragraph in repeated:
        first, *later = [m.start() for m in re.finditer(re.escape(paragraph), text)]
        assert later
        # the first occurrence is indexed whole ...
        inside = sorted((s, e) for s, e in spans if first <= s and e <= first + len(paragraph))
        joined = "".join(text[s:e] for s, e in inside)
        assert joined.replace(" ", "") == paragraph.replace(" ", ""), paragraph[:70]
        # ... and no later occurrence is indexed at all
        for start in later:
            assert not [(s, e) for s, e in spans if s < start + len(paragraph) and e > start], paragraph[:70]
        assert sum(chunk.text.count(paragraph) for chunk in chunks) <= 1


def test_no_source_repeats_a_block(seed_sources):
    for key, source in seed_sources.items():
        folded = [fold(b.text) for b in source.blocks]
        assert len(folded) == len(set(folded)), key


def test_seed_metadata(seed_sources):
    s004 = seed_sources["004_00528b96f0de169d.txt"]
    assert s004.title == "Russia and Iran Forge 20-Year Defence Pact to Deepen Strategic Ties"
    assert s004.date == "2025-01-18"
    assert s004.publisher == "Express Desk"  # the byline over its dateline "18 Jan 2025, 00:42"
    assert seed_sources["003_b5b9460b2eca335a.txt"].publisher == "Brussels Morning Newspaper"
    assert seed_sources["000_99ae486ac9302390.txt"].publisher == "Polsatnews.pl"
    assert "Russia and Iran Forge Military Partnership" in seed_sources["001_ef0c1281b5ae524e.txt"].title
    for source in seed_sources.values():
        assert source.title and len(source.title) <= 120


def test_blocks_are_verbatim_slices_of_the_file(seeds_copy, seed_sources):
    for key, source in seed_sources.items():
        text = original_text(seeds_copy / key)
        for block in source.blocks:
            assert text[block.start:block.end] == block.text


# --- a new article with furniture of its own ---------------------------------------------

SOLAR_PARAGRAPHS = [
    "The new solar farm outside Port Ellis began feeding power into the regional grid on Monday, "
    "ending a planning dispute that had dragged on for more than six years.",
    "Council officials said the forty-megawatt installation would supply roughly a third of the "
    "town's households and cut local emissions by an estimated twelve thousand tonnes a year.",
    "Residents who had opposed the project over its visual impact said they were satisfied with "
    "the screening hedges planted along the coast road last autumn.",
    "The operator plans to add battery storage next year, allowing the farm to keep supplying "
    "power for several hours after sunset during the winter months.",
]
SOLAR_HEADLINE = "Solar Farm Opens in Coastal Town After Years of Delay"
SOLAR_FURNITURE = [
    "Advertisement",
    "Related: Wind turbine maker posts record quarterly profit",
    "More from Example Daily",
    "Local bakery wins national bread award",
    "Football club appoints new head coach",
    "Heavy rain expected across the region this weekend",
    "Museum reopens after roof repairs",
    "ab/cd/Example.com",
    "Subscribe to our newsletter",
    "Get the best of Example Daily in your inbox every morning.",
]


def solar_article(newline: str = "\n") -> str:
    p = SOLAR_PARAGRAPHS
    lines = [
        "Example Daily",
        SOLAR_HEADLINE,
        "12 March 2024",
        "",
        p[0],
        "",
        "Advertisement",
        "",
        p[1],
        "",
        "Related: Wind turbine maker posts record quarterly profit",
        "",
        p[2],
        "",
        # a list of unrelated headlines in the middle of the article, not only in its tail
        "More from Example Daily",
        "Local bakery wins national bread award",
        "Football club appoints new head coach",
        "Heavy rain expected across the region this weekend",
        "Museum reopens after roof repairs",
        "",
        p[3],
        "",
        "ab/cd/Example.com",
        "Subscribe to our newsletter",
        "Get the best of Example Daily in your inbox every morning.",
        "",
    ]
    return newline.join(lines)


def read_one(folder: Path) -> list[Source]:
    return list(read_sources(folder))


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_new_article_furniture_is_removed_by_shape(tmp_path, newline):
    (tmp_path / "solar.txt").write_bytes(solar_article(newline).encode())
    [source] = read_one(tmp_path)
    texts = block_texts(source)
    for paragraph in SOLAR_PARAGRAPHS:
        assert paragraph in texts, f"article paragraph lost: {paragraph[:60]}"
    for furniture in SOLAR_FURNITURE:
        assert not any(furniture in t for t in texts), f"furniture kept: {furniture!r}"
    chunk_text = "\n".join(c.text for c in chunk_source(source))
    for furniture in SOLAR_FURNITURE:
        assert furniture not in chunk_text
    assert source.title == SOLAR_HEADLINE
    assert source.date == "2024-03-12"
    text = original_text(tmp_path / "solar.txt")
    for block in source.blocks:
        assert text[block.start:block.end] == block.text


def test_new_article_with_a_navigation_bar(tmp_path):
    """A navigation bar is furniture too ("short lines without sentence punctuation ...
    feed the metadata but are never cited") and is not the article's title."""
    text = solar_article().replace("Example Daily\n", "Example Daily\nHome | World | Business | Sport\n", 1)
    (tmp_path / "solar.txt").write_text(text)
    [source] = read_one(tmp_path)
    assert not any("Home | World" in t for t in block_texts(source)), block_texts(source)[:3]
    assert source.title == SOLAR_HEADLINE


def test_line_repeated_across_files_is_boilerplate(tmp_path):
    """A short line that recurs in several files is the site's own furniture, even inside
    the article body where no other rule would catch it."""
    shared = "Follow Example Daily on social media for more stories like this"
    for name, paragraphs in (("a.txt", SOLAR_PARAGRAPHS[:2]), ("b.txt", SOLAR_PARAGRAPHS[2:])):
        body = [f"Headline number {name[0]} about the coastal solar farm", "", paragraphs[0], "",
                shared, "", paragraphs[1], ""]
        (tmp_path / name).write_text("\n".join(body))
    sources = read_one(tmp_path)
    assert len(sources) == 2
    for source in sources:
        texts = block_texts(source)
        assert shared not in texts
        assert sum(p in texts for p in SOLAR_PARAGRAPHS) == 2


def test_paragraph_repeated_in_a_new_article_is_kept_once(tmp_path):
    p = SOLAR_PARAGRAPHS
    text = "\n\n".join([SOLAR_HEADLINE, p[0], p[1], p[0], p[2], p[1], p[3]]) + "\n"
    (tmp_path / "dup.txt").write_text(text)
    [source] = read_one(tmp_path)
    texts = block_texts(source)
    assert texts == [SOLAR_HEADLINE, *p]
    assert [b.start for b in source.blocks] == [text.index(t) for t in texts]


def test_hard_wrapped_article_keeps_paragraphs_whole_and_drops_furniture(tmp_path):
    """A hard-wrapped file (lines broken at ~70 columns) with furniture between and after
    its paragraphs: paragraphs are joined back whole, furniture is still dropped."""
    import textwrap

    parts = ["Example Daily", SOLAR_HEADLINE, "12 March 2024", ""]
    for i, paragraph in enumerate(SOLAR_PARAGRAPHS):
        parts += [*textwrap.wrap(paragraph, 70), ""]
        if i == 0:
            parts += ["Advertisement", ""]
        if i == 1:
            parts += ["Related: Wind turbine maker posts record quarterly profit", ""]
        if i == 2:
            parts += SOLAR_FURNITURE[2:7] + [""]
    parts += ["ab/cd/Example.com", "Subscribe to our newsletter",
              "Get the best of Example Daily in your inbox every morning.", ""]
    (tmp_path / "wrapped.txt").write_text("\n".join(parts))
    [source] = read_one(tmp_path)
    folded = [fold(t) for t in block_texts(source)]
    for paragraph in SOLAR_PARAGRAPHS:
        assert fold(paragraph) in folded, f"paragraph not whole: {paragraph[:60]}"
    for furniture in SOLAR_FURNITURE:
        assert not any(furniture in t for t in block_texts(source)), f"furniture kept: {furniture!r}"


def test_crlf_hard_wrapped_paragraphs_are_separate_blocks(tmp_path):
    """Regression: in a CRLF file the blank lines are "\\r", which once glued every
    paragraph (and the title) of a hard-wrapped file into one block."""
    import textwrap

    lines = [SOLAR_HEADLINE, ""]
    for paragraph in SOLAR_PARAGRAPHS:
        lines += [*textwrap.wrap(paragraph, 70), ""]
    (tmp_path / "crlf.txt").write_bytes("\r\n".join(lines).encode())
    [source] = read_one(tmp_path)
    assert source.title == SOLAR_HEADLINE
    assert [fold(t) for t in block_texts(source)] == [fold(SOLAR_HEADLINE), *map(fold, SOLAR_PARAGRAPHS)]
    text = original_text(tmp_path / "crlf.txt")
    for block in source.blocks:
        assert text[block.start:block.end] == block.text


# --- bad files ---------------------------------------------------------------------------

GOOD = "\n\n".join([SOLAR_HEADLINE, *SOLAR_PARAGRAPHS]) + "\n"


def warnings_naming(caplog, name: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and name in r.getMessage()]


def make_bad_files(folder: Path) -> dict[str, str]:
    """Bad files in `folder`; returns {file name: what the skip reason should mention}."""
    bad = {}
    (folder / "blob.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    bad["blob.txt"] = "binary"
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    bad["photo.png"] = ""
    (folder / "empty.txt").write_bytes(b"")
    bad["empty.txt"] = "empty"
    (folder / "blank.md").write_text("  \n\n\t\n")
    bad["blank.md"] = "empty"
    (folder / "broken.txt").symlink_to(folder / "does-not-exist.txt")
    bad["broken.txt"] = "unreadable"
    if os.geteuid() != 0:  # root reads a chmod 000 file anyway
        locked = folder / "locked.txt"
        locked.write_text(GOOD)
        locked.chmod(0)
        bad["locked.txt"] = "unreadable"
    return bad


def test_bad_files_are_skipped_with_a_warning_naming_them(tmp_path, caplog):
    (tmp_path / "good.txt").write_text(GOOD)
    bad = make_bad_files(tmp_path)
    skipped: list[tuple[str, str]] = []
    with caplog.at_level(logging.WARNING):
        sources = list(read_sources(tmp_path, skipped))
    assert [s.key for s in sources] == ["good.txt"]
    reasons = dict(skipped)
    for name, reason in bad.items():
        assert warnings_naming(caplog, name), f"no warning names {name}"
        assert name in reasons and reason in reasons[name], (name, reasons.get(name))


def test_each_skipped_file_is_warned_once(tmp_path, caplog):
    (tmp_path / "good.txt").write_text(GOOD)
    bad = make_bad_files(tmp_path)
    with caplog.at_level(logging.WARNING):
        list(read_sources(tmp_path))
    for name in bad:
        assert len(warnings_naming(caplog, name)) == 1, warnings_naming(caplog, name)


@pytest.mark.timeout(30)
def test_a_named_pipe_is_skipped_not_read(tmp_path, caplog):
    """Reading a FIFO blocks until someone writes to it: it must be skipped, not opened."""
    (tmp_path / "good.txt").write_text(GOOD)
    os.mkfifo(tmp_path / "pipe.txt")
    skipped: list[tuple[str, str]] = []
    with caplog.at_level(logging.WARNING):
        sources = list(read_sources(tmp_path, skipped))
    assert [s.key for s in sources] == ["good.txt"]
    assert "pipe.txt" in dict(skipped)
    assert warnings_naming(caplog, "pipe.txt")


def test_latin1_file_is_read_with_a_warning(tmp_path, caplog):
    """A file that is not UTF-8 is decoded (with a warning naming it), not garbled or lost."""
    text = ("Caspian Fisheries Talks Resume in Astrakhan\n\n"
            "Delegates met at a café on the Volga embankment in Astrakhan on Tuesday to resume "
            "talks on Caspian Sea fisheries quotas, officials from both ministries said.\n")
    (tmp_path / "latin.txt").write_bytes(text.encode("latin-1"))
    with caplog.at_level(logging.WARNING):
        [source] = read_one(tmp_path)
    assert warnings_naming(caplog, "latin.txt")
    assert any("café on the Volga" in t for t in block_texts(source))
    for block in source.blocks:
        assert text[block.start:block.end] == block.text


def test_markup_is_trimmed_from_blocks(tmp_path):
    text = f"# {SOLAR_HEADLINE}\n\n" + "\n\n".join(f"> {p}" if i == 1 else p
                                                   for i, p in enumerate(SOLAR_PARAGRAPHS))
    (tmp_path / "md.md").write_text(text)
    [source] = read_one(tmp_path)
    assert block_texts(source) == [SOLAR_HEADLINE, *SOLAR_PARAGRAPHS]
    assert raw_blocks(text)[0].start == 2


MINUS_LINES = ["-16% was the fall in trade between Russia and Iran in the first quarter, customs said.",
               "-3.5 degrees was the lowest temperature recorded at the Astara border crossing that week."]


def test_a_leading_minus_is_a_figure_not_markup(tmp_path):
    """"-16% was the fall" was cut to "16% was the fall": only a list's marker ("- " and a
    space) is markup at a line's start."""
    text = ("Trade falls in the first quarter\n\n" + "\n\n".join(MINUS_LINES)
            + "\n\n- A bulleted line keeps its words, not its marker.\n")
    (tmp_path / "minus.txt").write_text(text)
    [source] = read_one(tmp_path)
    assert block_texts(source)[1:] == [*MINUS_LINES, "A bulleted line keeps its words, not its marker."]
    [chunk] = chunk_source(source)
    assert MINUS_LINES[0] in chunk.text


def test_content_terms_split_hyphenated_words():
    assert "year" in content_terms("a 20-year strategic partnership")
    assert content_terms("How many years?") == ["mani", "year"]


@pytest.mark.parametrize("a, b, same", [
    ("defend", "defens", True),  # defend / defence (spellings folded)
    ("militari", "militarili", True),  # military / militarily
    ("ratifi", "ratif", True),
    ("russia", "russian", True),
    ("interest", "intern", False),  # five letters shared, but not the word
    ("sign", "signific", False),  # too short to tell
    ("press", "presid", False),
])
def test_same_stem_takes_forms_of_one_word_only(a, b, same):
    assert same_stem(a, b) is same
    assert same_stem(b, a) is same


@pytest.mark.parametrize("head, publisher", [
    # On the dateline, before a separator; on the line just above it; in a wire's dateline.
    ("Policy Brief No. 14: What the treaty says\n\nInstitute for Caspian Security Studies, Vienna · 3 February 2025",
     "Institute for Caspian Security Studies, Vienna"),
    ("Russia and Iran sign a pact\n\nExpress Desk\n18 Jan 2025, 00:42", "Express Desk"),
    ("Gas volumes agreed\n\nASTARA, Azerbaijan, March 4 (Meridian Wire) - Gazprom and NIGC agreed on Tuesday "
     "that the first phase will be 2 bcm.", "Meridian Wire"),
    # The title over a dateline is no byline, nor is a line that is no name.
    ("Russia And Iran Sign A Pact\n\n18 Jan 2025, 00:42", None),
    ("Russia and Iran sign a pact\n\nUpdated at noon.\n18 Jan 2025, 00:42", None),
])
def test_the_publisher_a_byline_names(tmp_path, head, publisher):
    body = "The two presidents signed the treaty in Moscow on Friday, officials in both capitals said after the talks."
    (tmp_path / "story.txt").write_text(f"{head}\n\n{body}\n\n{body.replace('Friday', 'the day')}\n",
                                        encoding="utf-8")
    [source] = read_sources(tmp_path)
    assert source.publisher == publisher


def test_a_dateline_left_out_of_the_text_still_dates_the_source(tmp_path):
    """Checked on fresh3: "Published 24 November 2025" under an interview's standfirst, and a
    ministry's "Tehran, 2 October 2025" under its release number, are removed as datelines
    and give the Source its date."""
    (tmp_path / "interview.md").write_text(
        '# "The treaty does not contain a single dollar figure"\n\n'
        "Delovoy Vestnik talked to economist Olga Vereshchagina about what the treaty has changed for "
        "trade between Russia and Iran.\n\nPublished 24 November 2025\n\n"
        "The EAEU-Iran free trade agreement took effect on 15 May 2025 and cut duties on most goods "
        "traded between the two countries, she said.\n", encoding="utf-8")
    (tmp_path / "statement.txt").write_text(
        "MINISTRY OF FOREIGN AFFAIRS\n\nPress release\n\nNo. 1147\n\nTehran, 2 October 2025\n\n"
        "The Ministry of Foreign Affairs announces that the instruments of ratification of the Treaty on "
        "Comprehensive Strategic Partnership were exchanged today in Tehran.\n", encoding="utf-8")
    found = {s.key: s for s in read_sources(tmp_path)}
    assert (found["interview.md"].date, found["statement.txt"].date) == ("2025-11-24", "2025-10-02")
    for source in found.values():
        assert all(not b.text.startswith(("Published", "Tehran,")) for b in source.blocks)


# A decree as a legal-information portal prints it: the portal's name over its breadcrumb,
# a publication field, a translation stamp, the act's type, then its title, wrapped; articles
# numbered "Section N"; items whose wrapped lines hang under their text.
DECREE = """National Register of Normative Acts
Home > Acts > 2024 > June
Registration number: 0407202406030011 | Registered: 03.06.2024 | Print view

UNOFFICIAL ENGLISH TRANSLATION

DECREE OF THE PRESIDENT

On Approval of the Agreement on Cooperation in Inland and Coastal Shipping between the
Republic of Kazakhstan and the Republic of Azerbaijan

Section 1

Approve the Agreement on Cooperation in Inland and Coastal Shipping between the Republic
of Kazakhstan and the Republic of Azerbaijan, signed at Baku on 12 March 2024 by the two
ministers of transport, and instruct the Government to carry it out without delay.

Section 2

1. The following bodies shall be responsible for carrying out the Agreement, each in
   the fields given below:
   (a) port infrastructure and terminals — the Committee of Maritime Transport of the
       Ministry of Industry and Infrastructure;
   (b) customs clearance — the State Revenue Committee of the
       Ministry of Finance;
   (c) pilotage and the safety of navigation — the Maritime Administration of the Port
       of Aktau.
2. The Ministry of Foreign Affairs shall notify the Azerbaijani side that the internal
   procedures required for the entry into force of the Agreement have been completed.

Section 3

This Decree shall enter into force on the day of its first official publication in full.

President of the Republic of Kazakhstan
K. Tokayev

Astana, Akorda
3 June 2024
No. 587

Feedback | Site map | Version for the visually impaired
"""


def test_a_hard_wrapped_act_keeps_its_wrapped_lines_title_and_numbered_sections(tmp_path):
    """Lines wrapped under a list item's hanging indent, or wrapped mid-sentence in a
    hard-wrapped file, continue their block; a new item, a "Section N" heading, a blank line
    start one. The portal's name over its breadcrumb, a field line and a translation stamp
    are no title; the act's own title, wrapped over two lines, is."""
    (tmp_path / "decree.txt").write_text(DECREE, encoding="utf-8")
    (source,) = read_sources(tmp_path)
    texts = [b.text for b in source.blocks]
    assert ("(a) port infrastructure and terminals — the Committee of Maritime Transport of the\n"
            "       Ministry of Industry and Infrastructure;") in texts
    assert any(t.startswith("(b) customs clearance") and t.endswith("Ministry of Finance;") for t in texts)
    assert any(t.startswith("(c) pilotage") and t.endswith("of Aktau.") for t in texts)
    assert any(t.startswith("2. The Ministry of Foreign Affairs") for t in texts)
    assert ("On Approval of the Agreement on Cooperation in Inland and Coastal Shipping between the\n"
            "Republic of Kazakhstan and the Republic of Azerbaijan") in texts
    for heading in ("Section 1", "Section 2", "Section 3"):
        assert heading in texts
    assert source.title.startswith("On Approval of the Agreement on Cooperation")
    assert "National Register of Normative Acts" not in texts
    original = (tmp_path / "decree.txt").read_text(encoding="utf-8")
    for b in source.blocks:
        assert original[b.start:b.end] == b.text


def test_a_hanging_indent_continues_its_item_in_a_file_that_is_not_hard_wrapped():
    text = ("Members of the board:\n"
            "  - Leila Hosseini, chair of the Gilan Chamber of Commerce and Industry and\n"
            "    Mines\n"
            "  - Pavel Orlov, deputy head of the Astrakhan port authority\n")
    texts = [b.text for b in raw_blocks(text)]
    assert any(t.endswith("Industry and\n    Mines") for t in texts)
    assert any(t.startswith("Pavel Orlov") for t in texts)
