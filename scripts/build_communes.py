"""Build the compact commune, canton and département data shipped in ``flows/data``.

Usage: ``python scripts/build_communes.py [SOURCE_DIR] [OUT_DIR]`` (defaults: /work/shared/data,
flows/data). The project never reads SOURCE_DIR at run time; it only reads the generated files.
"""

from __future__ import annotations

import json
import math
import shutil
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_SOURCE = Path("/work/shared/data")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "flows" / "data"
FORMAT_VERSION = 1
# An old commune is attached to a renamed commune nouvelle only when this close (km).
MAX_ABSORB_KM = 15.0


@dataclass(frozen=True)
class BuildReport:
    """Counts printed after a build so gaps in the data stay visible."""

    communes: int
    departements: int
    cantons: int
    from_geo: int
    geo_by_old_code: int
    canton_by_postal_code: int
    without_centroid: int
    without_canton: int
    absorbed: int
    absorbed_unmapped: int


def _fold(text: str) -> str:
    """Accent-free, punctuation-free lowercase key used only to compare names here."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    kept = "".join(
        ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch)
    )
    words = kept.split()
    if words and words[0] in {"le", "la", "les", "l"}:
        words = words[1:]
    return " ".join(words)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def build(source: Path, out: Path) -> BuildReport:
    """Read the shared reference files and write the compact project data."""
    communes: list[dict[str, Any]] = _load(source / "communes.json")
    geo: list[dict[str, Any]] = _load(source / "communes-geo-2018.json")
    cantons: list[dict[str, Any]] = _load(source / "cantons-2018.json")
    depts: list[dict[str, Any]] = _load(source / "departements.json")

    geo_by_code = {g["code"]: g for g in geo}
    current_codes = {c["code"] for c in communes}
    # 2018 communes that no longer exist: merged into a commune nouvelle, or renumbered.
    old_geo = [g for g in geo if g["code"] not in current_codes]
    old_by_dept_name: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for old in old_geo:
        old_by_dept_name[(old["departement"], _fold(old["nom"]))].append(old)

    rows: list[list[Any]] = []
    resolved: dict[str, dict[str, Any]] = {}
    from_geo = by_old_code = by_postal = 0
    missing: list[dict[str, Any]] = []
    for c in communes:
        g: dict[str, Any] | None = geo_by_code.get(c["code"])
        if g is not None:
            from_geo += 1
        else:
            # A commune nouvelle whose chef-lieu (hence code) changed keeps its name.
            same_name = old_by_dept_name.get((c["departement"], _fold(c["nom"])), [])
            if len(same_name) == 1:
                g = same_name[0]
                by_old_code += 1
        if g is not None:
            resolved[c["code"]] = {"lat": g["lat"], "lon": g["lon"], "canton": g["canton"]}
        else:
            missing.append(c)

    # Communes restored from a merger: no centroid, but a canton shared by every commune of the
    # same postal code in the département is a safe guess.
    for c in missing:
        canton_votes: set[str | None] = set()
        for other in communes:
            if (
                other["code"] != c["code"]
                and other["departement"] == c["departement"]
                and other["code"] in resolved
                and set(other["codesPostaux"]) & set(c["codesPostaux"])
            ):
                canton_votes.add(resolved[other["code"]]["canton"])
        canton = canton_votes.pop() if len(canton_votes) == 1 else None
        if canton is not None:
            by_postal += 1
        resolved[c["code"]] = {"lat": None, "lon": None, "canton": canton}

    for c in communes:
        r = resolved[c["code"]]
        lat = None if r["lat"] is None else round(r["lat"], 4)
        lon = None if r["lon"] is None else round(r["lon"], 4)
        rows.append(
            [c["code"], c["nom"], c["codesPostaux"], c["population"], lat, lon, r["canton"]]
        )

    absorbed_rows, unmapped = _absorbed(old_geo, communes, geo_by_code, resolved)

    out.mkdir(parents=True, exist_ok=True)
    _dump(
        out / "communes.json",
        {
            "version": FORMAT_VERSION,
            "fields": ["insee", "name", "postal_codes", "population", "lat", "lon", "canton"],
            "communes": rows,
            "absorbed_fields": ["old_insee", "old_name", "lat", "lon", "insee", "how"],
            "absorbed": absorbed_rows,
        },
    )
    _dump(
        out / "cantons.json",
        {
            "version": FORMAT_VERSION,
            "cantons": [[k["code"], k["nom"], k["departement"]] for k in cantons],
        },
    )
    _dump(
        out / "departements.json",
        {
            "version": FORMAT_VERSION,
            "departements": [[d["code"], d["nom"]] for d in depts],
        },
    )
    shutil.copyfile(
        source / "LICENSE-decoupage-administratif", out / "LICENSE-decoupage-administratif"
    )

    return BuildReport(
        communes=len(rows),
        departements=len(depts),
        cantons=len(cantons),
        from_geo=from_geo,
        geo_by_old_code=by_old_code,
        canton_by_postal_code=by_postal,
        without_centroid=sum(1 for r in rows if r[4] is None),
        without_canton=sum(1 for r in rows if r[6] is None),
        absorbed=len(absorbed_rows),
        absorbed_unmapped=unmapped,
    )


def _absorbed(
    old_geo: list[dict[str, Any]],
    communes: list[dict[str, Any]],
    geo_by_code: dict[str, dict[str, Any]],
    resolved: dict[str, dict[str, Any]],
) -> tuple[list[list[Any]], int]:
    """Attach each vanished 2018 commune to the current commune that most likely absorbed it.

    The sources hold no merger table, so this is a heuristic: a current commune of the same
    département whose name contains the old name, else the nearest one renamed since 2018.
    """
    by_dept: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in communes:
        by_dept[c["departement"]].append(c)
    renamed = {
        c["code"]
        for c in communes
        if c["code"] not in geo_by_code or _fold(geo_by_code[c["code"]]["nom"]) != _fold(c["nom"])
    }
    rows: list[list[Any]] = []
    unmapped = 0
    for g in sorted(old_geo, key=lambda x: str(x["code"])):
        old_name = _fold(g["nom"])
        best: tuple[float, str, str] | None = None
        for c in by_dept[g["departement"]]:
            r = resolved[c["code"]]
            if r["lat"] is None:
                continue
            d = _km(g["lat"], g["lon"], r["lat"], r["lon"])
            contains = f" {old_name} " in f" {_fold(c['nom'])} "
            how = "name"
            if contains and d <= 2 * MAX_ABSORB_KM:
                d -= 1000.0  # a name containing the old name beats any distance
            elif c["code"] not in renamed or d > MAX_ABSORB_KM:
                continue
            else:
                how = "near"
            if best is None or d < best[0]:
                best = (d, c["code"], how)
        if best is None:
            unmapped += 1
            continue
        rows.append([g["code"], g["nom"], round(g["lat"], 4), round(g["lon"], 4), best[1], best[2]])
    return rows, unmapped


def _dump(path: Path, data: Any) -> None:
    with path.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
        fh.write("\n")


def main(argv: list[str]) -> int:
    """Command-line entry point."""
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    out = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    report = build(source, out)
    for key, value in report.__dict__.items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
