"""evidence.py and chunking.py on hand-made chunks (no model, no index): where a sentence
is read for the names it mentions, and which sentences count as headlines."""
from __future__ import annotations

from assistant.answering.evidence import candidate_sentences, mentioned
from assistant.chunking import quotable_sentences
from assistant.schema import Chunk, Passage


def chunk_of(*paragraphs: str) -> Chunk:
    text = "\n".join(paragraphs)
    spans, start = [], 0
    for paragraph in paragraphs:
        spans.append((start, start + len(paragraph)))
        start += len(paragraph) + 1
    return Chunk(id="c", source="seeds/news.txt", title=None, publisher=None, date=None, text=text,
                 spans=tuple(spans))


def sentence(chunk: Chunk, starting: str):
    return next(s for s in candidate_sentences([Passage(chunk, 1.0)]) if s.text.startswith(starting))


QUOTE_PARAGRAPHS = chunk_of(
    "Discussing the deal, Jalali told the Young Journalists Club that independence was crucial.",
    "“National independence is of great importance to us. After all, we have been paying the price for "
    "it for 45 years,” he added in an article published Saturday.",
    "Officials in Moscow said the talks had gone well.")


def test_he_added_is_read_with_the_paragraph_that_names_the_speaker():
    added = sentence(QUOTE_PARAGRAPHS, "After all")
    assert mentioned("Jalali", added)
    # Only a sentence that refers back borrows the paragraph before: the next one does not.
    assert not mentioned("Jalali", sentence(QUOTE_PARAGRAPHS, "Officials in Moscow"))


def test_a_sentence_without_a_pronoun_does_not_borrow_the_paragraph_before():
    chunk = chunk_of("Jalali spoke to the Young Journalists Club on Friday about the agreement.",
                     "The treaty was signed in Moscow on the same day by both presidents.")
    assert not mentioned("Jalali", sentence(chunk, "The treaty"))


def test_a_short_sentence_is_body_text_and_a_line_without_a_stop_a_headline():
    chunk = chunk_of("Russia and Iran Forge 20-Year Defence Pact",
                     "The Russian legislative branch approved the pact in April.",
                     "As for Iran, it sees the treaty as further safeguarding its national sovereignty:",
                     "“The independence and security of our country are crucial elements.”")
    flags = {chunk.text[q.start:q.end][:12]: q.headline for q in quotable_sentences(chunk)}
    assert flags == {"Russia and I": True, "The Russian ": False, "As for Iran,": False, "“The indepen": False}
