"""Entities: a trained NER tagger (`ner`), canonical profiles across spellings (`profiles`),
roles and affiliations (`roles`), transliteration-aware matching (`translit`)."""

from __future__ import annotations

from marsad.model import ENTITY, Article


def annotate_entities(article: Article) -> Article:
    """Named entities (PER, LOC, ORG, MISC) of one article; profile ids come later, across
    articles, from `profiles.resolve_profiles`."""
    from marsad.entities.ner import find_entities

    article.set_layer(ENTITY, find_entities(article))
    return article
