"""A seeded synthetic approval election for benchmarks, shaped like a city's pabulib file.

``python bench/synthetic_election.py OUT.pb`` writes a city-scale election (90,000 voters,
about 10 MB): numeric project ids, ballots of 10 to 20 projects with popular projects
approved more often, and the voter columns real city files carry (age, sex, voting method,
district), as in pabulib's Warszawa files.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

CITY_VOTERS = 90_000
CITY_PROJECTS = 150
MAX_LENGTH = 20
DISTRICTS = ("Bemowo", "Bielany", "Mokotów", "Ochota", "Praga-Południe", "Praga-Północ",
             "Śródmieście", "Targówek", "Ursus", "Ursynów", "Wawer", "Wola", "Żoliborz")
METHODS = ("internet", "internet", "internet", "paper")


def city_pb_lines(voters: int = CITY_VOTERS, projects: int = CITY_PROJECTS,
                  seed: int = 2024) -> Iterator[str]:
    """The lines of a city-scale ``.pb`` file (approval, rule greedy), without line ends."""
    rng = random.Random(seed)
    ids = [str(rng.randrange(1_000, 10_000)) for _ in range(projects * 2)]
    ids = list(dict.fromkeys(ids))[:projects]
    costs = [rng.randrange(2_000, 2_000_000, 1_000) for _ in ids]
    popularity = [1 / (rank + 6) for rank in range(len(ids))]
    budget = sum(costs) // 4
    yield from ["META", "key;value", "description;Synthetic city-wide participatory budget",
                "country;Poland", "unit;Synthetic City", "instance;2026",
                f"num_projects;{len(ids)}", f"num_votes;{voters}", f"budget;{budget}",
                "vote_type;approval", "rule;greedy", "min_length;1", f"max_length;{MAX_LENGTH}",
                "PROJECTS", "project_id;cost;name;category;district"]
    for pid, cost in zip(ids, costs, strict=True):
        district = rng.choice(DISTRICTS)
        yield f'{pid};{cost};"Projekt {pid}; {district}";public space;{district}'
    yield from ["VOTES", "voter_id;vote;age;sex;voting_method;district"]
    for voter in range(1, voters + 1):
        size = rng.randint(MAX_LENGTH // 2, MAX_LENGTH)
        chosen: dict[str, None] = {}
        while len(chosen) < size:
            chosen.update(dict.fromkeys(rng.choices(ids, weights=popularity, k=size - len(chosen))))
        yield (f"{1_000_000 + voter};{','.join(chosen)};{rng.randint(16, 90)};"
               f"{rng.choice('MF')};{rng.choice(METHODS)};{rng.choice(DISTRICTS)}")


def write_city_pb(path: Path, voters: int = CITY_VOTERS, projects: int = CITY_PROJECTS,
                  seed: int = 2024) -> None:
    """Write :func:`city_pb_lines` to ``path`` (UTF-8, ``\\n`` line ends)."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for line in city_pb_lines(voters, projects, seed):
            out.write(line + "\n")


def main() -> None:
    """Write a city-scale election file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--voters", type=int, default=CITY_VOTERS)
    parser.add_argument("--projects", type=int, default=CITY_PROJECTS)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    write_city_pb(args.out, args.voters, args.projects, args.seed)


if __name__ == "__main__":
    main()
