"""evidence.py and chunking.py on hand-made chunks (no model, no index): where a sentence
is read for the names it mentions and the claim it denies, and which sentences count as
headlines."""
from __future__ import annotations

from assistant.answering.compose import _clause
from assistant.answering.evidence import _context_of, _own_text, candidate_sentences, mentioned, negates
from assistant.chunking import quotable_sentences
from assistant.schema import Chunk, Passage
from assistant.text import content_terms


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


def test_a_labelled_line_is_read_with_what_heads_its_list():
    """A fact sheet's item states a fact of what the sheet is about: "First sailing: 3 November
    2025" is the Lagan–Amirabad line's, named only above it. A sentence is not."""
    chunk = chunk_of("FACT SHEET | Lagan–Amirabad Container Line",
                     "Vessels: two container ships of 380 TEU each",
                     "First sailing: 3 November 2025",
                     "Depth alongside the berth after dredging: 7.5 metres",
                     "The port was dredged in 2024: the channel had silted up.",
                     "Estimated cost EUR 1.6 billion",
                     "Sources: the port's annual report of 17 May 2023.")
    assert "Lagan–Amirabad Container Line" in _context_of(sentence(chunk, "First sailing"))
    assert "Lagan–Amirabad" in _context_of(sentence(chunk, "Depth alongside"))
    assert _context_of(sentence(chunk, "The port was dredged")) == ""
    assert _context_of(sentence(chunk, "Sources:")) == ""  # a lone labelled line is no list's item


def test_a_speakers_turn_is_no_item_of_a_fact_list():
    chunk = chunk_of("Rasht railway briefing", "MODERATOR: The floor is open for the Rasht question now.",
                     "LAVROV: The first gas will flow in 2026.", "Ulyanov: Kazakhstan signed the deal in June.")
    assert _context_of(sentence(chunk, "LAVROV:")) == "" and _context_of(sentence(chunk, "Ulyanov:")) == ""
    assert not mentioned("Rasht", sentence(chunk, "LAVROV:"))


def test_an_item_of_a_fact_list_mentions_what_heads_the_list():
    chunk = chunk_of("Jolfa, East Azerbaijan province, 6 October 2025",
                     "The joint venture broke ground on its plant today.",
                     "Investment: USD 180 million over three years",
                     "Capacity: 14 million insulin pens a year",
                     "The plant will employ graduates of Tabriz and Urmia universities.")
    assert mentioned("Jolfa", sentence(chunk, "Capacity:"))
    assert not mentioned("Jolfa", sentence(chunk, "The plant will employ"))


DENIAL_PARAGRAPH = chunk_of(
    "Western nations accuse Iran of supplying missiles and drones for Russian assaults on Ukraine. "
    "Tehran, however, refutes these claims, asserting that it does not supply weapons for use in Ukraine.")


def test_a_denial_of_these_claims_says_no_about_the_claim_before_it():
    denial = sentence(DENIAL_PARAGRAPH, "Tehran")
    drones = content_terms("drones")
    assert _own_text(denial).startswith("Western nations accuse Iran")
    assert negates(denial.text, set(drones), drones, claim=_own_text(denial))
    assert not negates(denial.text, set(drones), drones)  # its own words name no drones
    # The accusation itself says nothing against drones.
    accusation = sentence(DENIAL_PARAGRAPH, "Western")
    assert _own_text(accusation) == accusation.text
    assert not negates(accusation.text, set(drones), drones, claim=_own_text(accusation))


def test_the_other_side_is_shown_by_its_clause_that_says_no():
    chunk = chunk_of("But it did not include a mutual defence clause, though the two sides said they "
                     "would develop military-technical cooperation.")
    no_clause = sentence(chunk, "But")
    no_clause.held, no_clause.negative = frozenset(content_terms("defence clause")), True
    assert _clause(no_clause) == "But it did not include a mutual defence clause"
    # A denial that holds the question's words only through the claim it answers is shown whole.
    denial = sentence(DENIAL_PARAGRAPH, "Tehran")
    denial.held, denial.negative = frozenset(content_terms("drones")), True
    assert _clause(denial) == denial.text


class _Flat:
    """An embedding model for the lexical tests: every text the same unit vector, so that
    only the words decide."""

    def get_text_embedding_batch(self, texts):
        return [[1.0, 0.0] for _ in texts]


def test_a_name_mentioned_where_the_sentence_stands_is_held_not_missing():
    from assistant.answering.evidence import SentenceEmbeddings, score
    from assistant.answering.question import read

    part = read("On what day was the article with Jalali's remarks published?").parts[0]
    sentences = candidate_sentences([Passage(QUOTE_PARAGRAPHS, 1.0)])
    scored = score(sentences, part, [1.0, 0.0], SentenceEmbeddings(_Flat()))
    added = next(s for s in scored.sentences if s.text.startswith("After all"))
    # "he added": the paragraph before names Jalali, so the sentence leaves out only what it
    # does not say (the remarks), not the name it says by reference.
    assert not added.missing and "jalali" in added.held
    officials = next(s for s in scored.sentences if s.text.startswith("Officials"))
    assert "Jalali" in officials.missing
    assert scored.missing_share([added]) < scored.missing_share([officials])


def test_a_class_noun_is_held_by_a_name_of_its_class():
    from assistant.answering.evidence import SentenceEmbeddings, score
    from assistant.answering.question import read

    part = read("Where were the leaders when they signed?").parts[0]
    chunk = chunk_of("The treaty will be signed on Friday when Iranian President Masoud Pezeshkian visits Moscow.",
                     "The signing had been planned for months.")
    scored = score(candidate_sentences([Passage(chunk, 1.0)]), part, [1.0, 0.0], SentenceEmbeddings(_Flat()))
    by_start = {s.text[:10]: s for s in scored.sentences}
    # Pezeshkian is a leader: the sentence naming him holds "leaders"; the one naming nobody does not.
    assert "leader" in by_start["The treaty"].held and "leader" not in by_start["The signin"].held


def test_a_date_a_row_writes_in_figures_holds_the_questions_words_for_it():
    """"December 2025" is held by the row of "2025-12" (its words count, not only the
    mention), so the row is as close to the question as a sentence writing the month."""
    from assistant.answering.evidence import recognise
    from assistant.answering.question import read

    part = read("How many weekly flights were there in December 2025?").parts[0]
    terms = ["week", "flight", "decemb", "2025"]
    from assistant.answering.evidence import Sentence

    rows = [Passage(chunk_of(row), 1.0) for row in ("2025-12\t35\t14", "2025-10\t32\t13")]
    december, october = (Sentence(p.chunk.text, 0, len(p.chunk.text), p, header="month\tweekly_round_trips\tx")
                         for p in rows)
    recognise([december, october], part, terms)
    assert "decemb" in december.held and not december.missing
    assert "decemb" not in october.held and october.missing == ("December 2025",)


def test_a_sentence_opening_with_it_as_a_doer_is_read_with_its_paragraph():
    chunk = chunk_of("The EAEU–Iran free trade agreement took effect on 15 May 2025. It cut or removed customs "
                     "duties on 87% of the goods traded between Iran and the union.")
    assert mentioned("EAEU", sentence(chunk, "It cut"))
    expletive = chunk_of("The EAEU–Iran free trade agreement took effect on 15 May 2025. It is unclear how much "
                         "trade grew.")
    assert not mentioned("EAEU", sentence(expletive, "It is unclear"))


def test_it_is_and_it_isnt_open_no_reference_back():
    for text in ("It's unclear whether the pipeline will open.", "It isn't clear who signed."):
        chunk = chunk_of("The EAEU–Iran free trade agreement took effect on 15 May 2025. " + text)
        assert not mentioned("EAEU", sentence(chunk, "It"))


def test_a_sentence_naming_no_time_of_its_own_tells_of_its_storys_month():
    from dataclasses import replace

    story = replace(chunk_of("The protocol frees 250 million euros of the loan, both ministries said.",
                             "Trade in 2023 fell by a fifth."), date="2025-03-04")
    frees, trade = sentence(story, "The protocol"), sentence(story, "Trade in 2023")
    assert mentioned("March 2025", frees)
    assert not mentioned("2025", frees)  # a year: a story of March 2025 does not tell of its whole
    assert not mentioned("April 2025", frees)
    assert not mentioned("4 March 2025", frees)  # a day: the story tells of days before it too
    assert not mentioned("2025", trade)  # its own year is another
    assert not mentioned("March 2025", sentence(chunk_of("The protocol frees 250 million euros."), "The protocol"))
    # A month the sentence names is its own; the story gives it its year.
    plan = replace(chunk_of("In May, the second tranche will follow."), date="2025-03-04")
    assert mentioned("May 2025", sentence(plan, "In May")) and not mentioned("March 2025", sentence(plan, "In May"))


def test_an_answer_of_the_kind_asked_first_earns_the_bonus_one_taken_second_does_not():
    """Asked who chaired the commission for Iran, a sentence naming only the countries
    ("Iran and Azerbaijan signed 12 documents…") is eligible, a country being a "who" second, but
    the one naming the chairs is the better evidence."""
    from assistant.answering.evidence import SentenceEmbeddings, score
    from assistant.answering.question import read

    part = read("Who chaired the Kazan commission for Iran?").parts[0]
    story = chunk_of("Iran and Azerbaijan signed 12 documents at the close of their joint commission in Kazan.",
                     "The session was chaired by Russian Energy Minister Gennady Volkov and Iranian Oil Minister "
                     "Hamid Rezvani.", "The talks in the commission lasted two days.",
                     "Officials praised the results of the commission.")
    scored = score(candidate_sentences([Passage(story, 1.0)]), part, [1.0, 0.0], SentenceEmbeddings(_Flat()))
    countries = next(s for s in scored.sentences if s.text.startswith("Iran and Azerbaijan"))
    chairs = next(s for s in scored.sentences if s.text.startswith("The session"))
    assert countries.shaped and countries.second_choice
    assert chairs.shaped and not chairs.second_choice and "Hamid Rezvani" in [sp.text for sp in chairs.spans]
    # A count's label only says how it is written: a CARDINAL answers "how many" in full.
    count = read("How many documents were signed in Kazan?").parts[0]
    scored = score(candidate_sentences([Passage(story, 1.0)]), count, [1.0, 0.0], SentenceEmbeddings(_Flat()))
    signed = next(s for s in scored.sentences if s.text.startswith("Iran and Azerbaijan"))
    assert [sp.text for sp in signed.spans] == ["12"] and not signed.second_choice


def test_no_sentence_opens_with_a_closing_bracket_or_a_comma():
    """Punkt cuts after an abbreviation's full stop inside brackets; the piece after it
    continues the sentence ("…, carrying 214 containers." is the ship's arrival)."""
    from assistant.text import sentence_spans

    text = "The ship docked on 19 Aban [10 November 2025 — T.N.], carrying 214 containers. It was full."
    assert [text[a:b] for a, b in sentence_spans(text)] == [text[:text.index(" It")], "It was full."]



def test_words_pointing_at_a_source_or_a_statement_are_not_missing_from_its_sentence():
    """"the piece with Jalali's remarks": the sentence quoted from the piece need not call
    itself a piece nor the remarks remarks (question.DISCOURSE_WORD); a word of the point it
    lacks ("ceasefire") still counts as missing."""
    from assistant.answering.evidence import SentenceEmbeddings, score
    from assistant.answering.question import read

    sentences = candidate_sentences([Passage(QUOTE_PARAGRAPHS, 1.0)])
    embed = SentenceEmbeddings(_Flat())
    pointing = score(sentences, read("On what day was the piece with Jalali's remarks published?").parts[0],
                     [1.0, 0.0], embed)
    added = next(s for s in pointing.sentences if s.text.startswith("After all"))
    assert {"piec", "remark"} <= pointing.unasked
    assert pointing.missing_share([added]) == 0.0
    asking = score(candidate_sentences([Passage(QUOTE_PARAGRAPHS, 1.0)]),
                   read("On what day was Jalali's ceasefire published?").parts[0], [1.0, 0.0], embed)
    assert asking.unasked == frozenset()  # "ceasefire" is what is asked about


def test_the_class_an_untyped_which_question_asks_for_is_not_missing():
    """"Which fields does the accord span?": "defence, energy and trade" are fields without
    being called so; the noun asked is no word the answer must hold."""
    from assistant.answering.evidence import SentenceEmbeddings, score
    from assistant.answering.question import read

    part = read("Which fields does the accord span?").parts[0]
    assert part.noun == "fields" and part.answer_type is None
    chunk = chunk_of("The accord spans defence, energy and trade.")
    scored = score(candidate_sentences([Passage(chunk, 1.0)]), part, [1.0, 0.0], SentenceEmbeddings(_Flat()))
    assert "field" in scored.unasked and scored.missing_share() == 0.0


def test_a_discourse_word_used_as_a_verb_is_asked():
    """"Did Putin *address* the Duma?" asks whether he did: the verb is no word pointing at a
    statement, and a sentence lacking it lacks what is asked ("his *address* to the Duma"
    points at one)."""
    from assistant.answering.evidence import SentenceEmbeddings, score
    from assistant.answering.question import read

    chunk = chunk_of("President Putin met the Duma speaker on Monday to discuss the treaty.")
    embed = SentenceEmbeddings(_Flat())
    verb = score(candidate_sentences([Passage(chunk, 1.0)]), read("Did Putin address the Duma?").parts[0],
                 [1.0, 0.0], embed)
    assert not set(content_terms("address")) & verb.unasked
    noun = score(candidate_sentences([Passage(chunk, 1.0)]),
                 read("What did Putin say in his address to the Duma?").parts[0], [1.0, 0.0], embed)
    assert set(content_terms("address")) <= noun.unasked


def test_an_interviewers_labelled_question_is_never_quoted():
    """"Q: You once said the plant would employ 3,000 people. How many today?" states the
    asker's premise, which the answer corrects: only the answer is quotable."""
    chunk = chunk_of("Q: You once told a forum the refinery would employ 2,500 people. How many work there now?",
                     "A: About 600, and we will add a second shift next year.",
                     "Question — Is the crude contract signed? It was reported in March.")
    quoted = [chunk.text[q.start:q.end] for q in quotable_sentences(chunk)]
    assert quoted == ["A: About 600, and we will add a second shift next year."]
