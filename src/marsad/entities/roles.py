"""Roles of persons and the countries that titles, nisbas and organisations point to.

`find_roles(article, span)` reads the title chain in front of a person mention
("رئيس وزراء أرمينيا نيكول باشينيان") and the apposition after it
("حكمت حاجييف، مستشار الرئيس الأذربيجاني إلهام علييف") and returns the roles as written.
`country_of(text)` finds the country a phrase points to through a nisba (الأذربيجانية),
a country, capital or city name. All word lists are data files under `marsad/data/`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from marsad.entities.translit import light_key, resolve_alias
from marsad.model import ENTITY, Article, Span
from marsad.resources import data_rows
from marsad.text.normalize import normalize

_WORD = re.compile(r"[\w\u064B-\u065F\u0670\u0640.]+")
_QUOTES = set("\"'“”„«»‹›‘’`´")
_CLITICS = ("و", "ف")
_MAX_CHAIN = 9
_PERSON_LABELS = {"PER", "PERS", "PERSON"}


@lru_cache(maxsize=100_000)
def bases(token: str) -> tuple[str, ...]:
    """Normalised forms of a token without clitic conjunction and article (for lookups)."""
    n = normalize(token).strip(".")
    out = [n]
    if len(n) > 3 and n.startswith(_CLITICS):
        out.append(n[1:])
    for w in list(out):
        if w.startswith("لل") and len(w) > 4 or w.startswith("ال") and len(w) > 3:
            out.append(w[2:])
        elif w.startswith(("بال", "كال")) and len(w) > 5:
            out.append(w[3:])
    return tuple(dict.fromkeys(out))


def _lex_form(word: str) -> str:
    """Form of a lexicon word for lookups: normalised, without the article."""
    n = normalize(word).strip(".")
    return n[2:] if n.startswith("ال") and len(n) > 3 else n


@lru_cache(maxsize=100_000)
def _is_definite(token: str) -> bool:
    n = normalize(token)
    if n.startswith(_CLITICS) and len(n) > 4:
        n = n[1:]
    return n.startswith(("ال", "لل")) and len(n) > 3


@dataclass(frozen=True, slots=True)
class _Titles:
    phrases: dict[tuple[str, ...], frozenset[str]]  # base tokens -> kinds
    heads: frozenset[str]  # first words
    words: frozenset[str]  # every word of every title
    max_len: int
    connectors: frozenset[str]  # small words that may sit inside a role (في, لدى)


@lru_cache(maxsize=1)
def _titles() -> _Titles:
    phrases: dict[tuple[str, ...], set[str]] = {}
    connectors: set[str] = set()
    for cols in data_rows("titles.txt"):
        kind = cols[1] if len(cols) > 1 else "office"
        if kind == "connector":
            connectors.add(normalize(cols[0]))
            continue
        toks = tuple(_lex_form(t) for t in cols[0].split())
        phrases.setdefault(toks, set()).add(kind)
    frozen = {k: frozenset(v) for k, v in phrases.items()}
    return _Titles(
        frozen,
        frozenset(k[0] for k in frozen),
        frozenset(w for k in frozen for w in k),
        max(len(k) for k in frozen),
        frozenset(connectors),
    )


def _is_connector(token: str) -> bool:
    return normalize(token) in _titles().connectors


@lru_cache(maxsize=1)
def _org_heads() -> frozenset[str]:
    return frozenset(_lex_form(c[0]) for c in data_rows("org_heads.txt") if " " not in c[0])


@lru_cache(maxsize=1)
def _nisba() -> dict[str, str]:
    table: dict[str, str] = {}
    for name in (("nisba.tsv",), ("geo", "nisba_generated.tsv")):
        for cols in data_rows(*name):
            if len(cols) >= 2:
                table.setdefault(normalize(cols[0]), cols[1])
    return table


def place_key(name: str) -> str:
    """Exact key of a place name: normalised, without the g-letter folding of `light_key`
    (غينيا is not كينيا, جوبا is not كوبا)."""
    return " ".join(normalize(name).split())


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, str], dict[str, str]]:
    """Country alpha2 of country, region, capital and city names, by `place_key` and by
    `light_key` (light keys shared by places of two countries are left out)."""
    exact: dict[str, str] = {}
    rows: list[tuple[str, str]] = []
    for cols in data_rows("geo", "countries.tsv"):
        rows.append((cols[3], cols[0]))
    for cols in data_rows("geo", "regions.tsv"):
        if cols[0].isalpha():
            rows.append((cols[1], cols[0]))
    for cols in data_rows("geo", "capitals.tsv"):
        for name in [cols[1], *(cols[2].split("|") if len(cols) > 2 else [])]:
            rows.append((name, cols[0]))
    for cols in data_rows("geo", "cities.tsv"):
        rows.append((cols[0], cols[1]))
    light: dict[str, set[str]] = defaultdict(set)
    for name, code in rows:
        exact.setdefault(place_key(name), code)
        light[light_key(name)].add(code)
    return exact, {k: next(iter(v)) for k, v in light.items() if len(v) == 1}


def _lookup(table: dict[str, str], key: str) -> str | None:
    if not key:
        return None
    if key in table:
        return table[key]
    if key.startswith("ال") and key[2:] in table:
        return table[key[2:]]
    return table.get("ال" + key)


@lru_cache(maxsize=100_000)
def exact_place_country(name: str) -> str | None:
    """Country alpha2 of a place spelled as in the gazetteer (up to hamza, ة/ه, ى/ي), else None."""
    exact, _ = _places()
    return _lookup(exact, place_key(name))


@lru_cache(maxsize=100_000)
def place_country(name: str) -> str | None:
    """Country alpha2 of a country, capital or city name (aliases resolved), else None."""
    exact, light = _places()
    for cand in (name, resolve_alias(name) or ""):
        code = _lookup(exact, place_key(cand)) or _lookup(light, light_key(cand))
        if code:
            return code
    return None


@lru_cache(maxsize=100_000)
def nisba_country(token: str) -> str | None:
    """Country alpha2 a nisba adjective points to (الأذربيجانية -> AZ), else None."""
    table = _nisba()
    for b in bases(token):
        cands = [b]
        if b.endswith("يه"):
            cands.append(b[:-1])
        if b.endswith(("يون", "يين", "يات")):
            cands.append(b[:-2])
        for c in cands:
            if c in table:
                return table[c]
    return None


def country_of(text: str) -> str | None:
    """The first country a phrase points to by nisba or place name, else None."""
    toks = _WORD.findall(text)
    for i, tok in enumerate(toks):
        code = nisba_country(tok)
        if code:
            return code
        for n in (4, 3, 2, 1):
            if i + n <= len(toks):
                phrase = " ".join(toks[i : i + n])
                code = place_country(phrase)
                if code is None and n == 1 and tok[:1] in "وفبلك" and len(tok) > 4:
                    code = place_country(tok[1:])  # بواشنطن, لباكو
                if code:
                    return code
    return None


def org_country(name: str) -> str | None:
    """Country of an organisation from the nisba or place in its name (وزارة الدفاع الأذربيجانية)."""
    return country_of(name)


@lru_cache(maxsize=100_000)
def _is_head(token: str) -> bool:
    t = _titles()
    return any(b in t.heads for b in bases(token))


@lru_cache(maxsize=100_000)
def _is_relational(token: str) -> bool:
    t = _titles()
    return any("relational" in t.phrases.get((b,), ()) for b in bases(token))


@lru_cache(maxsize=100_000)
def _is_lexical_mod(token: str) -> bool:
    """A title word, nisba, place or organisation head (from the data files)."""
    t = _titles()
    bs = bases(token)
    if _is_connector(token) or any(b in t.words or b in _org_heads() for b in bs):
        return True
    return bool(nisba_country(token) or place_country(token))


@lru_cache(maxsize=100_000)
def _is_mod(token: str) -> bool:
    """May continue a role: a lexical modifier or any definite noun (الخدمة الصحافية)."""
    return _is_lexical_mod(token) or _is_definite(token)


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str


def _tokens_between(text: str, start: int, end: int) -> list[_Tok]:
    return [
        _Tok(start + m.start(), start + m.end(), m.group()) for m in _WORD.finditer(text[start:end])
    ]


def _gap_ok(text: str, a: int, b: int, allow_comma: bool) -> bool:
    """True when only spaces, quotes (and at most one comma) separate offsets a and b."""
    gap = text[a:b]
    commas = gap.count("،") + gap.count(",")
    rest = [ch for ch in gap if not ch.isspace() and ch not in _QUOTES and ch not in "،,"]
    return not rest and (commas == 0 or (allow_comma and commas == 1)) and "\n" not in gap


def _trim(chain: list[_Tok]) -> list[_Tok]:
    while chain and _is_connector(chain[-1].text):
        chain = chain[:-1]
    return chain


def _span_of(text: str, chain: list[_Tok]) -> str:
    role = " ".join(text[chain[0].start : chain[-1].end].split())
    # Show the title without a leading clitic: "للرئيس" -> "الرئيس", "بالرئيس" -> "الرئيس".
    n = normalize(role)
    if n.startswith("لل"):
        role = "ال" + role[2:]
    elif n.startswith(("بال", "وال", "فال", "كال")) or (
        n[:1] in "وف" and _is_head(role.split()[0][1:])
    ):
        role = role[1:]
    return role


def _role_span(text: str, chain: list[_Tok]) -> Span:
    return Span(chain[0].start, chain[-1].end, "ROLE", {"text": _span_of(text, chain)})


def _before(article: Article, span: Span) -> list[Span]:
    text = article.text
    lo = max(0, span.start - 160)
    toks = _tokens_between(text, lo, span.start)
    chain: list[_Tok] = []
    edge = span.start
    for tok in reversed(toks):
        if len(chain) >= _MAX_CHAIN or not _gap_ok(text, tok.end, edge, allow_comma=not chain):
            break
        if not (_is_head(tok.text) or _is_mod(tok.text)):
            break
        chain.insert(0, tok)
        edge = tok.start
    # A role starts at a title: drop leading modifiers (a definite noun before the title).
    while chain and not _is_head(chain[0].text):
        chain.pop(0)
    if not chain:
        return []
    # "مستشار الرئيس X": a relational title before a definite title names someone else.
    for i in range(len(chain) - 1, 0, -1):
        if (
            _is_head(chain[i].text)
            and _is_definite(chain[i].text)
            and _is_relational(chain[i - 1].text)
        ):
            chain = chain[i:]
            break
    # Apposed titles: a title after a non-title word opens a new role ("... الأذربيجانية العقيد").
    roles: list[list[_Tok]] = [[chain[0]]]
    for prev, tok in zip(chain, chain[1:], strict=False):
        if _is_head(tok.text) and not _is_head(prev.text) and not _is_connector(prev.text):
            roles.append([tok])
        else:
            roles[-1].append(tok)
    return [_role_span(text, r) for r in (_trim(r) for r in roles) if r]


def _after(article: Article, span: Span, stops: list[int]) -> list[Span]:
    text = article.text
    hi = min(len(text), span.end + 200)
    nxt = min((s for s in stops if s >= span.end), default=hi)
    toks = _tokens_between(text, span.end, min(hi, nxt))
    chain: list[_Tok] = []
    edge = span.end
    for tok in toks:
        if len(chain) >= _MAX_CHAIN or not _gap_ok(text, edge, tok.start, allow_comma=not chain):
            break
        if not chain and not _is_head(tok.text):
            break
        if chain and not (_is_head(tok.text) or _is_mod(tok.text)):
            break
        chain.append(tok)
        edge = tok.end
    chain = _trim(chain)
    return [_role_span(text, chain)] if chain else []


def find_role_spans(article: Article, mention_span: Span) -> list[Span]:
    """Where the roles of the person at `mention_span` are written: `Span`s labelled "ROLE"
    over `article.text`, with the role as shown in `attrs["text"]` (see `find_roles`)."""
    text = article.text
    if not text or not (0 <= mention_span.start < mention_span.end <= len(text)):
        return []
    # The apposition ends where the next person is named ("... مستشار الرئيس إلهام علييف");
    # places and organisations may sit inside a role ("مستشار رئيس أذربيجان").
    starts = [
        s.start
        for s in article.spans(ENTITY)
        if s.start >= mention_span.end and s.label.upper() in _PERSON_LABELS
    ]
    return _before(article, mention_span) + _after(article, mention_span, starts)


def find_roles(article: Article, mention_span: Span) -> list[str]:
    """Roles of the person at `mention_span`, as written: title chain before, apposition after.

    "حكمت حاجييف، مستشار الرئيس الأذربيجاني إلهام علييف" gives حاجييف the role
    "مستشار الرئيس الأذربيجاني" and علييف the role "الرئيس الأذربيجاني".
    """
    roles = (s.attrs["text"] for s in find_role_spans(article, mention_span))
    return list(dict.fromkeys(r for r in roles if r))


def is_role_phrase(text: str) -> bool:
    """True when `text` is only a title phrase ("الرئيس الأذربيجاني"), with no name in it."""
    toks = _WORD.findall(text)
    return bool(toks) and _is_head(toks[0]) and all(_is_head(t) or _is_mod(t) for t in toks)


def split_leading_titles(name: str) -> tuple[str, str]:
    """Split titles an NER span may include ("الرئيس إلهام علييف") from the name proper.

    Only words from the data files count as title words here: a given name can look like a
    definite noun (إلهام).
    """
    toks = name.split()
    i = 0
    while i < len(toks) - 1 and (_is_head(toks[i]) or (i > 0 and _is_lexical_mod(toks[i]))):
        i += 1
    if i == 0:
        return "", name
    return " ".join(toks[:i]), " ".join(toks[i:])


@lru_cache(maxsize=100_000)
def role_key(role: str) -> tuple[str, str] | None:
    """(title head, country) of a role: "الرئيس الأذربيجاني" and "رئيس أذربيجان" share one."""
    toks = _WORD.findall(role)
    if not toks or not _is_head(toks[0]):
        return None
    country = country_of(role)
    if not country:
        return None
    t = _titles()
    head = [b for b in bases(toks[0]) if b in t.heads][0]
    # Keep a second title word ("رئيس الوزراء" is not "رئيس").
    if len(toks) > 1 and any(b in t.words and b not in t.heads for b in bases(toks[1])):
        head += " " + _lex_form(toks[1])
    return head, country


def find_descriptions(
    article: Article, keys: set[tuple[str, str]]
) -> list[tuple[int, int, str, tuple[str, str]]]:
    """Role phrases standing alone for a person ("الرئيس الأذربيجاني يؤكد ...").

    Returns (start, end, phrase, role key) for each phrase whose `role_key` is in `keys`, that
    neither overlaps a person span nor stands in apposition to one (that is a role).
    """
    text = article.text or ""
    if not keys or not text:
        return []
    # Only person mentions matter: a country inside the phrase (رئيس أذربيجان) is expected.
    spans = sorted(
        (s for s in article.spans(ENTITY) if s.label.upper() in _PERSON_LABELS),
        key=lambda s: s.start,
    )
    toks = list(_WORD.finditer(text))
    out: list[tuple[int, int, str, tuple[str, str]]] = []
    for i, m in enumerate(toks):
        if not _is_head(m.group()):
            continue
        for n in (1, 2, 3):  # the shortest phrase that names a country
            if i + n > len(toks):
                break
            start, end = m.start(), toks[i + n - 1].end()
            if any(ch in text[start:end] for ch in "،,.\n:؛"):
                break
            k = role_key(text[start:end])
            if k is None:
                continue
            if k in keys and not _near_entity(text, spans, start, end):
                out.append((start, end, _span_of(text, [_Tok(start, end, text[start:end])]), k))
            break
    return out


def _near_entity(text: str, spans: list[Span], start: int, end: int) -> bool:
    """True when [start, end) overlaps a span or only a comma separates it from a neighbour."""
    i = bisect_left([s.start for s in spans], end)
    after = spans[i] if i < len(spans) else None
    if after is not None and _gap_ok(text, end, after.start, allow_comma=True):
        return True
    for s in spans[:i][::-1]:
        if s.end > start:
            return True  # overlaps
        return _gap_ok(text, s.end, start, allow_comma=True)
    return False
