"""ROUGE-1/2/L computed here, on Arabic-aware tokens.

`rouge-score`'s default tokenizer keeps only ASCII, so Arabic collapses to its digits. EASC
references have hamza stripped and some words glued across lost line breaks, so both sides
go through the same folding (`normalize`, which already strips hamza and folds alef forms)
and are cut at every non-letter/digit character.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from marsad.text.normalize import normalize

_WORD_RE = re.compile(r"[^\W_]+")


def rouge_tokens(text: str) -> list[str]:
    """Normalised word tokens for ROUGE (punctuation, quotes and Latin case folded away)."""
    return _WORD_RE.findall(normalize(text or ""))


def _f1(overlap: int, n_sys: int, n_ref: int) -> float:
    if not overlap or not n_sys or not n_ref:
        return 0.0
    p, r = overlap / n_sys, overlap / n_ref
    return 2 * p * r / (p + r)


def ngrams(tokens: Sequence[str], n: int) -> Counter:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def rouge_n(sys_tokens: Sequence[str], ref_tokens: Sequence[str], n: int) -> float:
    """ROUGE-N F1 with clipped n-gram counts."""
    s, r = ngrams(sys_tokens, n), ngrams(ref_tokens, n)
    overlap = sum((s & r).values())
    return _f1(overlap, sum(s.values()), sum(r.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence (O(len(a)·len(b)) time, O(len(b)) memory)."""
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def rouge_l(sys_tokens: Sequence[str], ref_tokens: Sequence[str]) -> float:
    """ROUGE-L F1 on the whole token sequences (summary-level LCS, no sentence split)."""
    return _f1(lcs_length(sys_tokens, ref_tokens), len(sys_tokens), len(ref_tokens))


def rouge_multi(system: str, references: Sequence[str]) -> dict[str, float]:
    """ROUGE-1/2/L F1 of `system` against each reference, averaged over the references."""
    sys_tokens = rouge_tokens(system)
    refs = [rouge_tokens(r) for r in references]
    if not refs:
        return {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    k = len(refs)
    return {
        "rouge1": sum(rouge_n(sys_tokens, r, 1) for r in refs) / k,
        "rouge2": sum(rouge_n(sys_tokens, r, 2) for r in refs) / k,
        "rougeL": sum(rouge_l(sys_tokens, r) for r in refs) / k,
    }
