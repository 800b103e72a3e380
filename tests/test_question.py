"""Reading the question (assistant/answering/question.py), step by step, without an index:
what is asked, its parts, the kind of answer each wants, its specific point, whether it
leans on the conversation, its spelling read against a corpus, the sources it names."""
from __future__ import annotations

import pytest

from assistant import nlp
from assistant.answering.question import (DATE, DURATION, HUMAN, LENGTH_OR_DURATION, MONEY, NUMBERED_PART, OWNER,
                                          PERCENTAGE, PERSON, PLACE, QUANTITY, SHARE, YES_OR_NO, answer_type, focus_of,
                                          read, split_parts)
from assistant.conversation import leans_on_conversation, standalone_question
from assistant.lexicon import Lexicon, SourceName
from assistant.text import content_terms

LONG = ("I'm writing a report for my international relations seminar on how Russia and Iran have drawn "
        "closer since 2022. I have read several articles, including one that mentioned drones and another "
        "that talked about a gas pipeline through Azerbaijan, and my supervisor wants the introduction to "
        "set the scene with the basic facts before any analysis. " * 3
        + "I know there was a lot of coverage of the visit to Moscow, but what I really need for the "
        "introduction of my report, before anything else, is this: for how many years was the partnership "
        "treaty concluded?")


def test_the_focus_of_a_long_question_is_its_last_clause():
    assert len(LONG) > 1000
    assert focus_of(LONG) == "for how many years was the partnership treaty concluded?"
    assert read(LONG).parts[0].answer_type is DURATION


def test_a_statement_opening_with_a_question_word_is_no_part_of_the_question():
    """"What I'm struggling with is the document from January." is a statement (its full
    stop says so): the question after it is asked, and "January" is no point of it."""
    question = ("I am writing a thesis on the Caspian. What I'm struggling with now is the new document from "
                "January, because nobody discusses the naval side. So my question, put simply: which "
                "countries may keep armed forces on the Caspian?")
    reading = read(question)
    assert reading.focus == "which countries may keep armed forces on the Caspian?"
    assert "January" not in reading.entities


def test_a_request_after_the_question_belongs_to_it():
    asked = "What military cooperation does the treaty cover? I want both the training side and the information side."
    assert focus_of(asked) == asked


@pytest.mark.parametrize("question, parts", [
    ("When was the treaty signed and how long will it last?", ["When was the treaty signed", "how long will it last?"]),
    ("Where were the leaders when they signed, and on what day of the week?",
     ["Where were the leaders when they signed", "on what day of the week?"]),
    ("How much gas and oil will Russia supply?", ["How much gas and oil will Russia supply?"]),
])
def test_compound_questions_are_split_into_parts(question, parts):
    assert split_parts(question) == parts


@pytest.mark.parametrize("question, kind", [
    ("How long does the treaty last?", DURATION),
    ("For how many years was the partnership concluded?", DURATION),
    ("Who signed the treaty?", PERSON),
    ("In which city was the treaty signed?", PLACE),
    ("Where did the leaders meet?", PLACE),
    ("When was the treaty signed?", DATE),
    ("What was the bilateral trade volume in 2023?", QUANTITY),
    ("How much gas would the pipeline carry each year?", QUANTITY),
    ("What price will Iran charge Russia for oil?", MONEY),
    ("What does it cost to ship one container to Moscow?", MONEY),  # the object of paying is a sum
    ("How much will Iran pay for the gas?", MONEY),
    # A currency named as the unit asked for: a sum, not the amount of the thing.
    ("How much sunflower oil did Iran buy in 2024, in dollars?", MONEY),
    ("How much oil did Iran buy in the first half of 2024?", QUANTITY),
    ("How long is the new railway?", LENGTH_OR_DURATION),  # a length, or a duration ("how long is the treaty")
    ("How long will the Rasht–Astara railway be?", LENGTH_OR_DURATION),
    ("How long has Russia been in Syria?", DURATION),  # "been": how much time
    ("What share of the trade is settled in roubles?", SHARE),  # a percentage or a fraction
    ("By what percentage did trade grow?", PERCENTAGE),
    ("What is the cap on a single card payment?", QUANTITY),  # a limit is a figure
    ("What were Russia's exports to Iran worth in 2024?", MONEY),
    ("What's the price tag of the new plant?", MONEY),  # a compound known by its first noun, a measure
    ("Which city council approved the deal?", None),  # a council, no city
    ("What time zone does Astrakhan use?", None),
    ("How much gas does Russia sell in euro-zone countries?", QUANTITY),  # a place, no currency asked
    # A numbered part of a legal text; a news article is none.
    ("Which article of the treaty covers tourism?", NUMBERED_PART),
    ("Which clause deals with defence?", NUMBERED_PART),
    ("Which article reported the signing first?", None),
    ("Does the pact include arms transfers?", YES_OR_NO),
    ("What did Lavrov say the treaty would confirm?", None),
    # How much of it is done: a stage ("land acquisition") answers as well as a share.
    ("How far along is work on the new railway?", None),
    ("How far is Rasht from Astara?", QUANTITY),
    # "the most gas": how much, the largest given, not gas of a "most" kind.
    ("What's the most gas the route could carry each year?", QUANTITY),
    # "the name of the deputy" asks for the deputy; a name of no known kind, for nothing in particular.
    ("What was the name of the deputy who abstained?", HUMAN),
    ("What is the name of the new railway?", None),
    # A noun only a human being can be asks for a person's name, not the body or country
    # around them; a role a body can hold ("member") or a bare "who" takes either.
    ("Which Iranian official opened the trade house?", HUMAN),
    ("Who is the reporter behind the piece on the gas deal?", HUMAN),
    ("who's the chinese foreign ministry spokesman who commented on the deal", HUMAN),
    ("Which member of the bloc objected?", PERSON),
    ("How much money did the protocol unlock from the loan?", MONEY),
    ("Which capital will host the next summit?", PLACE),  # a city, not a sum
    ("Who signed the treaty for Iran?", PERSON),
    ("Whose analysis says the pact is limited?", OWNER),  # a person's or a body's alike
])
def test_answer_types(question, kind):
    assert answer_type(nlp.parse(question)) is kind


def test_the_specific_point_is_the_questions_entities():
    assert read("How many drones did Iran sell to Venezuela?").parts[0].entities == ("Iran", "Venezuela")
    # A capital opening one of the question's sentences makes no name of a common noun.
    assert read("How many agreements came out of the Kazan session? Outlets differ on the totals."
                ).entities == ("Kazan",)
    assert read("What was the trade volume in 2023?").parts[0].entities == ("2023",)
    # "each year" names no particular year; a document named is where to look, not what to find
    assert read("How much gas would the pipeline carry each year?").parts[0].entities == ()
    assert read("According to Polsat News, how could Tehran help Russia's drone industry?"
                ).parts[0].entities == ("Tehran", "Russia")


def test_asked_whether_the_sources_agree_the_question_is_the_claim_itself():
    part, = read("Do the reports agree on whether the deal has Iran sending drones to Russia?").parts
    assert part.text == "the deal has Iran sending drones to Russia"
    assert part.yes_no and part.objects == (("drones",),)
    part, = read("Do the sources differ about whether Russia must defend Iran?").parts
    assert part.text == "Russia must defend Iran" and part.yes_no
    # Asking whether the sources agree is not asking about "agreement" in the sources.
    assert not read("What did the two sides agree on in Moscow?").parts[0].yes_no


def test_a_yes_no_question_asks_about_its_object_not_what_describes_it():
    # "the right to put troops on bases": a sentence denying the right need not name the troops.
    assert read("Does the treaty give Russia the right to put troops on Iranian bases?").parts[0].objects == \
        (("right",),)
    # A verb's own object, though under another verb, is what is asked about.
    assert read("Did Iran agree to send drones to Russia?").parts[0].objects == (("drones",),)


def test_a_what_question_narrowed_by_a_modifier_asks_about_that_kind_only():
    assert read("What naval cooperation does the agreement provide for?").parts[0].objects == (("naval",),)
    assert read("What economic pain is the deal meant to ease?").parts[0].objects == (("economic",),)
    # Names are the specific point, words that compare carry nothing, a typed question has its span.
    assert read("What Russian hardware might Tehran want?").parts[0].objects == ()
    assert read("What other help did Russia offer?").parts[0].objects == ()
    assert read("What annual capacity will the pipeline have?").parts[0].objects == ()


def test_a_count_must_count_what_is_asked():
    assert read("How many Shahed drones has Iran delivered?").parts[0].counted == "drones"
    assert read("How much will the pipeline carry?").parts[0].counted is None


@pytest.mark.parametrize("question, leans", [
    ("Which country would it pass through?", True),
    ("And who signed it?", True),
    ("And Iran's?", True),
    ("What about the pipeline's capacity?", True),
    ("When did Iran's parliament ratify it?", True),  # "it" is not the parliament
    ("Is there any mention of Syria?", False),  # "there" refers to nothing: it names its own topic
    ("Where did Assad go after he was ousted?", False),  # "he" is Assad
    ("Does Iran say it supplies drones?", False),  # "it" is Iran
    ("How long does the treaty last?", False),
    # "And" joins it to the question before, unless it names its own topic.
    ("And later on, once things are up and running?", True),
    ("And is there any mention of Syria?", False),
])
def test_which_questions_lean_on_the_conversation(question, leans):
    assert leans_on_conversation(nlp.parse(question)) is leans


def test_a_topic_switch_stands_alone():
    history = [{"role": "user", "content": "What is planned for the gas pipeline?"}]
    assert standalone_question("Is there any mention of Syria?", history) == "Is there any mention of Syria?"
    assert standalone_question("Which country would it pass through?", history) == \
        "What is planned for the gas pipeline? Which country would it pass through?"


def corpus_lexicon(*texts: str, sources: list[SourceName] | None = None) -> Lexicon:
    return Lexicon(lambda: texts, sources or [])


def test_spelling_is_read_against_the_corpus():
    lexicon = corpus_lexicon("A new gas pipeline through Azerbaijan. Military ties. Masoud Pezeshkian visited.")
    question = read("What is planned for the gass pipline?", lexicon=lexicon)
    assert question.focus == "What is planned for the gas pipeline?"
    assert question.note == "read “gass pipline” as “gas pipeline”"
    assert read("Did Pezeshkan visit?", lexicon=lexicon).focus == "Did Pezeshkian visit?"  # a name
    assert read("How millitary is it?", lexicon=lexicon).corrections == (("millitary", "military"),)


@pytest.mark.parametrize("typed, focus", [
    # A chat spelling where the question word goes is that word ("wen", "wat", "hw").
    ("wen does the second ship sail?", "when does the second ship sail?"),
    ("Wat share of exports is grain?", "What share of exports is grain?"),
    ("hw many ships sail each week?", "how many ships sail each week?"),
    # One edit from "where" and "when": the one it drops a letter of.
    ("wher does the second ship sail?", "where does the second ship sail?"),
    ("whos the second ship's captain?", "who's the second ship's captain?"),  # "who's", not "whose"
    # Not a word one edit from none, or from a question word the corpus uses as a word.
    ("Was the second ship late?", "Was the second ship late?"),
    # After the question word, an auxiliary: an English word one edit from one is that one.
    ("when dose the second ship sail?", "when does the second ship sail?"),
    ("how long dose the second ship take?", "how long does the second ship take?"),
    ("wat si the share of grain?", "what is the share of grain?"),
    ("When ships sail, how many go?", "When ships sail, how many go?"),  # the corpus's word stays
    # Chat's "2" for "to" before a name or an article; a count before a noun stays.
    ("wat share of exports 2 iran is grain?", "what share of exports to iran is grain?"),
    ("how many ships sail 2 times a week?", "how many ships sail 2 times a week?"),
    # Before no subject it is a word of its own ("who died in…", "how hard did…").
    ("Who died in the crash?", "Who died in the crash?"),
    ("How hard did sanctions hit trade?", "How hard did sanctions hit trade?"),
    ("Which area does the corridor cross?", "Which area does the corridor cross?"),
])
def test_a_chat_spelling_of_the_question_word_is_read_as_it(typed, focus):
    lexicon = corpus_lexicon("When the second ship sails each week, what share of the grain goes by sea.")
    assert read(typed, lexicon=lexicon).focus == focus


def test_a_name_is_read_only_as_a_word_with_its_first_letter():
    lexicon = corpus_lexicon("Pezeshkian said the deal was winning support.")
    assert read("What did Xi Jinping say?", lexicon=lexicon).corrections == ()  # not "Winning"
    assert read("Did Pezeshkan visit?", lexicon=lexicon).focus == "Did Pezeshkian visit?"


def test_a_capitalised_word_is_read_only_as_a_name_the_corpus_writes():
    lexicon = corpus_lexicon("List of measures. Pezeshkian listed the gas pipeline among the measures.")
    # A name the index does not hold is no misspelt "list", which the corpus writes as a word.
    assert read("When did Liisa Mäkelä table her question?", lexicon=lexicon).corrections == ()
    assert read("Did Pezeshkain list it?", lexicon=lexicon).focus == "Did Pezeshkian list it?"
    # Opening a sentence, or in a question written in title case, a capital says nothing.
    assert read("Gass pipeline plans?", lexicon=lexicon).focus == "Gas pipeline plans?"
    assert read("What Is Planned For The Gass Pipline?", lexicon=lexicon).focus == \
        "What Is Planned For The Gas Pipeline?"


def test_a_misspelling_keeps_its_first_letter():
    """"citys" is two edits from "its" and from "cities": a typo seldom changes a first letter."""
    lexicon = corpus_lexicon("Its drones hit Ukrainian cities; its drones, its cities, its ports.")
    assert read("Which citys were hit?", lexicon=lexicon).corrections == (("citys", "cities"),)


def test_a_misspelling_no_corpus_word_is_near_is_read_as_the_one_english_word_it_misspells():
    """The corpus's table says "round trips", never "flights": "flihgts" is still the word
    "flights", not a name no source mentions. Where two English words are one edit away
    ("frm": from, form, firm, each a dropped letter) or the word is capitalised (a name), it stays as typed."""
    lexicon = corpus_lexicon("Weekly round trips between Russia and Iran, by month.")
    question = read("hw many weekly flihgts btwn russia n iran in decmber 2025??", lexicon=lexicon)
    assert ("flihgts", "flights") in question.corrections and ("decmber", "december") in question.corrections
    assert "flihgts" not in question.parts[0].entities
    assert lexicon.correction("frm") is None  # from? form? firm? each one letter dropped
    assert lexicon.correction("comented") == "commented"  # not "cemented": a dropped letter first
    assert read("Did Shetabb cards work?", lexicon=lexicon).corrections == ()


def test_real_words_are_never_corrected():
    lexicon = corpus_lexicon("Iran would sell gas; the deal went well. The Emirates said so.")
    assert read("Which Emirati official spoke?", lexicon=lexicon).corrections == ()  # a people, not "Emirates"
    assert read("Does Iraq sell oil?", lexicon=lexicon).corrections == ()  # not "Iran"
    assert read("Does the deal cover oil?", lexicon=lexicon).corrections == ()


def test_chat_spellings_are_read_as_the_words_they_stand_for():
    """A chat spelling English text uses often enough to pass for a word ("thru", Zipf 3.8)
    is read as the word it stands for, from the noslang dictionary ekphrasis ships; a
    dictionary entry that is a phrase ("kit": keep in touch) or no commoner than the word
    typed is never read in; a capitalised word or one the corpus uses stays as typed."""
    lexicon = corpus_lexicon("Iran would sell gas; the deal went well. The kit arrived.")
    question = read("wen will gas go thru azerbaijan, wat yrs?", lexicon=lexicon)
    assert set(question.corrections) == {("wen", "when"), ("thru", "through"), ("wat", "what"), ("yrs", "years")}
    assert read("wat's the plant gonna cost", lexicon=lexicon).corrections[0] == ("wat's", "what's")
    assert "through" in question.ignored  # a preposition: nothing asked
    assert question.note is not None and "thru" in question.note and "through" in question.note
    assert read("Was the kit delivered?", lexicon=lexicon).corrections == ()  # the corpus's word
    assert read("Is the chronic shortage over?", lexicon=lexicon).corrections == ()  # not "marijuana"
    assert read("Did Wat Arun host talks?", lexicon=lexicon).corrections == ()  # a name


def test_a_lower_case_name_is_read_without_its_neighbours():
    """Typed in lower case, the recogniser may take the word before a name into it ("wil
    russia"); a word no source writes as a name is left out of the entity."""
    lexicon = corpus_lexicon("Russia will send gas through Azerbaijan, Gazprom said. New Delhi watched.")
    assert read("how much gas wil russia send to iran?", lexicon=lexicon).parts[0].entities[:1] == ("russia",)
    assert "new delhi" in read("did new delhi comment?", lexicon=lexicon).entities


def test_questions_name_sources_by_publisher_not_by_topic():
    sources = [SourceName("seeds/003.txt", "Tehran – On Wednesday, Iran’s parliament ratified a 20-year partnership",
                          "Brussels Morning Newspaper", None),
               SourceName("seeds/000.txt", "Russia is strengthening ties with Iran", "Polsatnews.pl", None),
               SourceName("seeds/002.txt", "Russia and Iran have unveiled plans to sign a strategic partnership treaty",
                          None, None)]
    lexicon = corpus_lexicon("text", sources=sources)
    assert read("What does the Brussels Morning article say about defence?", lexicon=lexicon).sources == \
        ("seeds/003.txt",)
    assert read("How could Tehran help, according to Polsat News?", lexicon=lexicon).sources == ("seeds/000.txt",)
    assert read("How long does the strategic partnership last?", lexicon=lexicon).sources == ()
    # "the brief" names no "The Eurasia Brief": "the" is no word of its name.
    briefs = corpus_lexicon("text", sources=[SourceName("brief.txt", "Issue 88", "The Eurasia Brief", None)])
    assert read("What does the think tank's brief say about the security articles?", lexicon=briefs).sources == ()
    assert read("What did the Eurasia Brief say about trade?", lexicon=briefs).sources == ("brief.txt",)
    assert read("According to the brief, what changed?", lexicon=briefs).sources == ()  # a word inside its name
    # The words naming the document say where to look, not what the answer must hold.
    asked = read("How could Tehran help, according to Polsat News?", lexicon=lexicon)
    assert {"polsat", "news"} <= asked.ignored and "tehran" not in asked.ignored
    assert not {"strategic", "partnership"} & read("How long does the strategic partnership last?",
                                                   lexicon=lexicon).ignored


def test_a_file_named_with_a_word_is_not_named_by_the_word():
    # "the treaty" is what every source is about; "treaty.pdf" or a name no word has is a file.
    sources = [SourceName("/src/treaty.pdf", "Treaty on Comprehensive Strategic Partnership", None, None),
               SourceName("/src/001_ef0c1281b5ae524e.txt", "Russia and Iran forge a pact", None, None)]
    lexicon = Lexicon(lambda: ["the treaty", "russia iran pact"], sources)
    assert read("Does the treaty contain a mutual defence clause?", None, lexicon).sources == ()
    assert read("What does treaty.pdf say about gas?", None, lexicon).sources == ("/src/treaty.pdf",)
    assert read("What does 001_ef0c1281b5ae524e say about drones?", None, lexicon).sources == (
        "/src/001_ef0c1281b5ae524e.txt",)


@pytest.mark.parametrize("question, objects", [
    ("What price will Iran pay for Russian pipeline gas?", (("pipeline", "gas"),)),
    ("How much does it cost to build one drone?", (("drone",),)),
    ("How much will Iran pay?", ()),
])
def test_a_sum_of_money_is_asked_for_something(question, objects):
    # A container's handling fee is no price of gas: the sum must be of what is asked.
    assert read(question).parts[0].objects == objects


@pytest.mark.parametrize("question, noun", [
    ("On what day of the week was the treaty signed?", "weekday"),
    ("On what day was the treaty signed?", "day"),
    ("In which year did the railway open?", "year"),
])
def test_the_unit_a_date_is_asked_in(question, noun):
    assert read(question).parts[0].noun == noun


@pytest.mark.parametrize("question, is_english", [
    ("Wie viele Mir-Karten wurden in Iran ausgegeben?", False),  # wordfreq knows "wie", "viele": rarely
    ("Quand le traité a-t-il été signé ?", False),
    ("Was Pezeshkian in Moscow?", True),
    ("r they gonna do joint exercizes on each others soil?", True),  # misspelt, informal: still English
    ("wat kind of drones has russia been hitting ukranian citys with", True),
])
def test_the_language_of_a_question(question, is_english):
    from assistant.answering.question import english

    assert english(question) is is_english


@pytest.mark.parametrize("question, counted, entities", [
    ("Сколько сенаторов проголосовало за ратификацию договора?", "сенаторов", ()),
    ("俄罗斯每年向伊朗出口多少石油？", "石油", ()),
    ("Combien de cartes Mir ont été émises en 2024 ?", "cartes", ("2024",)),
])
def test_a_question_in_another_language_asking_how_many_counts_its_noun(question, counted, entities):
    [part] = read(question).parts
    assert (part.answer_type, part.counted, part.entities, part.english) == (QUANTITY, counted, entities, False)


def test_a_question_in_another_language_asking_no_amount_is_read_by_its_words():
    [part] = read("Когда Совет Федерации одобрил закон о ратификации?").parts
    assert part.answer_type is None and not part.english


@pytest.mark.parametrize("question, entities", [
    ('Who said the treaty is "not an alliance against anyone"?', ("not an alliance against anyone",)),
    ("Who called the treaty “an important new chapter”?", ("an important new chapter",)),
    ('What is the "North-South" corridor?', ()),  # one quoted word is a name's spelling, not words said
])
def test_words_a_question_quotes_are_its_point(question, entities):
    assert read(question).parts[0].entities == entities


@pytest.mark.parametrize("question, kind, offered", [
    # "or" between complements or places offers alternatives to choose from…
    ("Are the 2024 trade figures of the Central Bank of Iran final or preliminary?", "choice",
     ("final", "preliminary")),
    ("Was the deal signed in Moscow or in Tehran?", "choice", ("Moscow", "Tehran")),
    # …between a verb's objects it joins what a yes or no is asked about, and "or not" restates it.
    ("Does the treaty cover arms or energy?", "yes or no", ()),
    ("Is the pipeline finished or not?", "yes or no", ()),
])
def test_a_question_offering_alternatives_asks_which_holds(question, kind, offered):
    [part] = read(question).parts
    assert (part.answer_type.name, part.alternatives) == (kind, offered)
    # The alternatives are what is chosen from, not names the answer must mention.
    assert not set(offered) & set(part.entities)


@pytest.mark.parametrize("question, entities", [
    ("How many vessels took part in CASAREX-2024?", ("CASAREX-2024",)),
    ("Did Russia deliver Su-35 jets?", ("Russia", "Su-35")),
])
def test_a_designation_of_letters_and_a_number_is_a_point(question, entities):
    assert read(question).parts[0].entities == entities


def test_a_verb_doing_a_prepositions_work_carries_no_content():
    ignored = read("Why is Iran's clout shrinking, according to the Express?").ignored
    assert "according" in ignored and "clout" not in ignored


def test_a_name_in_apposition_to_the_noun_asked_leaves_the_noun_asked():
    [part] = read("What was Russia–Iran trade turnover in 2023?").parts
    assert (part.answer_type.name, part.noun) == ("amount", "turnover")
    # A name is no class of answers: "what is the Institute's assessment" asks for no kind.
    assert read("What is the Institute for Caspian Security Studies' assessment of the treaty?"
                ).parts[0].answer_type is None


@pytest.mark.parametrize("question, parts, compare", [
    ("When will the line be finished? Is there agreement on the date?", ["When will the line be finished?"], True),
    ("How many voted for it? Do the reports agree on the number?", ["How many voted for it?"], True),
    ("Do the sources agree on whether Iran sends drones?", ["Iran sends drones"], True),
    # Asked alone, or with words of its own, it is a question still.
    ("Do the sources agree?", ["Do the sources agree?"], True),
    ("When was the gas deal signed? Is there a written agreement?",
     ["When was the gas deal signed?", "Is there a written agreement?"], False),
    # Its verbs may be any; its nouns name the sources or what they state.
    ("How many agreements came out of the Kazan session? Outlets seem to report different totals.",
     ["How many agreements came out of the Kazan session?"], True),
    ("Have any Su-35 jets been handed over to Iran? I've seen contradictory claims.",
     ["Have any Su-35 jets been handed over to Iran?"], True),
    ("What proportion is settled in rials? Do the numbers line up?", ["What proportion is settled in rials?"], True),
    # A word that holds a word of agreeing is not one: a correspondent, a rail line.
    ("When was the treaty signed? Which correspondent filed the report?",
     ["When was the treaty signed?", "Which correspondent filed the report?"], False),
    ("When was it signed? Did both sides agree on the price?",
     ["When was it signed?", "Did both sides agree on the price?"], False),
])
def test_a_part_asking_only_whether_the_sources_agree_asks_for_every_side(question, parts, compare):
    reading = read(question)
    assert [p.text for p in reading.parts] == parts
    assert all(p.compare is compare for p in reading.parts)


@pytest.mark.parametrize("question, each", [
    ("When did each country ratify the treaty?", True),
    ("What did both leaders say about the pipeline?", True),
    # A rate: one answer, however many years.
    ("How much gas would the pipeline carry each year?", False),
])
def test_each_asks_for_one_answer_per_each_but_not_per_year(question, each):
    assert read(question).parts[0].distributive is each


def test_a_sentence_saying_the_sources_differ_asks_for_every_side():
    """"I've seen different numbers quoted." asks nothing of its own (nor are "ve" and
    "seen" words of what is asked): the figure is asked, from every source."""
    [part] = read("What's the most gas the route could carry each year? I've seen different numbers quoted.").parts
    assert part.text == "What's the most gas the route could carry each year?" and part.compare
    assert part.objects == ()  # "most" narrows the gas to no kind
    assert "ve" not in content_terms("I've seen it; they're sure we'll go, and I don't know.")


@pytest.mark.parametrize("question, amount", [
    ("What did Russia–Iran trade add up to in 2024?", True),
    ("What does the bill come to?", True),
    ("What did trade stand at in 2022?", True),
    ("What did imports climb to?", True),
    ("What did Putin come to Tehran for?", False),  # "to" has its own object: no level asked
    ("What did the two sides agree to?", False),
])
def test_the_level_a_verb_of_totalling_gives_is_an_amount(question, amount):
    from assistant.answering.question import QUANTITY

    assert (read(question).parts[0].answer_type is QUANTITY) is amount


def test_an_ordinal_in_figures_is_part_of_the_point():
    """"the 18th session" is not the 19th: its ordinal must be in the evidence; "the first
    gas" names no one of a series."""
    from assistant.answering.spans import mentions

    assert "18th" in read("Where was the 18th session of the Russia–Iran commission held?").parts[0].entities
    assert not mentions("18th", "The commission held its 19th session in Kazan on Friday.")
    assert read("When will the first gas flow?").parts[0].entities == ()


def test_a_long_message_asks_the_clause_after_its_colon_and_not_its_courtesies():
    """The question after "…is one number:" opens with a phrase set before its question
    word; the thanks and the "if you can also tell me…" after it ask the sources nothing."""
    message = ("I have read a lot about the treaty. What I really need for the note is one number: under the free "
               "trade agreement between the EAEU and Iran, what share of the goods traded had their customs duties "
               "cut or removed? If you can also tell me who said it, that would help me cite it properly. Thanks a lot!")
    assert focus_of(message) == ("under the free trade agreement between the EAEU and Iran, what share of the goods "
                                 "traded had their customs duties cut or removed?")
    # What follows a question and adds to it stays.
    assert focus_of("What does the pact cover? I want both the training side and the information side. Thanks!") == \
        "What does the pact cover? I want both the training side and the information side."


def test_asking_for_a_discrepancy_between_sources_asks_for_every_side():
    parts = read("On what date did the treaty become legally binding? Is there any discrepancy between sources?").parts
    assert len(parts) == 1 and parts[0].compare


@pytest.mark.parametrize("follow_up, earlier, read_as", [
    ("And Iran's?", "Who chaired the Kazan commission for Russia?", "Who chaired the Kazan commission for Iran?"),
    ("What about 2023?", "What was Russia–Iran trade in 2024?", "What was Russia–Iran trade in 2023?"),
    # Nothing of its kind in the question before: it borrows the conversation instead.
    ("And Iran?", "When did the Duma ratify the treaty?", "And Iran?"),
    # The name it already asks about: no swap ("What did Iran sell to Iran?").
    ("And Iran?", "What did Russia sell to Iran in 2024?", "And Iran?"),
    # More than an opener and a name: a question of its own.
    ("Kazakhstan's gas exports?", "Who chaired the commission for Russia?", "Kazakhstan's gas exports?"),
    ("Thanks, Iran!", "Who chaired the commission for Russia?", "Thanks, Iran!"),
])
def test_an_elliptical_follow_up_asks_the_last_question_of_its_name(follow_up, earlier, read_as):
    history = [{"role": "user", "content": earlier}, {"role": "assistant", "content": "…"}]
    assert read(follow_up, history).focus == read_as


def test_a_proper_noun_the_recogniser_leaves_unlabelled_is_part_of_the_point():
    """"Duma" is a name though the recogniser labels nothing in "How many Duma deputies
    voted…?": a sentence on the Majlis's deputies does not answer it."""
    from assistant.answering.spans import mentions

    assert "Duma" in read("How many Duma deputies voted for ratifying the treaty?").parts[0].entities
    assert not mentions("Duma", "Of 231 deputies present, 197 voted in favour, 18 against and 9 abstained.")


def test_how_much_notice_asks_for_a_length_of_time():
    """"How much notice…" is answered by "one year" (nothing counts notices); "how much gas"
    still asks an amount of gas."""
    notice = read("How much notice does a party have to give if it wants the treaty to end?").parts[0]
    assert notice.answer_type is DURATION and notice.counted is None
    assert read("How much gas would the pipeline carry?").parts[0].answer_type is not DURATION


def test_a_question_in_title_case_makes_no_name_of_its_capitals():
    assert read("How Many Drones Did Iran Deliver To Russia?").parts[0].entities == ("Iran", "Russia")


def test_a_pronoun_leaning_on_the_sentence_before_borrows_its_nouns_not_the_writers_telling():
    """"What exactly did he call the treaty?" after "…a phrase from their foreign ministry
    spokesman, but I can't find my notes": "he" is among that sentence's nouns and names; the
    writer's remembering and finding are no words of the question."""
    reading = read("I'm writing an explainer on reactions to the treaty. The piece that's missing is Israel: I "
                   "remember a colourful phrase from their foreign ministry spokesman, but I can't find my notes. "
                   "What exactly did he call the treaty?")
    context = reading.parts[0].context
    assert {"Israel", "spokesman", "phrase"} <= set(context.split())
    assert not {"remember", "find", "can't", "I"} & set(context.split())


def test_a_lower_case_date_keeps_its_year():
    lexicon = corpus_lexicon("Weekly round trips between Russia and Iran, December 2025: 35.")
    assert "december 2025" in read("how many weekly trips btwn russia n iran in decmber 2025??", lexicon=lexicon).entities


@pytest.mark.parametrize("question", ["What's the plant gonna cost?", "What is the plant going to cost?",
                                      "What will the plant cost?"])
def test_the_going_to_future_asks_what_its_verb_asks(question):
    """"gonna" (spaCy: "gon" + "na") and "going to" are a tense: the verb after them is what
    is asked (a sum, for "cost"), and "going"/"gonna" is no word the sources must hold."""
    reading = read(question)
    assert reading.parts[0].answer_type.name == "sum of money"
    tense = next((w for w in ("gonna", "going") if w in question), None)
    assert tense is None or tense in reading.ignored


def test_what_a_thing_is_called_is_asked_by_a_naming_noun():
    """"What's the official name of the deal?": a name answers, which a sentence gives
    without calling it official: "official" narrows no class a sentence must hold (unlike
    "what naval cooperation")."""
    reading = read("What's the official name of the deal the presidents signed?")
    assert reading.parts[0].noun == "name" and reading.parts[0].objects == ()
    assert read("What naval cooperation does the deal provide for?").parts[0].objects == (("naval",),)


def test_a_name_typed_in_lower_case_is_the_questions_point():
    """"astrakhan", typed in lower case, is missed by the recogniser; the corpus writes it as a
    name and English seldom uses it, so it is part of the specific point. "treaty", which the
    corpus may capitalise too, is a common English word: no name."""
    lexicon = corpus_lexicon("The port of Astrakhan opened a grain terminal. Iran signed the Treaty in Moscow.")
    entities = read("how much did the astrakhan grain terminal cost", lexicon=lexicon).entities
    assert "astrakhan" in entities and "treaty" not in read("when was the treaty signed", lexicon=lexicon).entities


def test_a_yes_no_question_after_a_comma_is_a_part_of_its_own():
    """"What happens when its 20 years run out, does it get extended?" asks two things."""
    parts = read("What happens when the treaty's 20 years run out, does it get extended?").parts
    assert [p.text for p in parts] == ["What happens when the treaty's 20 years run out",
                                       "does it get extended?"]
    assert parts[1].yes_no
    assert len(read("Is the pipeline, as planned, going to be finished?").parts) == 1


def test_a_chat_dictionary_entry_that_is_an_english_word_stays_as_typed():
    """The noslang dictionary holds words of English's own: "rents" (parents), "peoples"
    (people), "prod" (product), "sec" (second), "comp" (computer). Typed in a question, such a
    word is the word typed; a spelling with letters left out inside ("wen", "yrs") is still read."""
    lexicon = corpus_lexicon("Iran would sell gas; the deal went well. Tehran housing costs rose.")
    for question in ["How much did rents rise in Tehran?", "Which peoples live around the Caspian?",
                     "Did Moscow prod Tehran to sign?", "when did the sec fine the bank?", "Is there a comp clause?"]:
        assert read(question, lexicon=lexicon).corrections == (), question
    assert set(read("wen did gas prices rise, wat yrs?", lexicon=lexicon).corrections) == \
        {("wen", "when"), ("wat", "what"), ("yrs", "years")}


def test_a_lower_case_name_is_not_trimmed_to_a_function_word():
    """"the eurasian economic union": every source writes "the", none the name's own words;
    the name is kept whole, not trimmed to "the"."""
    lexicon = corpus_lexicon("Iran would sell gas; the deal went well. Russia signed a treaty.")
    entities = read("when did the eurasian economic union admit iran?", lexicon=lexicon).parts[0].entities
    assert "the" not in entities and "the eurasian economic union" in entities


@pytest.mark.parametrize("question, focus", [
    # a verbless fragment asks for the detail its sentence leaves open, and is read with it
    ("Every year the government has to report to parliament on the treaty — by what date?",
     "Every year the government has to report to parliament on the treaty — by what date?"),
    # a fragment with a verb of its own is a question of its own
    ("The government reports on the treaty every year. When is the report due?", "When is the report due?"),
])
def test_a_verbless_focus_fragment_is_read_with_its_sentence(question, focus):
    reading = read(question)
    assert reading.focus == focus and reading.parts[0].answer_type.name == "date"


def test_the_question_word_that_asks_is_not_one_opening_an_embedded_clause():
    """"…report on *how* the treaty is implemented — by what date?": "how" opens a clause
    inside the sentence; "what date" asks."""
    reading = read("Every year the government has to report to parliament on how the treaty is implemented"
                   " — by what date?")
    assert reading.parts[0].answer_type.name == "date"


@pytest.mark.parametrize("question, kind", [
    # a "how many/much" opening a clause inside the sentence asks nothing when another word asks
    ("When did Russia say how many ships it would send?", "date"),
    ("Who decides how much Iran pays for the gas?", "person"),
    ("Which minister explained how many ships would sail?", "person"),
    # nor when no other word asks: then it is the one asking
    ("How many ships do you think Russia will send?", "amount"),
    ("Do you know how many ships Russia sent?", "amount"),
])
def test_an_embedded_how_many_asks_nothing_when_another_question_word_asks(question, kind):
    assert read(question).parts[0].answer_type.name == kind


@pytest.mark.parametrize("question", ["", " ", "\n"])
def test_a_question_of_no_words_is_read_without_an_error(question):
    """`ask` refuses an empty question first (QuestionError); reading one directly gives a
    question that asks nothing, not an IndexError."""
    reading = read(question)
    assert reading.entities == () and all(p.answer_type is None for p in reading.parts)
