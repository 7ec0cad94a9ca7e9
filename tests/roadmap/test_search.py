"""The search index on its own: words and stems, ranking, matching rules and snippets.

These tests use no database: roadmap.search.text, .index and .snippets are pure Python.
"""

from __future__ import annotations

import pickle

from roadmap.search.index import Document, Index
from roadmap.search.snippets import ELLIPSIS, snippet
from roadmap.search.text import terms


def doc(title: str, body: str = "", kind: str = "indicator", **kwargs) -> Document:
    fields = (("title", title), ("body", body), *kwargs.pop("fields", ()))
    return Document(kind=kind, title=title, url=f"/{title[:10]}/", fields=fields, **kwargs)


def titles(results) -> list[str]:
    return [hit.document.title for hit in results.hits]


def marked(segments) -> list[str]:
    return [text for text, is_match in segments if is_match]


# --- Words and stems --------------------------------------------------------------------------


def test_every_form_of_a_word_has_the_same_term():
    assert terms("extradite") == terms("extradition") == terms("extradited") == ["extradit"]
    assert terms("scams") == terms("scam")


def test_stop_words_are_left_out_and_case_and_accents_do_not_matter():
    assert terms("The State and its victims") == terms("state VICTIM")
    assert terms("Réfoulement") == terms("refoulement")


def test_indonesian_and_arabic_words_are_stemmed_too():
    assert terms("perdagangan memperdagangkan", "indonesian") == ["dagang", "dagang"]
    assert terms("الاتجار", "arabic") == terms("اتجار", "arabic")


# --- Matching and ranking ---------------------------------------------------------------------


def test_a_query_finds_every_form_of_its_words():
    index = Index([doc("Can the State extradite traffickers?"), doc("Extradition treaties")])
    assert titles(index.search("extradite")) == titles(index.search("extradition"))
    assert len(index.search("extraditing").hits) == 2


def test_a_word_in_the_question_counts_more_than_one_in_the_guidance():
    index = Index(
        [
            doc("Are migrants warned against fraud?", "Campaigns mention job scams."),
            doc("Are people forced to work in scam compounds identified as victims?"),
            doc("Is the national plan costed?"),
        ]
    )
    assert titles(index.search("scam"))[0].startswith("Are people forced")


def test_rare_words_weigh_more_than_common_ones():
    common = [doc(f"Victim support {n}") for n in range(5)]
    index = Index([*common, doc("Victim support and compensation"), doc("Compensation funds")])
    best = titles(index.search("victim compensation"))
    assert best == ["Victim support and compensation"]


def test_every_word_must_match_when_some_result_has_them_all():
    index = Index([doc("Compensation for victims"), doc("Compensation funds"), doc("Victims")])
    results = index.search("victims compensation")
    assert titles(results) == ["Compensation for victims"]
    assert results.complete


def test_when_nothing_has_every_word_the_best_partial_matches_are_shown_and_said_so():
    index = Index([doc("Compensation for victims"), doc("Compensation funds"), doc("Training")])
    results = index.search("compensation victims zanzibarian")
    assert not results.complete
    assert results.unknown == ("zanzibarian",)
    assert titles(results) == ["Compensation for victims", "Compensation funds"]


def test_only_stop_words_search_for_nothing():
    results = Index([doc("The plan")]).search("the of and")
    assert not results.searched
    assert results.hits == []


def test_a_code_finds_its_document_first_then_those_below_it():
    index = Index(
        [
            doc("Criminalisation", kind="section", code="POL.PROS.1"),
            doc("Does law criminalise?", code="POL.PROS.1.1"),
            doc("Mentions POL.PROS.1 in passing", code="POL.PROS.2.1"),
        ]
    )
    assert titles(index.search("pol.pros.1")) == ["Criminalisation", "Does law criminalise?"]
    assert titles(index.search("POL.PROS.1.1")) == ["Does law criminalise?"]


def test_a_dotted_word_that_is_no_code_is_searched_as_words():
    index = Index([doc("Training for UN.GIFT partners", code="POL.X.1")])
    assert len(index.search("UN.GIFT").hits) == 1


def test_a_common_name_finds_the_instrument_and_the_most_cited_comes_first():
    untoc = doc(
        "UNTOC",
        "The parent convention of the Palermo protocols.",
        kind="instrument",
        names=("UNTOC", "Palermo Convention"),
        fields=(("names", "Palermo Convention"),),
        boost=1.3,
    )
    protocol = doc(
        "Trafficking Protocol",
        "The first agreed definition of trafficking.",
        kind="instrument",
        names=("Trafficking Protocol", "Palermo Protocol"),
        fields=(("names", "Palermo Protocol"),),
        boost=1.4,
    )
    index = Index([untoc, protocol, doc("Which Palermo Protocol articles are in law?")])
    assert titles(index.search("Palermo"))[:2] == ["Trafficking Protocol", "UNTOC"]
    assert titles(index.search("Palermo Convention"))[0] == "UNTOC"


def test_results_are_limited_but_counted():
    index = Index([doc(f"Victim {n}") for n in range(60)])
    results = index.search("victim", limit=10)
    assert len(results.hits) == 10
    assert results.total == 60


def test_the_index_survives_pickling_for_the_cache():
    index = Index([doc("Can the State extradite traffickers?")])
    assert titles(pickle.loads(pickle.dumps(index)).search("extradition")) == titles(
        index.search("extradition")
    )


# --- Highlighting and snippets ----------------------------------------------------------------


def test_titles_and_snippets_mark_every_form_of_the_matched_words():
    index = Index([doc("Can the State extradite?", "Extradition treaties and extradited persons.")])
    hit = index.search("extradition").hits[0]
    assert marked(hit.title) == ["extradite"]
    assert marked(hit.snippet) == ["Extradition", "extradited"]
    assert "".join(text for text, _ in hit.snippet) == (
        "Extradition treaties and extradited persons."
    )


def test_a_snippet_is_cut_around_the_matches_with_ellipses():
    text = " ".join(f"word{n}" for n in range(100)) + " compensation " + "tail " * 50
    segments = snippet(text, frozenset(terms("compensation")))
    shown = "".join(t for t, _ in segments)
    assert segments[0] == (ELLIPSIS, False)
    assert segments[-1] == (ELLIPSIS, False)
    assert "word96" in shown
    assert "word10 " not in shown
    assert marked(segments) == ["compensation"]


def test_the_snippet_comes_from_the_field_with_the_most_matched_words():
    other_field = ("body", "Victims are referred to shelters.")
    index = Index([doc("Referral", "Shelters exist.", fields=(other_field,))])
    assert marked(index.search("victim shelter").hits[0].snippet) == ["Victims", "shelters"]


def test_segments_keep_markup_as_plain_text_for_the_template_to_escape():
    index = Index([doc("Plan", "<b>zebra</b> & <script>")])
    segments = index.search("zebra").hits[0].snippet
    assert segments == [("<b>", False), ("zebra", True), ("</b> & <script>", False)]


def test_a_match_early_in_the_text_shows_the_text_from_its_start():
    text = "The parent convention of the Palermo protocols " + "and more words " * 20
    segments = snippet(text, frozenset(terms("Palermo")))
    assert segments[0] == ("The parent convention of the ", False)
    assert segments[-1] == (ELLIPSIS, False)


# --- Languages (docs/translation.md, "Search in each language") -------------------------------


def test_indonesian_words_are_stemmed_and_its_function_words_left_out():
    forms = "perdagangan memperdagangkan diperdagangkan pedagang berdagang"
    assert set(terms(forms, "id")) == {"dagang"}
    assert terms(forms, "indonesian") == terms(forms, "id")  # Snowball's name works too
    assert terms("Apakah yang di dalam untuk", "en") == ["apakah", "yang", "di", "dalam", "untuk"]
    assert terms("Apakah yang di dalam untuk", "id") == []


def test_an_indonesian_index_finds_every_form_and_english_originals_too():
    question = "Apakah perdagangan orang dipidana?"
    translated = doc(question, fields=(("title.en", "Is trafficking in persons a crime?", "en"),))
    fallback = Document(
        kind="indicator",
        title="Is forced labour a crime?",
        url="/labour/",
        fields=(("title", "Is forced labour a crime?", "en"), ("body", "ILO C29.", "en")),
        title_language="en",
    )
    index = Index([translated, fallback], "id")
    assert titles(index.search("memperdagangkan")) == [question]
    assert titles(index.search("diperdagangkan orang")) == [question]
    assert titles(index.search("trafficking")) == [question]  # its English original
    assert titles(index.search("labour")) == [fallback.title]  # not translated: English
    assert index.search("in di yang").searched is False  # stop words of either language
    hit = index.search("memperdagangkan").hits[0]
    assert marked(hit.title) == ["perdagangan"]
    assert not hit.title_in_english
    assert index.search("labour").hits[0].title_in_english  # the page marks it lang="en"


def test_thai_is_searched_by_pairs_of_letters_so_any_part_of_a_word_finds_it():
    law = "รัฐมีกฎหมายต่อต้านการค้ามนุษย์หรือไม่"  # no spaces between the words
    plan = "มีแผนปฏิบัติการระดับชาติหรือไม่"
    index = Index([doc(law), doc(plan)], "th")
    assert titles(index.search("ค้ามนุษย์")) == [law]
    assert titles(index.search("การค้ามนุษย์ กฎหมาย")) == [law]
    assert titles(index.search("แผนปฏิบัติ")) == [plan]
    hit = index.search("ค้ามนุษย์").hits[0]
    assert marked(hit.title) == ["ค้ามนุษย์"]  # one mark over the matched part of the run
    assert not index.search("ค้ามนุษย์ทางทะเล").complete  # only some of the pairs are there


def test_vietnamese_is_found_without_its_tone_marks_and_without_stemming():
    text = "Buôn bán người có bị coi là tội phạm không?"
    index = Index([doc(text), doc("Đường dây nóng")], "vi")
    assert titles(index.search("buon ban nguoi")) == [text]
    assert titles(index.search("BUÔN BÁN")) == [text]
    assert titles(index.search("duong day")) == ["Đường dây nóng"]  # đ folds to d
    assert marked(index.search("nguoi").hits[0].title) == ["người"]
    assert terms("người", "vi") == ["nguoi"]


def test_words_are_not_cut_at_combining_marks():
    assert terms("Re\u0301foulement") == terms("refoulement")  # é typed as e + accent
    assert terms("الاتِّجار", "ar") == terms("الاتجار", "ar")  # with and without a shadda
    assert len(terms("تجريم الاتِّجار بالبشر", "ar")) == 3


def test_text_of_unknown_language_is_read_in_each_language_of_the_index():
    entry = doc("Entry", fields=(("body", "Undang-undang memperdagangkan orang", "*"),))
    index = Index([entry], "id")
    assert titles(index.search("perdagangan")) == ["Entry"]
    assert marked(index.search("perdagangan").hits[0].snippet) == ["memperdagangkan"]
    assert titles(Index([entry], "en").search("perdagangan")) == []  # English reads it as is
