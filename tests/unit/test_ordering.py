"""The order a person sees: a permutation of their own, stable, kept by filters."""

from __future__ import annotations

from dataclasses import dataclass

from flows.domain.ordering import SEED_KEY, arrange, kept, seed_of
from flows.session import Session


@dataclass(frozen=True)
class Item:
    id: int
    theme: str


ITEMS = [Item(n, "a" if n % 2 else "b") for n in range(1, 21)]


def test_a_seed_is_drawn_once_and_kept_in_the_session() -> None:
    session = Session()
    seed = seed_of(session)
    assert len(seed) == 32 and session.data[SEED_KEY] == seed
    assert seed_of(session) == seed
    assert seed_of(Session()) != seed


def test_a_damaged_seed_is_replaced_rather_than_crashing() -> None:
    session = Session(data={SEED_KEY: "not hex"})
    assert seed_of(session) != "not hex"
    assert arrange(ITEMS, "random", seed_of(session), []) != []


def test_the_order_is_a_permutation_the_same_each_time_and_kept_by_a_filter() -> None:
    seed = seed_of(Session())
    order = arrange(ITEMS, "random", seed, [])
    assert sorted(i.id for i in order) == list(range(1, 21))
    assert arrange(list(reversed(ITEMS)), "random", seed, []) == order
    subset = [i for i in ITEMS if i.theme == "a"]
    assert arrange(subset, "random", seed, []) == [i for i in order if i.theme == "a"]


def test_reference_and_theme_orders() -> None:
    seed = seed_of(Session())
    assert [i.id for i in arrange(list(reversed(ITEMS)), "reference", seed, [])] == \
        list(range(1, 21))
    grouped = arrange(ITEMS, "theme", seed, ["b", "a"])
    assert [i.theme for i in grouped] == ["b"] * 10 + ["a"] * 10
    random_a = [i for i in arrange(ITEMS, "random", seed, []) if i.theme == "a"]
    assert grouped[10:] == random_a


def test_only_the_seed_is_carried_into_a_new_dialogue() -> None:
    session = Session(data={"choices": [1], "page": 2})
    assert kept(session) == {}
    seed = seed_of(session)
    assert kept(session) == {SEED_KEY: seed}
