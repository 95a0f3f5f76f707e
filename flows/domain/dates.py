"""The campaign calendar in words: "le vote ouvre le 23 mars 2027" rather than phase names."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flows.domain.campaign import PARIS, Campaign, Phase, PhaseKind

MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


def day_text(day: date, lang: str) -> str:
    """'23 mars 2027', '1er novembre 2026'; '23 March 2027' in English."""
    months = MONTHS["en" if lang == "en" else "fr"]
    number = "1er" if day.day == 1 and lang != "en" else str(day.day)
    return f"{number} {months[day.month - 1]} {day.year}"


def first_day(phase: Phase) -> date:
    return phase.start.astimezone(PARIS).date()


def last_day(phase: Phase) -> date:
    """The last day the phase runs: an end at midnight means the day before."""
    end = phase.end.astimezone(PARIS)
    return (end - timedelta(seconds=1)).date() if end.time() == datetime.min.time() \
        else end.date()


def next_start(campaign: Campaign, kind: PhaseKind, now: datetime) -> date | None:
    """First day of the next phase of this kind still to come."""
    return next((first_day(p) for p in campaign.phases if p.kind == kind and p.start > now),
                None)


def current_end(campaign: Campaign, kind: PhaseKind, now: datetime) -> date | None:
    """Last day of the phase of this kind the calendar runs now."""
    return next((last_day(p) for p in campaign.phases
                 if p.kind == kind and p.start <= now <= p.end), None)


def last_end(campaign: Campaign, kind: PhaseKind, now: datetime) -> date | None:
    """Last day of the latest phase of this kind already over."""
    ends = [last_day(p) for p in campaign.phases if p.kind == kind and p.end < now]
    return max(ends, default=None)
