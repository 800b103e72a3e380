"""Sources in any language are indexed, split into sentences by their own punctuation,
searchable by BM25 with terms that suit their script, and answerable by a question in the
same language. Issue 11, case 2: a four-line Chinese brief was skipped as "no article text"."""
from __future__ import annotations

from content_cases import RU_BRIEF, ZH_BRIEF, ZH_DATE_SENTENCE, ZH_DURATION_SENTENCE

from assistant.sources import read_sources
from assistant.text import content_terms, ends_like_sentence, index_terms, sentence_spans, words


def test_chinese_sentences_end_at_their_own_full_stops():
    text = "该条约有效期为二十年！双方还会加强能源合作吗？是的。“条约已经生效。”他说。"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "该条约有效期为二十年！", "双方还会加强能源合作吗？", "是的。", "“条约已经生效。”", "他说。"]
    assert ends_like_sentence(ZH_DATE_SENTENCE)


def test_sentences_of_other_scripts_end_at_their_marks():
    assert len(sentence_spans("آیا این معاهده بیست ساله است؟ بله، بیست سال.")) == 2  # Persian question mark
    assert len(sentence_spans("संधि पर हस्ताक्षर हुए। यह बीस साल चलेगी।")) == 2  # Devanagari danda


def test_chinese_is_cut_into_words_not_taken_for_one():
    assert words("条约是什么时候签署的？") == ["条约", "是", "什么", "时候", "签署", "的"]
    # Function words and the words of asking ("什么时候": when) are not terms; a date's year is.
    assert content_terms("条约是什么时候签署的？") == ["条约", "签署"]
    assert index_terms("条约是什么时候签署的？") == ["条约", "签署"]
    assert {"2025", "年", "条约", "签署"} <= set(index_terms(ZH_DATE_SENTENCE))


def test_english_terms_are_bm25s_own():
    """For English the BM25 terms are exactly what bm25s's tokenizer gave, so retrieval on
    English articles (and SciFact) is unchanged."""
    import bm25s
    import Stemmer

    text = "The U.S. and Russia's 20-year treaty, signed in Moscow; they don't mention arms transfers."
    ours = index_terms(text)
    theirs = bm25s.tokenize(text, stopwords="en", stemmer=Stemmer.Stemmer("english"), return_ids=False,
                            show_progress=False)[0]
    assert ours == theirs


def test_cyrillic_words_are_stemmed_as_russian():
    assert index_terms("договор договора договором") == ["договор"] * 3


def test_a_chinese_brief_is_read_whole(tmp_path):
    (tmp_path / "brief_zh.txt").write_text(ZH_BRIEF, encoding="utf-8")
    skipped: list[tuple[str, str]] = []
    [source] = read_sources(tmp_path, skipped)
    assert not skipped and not source.removed
    assert [b.text for b in source.blocks] == ZH_BRIEF.splitlines()
    assert source.title == ZH_BRIEF.splitlines()[0]


def test_a_russian_brief_is_read_whole(tmp_path):
    (tmp_path / "brief_ru.txt").write_text(RU_BRIEF, encoding="utf-8")
    [source] = read_sources(tmp_path)
    assert [b.text for b in source.blocks] == [line for line in RU_BRIEF.splitlines() if line]


def test_bm25_finds_a_chinese_passage_by_its_words(cases_assistant):
    from assistant.retrieval import HybridRetriever
    from assistant.store import IndexFolder

    settings = cases_assistant.settings
    retriever = HybridRetriever(IndexFolder(settings.index, settings.chroma_url).live(), settings)
    best = retriever.lexical("条约的有效期", 3)
    assert best and best[0].source.endswith("brief_zh.txt")


def test_a_chinese_question_is_answered_from_the_chinese_brief(cases_assistant):
    """"When was the treaty signed?" in Chinese: the date is quoted in Chinese."""
    answer = cases_assistant.ask("条约是什么时候签署的？")
    assert answer.found, answer.text
    assert any(c.source.endswith("brief_zh.txt") and "2025年1月17日" in c.quote for c in answer.citations)
    assert any(c.quote == ZH_DATE_SENTENCE for c in answer.citations)


def test_a_chinese_question_of_duration_is_answered(cases_assistant):
    answer = cases_assistant.ask("条约有效期多长？")
    assert answer.found, answer.text
    assert any(c.quote == ZH_DURATION_SENTENCE for c in answer.citations)


def test_a_russian_question_is_answered_from_the_russian_brief(cases_assistant):
    answer = cases_assistant.ask("На какой срок заключён договор?")
    assert answer.found, answer.text
    assert any(c.source.endswith("brief_ru.txt") and "двадцать лет" in c.quote for c in answer.citations)
