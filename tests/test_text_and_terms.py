"""Pure pieces of the search: tokens, question frame, glossary, intent, answerable signals."""

from corpus.load import load_corpus
from corpus.units import layout_free
from retrieval.answerable import is_chinese, measure
from retrieval.glossary import Glossary, load_glossary
from retrieval.intent import question_intent
from retrieval.text import candidate_names, clean_query, fold, stem, strip_question_frame, tokens

GLOSSARY = load_glossary()
CORPUS = load_corpus()
CORPUS_FOLDED = fold(layout_free("".join(CORPUS.sources.values())))


def test_chinese_tokens_are_bigrams_and_longer_words() -> None:
    assert tokens("洗钱") == ["洗钱"]
    out = tokens("调查过程中")
    assert {"调查", "查过", "过程", "程中", "调查过程"} <= set(out)


def test_latin_tokens_are_folded_and_joined_when_split_before_an_accent() -> None:
    assert tokens("Guayasam ín") == tokens("Guayasamín") == ["guayasamin"]
    assert tokens("The Procedures") == ["procedur"]


def test_stemming_brings_word_forms_together() -> None:
    assert stem("shared") == stem("share") == stem("sharing") == stem("shares")
    assert stem("centres") == stem("centre")
    assert stem("confiscating") == stem("confiscation") == stem("confiscated")
    assert stem("investigators") == stem("investigation")


def test_clean_query_drops_control_characters_and_folds_width() -> None:
    assert clean_query("\x00洗钱\u200b　ＡＢＣ\n") == "洗钱 ABC"


def test_question_frame_is_not_the_topic() -> None:
    assert "工作组" not in strip_question_frame("关于腐败，工作组提过哪些建议？")
    assert "腐败" in strip_question_frame("关于腐败，工作组提过哪些建议？")


def test_glossary_matches_phrases_before_words() -> None:
    terms = GLOSSARY.chinese_terms("Should smuggled migrants get temporary residence permits?")
    assert terms.index("被偷运移民") < terms.index("移民")
    assert "临时居住" in terms or "居留许可" in terms
    assert GLOSSARY.chinese_terms("the weather in Paris") == []
    # A platform named is social media in the documents' words.
    assert "社交媒体" in GLOSSARY.chinese_terms("smugglers advertising on Facebook")


def test_glossary_rejects_malformed_lines() -> None:
    try:
        Glossary.parse("smuggling 偷运")
    except ValueError as error:
        assert "line 1" in str(error)
    else:
        raise AssertionError("a line without a tab was accepted")


def test_every_glossary_term_is_in_the_corpus_or_a_name() -> None:
    # The glossary maps to the documents' own wording; a term they never use would only add noise.
    missing = {t for terms in GLOSSARY.entries.values() for t in terms if fold(layout_free(t)) not in CORPUS_FOLDED}
    assert not missing, sorted(missing)


def test_intent() -> None:
    assert question_intent("What did the working group recommend about hotlines?") == "recommendation"
    assert question_intent("阿根廷代表介绍了哪些做法？") == "discussion"
    assert question_intent("2030 Agenda") == "neutral"
    # When a meeting was held is in the 2020 report (7.p1 dates them all), not in that meeting's items.
    assert question_intent("when was the third meeting held") == "discussion"
    assert question_intent("第三次会议是什么时候召开的") == "discussion"
    assert question_intent("2030年可持续发展议程") == "neutral"


def test_candidate_names() -> None:
    assert candidate_names("《联合国反腐败公约》缔约国会议做出了哪些决定？") == ["联合国反腐败公约"]
    assert "UNHCR" in candidate_names("How many refugees did UNHCR register?")
    assert candidate_names("Did the group call for standard procedures?") == []


def test_language_detection() -> None:
    assert is_chinese("洗钱的上游犯罪") and not is_chinese("money laundering")
    assert is_chinese("COVID-19 期间的偷运移民路线")


def test_an_unknown_name_means_not_answerable() -> None:
    signals = measure(
        "《联合国反腐败公约》缔约国会议做出了哪些决定？",
        0.95,
        [CORPUS.get("4.1").text],  # type: ignore[union-attr]
        CORPUS_FOLDED,
        set(),
        GLOSSARY,
    )
    assert signals.unknown_names == ("联合国反腐败公约",)
    known = measure("What did the Ecuadorian expert say?", 0.9, [], CORPUS_FOLDED, set(), GLOSSARY)
    assert known.unknown_names == ()


def test_words_the_documents_never_use_are_counted() -> None:
    drones = measure("工作组有没有建议用无人机巡逻海岸？", 0.9, [], CORPUS_FOLDED, set(), GLOSSARY)
    assert "无人机" in drones.unknown_words and len(drones.asked) >= 2
    laundering = measure("洗钱的上游犯罪", 0.9, [], CORPUS_FOLDED, set(), GLOSSARY)
    assert laundering.unknown_words == ()
    english = measure("Did the group recommend blockchain ledgers?", 0.8, [], CORPUS_FOLDED, {"recommend"}, GLOSSARY)
    assert "blockchain" in english.unknown_words


def test_a_how_many_question_needs_a_number_in_its_answer() -> None:
    no_number = measure(
        "被偷运移民一般要向偷运者支付多少费用？",
        0.93,
        [CORPUS.get("1.7").text],  # type: ignore[union-attr]
        CORPUS_FOLDED,
        set(),
        GLOSSARY,
    )
    assert no_number.missing_answer_type
    with_number = measure(
        "How many delegates registered for the 2020 meeting?",
        0.8,
        [CORPUS.get("7.p17").text],
        CORPUS_FOLDED,
        set(),
        GLOSSARY,
    )  # type: ignore[union-attr]
    assert not with_number.missing_answer_type


def test_a_when_question_needs_a_date_in_its_answer() -> None:
    dated = measure(
        "工作组第四次会议是什么时候开的？",
        0.9,
        [CORPUS.get("7.p1").text],  # type: ignore[union-attr]
        CORPUS_FOLDED,
        set(),
        GLOSSARY,
    )
    assert not dated.missing_answer_type
    undated = measure(
        "When did states ratify it?",
        0.9,
        [CORPUS.get("1.1").text],  # type: ignore[union-attr]
        CORPUS_FOLDED,
        set(),
        GLOSSARY,
    )
    assert undated.missing_answer_type
