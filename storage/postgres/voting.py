"""The voter list and the ballot box: written together, never linked."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence

from flows.domain.records import PaperTotal
from storage.postgres.base import PgRepository

# Taken by the scrubber's rewrite of the ballot box and by whoever deletes a ballot, so that
# a deletion never misses a row that the rewrite moved under it.
BALLOT_REWRITE_LOCK = 0x6275_6467_6261_6C31  # "budgbal1"

_KEPT = ("ON CONFLICT (campaign, key) DO UPDATE SET value = kept_counts.value + excluded.value")
# Each takes the campaign twice: the rows written, the voters counted.
_KEEP_COUNTS = (
    "INSERT INTO kept_counts (campaign, key, value) SELECT %s, 'commune:' || commune, COUNT(*) "
    "FROM voters WHERE campaign = %s AND commune IS NOT NULL GROUP BY commune " + _KEPT,
    "INSERT INTO kept_counts (campaign, key, value) SELECT %s, 'canton:' || canton, COUNT(*) "
    "FROM voters WHERE campaign = %s AND canton IS NOT NULL GROUP BY canton " + _KEPT,
    "INSERT INTO kept_counts (campaign, key, value) SELECT %s, 'voters', COUNT(*) FROM voters "
    "WHERE campaign = %s " + _KEPT,
)
_ADD_BALLOT = ("INSERT INTO ballots (campaign, ballot_id, day, channel, choices, receipt) "
               "VALUES (%s, %s, %s, %s, %s, %s)")


class PgVoting(PgRepository):
    async def has_voted(self, phone_hash: str | None = None,
                        account_hash: str | None = None) -> bool:
        row = await self._row(
            "SELECT 1 FROM voters WHERE campaign = %s AND (phone_hash = %s OR account_hash = %s)",
            (self._campaign, phone_hash or "", account_hash or ""))
        return row is not None

    async def voter_commune(self, account_hash: str) -> str | None:
        """The commune a voter declared (kept on the voter list for turnout), if any."""
        row = await self._row(
            "SELECT commune FROM voters WHERE campaign = %s AND account_hash = %s",
            (self._campaign, account_hash))
        return str(row[0]) if row and row[0] else None

    async def cast(
        self, phone_hash: str, account_hash: str, day: str, commune: str | None,
        canton: str | None, choices: Sequence[int], channel: str = "online",
    ) -> str | None:
        """Add the voter and the ballot; the receipt, or None if this person already voted.

        INSERT ... ON CONFLICT DO NOTHING on both unique keys (phone, account): of two
        casts by one person at once, the second waits for the first's commit and adds
        nothing, so one ballot per phone holds under READ COMMITTED without a lock."""
        added = await self._row(
            "INSERT INTO voters (campaign, phone_hash, account_hash, day, commune, canton) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING 1",
            (self._campaign, phone_hash, account_hash, day, commune, canton))
        if added is None:
            return None
        receipt = secrets.token_hex(4).upper()
        await self._run(_ADD_BALLOT, (self._campaign, secrets.token_hex(16), day, channel,
                                      json.dumps(sorted(choices)), receipt))
        return receipt

    async def add_ballot(self, day: str, channel: str, choices: Sequence[int],
                         receipt: str | None = None) -> None:
        await self._run(_ADD_BALLOT, (self._campaign, secrets.token_hex(16), day, channel,
                                      json.dumps(sorted(choices)), receipt))

    async def receipt_exists(self, receipt: str) -> bool:
        row = await self._row("SELECT 1 FROM ballots WHERE campaign = %s AND receipt = %s",
                              (self._campaign, receipt.strip().upper()))
        return row is not None

    async def ballots(self) -> list[tuple[str, list[int]]]:
        """Every ballot as (channel, chosen proposal ids), in ballot-id (random) order."""
        rows = await self._rows(
            "SELECT channel, choices FROM ballots WHERE campaign = %s ORDER BY ballot_id",
            (self._campaign,))
        return [(str(r[0]), list(json.loads(r[1]))) for r in rows]

    async def set_paper_total(self, box: str, proposal_id: int, votes: int,
                              entered_by: str, day: str) -> None:
        await self._run(
            "INSERT INTO paper_totals (campaign, box, proposal_id, votes, entered_by, day) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (campaign, box, proposal_id) DO UPDATE "
            "SET votes = excluded.votes, entered_by = excluded.entered_by, day = excluded.day",
            (self._campaign, box, proposal_id, votes, entered_by, day))

    async def withdraw_paper_ballot(self, receipt: str) -> tuple[str, list[int]] | None:
        """Delete the paper ballot with this id; its channel and choices, or None if none.

        DELETE ... RETURNING after the ballot box's rewrite lock (pg_advisory_xact_lock): of
        two withdrawals at once, one gets the row."""
        await self._run("SELECT pg_advisory_xact_lock(%s)", (BALLOT_REWRITE_LOCK,))
        row = await self._row(
            "DELETE FROM ballots WHERE campaign = %s AND receipt = %s AND channel LIKE 'paper%%' "
            "RETURNING channel, choices", (self._campaign, receipt.strip().upper()))
        return (str(row[0]), list(json.loads(row[1]))) if row else None

    async def box_totals(self, box: str) -> dict[int, int]:
        """The per-project totals stored for one box (empty if there is no such box)."""
        rows = await self._rows(
            "SELECT proposal_id, votes FROM paper_totals WHERE campaign = %s AND box = %s "
            "ORDER BY proposal_id", (self._campaign, box))
        return {int(r[0]): int(r[1]) for r in rows}

    async def box_names(self) -> list[str]:
        rows = await self._rows(
            "SELECT DISTINCT box FROM paper_totals WHERE campaign = %s ORDER BY box",
            (self._campaign,))
        return [str(r[0]) for r in rows]

    async def replace_box(self, box: str, totals: dict[int, int], entered_by: str,
                          day: str) -> dict[int, int]:
        """Make ``totals`` the whole content of ``box``; what it held before.

        Two replacements of one box, even a new one with no rows to lock yet, follow each
        other: each first takes an advisory lock on the box's name (pg_advisory_xact_lock)."""
        await self._run(
            "SELECT pg_advisory_xact_lock(hashtextextended('paper box:' || %s || ':' || %s, 0))",
            (self._campaign, box))
        before = await self.box_totals(box)
        await self._run("DELETE FROM paper_totals WHERE campaign = %s AND box = %s",
                        (self._campaign, box))
        async with self._conn.cursor() as cur:
            await cur.executemany(
                "INSERT INTO paper_totals (campaign, box, proposal_id, votes, entered_by, day) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [(self._campaign, box, pid, votes, entered_by, day)
                 for pid, votes in sorted(totals.items())])
        return before

    async def paper_totals(self) -> list[PaperTotal]:
        rows = await self._rows("SELECT box, proposal_id, votes, entered_by FROM paper_totals "
                                "WHERE campaign = %s ORDER BY box, proposal_id",
                                (self._campaign,))
        return [PaperTotal(str(r[0]), int(r[1]), int(r[2]), str(r[3])) for r in rows]

    async def counts(self) -> dict[str, int]:
        """Voters, ballots by channel, and the counts kept after the voter list is purged."""
        mine = (self._campaign,)
        row = await self._row("SELECT COUNT(*) FROM voters WHERE campaign = %s", mine)
        out: dict[str, int] = {"voters": int(row[0]) if row else 0}
        for channel, count in await self._rows(
                "SELECT channel, COUNT(*) FROM ballots WHERE campaign = %s GROUP BY channel",
                mine):
            out[f"ballots_{channel}"] = int(count)
        for key, value in await self._rows(
                "SELECT key, value FROM kept_counts WHERE campaign = %s", mine):
            out[f"kept_{key}"] = int(value)
        return out

    async def turnout(self, column: str) -> dict[str, int]:
        """Voters per commune or per canton (kept counts included after a purge)."""
        queries = {"commune": "SELECT commune, COUNT(*) FROM voters WHERE campaign = %s "
                               "GROUP BY commune",
                   "canton": "SELECT canton, COUNT(*) FROM voters WHERE campaign = %s "
                             "GROUP BY canton"}
        rows = await self._rows(queries[column], (self._campaign,))
        out = {str(key): int(count) for key, count in rows}
        for key, value in await self._rows(
                "SELECT key, value FROM kept_counts WHERE campaign = %s AND starts_with(key, %s)",
                (self._campaign, f"{column}:")):
            name = str(key).split(":", 1)[1]
            out[name] = out.get(name, 0) + int(value)
        return out

    async def purge_voter_list(self) -> int:
        """Delete the voter list, keeping its counts per commune and canton."""
        for keep in _KEEP_COUNTS:
            await self._run(keep, (self._campaign, self._campaign))
        return await self._run("DELETE FROM voters WHERE campaign = %s", (self._campaign,))
