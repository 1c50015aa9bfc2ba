"""Canonical entity profiles across articles (the JRC-Names model).

`resolve_profiles(articles)` reads the mention spans in each article's "entity" layer (label =
type, however they were found), groups them into one profile per real-world entity and writes
the profile id back on every span as `attrs["entity_id"]` (and a person mention's first role
as `attrs["role"]`).

1. Within a document, mentions with the same spelling (or a known alias) join; partial
   mentions join the unique longer name they are part of (علييف -> إلهام علييف,
   كاراباخ -> ناغورني كاراباخ), and titles an NER span swallowed are split off as roles.
2. Across documents, candidates are blocked by the skeleton of the family name (persons) or
   of the whole name, so the work stays near-linear; a pair merges when its transliteration-
   aware grade (`translit.name_similarity`) reaches `MERGE_GRADE`, or reaches `CONTEXT_GRADE`
   and the two share context (co-occurring entities, the country of their roles).
3. Two persons whose given names conflict never merge, however alike the family names.

Calibration (ANERcorp train+test person names, Benajiba et al. 2007, CAMeL split: 1,503
distinct multi-token names, 1,817 pairs sharing a family-name skeleton; reproduce with
`pytest tests/test_profiles.py -k calibration -s`): 27 pairs grade >= 0.85, all judged the
same person by hand (رامسفيلد/رمسفيلد, غيرهارد/جيرهارد شرودر, نزار قباني/نزار توفيق
القباني); the 54 pairs in [0.7, 0.85) mix spelling variants with different people
(محمد صادق/محمد صديق, علي عبد الله صالح/أحمد علي عبد الله صالح), so there context is
required. Of 966 equal-length pairs whose given names differ beyond spelling (different
skeletons), one reaches 0.85: the typo ستيواات وايت for ستيوارت وايت.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from marsad.entities.roles import (
    country_of,
    exact_place_country,
    find_descriptions,
    find_role_spans,
    is_role_phrase,
    place_country,
    place_key,
    role_key,
    split_leading_titles,
)
from marsad.entities.translit import (
    alias_type,
    clean_display,
    light_key,
    light_tokens,
    name_similarity,
    resolve_alias,
    skeleton,
    skeleton_token,
    token_similarity,
)
from marsad.model import ENTITY, Article, Span

MERGE_GRADE = 0.85
CONTEXT_GRADE = 0.7
CONTEXT_MIN = 2  # shared co-occurring entities (+1 for a shared country) to merge a weak pair
_MAX_BLOCK = 400  # distinct names compared pairwise in one block; larger blocks are split

_TYPES = {
    "PER": "PER",
    "PERS": "PER",
    "PERSON": "PER",
    "LOC": "LOC",
    "GPE": "LOC",
    "LOCATION": "LOC",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "MISC": "MISC",
}
_PROCLITICS = "وفبلك"


@dataclass(slots=True)
class Profile:
    """One real-world entity seen across articles."""

    id: str
    name: str
    type: str
    variants: list[str] = field(default_factory=list)
    mentions: list[tuple[str, int, int, str]] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    country: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    articles: list[str] = field(default_factory=list)
    # Ids of the organisations and places named in a person's roles, most frequent first.
    affiliations: list[str] = field(default_factory=list)
    # Descriptions that stand for the entity in an article ("الرئيس الأذربيجاني يؤكد").
    descriptions: list[tuple[str, int, int, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "variants": list(self.variants),
            "mentions": [list(m) for m in self.mentions],
            "roles": list(self.roles),
            "country": self.country,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "articles": list(self.articles),
            "affiliations": list(self.affiliations),
            "descriptions": [list(d) for d in self.descriptions],
        }


@dataclass(slots=True)
class _Mention:
    article: int
    span: Span
    surface: str  # as written, punctuation stripped
    name: str  # without titles or clitic
    type: str
    # A person span that is only a title phrase ("الرئيس الأذربيجاني"): its (title, country).
    role: tuple[str, str] | None = None


@dataclass(slots=True)
class _DocEntity:
    article: int
    type: str
    mentions: list[_Mention]
    roles: list[str] = field(default_factory=list)
    role_spans: list[Span] = field(default_factory=list)
    countries: Counter[str] = field(default_factory=Counter)
    context: set[str] = field(default_factory=set)

    full: str = ""  # the longest name in the document (ties: most frequent, then first)
    key: str = ""  # `_key(full)`

    def settle(self) -> _DocEntity:
        """Fix `full` and `key` once the mentions are final."""
        named = [m for m in self.mentions if m.role is None] or self.mentions
        counts = Counter(m.name for m in named)
        self.full = max(counts, key=lambda n: (len(light_tokens(n)), counts[n]))
        self.key = _key(self.full)
        return self


def _key(name: str) -> str:
    """Identity key of a name: its alias, else its light key; a gazetteer place keeps its
    exact spelling (غينيا and كينيا share a light key)."""
    alias = resolve_alias(name)
    if alias is None and exact_place_country(name):
        return "place:" + place_key(name)
    return light_key(alias or name)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _strip_clitic(name: str, known: set[str]) -> str:
    """Drop a proclitic (و/ف/ب/ل/ك) an NER span kept, when the rest is a known name."""
    if name[:1] in _PROCLITICS and len(name) > 3:
        rest = name[1:]
        if _key(rest) in known or resolve_alias(rest) or place_country(rest):
            return rest
    return name


def _mentions(idx: int, article: Article) -> list[_Mention]:
    out: list[_Mention] = []
    text = article.text or ""
    for span in article.spans(ENTITY):
        etype = _TYPES.get(span.label.upper(), span.label.upper() or "MISC")
        if not (0 <= span.start < span.end <= len(text)):
            continue
        surface = clean_display(text[span.start : span.end])
        name = surface
        role = None
        if etype == "PER":
            _, name = split_leading_titles(surface)
            if is_role_phrase(surface):
                role = role_key(surface)
        if not light_key(name):
            continue
        out.append(_Mention(idx, span, surface, name, etype, role))
    known = {_key(m.name) for m in out}
    for m in out:
        m.name = _strip_clitic(m.name, known)
    return out


def _part_of(short: str, long: str, etype: str) -> float:
    """Grade for a shorter mention being part of a longer name in the same document."""
    ts, tl = light_tokens(short), light_tokens(long)
    if len(ts) >= len(tl):
        return 0.0
    if etype == "PER":
        if len(ts) == 1:
            # A family name alone (علييف); a given name alone only when spelled the same.
            return max(token_similarity(ts[0], tl[-1], "family"), float(ts[0] == tl[0]))
        return name_similarity(short, long, person=True)
    # Places and organisations: the shorter is a run of the longer's words, spelled alike
    # (a loose grade would let باكو join قره باغ through باغ).
    n = len(ts)
    for i in range(len(tl) - n + 1):
        if all(token_similarity(a, b) >= 0.95 for a, b in zip(ts, tl[i : i + n], strict=True)):
            return 1.0
    return 0.0


def _vote_types(mentions: list[_Mention]) -> dict[str, str]:
    """One type per name across the corpus. A tagger may call ناغورني كاراباخ a person in one
    sentence and a place in the next; the alias table, then the majority, decides."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        if m.role is None:
            votes[_key(m.name)][m.type] += 1
    decided = {}
    for key, counts in votes.items():
        if len(counts) > 1:
            decided[key] = counts.most_common(1)[0][0]
    for m in mentions:
        known = alias_type(m.name) if m.role is None else None
        if known:
            decided[_key(m.name)] = known
    return decided


def _doc_entities(idx: int, article: Article, mentions: list[_Mention]) -> list[_DocEntity]:
    out = _build(idx, article, [m for m in mentions if m.role is None])
    # A title-only person span stands for the one person of the document holding that role
    # ("الرئيس الأذربيجاني" after "الرئيس الأذربيجاني إلهام علييف"); otherwise it is kept as is.
    owners: dict[tuple[str, str], list[_DocEntity]] = defaultdict(list)
    for e in out:
        for k in {role_key(r) for r in e.roles} - {None}:
            owners[k].append(e)
    leftover = []
    for m in mentions:
        if m.role is None:
            continue
        if len(owners.get(m.role, [])) == 1:
            owner = owners[m.role][0]
            owner.mentions.append(m)
            owner.mentions.sort(key=lambda x: x.span.start)
        else:
            m.role = None
            leftover.append(m)
    out += _build(idx, article, leftover)
    keys = [_own_key(e) for e in out]
    for e, k in zip(out, keys, strict=True):
        e.context = set(keys) - {k}
    return out


def _build(idx: int, article: Article, mentions: list[_Mention]) -> list[_DocEntity]:
    """Document entities from mentions: same names, then partial names, joined."""
    groups: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
    for m in mentions:
        groups[(m.type, _key(m.name))].append(m)
    ents = [_DocEntity(idx, t, ms).settle() for (t, _), ms in groups.items()]
    # Longest names first, so shorter ones join an already joined entity.
    ents.sort(key=lambda e: -len(light_tokens(e.full)))
    uf = _UnionFind(len(ents))
    for i, e in enumerate(ents):
        cands = set()
        for j, other in enumerate(ents[:i]):
            if other.type != e.type:
                continue
            grade = max(
                _part_of(e.full, other.full, e.type),
                _part_of(e.full, resolve_alias(other.full) or other.full, e.type),
            )
            if grade == 0.0 and len(light_tokens(e.full)) == len(light_tokens(other.full)):
                grade = name_similarity(e.full, other.full, person=e.type == "PER")
            if grade >= CONTEXT_GRADE:  # one document is context enough
                cands.add(uf.find(j))
        if len(cands) == 1:
            uf.union(i, cands.pop())
    merged: dict[int, _DocEntity] = {}
    for i, e in enumerate(ents):
        root = uf.find(i)
        if root in merged:
            merged[root].mentions.extend(e.mentions)
        else:
            merged[root] = _DocEntity(idx, e.type, list(e.mentions))
    out = list(merged.values())
    for e in out:
        e.mentions.sort(key=lambda m: m.span.start)
        e.settle()
        if e.type == "PER":
            for m in e.mentions:
                prefix, _ = split_leading_titles(m.surface)
                spans = find_role_spans(article, m.span)
                e.role_spans.extend(spans)
                roles = ([prefix] if prefix else []) + [r.attrs["text"] for r in spans]
                e.roles.extend(r for r in roles if r not in e.roles)
                if roles:  # the store reads a mention's role from its span
                    m.span.attrs["role"] = roles[0]
            for r in e.roles:
                code = country_of(r)
                if code:
                    e.countries[code] += 1
        else:
            code = place_country(e.full) if e.type == "LOC" else country_of(e.full)
            if code:
                e.countries[code] += 1
    return out


def _own_key(e: _DocEntity) -> str:
    return f"{e.type}:{skeleton(resolve_alias(e.full) or e.full)}"


@dataclass(slots=True)
class _Group:
    """A growing cross-document entity, with what the merge decision reads kept up to date."""

    members: list[_DocEntity]
    context: set[str]
    countries: set[str]
    own: set[str]
    names: set[str]  # distinct multi-token full names (persons)
    places: set[str]  # countries of members that are gazetteer places, spelled exactly

    @classmethod
    def of(cls, e: _DocEntity) -> _Group:
        multi = {e.full} if e.type == "PER" and len(light_tokens(e.full)) > 1 else set()
        place = exact_place_country(e.full) if e.type != "PER" else None
        places = {place} if place else set()
        return cls([e], set(e.context), set(e.countries), {_own_key(e)}, multi, places)

    def absorb(self, other: _Group) -> None:
        self.members.extend(other.members)
        self.context |= other.context
        self.countries |= other.countries
        self.own |= other.own
        self.names |= other.names
        self.places |= other.places

    def support(self, other: _Group) -> int:
        """Shared co-occurring entities, plus one for a shared country."""
        small, big = sorted((self.context, other.context), key=len)
        own = self.own | other.own
        shared = sum(1 for k in small if k in big and k not in own)
        return shared + (1 if self.countries & other.countries else 0)

    def conflicts(self, other: _Group) -> bool:
        """Places or organisations of different countries, or persons whose given names differ."""
        if self.places and other.places and not self.places & other.places:
            return True
        non_person = self.members[0].type != "PER"
        if non_person and self.countries and other.countries:
            # وزارة الدفاع الأذربيجانية is not وزارة الدفاع الأرمينية, however alike.
            return not self.countries & other.countries
        return any(
            name_similarity(x, y, person=True) == 0.0 for x in self.names for y in other.names
        )


class _Groups:
    """Union-find over document entities; each root holds a `_Group`."""

    def __init__(self, ents: list[_DocEntity]) -> None:
        self.uf = _UnionFind(len(ents))
        self.groups = {i: _Group.of(e) for i, e in enumerate(ents)}

    def of(self, i: int) -> _Group:
        return self.groups[self.uf.find(i)]

    def same(self, i: int, j: int) -> bool:
        return self.uf.find(i) == self.uf.find(j)

    def merge(self, i: int, j: int) -> None:
        ra, rb = self.uf.find(i), self.uf.find(j)
        if ra == rb:
            return
        # Fold the smaller group into the larger one: merging stays near-linear.
        if len(self.groups[ra].members) < len(self.groups[rb].members):
            ra, rb = rb, ra
        self.groups[ra].absorb(self.groups.pop(rb))
        self.uf.parent[rb] = ra


def _block_key(e: _DocEntity) -> str:
    if e.type == "PER":
        return "PER:" + skeleton_token(light_tokens(e.full)[-1])
    canon = resolve_alias(e.full) or e.full
    return f"{e.type}:" + skeleton_token("".join(light_tokens(canon)))[:4]


def _merge_across(ents: list[_DocEntity]) -> list[list[_DocEntity]]:
    gs = _Groups(ents)
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    singles: list[int] = []
    for i, e in enumerate(ents):
        if e.type == "PER" and len(light_tokens(e.full)) == 1:
            singles.append(i)  # a family name alone: decided after full names
        else:
            by_key[(e.type, e.key)].append(i)
    # Same spelling (after aliases) and type: one entity.
    reps: list[int] = []
    for idxs in by_key.values():
        for i in idxs[1:]:
            gs.merge(idxs[0], i)
        reps.append(idxs[0])

    def decide(i: int, j: int, grade: float) -> None:
        if grade < CONTEXT_GRADE or gs.same(i, j):
            return
        ga, gb = gs.of(i), gs.of(j)
        if ga.conflicts(gb):
            return
        if grade >= MERGE_GRADE or ga.support(gb) >= CONTEXT_MIN:
            gs.merge(i, j)

    blocks: dict[str, list[int]] = defaultdict(list)
    for i in reps:
        blocks[_block_key(ents[i])].append(i)
    for idxs in blocks.values():
        chunks = [idxs]
        if len(idxs) > _MAX_BLOCK:  # very common family names: split by the first token too
            sub: dict[str, list[int]] = defaultdict(list)
            for i in idxs:
                sub[skeleton_token(light_tokens(ents[i].full)[0])[:2]].append(i)
            chunks = list(sub.values())
        for chunk in chunks:
            for x, i in enumerate(chunk):
                for j in chunk[x + 1 :]:
                    a, b = ents[i], ents[j]
                    decide(i, j, name_similarity(a.full, b.full, person=a.type == "PER"))

    # Family names alone: join the one full name they fit, else same-spelled ones in context.
    full_by_block: dict[str, list[int]] = defaultdict(list)
    for i in reps:
        if ents[i].type == "PER":
            full_by_block[_block_key(ents[i])].append(i)
    for i in singles:
        tok = light_tokens(ents[i].full)[0]
        fits: dict[int, float] = {}
        for j in full_by_block.get(_block_key(ents[i]), []):
            grade = token_similarity(tok, light_tokens(ents[j].full)[-1], "family")
            if grade >= CONTEXT_GRADE:
                root = gs.uf.find(j)
                fits[root] = max(fits.get(root, 0.0), grade)
        mine = gs.of(i)
        supported = [r for r in fits if mine.support(gs.groups[r]) >= CONTEXT_MIN]
        if len(fits) == 1 and (max(fits.values()) >= MERGE_GRADE or supported):
            gs.merge(i, next(iter(fits)))
        elif len(supported) == 1:
            gs.merge(i, supported[0])
    singles_by_key: dict[str, list[int]] = defaultdict(list)
    for i in singles:
        if len(gs.of(i).members) == 1:
            singles_by_key[ents[i].key].append(i)
    for idxs in singles_by_key.values():
        # Chain through the first member in context: pairwise only within one spelling.
        for x, i in enumerate(idxs):
            for j in idxs[x + 1 :]:
                if not gs.same(i, j) and gs.of(i).support(gs.of(j)) >= CONTEXT_MIN:
                    gs.merge(i, j)
    return [g.members for g in gs.groups.values()]


def _profile_id(etype: str, name: str) -> str:
    digest = hashlib.sha1(f"{etype}|{_key(name)}".encode()).hexdigest()[:12]
    return f"{etype.lower()}-{digest}"


def _descriptions(
    article: Article, ents: list[_DocEntity], ids: dict[int, str]
) -> dict[str, list[tuple[str, int, int, str]]]:
    """Role phrases of a document's persons that stand alone for them, by profile id."""
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e in ents:
        if e.type == "PER":
            for r in e.roles:
                k = role_key(r)
                if k:
                    owners[k].add(ids[id(e)])
    unique = {k: next(iter(v)) for k, v in owners.items() if len(v) == 1}
    out: dict[str, list[tuple[str, int, int, str]]] = defaultdict(list)
    for start, end, phrase, k in find_descriptions(article, set(unique)):
        out[unique[k]].append((article.id, start, end, phrase))
    return out


def resolve_profiles(articles: list[Article]) -> list[Profile]:
    """Group the entity mentions of `articles` into profiles; set `attrs["entity_id"]` on spans."""
    ents: list[_DocEntity] = []
    per_article: list[list[_DocEntity]] = []
    mentions = [_mentions(idx, article) for idx, article in enumerate(articles)]
    types = _vote_types([m for ms in mentions for m in ms])
    for ms in mentions:
        for m in ms:
            if m.role is None:
                m.type = types.get(_key(m.name), m.type)
    for idx, article in enumerate(articles):
        doc = _doc_entities(idx, article, mentions[idx])
        per_article.append(doc)
        ents.extend(doc)
    groups = _merge_across(ents)

    profiles: list[Profile] = []
    ids_by_ent: dict[int, str] = {}
    seen_ids: Counter[str] = Counter()
    groups.sort(key=lambda g: min((e.article, e.mentions[0].span.start) for e in g))
    for g in groups:
        etype = g[0].type
        full_counts: Counter[str] = Counter()
        for e in g:
            full = e.full
            full_counts[full] += sum(1 for m in e.mentions if m.name == full)
        name = max(full_counts, key=lambda n: (full_counts[n], len(n)))
        pid = _profile_id(etype, name)
        seen_ids[pid] += 1
        if seen_ids[pid] > 1:  # homonyms kept apart: same name, different entity
            pid = f"{pid}-{seen_ids[pid]}"
        mentions = sorted(
            (m for e in g for m in e.mentions), key=lambda m: (m.article, m.span.start)
        )
        named = [m for m in mentions if m.role is None] or mentions
        variants = list(dict.fromkeys(m.surface for m in named))
        roles: Counter[str] = Counter(r for e in g for r in e.roles)
        countries: Counter[str] = Counter()
        for e in g:
            countries.update(e.countries)
        dates = sorted(articles[e.article].published for e in g if articles[e.article].published)
        aids = list(dict.fromkeys(articles[m.article].id for m in mentions))
        prof = Profile(
            id=pid,
            name=name,
            type=etype,
            variants=variants,
            mentions=[
                (
                    articles[m.article].id,
                    m.span.start,
                    m.span.end,
                    m.span.text_of(articles[m.article].text),
                )
                for m in mentions
            ],
            roles=[r for r, _ in roles.most_common()],
            country=countries.most_common(1)[0][0] if countries else None,
            first_seen=dates[0] if dates else None,
            last_seen=dates[-1] if dates else None,
            articles=aids,
            descriptions=[
                (articles[m.article].id, m.span.start, m.span.end, m.surface)
                for m in mentions
                if m.role is not None
            ],
        )
        for m in mentions:
            m.span.attrs["entity_id"] = pid
        for e in g:
            ids_by_ent[id(e)] = pid
        profiles.append(prof)

    by_id = {p.id: p for p in profiles}
    # Affiliations: organisation and place mentions inside a person's role spans.
    for g in groups:
        if g[0].type != "PER":
            continue
        found: Counter[str] = Counter()
        for e in g:
            for s in articles[e.article].spans(ENTITY):
                eid = s.attrs.get("entity_id")
                if eid is None or _TYPES.get(s.label.upper()) == "PER":
                    continue
                if any(r.start <= s.start and s.end <= r.end for r in e.role_spans):
                    found[eid] += 1
        if found:
            by_id[ids_by_ent[id(g[0])]].affiliations = [k for k, _ in found.most_common()]
    for idx, doc in enumerate(per_article):
        found = _descriptions(articles[idx], doc, ids_by_ent)
        for pid, descs in found.items():
            by_id[pid].descriptions.extend(descs)
    return profiles


def profile_index(profiles: list[Profile]) -> dict[str, Profile]:
    """Profiles by id."""
    return {p.id: p for p in profiles}


__all__ = ["MERGE_GRADE", "CONTEXT_GRADE", "CONTEXT_MIN", "Profile", "resolve_profiles"]
