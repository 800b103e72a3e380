"""Who did what (assistant/answering/roles.py): the doer a question names, read from spaCy's
parse of the question, and sentences that tell of another doing it. The sentences are
written afresh: near misses of the kind news gives ("the parliament approved it, sending it
to the council"), and the forms that must not be ruled out (a pronoun, a passive without
its doer, the doer in the clause)."""
from __future__ import annotations

import pytest

from assistant import nlp
from assistant.answering.question import asked_agent, attributed_to, read
from assistant.answering.roles import another_in_series, attributed_elsewhere, done_by_another, other_people, someone_else


@pytest.mark.parametrize("question, agent", [
    ("When did Iran's Guardian Council approve the law?", ("approve", "Guardian Council")),
    ("When was the law approved by the Guardian Council?", ("approve", "Guardian Council")),
    ("When did Masoud Pezeshkian sign the treaty?", ("sign", "Masoud Pezeshkian")),
    # No name does it, or nothing is done: no doer to hold a sentence to.
    ("Who signed the treaty?", None),
    ("When did the two leaders sign the treaty?", None),
    ("What did Russia do after the vote?", None),
])
def test_the_doer_a_question_names(question, agent):
    assert asked_agent(nlp.parse(question)) == agent


@pytest.mark.parametrize("question, sentence, other", [
    # The verb has a doer of its own; the asked body is named in another clause.
    ("When did the Guardian Council approve the law?",
     "The parliament approved the law on 3 May, sending it to the Guardian Council for review.", True),
    ("When was the law approved by the Senate?", "The House approved the law in June and sent it to the Senate.",
     True),
    ("What did Putin say about the pipeline?", "Novak said the pipeline was one of Putin's priorities.", True),
    # Asked what someone said, any verb reporting a clause is a saying, and its subject the sayer.
    ("What did Putin say about the visit?", "“Putin will visit Tehran in March,” the Kremlin announced on Monday.",
     True),
    ("What did Putin say about the visit?", "Putin told reporters that the visit was a success.", False),
    # The asked doer does it.
    ("When did the Guardian Council approve the law?", "The Guardian Council approved the law on 3 May.", False),
    # Who did it is not told, or told by a pronoun: it may be the asked one.
    ("When did the Guardian Council approve the law?",
     "The law was approved on 3 May, a week after the Guardian Council first met.", False),
    ("When did the Guardian Council approve the law?",
     "It approved the law on 3 May, the Guardian Council's spokesman said.", False),
    # Another verb: nothing to compare.
    ("When did the Guardian Council approve the law?", "The parliament sent the law to the Guardian Council.", False),
])
def test_a_sentence_telling_of_another_doer_is_no_answer(question, sentence, other):
    assert someone_else(sentence, asked_agent(nlp.parse(question))) is other


@pytest.mark.parametrize("question, sentence, date, of_report", [
    # The date of the agreeing, not of the gas flowing that the agreement is about.
    ("When will the first Russian gas reach Iran via Azerbaijan?",
     "ASTARA, Azerbaijan, March 4 (Wire) - Gazprom and NIGC agreed on Tuesday that the first gas supplies "
     "to Iran via Azerbaijan will be 2 bcm a year.", "Tuesday", True),
    ("When will the pipeline be finished?",
     "The minister said on Monday that the pipeline would be finished in 2027.", "Monday", True),
    ("When will the pipeline be finished?",
     "The minister said on Monday that the pipeline would be finished in 2027.", "2027", False),
    # Asked when they agreed, the agreeing's date answers.
    ("When did Gazprom and NIGC agree on the gas volumes?",
     "Gazprom and NIGC agreed on Tuesday that the gas volumes will be 2 bcm a year.", "Tuesday", False),
])
def test_a_date_of_a_report_does_not_date_what_is_reported(question, sentence, date, of_report):
    from assistant.answering.roles import dates_a_report
    from assistant.text import content_terms

    start = sentence.index(date)
    assert dates_a_report(sentence, start, start + len(date), content_terms(question)) is of_report


@pytest.mark.parametrize("question, sentence, span, another", [
    # The span hangs on a verb with a doer of its own; the asked doer acts in another clause.
    ("When did the Senate give its approval?",
     "The House approved it in May 2024, after which the Senate confirmed the bill.", "May 2024", True),
    ("How many drones did Russia buy?", "Iran built 300 drones last year, and Russia bought some of them.",
     "300", True),
    # The asked doer's own clause, or a doer not told (a passive, a pronoun): it may be the asked one.
    ("When did the Senate give its approval?", "The Senate confirmed the bill in June 2024.", "June 2024", False),
    ("When did the Senate give its approval?",
     "The bill was confirmed in June 2024, a month after the Senate received it.", "June 2024", False),
    ("When did the Senate give its approval?", "It confirmed the bill in June 2024, the Senate's clerk said.",
     "June 2024", False),
    # A copula does nothing, and a doer that is no name ("the first phase") is no other party.
    ("How much gas will Russia supply via the new pipeline?",
     "Russia's Gazprom agreed that the first phase of supplies via the new pipeline will be 2 bcm a year.",
     "2 bcm", False),
    ("How much gas will Russia supply via the new pipeline?",
     "Russia's Gazprom said the first phase of the pipeline carries 2 bcm a year.", "2 bcm", False),
    # The question's own verb with another doer is someone_else's to judge.
    ("When did Russia ratify the treaty?", "The State Duma ratified the treaty on 8 April, Russia's foreign ministry "
     "said.", "8 April", False),
])
def test_an_answer_span_of_what_another_did_is_no_answer(question, sentence, span, another):
    start = sentence.index(span)
    assert done_by_another(sentence, start, start + len(span), asked_agent(nlp.parse(question))) is another


@pytest.mark.parametrize("question, sentence, elsewhere", [
    # Asked whose figure, another body's figure is no answer; the body's own, or a sentence
    # that names no body, may be.
    ("By what percentage did trade grow in 2024 according to Russian customs?",
     "About 96%, according to the Central Bank of Russia.", True),
    ("By what percentage did trade grow in 2024 according to Russian customs?",
     "Trade grew 8% in 2024, according to Russia's Federal Customs Service.", False),
    ("By what percentage did trade grow in 2024 according to Russian customs?", "Trade grew 8% in 2024.", False),
    # "according to the treaty", "according to analysts": no body's name, nothing to hold to.
    ("What does Iran get according to the treaty?", "Iran gets gas at a discount, according to Tass.", False),
    ("What will trade reach according to analysts?", "Trade will reach $10bn, according to the Kremlin.", False),
])
def test_a_figure_attributed_to_another_body_is_no_answer(question, sentence, elsewhere):
    assert attributed_elsewhere(sentence, attributed_to(question)) is elsewhere


@pytest.mark.parametrize("sentence, other", [
    ("Around 12,000 Iranian students are studying in Russian universities this year.", "Iranian students"),
    ("Some 300 Russian students study at Iranian universities.", None),
    ("Russian and Iranian students met in Kazan.", None),  # the question's people among others
    ("Students from both countries met in Kazan.", None),  # no people given: it may be the question's
    ("Some 40 Chinese students study at Iranian universities.", None),  # a third people: not a swap
])
def test_a_sentence_about_another_peoples_group_tells_of_that_group(sentence, other):
    asked = read("How many Russian students are enrolled at Iranian universities?").parts[0].peoples
    assert other_people(asked, sentence) == other



@pytest.mark.parametrize("question, text, other", [
    # Another place in the series, in words or figures, or in the series' own numbering.
    ("Who chaired the second meeting of the joint commission?",
     "Minutes of the 3rd meeting of the Joint Commission. The meeting was chaired by Ali Moradi.", "3rd meeting"),
    ("When was the first Kowsar satellite launched?", "Kowsar-2 was launched from Vostochny on 5 November.",
     "Kowsar-2"),
    # The place asked is named (among others), or none is: nothing tells of another.
    ("Who chaired the second meeting of the joint commission?",
     "The minutes of the second meeting were approved at the third meeting.", None),
    ("Who chaired the second meeting of the joint commission?", "The commission meets twice a year.", None),
    ("When did the first gas flow?", "The first gas flowed on 3 March, ahead of the second stage.", None),
])
def test_a_text_numbering_another_of_the_series_tells_of_another(question, text, other):
    assert another_in_series(read(question).parts[0].series, text) == other


def test_a_part_leaning_on_another_keeps_its_place_in_the_series():
    parts = read("Who chaired the second meeting of the commission, and where was it held?").parts
    assert [p.series for p in parts] == [frozenset({(2, "meeting", "")})] * 2
