"""``budgetbot site``: photos through the bot when its token is set, then the site."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.campaign_files import CampaignSource
from bot.site.build import SiteError, SiteReport, check_target, write_site
from bot.site.photos import BotApiPhotos, NoPhotos
from flows.domain.communes import load_communes


async def _build(source: CampaignSource, db: str | Path, out: Path, token: str,
                 base_url: str | None) -> SiteReport:
    communes = load_communes()
    if not token:
        return await write_site(db, source, communes, out, NoPhotos())
    async with BotApiPhotos(token, base_url) as photos:
        return await write_site(db, source, communes, out, photos)


def write_site_command(source: CampaignSource, db: str | Path, out: Path, token: str,
                       base_url: str | None) -> int:
    """Write the site; one plain sentence for each problem, never a traceback."""
    from telegram.error import InvalidToken, NetworkError

    try:
        check_target(out)
        report = asyncio.run(_build(source, db, out, token, base_url))
    except SiteError as exc:
        print(exc, file=sys.stderr)
        return 2
    except InvalidToken:
        print("The Bot API server refused TELEGRAM_BOT_TOKEN: unset it to write the site "
              "without photos.", file=sys.stderr)
        return 2
    except NetworkError:
        print(f"Cannot reach the Bot API server at {base_url or 'api.telegram.org'} for the "
              "photos: unset TELEGRAM_BOT_TOKEN to write the site without them.",
              file=sys.stderr)
        return 1
    if not token:
        print("TELEGRAM_BOT_TOKEN is not set: the site shows no photos.")
    print("\n".join(report.lines()) + f" in {out}")
    return 0
