"""French communes: lookup by name, postal code or INSEE code, nearest commune to a location.

Data comes from ``flows/data`` (built by ``scripts/build_communes.py``; sources in its README).
"""

from __future__ import annotations

import bisect
import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from flows.domain.textnorm import compact, normalize, strip_article

EARTH_RADIUS_KM = 6371.0088
_GRID_DEG = 0.25
_FUZZY_POOL = 60  # candidates kept after the trigram filter, before edit distances


@dataclass(frozen=True, slots=True)
class Commune:
    """A current commune; ``population`` is 0 where INSEE publishes none (uninhabited)."""

    insee: str
    name: str
    dept: str
    postal_codes: tuple[str, ...]
    population: int
    lat: float | None
    lon: float | None
    canton_code: str | None
    canton_name: str | None


@dataclass(frozen=True)
class CommuneSearch:
    """Search outcome: a confident ``match``, else ``suggestions`` (best first).

    ``outside`` lists exact matches found only outside the requested département.
    ``approximate`` is true when ``match`` was found by typo correction, so callers may confirm.
    """

    match: Commune | None = None
    suggestions: list[Commune] = field(default_factory=list)
    outside: list[Commune] = field(default_factory=list)
    approximate: bool = False

    @property
    def found(self) -> bool:
        """Whether anything at all came up: a match, suggestions or communes elsewhere."""
        return bool(self.match or self.suggestions or self.outside)


@dataclass(frozen=True)
class AbsorbedCommune:
    """A 2018 commune merged since into the current commune ``insee`` (mapping is heuristic)."""

    old_insee: str
    old_name: str
    lat: float
    lon: float
    insee: str


def dept_of_insee(insee: str) -> str:
    """Département code of an INSEE commune code (3 characters overseas, else 2)."""
    return insee[:3] if insee[:2] in ("97", "98") else insee[:2]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, or ``limit + 1`` beyond limit."""
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    before: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ai = a[i - 1]
        row_min = i
        for j in range(1, lb + 1):
            bj = b[j - 1]
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai != bj))
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == bj:
                v = min(v, before[j - 2] + 1)
            cur[j] = v
            row_min = min(row_min, v)
        if row_min > limit:
            return limit + 1
        before, prev = prev, cur
    return prev[lb] if prev[lb] <= limit else limit + 1


def _max_typos(length: int) -> int:
    # Short names tolerate one slip; longer ones more, as people type them by ear.
    if length <= 5:
        return 1
    if length <= 8:
        return 2
    return 3


def _trigrams(key: str) -> frozenset[str]:
    padded = f"^^{key}$"
    # Interned: the ~400,000 trigrams of France's names are ~20,000 distinct strings.
    return frozenset(sys.intern(padded[i : i + 3]) for i in range(len(padded) - 2))


def _is_code(token: str) -> bool:
    """Five-character postal or INSEE code (Corsican INSEE codes start with 2a/2b)."""
    if len(token) != 5:
        return False
    return token.isdigit() or (token[:2] in ("2a", "2b") and token[2:].isdigit())


@dataclass(frozen=True)
class _Keys:
    spaced: tuple[str, ...]  # normalized name, with and without leading article
    packed: tuple[str, ...]  # the same without spaces


def _keys_of(name: str) -> _Keys:
    norm = normalize(name)
    spaced = tuple(dict.fromkeys((norm, strip_article(norm))))
    packed = tuple(dict.fromkeys(compact(k) for k in spaced))
    return _Keys(spaced, packed)


# Words around a name in a sentence: "commune de", "ville d'", "mairie de", "à".
_FILLERS = frozenset({"commune", "communes", "ville", "village", "mairie", "de", "d", "du",
                      "a", "au", "en", "town", "of", "in"})


# The longest commune name has 45 letters; longer text is a sentence, not a name.
MAX_NAME_LENGTH = 80
MAX_UNWRAP_WORDS = 6


class CommuneDirectory:
    """Read-only directory of communes with precomputed search indexes."""

    def __init__(
        self,
        communes: Iterable[Commune],
        cantons: dict[str, tuple[str, str]],
        departments: dict[str, str],
        absorbed: Iterable[AbsorbedCommune] = (),
    ) -> None:
        """Index communes; ``cantons`` maps code to (name, dept), ``departments`` code to name."""
        self._communes: tuple[Commune, ...] = tuple(communes)
        self._cantons = dict(cantons)
        self._departments = dict(departments)
        # How people end a place: "…, Gers", "… Haute Garonne", "… France".
        self._region_words = {tuple(normalize(n).split()) for n in self._departments.values()}
        self._region_words.add(("france",))
        self._by_insee = {c.insee: i for i, c in enumerate(self._communes)}
        by_dept: dict[str, list[int]] = defaultdict(list)
        by_postal: dict[str, list[int]] = defaultdict(list)
        exact: dict[str, list[int]] = defaultdict(list)
        trigram_index: dict[str, list[int]] = defaultdict(list)
        prefixes: list[tuple[str, int]] = []
        keys: list[_Keys] = []
        for i, c in enumerate(self._communes):
            by_dept[c.dept].append(i)
            for code in c.postal_codes:
                by_postal[code].append(i)
            k = _keys_of(c.name)
            keys.append(k)
            for key in dict.fromkeys(k.spaced + k.packed):
                exact[key].append(i)
                prefixes.append((key, i))
            for gram in self._grams_of(k):
                trigram_index[gram].append(i)
        self._by_dept = {d: tuple(ix) for d, ix in by_dept.items()}
        self._by_postal = {p: tuple(ix) for p, ix in by_postal.items()}
        self._exact = {k: tuple(ix) for k, ix in exact.items()}
        self._trigram_index = {g: tuple(ix) for g, ix in trigram_index.items()}
        self._prefixes = sorted(prefixes)
        self._prefix_keys = [p[0] for p in self._prefixes]
        self._keys = tuple(keys)
        # Trigram sets of the communes a scoped search compared, kept once computed: only
        # the campaign's département in practice (a set per commune of France was 30 MB).
        self._trigram_sets: dict[int, frozenset[str]] = {}

        old_names: dict[str, list[int]] = defaultdict(list)
        points: list[tuple[float, float, int]] = [
            (c.lat, c.lon, i)
            for i, c in enumerate(self._communes)
            if c.lat is not None and c.lon is not None
        ]
        for a in absorbed:
            target = self._by_insee.get(a.insee)
            if target is None:
                continue
            points.append((a.lat, a.lon, target))
            for key in _keys_of(a.old_name).packed:
                old_names[key].append(target)
        self._old_names = {k: tuple(dict.fromkeys(ix)) for k, ix in old_names.items()}
        grid: dict[tuple[int, int], list[tuple[float, float, int]]] = defaultdict(list)
        dept_points: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
        for p in points:
            grid[self._cell(p[0], p[1])].append(p)
            dept_points[self._communes[p[2]].dept].append(p)
        self._grid = {cell: tuple(ps) for cell, ps in grid.items()}
        self._dept_points = {d: tuple(ps) for d, ps in dept_points.items()}
        self._points = tuple(points)

    @staticmethod
    def _grams_of(keys: _Keys) -> frozenset[str]:
        return frozenset().union(*(_trigrams(p) for p in keys.packed))

    def _trigrams_of(self, i: int) -> frozenset[str]:
        grams = self._trigram_sets.get(i)
        if grams is None:
            grams = self._trigram_sets[i] = self._grams_of(self._keys[i])
        return grams

    def __len__(self) -> int:
        """Number of communes."""
        return len(self._communes)

    def get(self, insee: str) -> Commune | None:
        """Commune with this INSEE code, if current."""
        i = self._by_insee.get(insee.strip().upper())
        return None if i is None else self._communes[i]

    def in_department(self, dept: str) -> list[Commune]:
        """Communes of a département, in INSEE order."""
        return [self._communes[i] for i in self._by_dept.get(dept, ())]

    def by_postal_code(self, postal_code: str) -> list[Commune]:
        """Communes served by a postal code, most populous first."""
        return self._ranked(self._by_postal.get(postal_code.strip(), ()))

    def department_name(self, code: str) -> str | None:
        """Name of a département ("32" -> "Gers")."""
        return self._departments.get(code)

    def cantons(self, dept: str) -> list[tuple[str, str]]:
        """(code, name) of the 2018 cantons of a département, by code."""
        return sorted((code, name) for code, (name, d) in self._cantons.items() if d == dept)

    def canton_of(self, insee: str) -> tuple[str, str] | None:
        """(code, name) of the canton covering most of the commune, if known."""
        c = self.get(insee)
        if c is None or c.canton_code is None or c.canton_name is None:
            return None
        return (c.canton_code, c.canton_name)

    # --- search -------------------------------------------------------------------------------

    def search(self, query: str, dept: str | None = None, limit: int = 6) -> CommuneSearch:
        """Find the commune a person means by a name, postal code, both, or an INSEE code."""
        tokens = normalize(query).split()
        codes = [t for t in tokens if _is_code(t)]
        words = [t for t in tokens if not _is_code(t)]
        # "Auch (32)": a trailing département number narrows an unscoped search.
        if len(words) > 1 and words[-1].upper() in self._departments:
            hint = words.pop().upper()
            dept = dept if dept is not None else hint
        name = " ".join(words)
        if not codes and not name:
            return CommuneSearch()
        if codes:
            by_code = self._search_codes(codes, name, dept, limit)
            if by_code is not None:
                return by_code
        if not name or len(name) > MAX_NAME_LENGTH:
            return CommuneSearch()
        found = self._search_name(name, dept, limit)
        return found if found.found else self._search_unwrapped(name, dept, limit)

    def _search_unwrapped(self, name: str, dept: str | None, limit: int) -> CommuneSearch:
        """Second try for a name said in a few words: "commune de Marciac", "Samatan, Gers",
        "Condom-en-Armagnac" (a made-up suffix gives the shorter names as suggestions)."""
        words = name.split()
        if len(words) > MAX_UNWRAP_WORDS:
            return CommuneSearch()
        while len(words) > 1 and words[0] in _FILLERS:
            words = words[1:]
        while tail := next((n for n in range(1, len(words))
                            if tuple(words[-n:]) in self._region_words), 0):
            words = words[:-tail]
        if words != name.split():
            found = self._search_name(" ".join(words), dept, limit)
            if found.found:
                return found
        for end in range(len(words) - 1, 0, -1):
            found = self._search_name(" ".join(words[:end]), dept, limit)
            if found.found:
                shorter = [found.match] if found.match else found.suggestions
                return CommuneSearch(suggestions=shorter[:limit], outside=found.outside)
        return CommuneSearch()

    def _in(self, i: int, dept: str | None) -> bool:
        return dept is None or self._communes[i].dept == dept

    def _ranked(self, indexes: Iterable[int]) -> list[Commune]:
        unique = {i: self._communes[i] for i in indexes}
        return sorted(unique.values(), key=lambda c: (-c.population, c.insee))

    def _search_codes(
        self, codes: Sequence[str], name: str, dept: str | None, limit: int
    ) -> CommuneSearch | None:
        found: list[int] = []
        for code in codes:
            found.extend(self._by_postal.get(code, ()))
        if not found:
            for code in codes:
                i = self._by_insee.get(code.upper())
                if i is not None:
                    found.append(i)
        if name:
            # "32000 Auch": the name picks among the communes of the postal code.
            named = self._fuzzy(name, found, limit=len(found))
            if not named:
                return None
            found = [i for i, _ in named]
            tier = named[0][1]
            best = [i for i, t in named if t == tier]
            if tier <= 2 and len(best) == 1 and self._in(best[0], dept):
                return CommuneSearch(match=self._communes[best[0]], approximate=tier > 0)
        inside = [i for i in found if self._in(i, dept)]
        outside = [i for i in found if not self._in(i, dept)]
        if len(set(inside)) == 1:
            return CommuneSearch(match=self._communes[inside[0]])
        ordered = self._ranked(inside) if not name else self._keep_order(inside)
        return CommuneSearch(
            suggestions=ordered[:limit],
            outside=[] if inside else self._ranked(outside)[:limit],
        )

    def _keep_order(self, indexes: Iterable[int]) -> list[Commune]:
        return [self._communes[i] for i in dict.fromkeys(indexes)]

    def _search_name(self, name: str, dept: str | None, limit: int) -> CommuneSearch:
        keys = _keys_of(name)
        exact = list(
            dict.fromkeys(i for k in keys.spaced + keys.packed for i in self._exact.get(k, ()))
        )
        inside = [i for i in exact if self._in(i, dept)]
        if len(inside) == 1:
            return CommuneSearch(match=self._communes[inside[0]])
        if inside:
            return CommuneSearch(suggestions=self._ranked(inside)[:limit])
        outside = self._ranked(exact)[:limit]
        pool = self._by_dept.get(dept, ()) if dept is not None else None
        ranked = self._fuzzy(name, pool, limit=limit)
        # Old names of merged communes ("Béon" for Culoz-Béon) rank right after exact names.
        former = [i for k in keys.packed for i in self._old_names.get(k, ()) if self._in(i, dept)]
        order = list(dict.fromkeys([*former, *(i for i, _ in ranked)]))
        # A near miss inside is only a guess when the exact name exists elsewhere ("Toulouse").
        if ranked and not former and not outside:
            tier = ranked[0][1]
            close = [i for i, t in ranked if t <= 2]
            if tier == 1 and len(close) == 1 and len(compact(keys.spaced[-1])) >= 5:
                return CommuneSearch(
                    match=self._communes[ranked[0][0]], outside=outside, approximate=True
                )
        return CommuneSearch(
            suggestions=[self._communes[i] for i in order[:limit]], outside=outside
        )

    def _fuzzy(self, name: str, pool: Sequence[int] | None, limit: int) -> list[tuple[int, int]]:
        """(index, tier) of names close to ``name``, best first.

        Tiers: 0 exact, 1 one typo, 2 starts with the query or contains it as whole words,
        3 two typos (or one in a name of up to four letters), 4 three typos.
        """
        keys = _keys_of(name)
        q_packed = keys.packed
        q_len = min(len(p) for p in q_packed)
        max_typos = _max_typos(q_len)
        grams = frozenset().union(*(_trigrams(p) for p in q_packed))
        allowed = None if pool is None else set(pool)

        candidates: set[int] = set()
        if allowed is not None and len(allowed) <= 2000:
            shared = [(len(grams & self._trigrams_of(i)), i) for i in allowed]
        else:
            counts: Counter[int] = Counter()
            for gram in grams:
                counts.update(self._trigram_index.get(gram, ()))
            shared = [(n, i) for i, n in counts.items() if allowed is None or i in allowed]
        shared.sort(key=lambda t: (-t[0], -self._communes[t[1]].population))
        candidates.update(i for n, i in shared[:_FUZZY_POOL] if n > 0)

        prefixed: set[int] = set()
        if q_len >= 3:
            for q in dict.fromkeys(keys.spaced + q_packed):
                lo = bisect.bisect_left(self._prefix_keys, q)
                hi = bisect.bisect_left(self._prefix_keys, q + "\uffff")
                for _, i in self._prefixes[lo:hi]:
                    if allowed is None or i in allowed:
                        prefixed.add(i)
        if q_len >= 4:
            # Whole words inside a longer name: "Verduzan" for Castéra-Verduzan.
            scan = allowed if allowed is not None else candidates
            for i in scan:
                if any(f" {q} " in f" {k} " for q in keys.spaced for k in self._keys[i].spaced):
                    prefixed.add(i)
        candidates |= prefixed

        scored: list[tuple[int, int, str, int]] = []
        for i in candidates:
            dist = min(
                edit_distance(q, k, max_typos) for q in q_packed for k in self._keys[i].packed
            )
            if dist > max_typos:
                tier = 99
            elif dist == 1 and q_len <= 4:
                tier = 3  # in a short word one slip is as likely as an unfinished name
            else:
                tier = (0, 1, 3, 4)[dist]
            if i in prefixed:
                tier = min(tier, 2)
            if tier < 99:
                c = self._communes[i]
                scored.append((tier, -c.population, c.insee, i))
        scored.sort()
        return [(i, tier) for tier, _, _, i in scored[:limit]]

    # --- geography ----------------------------------------------------------------------------

    @staticmethod
    def _cell(lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat / _GRID_DEG), math.floor(lon / _GRID_DEG))

    def nearest(
        self, lat: float, lon: float, dept: str | None = None
    ) -> tuple[Commune, float] | None:
        """Commune whose centroid (or a merged former commune's) is nearest, with distance in km."""
        if dept is not None:
            return self._closest(lat, lon, self._dept_points.get(dept, ()))
        best: tuple[Commune, float] | None = None
        row, col = self._cell(lat, lon)
        for ring in range(0, 41):
            ring_points = [
                p
                for r in range(row - ring, row + ring + 1)
                for c in range(col - ring, col + ring + 1)
                if max(abs(r - row), abs(c - col)) == ring
                for p in self._grid.get((r, c), ())
            ]
            found = self._closest(lat, lon, ring_points)
            if found is not None and (best is None or found[1] < best[1]):
                best = found
            # Anything not yet seen lies at least `ring` cells away in latitude or longitude.
            max_lat = min(89.9, abs(lat) + (ring + 1) * _GRID_DEG)
            bound_km = ring * _GRID_DEG * 111.19 * math.cos(math.radians(max_lat))
            if best is not None and best[1] <= bound_km:
                return best
        return self._closest(lat, lon, self._points)

    def _closest(
        self, lat: float, lon: float, points: Iterable[tuple[float, float, int]]
    ) -> tuple[Commune, float] | None:
        best: tuple[float, int] | None = None
        for plat, plon, i in points:
            d = haversine_km(lat, lon, plat, plon)
            if best is None or d < best[0]:
                best = (d, i)
        return None if best is None else (self._communes[best[1]], best[0])


def _read_json(name: str) -> Any:
    text = resources.files("flows").joinpath("data", name).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def load_communes() -> CommuneDirectory:
    """The directory built from the packaged data (loaded once, then shared read-only)."""
    communes_data = _read_json("communes.json")
    cantons = {code: (name, dept) for code, name, dept in _read_json("cantons.json")["cantons"]}
    departments = dict(_read_json("departements.json")["departements"])
    communes = []
    for insee, name, postal, population, lat, lon, canton in communes_data["communes"]:
        canton_name = cantons[canton][0] if canton in cantons else None
        communes.append(
            Commune(
                insee=insee,
                name=name,
                # Shared strings: a département, postal code or canton code repeats a lot.
                dept=sys.intern(dept_of_insee(insee)),
                postal_codes=tuple(sys.intern(p) for p in postal),
                population=population or 0,
                lat=lat,
                lon=lon,
                canton_code=sys.intern(canton) if canton_name is not None else None,
                canton_name=canton_name,
            )
        )
    absorbed = [
        AbsorbedCommune(old, old_name, lat, lon, insee)
        for old, old_name, lat, lon, insee, _how in communes_data["absorbed"]
    ]
    return CommuneDirectory(communes, cantons, departments, absorbed)
