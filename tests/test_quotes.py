"""Quote extraction and speaker attribution (marsad.quotes) on the seeds and small fixtures."""

from __future__ import annotations

import argparse
import json

import pytest

from marsad.entities import annotate_entities
from marsad.model import ENTITY, QUOTE, Article, Span
from marsad.quotes import annotate_quotes, find_quotes, merge_quotes
from marsad.quotes.direct import mask_apostrophe_quotes, pair_quotes
from marsad.quotes.lexicon import classes, verbs
from marsad.quotes.speakers import is_person
from marsad.text import annotate_text
from marsad.text.normalize import normalize


def _art(text: str, id_: str = "t") -> Article:
    """An article as the pipeline hands it to the quote stage (sentences and entities)."""
    return annotate_entities(annotate_text(Article(id=id_, raw=text, text=text)))


def _quotes(text: str) -> list[tuple[str, str, str | None]]:
    """(type, content, speaker) for every quote found in `text`."""
    return [
        (s.attrs["type"], text[s.start : s.end], s.attrs["speaker"])
        for s in find_quotes(_art(text))
    ]


def _find(qs, needle: str):
    hits = [q for q in qs if needle in q[1]]
    assert hits, f"no quote containing {needle!r} in {qs}"
    return hits[0]


@pytest.fixture(scope="module")
def seed_quotes(seed_texts):
    out = {}
    for name, text in seed_texts.items():
        spans = find_quotes(_art(text, name))
        out[name[:3]] = (text, spans)
    return out


def _seed(seed_quotes, key: str, needle: str) -> Span:
    text, spans = seed_quotes[key]
    hits = [s for s in spans if needle in text[s.start : s.end]]
    assert hits, f"seed {key}: no quote containing {needle!r}"
    return hits[0]


# --- seeds: every direct quote with an identifiable speaker -------------------------------


@pytest.mark.parametrize(
    "key,needle,speaker",
    [
        ("000", "تهدف أذربيجان إلى إعادة الإدماج", "حكمت حاجييف"),
        ("000", "سيتم توفير ممر آمن", "حكمت حاجييف"),  # وقال “…” with no subject
        ("000", "كل الخطوات في الميدان", "حكمت حاجييف"),  # participle مشددا على أن
        ("000", "نعتقد أن جلسة كهذه", "حاجييف"),
        ("000", "جلسة كهذه ليست ضرورية", "حاجييف"),
        ("000", "أجريت اتصالا هاتفيا", "ميشال"),  # وكتب ميشال
        ("001", "المفاوضات جارية مع الجانب", "الانفصاليون"),
        ("001", "سنحول ناجورنو كاراباخ إلى فردوس", "علييف"),
        ("001", "إذا تدهور الوضع", "باشينيان"),
        ("002", "الإدارة الرئاسية دعت مراراً", "علييف"),
        ("002", "إجراءات مكافحة الإرهاب سيتم تعليقها", "علييف"),
        ("002", "استولت وحدات القوات المسلحة", "أنار إيفازوف"),
        ("002", "طوال الليلة الماضية", "المكتب الصحافي للادعاء العام"),
        ("002", "فيما يتعلق بالتصعيد الحاد", "الخارجية الروسية"),
        ("002", "السبيل الوحيد للسلام", "الخارجية الأذربيجانية"),
        ("003", "جميع الأعضاء شددوا", "دبلوماسي في هيئة الأمم المتحدة"),
        ("004", "يبدأ وقف إطلاق النار الساعة", "الدفاع الأذرية"),  # وتابعت
    ],
)
def test_seed_direct_quotes_and_speakers(seed_quotes, key, needle, speaker):
    sp = _seed(seed_quotes, key, needle)
    assert sp.attrs["type"] == "direct"
    assert speaker in sp.attrs["speaker"]
    text = seed_quotes[key][0]
    # the speaker offsets point at the name in the article
    assert speaker in text[sp.attrs["speaker_start"] : sp.attrs["speaker_end"]]


def test_seed_description_resolves_to_named_official(seed_quotes):
    sp = _seed(seed_quotes, "000", "توفر بلاده ممرا")
    assert sp.attrs["type"] == "indirect"
    assert sp.attrs["speaker"] == "حكمت حاجييف"
    assert sp.attrs["speaker_mention"] == "المسؤول الأذري"
    text = seed_quotes["000"][0]
    # resolved to a mention in an earlier sentence
    assert sp.attrs["speaker_start"] < text.index("وتعهّد المسؤول")


def test_seed_multi_sentence_quote_kept_whole(seed_quotes):
    sp = _seed(seed_quotes, "000", "أجريت اتصالا هاتفيا")
    text = seed_quotes["000"][0]
    assert text[sp.start : sp.end].endswith("يجب ضمان حقوقهم الإنسانية وسلامتهم")
    sp = _seed(seed_quotes, "002", "طوال الليلة الماضية")
    assert text is not None and "رفع قضية جنائية" in seed_quotes["002"][0][sp.start : sp.end]


def test_seed_statement_resolves_through_bayan(seed_quotes):
    sp = _seed(seed_quotes, "001", "الطرفين يناقشان")
    assert sp.attrs["type"] == "indirect"
    assert sp.attrs["speaker"] == "الانفصاليون"
    assert sp.attrs["speaker_mention"] == "البيان"


@pytest.mark.parametrize(
    "key,term",
    [
        ("000", "آمنا"),
        ("000", "تطبيع"),
        ("000", "غير شرعية"),
        ("000", "الفورية"),
        ("001", "إجراءات"),
        ("002", "لمكافحة الإرهاب"),
        ("002", "أهدافاً عسكرية مشروعة"),
        ("004", "مكافحة الإرهاب"),
    ],
)
def test_seed_scare_quotes_are_partial(seed_quotes, key, term):
    text, spans = seed_quotes[key]
    hits = [s for s in spans if text[s.start : s.end] == term]
    assert hits and all(s.attrs["type"] == "partial" for s in hits)


def test_seed_partial_attributed_to_sentence_speaker(seed_quotes):
    text, spans = seed_quotes["000"]
    amin = [s for s in spans if text[s.start : s.end] == "آمنا"][0]
    assert amin.attrs["speaker"] == "حكمت حاجييف"
    fawr = [s for s in spans if text[s.start : s.end] == "الفورية"][0]
    assert fawr.attrs["speaker"] == "ميشال"
    # "وأطلقت أذربيجان … عملية … بهدف ما سمته “مكافحة الإرهاب”": the term is Azerbaijan's,
    # not that of باشينيان, who spoke in the sentence before
    text, spans = seed_quotes["004"]
    term = [s for s in spans if text[s.start : s.end] == "مكافحة الإرهاب"][0]
    assert term.attrs["speaker"] == "أذربيجان"


def test_a_term_in_the_outlets_own_sentence_is_not_the_last_speakers():
    text = (
        "وقال الوزير سامي حداد إن المفاوضات مستمرة . "
        'وشهدت العاصمة أمس مظاهرات رفعت شعارات " الخبز والحرية " في الساحات .'
    )
    assert ("partial", "الخبز والحرية", None) in _quotes(text)
    text = (
        "وقال رئيس الوزراء سامي حداد إن المفاوضات مستمرة . "
        'ويرغب سامي حداد في اعتماد دستور " يتكيف مع العصر " قبل نهاية العام .'
    )
    assert _find(_quotes(text), "يتكيف")[2] == "رئيس الوزراء سامي حداد"  # named again


def test_seed_indirect_speech(seed_quotes):
    sp = _seed(seed_quotes, "001", "باكو تعتزم إصدار عفو")
    assert sp.attrs["type"] == "indirect" and "حكمت حاجييف" in sp.attrs["speaker"]
    sp = _seed(seed_quotes, "001", "هذا قد لا يكون ممكنا")  # ولكنه أوضح … أن
    assert "باشينيان" in sp.attrs["speaker"]
    sp = _seed(seed_quotes, "004", "بلاده على اتصال وثيق")  # وقال “بوتين” إن
    assert sp.attrs["speaker"] == "بوتين"


def test_seed_quoted_names_are_not_quotes(seed_quotes):
    text, spans = seed_quotes["004"]
    assert not [s for s in spans if text[s.start : s.end] in ("بوتين", "قره باغ", "باشينيان")]


def test_seed_offsets_and_attrs(seed_quotes):
    for text, spans in seed_quotes.values():
        for sp in spans:
            assert 0 <= sp.start < sp.end <= len(text)
            assert sp.label == QUOTE
            a = sp.attrs
            assert a["type"] in ("direct", "indirect", "partial")
            assert text[sp.start] not in ' “”«»"'
            if a["speaker"] is not None:
                assert text[a["speaker_start"] : a["speaker_end"]] == a["speaker"]
            if a["verb"] is not None:
                assert text[a["verb_start"] : a["verb_end"]] == a["verb"]


# --- quote styles and frames (own fixtures) -------------------------------------------------

STYLES = {
    "curly": "وقال الوزير أحمد سالم: “لن نتراجع عن هذا القرار أبدا”.",
    "reversed": "وقال الوزير أحمد سالم: ”لن نتراجع عن هذا القرار أبدا“.",
    "closing-pair": "وقال الوزير أحمد سالم ”لن نتراجع عن هذا القرار أبدا”.",
    "guillemets": "وقال الوزير أحمد سالم: «لن نتراجع عن هذا القرار أبدا».",
    "straight": 'وقال الوزير أحمد سالم: "لن نتراجع عن هذا القرار أبدا".',
    "low-high": "وقال الوزير أحمد سالم: „لن نتراجع عن هذا القرار أبدا“.",
    "spaced": 'وقال الوزير أحمد سالم : " لن نتراجع عن هذا القرار أبدا " .',
}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_quote_styles(style):
    qs = _quotes(STYLES[style])
    assert len(qs) == 1, qs
    qtype, content, speaker = qs[0]
    assert qtype == "direct"
    assert content == "لن نتراجع عن هذا القرار أبدا"
    assert speaker == "الوزير أحمد سالم"


def test_unbalanced_quote_stops_at_sentence_end():
    text = "وقالت الناطقة باسم الحكومة سلمى حداد: «نحن مستعدون للحوار. وأضاف مراسلنا أن الجو هادئ."
    qs = _quotes(text)
    d = _find(qs, "نحن مستعدون")
    assert d[0] == "direct" and "مراسلنا" not in d[1]
    assert d[2] == "الناطقة باسم الحكومة سلمى حداد"


def test_quote_across_sentences_and_after_verb():
    text = (
        "“لن نسمح بتكرار ما حدث. وسنحاسب كل المسؤولين عن الهجوم”، قال وزير الداخلية كريم نصار "
        "للصحفيين."
    )
    qs = _quotes(text)
    d = _find(qs, "لن نسمح")
    assert d[0] == "direct"
    assert d[1].endswith("المسؤولين عن الهجوم")
    assert d[2] == "وزير الداخلية كريم نصار"


def test_no_subject_and_participles_continue_the_speaker():
    text = (
        "وقال رئيس البلدية سمير خوري إن الطرق ستفتح غدا. "
        "وأضاف: “لدينا فرق تعمل ليلا ونهارا”. "
        "وتابع “سنعوض المتضررين” مؤكدا أن “الدولة لن تتخلى عن أحد”."
    )
    qs = _quotes(text)
    assert _find(qs, "الطرق ستفتح غدا")[0] == "indirect"
    for needle in ("الطرق ستفتح", "لدينا فرق", "سنعوض المتضررين", "الدولة لن تتخلى"):
        assert _find(qs, needle)[2] == "رئيس البلدية سمير خوري"
    assert _find(qs, "لدينا فرق")[0] == "direct"


def test_feminine_plural_present_and_prefixes():
    text = (
        "وأكدت وزيرة الصحة ليلى عمران أن المستشفيات جاهزة. "
        "فقالت: “لا داعي للقلق”. "
        "ويقول مسؤولون محليون إن المياه عادت إلى الأحياء. "
        "وأوضحوا أن الإصلاحات انتهت."
    )
    qs = _quotes(text)
    assert _find(qs, "المستشفيات جاهزة")[2] == "وزيرة الصحة ليلى عمران"
    assert _find(qs, "لا داعي للقلق")[2] == "وزيرة الصحة ليلى عمران"
    assert _find(qs, "المياه عادت")[2] == "مسؤولون محليون"
    assert _find(qs, "الإصلاحات انتهت")[2] == "مسؤولون محليون"


def test_organisation_speaker_and_source_cues():
    text = (
        "وقالت وزارة الخارجية الفرنسية في بيان: “ندين هذا الاعتداء بشدة”. "
        "وبحسب البيان، فإن السفير استدعي للتشاور. "
        "ووفقا لمصادر أمنية، فإن المهاجمين فروا نحو الحدود. "
        "ونقلت وكالة الأنباء الرسمية عن مصدر عسكري أن الوضع تحت السيطرة."
    )
    qs = _quotes(text)
    assert _find(qs, "ندين هذا الاعتداء")[2] == "وزارة الخارجية الفرنسية"
    bayan = _find(qs, "السفير استدعي")
    assert bayan[0] == "indirect" and bayan[2] == "وزارة الخارجية الفرنسية"
    assert _find(qs, "المهاجمين فروا")[2] == "مصادر أمنية"
    assert _find(qs, "الوضع تحت السيطرة")[2] == "مصدر عسكري"


def test_description_refers_back_to_named_person():
    text = (
        "قال وزير الطاقة خالد المنصوري إن الأسعار ستنخفض. "
        "وفي سياق آخر، ارتفعت الأسهم في البورصة. "
        "وأشار الوزير السعودي إلى أن الإنتاج سيرتفع."
    )
    qs = _quotes(text)
    assert _find(qs, "الإنتاج سيرتفع")[2] == "وزير الطاقة خالد المنصوري"


def test_scare_quotes_are_partial_never_statements():
    text = (
        "ووصف الرئيس المعارضة بأنها “غير مسؤولة”. "
        "وتواصل القوات ما تسميه “عمليات تطهير” في المنطقة. "
        "وقالت صحيفة “الوطن” إن الحكومة ستستقيل."
    )
    qs = _quotes(text)
    assert _find(qs, "غير مسؤولة")[0] == "partial"
    assert _find(qs, "عمليات تطهير")[0] == "partial"
    assert not [q for q in qs if q[1] == "الوطن"]  # a newspaper's name, not words
    assert all(q[0] != "direct" for q in qs if len(q[1].split()) <= 3)


def test_narrator_formulas_are_not_quotes():
    text = "يذكر أن المدينة شهدت احتجاجات مماثلة العام الماضي. ويشار إلى أن الطقس كان باردا."
    assert _quotes(text) == []


def test_entity_layer_sets_speaker_entity_id():
    text = "وقال وزير الخارجية يوسف العلي: “نرحب بالاتفاق”. وأضاف أن التنفيذ يبدأ غدا."
    art = _art(text)
    s = text.index("يوسف العلي")
    art.set_layer(
        ENTITY,
        [Span(s, s + len("يوسف العلي"), "PERS", {"entity_id": "P42"})],
    )
    spans = find_quotes(art)
    assert spans and all(sp.attrs["speaker_entity_id"] == "P42" for sp in spans)
    # without entities the id stays None and the surface speaker is kept
    plain = find_quotes(_art(text))
    assert all(sp.attrs["speaker_entity_id"] is None for sp in plain)
    assert plain[0].attrs["speaker"] == "وزير الخارجية يوسف العلي"


def test_annotate_quotes_sets_layer(seed_texts):
    text = next(iter(seed_texts.values()))
    art = annotate_quotes(_art(text))
    assert art.layers[QUOTE] == find_quotes(_art(text))
    assert art.text == text  # the text is never rewritten


def test_pair_quotes_nested_and_glued():
    text = 'قال: "حظيت "الشركة" بجائزة" ثم أضاف بـ”تسليم السلاح” و”تطبيع”.'
    qs = [(text[q.start : q.end], q.depth) for q in pair_quotes(text)]
    assert ('حظيت "الشركة" بجائزة', 0) in qs
    assert ("الشركة", 1) in qs
    assert ("تسليم السلاح", 0) in qs and ("تطبيع", 0) in qs


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n ",
        "The minister said: “we will not back down”.",
        "“" * 50 + "»" * 50,
        "قال",
        "وقال:",
        "وقال “",
        "قال إن",
        "بحسب",
        'وقال "Nous" إن 123 “ok',
        "مشددا على أن «",
    ],
)
def test_bad_input_never_crashes(text):
    spans = find_quotes(_art(text))
    for sp in spans:
        assert 0 <= sp.start <= sp.end <= len(text)


def test_huge_input_is_fast_and_bounded(seed_texts):
    import time

    text = "\n".join(seed_texts.values()) * 40  # ~1 MB of characters
    article = _art(text)  # the earlier stages are not what is timed here
    t0 = time.perf_counter()
    spans = find_quotes(article)
    assert time.perf_counter() - t0 < 10
    assert len(spans) > 100


# --- merging across outlets -------------------------------------------------------------------


def test_merge_quotes_across_outlets():
    a = _art("وقال الرئيس: “سنحول ناجورنو كاراباخ إلى فردوس”.", "a")
    b = _art("وأضاف علييف: «سنحول ناجورنو كاراباخ إلى فردوس» في أذربيجان.", "b")
    c = _art("وقال الوزير: “الوضع مستقر تماما في العاصمة”.", "c")
    d = _art("وقالت الوزارة إن المستشفيات “آمنة”. وقال المدير إن الطرق “آمنة”.", "d")
    items = [(art, sp) for art in (a, b, c, d) for sp in find_quotes(art)]
    groups = merge_quotes(items)
    top = groups[0]
    assert top["n_sources"] == 2
    assert {s["article_id"] for s in top["sources"]} == {"a", "b"}
    assert top["type"] == "direct"
    # two partial "آمنة" from different speakers stay apart
    amina = [g for g in groups if g["text"] == "آمنة"]
    assert len(amina) == 2
    assert merge_quotes([]) == []


# --- data and evaluation --------------------------------------------------------------------


def test_data_files_have_headers_and_forms():
    from importlib.resources import files

    for parts in (("reporting_verbs.tsv",), ("quotes", "lexicon.tsv"), ("gold", "quotes.jsonl")):
        first = files("marsad").joinpath("data", *parts).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#")
    v = verbs()
    for form in ("قال", "قالت", "قالوا", "يقول", "مؤكدا", "مشددا", "موضحا", "معربا", "مضيفا"):
        assert any(x.form == form for x in v.values()), form
    assert {"participle", "past", "present"} <= {x.kind for x in v.values()}
    assert "complementizer" in classes()["ان"]


def test_eval_runs_on_gold(capsys):
    from marsad.eval import quotes as ev

    parser = argparse.ArgumentParser()
    ev.add_arguments(parser)
    assert ev.run(parser.parse_args(["--json"])) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["gold"]["quotes"] >= 60
    for key in ("span_overlap", "span_exact", "speaker"):
        for m in ("precision", "recall"):
            assert 0.0 <= report[key][m] <= 1.0
    # the EMM-style baseline runs in the same command, and Marsad's speakers beat it
    base = report["baseline"]
    assert 0.0 < base["speaker"]["f1"] < report["speaker"]["f1"]
    # the metric itself: a perfect prediction scores 1, an empty one 0
    item = ev.load_gold()[0]
    g = item["quotes"][0]
    pred = Span(g["start"], g["end"], QUOTE, {"speaker": g["speaker"], "speaker_start": None})
    pred.attrs["speaker_end"] = None
    assert ev.speaker_ok(pred, g, item["text"])
    pred.attrs["speaker"] = "شخص آخر"
    assert not ev.speaker_ok(pred, g, item["text"])


# --- frames fixed after the first held-out run (own sentences, not from the held-out set) ---


def test_amma_fa_subject():
    text = (
        "وقال وزير الاقتصاد نبيل سعد إن النمو سيتسارع. "
        "أما رئيس البنك المركزي هشام عادل فقال إن التضخم ما زال مرتفعا."
    )
    assert _find(_quotes(text), "التضخم ما زال")[2] == "رئيس البنك المركزي هشام عادل"


def test_fronted_adverbials_are_not_subjects():
    text = (
        "وفي القاهرة قال المتحدث باسم الوزارة أيمن فؤاد إن المفاوضات ستستأنف. "
        "وفيما يتعلق بالحدود قال أيمن فؤاد إن المعبر سيفتح."
    )
    qs = _quotes(text)
    assert _find(qs, "المفاوضات ستستأنف")[2] == "المتحدث باسم الوزارة أيمن فؤاد"
    assert _find(qs, "المعبر سيفتح")[2] == "أيمن فؤاد"


def test_preposition_pronoun_is_not_a_speaker():
    text = (
        "وقال المبعوث الأممي جون سميث إن الحوار مستمر. "
        "وألقى كلمة أكد فيها أن الحل سياسي. "
        "كما أكد له “أن الأمم المتحدة ستواصل دعم الحوار الوطني”."
    )
    qs = _quotes(text)
    assert _find(qs, "الحل سياسي")[2] == "المبعوث الأممي جون سميث"
    assert _find(qs, "ستواصل دعم الحوار")[2] == "المبعوث الأممي جون سميث"


def test_short_quote_after_subject_is_a_term_not_a_statement():
    text = 'وأكد المصدر حرص الوزارة "المستمر" على ضبط الإنفاق.'
    qs = _quotes(text)
    assert _find(qs, "المستمر")[0] == "partial"


def test_amounts_to_is_not_speech():
    text = (
        "وقال مدير الشركة رامي نجم إن المبيعات ارتفعت، في حين يبلغ عدد الموظفين ألف موظف. "
        "وأكد أن الأرباح ستوزع."
    )
    assert _find(_quotes(text), "الأرباح ستوزع")[2] == "مدير الشركة رامي نجم"


def test_ambiguous_verb_after_subordinator():
    text = "وقال الرئيس الأميركي إن الخطة جيدة. لكنه عبر عن أمله في أن تكون المدة “قصيرة”."
    spans = find_quotes(_art(text))
    hit = [s for s in spans if text[s.start : s.end].startswith("تكون المدة")]
    assert hit and hit[0].attrs["verb"] == "عبر"
    assert hit[0].attrs["speaker"] == "الرئيس الأميركي"
    assert find_quotes(_art("ووصل الوفد عبر منصات التواصل إلى أن الحل قريب.")) == []


def test_verb_gender_picks_the_speaker_back():
    text = (
        "وقالت وزيرة الخارجية هند سالم إن المحادثات مثمرة. "
        "وقال الناطق باسمها أحمد علي إن الجولة المقبلة في عمّان. "
        "وأضافت أن الاتفاق بات قريبا."
    )
    qs = _quotes(text)
    assert _find(qs, "الجولة المقبلة")[2] == "الناطق باسمها أحمد علي"
    assert _find(qs, "الاتفاق بات قريبا")[2] == "وزيرة الخارجية هند سالم"


def test_quoted_name_after_title_is_never_a_statement():
    text = "والتقى الرئيس وزير الخارجية الصيني “وانغ يي” وقال إن “العلاقات ممتازة وستتطور أكثر”."
    qs = _quotes(text)
    assert all(q[0] == "partial" for q in qs if q[1] == "وانغ يي")
    assert _find(qs, "العلاقات ممتازة")[0] == "direct"
    text = "واعتبر النائب أن قرار الوزير “غير مدروس” وأن منصب رئيس الجمهورية “شرفي”."
    assert {q[1] for q in _quotes(text) if q[0] == "partial"} == {"غير مدروس", "شرفي"}


def test_unquoted_speech_after_colon():
    text = "وقال المدرب فادي حنا : المباراة كانت صعبة جدا على اللاعبين ، لكننا فزنا ."
    qs = _quotes(text)
    d = _find(qs, "المباراة كانت صعبة")
    assert d[0] == "direct" and d[2] == "المدرب فادي حنا"
    assert d[1].endswith("لكننا فزنا")


def test_headline_speaker_colon_statement(seed_quotes):
    sp = _seed(seed_quotes, "002", "سننهي عملية كاراباخ")
    assert sp.attrs["type"] == "direct" and sp.attrs["speaker"] == "رئيس أذربيجان"
    # a dateline is not a speaker
    text = (
        "دبي: أعلنت الشركة عن أرباح قياسية هذا العام.\nباكو – (وكالات): قال الوزير إن الهدنة صامدة."
    )
    qs = _quotes(text)
    assert all(q[2] not in ("دبي", "باكو") for q in qs)
    assert _find(qs, "الهدنة صامدة")[2] == "الوزير"


# --- speaker rules of issue #4 (own sentences in newswire style, none from a gold set) --------


def test_amma_frame_with_fa_particle_and_apposition():
    text = (
        "وقال وزير الاقتصاد نبيل سعد إن النمو سيتسارع. "
        "أما الوزيرة سارة خليل ، وهي من مدينة حلب ، التي تولت منصبها قبل عامين ، "
        'فقد قالت إن الخطة ستنجح. وقالت : " سنبدأ التنفيذ الشهر المقبل " .'
    )
    qs = _quotes(text)
    assert _find(qs, "الخطة ستنجح")[2] == "الوزيرة سارة خليل"
    assert _find(qs, "سنبدأ التنفيذ")[2] == "الوزيرة سارة خليل"


def test_framed_subject_wins_over_object_after_verb():
    text = (
        "أما وزير الداخلية سعيد محمود فهدد باتخاذ إجراءات صارمة ضد المخالفين ، "
        "قائلا إن القانون فوق الجميع ."
    )
    assert _find(_quotes(text), "القانون فوق الجميع")[2] == "وزير الداخلية سعيد محمود"


def test_object_after_subject_is_not_part_of_speaker():
    qs = _quotes('وأكدت المصادر حرص الحكومة "الثابت" على الحوار مع المعارضة.')
    assert _find(qs, "الثابت")[2] == "المصادر"
    qs = _quotes("وتعهد زعيم الحزب محمد سالم باستمرار الاحتجاجات ، مؤكدا أن الحركة لن تتراجع .")
    assert _find(qs, "الحركة لن تتراجع")[2] == "زعيم الحزب محمد سالم"
    # a name that starts with ب is not a بـ object
    qs = _quotes("وطالب الرئيس بشار الأسد بتشكيل حكومة جديدة ، مؤكدا أن الحوار مستمر .")
    assert _find(qs, "الحوار مستمر")[2] == "الرئيس بشار الأسد"
    qs = _quotes("وأبدت قوى أخرى معارضتها خشية اتساع العنف ، مؤكدة أن المسلحين ينشطون في المنطقة .")
    assert "معارضتها" not in (_find(qs, "المسلحين ينشطون")[2] or "")


def test_adverbial_and_main_clause_an_are_not_content():
    qs = _quotes("وأضاف الوزير ، بعد أن التقى نظيره الفرنسي ، إن المحادثات كانت مثمرة .")
    d = _find(qs, "المحادثات كانت مثمرة")
    assert d[2] == "الوزير" and "التقى" not in d[1]
    qs = _quotes("وفيما يرى بعض المراقبين ضرورة التأجيل فإن الحكومة تصر على الموعد .")
    assert not [q for q in qs if "الحكومة تصر" in q[1]]
    # a call ("ضرورة أن"), an idea rejected ("فكرة أن"), "عقب أن", "إلا أن": no statement
    assert _quotes("وشدد الوزير على ضرورة أن تقدم الجامعات منحا للطلاب .") == []
    assert _quotes("ورفض المخرج فكرة أن الأفلام يجب أن تنافس على الجوائز .") == []
    assert _quotes("ويتابع رجل الأعمال أعماله عقب أن وحد شركاته في مجموعة واحدة .") == []
    assert _quotes("وأكد المدير انشغاله بالمشروعين في آن واحد ، كما أن الظروف صعبة .") == []


def test_byline_before_a_colon_is_no_speaker():
    text = "سامر ناجي : أعلن وزير الصحة خالد مراد عن خطة جديدة لعلاج الأمراض المزمنة ."
    assert _quotes(text) == []  # the report's own verb follows the colon


def test_ja_a_without_fi_and_a_complementiser_reports_nothing():
    text = "جاء ذلك في مؤتمر صحفي عقده الوزير أمس . وجاء الوفد إلى العاصمة أن يوقع الاتفاق ."
    assert _quotes(text) == []


def test_tanaqqul_movement_is_no_reporting_verb():
    text = "وشهدت السوق عودة المضاربات واكبها تنقل سريع للمتعاملين بين القطاعات ."
    assert not [q for q in _quotes(text + ' وكشفت " الوطنية للتأمين " عن بيع أسهمها .') if q[2]]


def test_verb_form_after_preposition_is_a_noun():
    qs = _quotes("وحث الوزير النواب على عدم رفض مشروع القانون الجديد إن هم أرادوا الإصلاح .")
    assert not [q for q in qs if q[2] and "مشروع" in q[2]]


def test_quantifier_is_no_speaker_and_conjunction_keeps_running_one():
    text = (
        "وقال الطبيب خالد حسن إن المستشفى استقبل القتلى . "
        "وأوضح أصيب نحو 30 شخصا بجروح ، مضيفا أن معظمهم غادروا المستشفى ."
    )
    assert _find(_quotes(text), "معظمهم غادروا")[2] == "الطبيب خالد حسن"
    assert all(q[2] != "بعض" for q in _quotes("ويرى بعض أن الانتخابات يجب أن تؤجل ."))


def test_indefinite_source_then_verb_is_a_relative_clause():
    qs = _quotes("وقال مسؤول في وزارة الداخلية رفض الكشف عن هويته إن المهاجمين فروا .")
    assert _find(qs, "المهاجمين فروا")[2] == "مسؤول في وزارة الداخلية"


def test_circumstantial_clause_about_the_speaker_is_not_content():
    qs = _quotes("وأضاف المتحدث ، وهو سياسي سبق أن اعتقل مرتين ، إن الحوار هو الحل .")
    d = _find(qs, "الحوار هو الحل")
    assert d[0] == "indirect" and "اعتقل" not in d[1] and d[2] == "المتحدث"


@pytest.mark.parametrize(
    "text",
    [
        'وانضمت جماعة إسلامية مسلحة " أنصار الحق " إلى التحالف الجديد .',
        'وقال الباحث إن " IntelCenter " رصدت الرسالة قبل نشرها .',
        'وحصلت الشركة على " جائزة الابتكار العربي " في دبي .',
        'ودخل اسمه موسوعة " غينيس " للأرقام القياسية .',
        'وقال المتحدث باسم " الحزب من أجل مجتمع ديمقراطي " إن الحزب يرحب بالدعوة .',
    ],
)
def test_quoted_names_are_not_partial_quotes(text):
    qs = _quotes(text)
    for name in ("أنصار الحق", "IntelCenter", "جائزة الابتكار", "غينيس", "الحزب من أجل"):
        assert not [q for q in qs if q[1].strip() == name or q[1].startswith(name)], qs


def test_name_apposed_to_a_description_speaks():
    qs = _quotes("قال عملاق صناعة السيارات الألماني ، هانز مولر ، إن المبيعات تراجعت .")
    assert _find(qs, "المبيعات تراجعت")[2] == "هانز مولر"
    s = [s for s in find_quotes(_art("قال رجل الأعمال المعروف ، سمير فهد إن السوق تعافت ."))]
    assert s[0].attrs["speaker"] == "سمير فهد"
    assert s[0].attrs["speaker_mention"] == "رجل الأعمال المعروف"


def test_description_never_resolves_to_an_unnamed_source():
    text = "وقال مصدر رسمي إن الوفد وصل إلى العاصمة . وصرح المسؤول بأن الزيارة ناجحة ."
    assert _find(_quotes(text), "الزيارة ناجحة")[2] == "المسؤول"


def test_new_reporting_verbs_and_plural_forms():
    qs = _quotes("ورجح الخبير سامي نور أن تستمر الأزمة أشهرا .")
    assert _find(qs, "تستمر الأزمة")[2] == "الخبير سامي نور"
    qs = _quotes("واستبعدت الوزيرة ليلى حسن أن تنسحب الحكومة من الاتفاق .")
    assert _find(qs, "تنسحب الحكومة")[2] == "الوزيرة ليلى حسن"
    qs = _quotes("وأقروا بأن الخطة تأخرت كثيرا .")
    assert _find(qs, "الخطة تأخرت")[0] == "indirect"


def test_eval_accepts_surface_mention_or_resolved_speaker():
    from marsad.eval import quotes as ev

    text = "وقال الوزير سامي نور إن الاتفاق قريب . وأضاف المسؤول أن الجولة المقبلة حاسمة ."
    gold = {"speaker": "المسؤول", "speaker_start": text.index("المسؤول"), "speaker_alts": []}
    gold["speaker_end"] = gold["speaker_start"] + len("المسؤول")
    sp = [s for s in find_quotes(_art(text)) if "الجولة" in text[s.start : s.end]][0]
    assert sp.attrs["speaker"] == "الوزير سامي نور"  # resolved
    assert ev.speaker_ok(sp, gold, text)  # through the surface mention
    sp.attrs["speaker_mention"] = None
    assert not ev.speaker_ok(sp, gold, text)


def test_new_reporting_clause_ends_reported_content():
    text = (
        "أعلن وزير الخارجية سامي نور أن الوضع يتطلب تدخلا دوليا لمواجهة الأزمة عموما "
        "ورجح الوزير أن يتم بحث الموضوع في مجلس الأمن ."
    )
    qs = _quotes(text)
    assert "ورجح" not in _find(qs, "الوضع يتطلب")[1]
    assert _find(qs, "يتم بحث الموضوع")[2] == "وزير الخارجية سامي نور"  # الوزير resolved
    text = "وأوضح المدير أن الدراسة لم تكتمل بعد ، لكنه أكد أنه سيتم عرضها على المستثمرين ."
    qs = _quotes(text)
    assert "لكنه" not in _find(qs, "الدراسة لم تكتمل")[1]
    assert _find(qs, "سيتم عرضها")[2] == "المدير"


def test_spaced_spelling_of_a_quoted_name_is_a_name():
    text = 'وفازت شركة "نوركس" بالجائزة ، ثم رشحت لجنة التحكيم حل " نور كس " للمرحلة التالية .'
    assert not [q for q in _quotes(text) if "نور كس" in q[1]]


def test_masculine_verb_with_feminine_noun_takes_it_as_object():
    text = (
        "وقال المتحدث باسم الحزب سامي نور إن الحزب يرحب بالمبادرة . "
        "ودعا السلطات إلى عدم تجاهلها ، معتبرا أنها فرصة للسلام ."
    )
    assert _find(_quotes(text), "فرصة للسلام")[2] == "المتحدث باسم الحزب سامي نور"
    # a feminine verb with the same noun: the noun speaks
    qs = _quotes("ودعت الحكومة إلى الهدوء ، معتبرة أن الأزمة عابرة .")
    assert _find(qs, "الأزمة عابرة")[2] == "الحكومة"


def test_speech_in_which_refers_back_to_its_maker():
    text = (
        "بينما كان الممثل سمير فهد نجم حركة التغيير الذي ألقى كلمة في الحضور "
        "أكد فيها أن الإصلاح بات ضرورة ."
    )
    assert "سمير فهد" in _find(_quotes(text), "الإصلاح بات")[2]
    text = (
        "وقال الخبير سامي نور إن الشريط حقيقي . وأشار نور إلى تصريح أدلى به "
        "لزعيم الحركة محمد بن سالم قبل عدة أعوام قال فيه إنه سيعود قريبا ."
    )
    assert _find(_quotes(text), "سيعود قريبا")[2] == "محمد بن سالم"


def test_participle_continues_the_subject_of_its_sentence():
    text = (
        "وقال الوزير سامي نور إن الوضع مستقر . "
        "وتبنى المتحدث باسم الحركة محمد حنيف في اتصال هاتفي الهجوم ، "
        "مشيرا إلى أنه رد على الاعتقالات ."
    )
    assert _find(_quotes(text), "رد على الاعتقالات")[2] == "المتحدث باسم الحركة محمد حنيف"


def test_verb_in_a_relative_clause_keeps_the_antecedent_speaking():
    text = (
        'كما قال الرئيس الإيراني الذي وصف الخطة العام الماضي بأنها " خطة فاشلة " ، '
        'أن بلاده تريد أن " يتم حل الأزمة " في المنطقة .'
    )
    qs = _quotes(text)
    assert _find(qs, "خطة فاشلة")[2] == "الرئيس الإيراني"


def test_kana_qad_drops_the_subject_and_impersonal_present_needs_a_source():
    text = (
        "وقال الرئيس سامي نور إن العقوبات ظالمة . وكان قد وجه رسالة إلى المستشارة الألمانية "
        "أنجيلا ميركل أشار فيها إلى أن بلاده ضحية ."
    )
    assert _find(_quotes(text), "بلاده ضحية")[2] == "الرئيس سامي نور"
    qs = _quotes("ويستبعد فرض حظر اقتصادي قد يطال القطاع النفطي الذي يقول خبراء إنه حيوي .")
    assert not [q for q in qs if q[2] and "فرض" in q[2]]
    qs = _quotes("ويتوقع محللون أن ترتفع الأسعار .")
    assert _find(qs, "ترتفع الأسعار")[2] == "محللون"


def test_because_is_not_reported_speech():
    qs = _quotes("إلا أن المتحف رفض طلب إعادتها في ذلك الوقت لأن العائلة لم تقدم سجلا .")
    assert not [q for q in qs if "العائلة لم تقدم" in q[1]]


def test_kana_frame_needs_a_bare_verb_and_title_idafa_is_kept():
    text = (
        "وأكدت الشرطة أن مكتب التحقيقات كان يحقق في اختطاف طائرتين قبل الهجوم ، "
        "وقالت مصادر إن الطائرتين أقلعتا من بوسطن ."
    )
    assert _find(_quotes(text), "أقلعتا من بوسطن")[2] == "مصادر"
    qs = _quotes("وقال وزير خارجيتها سيرغي لافروف إن الحوار وصل إلى طريق مسدود .")
    assert _find(qs, "طريق مسدود")[2] == "وزير خارجيتها سيرغي لافروف"


def test_modal_an_is_not_reported_content():
    qs = _quotes("وأقر المجلس أمس نشر قوات لحفظ السلام يمكن أن يصل عددها إلى 17 ألف جندي .")
    assert not [q for q in qs if "يصل عددها" in q[1]]


def test_passive_wusifa_has_no_speaker():
    text = (
        "وقال الوزير سامي نور إن التحقيق مستمر . وقتل 200 شخص في تفجيرات "
        'فيما وصفت بأنها " أسوأ هجمات " في البلاد .'
    )
    assert _find(_quotes(text), "أسوأ هجمات")[2] is None


def test_detached_wa_opens_a_fresh_subject_before_the_verb():
    qs = _quotes("انتقاد البابا و الظواهري اعتبر كلمة البابا إساءة بأنه دجال بسبب محاضرته .")
    assert _find(qs, "دجال بسبب")[2] == "الظواهري"


def test_circumstantial_clause_stops_at_the_content():
    qs = _quotes("وأفاد الأستاذ قو وهو أيضا مسلم من أصول عربية أن المتحف يضم 62 قطعة أثرية .")
    assert _find(qs, "المتحف يضم")[2] == "الأستاذ قو"


def test_entity_id_of_a_description_comes_from_the_resolved_name():
    text = (
        "قال عملاق صناعة البرمجيات ، بيل جيتس إن المرض يمكن هزيمته . "
        "وأضاف المسؤول أن التمويل سيزداد ."
    )
    art = _art(text)
    s = text.index("بيل جيتس")
    art.set_layer(ENTITY, [Span(s, s + len("بيل جيتس"), "PER", {"entity_id": "P7"})])
    spans = find_quotes(art)
    for needle in ("المرض يمكن", "التمويل سيزداد"):
        sp = [x for x in spans if needle in text[x.start : x.end]][0]
        assert sp.attrs["speaker"] == "بيل جيتس" and sp.attrs["speaker_entity_id"] == "P7"
        assert sp.attrs["speaker_mention"] != "بيل جيتس"  # the description as written


def test_speakerless_transliterated_name_in_quotes_is_no_partial():
    # magazine prose (ANERcorp-like): quoted foreign names, nobody speaking
    text = (
        'ويمكنك أيضا أن تأكل طعاما أبسط يسمى " كونجي " وهو عبارة عن بواقي الأرز . '
        'وفي عيد الملكة السماوية " تيني هاو " يسود إحساس بالروحانية .'
    )
    assert [q for q in _quotes(text) if q[0] == "partial"] == []


def test_speakerless_scare_quotes_of_arabic_words_stay_partial():
    text = (
        "تحت الاسم القديم الجديد «العالم الحر» والمسمى الجديد «العولمة» في نظام عالمي "
        "سمي «جديدا» وعوضا من تسمية « عدو من دون امتياز » للمقاتلين."
    )
    got = {q[1] for q in _quotes(text) if q[0] == "partial"}
    assert {"العالم الحر", "العولمة", "جديدا", "عدو من دون امتياز"} <= got


def test_quoted_number_or_date_is_no_partial():
    text = 'افتتح خط سكة حديد طوله " 700 كيلو متر " في مايو " 19 ـ 25 مايو 1998 " بحضور الرئيس.'
    assert _quotes(text) == []


def test_title_or_place_noun_before_quote_names_it():
    text = 'وقال المرشد إن الإمبراطور " هوسيايو " حكم طويلا وإن جبال " هزار مسجد " تحيط بالمدينة.'
    assert [q for q in _quotes(text) if q[0] == "partial"] == []


def test_reversed_guillemets_pair_the_other_way_round():
    text = "وحذر نجاد من ان هذه السياسة يمكنها التسبب في » أضرار دائمة « لعلاقته بالعالم الإسلامي ."
    qs = pair_quotes(text)
    assert [text[q.start : q.end] for q in qs] == ["أضرار دائمة"]
    # a normal text with one stray closing mark keeps its direction
    normal = "وقال « نعم » ثم مضى . » ، من أين"
    assert [normal[q.start : q.end] for q in pair_quotes(normal)] == ["نعم"]


def test_quoted_list_or_latin_acronym_is_no_statement():
    text = (
        'وتصدر المجلة بست لغات " العربية ، الفرنسية ، الانجليزية ، الألمانية ، الأردية ، '
        'الروسية " وهي عضو في منظمة " E . C . O " منذ سنوات .'
    )
    assert _quotes(text) == []


def test_fronted_subject_of_a_present_opinion_verb():
    qs = _quotes(
        "كما حصل تباعد واضح بين بعض الأنظمة العربية التي ترى أن السلام قد يكون مفيدا للعرب ."
    )
    assert _find(qs, "السلام قد يكون")[2] == "بعض الأنظمة العربية"
    qs = _quotes(
        "لكن المدير المسؤول عن صحيفة القدس لايزال يعتقد أن التلفزيون الإيراني مقبول بشكله الحالي ."
    )
    assert "صحيفة القدس" in _find(qs, "التلفزيون الإيراني")[2]
    # a bare يعتقد أن after a noun is the passive يُعتقد: nobody speaks
    assert _quotes("ومنهم متشددون إسلاميون يعتقد أنهم يقدمون معلومات مفيدة .") == []


def test_colon_then_inna_is_indirect_speech():
    qs = _quotes("وبينما قال حزب الله : إن العملية كانت فاشلة ، مضت القوات في طريقها .")
    assert _find(qs, "العملية كانت فاشلة")[0] == "indirect"
    assert _find(qs, "العملية كانت فاشلة")[2] == "حزب الله"


def test_wa_clause_after_the_addressee_is_no_subject():
    text = (
        "قالت لنا والحديث يدور حول التساؤلات التي تحوم فوق كل مظاهر الحياة : "
        '" لست متشائمة أبدا . لقد بدأنا من الصفر " .'
    )
    assert _find(_quotes(text), "لست متشائمة")[2] is None


def test_qad_makes_an_ambiguous_form_a_verb():
    text = (
        "وقال البروفيسور إن المتحف قديم . وقد شرح السيد قو المشروع الجديد , "
        "وقال إنه سوف يقام شرقي المتحف الحالي ."
    )
    # (the object after the name is still read into the subject: a known weakness)
    assert _find(_quotes(text), "سوف يقام")[2].startswith("السيد قو")


def test_definite_quantifier_takes_its_partitive():
    qs = _quotes("وقال العديد من المسؤولين إن الحرب انتهت .")
    assert _find(qs, "الحرب انتهت")[2] == "العديد من المسؤولين"


def test_ka_naming_noun_names_the_quote():
    text = 'وقال الكاتب إنه ألف كتابا وضع له كعنوان " مغرب الغد " قبل سنوات .'
    assert [q for q in _quotes(text) if q[0] == "partial"] == []


def test_name_given_with_atlaqa_ala_is_no_partial():
    text = 'وقررت الشركة أن تقيم منطقة حرة أطلقت عليها " منطقة سرخس التجارية الحرة " قبل عامين .'
    assert [q for q in _quotes(text) if q[0] == "partial"] == []
    # "ما يسمى" distances a term: still a partial
    text = "وأطاحت إسرائيل بما سمي « بوقف الاعمال الحربية » عندما نفذت الإنزال ."
    assert [q[1] for q in _quotes(text) if q[0] == "partial"] == ["بوقف الاعمال الحربية"]


def test_adjectival_participle_attributes_to_its_noun():
    qs = _quotes("إذ في هذه الفترة انتشرت النظرية القائلة بأن البربر ينحدرون من أصول أوربية .")
    assert _find(qs, "البربر ينحدرون")[2] == "النظرية"


def test_report_noun_with_a_genitive_speaker():
    qs = _quotes("وتضمن بلاغ أهل الفتاة أن وافدا باكستانيا قام باختطاف ابنتهم .")
    assert _find(qs, "وافدا باكستانيا") == (
        "indirect",
        "وافدا باكستانيا قام باختطاف ابنتهم",
        "أهل الفتاة",
    )
    qs = _quotes(
        "عجز الصندوق قد يصل إلى 11 مليار درهم ذكر بلاغ لوزارة الطاقة والمعادن أن متأخرات "
        "الصندوق تبلغ أربعة ملايير درهم ."
    )
    assert _find(qs, "متأخرات")[2] == "وزارة الطاقة والمعادن"
    # a speech noun with a pronoun is read from its verb, once
    qs = _quotes("وقال الوزير في تصريح له أن الحرب انتهت .")
    assert [q[2] for q in qs] == ["الوزير"]


def test_feminine_verb_after_only_men_spoke_gets_no_speaker():
    text = (
        "وقال الرئيس محمد علي إن الوضع مستقر . وقد عبرت عن ذلك سيدة من المدينة حين قالت : "
        '" أنا استمتع بكوني فتاة " .'
    )
    assert _find(_quotes(text), "أنا استمتع")[2] != "الرئيس محمد علي"


# --- rules added against the development sets of 2026-12-02 ------------------------------------


def test_verbs_of_finding_and_belief_report_what_follows_at_once():
    qs = _quotes("وقد أظهرت دراسة حديثة أن التدخين يضر بالقلب .")
    assert _find(qs, "التدخين يضر")[:3] == ("indirect", "التدخين يضر بالقلب", "دراسة حديثة")
    qs = _quotes("يعتقد العلماء أن المناخ يتغير بسرعة .")
    assert _find(qs, "المناخ يتغير")[2] == "العلماء"
    # a finding verb whose object stands before a far أن reports nothing
    qs = _quotes("أظهر بعض الفرنسيين معارضتهم لهذه السياسة خاصة وأن فرنسا كانت تعتزم إتمامها .")
    assert not [q for q in qs if q[0] == "indirect"]
    # the impersonal passive (nothing between the verb and أن) has no speaker
    assert not [q for q in _quotes("ويعتقد أن الأسعار سترتفع .") if q[2]]


def test_reported_content_stops_at_the_outlets_next_report_and_at_a_photo_credit():
    text = "وقالت تقارير ان الوزارة تراقب طائرة رابعة فيما افادت تقارير اخرى بان الطائرة سقطت ."
    qs = _quotes(text)
    assert _find(qs, "الوزارة تراقب")[1] == "الوزارة تراقب طائرة رابعة"
    assert _find(qs, "الطائرة سقطت")[2] == "تقارير اخرى"
    text = (
        "الشرطة قالت إنها تراقب المشتبه بهم ( رويترز ) وفي مانشستر قالت الشرطة إنها اعتقلت شخصين ."
    )
    assert _find(_quotes(text), "تراقب المشتبه")[1] == "تراقب المشتبه بهم"


def test_a_verb_with_an_object_pronoun_before_its_complementiser():
    qs = _quotes("واستنكرت الحكومة القرار الذي وصفته بأنه غير قانوني .")
    assert _find(qs, "غير قانوني")[0] == "indirect"


def test_a_named_headline_speaker_and_shifted_quote_pairs():
    qs = _quotes("انتهى الاجتماع . جون بولتون : وقف إطلاق النار مع الإرهابيين مرفوض .")
    assert _find(qs, "وقف إطلاق النار")[:3] == (
        "direct",
        "وقف إطلاق النار مع الإرهابيين مرفوض",
        "جون بولتون",
    )
    # an unclosed quote shifts the pairs: no "quote" may start with the full stop between two
    text = (
        'وقال عزام " إنكم لا تعلمون . وشدد عزام على أن " الأمريكيين لا يبالون بسلامتكم " . '
        'وختم " انتهى الوقت " .'
    )
    assert not [q for q in _quotes(text) if q[1].lstrip().startswith((".", "،"))]


def test_a_short_quote_the_entity_layer_reads_as_a_name_is_not_a_partial_quote():
    qs = _quotes('وأعلنت شركة " مصر للطيران " أن الرحلات ستستأنف غدا .')
    assert not [q for q in qs if q[0] == "partial"]
    assert _find(qs, "الرحلات ستستأنف")[0] == "indirect"
    assert _quotes('وقد اتخذ " نادر شاه " مدينة مشهد عاصمة لحكومته .') == []
    assert _quotes('وزار " نيكولا ساركوزي " المعرض أمس .') == []


def test_a_subject_less_verb_continues_the_person_named_before_it():
    # nobody has spoken yet: the person last named before the verb speaks
    text = "والتقى فؤاد السنيورة الوفد الأممي أمس . وقال إن الوفد لم يعد إلى لبنان ."
    assert _find(_quotes(text), "الوفد لم يعد")[2] == "فؤاد السنيورة"
    # someone spoke in an earlier sentence, a new person is named in the verb's own
    text = (
        "وقال علي أصغر سلطانية إن إيران ستراجع تعاونها . وجاء ذلك متسقا مع خطاب الرئيس "
        "الإيراني محمود أحمدي نجاد اليوم حين قال إن إيران لن تتراجع ."
    )
    assert _find(_quotes(text), "لن تتراجع")[2] == "محمود أحمدي نجاد"


def test_li_before_a_present_verb_opens_the_next_statement_and_ala_is_no_speaker():
    text = (
        "وقال الرئيس محمود أحمدي نجاد إن دول المنطقة قادرة على خلق شرق أوسط حر "
        "وعاد نجاد ليؤكد علي أن بريطانيا قد تتورط في نزاعات المنطقة ."
    )
    qs = _quotes(text)
    assert _find(qs, "دول المنطقة")[1] == "دول المنطقة قادرة على خلق شرق أوسط حر"
    assert _find(qs, "بريطانيا قد تتورط")[0] == "indirect"
    # "أكد علي أن": the preposition على (written علي), never a speaker named علي
    assert _find(_quotes("وأكد علي أن الأمر صعب ."), "الأمر صعب")[2] != "علي"


def test_a_title_abbreviation_with_its_period_opens_the_speaker():
    qs = _quotes("تأثير سلبي لعدة أسباب. توضح د. أميرة حنا أن الأطفال يتأثرون بالشاشات.")
    assert _find(qs, "الأطفال يتأثرون")[2] == "د. أميرة حنا"


def test_a_noun_of_speech_with_a_possessive_pronoun_reports_for_its_referent():
    text = "وقال الوزير إن الوضع صعب . وأثار جدلا بقوله إنه سيستقيل قريبا ."
    assert _find(_quotes(text), "سيستقيل قريبا")[:3] == ("indirect", "سيستقيل قريبا", "الوزير")


def test_a_continuing_verb_before_anyone_is_named_goes_to_the_first_speaker_after_it():
    text = (
        "وقال : إن دول المنطقة قادرة على حل مشاكلها بنفسها . "
        "وأكد الرئيس محمود أحمدي نجاد أن بلاده لن تتراجع ."
    )
    qs = _quotes(text)
    assert _find(qs, "دول المنطقة")[2] == _find(qs, "بلاده لن تتراجع")[2]
    assert _find(qs, "بلاده لن تتراجع")[2] is not None


def test_the_baseline_reads_quote_marks_verbs_and_the_nearest_name():
    from marsad.eval.quote_baseline import baseline_quotes

    text = 'وقال وزير الخارجية سيرغي لافروف إن موسكو قلقة . وأضاف : " لن نسمح بتكرار ما حدث " .'
    qs = [
        (q.attrs["type"], text[q.start : q.end], q.attrs["speaker"])
        for q in baseline_quotes(_art(text))
    ]
    assert ("indirect", "موسكو قلقة", "سيرغي لافروف") in qs
    assert [q for q in qs if q[0] == "direct" and q[1] == "لن نسمح بتكرار ما حدث"]


def test_a_named_person_right_before_a_colon_speaks_even_mid_sentence():
    text = (
        "هذه آراء بعض الممثلين بصراحة شديدة جورج كلوني : يجب أن تتوقف الحرب فورا "
        "ميل جيبسون : الحرب خراب على الجميع ."
    )
    qs = _quotes(text)
    assert [q[2] for q in qs if q[0] == "direct"] == ["جورج كلوني", "ميل جيبسون"]
    # a verb earlier in the sentence reads the colon itself: no second, direct reading
    text = "يقول مسؤول الناشرين العرب محمد علي السعدي : إن أحد عشر بلدا شارك في المعرض ."
    assert [q[0] for q in _quotes(text)] == ["indirect"]


def test_a_noun_of_action_after_an_object_first_verb_is_no_speaker():
    text = "حسن نصر الله انتقد استقبال بلير في لبنان ، وقال إنه كان شريكا في الحرب ."
    assert _find(_quotes(text), "كان شريكا")[2] != "استقبال بلير في لبنان"
    text = "وقال نصر الله إن الاتفاق قريب . ورفض الحديث عن التفاصيل ، وقال إنه يفضل التكتم ."
    assert _find(_quotes(text), "يفضل التكتم")[2] == "نصر الله"


def test_a_named_report_after_a_comma_inside_content_is_a_new_quote():
    text = (
        "وقالت رايس إن المفاوضات ستستأنف إذا قبلت إيران تعليق التخصيب , وهو تعليق قال "
        "الناطق باسم الخارجية شون مكورماك إن التوصل إليه قد يحتاج لقاءات عديدة ."
    )
    qs = _quotes(text)
    assert _find(qs, "المفاوضات")[1] == "المفاوضات ستستأنف إذا قبلت إيران تعليق التخصيب"
    assert "مكورماك" in _find(qs, "التوصل إليه")[2]
    text = "واضاف البيان ان القرضاوي أساء إلى المغرب وخلص البيان الى القول إن الهيئة تندد بذلك ."
    assert _find(_quotes(text), "الهيئة تندد")[0] == "indirect"


def test_object_first_wasf_is_no_passive_and_its_object_no_speaker():
    text = (
        "قال سعد الحريري ان لبنان يعاني من محنة كبرى . ووصف نتائج الحرب المدمرة بأنها "
        "الكارثة التي وسعت نطاق الاحتلال ."
    )
    assert _find(_quotes(text), "الكارثة التي")[2] == "سعد الحريري"
    # a reporting participle is no subject ("وقال مطالبا بالتحقيق إن")
    text = "واكد الوزير سامي نور ان الوضع صعب . وقال مطالبا بالتحقيق إن الهجوم مدان ."
    assert _find(_quotes(text), "الهجوم مدان")[2] == "الوزير سامي نور"


def test_present_verbs_with_a_name_before_them_or_in_the_plural_report():
    text = (
        "دعوة أميركا والعالم الغربي لاعتناق الإسلام أيمن الظواهري يقول إن عزام يريد أن يخرج "
        "قومه من الظلمات ."
    )
    assert _find(_quotes(text), "عزام يريد")[2] == "أيمن الظواهري"
    # a plural verb is never the impersonal passive: its content is reported speech
    qs = _quotes("ونشر باحثون دراسة عن الانتحار وهم يعتقدون أن الأمر راجع إلى الطقس .")
    assert _find(qs, "الأمر راجع")[0] == "indirect"
    # the singular impersonal stays the outlet's background
    assert _quotes("ويذكر أن الوزير زار المدينة .") == []


def test_a_dateline_ends_reported_content():
    text = (
        "وكانت المحكمة قالت إن الرئيس تجاوز صلاحياته بانشاء المحاكم العسكرية الدوحة - بيروت - "
        "وكالات: أكد حسن نصر الله ان البنية القيادية للحزب لم تصب بأذى ."
    )
    qs = _quotes(text)
    assert "الدوحة" not in _find(qs, "الرئيس تجاوز")[1]
    assert _find(qs, "البنية القيادية")[2] == "حسن نصر الله"


def test_naqala_an_stops_the_speaker_at_his_saying():
    text = "ونقلت وكالة الأنباء عن ستانيشيف قوله في اعقاب اجتماع الحكومة ان بلاده مستعدة ."
    assert _find(_quotes(text), "بلاده مستعدة")[2] == "ستانيشيف"


def test_bidun_opens_an_adverbial_not_a_speaker():
    text = "وقال الوزير إن الأمر صعب . وقال بدون تردد إن الحكومة ستستقيل ."
    assert _find(_quotes(text), "الحكومة ستستقيل")[2] == "الوزير"


def test_a_name_right_before_a_past_verb_is_its_subject_and_asarra_reports():
    text = "رغم أن الأمين العام للأمم المتحدة كوفي أنان اعتبر أن الحل لا يمر إلا بالحوار ."
    assert "أنان" in _find(_quotes(text), "الحل لا يمر")[2]
    text = "وأصر رئيس الوزراء الفرنسي جان بيار رافاران على أن مجلس الأمن هو المسؤول ."
    assert _find(_quotes(text), "مجلس الأمن هو")[0] == "indirect"


def test_doubled_apostrophes_are_quote_marks_and_naqala_anhu_quotes_the_referent():
    text = "وقال فيرجسون ' ' لا يوجد خلاف بين اللاعبين . أعرف ذلك جيدا ' ' ."
    assert _find(_quotes(text), "لا يوجد خلاف")[:3] == (
        "direct",
        "لا يوجد خلاف بين اللاعبين . أعرف ذلك جيدا",
        "فيرجسون",
    )
    # an apostrophe inside a Latin name is no quote mark
    assert _quotes("وقال أوبراين O'Brien إنه سيزور المدينة .")[0][0] == "indirect"
    text = "وقال رئيس الاركان دان حالوتس أمس كما نقل عنه مسؤول كبير ان اسرائيل ستفرق التظاهرات ."
    assert _find(_quotes(text), "اسرائيل ستفرق")[2] == "دان حالوتس"


def test_a_continuing_verb_with_its_complementiser_is_the_next_statement():
    text = "قال أولمرت إنه عازم على مواصلة الحرب واعتبر أن إسرائيل تدافع عن نفسها ."
    qs = _quotes(text)
    assert _find(qs, "عازم على")[1] == "عازم على مواصلة الحرب"
    assert _find(qs, "إسرائيل تدافع")[2] == "أولمرت"


def test_inside_a_name_the_entity_layer_reads_no_word_ends_the_subject():
    text = "وقال سي كي شو مدير الشركة بالسعودية ان الجهازين حازا العديد من الجوائز العالمية ."
    assert _find(_quotes(text), "الجهازين حازا")[2].startswith("سي كي شو")


def test_nadi_club_is_no_verb():
    text = "أعلن مدرب نادي مانشستر يونايتد أليكس فيرغوسن أنه يبحث عن لاعب لخط الوسط ."
    speaker = _find(_quotes(text), "يبحث عن لاعب")[2]
    assert "نادي مانشستر" in speaker or "فيرغوسن" in speaker


def test_a_study_found_and_a_text_stipulates():
    text = "وأظهرت الدراسة التي أجريت على عينة من 27 ألف شخص في 52 دولة أن التبغ يضر بالقلب ."
    assert _find(_quotes(text), "التبغ يضر")[0] == "indirect"
    text = "وينص القرار على ان الحكومة تعقد انتخابات خلال عام ."
    assert _find(_quotes(text), "الحكومة تعقد")[2] == "القرار"


# (text): no report at all
REPORTS_NOTHING = [
    pytest.param(
        "واعتبر رئيس البلدية هذا الحدث فرصة تاريخية لتظهر المدينة وجهها بعد أن أظهرت "
        "للملايين من البشر الجانب الجميل من الشخصية الألمانية .",
        id="min after a verb is a preposition, no relative clause to read through",
    ),
    pytest.param(
        "وكان يتم حفر هذه الحقول للحصول على النفط ، وتم وصف ذلك بأنه عمل شاق .",
        id="tamma + a verbal noun: a passive, not a report",
    ),
    pytest.param("ويعتبر الاتفاق خطوة مهمة نحو السلام في المنطقة .", id="yu'tabar: is considered"),
    pytest.param(
        "وأعرب المدرب عن تقديره للفريق لأنه فريق محترم استطاع أن يقارع الكبار .",
        id="a reason after li-anna ends the frame",
    ),
    pytest.param(
        "وحذر المدرب اللاعبين من صعوبة المباراة خاصة أن الخطأ ممنوع في مثل هذه المباريات .",
        id="khassa anna: especially since, a reason and no report",
    ),
    pytest.param(
        "وتراجعت الأسعار للشهر الثالث وهو ما يؤكد أن الطلب يضعف .",
        id="what a fact confirms: ma + a present verb with no subject",
    ),
    pytest.param(
        "وما يؤكد صحة هذه الرواية أن الوثائق نشرت في العام نفسه .",
        id="what confirms the story: its object is no speaker",
    ),
    pytest.param(
        "وكانت المفاوضات وصفت بأنها الفرصة الأخيرة للسلام .",
        id="a passive description after a definite noun",
    ),
    pytest.param("ويذكر أن نصف السكان يعيشون في المدن .", id="the impersonal yudhkar anna"),
    pytest.param("ورفض الأمير أن يبايع ملكا على البلاد .", id="what a subject refuses to do"),
    pytest.param(
        "وطالبت الطبقة الجديدة بأن تعامل معاملة النبلاء .", id="what a subject wants done"
    ),
    pytest.param("وذهب الوزير إلى المدينة بعد أن انتهى الاجتماع .", id="going somewhere"),
    pytest.param(
        "وبدأت في برلين مفاوضات وصفت بأنها الفرصة الأخيرة للتوصل إلى اتفاق .",
        id="a passive description",
    ),
    pytest.param(
        "لكن كثيرين رفضوا مغادرة ديارهم إلى أن تم رفع مستوى التحذير مجددا .",
        id="ila anna is until after a verb that takes no ila",
    ),
    pytest.param(
        "وتكهن المدرب بإمكانية أن تحقق العداءة نتائج أفضل في الملتقيات القادمة .",
        id="the possibility that",
    ),
    pytest.param(
        "ولا يتمتع بشهرة تجعله من أبرز الفنانين في العالم ، مع أنها تحظى بأعلى نسبة مشاهدة .",
        id="although",
    ),
]


@pytest.mark.parametrize("text", REPORTS_NOTHING)
def test_reports_nothing(text: str) -> None:
    assert _quotes(text) == []


# (text, a piece of the quote, its type, its speaker)
REPORTED = [
    pytest.param(
        "هدد الرئيس بأن تركيا ستتدخل عسكريا إذا استمر القصف .",
        "تركيا ستتدخل",
        "indirect",
        "الرئيس",
        id="a wish verb, anna and a name with its verb",
    ),
    pytest.param(
        "هدد الرئيس بأن نتنياهو سيدفع الثمن غاليا .",
        "نتنياهو سيدفع",
        "indirect",
        "الرئيس",
        id="a wish verb, anna, a subject and a future verb",
    ),
    pytest.param(
        "رفض المتحدث أن تكون الحكومة قد تراجعت عن قرارها .",
        "الحكومة قد",
        "indirect",
        "المتحدث",
        id="a denial of what happened",
    ),
    pytest.param(
        "وأشار الوزير إلى إمكانية أن تتأخر الانتخابات .",
        "تتأخر الانتخابات",
        "indirect",
        "الوزير",
        id="the possibility pointed to is reported",
    ),
    pytest.param(
        "ويضيف أن نصف السكان يعيشون في المدن بينما يعيش الباقون في القرى .",
        "نصف السكان",
        "indirect",
        None,
        id="a continuing present verb with nobody named still reports",
    ),
    pytest.param(
        "ورفض الوزير سامي حداد أن الحكومة تتحمل المسؤولية .",
        "الحكومة تتحمل",
        "indirect",
        "الوزير سامي حداد",
        id="a wish verb with anna and a noun reports a claim",
    ),
    pytest.param(
        "وطالب الوزير سامي حداد بأنه يجب وقف القتال .",
        "يجب وقف",
        "indirect",
        "الوزير سامي حداد",
        id="a wish verb with anna and a pronoun reports a claim",
    ),
    pytest.param(
        "لكن الأرقام الرسمية تذهب إلى أنه يبلغ ثلاثة ملايين برميل يوميا .",
        "يبلغ ثلاثة",
        "indirect",
        "الأرقام الرسمية",
        id="holding a view",
    ),
    pytest.param(
        "ويتصور الباحث أن الأطباق الفضائية تهدد الثقافة .",
        "الأطباق الفضائية",
        "indirect",
        "الباحث",
        id="imagining that",
    ),
    pytest.param(
        "وتحدث المدرب كوبل عن المنافس ووصفه بأنه فريق خطير هجوميا .",
        "فريق خطير",
        "indirect",
        "المدرب كوبل",
        id="an active description carries its object pronoun",
    ),
    pytest.param(
        "وأشار الوزير سامي حداد إلى أن الحكومة لن تتراجع .",
        "الحكومة لن",
        "indirect",
        "الوزير سامي حداد",
        id="ila anna after a verb that takes ila",
    ),
]


@pytest.mark.parametrize("text,needle,kind,speaker", REPORTED)
def test_reported(text: str, needle: str, kind: str, speaker: str | None) -> None:
    assert _find(_quotes(text), needle)[0::2] == (kind, speaker)


def test_an_adverb_after_the_verb_is_never_its_speaker():
    text = (
        "والنص الذي اقترحه سبيكتر يتضمن خصوصا موافقة من الكونغرس . "
        "واعتبرت خصوصا أن الرئيس لا يملك صلاحية ."
    )
    speakers = {q[2] for q in _quotes(text)}
    assert "خصوصا" not in speakers
    text = "إلا أن المصادر بدأت منذ القرن الرابع عشر تؤكد باستمرار أن رجلا زار الصين ."
    assert "باستمرار" not in {q[2] for q in _quotes(text)}


def test_after_the_addressee_an_object_is_not_the_subject():
    text = "أما الوزير سامي حداد فيصف لصحيفة الحياة تحول الشاب بأنه شيء لا يصدقه عقل ."
    assert _find(_quotes(text), "شيء لا يصدقه")[2] != "تحول الشاب"


# (text, a piece of a quote, the whole of that quote): where reported content ends
CONTENT_ENDS = [
    pytest.param(
        "قال الوزير إن المحادثات صعبة وأكد مرارا أن الاتفاق ممكن .",
        "المحادثات",
        "المحادثات صعبة",
        id="an adverb between the next verb and its anna",
    ),
    pytest.param(
        "قال الوزير إن الوضع صعب واتفق مع فرنسا أن الحل سياسي .",
        "الوضع",
        "الوضع صعب",
        id="ma'a between the next verb and its anna",
    ),
    pytest.param(
        "قال الوزير إن الوضع صعب لكن لا يعتقد أن الأزمة ستطول .",
        "الوضع",
        "الوضع صعب لكن لا يعتقد أن الأزمة ستطول",
        id="lakin and a particle is no new source",
    ),
    pytest.param(
        "وقال الوزير سامي حداد إن الوضع صعب لكن خبراء قالوا إن مستوى التحذير ما زال متوسطا .",
        "الوضع",
        "الوضع صعب",
        id="lakin and a new source",
    ),
]


@pytest.mark.parametrize("text,needle,content", CONTENT_ENDS)
def test_content_ends(text: str, needle: str, content: str) -> None:
    assert _find(_quotes(text), needle)[1] == content


def test_fi_ishara_ila_anna_is_a_report():
    qs = _quotes("وقال المسؤول في إشارة إلى أن الحكومة لم تنفذ وعودها .")
    assert _find(qs, "الحكومة لم")[0] == "indirect"


# --- rules found on the development errors of the gold sets (own sentences, modelled on them) ---
# (text, a piece of the quote, its speaker)
WHO_SPEAKS = [
    pytest.param(
        "وقع الرئيس فلاديمير بوتين رئيس الحكومة التي قالت إن الاتفاق مهم .",
        "الاتفاق مهم",
        "الحكومة",
        id="allati after a man's title is not his: the institution speaks",
    ),
    pytest.param(
        "والتقت أنجيلا ميركل المستشارة الألمانية التي قالت إن الاتفاق مهم .",
        "الاتفاق مهم",
        "أنجيلا ميركل",
        id="allati through a feminine title goes back to the woman",
    ),
    pytest.param(
        "ولعل هذه الحركة التي وصفها ابن عباس عندما قال عن الشمس إنها تدور كالمغزل .",
        "تدور",
        "ابن عباس",
        id="a relative with its own subject: the institution before it is the object",
    ),
    pytest.param(
        "وقال الوزير سامي حداد إن الوضع صعب لكن خبراء قالوا إن مستوى التحذير ما زال متوسطا .",
        "مستوى التحذير",
        "خبراء",
        id="lakin and a new source who speaks",
    ),
    pytest.param(
        "التقى الرئيس مع وزراء ومسؤولين ، وهم يعتبرون أن الاتفاق مهم .",
        "الاتفاق مهم",
        "وزراء ومسؤولين",
        id="wahum takes in the nouns coordinated to the plural",
    ),
    pytest.param(
        "وأثنى العداء السابق سعيد عويطة ، الذي حلل السباق عبر قناة الجزيرة الرياضية ، "
        "على العداءة ، مشيرا إلى أن توقيتها ليس جيدا .",
        "توقيتها ليس",
        "سعيد عويطة",
        id="a name after a preposition and its naming noun is not the participle's subject",
    ),
    pytest.param(
        "ورفعت الدعوى منظمات باسم صحفيين ومحامين يقيمون اتصالات دائمة مع الخارج ، "
        "وهم يعتبرون أن السلطات قد تتنصت على مكالماتهم .",
        "السلطات قد",
        "صحفيين ومحامين",
        id="wahum refers back to a plural of people",
    ),
    *(
        pytest.param(text, "الاتفاق قريب", speaker, id=f"the subject follows the addressee {k}")
        for k, (text, speaker) in enumerate(
            [
                ("وقال لرويترز مسؤول في الوزارة إن الاتفاق قريب .", "مسؤول في الوزارة"),
                (
                    "وقال لصحيفة الحياة وزير الخارجية سامي حداد إن الاتفاق قريب .",
                    "وزير الخارجية سامي حداد",
                ),
                (
                    'وقال ل ـ " الوطن " وزير الخارجية سامي حداد إن الاتفاق قريب .',
                    "وزير الخارجية سامي حداد",
                ),
                ("كما أكد لوكالة فرانس برس شاهد عيان أن الاتفاق قريب .", "شاهد عيان"),
            ]
        )
    ),
    pytest.param(
        'وانتقد الوزير سامي حداد الخطة " المضللة " في البرلمان .',
        "المضللة",
        "الوزير سامي حداد",
        id="after an object-taking verb a definite noun after the name is its object",
    ),
    pytest.param(
        'ونقلت وسائل إعلام أمريكية عن " ريدموند " قولها إن شخصا عرض عليها مبلغا كبيرا .',
        "عرض عليها",
        "ريدموند",
        id="naqala an a quoted name: the name is the source",
    ),
    pytest.param(
        "وفي حوار مع سامي حداد قال إن الحكومة ستستقيل .",
        "الحكومة ستستقيل",
        "سامي حداد",
        id="the one interviewed (في حوار مع X) speaks",
    ),
    pytest.param(
        "وتجاهلت الأسواق التعليقات المتشددة من ماركو بولو عضو المجلس الحاكم للبنك المركزي "
        "الذي صرح بأن أسعار الفائدة ما زالت منخفضة .",
        "أسعار الفائدة",
        "ماركو بولو",
        id="a relative goes back through a title in apposition to the person",
    ),
    pytest.param(
        "وقال الباحث سامر علي إن الدراسة مهمة . ويؤكد أن نتائجها ستنشر قريبا .",
        "نتائجها ستنشر",
        "الباحث سامر علي",
        id="wa + a present verb at a sentence start goes on with the running speaker",
    ),
    pytest.param(
        "ولفت انتباهي أن الجميع يتحدث عن الحرية ، على حد قول الزميل كريم سالم مراسل قناة "
        "الجزيرة في طهران والذي يضيف أن الصحافة اليوم أكثر حرية .",
        "الصحافة اليوم",
        "كريم سالم",
        id="a relative joined by wa goes back past the descriptions to the person",
    ),
    pytest.param(
        "وجاء في بيان الوزارة أن التحقيق سيستمر أسبوعين .",
        "التحقيق سيستمر",
        "الوزارة",
        id="ja'a fi: the source the statement appeared in",
    ),
    pytest.param(
        "والحكومة لاتزال ترى أن الحل سياسي .",
        "الحل سياسي",
        "الحكومة",
        id="neither the conjunction nor the auxiliary is part of a fronted subject",
    ),
    pytest.param(
        "وألمح وزير المالية سامي حداد الى ان الضرائب سترتفع العام المقبل .",
        "الضرائب سترتفع",
        "وزير المالية سامي حداد",
        id="almaha: a hint is reported speech",
    ),
    pytest.param(
        "وقال : إن الحل في المنطقة سياسي بالكامل وعاد قوزلوف ليؤكد علي أن الحكومة ستستقيل قريبا .",
        "الحكومة ستستقيل",
        "قوزلوف",
        id="the subject of عاد speaks through li + a present verb",
    ),
    pytest.param(
        "وقال الناقد المسرحي الفرنسي أوتو بريمر في مقدمة الديوان إن قصائده تعبر عن غربة الشاعر .",
        "غربة الشاعر",
        "الناقد المسرحي الفرنسي أوتو بريمر",
        id="a book's preface is the occasion, not part of the speaker",
    ),
    pytest.param(
        "ورحب وزير الخارجية خالد العطية بالزيارة . وقال بالتالي إن الحوار سيستمر .",
        "الحوار سيستمر",
        "وزير الخارجية خالد العطية",
        id="an adverb after the verb opens no speaker",
    ),
    pytest.param(
        "وقال باحثون بريطانيون إن حالات الانتحار تزيد في شهر مايو وهم يعتقدون أن الأمر راجع "
        "إلى حالة الطقس .",
        "راجع إلى",
        "باحثون بريطانيون",
        id="wa-hum ya'taqidun goes on with the plural speakers",
    ),
    pytest.param(
        "وقال مسؤولون أمريكيون إن الهجوم فشل . ويرون أن الحل سياسي .",
        "الحل سياسي",
        "مسؤولون أمريكيون",
        id="a plural verb goes on after qala with a plural",
    ),
    pytest.param(
        "وقال وزير الخارجية السعودي ، رئيس الوفد سعود الفيصل ، ان المحادثات كانت مثمرة .",
        "المحادثات",
        "سعود الفيصل",
        id="title and name between commas after the subject",
    ),
    pytest.param(
        "وزار أنان روما لحضور مؤتمر حول لبنان ( رويترز ) وقال إن القصف متعمد .",
        "القصف متعمد",
        "أنان",
        id="an agency credit in brackets is not the running speaker",
    ),
    pytest.param(
        "وركز إيفانوف على أن الجانب الجورجي لم يكتف بخرق الاتفاقات .",
        "الجانب الجورجي",
        "إيفانوف",
        id="rakkaza ala anna",
    ),
    pytest.param(
        "و قدرت مصادر اقتصادية مستقلة أن تصل تكلفة المشروع 600 مليون ريال .",
        "تكلفة المشروع",
        "مصادر اقتصادية مستقلة",
        id="qaddarat (estimated) anna",
    ),
    pytest.param(
        "وقال رئيس بعثة مصر إلى البطولة محمد الشربيني إن فريقه يسعى لصدارة مجموعته .",
        "فريقه يسعى",
        "الشربيني",
        id="the name after a title phrase that runs past a preposition",
    ),
    pytest.param(
        "الى ذلك اتفق العراقيون على تأييد تصريحات الرئيس العراقي جلال طالباني حول امكانية "
        "الرد « اذا لم يكفوا عن اثارة المتاعب » ، فيما انتقدت الجبهة التركمانية هذه "
        "التصريحات واعتبرتها « في غير محلها » .",
        "اثارة المتاعب",
        "جلال طالباني",
        id="a quoted term after someone's statements is theirs",
    ),
    pytest.param(
        "الى ذلك اتفق العراقيون على تأييد تصريحات طالباني ، فيما انتقدت الجبهة التركمانية هذه "
        "التصريحات واعتبرتها « في غير محلها » .",
        "غير محلها",
        "الجبهة التركمانية",
        id="a demonstrative after the subject opens the object",
    ),
    pytest.param(
        "وقال ناطق باسم حزب الله ان اشتباكا وقع قرب بوداي . وقال طالبا عدم الكشف عن هويته "
        "« اجبرناهم على التراجع » .",
        "اجبرناهم",
        "ناطق باسم حزب الله",
        id="asking not to be named is no speaker",
    ),
    pytest.param(
        "أعرب قائد منتخب ألمانيا ولاعب خط وسط نادي تشلسي الإنجليزي لكرة القدم مايكل بالاك عن "
        "ثقته بأن شفتشينكو سيقود الفريق .",
        "سيقود الفريق",
        "مايكل بالاك",
        id="a long title phrase then the name before an",
    ),
    pytest.param(
        "وأعلن مصدر رسمي أن الرئيس التونسي زين العابدين بن علي استقبل مساء أمس الأول الحكم "
        "بلعاوي عضو اللجنة المركزية لحركة فتح الذي سلمه رسالة خطية من الرئيس عرفات . "
        'وصرح الموفد الخاص بان " الرسالة تحمل الدعم " . واطلع بلعاوي من جهة أخري الرئيس '
        'التونسي علي " الاعتداءات الإسرائيلية المتواصلة علي الشعب الفلسطيني " .',
        "الاعتداءات",
        "بلعاوي",
        id="atla'a (briefed) someone on quoted words",
    ),
    pytest.param(
        "كما أكد ان الحزب ما يزال صامدا . وتوعد نصر الله بوقوع مفاجآت . وقال ان الحزب يدير "
        "المعركة بهدوء .",
        "ما يزال صامدا",
        "نصر الله",
        id="kama akkada before anyone is named",
    ),
    pytest.param(
        "جاء ذلك قبل مباحثات أجراها أولمرت في القدس مع وزيرة الخارجية الأميركية كوندوليزا "
        "رايس التي قالت إنه قد حان الوقت لظهور شرق أوسط جديد .",
        "حان الوقت",
        "كوندوليزا رايس",
        id="the person named before allati qalat",
    ),
    pytest.param(
        "وفي أول رد فعل أميركي ، أعرب المتحدث باسم الخارجية هو توم كايسي عن أمله في أن يذكر "
        "الرئيس الفنزويلي سوريا بالتزاماتها .",
        "يذكر الرئيس",
        "توم كايسي",
        id="a title, huwa, the name",
    ),
    pytest.param(
        'وقال الرئيس الفرنسي خلال الحفل الختامي لاجتماع هذه الجمعية " في عالم متوتر ، سكان '
        'المدن هم غالبا اولى الضحايا " .',
        "في عالم متوتر",
        "الرئيس الفرنسي",
        id="a long quote after a naming noun is words",
    ),
    pytest.param(
        "وقال مراسل الجزيرة في موسكو إن روسيا تسعى لاستخدام مواردها ، ولكنه توقع أن يلي هذه "
        "التصريحات خطوات لتلطيف الأجواء .",
        "يلي هذه",
        "مراسل الجزيرة في موسكو",
        id="walakinnahu opens the next statement",
    ),
    pytest.param(
        "وكان الرئيس طالباني قد حذر من أن العراق يمكنه اثارة متاعب لجيرانه . وقال ان سورية "
        "وايران وتركيا تتدخل في شؤون العراق وحذر الدول الثلاث من أن صبر العراق يوشك أن ينفد .",
        "صبر العراق",
        "الرئيس طالباني",
        id="wa-haddhara with a short object and min anna",
    ),
    pytest.param(
        "ولاحظ محللون في دبي أن تراجع المعاملات يؤكد ثقة المستثمرين .",
        "تراجع المعاملات",
        "محللون في دبي",
        id="lahaza (noted) anna",
    ),
    pytest.param(
        "ويخشى بنك إنجلترا المركزي أن يؤدي ارتفاع أسعار الطاقة إلى زيادة الأجور .",
        "ارتفاع أسعار",
        "بنك إنجلترا المركزي",
        id="yakhsha (fears) an",
    ),
    pytest.param(
        "وقال أحمدي نجاد إن الأمة الإيرانية لن تخضع للتهديد منبها إلى أن إيران ستتخذ "
        "الإجراءات الضرورية .",
        "إيران ستتخذ",
        "أحمدي نجاد",
        id="munabbihan (warning) ila anna",
    ),
    pytest.param(
        "ونقلت وكالة بي. تي. ايه عن ستانيشيف قوله في اعقاب اجتماع مجلس الوزراء ان الحكومة "
        "مستعدة مبدئيا للمشاركة .",
        "الحكومة مستعدة",
        "ستانيشيف",
        id="a spelt-out acronym with periods inside the frame",
    ),
    pytest.param(
        'كما هاجم ألونسو ما أسماه " التحيز المؤسسي " لصالح شوماخر وفريقه فيراري وقال إن '
        "سباقات الفورمولا تتأثر بمصالح تجارية وسياسية .",
        "سباقات الفورمولا",
        "ألونسو",
        id="hajama (attacked) makes its subject the running speaker",
    ),
    pytest.param(
        "ويرى الناقد أن عبلة فنان كبير . كما أضاف بالمقدمة التي حملت عنوان الكتاب أن أعمال "
        "عبلة الأخيرة تأتي كتعبير قوي .",
        "أعمال عبلة",
        "الناقد",
        id="a phrase with a glued preposition after the verb lets the speaker go on",
    ),
    pytest.param(
        "أما رئيس المركز اليهودي ماركوس أرنست فقد تحدث أمام المتظاهرين عن أسباب دعم اليهود "
        'في إسرائيل و " الشتات " .',
        "الشتات",
        "رئيس المركز اليهودي ماركوس أرنست",
        id="tahaddatha (spoke) makes its subject the speaker of a quoted term",
    ),
    pytest.param(
        "ووصف الوزير الهجوم بأنه عمل إرهابي .",
        "عمل إرهابي",
        "الوزير",
        id="wasafa: the object before bi-annahu is no part of the subject",
    ),
    pytest.param(
        "ووصف المتحدث باسم الخارجية محمد علي الهجوم بأنه عمل إرهابي .",
        "عمل إرهابي",
        "المتحدث باسم الخارجية محمد علي",
        id="wasafa: a titled name, then the object",
    ),
    pytest.param(
        "ووصف الرئيس الأمريكي الهجوم بأنه جبان .",
        "جبان",
        "الرئيس الأمريكي",
        id="wasafa: an adjective of origin stays with the title",
    ),
    pytest.param(
        "ويخلص رفعت السعيد في كتابه إلى أن الإرهاب يبدأ فكرا .",
        "الإرهاب يبدأ",
        "رفعت السعيد",
        id="yakhlusu (concludes) ila anna",
    ),
    pytest.param(
        "وقال الوزير إن الأزمة انتهت وهو يعتقد أن الوضع تحسن .",
        "الوضع تحسن",
        "الوزير",
        id="wa-huwa ya'taqidu: the pronoun is the running speaker, not the words before it",
    ),
    pytest.param(
        "وقالت حكومته إن الوضع صعب .",
        "الوضع صعب",
        "حكومته",
        id="an institution with a possessive speaks",
    ),
    pytest.param(
        "وقالت مونيكا إن الوضع صعب .",
        "الوضع صعب",
        "مونيكا",
        id="a name shaped like an accusative participle still speaks",
    ),
    pytest.param(
        "وتبين الإحصائيات أن عدد محاولات الانتحار ارتفع .",
        "محاولات الانتحار",
        "الإحصائيات",
        id="tubayyin with a subject",
    ),
    pytest.param(
        "ويقول يحيى بيرت في اتصال هاتفي اجرته معه « الشرق الاوسط » امس ان هناك ارقاما رسمية .",
        "ارقاما رسمية",
        "يحيى بيرت",
        id="a quoted name inside the frame",
    ),
    pytest.param(
        'وأشارت " نيويورك تايمز " إلى أن الولايات المتحدة اتفقت على لائحة العقوبات .',
        "لائحة العقوبات",
        "نيويورك تايمز",
        id="a quoted subject before ila anna",
    ),
    pytest.param(
        "وقالت زوجته إن الوضع صعب .", "الوضع صعب", "زوجته", id="kin with a possessive speaks"
    ),
    pytest.param(
        "ورفض السفير الأميركي دعوة أنان بوقف فوري لإطلاق النار ، قائلا إنه لا يمكن التوصل إلى "
        "ذلك .",
        "لا يمكن التوصل",
        "السفير الأميركي",
        id="a bare noun after a titled subject is the object",
    ),
    pytest.param(
        "واعتبر وزير الدولة بوزارة الخارجية علي كرتي تصريحات رايس تهديدا مبطنا ، وقال إن "
        "السودان لن يقبل الضغوط .",
        "لن يقبل",
        "وزير الدولة بوزارة الخارجية علي كرتي",
        id="a bare noun right after a person's name is the object",
    ),
    pytest.param(
        "وقال المدير إن الموعد ثابت . لكن الطلاب تجاهلوا التحذير واعتبروا أن الامتحان سهل .",
        "الامتحان سهل",
        "الطلاب",
        id="a plural و-verb goes on from the plural verb before it, not from the last speaker",
    ),
    pytest.param(
        "فإن المزارعين ومعهم عدد من التجار يرفضون القرار ويعتقدون أنه سيضر بالسوق .",
        "سيضر بالسوق",
        "المزارعين",
        id="the chain's subject stops before ومعهم",
    ),
    pytest.param(
        "وفي النهاية فإن الخبراء قد يختلفون في التفاصيل، معتبرين أن الأزمة ستطول .",
        "الأزمة ستطول",
        "الخبراء",
        id="a plural participle goes on from the plural verb of its clause, past قد",
    ),
    pytest.param(
        "دار نقاش طويل حول الخطة فالمعارضون يرون أنها غير عادلة .",
        "غير عادلة",
        "المعارضون",
        id="a definite noun with a glued ف opens its clause: the fronted subject",
    ),
    pytest.param(
        "وقال وزير المالية إن الخطة جاهزة . وقال السنيورة إن الأفكار رفضتها الحكومة .",
        "رفضتها الحكومة",
        "السنيورة",
        id="a family name in ة after a masculine verb is its subject, not a feminine object",
    ),
    pytest.param(
        "وصل الوفد أمس . « لن نتراجع عن مواقفنا مهما كانت الضغوط الدولية علينا » ، قال الوزير .",
        "لن نتراجع",
        "الوزير",
        id="a كان inside the quote frames no subject for the verb after it",
    ),
    pytest.param(
        'وأوضحت الخبيرة الاقتصادية منى حسن في حديثها لـ"بي بي سي" أن التضخم سيتراجع .',
        "التضخم سيتراجع",
        "الخبيرة الاقتصادية منى حسن",
        id="the speaker ends before في + a possessed noun of speech",
    ),
    pytest.param(
        'وقال مسؤولون في الإدارة الأمريكية لشبكة "سي إن إن" إن الرئيس يفكر في زيارة المنطقة .',
        "الرئيس يفكر",
        "مسؤولون في الإدارة الأمريكية",
        id="the speaker ends before the network spoken to",
    ),
    pytest.param(
        "وقال رئيس الوزراء في مقطع مصور: « سنواصل العمل حتى النهاية » .",
        "سنواصل العمل",
        "رئيس الوزراء",
        id="the speaker ends before في مقطع مصور",
    ),
    pytest.param(
        "وقد أكد الوزير في أكثر من مناسبة أن الإصلاح مستمر .",
        "الإصلاح مستمر",
        "الوزير",
        id="the speaker ends before في أكثر من مناسبة",
    ),
    pytest.param(
        "ورحب الأمير بالمفتشين الجدد داعيا الله عز وجل أن يوفقهم ، مؤكدا سموه خلال حديثه "
        "معهم أن لا أحد فوق القانون .",
        "لا أحد فوق القانون",
        "سموه",
        id="an honorific right after a participle is its subject",
    ),
    pytest.param(
        "ونقل التلفزيون الرسمي عن الرئيس قوله: « سننتصر في النهاية » .",
        "سننتصر",
        "الرئيس",
        id="relayed from the president: the relayer's context gives him no title",
    ),
    pytest.param(
        "وقال وزير الخارجية الأمريكي إن بلاده تدعم الوساطة . من جهته، أكد الوزير المصري أن "
        "القاهرة ترفض التهجير .",
        "القاهرة ترفض",
        "الوزير المصري",
        id="a description of another country does not go back to the last minister",
    ),
    pytest.param(
        "وقال متحدث باسم الشرطة إن التحقيقات جارية . لكن محامي المتهم نفى ذلك، وقال إن "
        "موكله بريء .",
        "موكله بريء",
        "محامي المتهم",
        id="a bare demonstrative after the verb is its object, never the speaker",
    ),
    pytest.param(
        "وقال رئيس الحكومة إن الحرب ستستمر . ورد عليه زعيم المعارضة قائلا إن الحكومة فشلت .",
        "الحكومة فشلت",
        "زعيم المعارضة",
        id="a participle goes on from the subject after و + a short verb and its pronoun",
    ),
    pytest.param(
        "وكانت الحكومة التي وزعت مقترحاتها على بعض الأعضاء ، قد قالت إنها لن تتراجع .",
        "لن تتراجع",
        "الحكومة",
        id="kana frames the subject past a relative clause closed by a comma and qad",
    ),
    pytest.param(
        "أما المعارضون فإنهم يرون أن الانتخابات مزورة .",
        "الانتخابات مزورة",
        "المعارضون",
        id="amma X fa-innahum: X speaks, without the particle",
    ),
    pytest.param(
        "كما دعا الرجل الثاني في التنظيم إلى الجهاد ضد « قوات أجنبية تحتل البلاد منذ سنوات » .",
        "قوات أجنبية",
        "الرجل الثاني في التنظيم",
        id="al-rajul (the man) is a description that can call on people",
    ),
    pytest.param(
        "وقال مراقب البرج عادل حسين إن الإشارة كانت حمراء . وأكد وجود قطار ثالث على الخط ، "
        "وقال إن القطار كان متوقفا .",
        "القطار كان متوقفا",
        "مراقب البرج عادل حسين",
        id="a verbal noun after a verb is its object, never the running speaker",
    ),
    pytest.param(
        "وبينما قالت الحكومة : إن العملية كانت فاشلة , ذكرت إسرائيل أن العملية كانت ناجحة .",
        "كانت ناجحة",
        "إسرائيل",
        id="a comma, a past verb and a country start another report; kana in it frames nothing",
    ),
    pytest.param(
        'وهو يراهن على " المنافسة الحرة بين الصحف في ظل التدفق الحر للأخبار " كما يقول '
        "الوزير الإيراني .",
        "المنافسة الحرة",
        "الوزير الإيراني",
        id="a statement, then kama and a verb of saying: its speaker",
    ),
    pytest.param(
        "وأوضح المسؤول الكبير ، طالبا عدم كشف هويته ، أنه لا يعلم موعد الإفراج عن المعتقلين .",
        "لا يعلم موعد",
        "المسؤول الكبير",
        id="asking not to be named between commas: the frame goes on to its content",
    ),
    pytest.param(
        "وقال السيناتور الذي كان مرشحا لمنصب نائب الرئيس مع المرشح الرئاسي الديمقراطي آل غور "
        "في الانتخابات الرئاسية عام 2000 انه يتعين على الولايات المتحدة ان تشن حملة شاملة .",
        "يتعين على الولايات المتحدة",
        "السيناتور",
        id="qala past a long relative clause about its subject",
    ),
    pytest.param(
        "لقد ادعى الكثير من الناس انه مجرد قبر ولكن علماء العصر الحالي يعتقدون ان هذا خطأ .",
        "هذا خطأ",
        "علماء العصر الحالي",
        id="content ends before lakin and a subject of several words with its own verb",
    ),
    pytest.param(
        "وكان العالم لامارك يعتقد عكس ذلك , اذ انه كان يعتقد بان ثديات اليابسة اصلها مائي .",
        "ثديات اليابسة",
        "العالم لامارك",
        id="inna + a pronoun before the verb: the one its sentence names",
    ),
    pytest.param(
        "على الصعيد العربي يعتبر الكثير من المفكرين و المنظرين العرب و حتى السياسيين أن "
        "القضية مركزية .",
        "القضية مركزية",
        "الكثير من المفكرين و المنظرين العرب",
        id="a long quantified subject of an opinion verb, up to its anna",
    ),
    pytest.param(
        "وقال الشيخ إن الجماعة قوية . وكان المسجد يعتبر قبلة الأصوليين في المدينة . ويؤكد "
        "انه ليس لديه ما يخفيه .",
        "ليس لديه",
        "الشيخ",
        id="the noun after the passive yu'tabar is no speaker",
    ),
    pytest.param(
        "وقال الدكتور شاولي إن المنطقة غنية . ويقدر الاحتياطي في هذا الخام بحوالي 9 ملايين طن . "
        "وأكد أن النظام الجديد سيجذب المستثمرين .",
        "سيجذب المستثمرين",
        "الدكتور شاولي",
        id="yuqaddar: is estimated, and its noun does not take over",
    ),
    pytest.param(
        "وتؤيد واشنطن تشديد العقوبات لتؤتي ثمارها وتقترح أن تشمل المواد ذات الاستخدام المزدوج .",
        "تشمل المواد",
        "واشنطن",
        id="a wa-verb goes on from the place that opens its sentence, without the object",
    ),
    pytest.param(
        "ويقول البعض إن الخطة فاشلة ، إلا أن خبراء اقتصاديين يرون أن الخطة ناجحة .",
        "الخطة ناجحة",
        "خبراء اقتصاديين",
        id="illa anna (however) and a subject with its own verb end the content before",
    ),
    pytest.param(
        "ووصفت الخارجية الإيرانية الضربات بأنها « انتهاك صارخ » للسيادة الوطنية .",
        "انتهاك صارخ",
        "الخارجية الإيرانية",
        id="wasf: a definite institution and its nisba speak, the noun after is the object",
    ),
    pytest.param(
        "واتهم الرئيس المعارضة بـ« الخيانة » .",
        "الخيانة",
        "الرئيس",
        id="a feminine noun after a masculine definite title is an accusing verb's object",
    ),
    pytest.param(
        "ودعا الأمين العام لحزب الله إلى « مقاومة شاملة ضد المحتل في كل مكان » .",
        "مقاومة شاملة",
        "الأمين العام لحزب الله",
        id="an adjective after a definite title stays in the subject",
    ),
    pytest.param(
        "أعلنت الشرطة القبض على ثلاثة أشخاص . وقالت في بيان إن التحقيقات مستمرة .",
        "التحقيقات مستمرة",
        "الشرطة",
        id="a masculine word after a feminine definite institution is the object",
    ),
]


def test_a_construct_with_a_definite_genitive_opens_no_relative_clause() -> None:
    text = "وحذرت منظمة الصحة العالمية من انهيار النظام الصحي، وقالت إن المستشفيات مكتظة ."
    got = [q for q in find_quotes(_art(text)) if "المستشفيات" in text[q.start : q.end]]
    assert [q.attrs["verb"] for q in got] == ["وقالت"]


@pytest.mark.parametrize(
    "text,needle",
    [
        ("وصرح الناطق باسم الحكومة بأن « الحكومة لن تستقيل » .", "الحكومة لن تستقيل"),
        (
            "ونفى المتحدث باسم الجيش الشائعات ، مؤكدا أن « الوضع تحت السيطرة » .",
            "الوضع تحت السيطرة",
        ),
        ("وقال الأمين العام ، في كلمة أمام المجلس ، إن « الوقت ينفد » .", "الوقت ينفد"),
    ],
)
def test_a_short_quoted_clause_after_anna_is_a_statement(text: str, needle: str) -> None:
    assert _find(_quotes(text), needle)[0] == "direct"


def test_a_short_quote_inside_the_clause_after_inna_stays_a_term() -> None:
    text = "وقال الوزير إن « الحل السياسي » هو الأفضل ."
    assert ("partial", "الحل السياسي", "الوزير") in _quotes(text)


def test_what_wasf_calls_something_after_anna_stays_a_term() -> None:
    text = "ووصف الوزير الهجوم بأنه « عمل جبان ومدان » ."
    assert _find(_quotes(text), "عمل جبان")[0] == "partial"


def test_a_quote_split_by_its_attribution_is_one_speaker_s() -> None:
    text = "« نحن لا نريد الحرب » ، يقول أحمد ، وهو صاحب متجر ، « لكننا لن نغادر أرضنا » ."
    got = {(q[0], q[2]) for q in _quotes(text)}
    assert got == {("direct", "أحمد")}
    assert len(_quotes(text)) == 2


@pytest.mark.parametrize(
    "text",
    [
        "وصل الوفد أمس . « لن نتراجع عن مواقفنا » ، قال الوزير .",
        'وصل الوفد أمس . " لن نتراجع " يقول الوزير .',
    ],
)
def test_short_quote_with_the_verb_after_it_is_a_statement(text: str) -> None:
    kind, _, speaker = _find(_quotes(text), "لن نتراجع")
    assert (kind, speaker) == ("direct", "الوزير")


SOURCE_CUES = [
    pytest.param(
        "وبحسب بيان صادر عن وزارة الصحة، فإن عدد الضحايا ارتفع إلى 40 شخصا .",
        ("indirect", "عدد الضحايا ارتفع إلى 40 شخصا", "وزارة الصحة"),
        id="a statement issued by someone: its issuer speaks",
    ),
    pytest.param(
        "وجاء في البيان: « نرفض أي تدخل في شؤوننا الداخلية » .",
        ("direct", "نرفض أي تدخل في شؤوننا الداخلية", "البيان"),
        id="appeared in the statement, then a colon and a quote",
    ),
    pytest.param(
        "وبحسب البيان: « نرفض أي تدخل في شؤوننا الداخلية » .",
        ("direct", "نرفض أي تدخل في شؤوننا الداخلية", "البيان"),
        id="according to the statement, then a colon and a quote",
    ),
    pytest.param(
        "« لن نسمح بتكرار ما حدث » ، بحسب ما قاله قائد الشرطة للصحفيين .",
        ("direct", "لن نسمح بتكرار ما حدث", "قائد الشرطة"),
        id="a quote, then according to what X said",
    ),
]


@pytest.mark.parametrize("text,expected", SOURCE_CUES)
def test_source_cue_reports(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _quotes(text)


def test_this_is_what_x_said_after_a_quote() -> None:
    text = (
        "قالت الأم إن ابنها بخير . « الذاكرة قد تأذت نتيجة الحادث وقد تعود مع الوقت » هذا ما "
        "قاله الطبيب المعالج ، وتابع قائلاً « الأمل كبير في الشفاء الكامل » ."
    )
    got = {q[1]: (q[0], q[2]) for q in _quotes(text)}
    assert got["الذاكرة قد تأذت نتيجة الحادث وقد تعود مع الوقت"] == ("direct", "الطبيب المعالج")
    assert got["الأمل كبير في الشفاء الكامل"] == ("direct", "الطبيب المعالج")


def test_what_someone_said_after_ma_is_still_reported() -> None:
    text = "وتبنى الجيش هجوما على ما قال إنها دبابة أميركية في منطقة التاجي ."
    assert [q[0] for q in _quotes(text)] == ["indirect"]


def test_a_verb_after_li_annaha_has_the_pronoun_for_subject() -> None:
    text = (
        "وقال السفير إن بلاده تدعم القرار ، موضحا أن بلاده امتنعت عن التصويت لأنها "
        "تعارض توقيته وتعتبر أنه لا ضرورة للاستعجال ."
    )
    assert _find(_quotes(text), "لا ضرورة")[2] != "تعارض توقيته"


# what a review of this change found, kept as guards: each was right before the change
REVIEW_GUARDS = [
    ("وبحسب الشرطة ، فإنهم اعتقلوا ثلاثة مشتبهين .", "اعتقلوا", "الشرطة"),
    ("وقالت مصادر خاصة إن الهجوم وقع فجرا .", "الهجوم وقع", "مصادر خاصة"),
    ("وزعم الاحتلال أن الشاب حاول طعن جندي .", "الشاب حاول", "الاحتلال"),
    ("وقال التنظيم في بيان إن المقاتلين انسحبوا .", "المقاتلين انسحبوا", "التنظيم"),
    ("وقال الجنود إن الوضع هادئ .", "الوضع هادئ", "الجنود"),
    ("وتعتبر إسرائيل أن الاتفاق خطير .", "الاتفاق خطير", "إسرائيل"),
    (
        "وقال مسؤولون في عدد من الوزارات إن الخطة جاهزة .",
        "الخطة جاهزة",
        "مسؤولون في عدد من الوزارات",
    ),
    ("وبحسب بريطانيا وفرنسا فإن الاتفاق مهم .", "الاتفاق مهم", "بريطانيا وفرنسا"),
]


@pytest.mark.parametrize("text,needle,speaker", REVIEW_GUARDS)
def test_review_guards(text: str, needle: str, speaker: str) -> None:
    kind, _, who = _find(_quotes(text), needle)
    assert (kind, who) == ("indirect", speaker)


@pytest.mark.parametrize(
    "text,term",
    [
        ("وقال الوزير إن « الجيش السوري الحر » يسيطر على المدينة .", "الجيش السوري الحر"),
        ("واعتبر المحلل أن « الدولة الإسلامية » ، وفق تعبيره ، انتهت .", "الدولة الإسلامية"),
        ("وجاء في التقرير « السري » أن الجيش خطط للانقلاب .", "السري"),
    ],
)
def test_a_short_quote_inside_a_clause_stays_a_term(text: str, term: str) -> None:
    assert ("direct", term) not in {(q[0], q[1]) for q in _quotes(text)}


def test_this_is_what_x_rejected_gives_x_nothing() -> None:
    text = "« الحكومة ستسقط خلال أيام قليلة من الآن » ، هذا ما رفضه رئيس الوزراء ."
    assert all(q[2] != "رئيس الوزراء" for q in _quotes(text))


def test_what_the_opening_institution_calls_something_is_its_term() -> None:
    text = "وشن الجيش ما وصفه بأنه « ضربات دقيقة » على مواقع المسلحين ."
    assert ("partial", "ضربات دقيقة", "الجيش") in _quotes(text)


def test_a_question_word_is_never_the_speaker() -> None:
    text = "س: كيف ترى مستقبل المفاوضات؟ ج: أعتقد أن الطرفين بحاجة إلى مزيد من الوقت ."
    assert all(q[2] != "كيف" for q in _quotes(text))


def test_a_term_inside_a_clause_with_kama_yaqul_after_it_stays_a_term() -> None:
    text = "وهو الذي نقله من « الظلمات إلى النور » كما يقول قبل عشر سنوات ."
    assert [q[0] for q in _quotes(text)] == ["partial"]


def test_a_quote_after_an_indefinite_book_it_appeared_in_is_its_title() -> None:
    text = "وقد جاء في كتاب « دفاتر شامية عتيقة » شرح عن أصل الكنية ."
    assert all(q[0] != "direct" for q in _quotes(text))


@pytest.mark.parametrize(
    "text",
    [
        "أطلق الجيش على العملية اسم « السيوف الحديدية » وقال الجيش إن العملية مستمرة .",
        "انحصر القرار في أجهزة « نوت بوك » ، وفقاً لما صرح به المتحدث باسم الشركة .",
        "ووصف الخطة بأنها « غير عادلة » قال الوزير إن الرد قادم .",
    ],
)
def test_a_verb_after_a_short_quote_that_says_something_else_makes_no_statement(
    text: str,
) -> None:
    assert all(q[0] != "direct" for q in _quotes(text))


@pytest.mark.parametrize("text,needle,speaker", WHO_SPEAKS)
def test_who_speaks(text: str, needle: str, speaker: str) -> None:
    assert _find(_quotes(text), needle)[2] == speaker


# (text, a piece of the quote, words its speaker holds): the speaker phrase still takes in a
# relative clause or an object after the name, which the gold sets count as the same speaker
WHO_SPEAKS_WITHIN = [
    pytest.param(
        "وقال المؤرخ الفني الألماني أوفه زيلبرهورن في حديث للتلفزيون إن الحفل كان ناجحا .",
        "الحفل كان ناجحا",
        "أوفه زيلبرهورن",
        id="qala takes no noun object: an unknown word after the title is the name",
    ),
    pytest.param(
        "وقال مندوب البرازيل لدى الوكالة الدولية انطونيو باتريوتا للصحافيين انه ابلغ من "
        "حكومته قرار الانسحاب .",
        "قرار الانسحاب",
        "انطونيو باتريوتا",
        id="the name after a title phrase comes before the addressee",
    ),
    pytest.param(
        "وأيد المفكر والباحث اياد جمال الدين عضو مجلس النواب العراقي تصريحات طالباني وقال ان "
        "العراق قادر على الرد .",
        "قادر على الرد",
        "اياد جمال الدين",
        id="the subject of the opening verb goes on after its object",
    ),
    pytest.param(
        "ونقلت أسوشيتدبرس عن مصدر دولي فضل عدم الإفصاح عن هويته أن 12 من المراقبين قتلوا .",
        "المراقبين قتلوا",
        "مصدر دولي",
        id="naqala an reads its first source",
    ),
    pytest.param(
        "وذكرت دراسة كندية نشرت نتائجها في عدد اليوم من دورية طبية أن أشكال التبغ ضارة .",
        "التبغ ضارة",
        "دراسة كندية",
        id="a subject ending in fi adad loses it",
    ),
]


@pytest.mark.parametrize("text,needle,speaker", WHO_SPEAKS_WITHIN)
def test_who_speaks_within(text: str, needle: str, speaker: str) -> None:
    assert speaker in _find(_quotes(text), needle)[2]


# (text, a piece of the quote, what must not be its speaker)
NOT_THE_SPEAKER = [
    pytest.param(
        "وزار الوفد الصين ، وهم يعتبرون أن التعاون مهم .",
        "التعاون مهم",
        "الصين",
        id="wahum is not a place",
    ),
    pytest.param(
        "تظاهر العمال أمام الكرملين ، وهم يعتبرون أن القرار ظالم .",
        "القرار ظالم",
        "الكرملين",
        id="wahum is not a building",
    ),
    pytest.param(
        "واعتقلت الشرطة عشرات منذ عامين ، وهم يعتبرون أن الاعتقال ظالم .",
        "الاعتقال ظالم",
        "عامين",
        id="wahum is not a dual of time",
    ),
    pytest.param(
        "لقد لفت انتباهي أن الجميع يتحدث عن الحرية .",
        "الجميع يتحدث",
        "انتباهي",
        id="the writer's attention is not a speaker",
    ),
    pytest.param(
        "وأبدت الوزيرة ثقتها من أن البرلمان سيقر القانون .",
        "سيقر القانون",
        "الوزيرة ثقتها",
        id="a noun with a possessive after a title is the object, unless it completes the title",
    ),
    pytest.param(
        "والتقى الرئيس الوفد وقالت للوفد إن الوضع خطير .",
        "الوضع خطير",
        "للوفد",
        id="a preposition glued to a noun",
    ),
    pytest.param(
        "وكررت دعوتها إلى وقف فوري لإطلاق النار ، مجددة التأكيد على أن الحل سياسي .",
        "الحل سياسي",
        "دعوتها",
        id="a noun of action with a possessive",
    ),
    pytest.param(
        "وقالت هيرمان إنها تلقت آلاف الرسائل منذ نشر الكتاب في الثامن من سبتمبر / أيلول "
        "الجاري وتؤكد أن 90% منها كانت إيجابية .",
        "منها كانت إيجابية",
        "أيلول الجاري",
        id="a month",
    ),
    pytest.param(
        'وقال موجها الكلام للرئيس الأميركي " كم حجم خسائرك بعد القبض على خالد شيخ محمد ؟ " .',
        "كم حجم خسائرك",
        "موجها الكلام للرئيس الأميركي",
        id="an accusative participle without its tanween",
    ),
]


@pytest.mark.parametrize("text,needle,wrong", NOT_THE_SPEAKER)
def test_not_the_speaker(text: str, needle: str, wrong: str) -> None:
    assert _find(_quotes(text), needle)[2] != wrong


def test_reported_content_ends_where_the_next_statement_starts():
    qs = _quotes(
        "وقال باحثون بريطانيون إن حالات الانتحار تزيد في شهر مايو وهم يعتقدون أن الأمر "
        "راجع إلى حالة الطقس ."
    )
    assert _find(qs, "حالات الانتحار")[1].endswith("شهر مايو")
    qs = _quotes(
        "وقال مراسل الجزيرة في موسكو إن روسيا تسعى لاستخدام مواردها ، ولكنه توقع أن يلي هذه "
        "التصريحات خطوات لتلطيف الأجواء ."
    )
    assert _find(qs, "روسيا تسعى")[1].endswith("مواردها")
    qs = _quotes(
        "وقال أعضاء في مجلس الأمن إن بريطانيا وفرنسا اعترضتا على التعجل ، وأكدتا أن مرشحين "
        "اثنين لم يدخلا السباق إلا متأخرين ."
    )
    assert _find(qs, "مرشحين اثنين")[0] == "indirect"
    qs = _quotes(
        "وقال ان سورية وايران وتركيا تتدخل في شؤون العراق وحذر الدول الثلاث من أن صبر العراق "
        "يوشك أن ينفد ."
    )
    assert _find(qs, "سورية وايران")[1].endswith("شؤون العراق")


def test_a_clause_that_opens_with_a_quoted_term_and_goes_on_is_indirect():
    qs = _quotes('وأشار عباس إلى أن " شلل " عملية السلام والإجراءات الأحادية غير مقبولة .')
    assert _find(qs, "عملية السلام")[0:3:2] == ("indirect", "عباس")
    assert ("partial", "شلل", "عباس") in qs
    qs = _quotes('ووصف الوزير الهجوم بأنه " عشوائي " .')
    assert [q[0] for q in qs] == ["partial"]  # nothing goes on after the term
    qs = _quotes('ووصف رئيس الحزب التعديل بأنه " مسرحية هزلية " قامت بها الحكومة .')
    assert [q[0] for q in qs] == ["partial"]  # وصف: what goes on describes the term


def test_a_long_quoted_stretch_inside_reported_content_is_partial():
    qs = _quotes('وقال المتحدث إن تلك الاتهامات " هي مجرد تكهنات لا تستند إلى أية قواعد " .')
    assert _find(qs, "تلك الاتهامات")[0] == "indirect"
    assert ("partial", "هي مجرد تكهنات لا تستند إلى أية قواعد", "المتحدث") in qs


def test_passives_and_impersonals_report_nobody():
    assert _quotes("وقدرت الخسائر بنحو مليون دولار .") == []
    assert _quotes("وتبين أن الرجل كان مريضا .") == []


def test_quoted_names_are_no_quotes():
    qs = _quotes('وقال المتحدث لهيئة " بي. بي. سي " إن الحوار مستمر .')
    assert [q for q in qs if "بي" in q[1]] == []  # an acronym spelt out
    qs = _quotes("وأعلنت « الجبهة الشعبية لتحرير فلسطين » أنها ستقاطع الانتخابات .")
    assert [q for q in qs if q[0] == "partial"] == []  # a front
    qs = _quotes(
        "الدار البيضاء - '' وام '' : وصل صاحب السمو رئيس الدولة ظهر أمس إلى الدار البيضاء ."
    )
    assert [q for q in qs if "وام" in q[1]] == []  # a news agency
    qs = _quotes(
        "وأشاد مدير الاتحاد المصري للمصارعة مصطفى عبد الله بفوز عبد الفتاح الشهير ب ـ "
        '" بوجي " وقال إنه يفتح آفاقا جديدة .'
    )
    assert [q for q in qs if "بوجي" in q[1]] == []  # a nickname
    assert "مصطفى عبد الله" in _find(qs, "آفاقا جديدة")[2]  # أشاد: the running speaker
    qs = _quotes(
        "وقال الفنان إن المعرض يضم لوحات « منظر للنيل » و « الحياة في النيل » و « مركب النيل » ."
    )
    assert [q[0] for q in qs] == ["indirect"]  # titles in a row
    assert "media" not in classes().get("ان", frozenset())  # 'سي إن إن' gave أن a class
    qs = _quotes("وبعث الملك ببرقية تهنئة إلى رئيس الوزراء : نتمنى لكم التوفيق .")
    assert [q for q in qs if q[2] == "رئيس الوزراء"] == []  # the addressee of إلى
    qs = _quotes('وقال السفير إنه لا يمكن التوصل إلى ذلك مع " مجموعة من الإرهابيين " .')
    assert ("partial", "مجموعة من الإرهابيين", "السفير") in qs  # a naming noun, partitive: words
    qs = _quotes(
        'وخرج المتظاهرون تحت شعار " لا للغلاء " ، ووجهت إليهم النيابة تهمة " الإخلال بالأمن " .'
    )
    assert [q for q in qs if q[0] == "partial"] == []  # a slogan, a charge: names
    qs = _quotes('وقال الوزير إن العملية " الدفاعية " ستستمر أياما .')
    assert ("partial", "الدفاعية", "الوزير") in qs  # a definite quote after العملية: its adjective


def test_a_stray_closing_mark_before_the_narrative_opens_nothing():
    text = (
        '" وقال معهد الرصد إن البركان يظهر علامات ثوران . وقال رئيس المعهد " مادام ينهار '
        'فإنه يشكل خطرا . "'
    )
    qs = _quotes(text)
    assert ("direct", "مادام ينهار فإنه يشكل خطرا .", "رئيس المعهد") in qs
    assert not [q for q in qs if q[1].startswith("وقال")]


def test_quote_marks_an_outlet_uses_oddly():
    text = (
        "حصلت شركة سياك على حقوق تصميم السيارة » روفر 75 و « روفر 25 » وحق تصنيع سيارات "
        "تستوحي هذا التصميم . وطرح في دبي طراز عام 2007 من « نيسان أورفان » الجديد كليا ."
    )
    pairs = [text[q.start : q.end] for q in pair_quotes(text)]
    assert "روفر 25" in pairs and "نيسان أورفان" in pairs  # a stray reversed guillemet
    text = "وحذر من » أضرار دائمة « لسمعة بريطانيا ومن » تدخل سافر « في شؤون المنطقة ."
    assert [text[q.start : q.end] for q in pair_quotes(text)] == ["أضرار دائمة", "تدخل سافر"]
    qs = _quotes("وأضاف فيشمان ' من خلف السكون الظاهري في قطاع غزة تدور عمليات تسلح ' .")
    assert _find(qs, "من خلف السكون")[0:3:2] == ("direct", "فيشمان")  # a single apostrophe
    assert mask_apostrophe_quotes("Qur'an و it's") == "Qur'an و it's"
    stray = "زار الرئيس 5 ' مدن وقال إن الوضع خطير جدا ."
    assert mask_apostrophe_quotes(stray) == stray  # one apostrophe alone opens nothing


def test_an_indefinite_title_and_a_colon_glued_to_the_sentence_before_is_a_headline():
    qs = _quotes(
        "وأجبرت القوة المهاجمة على التراجع بعد اشتباك بالقرب من بعلبك متحدث إسرائيلي : "
        "العملية لوقف تهريب الأسلحة ."
    )
    assert _find(qs, "لوقف تهريب")[0:3:2] == ("direct", "متحدث إسرائيلي")


def test_eval_quotes_scores_every_shipped_set():
    from marsad.eval import quotes as ev

    report = ev.evaluate_all_sets()
    assert {"quotes", "quotes_blind11", "quotes_dev_mixed"} <= set(report["sets"])
    pooled = report["pooled"]
    assert pooled["marsad"]["counts"]["gold"] == sum(s["quotes"] for s in report["sets"].values())
    assert pooled["marsad"]["speaker"]["f1"] > pooled["baseline"]["speaker"]["f1"]


def test_eval_quotes_agreement_scores_second_annotations():
    from marsad.eval import quotes as ev

    report = ev.evaluate_agreement()
    assert {"quotes_blind12", "quotes_blind13", "quotes_blind16"} <= set(report)
    for rows in report.values():
        assert {"marsad vs gold", "a vs b", "b vs a"} <= set(rows)
        # one annotator against the other: the spans matched are the same pairs either way
        ab, ba = rows["a vs b"]["span_overlap"], rows["b vs a"]["span_overlap"]
        assert (ab["precision"], ab["recall"]) == (ba["recall"], ba["precision"])
    # a re-annotation made apart from the gold is scored against it; the two annotations
    # a gold was adjudicated from are not (the gold is made of them)
    assert {"a vs gold", "b vs gold"} <= set(report["quotes_blind12"])
    assert not {"a vs gold", "b vs gold"} & set(report["quotes_blind16"])


def test_an_annotation_scored_against_itself_is_perfect_and_a_changed_one_is_not():
    from marsad.eval import quotes as ev

    items = ev.load_gold()
    articles = [ev.prepare(it) for it in items[:12]]
    same = ev.evaluate(items[:12], ev.annotation_quotes(items[:12]), articles)
    for key in ("span_overlap", "span_exact", "speaker"):
        assert same[key]["precision"] == same[key]["recall"] == 1.0
    # the same annotation with every speaker moved to the text's first word
    moved = [
        {
            **it,
            "quotes": [
                {**q, "speaker": it["text"].split()[0], "speaker_start": 0, "speaker_end": 1}
                for q in it["quotes"]
            ],
        }
        for it in items[:12]
    ]
    other = ev.evaluate(items[:12], ev.annotation_quotes(moved), articles)
    assert other["span_exact"]["precision"] == 1.0
    assert other["speaker"]["recall"] < 0.5


@pytest.mark.parametrize(
    "text",
    ["وقال رئيس بعثة مصر إلى البطولة", "نص\nوقال المتحدث باسم الخارجية هو", "ووصف الوزير", 'قال "'],
)
def test_a_text_that_ends_inside_a_frame_gives_no_crash(text):
    assert isinstance(_quotes(text), list)  # headlines and cut lines end anywhere


def test_seeds_cut_anywhere_give_no_crash(seed_texts):
    for text in seed_texts.values():
        cuts = set(range(1, len(text), 97))
        for word in ("قال", "أكد", "وأضاف", "إلى", "هو", ":", "“", '"'):
            cuts |= {i + len(word) for i in range(len(text)) if text.startswith(word, i)}
        for cut in sorted(cuts):
            assert isinstance(_quotes(text[:cut]), list)


@pytest.mark.parametrize(
    "text, owner",
    [
        ('وانتقد الوزير ما تسميه إسرائيل " الحزام الأمني " في الجنوب .', "إسرائيل"),
        ('وانتقد الوزير " الحزام الأمني " كما تسميه إسرائيل في الجنوب .', "إسرائيل"),
        (
            'وانتقد الوزير " الحزام الأمني " على حد تعبير المتحدث الإسرائيلي .',
            "المتحدث الإسرائيلي",
        ),
        (
            'وقال الوزير إن الهجوم تجاوز حدود العملية " الدفاعية " التي تقول إسرائيل إنها تنفذها .',
            "إسرائيل",
        ),
        ('وقال الوزير إن ما وصفه الرئيس ب " الإصلاح " لم يتحقق .', "الرئيس"),
        ('وانتقد الوزير ما يسمى " الحزام الأمني " في الجنوب .', "الوزير"),  # nobody named
        ('واتهم الوزير ما اسماه ب ـ " قوى التطرف " بالسعي إلى الحرب .', "الوزير"),
        ('وقال الكاتب إن التكتلات ليست إلا ما كان يسميه سعد زغلول " الأصفار " .', "سعد زغلول"),
        ('وهتف المتظاهرون " لا للفساد " أمام البرلمان .', "المتظاهرون"),
        (
            'وفضل المدرب فان باستن المهاجم الشاب كلاس يان هانتيلار عليه لأنه " الأفضل " حسب رأيه .',
            "فان باستن",
        ),
        ('وقالت صحيفة هآرتس إن إسرائيل تتوقع أن " يتراجع التوتر " في الشمال قريبا .', "إسرائيل"),
    ],
)
def test_a_quoted_term_belongs_to_the_party_the_text_names_beside_it(text, owner):
    assert [q[2] for q in _quotes(text) if q[0] == "partial"] == [owner]


# a review of this session's rules: ordinary sentences they must not break
REVIEWED = [
    ("وقال السفير الروسي ردا على سؤال إن موسكو لن تتدخل .", "موسكو لن تتدخل", "السفير الروسي"),
    ("وقال الرئيس الأمريكي مخاطبا الحضور إن الحرب انتهت .", "الحرب انتهت", "الرئيس الأمريكي"),
    (
        "وقال الرئيس سامي حداد إن الوضع صعب . وجاء في خطابه أن الحكومة ستتخذ إجراءات . "
        "وأضاف أن الانتخابات ستجرى في موعدها .",
        "الانتخابات ستجرى",
        "الرئيس سامي حداد",
    ),
    ("وجاء في بيان لوزارة الخارجية أن الوفد سيصل غدا .", "الوفد سيصل", "وزارة الخارجية"),
    ("وعاد الهدوء إلى المدينة ليعلن الجيش أن الوضع تحت السيطرة .", "تحت السيطرة", "الجيش"),
    (
        'وقال الشيخ " وقال رسول الله صلى الله عليه وسلم إن الدين النصيحة " وأضاف أن ذلك واجب .',
        "ذلك واجب",
        "الشيخ",
    ),
    ("مرسي : أعلنت الحرب على الفساد ولن أتراجع .", "أعلنت الحرب", "مرسي"),
    ("وقال الرئيس لو أن الحكومة استمعت إلينا لما حدث ذلك .", "الحكومة استمعت", "الرئيس"),
    (
        'وأطلقت بريطانيا عملية عسكرية بهدف ما سمته " مكافحة الإرهاب " .',
        "مكافحة الإرهاب",
        "بريطانيا",
    ),
    (
        "وخرج وزير الخارجية ليقول للصحفيين إن المفاوضات متعثرة .",
        "المفاوضات متعثرة",
        "وزير الخارجية",
    ),
    ("وعاد ترامب ليقول مجددا إن الانتخابات مزورة .", "الانتخابات مزورة", "ترامب"),
    (
        "وقالت وزيرة الخارجية الألمانية أنالينا بيربوك إن الحل سياسي . وقال الرئيس الفرنسي "
        "إيمانويل ماكرون إن الحرب طويلة . وجاء في كلمتها أن أوروبا موحدة .",
        "أوروبا موحدة",
        "وزيرة الخارجية الألمانية أنالينا بيربوك",
    ),
    (
        "وقال الرئيس سامي حداد إن الوضع صعب . وجاء في تصريحاته أن الحكومة ستتخذ إجراءات .",
        "ستتخذ إجراءات",
        "الرئيس سامي حداد",
    ),
    ("ووقع بوتين الاتفاق الجديد الذي قالت الحكومة إنه سيعزز التعاون .", "سيعزز", "الحكومة"),
    (
        "وزار وزير الخارجية جون كيري المخيم الذي قال سكانه إن المساعدات لم تصل .",
        "المساعدات",
        "سكانه",
    ),
    ("واجتمع محمود عباس مع وفد حركة حماس الذي قال إن المصالحة قريبة .", "المصالحة", "حماس"),
    (
        "وكان محمود عباس قد التقى الصحفيين أمس . وفي مقابلة مع نيويورك تايمز قال إن "
        "المفاوضات متوقفة .",
        "المفاوضات متوقفة",
        "محمود عباس",
    ),
    (
        "واستقبل الرئيس عبد الفتاح السيسي وزير الخارجية الأمريكي . وفي اجتماع مع أنتوني "
        "بلينكن أكد أن مصر ترفض التهجير .",
        "ترفض التهجير",
        "عبد الفتاح السيسي",
    ),
    ("وفي لقاء مع أحمد المالكي قال إن الحكومة ستجري انتخابات مبكرة .", "انتخابات", "أحمد المالكي"),
    (
        'وقال رئيس الشركة سامي حداد " نحن ملتزمون بخطة التوسع " .',
        "ملتزمون",
        "رئيس الشركة سامي حداد",
    ),
    ('وقالت مؤسسة بيل غيتس " سنضاعف تمويل اللقاحات " .', "سنضاعف", "مؤسسة بيل غيتس"),
    (
        'وقال الرئيس باراك أوباما إن " الحرب انتهت " . وقال سامي حداد مدير مركز الدراسات في '
        'جامعة القاهرة إن " واشنطن لا تملك خطة " . وأضاف المحلل أن " الوقت ينفد " .',
        "الوقت ينفد",
        "سامي حداد مدير مركز الدراسات في جامعة القاهرة",
    ),
    (
        'وانتقد مستشار الرئيس حسني مبارك المشير حسين طنطاوي " التدخل الأمريكي في الشؤون '
        'المصرية " .',
        "التدخل الأمريكي",
        "مستشار الرئيس حسني مبارك المشير حسين طنطاوي",
    ),
]


@pytest.mark.parametrize("text, needle, speaker", REVIEWED)
def test_reviewed_sentences_keep_their_speaker(text, needle, speaker):
    assert _find(_quotes(text), needle)[2] == speaker


def test_reviewed_quoted_terms():
    owners = {
        'وقال الوزير إن مصر أبلغت إسرائيل أن " صبر القاهرة له حدود " .': "مصر",  # not the addressee
        'وقال السفير إن بلاده أكدت لفرنسا أن الاتفاق " مهم جدا " .': "السفير",
        'وقالت الصحيفة إن إسرائيل أعلنت أن الهجوم انتهى ، وإن الحكومة ستواصل " الحرب على '
        'الإرهاب " .': "الصحيفة",  # a second clause of the newspaper's own
        'ووفقا لرويترز ، تسعى أنقرة إلى ما سمته " منطقة آمنة " في سوريا .': None,
        'وانتقد الرئيس الأمريكي إيران بسبب ما سماه " سلوكها المزعزع " .': "الرئيس الأمريكي",
        'وبدأ بوتين حملة عسكرية ضد ما سماه " النازيين الجدد " .': "بوتين",
        'وقال حزب الله في بيان إن المقاومة جاهزة . وشهدت رام الله مظاهرات ضد " صفقة القرن " .': None,
    }
    owners['وتعد الخطة " الأفضل " حسب رأيه . وقال وزير المالية محمد معيط إن العجز تراجع .'] = None
    owners[
        'بعد لقاء إيمانويل ماكرون ، قال عبد الفتاح السيسي إن التهجير " خط أحمر " على حد تعبيره .'
    ] = "عبد الفتاح السيسي"  # the one whose words hold the term
    for text, owner in owners.items():
        assert [q[2] for q in _quotes(text) if q[0] == "partial"] == [owner], text
    qs = _quotes(
        'وكتبت الصحيفة تحت عنوان " التهديد السوري بشأن الجولان يضع إسرائيل على أهبة '
        'الاستعداد للحرب " أن الجيش في حالة تأهب .'
    )
    assert not [q for q in qs if q[1].startswith("التهديد السوري")]  # a headline, no statement
    qs = _quotes('وصدر في ألمانيا كتاب نجيب محفوظ " رحلة مع الحياة " ويضم صورا نادرة .')
    assert qs == []  # a work and its author, then its title
    qs = _quotes('وشنت القوات غارات على غزة تحت ذريعة " الدفاع عن النفس " .')
    assert [q[0] for q in qs] == ["partial"]  # a pretext in quotes is a term, not a label
    qs = _quotes('وقال الوزير إن ما جرى كان عملية " انتحارية " نفذها مسلحون .')
    assert ("partial", "انتحارية", "الوزير") in qs  # a nisba adjective, not a name
    qs = _quotes('ورفع المتظاهرون شعار " الشعب يريد إسقاط النظام " في الساحة .')
    assert [q[0] for q in qs if "الشعب يريد" in q[1]] == ["partial"]  # a crowd's words


def test_a_phrase_with_a_preposition_is_no_person():
    assert not is_person(normalize("عرض في الشرق الأوسط").split())
    for name in ("حسن نصر الله", "محمد علي كلاي", "عادل إمام", "شون بين"):
        assert is_person(normalize(name).split()), name  # prepositions that are also names


def test_entity_index_agrees_with_a_scan_of_every_mention_even_with_overlong_ones():
    import random

    from marsad.model import Article
    from marsad.quotes.speakers import _PLACE_SPEAKER_SHARE, EntityIndex

    def scan(layer, start, end):  # the plain scan the index replaces
        best, best_rank = None, (0, 0, 0)
        for n, sp in enumerate(layer):
            if sp.attrs.get("entity_id") is None or sp.end <= start or sp.start >= end:
                continue
            overlap = min(sp.end, end) - max(sp.start, start)
            actor = sp.label.upper()[:3] in ("PER", "ORG")
            if not actor and overlap < _PLACE_SPEAKER_SHARE * (end - start):
                continue
            if (int(actor), overlap, -n) > best_rank:
                best, best_rank = sp, (int(actor), overlap, -n)
        return None if best is None else str(best.attrs["entity_id"])

    rng = random.Random(7)
    for _ in range(40):
        layer = []
        for k in range(rng.randint(0, 60)):
            a = rng.randint(0, 5000)
            length = rng.choice([rng.randint(1, 40), rng.randint(300, 4000)])  # some overlong
            eid = None if rng.random() < 0.1 else f"e{k % 7}"
            label = rng.choice(["PER", "ORG", "LOC", "PERS"])
            layer.append(Span(a, a + length, label, {"entity_id": eid}))
        article = Article(id="x", raw="", text="")
        article.layers["entity"] = layer
        index = EntityIndex(article)
        for _ in range(60):
            s = rng.randint(0, 5200)
            e = s + rng.randint(1, 60)
            assert index.entity_for(s, e) == scan(layer, s, e)
