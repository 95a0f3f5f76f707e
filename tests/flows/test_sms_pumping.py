"""SMS pumping: typed numbers have a pool of their own; a voter's own contact still gets a code."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from flows.domain.campaign import CampaignError, load_campaign
from flows.events import Contact
from flows.i18n import t
from storage.db import Database
from tests.flows.harness import EXAMPLES, Harness
from tests.flows.pumping import pump, to_phone_step, typed_by_hand
from tests.flows.test_voting import IN_VOTE, add_projects

MORNING = IN_VOTE.replace(hour=8)


async def harness(tmp_path: Path, sms: str = "", now: datetime = MORNING) -> Harness:
    text = (EXAMPLES / "gers.toml").read_text(encoding="utf-8")
    (tmp_path / "c.toml").write_text(text + (f"\n[vote.sms]\n{sms}\n" if sms else ""))
    h = Harness(await Database.open(tmp_path / "d.sqlite3"), load_campaign(tmp_path / "c.toml"),
                now)
    await add_projects(h, 3)
    return h


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness_ = await harness(tmp_path)
    yield harness_
    await harness_.db.close()


def staff_alerts(h: Harness, key: str, **values: object) -> list[str]:
    heading = t("fr", key, **values)
    return [text for text in h.texts(h.campaign.staff.chat_id) if text.startswith(heading)]


async def test_a_thousand_accounts_typing_numbers_cannot_stop_a_voter_sharing_their_contact(
    h: Harness,
) -> None:
    limits = h.campaign.vote.sms
    report = await pump(h, accounts=1000, hours=8, relentless=False, honest_per_hour=2)
    print(f"\n{report.summary(limits.typed_pool)}\nSMS per hour: {report.per_hour}")
    assert report.sms == limits.typed_pool == 400  # used up, and not one more
    assert max(report.per_hour) <= limits.typed_hourly
    assert report.attempts > 1000  # every account tried, and was refused, in the last hour
    assert report.honest_contact_served == report.honest_contact_asked == 16

    marie = h.citizen(user_id=77)
    await to_phone_step(h, 77)
    replies = await h.act(marie, Contact("33612345678", marie.user_id))
    assert replies[-1].text == t("fr", "vote_ask_code", masked="+33 6 •• •• •• 78",
                               minutes=10)
    assert "+33612345678" in h.sms.received


async def test_a_typed_number_refused_by_the_pool_is_offered_the_share_button(
    tmp_path: Path,
) -> None:
    h = await harness(tmp_path, "typed_daily_cap = 3\ntyped_hourly_cap = 3")
    report = await pump(h, accounts=20, hours=1, relentless=True)
    assert report.sms == 3
    shown = await typed_by_hand(h, 78, "06 12 34 56 79")
    assert shown[0] == t("fr", "sms_typed_busy")
    last = h.recorder.log[-1][1]
    assert last.request_contact == t("fr", "btn_share_phone")
    assert "+33612345679" not in h.sms.received
    await h.db.close()


async def test_staff_are_alerted_once_a_day_with_the_figures(tmp_path: Path) -> None:
    h = await harness(tmp_path, "typed_daily_cap = 4\ntyped_hourly_cap = 2")
    await pump(h, accounts=10, hours=3, relentless=True, honest_per_hour=1)
    hourly = staff_alerts(h, "staff_sms_typed_hour_cap")
    daily = staff_alerts(h, "staff_sms_typed_day_cap")
    assert len(hourly) == 1 and len(daily) == 1
    # The hour cap was hit in the first hour, after 2 typed codes from 2 accounts, when
    # the third account is the first refused.
    assert hourly[0] == t("fr", "staff_sms_typed_hour_cap") + "\n" + t(
        "fr", "staff_sms_figures", typed=2, accounts=2, refused=1, contact=0,
        reserve=2000 - 2, typed_cap=4, hourly_cap=2)
    assert "typed" not in daily[0]  # French for the staff group
    await h.db.close()


async def test_the_contact_reserve_cannot_be_taken_by_typed_numbers(tmp_path: Path) -> None:
    h = await harness(tmp_path, "daily_cap = 5\ntyped_daily_cap = 3\ntyped_hourly_cap = 10")
    report = await pump(h, accounts=10, hours=1, relentless=True, honest_per_hour=3)
    assert report.sms == 3
    assert report.honest_contact_served == 2  # what the campaign-wide cap leaves
    assert len(staff_alerts(h, "staff_sms_cap", cap=5)) == 1
    await h.db.close()


def test_a_typed_pool_above_the_daily_cap_is_refused_naming_the_field(tmp_path: Path) -> None:
    text = (EXAMPLES / "gers.toml").read_text(encoding="utf-8")
    path = tmp_path / "c.toml"
    path.write_text(text + "\n[vote.sms]\ndaily_cap = 100\ntyped_daily_cap = 200\n")
    with pytest.raises(CampaignError) as error:
        load_campaign(path)
    assert "typed_daily_cap" in str(error.value) and "c.toml" in str(error.value)


def test_default_pools_leave_most_of_the_daily_cap_to_shared_contacts() -> None:
    limits = load_campaign(EXAMPLES / "gers.toml").vote.sms
    assert (limits.daily_cap, limits.typed_pool, limits.typed_hourly) == (2000, 400, 67)
