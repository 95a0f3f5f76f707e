"""Shared renderings of winners' progress, for staff and citizens alike."""

from __future__ import annotations

from datetime import datetime

from flows.dialogues.context import Context
from flows.domain import dates
from flows.domain.campaign import PARIS
from flows.domain.progress import ProgressEntry
from flows.i18n import Safe
from flows.services.scope import Scope


def scope(ctx: Context) -> Scope:
    return ctx.deps.scope


def stage_label(ctx: Context, stage: str) -> str:
    return ctx.t(f"progress_stage_{stage}")


def day(ctx: Context, at: datetime) -> str:
    return dates.day_text(at.astimezone(PARIS).date(), ctx.lang)


def last_line(ctx: Context, last: ProgressEntry | None) -> str:
    if last is None:
        return ctx.t("progress_last_none")
    return ctx.t("progress_last", stage=Safe(stage_label(ctx, last.stage)), percent=last.percent,
                 day=day(ctx, last.at), who=last.by, note=last.note)
