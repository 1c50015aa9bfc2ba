"""Entities end to end on the seeds: the trained tagger, corpus propagation and profiles."""

from __future__ import annotations

import pytest

from marsad.entities.propagate import propagate_entities
from marsad.model import ENTITY, Article, Span
from marsad.pipeline import analyze
from marsad.text.normalize import normalize

KARABAKH = ("كاراباخ", "كارباخ", "كراباخ", "قره باغ")
PEOPLE = {  # one person, every spelling the outlets use
    "aliyev": ("علييف",),
    "hajiyev": ("حاجييف", "حجييف"),
    "pashinyan": ("باشينيان",),
    "putin": ("بوتين",),
}


@pytest.fixture(scope="module")
def report(seeds_dir):
    return analyze([seeds_dir])


def _profiles_with(report, words):
    forms = [normalize(w) for w in words]
    return [
        e for e in report.entities if any(f in normalize(v) for v in e["variants"] for f in forms)
    ]


def test_every_karabakh_spelling_in_every_outlet_is_one_entity(report):
    found = _profiles_with(report, KARABAKH)
    assert len(found) == 1, [e["name"] for e in found]
    karabakh = found[0]
    assert karabakh["type"] == "LOC"
    assert {m["article_id"][:3] for m in karabakh["mentions"]} == {
        "000",
        "001",
        "002",
        "003",
        "004",
    }
    variants = {normalize(v) for v in karabakh["variants"]}
    for spelling in ("ناغورني كاراباخ", "ناجورنو كاراباخ", "ناغورنو كاراباخ", "قره باغ"):
        assert normalize(spelling) in variants, spelling


def test_people_named_by_several_outlets_have_one_profile_each(report):
    for person, spellings in PEOPLE.items():
        found = [e for e in _profiles_with(report, spellings) if e["type"] == "PER"]
        assert len(found) == 1, (person, [e["name"] for e in found])
        assert len({m["article_id"] for m in found[0]["mentions"]}) >= 2, person


def test_no_two_people_share_a_profile(report):
    for entity in report.entities:
        if entity["type"] != "PER":
            continue
        holders = {p for p, sp in PEOPLE.items() if _profiles_with_one(entity, sp)}
        assert len(holders) <= 1, (entity["name"], holders)


def _profiles_with_one(entity, spellings):
    return any(normalize(s) in normalize(v) for v in entity["variants"] for s in spellings)


def test_roles_and_mentions_point_into_the_text(report):
    articles = {a.id: a for a in report.articles}
    hajiyev = next(e for e in _profiles_with(report, PEOPLE["hajiyev"]) if e["type"] == "PER")
    assert any("مستشار الرئيس الأذربيجاني" in r for r in hajiyev["roles"])
    for entity in report.entities:
        for m in entity["mentions"]:
            assert articles[m["article_id"]].text[m["start"] : m["end"]] == m["text"]


def test_quote_speakers_are_linked_to_profiles(report):
    ids = {e["id"] for e in report.entities}
    linked = [q for a in report.articles for q in a.spans("quote") if q.attrs["speaker_entity_id"]]
    assert len(linked) >= 20
    assert all(q.attrs["speaker_entity_id"] in ids for q in linked)


def test_propagation_labels_untagged_known_names_longest_first():
    a = Article(id="a", raw="", text="وصل إلهام علييف إلى باكو.")
    start = a.text.index("إلهام")
    a.set_layer(ENTITY, [Span(start, start + len("إلهام علييف"), "PER", {})])
    b = Article(
        id="b", raw="", text="قال علييف إن الوضع في ناغورني قره باغ هادئ، وإلهام علييف وافق."
    )
    start = b.text.index("ناغورني")
    b.set_layer(ENTITY, [Span(start, start + 7, "LOC", {})])  # the tagger stopped at ناغورني
    added = propagate_entities([a, b])
    got = [(b.text[s.start : s.end], s.label) for s in b.spans(ENTITY)]
    assert ("ناغورني قره باغ", "LOC") in got  # alias table, longer than the tagged piece
    assert ("إلهام علييف", "PER") in got  # tagged in article a; the clitic و stays outside
    assert ("ناغورني", "LOC") not in got
    assert added == 2


def test_a_place_inside_a_speaker_phrase_is_not_the_speaker(report):
    azerbaijan = next(e["id"] for e in report.entities if e["name"] == "أذربيجان")
    quotes = [q for a in report.articles for q in a.spans("quote") if q.attrs.get("speaker")]
    office = [q for q in quotes if "للادعاء العام" in q.attrs["speaker"]]
    country = [q for q in quotes if q.attrs["speaker"] == "أذربيجان"]
    assert office and country
    assert all(q.attrs["speaker_entity_id"] != azerbaijan for q in office)
    assert all(q.attrs["speaker_entity_id"] == azerbaijan for q in country)  # "قالت أذربيجان"


def test_a_name_spreads_only_when_the_tagger_labelled_most_of_its_occurrences():
    # "علي" (Ali) and "على" (on) fold to one form; two tagged uses among many plain ones
    # must not turn every preposition into a person.
    texts = ["التقى علي بالوزير.", "وصل علي إلى المدينة."] + ["سيطر الجيش على المدينة."] * 6
    articles = [Article(id=str(i), raw="", text=t) for i, t in enumerate(texts)]
    for a in articles[:2]:
        start = a.text.index("علي")
        a.set_layer(ENTITY, [Span(start, start + 3, "PER", {})])
    assert propagate_entities(articles) == 0
    assert all(not a.spans(ENTITY) for a in articles[2:])
    # Tagged in most of its uses, a name does spread to the rest.
    named = [Article(id=f"n{i}", raw="", text="قال باشينيان إن الوضع هادئ.") for i in range(3)]
    for a in named[:2]:
        start = a.text.index("باشينيان")
        a.set_layer(ENTITY, [Span(start, start + len("باشينيان"), "PER", {})])
    assert propagate_entities(named) == 1
    assert [s.label for s in named[2].spans(ENTITY)] == ["PER"]
