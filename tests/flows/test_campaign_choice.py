"""Which campaign an update goes to when one bot serves the Gers and the Aude examples."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from bot.wiring import build_deps
from flows.dialogues import campaign_choice
from flows.dialogues.context import Deps
from flows.dialogues.notices import BROADCAST_PRIORITY
from flows.domain.campaign import load_campaign
from flows.domain.communes import load_communes
from flows.events import Action, Button, Command, Incoming, Sender, Text
from flows.i18n import t
from flows.replies import Message
from flows.services.campaigns import Campaigns, legacy_owner
from flows.session import Session
from tests.flows.harness import EXAMPLES, IN_PROPOSALS, PARIS
from tests.services.fake_uow import FakeUnitOfWork

GERS_ONLY_OPEN = datetime(2026, 11, 5, 10, 0, tzinfo=PARIS)  # the Aude opens on 15 November
BOTH_OVER = datetime(2028, 3, 1, 10, 0, tzinfo=PARIS)
MARIE = Sender(user_id=42, chat_id=42, first_name="Marie")


@pytest.fixture(scope="module")
def campaigns() -> Campaigns[Deps]:
    communes = load_communes()
    return Campaigns.of([build_deps(_source(name), b"k" * 32, communes, None)
                         for name in ("gers.toml", "aude.toml")])


def _source(name: str) -> object:
    from bot.campaign_files import CampaignSource

    path = EXAMPLES / name
    return CampaignSource(load_campaign(path), path, Path(EXAMPLES))


GERS, AUDE = "gers-bpg4", "aude-bp4"
update_ids = iter(range(1, 10_000))


async def send(campaigns: Campaigns[Deps], uow: FakeUnitOfWork, action: Action,
               at: datetime = IN_PROPOSALS,
               sender: Sender = MARIE) -> campaign_choice.Routed:
    return await campaign_choice.dispatch(campaigns, uow, Incoming(next(update_ids), sender,
                                                                  action, at))


def last_text(uow: FakeUnitOfWork) -> Message:
    return [m for m in uow.outbox.messages if m.text][-1]


def labels(message: Message) -> list[str]:
    return [c.label for row in message.keyboard for c in row]


def name(campaigns: Campaigns[Deps], campaign_id: str) -> str:
    deps = campaigns.by_id(campaign_id)
    assert deps is not None
    return deps.campaign.name.fr


async def test_a_staff_groups_updates_go_to_its_own_campaign(
        campaigns: Campaigns[Deps]) -> None:
    aude = campaigns.by_id(AUDE)
    assert aude is not None
    staff = Sender(user_id=7, chat_id=aude.campaign.staff.chat_id, private=False, is_staff=True)
    routed = await send(campaigns, FakeUnitOfWork(), Command("stats"), sender=staff)
    assert routed.deps is aude


async def test_several_open_and_none_chosen_asks_with_a_button_per_open_campaign(
        campaigns: Campaigns[Deps]) -> None:
    uow = FakeUnitOfWork()
    routed = await send(campaigns, uow, Command("start"))
    assert routed.deps is None
    asked = last_text(uow)
    assert asked.text == t("fr", "campaign_ask", name="Marie")
    assert labels(asked) == [t("fr", "btn_campaign", campaign=name(campaigns, GERS)),
                             t("fr", "btn_campaign", campaign=name(campaigns, AUDE)),
                             t("fr", "btn_campaign_others")]


async def test_with_only_one_campaign_open_a_newcomer_goes_to_it_unasked(
        campaigns: Campaigns[Deps]) -> None:
    routed = await send(campaigns, FakeUnitOfWork(), Command("start"), at=GERS_ONLY_OPEN)
    assert routed.deps is campaigns.by_id(GERS)


async def test_with_none_open_a_newcomer_sees_the_latest_campaign(
        campaigns: Campaigns[Deps]) -> None:
    routed = await send(campaigns, FakeUnitOfWork(), Command("start"), at=BOTH_OVER)
    assert routed.deps is campaigns.latest()


async def test_with_one_campaign_nothing_is_asked(campaigns: Campaigns[Deps]) -> None:
    alone = Campaigns.of([campaigns.first])
    uow = FakeUnitOfWork()
    routed = await send(alone, uow, Command("start", "anything"))
    assert routed.deps is alone.first
    assert await uow.choices.get(MARIE.chat_id) is None


async def test_a_start_link_chooses_the_campaign_and_the_choice_is_kept(
        campaigns: Campaigns[Deps]) -> None:
    uow = FakeUnitOfWork()
    routed = await send(campaigns, uow, Command("start", "aude-bp4"))
    assert routed.deps is campaigns.by_id(AUDE)
    assert html.unescape(name(campaigns, AUDE)) in html.unescape(last_text(uow).text)
    later = await send(campaigns, uow, Text("bonjour"))
    assert later.deps is campaigns.by_id(AUDE)


async def test_a_typed_commune_offers_the_campaign_of_its_departement(
        campaigns: Campaigns[Deps]) -> None:
    uow = FakeUnitOfWork()
    await send(campaigns, uow, Text("lectoure"))
    offer = last_text(uow)
    assert offer.text == t("fr", "campaign_of_commune", commune="Lectoure",
                           campaign=name(campaigns, GERS))
    assert offer.keyboard[0][0].data == f"c|p|{GERS}"


async def test_a_tap_chooses_once_and_a_repeated_update_changes_nothing(
        campaigns: Campaigns[Deps]) -> None:
    uow = FakeUnitOfWork()
    tap = Incoming(next(update_ids), MARIE, Button(f"c|p|{AUDE}", 5, "q1"), IN_PROPOSALS)
    first = await campaign_choice.dispatch(campaigns, uow, tap)
    assert first.deps is campaigns.by_id(AUDE) and await uow.choices.get(42) == AUDE
    sent = len(uow.outbox.messages)
    again = await campaign_choice.dispatch(campaigns, uow, tap)
    assert again.effects == [] and len(uow.outbox.messages) == sent


async def test_a_closed_campaign_is_listed_and_can_be_chosen(
        campaigns: Campaigns[Deps]) -> None:
    uow = FakeUnitOfWork()
    await send(campaigns, uow, Command("campagne"), at=GERS_ONLY_OPEN)
    listed = last_text(uow)
    assert labels(listed) == [t("fr", "btn_campaign", campaign=name(campaigns, GERS)),
                              t("fr", "btn_campaign_closed", campaign=name(campaigns, AUDE)),
                              t("fr", "btn_campaign_future")]
    routed = await send(campaigns, uow, Button(f"c|p|{AUDE}", 9, "q2"), at=GERS_ONLY_OPEN)
    assert routed.deps is campaigns.by_id(AUDE)


async def test_a_new_campaign_is_announced_once_to_those_who_asked(
        campaigns: Campaigns[Deps]) -> None:
    uow = FakeUnitOfWork()
    await send(campaigns, uow, Button("c|f", 3, "q3"), at=BOTH_OVER)
    assert last_text(uow).text == t("fr", "campaign_future_added")
    assert await campaign_choice.announce_openings(campaigns, uow, IN_PROPOSALS) == 2
    assert await campaign_choice.announce_openings(campaigns, uow, IN_PROPOSALS) == 0
    told = [m for m in uow.outbox.messages if m.priority == BROADCAST_PRIORITY]
    assert [m.text for m in told] == [
        t("fr", "campaign_opened_proposals", campaign=name(campaigns, GERS)),
        t("fr", "campaign_opened_proposals", campaign=name(campaigns, AUDE))]


def test_legacy_rows_go_to_the_campaign_of_their_references(
        campaigns: Campaigns[Deps]) -> None:
    assert legacy_owner(campaigns, ["AUDE-2026-0003", "BP-2026-0001"]) is \
        campaigns.by_id(AUDE)
    assert legacy_owner(campaigns, ["BP-2019-0001"]) is None  # no campaign of that year
    assert legacy_owner(campaigns, []) is campaigns.first
    assert legacy_owner(Campaigns.of([campaigns.first]), ["X-2001-0001"]) is campaigns.first


@dataclass
class ScopedFake(FakeUnitOfWork):
    """The fake with each campaign's sessions apart, as campaign-scoped storage keeps them."""

    scoped: dict[str, FakeUnitOfWork] = field(default_factory=dict)

    def in_campaign(self, campaign_id: str) -> FakeUnitOfWork:
        return self.scoped.setdefault(campaign_id, FakeUnitOfWork(
            outbox=self.outbox, updates=self.updates, choices=self.choices))


async def test_a_dialogue_left_midway_in_one_open_campaign_carries_on_there(
        campaigns: Campaigns[Deps]) -> None:
    uow = ScopedFake()
    await uow.in_campaign(AUDE).sessions.save(42, 42, Session(flow="propose"), IN_PROPOSALS)
    routed = await send(campaigns, uow, Text("Un abri pour vélos"))
    assert routed.deps is campaigns.by_id(AUDE)
    assert await uow.choices.get(42) == AUDE


async def test_words_that_are_no_commune_get_the_question_again(
        campaigns: Campaigns[Deps]) -> None:
    uow = FakeUnitOfWork()
    await send(campaigns, uow, Text("bonjour je veux proposer"))
    assert last_text(uow).text == t("fr", "campaign_ask", name="Marie")


async def test_forgetting_oneself_also_forgets_the_choice_and_the_wish_to_hear_of_new_ones(
        campaigns: Campaigns[Deps]) -> None:
    uow = FakeUnitOfWork()
    await send(campaigns, uow, Command("start", AUDE))
    await send(campaigns, uow, Button("c|f", 3, "q4"))
    assert await uow.subscribers.is_subscribed(42, campaign_choice.FUTURE_TOPIC)
    await send(campaigns, uow, Button("g|forget|yes", 4, "q5"))
    assert last_text(uow).text == t("fr", "forget_done")
    assert await uow.choices.get(42) is None
    assert not await uow.subscribers.is_subscribed(42, campaign_choice.FUTURE_TOPIC)
