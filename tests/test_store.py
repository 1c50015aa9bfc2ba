"""The SQLite store (marsad.store): what makes a re-added input a no-op."""

from __future__ import annotations

from marsad.model import Article


def test_a_new_marsad_reanalyses_what_an_older_one_stored(tmp_path, monkeypatch):
    """The analysis fingerprint is part of what makes an input 'unchanged': stored
    annotations from another version of the code or data are not served as current."""
    from marsad import resources
    from marsad.store import sqlite as store_mod

    store = store_mod.Store(tmp_path / "m.db")
    art = Article(id="a", raw="قال الوزير إن الوضع صعب.", text="قال الوزير إن الوضع صعب.")
    store.add_articles([art])
    fresh = Article(id="a", raw=art.raw, text=art.text)
    assert store.is_unchanged(fresh)
    monkeypatch.setattr(store_mod, "analysis_fingerprint", lambda: "another-version")
    assert not store.is_unchanged(Article(id="a", raw=art.raw, text=art.text))
    assert len(resources.analysis_fingerprint()) == 32
