"""decide.py on hand-made, already scored sentences (no model, no index): which sentences
corroborate the best one, which date answers, who did it."""
from __future__ import annotations

from assistant.answering.decide import corroborating, decide
from assistant.answering.evidence import Scored
from assistant.answering.question import DATE, YES_OR_NO, Part, read
from assistant.answering.spans import Span
from assistant.schema import Chunk, Passage
from assistant.answering.evidence import Sentence


def scored(text: str, source: str, score: float, held: set[str], negative: bool = False,
           span: str | None = None) -> Sentence:
    chunk = Chunk(id=source, source=f"seeds/{source}.txt", title=None, publisher=None, date=None, text=text,
                  spans=((0, len(text)),))
    spans = [Span(text.index(span), text.index(span) + len(span), span)] if span else []
    return Sentence(text, 0, len(text), Passage(chunk, 1.0), score=score, relevance=score, dense=score - 0.3,
                    coverage=0.4, held=frozenset(held), negative=negative, spans=spans, recognised=True)


def test_a_yes_is_corroborated_only_by_a_yes_on_the_same_point():
    part = Part("Does Russia keep Iran informed about the war?", YES_OR_NO, ())
    best = scored("Putin said Russia regularly informed Iran about the war.", "a", 0.80, {"inform", "war"})
    same = scored("Russia consistently updated Iran on the war, Putin said.", "b", 0.78, {"war", "inform"})
    other_point = scored("Western intelligence warned of missile transfers.", "c", 0.79, {"missil", "transfer"})
    saying_no = scored("Russia has not informed Iran about the war.", "d", 0.78, {"inform", "war"}, negative=True)
    chosen = corroborating([best, other_point, saying_no, same], part)
    assert chosen == [best, same]


def test_a_date_in_the_unit_asked_answers_before_a_better_scored_one_that_is_not():
    part = Part("On what day of the week was the accord signed?", DATE, (), noun="weekday")
    week = scored("The accord was signed last week in Baku.", "a", 0.9, {"accord", "sign"}, span="last week")
    friday = scored("Officials signed the accord on Friday.", "b", 0.8, {"accord", "sign"}, span="Friday")
    sentences = [week, friday]
    decision = decide(Scored(sentences, {"accord", "sign"}, ["accord", "sign"], dict.fromkeys(["accord", "sign"], 1.0),
                             typed=True), part)
    assert decision.chosen[0] is friday


def test_a_sentence_telling_of_another_doer_is_refused_and_says_so():
    part = read("When did the Guardian Council approve the law?").parts[0]
    other = scored("The parliament approved the law on 3 May, sending it to the Guardian Council.", "a", 0.9,
                   {"approv", "law", "guardian council"}, span="3 May")
    sentences = [other]
    decision = decide(Scored(sentences, {"approv", "law"}, ["approv", "law"], dict.fromkeys(["approv", "law"], 1.0),
                             typed=True), part)
    assert not decision.answered
    assert decision.refusal == "the sources tell of it done by another, not Guardian Council"


def test_two_figures_of_the_same_thing_disagree_though_a_table_heads_it_otherwise():
    from assistant.answering.decide import other_side
    from assistant.answering.question import QUANTITY

    part = Part("What was Russia–Iran trade turnover in 2023?", QUANTITY, ("Russia", "Iran", "2023"), noun="turnover")
    customs = scored("2023,4.9,+7,3.8,1.1", "a", 1.29, {"2023", "russia", "trade", "turnov", "trade turnov"}, span="4.9")
    bank = scored("2023    4.1    1.0    3.1", "b", 1.15, {"2023", "iran", "russia", "trade"}, span="4.1")
    bank.coverage = 0.2  # "Total trade": fewer of the question's words than "Trade turnover"
    # The noun asked and the topic's names tell no two facts apart: both give 2023's trade.
    assert other_side([customs, bank], [customs], part, topic=frozenset({"russia", "iran"})) is bank
    # A figure of something the best one's words tell apart (another branch) is another fact.
    eastern = scored("The eastern branch takes 31 days.", "c", 1.2, {"eastern", "branch", "day"}, span="31 days")
    western = scored("The western route takes 28 days.", "d", 1.1, {"route", "day"}, span="28 days")
    days = Part("How many days does the eastern branch take?", QUANTITY, (), noun=None)
    assert other_side([eastern, western], [eastern], days) is None


def test_a_refusal_for_a_kind_no_sentence_speaks_of_names_it():
    """Nothing names the question's entities: the refusal says which of its narrowing words
    no sentence holds, not "no passage mentions all of ." with nothing after it."""
    from assistant.answering.decide import _why_not

    part = Part("What naval cooperation does the pact cover?", None, (), objects=(("naval",),))
    sentence = scored("The pact covers military cooperation.", "a", 0.8, {"cooper", "pact"})
    sentence.holds = frozenset({"cooper", "pact", "militari"})
    assert _why_not([sentence], part) == "none of them speaks of naval"
    assert _why_not([sentence], Part("What does the pact cover?", None, ())) == "nothing in the sources is close to it"


def test_asked_whether_the_sources_agree_another_sources_figure_in_other_words_is_the_other_side():
    from assistant.answering.decide import other_side
    from assistant.answering.question import QUANTITY

    asked = read("How many deputies voted in favour? Do the reports agree?").parts[0]
    live = scored("412 deputies voted in favour.", "a", 1.3, {"deputi", "vote", "favor", "vote favor"}, span="412")
    wire = scored("405 deputies voted for the law.", "b", 1.1, {"deputi", "vote"}, span="405")
    assert asked.compare and asked.answer_type is QUANTITY
    assert other_side([live, wire], [live], asked) is wire
    plain = read("How many deputies voted in favour?").parts[0]
    assert other_side([live, wire], [live], plain) is None  # "favour" tells them apart, unasked


def test_asked_whether_the_sources_agree_each_sources_own_best_answer_is_its_side():
    """"When will deliveries begin? Do the sources give the same timing?": the brief's
    answer says "first gas", none of the words the table's row holds; it is still the
    brief's side. Another sentence of that source, not its best answer, is not."""
    from assistant.answering.decide import other_side

    asked = read("When are gas deliveries to Iran expected to begin? Do the sources give the same timing?").parts[0]
    table = scored("Target start of deliveries | winter 2026–27", "a", 1.1, {"begin", "deliveri"}, span="2026")
    brief = scored("We assume first gas no earlier than the 2027–28 heating season.", "b", 0.98, {"gas"},
                   span="2027")
    aside = scored("The plant opened in 2019 after gas talks.", "b", 0.9, {"gas"}, span="2019")
    assert asked.compare
    assert other_side([table, brief, aside], [table], asked) is brief
    assert other_side([table, aside, brief], [table], asked) is aside  # the source's best is its answer
    assert other_side([table, brief], [table], read("When are gas deliveries to Iran expected to begin?").parts[0]) is None


def test_a_yes_and_a_no_disagree_only_about_the_doing_asked():
    """Asked whether it has been signed: "under negotiation", a line with no verb, says
    nothing of signing (no other side); "we signed the agreement" says yes to it, and a
    sentence with a verb of its own may say it in other words."""
    from assistant.answering.decide import other_side

    part = read("Has the visa-free travel agreement been signed?").parts[0]
    assert "sign" in part.verbs
    words = {"agreement", "travel", "visa", "free"}
    no = scored("The agreement on visa-free travel has not yet been signed.", "a", 1.19, words | {"sign"},
                negative=True)
    status = scored("Visa-free travel agreement under negotiation", "b", 1.18, words | {"travel agreement"})
    signed = scored("We signed the agreement on visa-free travel on 28 October.", "c", 1.17, words | {"sign"})
    assert other_side([no, status, signed], [no], part) is signed
    assert other_side([no, status], [no], part) is None
    provided = scored("Officials said they provided visa-free travel under the agreement.", "d", 1.17, words)
    assert other_side([no, status, provided], [no], part) is provided


def test_a_noun_made_from_the_verb_asked_names_the_doing():
    from assistant.answering.decide import _silent_on

    line = scored("Ratification by Iran: not yet", "a", 1.0, {"iran"})
    line.holds = frozenset({"ratif", "iran"})
    assert not _silent_on(line, {"ratifi"})
    status = scored("Treaty status: under negotiation", "b", 1.0, {"treati"})
    status.holds = frozenset({"treati", "status", "negoti"})
    assert _silent_on(status, {"ratifi"})

