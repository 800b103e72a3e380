"""Answer spans (assistant/answering/spans.py): which stretch of a sentence answers the kind
of answer a question asks for, read with spaCy's real entities, without an index. Each case
is a sentence that looked like an answer to a question it does not answer (or the other way
round), from the held-out article set's kinds of input, written afresh."""
from __future__ import annotations

import pytest

from assistant import nlp
from assistant.answering.question import read
from assistant.answering.roles import swaps_roles
from assistant.answering.spans import Span, answer_spans, differ, fine_enough, mentions
from assistant.text import content_terms


def spans(question: str, sentence: str, header: str | None = None) -> list[str]:
    part = read(question).parts[0]
    [entities] = nlp.entities([sentence])
    return [s.text for s in answer_spans(sentence, entities, part, content_terms(question), header)]


def first_span(question: str, sentence: str) -> str | None:
    """The best answer span of `sentence` for `question`, or None."""
    found = spans(question, sentence)
    return found[0] if found else None


@pytest.mark.parametrize("question, sentence, answer", [
    # A possessive closes the noun phrase a number counts.
    ("How many payment cards have been issued in Iran?",
     "The link joins the two countries' domestic card networks.", None),
    ("How many drones did Iran deliver?", "Iran delivered 400 Shahed drones last year.", "400"),
    # "How much gas": a figure with a unit measures it, though the gas goes unnamed; a bare
    # count of something else does not.
    ("How much gas will Russia supply in the first phase?",
     "The first phase will be 2 billion cubic metres (bcm) a year, three sources said.", "2 billion cubic metres"),
    ("How much gas will Russia supply in the first phase?", "Three sources said the talks went well.", None),
    # A speed is stated in a unit of speed; a length or a year is no speed.
    ("What is the design speed of the new railway?", "The new railway is 164 km long and opened in 2019.", None),
    ("What is the design speed of the new railway?",
     "Trains on the new railway will run at up to 160 km/h.", "160 km/h"),
    ("What is the distance between the two ports?", "The ports are 230 kilometres apart.", "230 kilometres"),
    # "How long is" asks for a length or a length of time: a count of people is neither.
    ("How long is the planned mission?", "Two candidates, chosen from 45 applicants, will train for it.", None),
    ("How long is the planned mission?", "One of them is to fly in 2027 for an eight-day mission.", "eight-day"),
    ("How long is the new railway?", "The new railway is 164 km long.", "164 km"),
    ("How long is the new tunnel?", "The tunnel stretches 9,000 feet under the pass.", "9,000 feet"),
    ("How long does the crossing take?", "The crossing takes about 52 hours in good weather.", "52 hours"),
    # A sum of money names its currency: an issue number is none.
    ("What price will Iran pay for the gas?", "Pipeline Notes, Edition #58, on the gas talks.", None),
    ("What does it cost to ship one container?", "Shipping one container costs about $2,500.", "about $2,500"),
    # A fraction is an amount; "much" here measures the falling, it counts no price.
    ("How much did the price of caviar fall in Bandar Anzali?",
     "The price of caviar at the fish market of Bandar Anzali fell by a third this winter.", "a third"),
    # Asked which city, a country is no answer.
    ("Which city would the gas pipeline pass through?", "The pipeline would carry gas to Iran through Azerbaijan.",
     None),
    # Asked where, the name a sentence gives a place, whatever label the recogniser gives it.
    # A wire story's dateline gives the story's date, not the event's.
    ("When will the first gas reach Iran?",
     "ASTARA, Azerbaijan, March 4 (Meridian Wire) - The first gas will reach Iran once the line is built.", None),
    ("When does the second ship join the route?",
     "ASTRAKHAN, 14 May 2025 — The shipping line today announced a weekly service to Anzali.", None),  # a press release's
    ("Where will the two countries build the hatchery?",
     "The two countries will build the hatchery in the Iranian port city of Rasht, officials said.", "Rasht"),
    # The whole figure, though the recogniser takes a share for a sum of money ("95 per cent": MONEY).
    ("What proportion of trade payments is now settled in rubles and rials?",
     "Over 95 per cent of our mutual settlements are now made in roubles and rials.", "95 per cent"),
    # A share may be a fraction; a percentage may not.
    ("What share of Russia's exports to Iran is grain?",
     "Grain made up roughly a third of Russian exports to Iran last year.", "a third"),
    ("By what percentage did exports grow?", "Grain made up more than half of exports.", None),
    ("How much money did the protocol unlock from the loan?",
     "The protocol releases a first tranche of €250 million from the loan.", "€250 million"),
])
def test_an_answer_span_is_of_the_measure_asked(question, sentence, answer):
    found = spans(question, sentence)
    if answer is None:
        assert found == []
    else:
        assert found and answer in found[0]


def test_a_table_row_answers_through_the_column_the_question_names():
    header = "Mumbai to Moscow: routes compared\nRoute | Via | Distance | Typical transit time"
    row = "Western branch | Bandar Abbas, Rasht, Baku | 7,200 km | 25 days"
    assert spans("What is the distance on the western branch?", row, header) == ["7,200 km"]
    # No column named: the row's cells are read like a sentence.
    assert spans("How many days does a container take on the western branch?", row, header) == ["25 days"]
    # Asked how many, a cell with no figure answers nothing, though its column names the question's words.
    infobox = "Treaty\nStep | Ratification by members of the council"
    assert spans("How many members of the council backed the ratification?",
                 "Final step | Exchange of instruments", infobox) == []


def test_a_figure_set_with_a_pdfs_layout_spaces_is_read_as_prose_is():
    # Justified lines double the spaces: the recogniser reads the sum once they are one.
    assert spans("How much did Iran pay for the oil?", "Iran  paid  USD  455  million\nfor  the  oil  in  2024.") == \
        ["USD  455  million"]


def test_a_sum_spaced_with_no_break_spaces_is_read_as_prose_is():
    text = "Iran paid USD\u00a0\u00a0455\u00a0\u00a0million for the oil in 2024."
    assert spans("How much did Iran pay for the oil?", text) == ["USD\u00a0\u00a0455\u00a0\u00a0million"]


def test_a_cell_states_its_columns_unit_when_figures_are_compared():
    question = "How much sunflower oil did Iran buy in 2024, in dollars?"
    header, row = "year,commodity,value_usd_million,volume_thousand_tonnes", "2024,Sunflower oil,312.4,281.9"
    part = read(question).parts[0]
    [entities] = nlp.entities([row])
    [cell] = answer_spans(row, entities, part, content_terms(question), header)
    assert (cell.text, cell.stated) == ("312.4", "312.4 usd million")
    assert differ("USD 455 million", cell.stated, part.answer_type)
    assert not differ("USD 312.4 million", cell.stated, part.answer_type)
    # Where the table's caption gives the unit for every column, the cell states it too.
    [cell] = answer_spans("2021    4.0    2.9", (), read("How much did Russia export in 2021?").parts[0],
                          content_terms("How much did Russia export in 2021?"),
                          "(USD bn)   (USD bn)\nYear    Total trade    Russia exports")
    assert cell.stated == "2.9 USD billion"
    # A scale however the heading abbreviates it is written out, as figures are read.
    from assistant.answering.spans import _unit_words

    assert [_unit_words(h) for h in ("Value (USD m)", "Exports (US$ mn)", "Passengers ('000s)", "Length (m)")] == \
        ["USD million", "US$ million", "thousand", ""]


@pytest.mark.parametrize("a, b, different", [
    # A currency written as a symbol, a code or a word is one unit.
    ("$455 million", "USD 312.4 million", True),
    ("US$ 312.4 million", "312.4 million dollars", False),
    ("€1.3 billion", "1.6 billion euros", True),
    # Figures of different measures never differ: they say different things.
    ("€1.3 billion", "20 years", False),
    ("¥5 billion", "8 billion yuan", True),
    ("£300 million", "500 million pounds sterling", True),
])
def test_sums_in_one_currency_however_written_are_compared(a, b, different):
    assert differ(a, b, read("How much did it cost?").parts[0].answer_type) is different


def test_a_count_counts_a_synonym_of_the_noun_asked_only_where_that_noun_ends_its_phrase():
    from assistant.answering.spans import _counts

    sentence = "The ministry counted about 118,000 Russian visitors in the first nine months."
    start = sentence.index("118,000")
    figure = Span(start, start + len("118,000"), "118,000")
    assert _counts(figure, sentence, "tourists", frozenset({"visitors"}))
    assert not _counts(figure, sentence, "tourists", frozenset())
    # The first noun after the number, not the compound it modifies: "47-article treaty" counts articles.
    assert spans("How many articles does the treaty have?", "The 47-article treaty was signed in January.") == ["47"]
    sentence = "The fate of Russia's two major military facilities in Syria is uncertain."
    start = sentence.index("two")
    assert not _counts(Span(start, start + 3, "two"), sentence, "troops", frozenset({"military"}))


def test_a_column_numbering_a_tables_rows_counts_nothing():
    header = "5. Decisions and action items\nNo. | Action | Responsible | Deadline"
    row = "2 | Launch a Russian-language tourist hotline | Ministry of Tourism | 1 March 2026"
    assert spans("How many tourists went to Iran?", row, header) == []
    # A vote's "No" column is no numbering.
    from assistant.answering.spans import _numbers_rows

    assert not _numbers_rows(len("Renew | 61 | "), [(0, 5), (8, 10), (13, 15), (18, 19)], "Group | Yes | No | Abstained")
    # A count in another column of the row is one.
    assert spans("How many tourist guides will be trained?",
                 "3 | Train 40 tourist guides | Ministry of Tourism | 1 March 2026", header) == ["40"]


def test_a_numbered_part_of_a_text_is_named_by_its_number():
    assert spans("Which article of the treaty covers tourism?",
                 "Article 26 of the Treaty on Comprehensive Strategic Partnership covers tourism.") == ["Article 26"]
    assert spans("Which article of the treaty covers tourism?", "Art. 26 | Tourism | Simplify visa procedures",
                 "Article | Subject | Summary") == ["Art. 26"]
    # The treaty itself, which the recogniser labels LAW too, is no article of it.
    assert spans("Which article of the treaty covers tourism?", "The Treaty on Comprehensive Strategic "
                 "Partnership covers tourism.") == []


def test_a_month_is_written_with_its_capital():
    # "may" is a verb, "march" a verb or a noun: no month.
    assert spans("When did she get her answer?", "Translations may be available on request.") == []
    assert spans("When will they march?", "They will march in May.") == ["May"]


def test_a_date_keeps_the_day_written_before_its_month():
    # The recogniser labels the day a number of its own after a bracket or a table's bar.
    assert spans("When did the ship leave Lagan?", "The ship left Lagan on 17 Aban [8 November 2025 — T.N.]") == \
        ["8 November 2025"]
    assert spans("When did the Senate sign the bill?", "Senate signs the bill | 21 April 2025 | none") == \
        ["21 April 2025"]
    # A figure that is no day (a count, a year's digits) stays out of the date.
    assert spans("When did the ship leave Lagan?", "The ship left Lagan with 214 May 2025 orders aboard.") != \
        ["214 May 2025"]


def test_a_table_column_named_for_the_kind_of_answer_asked_answers_a_question_naming_no_column():
    header = "Event | Date | Note"
    row = "Senate signs the bill | 3 March 2024 | Published the same day"
    assert spans("When did the Senate sign the bill?", row, header) == ["3 March 2024"]
    assert spans("How much did the bank lend for the bridge?", "Bridge | €1.2 billion | 2023",
                 "Project | Amount | Year") == ["€1.2 billion"]


def test_a_table_column_of_the_measure_asked_answers_a_column_of_another_cannot():
    header = "Year,Trade turnover (USD bn),Change on previous year (%),Russian exports (USD bn)"
    row = "2024,5.3,+8,4.0"
    assert spans("By what percentage did trade grow in 2024?", row, header) == ["+8"]
    assert spans("What was the trade turnover worth in 2024?", row, header) == ["5.3"]
    # No column states a share: no cell is a percentage, however its heading matches.
    assert spans("By what percentage did Iran's exports grow in 2024?", "2024 | 4.8 | 1.2",
                 "Year | Total trade | Iran exports") == []


@pytest.mark.parametrize("entity, text, mentioned", [
    ("Moscow", "Analysts say the deal helps Russia avoid retaliation.", True),  # a capital for its government
    ("the U.S.", "Washington warned Tehran against the deal.", True),
    ("the UK", "British officials declined to comment.", True),  # an irregular demonym
    ("Iran", "The Iranian side said the talks went well.", True),
    ("Iraq", "The Iranian side said the talks went well.", False),  # one letter apart, another country
    ("US", "Officials told us the talks went well.", False),  # "us" is a word; only "US" in capitals is a code
    ("Washington", "The U.S. accused Tehran in September.", True),  # a capital, and its country's code
    ("London", "The UK said the talks went well.", True),
    ("Washington", "Officials told us the talks went well.", False),
    ("Rasht", "The line ends in Astara.", False),
    # A figure is the same however written; a comma before three digits groups thousands, else
    # it separates figures (a .csv row).
    ("2022", "2022,4.9,3.5,Record year", True),
    ("1200", "Iran sent some 1,200 drones.", True),
    ("4.9", "2022,4.9,3.5,Record year", True),
    ("49", "2022,4.9,3.5,Record year", False),
    # A date in words or in figures, with its month; a month's word makes no date of a name.
    ("July 2025", "2025-07\t35\t14\t43.9", True),  # a spreadsheet's month
    ("July 2025", "2025-12\t35\t14\t37.6", False),  # the year alone is not July 2025
    ("July 2025", "flights rose in 2025", False),
    ("17 February 2026", "Caspian Accord-2026,2026-02-17,off Bandar Anzali", True),
    ("17 February 2026", "exercises opened on 17.02.2026", True),
    ("17 February 2026", "exercises opened on Feb. 17, 2026", True),
    ("17 February 2026", "2026-02-18", False),
    ("Jan Egeland", "The talks resumed in January 2026.", False),  # a name with a month's word is no date
    ("May 2025", "Iran may sign the accord in 2025.", False),  # the modal names no month
    ("May 2025", "In May 2025 Iran signed the accord.", True),
])
def test_a_name_or_figure_is_mentioned_by_any_of_its_forms(entity, text, mentioned):
    assert mentions(entity, text) is mentioned


ACCUSED = "The U.S. accused Tehran in September of providing short-range ballistic missiles to Russia."


@pytest.mark.parametrize("question, sentence, swapped", [
    # The reverse deal: missiles to Russia answer nothing about missiles to Iran.
    ("When did the US accuse Russia of sending ballistic missiles to Iran?", ACCUSED, True),
    ("When did the US accuse Iran of sending ballistic missiles to Russia?", ACCUSED, False),
    ("Will a pipeline carry gas from Iran to Russia?", "The pipeline would carry gas from Russia to Iran.", True),
    # No role for the other name in the sentence: nothing to contradict.
    ("How much gas would Russia supply to Iran?", "Russia could supply Iran with 55 bcm of gas a year.", False),
    ("Did Iran send drones to Russia?", "Iran sent drones to Russia, officials said.", False),
])
def test_a_sentence_that_swaps_who_did_what_to_whom_is_no_answer(question, sentence, swapped):
    names = read(question).parts[0].entities
    assert swaps_roles(question, sentence, names) is swapped


@pytest.mark.parametrize("question, sentence, first", [
    # Asked for a date in a unit, a date naming it comes first, however far from the question's words.
    ("On what day of the week did the talks end?", "The talks, which began last week, ended on Tuesday.", "Tuesday"),
    ("In which year did the railway open?", "The railway, planned since March, opened in 2019.", "2019"),
    ("Which month was the memorandum signed in?", "The memorandum signed on Monday had been drafted in July.",
     "July"),
    # When the sentence names no date in that unit, the date it gives is still a date.
    ("In which month did the ministers meet?", "The ministers met on Wednesday.", "Wednesday"),
])
def test_a_date_in_the_unit_asked_comes_first(question, sentence, first):
    assert spans(question, sentence)[0] == first


@pytest.mark.parametrize("span, noun, fine", [
    ("Friday", "weekday", True), ("17 January", "weekday", False), ("17 January", "day", True),
    ("last week", "day", False), ("January 17", "year", False), ("17 January 2025", "year", True),
    ("this year", "year", True), ("April", "month", True), ("Tuesday", "week", True), ("2019", None, True),
])
def test_a_date_names_the_unit_asked_or_not(span, noun, fine):
    assert fine_enough(span, noun) is fine


@pytest.mark.parametrize("question, sentence, answer", [
    ("Are the 2024 figures final or preliminary?", "Figures for 2024 are preliminary.", ["preliminary"]),
    # An alternative the sentence denies is not the one it states.
    ("Are the 2024 figures final or preliminary?", "Figures for 2024 are not final.", []),
    ("Was the deal signed in Moscow or in Tehran?", "The leaders signed the deal in Moscow on Friday.", ["Moscow"]),
])
def test_a_choice_is_answered_by_the_alternative_the_sentence_states(question, sentence, answer):
    assert spans(question, sentence) == answer


def test_dates_written_side_by_side_are_one_date():
    assert spans("When did Iran's parliament approve the treaty?",
                 "Iran's parliament approved the treaty on Wednesday, 21 May 2025.")[0] == "Wednesday, 21 May 2025"


def test_a_table_column_giving_the_names_other_roles_is_no_answer():
    header = "Year    Total trade    Iran exports to Russia    Russia exports to Iran"
    row = "2021    4.0            1.1                       2.9"
    assert spans("How much did Russia export to Iran in 2021?", row, header) == ["2.9"]
    assert spans("How much did Iran export to Russia in 2021?", row, header) == ["1.1"]


@pytest.mark.parametrize("entity, text, mentioned", [
    ("CASAREX-2024", "The navies held the CASAREX-2025 exercise in July.", False),
    ("CASAREX-2025", "The navies held the CASAREX-2025 exercise in July.", True),
    ("Su-35", "Russia will deliver Su 35 fighter jets.", True),
])
def test_a_designation_is_mentioned_with_its_own_number_only(entity, text, mentioned):
    assert mentions(entity, text) is mentioned


@pytest.mark.parametrize("text, figure, measure", [
    # A rate is a measure of its numerator: the unit after "per" is what it is counted against.
    ("Sources put the fee at about $15 per thousand cubic metres.", "15", "money"),
    ("The line will move 1.2 tonnes/day at first.", "1.2", "mass"),
    ("Trains will run at 120 kilometres per hour.", "120", "speed"),
    # "cubic metres" is a volume, though it holds "metres".
    ("The first phase will be 2 billion cubic metres a year.", "2", "volume"),
    ("The railway is 164 km long.", "164", "length"),
])
def test_a_figure_measures_what_its_unit_says(text, figure, measure):
    from assistant.measures import measure_at

    start = text.index(figure)
    assert measure_at(text, start, start + len(figure)) == measure


def test_a_price_per_unit_is_a_sum_of_money():
    assert spans("What transit fee will be charged?",
                 "The fee was not disclosed, but sources put it at about $15 per thousand cubic metres.") == ["about $15"]


def test_a_table_column_is_told_by_what_it_measures_before_whose_it_is():
    header = "Year    Total trade    Iran exports to Russia    Russia exports to Iran"
    row = "2023    4.1            1.0                       3.1"
    assert spans("What was Russia–Iran trade turnover in 2023?", row, header) == ["4.1"]


def test_a_year_is_no_amount():
    assert spans("What was Russia–Iran trade turnover in 2023?",
                 "Trade fell in 2023 because grain imports dropped after a record 2022.") == []


@pytest.mark.parametrize("question, sentence, answer", [
    # "the two central banks": a group the reader knows, not a count the sentence gives.
    ("How many Iranian banks are connected to the Mir network?",
     "The two central banks will link their card networks next year.", None),
    ("How many warships took part in the drill?", "The three navies sent ships to the drill.", None),
    # A new count, with no article before it, is one.
    ("How many warships took part in the drill?", "Three warships took part in the drill.", "Three"),
    # An answer that does not repeat the question counts what it asks ("Eleven." ¶ …).
    ("How many Iranian banks are connected to the Mir network?",
     "Eleven. When the link went live there were only four.", "Eleven"),
    # A number naming an item counts nothing; a count given after a label or a comma does.
    ("How many senators backed the ratification?", "Agenda item 14.", None),
    ("How many senators backed the ratification?", "Total: 14.", "14"),
    ("How many senators backed the ratification?", "In total, 14.", "14"),
])
def test_a_count_is_a_number_given_as_news(question, sentence, answer):
    found = spans(question, sentence)
    assert (found[:1] == [answer]) if answer else found == []


def test_a_figure_in_a_csv_row_ends_with_its_cell():
    """The recogniser reads "1095,30.9" in "…,Other,1095,30.9,preliminary" as one number;
    read like a sentence, a row's figures are still its cells' ("1095"), and a span stating
    no number that can be read compares as none (it crashed disagreement checks)."""
    from assistant.answering.spans import value

    header = "year,direction,commodity,value_usd_million,share_of_direction_pct,status"
    row = "2024,Russia to Iran,Other,1095,30.9,preliminary"
    found = spans("What did Russia–Iran trade add up to in 2024?", row, header)
    assert found and all("," not in span for span in found)
    assert value("1095,30.9") is None and value("4,810") == 4810.0 and value("4,8 billion") == 4.8e9


def test_a_semicolon_separated_row_keeps_its_decimal_commas():
    header = "month;route;freight_thousand_tonnes;containers_teu;avg_transit_days;tariff_usd_per_teu"
    row = "2025-03;Caspian (ferry Astrakhan-Anzali);203,1;2 060;7,5;2 180"
    assert spans("In March 2025, how many days on average did a shipment take on the Caspian ferry route?",
                 row, header) == ["7,5"]
    # As many commas as semicolons: the header says which delimits.
    assert spans("How many days did a shipment take on the Caspian ferry?", "Caspian ferry;7,5;203,1",
                 "route;avg_transit_days;freight_thousand_tonnes") == ["7,5"]


def test_a_scale_with_no_count_is_no_amount():
    assert spans("How much did Russia–Iran trade add up to in 2024?",
                 "Russia–Iran merchandise trade, 2020–2024 (US$ million)") == []
    assert spans("How much did Russia–Iran trade add up to in 2024?", "Trade reached 4.8 billion dollars.") == [
        "4.8 billion dollars"]
    assert spans("How much did trade add up to in 2024?", "Trade by year, 2020–2024 (US$ million)") == []  # a currency's


def test_a_spreadsheet_column_named_with_underscores_is_named_by_its_words():
    header = "exercise_name,start_date,location,ships_count,aircraft_count,personnel_approx"
    row = "Caspian Accord-2026,2026-02-17,off Bandar Anzali,23,11,1900"
    assert spans("How many aircraft were involved in the Caspian Accord-2026 naval exercise?", row, header) == ["11"]
    assert spans("How many ships took part in Caspian Accord-2026?", row, header) == ["23"]


@pytest.mark.parametrize("question, sentence, answer", [
    # a time of day and a designation's number are no amounts; the amount beside them is
    ("How much gas will Russia send?", "17:35 Gas through Azerbaijan: supplies would be 2 billion cubic metres.",
     "2 billion cubic metres"),
    ("How much gas will Russia send?", "RI-03, Gas supply via Azerbaijan, memorandum", None),
    ("How many fighters will Iran buy?", "Iran will buy 24 Su-35 fighters.", "24"),
])
def test_a_time_of_day_or_a_designations_number_is_no_amount(question, sentence, answer):
    assert first_span(question, sentence) == answer


@pytest.mark.parametrize("question, sentence, answer", [
    ("In which room of the palace did they sign?", "They signed the treaty in the Kremlin's St Catherine Hall.",
     "St Catherine Hall"),
    ("Which airport did he land at?", "His plane touched down at Vnukovo airport shortly before noon.", "Vnukovo"),
])
def test_a_facility_is_a_place_and_a_name_headed_by_one_is_a_place(question, sentence, answer):
    """"Which room", "which airport" ask for a place (a facility); a name ending in a place's
    noun ("St Catherine Hall") is one, whatever the recogniser labels it."""
    assert spans(question, sentence)[:1] == [answer]


@pytest.mark.parametrize("question, sentence, answer", [
    ("How many members voted?", "1.2. submit to the Council and its members, not later than 1 June, a report;", None),
    ("How many members were told?", "3) the ministry shall inform 40 members of the chamber;", "40"),
    ("How many banks were members?", "Eleven. When the link opened only four were members.", "Eleven"),
])
def test_a_list_items_number_counts_nothing(question, sentence, answer):
    """An item's number ("1.2.", "3)") numbers it; a one-word answer ("Eleven.") counts."""
    assert first_span(question, sentence) == answer


@pytest.mark.parametrize("question, sentence, answer", [
    ("How many Iranians study at Russian universities?", "Some 8,400 Iranian students were enrolled last year.",
     "Some 8,400"),
    ("How many Iranians study at Russian universities?", "Some 8,400 Russian students were enrolled last year.", None),
    ("How many Iranians study at Russian universities?", "Iranian universities enrolled 8,400 students.", None),
])
def test_a_count_of_a_peoples_members_counts_that_people(question, sentence, answer):
    """"How many Iranians": a count of people the adjective "Iranian" qualifies counts them."""
    assert first_span(question, sentence) == answer


def test_a_long_format_rows_figure_states_the_unit_its_next_cells_give():
    """A spreadsheet writing a figure's currency and scale in cells of their own ("38,USD,
    million" under "value,currency,unit") states them: the span is 38 in USD million; a
    delimiter glued to its next cell is read as a space by the recogniser, with the offsets
    of the row itself; a thousands separator ("1,250") is no delimiter."""
    from assistant.nlp import _single_spaced

    header = "project,partner,value,currency,unit,status"
    row = "Grain terminal (berth),Port of Astrakhan,38,USD,million,completed"
    part = read("How much did the grain terminal cost?").parts[0]
    entities = nlp.entities([row])[0]
    [span] = answer_spans(row, entities, part, content_terms("How much did the grain terminal cost?"), header)[:1]
    assert (span.text, span.unit) == ("38", "USD million")
    spaced, where = _single_spaced("Lines,38,USD,1,250 MW")
    assert spaced == "Lines, 38, USD, 1,250 MW" and len(where) == len(spaced)
    assert all("Lines,38,USD,1,250 MW"[where[i]] == c for i, c in enumerate(spaced) if c != " ")


@pytest.mark.parametrize("sentence, answer", [
    ("Phase 2 capacity: 120,000 TEU a year (due 2027).", None),  # a rate, no length of time
    ("Crossing time: 52 hours berth to berth.", "52 hours"),
    ("The treaty was extended by a year.", "a year"),
])
def test_a_unit_of_time_after_a_quantity_is_a_rate(sentence, answer):
    assert first_span("How long does the crossing take?", sentence) == answer


def test_a_figures_unit_is_read_in_its_own_cell():
    """"2023,162 km missing link": the year's cell ends at the delimiter, so "km" is the next
    cell's and states no length of 2023; prose, whose commas are spaced, reads on."""
    from assistant.measures import measure_at

    row = "RI-01,Rasht–Astara railway,under construction,2023,162 km missing link"
    year = row.index("2023")
    assert measure_at(row, year, year + 4) is None
    prose = "The line, when finished, will be 162 km long"
    assert measure_at(prose, prose.index("162"), prose.index("162") + 3) == "length"


@pytest.mark.parametrize("question, sentence, answer", [
    # an item's number before a figure is still the item's number
    ("How many members does the council have?", "3) 40 members sit on the council.", ["40"]),
    ("How many articles does the treaty have?", "4. 47 articles make up the treaty.", ["47"]),
])
def test_a_list_items_number_before_a_figure_counts_nothing(question, sentence, answer):
    assert spans(question, sentence) == answer


@pytest.mark.parametrize("question, sentence, answer", [
    # a person may be named Hall or Square: asked who, the recogniser's person stands
    ("Who chaired the meeting?", "The meeting was chaired by John Hall.", "John Hall"),
    ("Who spoke for the ministry?", "Ministry spokesman Peter Square said the talks went well.", "Peter Square"),
    # asked for a place, or put where a place goes, a name headed by a hall is one
    ("Which hall hosted the signing?", "The treaty was signed in St Catherine Hall by Vladimir Putin.",
     "St Catherine Hall"),
])
def test_a_name_headed_by_a_place_noun_is_a_place_only_as_a_place(question, sentence, answer):
    assert spans(question, sentence)[:1] == [answer]


@pytest.mark.parametrize("question, sentence", [
    ("How many Iranians study in Russia?", "About 8,400 Iranian-built drones were sent to Russia."),
    ("How many Iranians study in Russia?", "8,400 students from the Iranian capital study in Russia."),
])
def test_a_people_counted_is_the_one_qualifying_the_noun_itself(question, sentence):
    """"How many Iranians": "Iranian" inside the noun's phrase ("Iranian-built", "from the
    Iranian capital") does not make the noun's count a count of Iranians."""
    assert spans(question, sentence) == []


def test_a_name_made_only_of_the_questions_words_is_no_answer():
    """"the Treaty" asked which body handles a side of the treaty is the question's own
    topic; the body the sentence names answers."""
    assert spans("Which body handles the arms side of the treaty?",
                 "Under the Treaty, arms cooperation falls to FSVTS.")[:1] == ["FSVTS"]


def test_a_name_the_conversation_used_before_may_answer_a_follow_up():
    """"What did Putin say about the treaty?" then "Who signed it?": Putin, named in the
    earlier question, is no word of this one, and signed it."""
    history = [{"role": "user", "content": "What did Putin say about the treaty?"},
               {"role": "assistant", "content": "He called it a milestone."}]
    part = read("Who signed it?", history=history).parts[0]
    assert "Putin" in part.context
    sentence = "The treaty was signed by Putin in Moscow."
    [entities] = nlp.entities([sentence])
    assert [s.text for s in answer_spans(sentence, entities, part, content_terms("Who signed it?"))][:1] == ["Putin"]


@pytest.mark.parametrize("question, sentence, answer", [
    # asked which hall, the city of a wire story's dateline is none; the hall named is
    ("Which hall hosted the signing?",
     "MOSCOW, 17 January 2025 — Vladimir Putin and Masoud Pezeshkian signed the treaty on Friday.", None),
    ("Which hall hosted the signing?", "The ceremony took place in St Catherine Hall in Moscow.", "St Catherine Hall"),
    ("Which airport did he land at?", "His plane touched down at Vnukovo airport in Moscow.", "Vnukovo"),
    # a city is no terminal; the name given the terminal is
    ("Which terminal will handle the grain?", "The grain will be shipped from Astrakhan.", None),
    ("Which terminal will handle the grain?", "The grain will go through the Olya terminal near Astrakhan.", "Olya"),
    # a station on the air is a body ("station" was asked as a place only, and Press TV lost)
    ("Which TV station aired the interview?", "The interview was aired by Press TV on Monday.", "Press TV"),
])
def test_asked_for_a_facility_a_city_or_country_is_no_answer(question, sentence, answer):
    assert first_span(question, sentence) == answer


@pytest.mark.parametrize("question, sentence, header, answer", [
    # A place or a people naming what kind of thing another noun is does not act.
    ("Who runs the ferry service?",
     "The Iranian state-owned ferry operator runs the service, its director Parisa Hosseini said.", None,
     "Parisa Hosseini"),
    ("Who runs the ferry service?", "The ferry service is run by the Iranian state-owned operator.", None, None),
    # A table row: a name followed by more words in its cell is part of the cell's name;
    # a currency code is no body.
    ("Who operates the Aktau line?",
     "K-3,Aktau–Anzali ro-ro line,Caspian Sea,Kaspian Ferries,9,USD,million,2023",
     "code,project,sea,partner,value,currency,unit,year", "Kaspian Ferries"),
    # A country standing for those who act still answers.
    ("Who will supply the turbines?", "Russia will supply the turbines under the 2025 protocol.", None, "Russia"),
    # A name set aside is no answer.
    ("Who chairs the commission?", "It is chaired by Tahmineh Rostami, not Tahmineh Rostamian.", None,
     "Tahmineh Rostami"),
])
def test_who_is_answered_by_a_name_that_acts(question, sentence, header, answer):
    found = spans(question, sentence, header)
    assert (found[0] if found else None) == answer
    assert "USD" not in found and not any("Rostamian" in f for f in found)


@pytest.mark.parametrize("question, sentence, answer", [
    ("What share of the trade goes through the port?", "Two-thirds of the trade goes through Astara.", "Two-thirds"),
    ("What share of the trade goes through the port?", "A quarter of the cargo is grain.", "A quarter"),
    # An ordinal or a compound's first word is no fraction.
    ("What share of payments go through Russian banks?", "Most go through a third-country bank in Dubai.", None),
    ("What share of payments go through Russian banks?", "Volumes rose in the third quarter.", None),
])
def test_a_fraction_is_counted_thirds_or_quarters_not_an_ordinal(question, sentence, answer):
    assert first_span(question, sentence) == answer
