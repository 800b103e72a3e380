"""Answers from the seed index: cited, verbatim, short, never quoting page furniture;
abstention when the sources do not answer, disagreement shown when they differ,
follow-up questions resolved from the conversation, bad questions refused clearly.

The answerer's exact wording is free; these tests check behaviours and invariants."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant import Answer, QuestionError
from assistant.conversation import standalone_question
from assistant.store import IndexFolder

S004 = "004_00528b96f0de169d.txt"
ARMS = "Does the pact include arms transfers?"
DEFENCE = "Is there a mutual defence clause in the treaty?"
PIPELINE = "What is planned for a Russian gas pipeline to Iran?"
FOLLOW_UP = "Which country would it pass through?"
OUT_OF_SCOPE = ["What is the capital of Australia?",
                "What did the treaty say about cryptocurrency mining quotas?",
                # on-topic words around an off-topic point: only "space exploration" is asked
                "Does the treaty include cooperation on space exploration?",
                "What is the population of Iran?"]
IN_SCOPE = [  # (question, a word the answer must contain)
    (ARMS, "arms transfers"),
    ("How long does the partnership last?", "20-year"),
    (PIPELINE, "Azerbaijan"),
    ("Does the treaty cover nuclear energy?", "nuclear"),
]
# Questions that would pull page furniture into an answer if any of it were indexed.
FURNITURE_BAIT = ["Want to get the latest news?", "read more", "Is there an application for my phone?",
                  "Does your browser support video players?", "Read the full article here",
                  "Israeli Security Cabinet Approves Ceasefire Agreement",
                  "See also: Russia attacked Ukraine with ballistic missiles"]
FURNITURE = ["Your browser does not support video players", "read more", "Want to get the latest news",
             "We are preparing an application", "See also:", "See:", "Loading…", "Read the full article",
             "Polsatnews.pl", "Comments", "Israeli Security Cabinet", "Gaza Ceasefire", "Palestinians",
             "Hamas", "Voodoo"]
MAX_QUOTE = 400
MAX_TEXT = 1200
NOT_ANSWERED = re.compile(r"\b(do(es)? not|don['’]t|cannot|can['’]t)\b.*\b(answer|cover|say|mention)", re.I)


def original_text(path: str | Path) -> str:
    return Path(path).read_bytes().decode("utf-8-sig")


@pytest.fixture(scope="module")
def answers(seed_assistant) -> dict[str, Answer]:
    """Every question of this module asked once (the index is shared and read-only)."""
    questions = dict.fromkeys([q for q, _ in IN_SCOPE] + [DEFENCE] + OUT_OF_SCOPE + FURNITURE_BAIT)
    return {q: seed_assistant.ask(q) for q in questions}


@pytest.fixture(scope="module")
def indexed_spans(seed_assistant) -> dict[str, list[tuple[int, int]]]:
    """The spans of cleaned text stored in the index, by source file name."""
    generation = IndexFolder(seed_assistant.settings.index).live()
    got = generation.collection.get(include=["metadatas"])
    spans: dict[str, list[tuple[int, int]]] = {}
    for meta in got["metadatas"]:
        spans.setdefault(Path(meta["source"]).name, []).extend(tuple(s) for s in json.loads(meta["spans"]))
    return spans


def cited(answer: Answer) -> set[str]:
    return {Path(c.source).name for c in answer.citations}


def check_invariants(answer: Answer, indexed_spans) -> None:
    assert answer.mode == "extractive"
    assert len(answer.text) <= MAX_TEXT, len(answer.text)
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers == {c.n for c in answer.citations}, "every [n] has a citation and vice versa"
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    for c in answer.citations:
        text = original_text(c.source)
        assert text[c.start:c.end] == c.quote, "a quote is verbatim text of the original file"
        assert 0 < len(c.quote) <= MAX_QUOTE
        # never furniture: the quote lies inside text that cleaning kept ...
        name = Path(c.source).name
        assert any(s <= c.start and c.end <= e for s, e in indexed_spans[name]), c.quote
        # ... and holds none of the known furniture
        for furniture in FURNITURE:
            assert furniture.casefold() not in c.quote.casefold(), (furniture, c.quote)
    if answer.found:
        assert answer.citations, "an answer cites its sources"
    else:
        assert not answer.citations


# --- invariants over every answer -------------------------------------------------------

@pytest.mark.parametrize("question", [q for q, _ in IN_SCOPE] + [DEFENCE] + OUT_OF_SCOPE + FURNITURE_BAIT)
def test_answer_invariants(answers, indexed_spans, question):
    check_invariants(answers[question], indexed_spans)


@pytest.mark.parametrize("question", FURNITURE_BAIT)
def test_furniture_is_never_cited(answers, question):
    answer = answers[question]
    for c in answer.citations:
        for furniture in FURNITURE:
            assert furniture.casefold() not in c.quote.casefold()
    for furniture in FURNITURE[:9]:
        assert furniture.casefold() not in answer.text.casefold()


def test_answer_serialises_to_json(answers):
    data = json.loads(json.dumps(answers[ARMS].to_dict()))
    assert data["found"] is True and data["citations"][0]["quote"]
    assert set(data) >= {"question", "text", "citations", "found", "mode", "note", "disagreement"}


# --- the expected answers -----------------------------------------------------------------

def test_arms_transfers(answers):
    answer = answers[ARMS]
    assert answer.found
    assert S004 in cited(answer)
    assert "arms transfers" in answer.text
    assert any("arms transfers" in c.quote for c in answer.citations if Path(c.source).name == S004)
    assert answer.question == ARMS


@pytest.mark.parametrize("question, word", IN_SCOPE)
def test_in_scope_questions_are_answered(answers, question, word):
    answer = answers[question]
    assert answer.found, answer.text
    assert word.casefold() in answer.text.casefold()
    assert any(word.casefold() in c.quote.casefold() for c in answer.citations)


def test_mutual_defence_disagreement(answers):
    """004's subheading says both nations pledge mutual defence; its body (and 003) say there
    is no mutual defence clause. The answer shows both sides instead of settling it."""
    answer = answers[DEFENCE]
    assert answer.found
    assert answer.disagreement is True
    assert answer.note
    subheading = [c for c in answer.citations
                  if Path(c.source).name == S004 and c.quote.startswith("Both nations pledge mutual defence")]
    assert subheading, [c.quote for c in answer.citations]
    denial = [c for c in answer.citations
              if "mutual defence clause" in c.quote and re.search(r"\b(not|no)\b", c.quote)]
    assert denial, [c.quote for c in answer.citations]


@pytest.mark.parametrize("question, word", [
    ("How many years is the treaty valid for?", "20-year"),  # "valid" is in no source
    ("Does the agreement oblige Russia to defend Iran militarily?", "mutual defence"),  # defend ~ defence
    ("What did Pezeshkian say about ending the war in Ukraine?", "negotiations"),  # "he added", two sentences on
])
def test_paraphrased_questions_are_answered(seed_assistant, indexed_spans, question, word):
    """Questions worded unlike the articles: a word no source holds does not silence the
    answer when the rest of the question, and the kind of answer it asks for, are found."""
    answer = seed_assistant.ask(question)
    assert answer.found, answer.text
    assert any(word in c.quote for c in answer.citations), [c.quote for c in answer.citations]
    check_invariants(answer, indexed_spans)


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_out_of_scope_questions_are_not_answered(answers, question):
    answer = answers[question]
    assert answer.found is False
    assert answer.citations == []
    assert NOT_ANSWERED.search(answer.text), answer.text
    assert not re.search(r"\[\d+\]", answer.text)
    assert answer.disagreement is False


# --- follow-ups ---------------------------------------------------------------------------

def test_follow_up_uses_the_conversation(seed_assistant):
    answer = seed_assistant.ask(FOLLOW_UP, history=[{"role": "user", "content": PIPELINE}])
    assert answer.found
    assert "Azerbaijan" in answer.text
    assert any("Azerbaijan" in c.quote for c in answer.citations)
    assert answer.question == FOLLOW_UP


def test_follow_up_with_openai_style_history(seed_assistant, indexed_spans):
    history = [{"role": "system", "content": "You answer about the treaty."},
               {"role": "user", "content": PIPELINE},
               {"role": "assistant", "content": "A gas pipeline to Iran is proposed [1]."}]
    answer = seed_assistant.ask(FOLLOW_UP, history=history)
    assert answer.found and "Azerbaijan" in answer.text
    check_invariants(answer, indexed_spans)


def test_follow_up_is_answered_by_its_own_words(seed_assistant, indexed_spans):
    """The earlier question says what the follow-up is about; its own words ("Iran's
    parliament", "ratify") say what is asked now, so the Russian vote is not the answer."""
    history = [{"role": "user", "content": "When did the Russian legislature approve the pact?"}]
    answer = seed_assistant.ask("And when did Iran's parliament ratify it?", history=history)
    assert answer.found
    first = answer.citations[0]
    assert "parliament ratified" in first.quote and "Wednesday" in first.quote, first.quote
    check_invariants(answer, indexed_spans)


def test_standalone_question_is_not_bent_by_history(seed_assistant):
    answer = seed_assistant.ask(ARMS, history=[{"role": "user", "content": PIPELINE}])
    assert answer.found and "arms transfers" in answer.text and S004 in cited(answer)


def test_standalone_question_rewriting():
    history = [{"role": "user", "content": PIPELINE}, {"role": "assistant", "content": "Via Azerbaijan."}]
    rewritten = standalone_question(FOLLOW_UP, history)
    assert "pipeline" in rewritten and FOLLOW_UP in rewritten
    assert standalone_question(ARMS, history) == ARMS
    assert standalone_question(FOLLOW_UP, None) == FOLLOW_UP
    assert standalone_question(FOLLOW_UP, []) == FOLLOW_UP


# --- bad questions ------------------------------------------------------------------------

@pytest.mark.parametrize("question", ["", "   ", "\n\t  \n", "\x00\x01"])
def test_empty_question_is_refused_clearly(seed_assistant, question):
    with pytest.raises(QuestionError) as info:
        seed_assistant.ask(question)
    message = str(info.value)
    assert "empty" in message.lower() and "\n" not in message


def test_overlong_question_is_refused_clearly(seed_assistant):
    limit = seed_assistant.settings.max_question_chars
    with pytest.raises(QuestionError, match=str(limit)):
        seed_assistant.ask("Does the pact include arms transfers? " * (limit // 20))


def test_question_with_control_characters_is_answered(seed_assistant, indexed_spans):
    answer = seed_assistant.ask("Does the pact include\x00 arms transfers?\x1b")
    assert answer.found and S004 in cited(answer)
    check_invariants(answer, indexed_spans)


# --- retrieval ----------------------------------------------------------------------------

def test_retrieve_returns_passages_best_first(seed_assistant):
    passages = seed_assistant.retrieve("gas pipeline to Iran via Azerbaijan", top_k=5)
    assert 0 < len(passages) <= 5
    scores = [p.score for p in passages]
    assert scores == sorted(scores, reverse=True)
    assert any("Azerbaijan" in p.text for p in passages[:2])
    for p in passages:
        text = original_text(p.source)
        assert all(text[s:e] in p.text for s, e in p.chunk.spans)
    assert len({p.text for p in passages}) == len(passages)


def test_retrieve_spreads_across_sources(seed_assistant):
    passages = seed_assistant.retrieve("Russia Iran strategic partnership treaty", top_k=8)
    assert len({p.source for p in passages}) >= 4


def test_each_retriever_scores_the_other_ones_candidates(seed_assistant):
    """Fusion sees both scores of every candidate: a chunk only one retriever returned gets
    from the other the score that one gives it when asked for every chunk."""
    from assistant.retrieval import HybridRetriever

    settings = seed_assistant.settings
    retriever = HybridRetriever(IndexFolder(settings.index).live(), settings)
    vector = retriever.embed(ARMS)
    every_dense = {p.chunk.id: p.score for p in retriever.dense(vector, retriever.size)}
    every_lexical = {p.chunk.id: p.score for p in retriever.lexical(ARMS, retriever.size)}
    dense, lexical = retriever.complete(retriever.dense(vector, 3), retriever.lexical(ARMS, 3), ARMS, vector)
    assert {p.chunk.id for p in dense} == {p.chunk.id for p in lexical}
    assert 3 < len(dense) <= 6  # the two top-3s differ
    for p in dense:
        assert p.score == pytest.approx(every_dense[p.chunk.id], abs=1e-4)
    for p in lexical:
        assert p.score == pytest.approx(every_lexical.get(p.chunk.id, 0.0), abs=1e-4)  # 0: no word in common


def test_a_sources_own_brackets_and_emphasis_are_escaped_never_markers(marked_assistant):
    """Answer.text is Markdown in which quoted text is escaped: a source's "[7]" is "\\[7\\]",
    so the answer's markers are exactly its citations (issue 13)."""
    from quoting_support import FREIGHT, FREIGHT_SENTENCE, LABEL, TARIFF_SENTENCE, TARIFFS

    from assistant import markup

    answer = marked_assistant.ask(FREIGHT)
    assert sorted(set(markup.markers(answer.text))) == [c.n for c in answer.citations] == [1]
    # The direct answer first (issue 12), then the quote under its outlet's label.
    assert answer.text == f"**about 15 million tonnes** [1]\n\n**{LABEL}**: {markup.escape(FREIGHT_SENTENCE)} [1]"
    assert "by 2030 \\[7\\]. [1]" in answer.text and markup.unescape(answer.text).count("[7]") == 1
    answer = marked_assistant.ask(TARIFFS)
    assert "\\*HS-27\\*" in answer.text and "\\<5% \\&" in answer.text
    assert markup.unescape(answer.text).endswith(f"**{LABEL}**: {TARIFF_SENTENCE} [1]")


def test_a_date_its_articles_headline_places_disagrees_with_another(cases_assistant):
    """The wire story's "The first gas is expected in 2027." leaves the route to its headline
    ("…for the route via Azerbaijan"); the analyst expects 2029: both are on the point asked."""
    from content_cases import FIRST_GAS_QUESTION

    answer = cases_assistant.ask(FIRST_GAS_QUESTION)
    assert answer.disagreement, answer.text
    assert "2027" in answer.text and "2029" in answer.text
    assert {c.source.rsplit("/", 1)[-1] for c in answer.citations} >= {"gas_wire.txt", "gas_analyst.txt"}


@pytest.mark.parametrize("check", ["Do the reports agree on the number?", "Are the figures consistent across sources?"])
def test_asked_whether_the_sources_agree_every_sources_figure_is_shown(cases_assistant, check):
    """"…? Do the reports agree on the number?" asks nothing of its own: the figure is asked,
    and each source's, in its own words ("voted for" for "in favour"), is shown beside it."""
    from content_cases import VOTE_QUESTION

    answer = cases_assistant.ask(f"{VOTE_QUESTION} {check}")
    assert answer.found and answer.disagreement, answer.text
    assert "198" in answer.text and "191" in answer.text
    assert "do not answer" not in answer.text


def test_each_part_of_a_compound_question_is_retrieved_for_on_its_own_words(seed_assistant, indexed_spans):
    """"When was the treaty signed and does it include arms transfers?": the whole question's
    words found passages on both, holding no signing date (the answer was "last July", the
    date of Pezeshkian's election); each part, retrieved for alone, is answered as alone."""
    from assistant.core import interleaved

    answer = seed_assistant.ask("When was the treaty signed and does it include arms transfers?")
    assert answer.found and answer.text.startswith("**January 17**"), answer.text
    assert "no mention of arms transfers" in answer.text
    first, second = seed_assistant.retrieve("signed", 3), seed_assistant.retrieve("arms transfers", 3)
    merged = interleaved([first, second])
    assert [p.chunk.id for p in merged[:2]] == [first[0].chunk.id, second[0].chunk.id]
    assert len({p.chunk.id for p in merged}) == len(merged)
