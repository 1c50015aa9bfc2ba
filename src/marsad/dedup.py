"""Exact and near-duplicate detection.

Exact duplicates share a content hash of the clean text. Near duplicates (a wire story
republished with a new headline or a trimmed tail) are found with MinHash LSH over
normalised word shingles. A duplicate is kept and linked to its original, never counted twice.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from marsad.model import Article, content_hash
from marsad.text.normalize import normalize

NUM_PERM = 64
SHINGLE = 4
THRESHOLD = 0.8
SCHEME = "affine32"  # stored signatures must be rebuilt with the scheme that made them


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    # Building permutations is costly; every signature shares one set.
    return MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32, scheme=SCHEME).permutations


def signature(text: str) -> np.ndarray:
    """MinHash signature (uint64 array) of the normalised word shingles of `text`."""
    words = normalize(text).split()
    shingles = {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}
    if not shingles and words:
        shingles = {" ".join(words).encode()}
    # crc32 is stable across processes (signatures are stored) and far cheaper than sha1.
    mh = MinHash(
        num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32, permutations=_permutations(), scheme=SCHEME
    )
    if shingles:
        mh.update_batch(list(shingles))
    return mh.hashvalues


def _lean(sig: np.ndarray) -> LeanMinHash:
    return LeanMinHash(seed=1, hashvalues=sig, scheme=SCHEME)


@dataclass
class DuplicateIndex:
    """Hash table plus LSH over the articles seen so far; grows incrementally."""

    threshold: float = THRESHOLD
    hashes: dict[str, str] = field(default_factory=dict)  # content hash -> article id
    lsh: MinHashLSH = field(init=False)
    signatures: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.lsh = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM)

    def add(self, article_id: str, digest: str, sig: np.ndarray) -> None:
        self.hashes.setdefault(digest, article_id)
        if article_id not in self.signatures:
            self.signatures[article_id] = sig
            self.lsh.insert(article_id, _lean(sig))

    def original_of(self, article_id: str, digest: str, sig: np.ndarray) -> str | None:
        """The id of an earlier article this one duplicates, or None."""
        exact = self.hashes.get(digest)
        if exact and exact != article_id:
            return exact
        if not sig.size:
            return None
        query = _lean(sig)
        best, best_sim = None, self.threshold
        for other in self.lsh.query(query):
            if other == article_id:
                continue
            sim = float(np.mean(self.signatures[other] == sig))
            if sim >= best_sim:
                best, best_sim = other, sim
        return best


def link_duplicates(
    articles: Iterable[Article], index: DuplicateIndex | None = None
) -> DuplicateIndex:
    """Set `duplicate_of` on each article that repeats an earlier one (in iteration order).

    Only originals enter the index, so a duplicate always points at an original.
    """
    index = index or DuplicateIndex()
    for article in articles:
        digest = content_hash(article.text)
        sig = signature(article.text)
        article.duplicate_of = index.original_of(article.id, digest, sig)
        if article.duplicate_of is None:
            index.add(article.id, digest, sig)
    return index
