"""Story summaries (marsad.stories.summary), ROUGE (marsad.eval.rouge) and the EASC evaluation."""

from __future__ import annotations

import argparse
import json
import time
from importlib.resources import files
from pathlib import Path

import pytest

from marsad.clean import clean
from marsad.eval import rouge
from marsad.eval import summary as easc
from marsad.model import DATE, ENTITY, Article, Span
from marsad.stories.summary import (
    FEATURES,
    compute_features,
    headline,
    load_model,
    rank_sentences,
    select,
    sentence_units,
    summarize,
    word_count,
)
from marsad.text import annotate_text, split_sentences

# --- ROUGE -------------------------------------------------------------------------------


def test_rouge_tokens_fold_hamza_diacritics_and_punctuation() -> None:
    assert rouge.rouge_tokens("أكّد الرئيسُ، إنّ") == rouge.rouge_tokens("اكد الرئيس ان")
    # Summaries glued across a lost line break still split at the period.
    assert rouge.rouge_tokens("الكلاسيكية.بدا") == ["الكلاسيكيه", "بدا"]
    assert rouge.rouge_tokens("") == []


def test_rouge_values_by_hand() -> None:
    sys_t = ["a", "b", "c", "d"]
    ref_t = ["a", "b", "x", "d", "e"]
    # R1: overlap 3, P 3/4, R 3/5 -> F 2*.75*.6/1.35
    assert rouge.rouge_n(sys_t, ref_t, 1) == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    # R2: sys bigrams ab bc cd, ref ab bx xd de: overlap 1 -> P 1/3, R 1/4
    assert rouge.rouge_n(sys_t, ref_t, 2) == pytest.approx(2 * (1 / 3) * 0.25 / (1 / 3 + 0.25))
    assert rouge.lcs_length(sys_t, ref_t) == 3
    assert rouge.rouge_l(sys_t, sys_t) == 1.0
    assert rouge.rouge_n(["a", "a", "a"], ["a"], 1) == pytest.approx(0.5)  # clipped counts
    scores = rouge.rouge_multi("a b c d", ["a b c d", "x y"])
    assert scores["rouge1"] == pytest.approx(0.5)
    assert rouge.rouge_multi("a", []) == {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}


def test_word_count_matches_rouge_tokens(seed_texts: dict[str, str]) -> None:
    for text in seed_texts.values():
        assert word_count(text) == len(rouge.rouge_tokens(text))


# --- summaries on the seed story ---------------------------------------------------------


@pytest.fixture(scope="module")
def seed_articles(seed_texts: dict[str, str]) -> list[Article]:
    out = []
    for i, (name, text) in enumerate(sorted(seed_texts.items())):
        a = clean(Article(id=name, raw=text, source=f"outlet{i}"))
        a.published = f"2023-09-{20 + (i % 3):02d}"
        out.append(annotate_text(a))
    return out


def test_seed_story_summary_cites_whole_sentences(seed_articles: list[Article]) -> None:
    items = summarize(seed_articles, max_words=120)
    assert items
    by_id = {a.id: a for a in seed_articles}
    total = 0
    for it in items:
        a = by_id[it["article_id"]]
        assert a.text[it["start"] : it["end"]] == it["text"]
        spans = {(s.start, s.end) for s in split_sentences(a.text)}
        assert (it["start"], it["end"]) in spans  # a whole sentence, never a fragment
        total += word_count(it["text"])
    assert total <= 120
    assert len({it["article_id"] for it in items}) >= 2  # a story summary draws on outlets
    dates = [it["date"] for it in items]
    assert dates == sorted(dates)  # chronological
    # Within one article the sentences keep their text order.
    for aid in by_id:
        starts = [it["start"] for it in items if it["article_id"] == aid]
        assert starts == sorted(starts)


def test_length_is_configurable(seed_articles: list[Article]) -> None:
    short = summarize(seed_articles, max_words=40)
    long = summarize(seed_articles, max_words=250)
    assert sum(word_count(i["text"]) for i in short) <= 40
    assert sum(word_count(i["text"]) for i in long) > sum(word_count(i["text"]) for i in short)
    assert len(summarize(seed_articles, max_words=500, max_sentences=2)) <= 2
    assert summarize(seed_articles, max_words=0) == []


def test_no_summary_sentence_starts_with_a_dangling_continuation(
    seed_articles: list[Article],
) -> None:
    by_id = {a.id: a for a in seed_articles}
    for budget in (60, 120, 300, 600):
        items = summarize(seed_articles, max_words=budget)
        kept = {(i["article_id"], i["start"]) for i in items}
        for it in items:
            units = sentence_units([by_id[it["article_id"]]])
            unit = next(u for u in units if u.start == it["start"])
            if unit.dangling:
                before = next(u for u in units if u.index == unit.index - 1)
                assert (it["article_id"], before.start) in kept, it["text"]


def test_attribution_is_kept_with_its_continuation() -> None:
    # The continuation is the most central sentence; it may only come with its speaker.
    text = (
        "قال وزير الخارجية الأذربيجاني جيهون بيراموف في مؤتمر صحفي في باكو يوم الأربعاء.\n"
        "وأضاف أن الهجوم على كاراباخ انتهى وأن الانفصاليين في كاراباخ سلموا أسلحتهم في كاراباخ.\n"
        "وذكرت وكالة أنباء محلية أن الطقس كان معتدلا في العاصمة طوال اليوم كما هو معتاد.\n"
        "وتحدث شهود عن هدوء حذر في كاراباخ بعد أن سلم الانفصاليون أسلحتهم في كاراباخ."
    )
    a = annotate_text(Article(id="t", raw=text, text=text))
    b_text = "الانفصاليون في كاراباخ سلموا أسلحتهم بعد الهجوم على كاراباخ، وفق مصادر في باكو."
    b = annotate_text(Article(id="u", raw=b_text, text=b_text))
    for budget in (15, 30, 45, 80):
        for arts in ([a], [a, b]):
            items = summarize(arts, max_words=budget)
            texts = [i["text"] for i in items]
            for k, t in enumerate(texts):
                if t.startswith("وأضاف"):
                    assert k > 0 and texts[k - 1].startswith("قال وزير"), (budget, texts)


def test_selection_never_takes_a_continuation_without_its_speaker() -> None:
    text = (
        "قال وزير الخارجية في مؤتمر صحفي عقده في العاصمة باكو صباح الأربعاء.\n"
        "وأضاف أن القوات الانفصالية في كاراباخ سلمت أسلحتها بالكامل.\n"
        "وأشار الوزير إلى أن المحادثات مع ممثلي السكان الأرمن ستبدأ قريبا."
    )
    other = "الانفصاليون في كاراباخ يسلمون أسلحتهم للقوات الأذربيجانية بعد هجوم خاطف."
    a = Article(id="a", raw=text, text=text)
    b = Article(id="b", raw=other, text=other)
    for arts in ([a], [a, b]):
        units = sentence_units(arts)
        compute_features(units, [None] * len(arts))
        assert [u.dangling for u in units[:3]] == [False, True, False]
        for u, score in zip(units, [0.0, 1.0, 0.4, 0.3], strict=False):
            u.score = score  # the continuation is the best sentence, its speaker the worst
        n0, n1 = len(units[0].words), len(units[1].words)
        # Room for the continuation alone, not with its speaker: it must stay out.
        picked = select(units, n1 + 1)
        assert units[1] not in picked
        # Room for both: the continuation comes with its speaker.
        picked = select(units, n0 + n1)
        assert units[1] in picked and units[0] in picked


def test_entities_not_yet_covered_win_a_tie() -> None:
    one = "اجتمع المسؤولون في العاصمة لبحث الوضع الأمني في المنطقة الجبلية."
    two = "التقى بيراموف وباشينيان في بروكسل لبحث الوضع الأمني في المنطقة."
    a, b = Article(id="a", raw=one, text=one), Article(id="b", raw=two, text=two)
    for name in ("بيراموف", "باشينيان", "بروكسل"):
        k = two.index(name)
        b.layers[ENTITY] = [*b.layers.get(ENTITY, []), Span(k, k + len(name), "PERS", {})]
    units = sentence_units([a, b])
    compute_features(units, [None, None])
    assert units[1].entities == {"بيراموف", "باشينيان", "بروكسل"}
    for u in units:
        u.score = 0.5
    picked = select(units, max(len(u.words) for u in units))
    assert [u.doc for u in picked] == [1]
    ranked = rank_sentences(units, 100)
    assert {u.doc for u in ranked} == {0, 1}


def test_dated_sentences_order_by_their_dates() -> None:
    old = "اندلعت حرب في الإقليم في عام 2020 وأسفرت عن سيطرة أذربيجان على مناطق واسعة."
    new = "أعلنت أذربيجان اليوم سيطرتها الكاملة على الإقليم بعد هجوم استمر يوما واحدا."
    a = Article(id="a", raw=new, text=new, published="2023-09-21")
    b = Article(id="b", raw=old, text=old, published="2023-09-22")
    b.layers[DATE] = [Span(old.index("عام 2020"), old.index("عام 2020") + 8, "date",
                           {"value": "2020"})]  # fmt: skip
    items = summarize([a, b], max_words=100)
    assert [i["article_id"] for i in items] == ["b", "a"]
    assert items[0]["date"] == "2020"


def test_headline(seed_articles: list[Article]) -> None:
    items = summarize(seed_articles)
    titled = [a.title for a in seed_articles if a.title]
    assert headline(seed_articles, items) in titled
    untitled = [Article(id=a.id, raw=a.raw, text=a.text) for a in seed_articles]
    h = headline(untitled, summarize(untitled))
    assert h and len(h) <= 112 and h in " ".join(i["text"] for i in summarize(untitled))
    assert headline([], []) == ""


@pytest.mark.parametrize(
    "text",
    ["", "   \n ", "Only Latin text here. Nothing Arabic at all, but sentences.", "؟؟؟ ... !!",
     "نص عربي قصير", "مزيج mixed نص text " * 50, "\x00\ufeff" * 10],
)  # fmt: skip
def test_bad_input_never_crashes(text: str) -> None:
    out = summarize([Article(id="x", raw=text, text=text)], max_words=50)
    assert isinstance(out, list)
    assert isinstance(headline([Article(id="x", raw=text, text=text)], out), str)
    assert summarize([]) == []


def test_huge_input_is_bounded(seed_texts: dict[str, str]) -> None:
    big = "\n".join(seed_texts.values()) * 8
    a = Article(id="big", raw=big, text=big)
    t = time.perf_counter()
    out = summarize([a], max_words=120)
    assert time.perf_counter() - t < 5.0
    assert out and sum(word_count(i["text"]) for i in out) <= 120


def test_duplicates_are_not_summarised_twice(seed_articles: list[Article]) -> None:
    copy = Article(id="copy", raw=seed_articles[0].raw, text=seed_articles[0].text,
                   duplicate_of=seed_articles[0].id)  # fmt: skip
    items = summarize([*seed_articles, copy])
    assert all(i["article_id"] != "copy" for i in items)


# --- the shipped model and the EASC evaluation -------------------------------------------


def test_model_file_is_documented_and_consistent() -> None:
    model = load_model()
    assert "EASC" in model["about"]
    assert set(model["features"]) <= set(FEATURES)
    n = len(model["features"])
    assert len(model["coef"]) == len(model["mean"]) == len(model["scale"]) == n
    for name in ("summary_continuations.txt", "summary_dangling_next.txt"):
        head = (files("marsad") / "data" / "models" / name).read_text(encoding="utf-8")
        assert head.startswith("#")


def test_easc_loads_every_article_with_five_references(data_dir: Path) -> None:
    docs = easc.load_easc(data_dir / "easc")
    assert len(docs) == 153
    assert all(len(d.refs) == 5 for d in docs)
    assert sum(bool(d.title) for d in docs) >= 150  # Titles.txt names differ in case


def test_easc_single_document_summaries_are_whole_sentences(data_dir: Path) -> None:
    docs = easc.load_easc(data_dir / "easc")[:10]
    for d in docs:
        a = d.article()
        items = summarize([a], max_words=121)
        assert items and sum(word_count(i["text"]) for i in items) <= 121
        spans = {(s.start, s.end) for s in split_sentences(a.text)}
        assert all((i["start"], i["end"]) in spans for i in items)


def test_eval_command_runs_and_scores_all_systems(data_dir: Path, capsys) -> None:
    parser = argparse.ArgumentParser()
    easc.add_arguments(parser)
    args = parser.parse_args(["--data", str(data_dir / "easc"), "--json", "--limit", "15",
                              "--folds", "3"])  # fmt: skip
    assert easc.run(args) == 0
    result = json.loads(capsys.readouterr().out)
    for name in ("marsad", "lead", "lexrank", "textrank"):
        r = result[name]
        assert 20 < r["rouge1"] < 80 and 10 < r["rouge2"] < r["rouge1"]
        # Filled to each document's mean reference length; the last sentence may cross it.
        assert result["_meta"]["budget_words"] <= r["words"] < 2.5 * result["_meta"]["budget_words"]
    assert result["_meta"]["documents"] == 15
    assert set(result["_meta"]["length_matched"]) == {"marsad", "lead"}
    assert easc.run(parser.parse_args(["--data", "/nonexistent"])) == 2
