"""The voter list and the ballot box: written together, never linked."""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Callable, Sequence

import aiosqlite

from flows.domain.records import PaperTotal
from storage.hop import in_one_hop

_ADD_VOTER = ("INSERT INTO voters (campaign, phone_hash, account_hash, day, commune, canton) "
              "VALUES (?, ?, ?, ?, ?, ?)")
_ADD_BALLOT = ("INSERT INTO ballots (campaign, ballot_id, day, channel, choices, receipt) "
               "VALUES (?, ?, ?, ?, ?, ?)")


def _not_durable() -> None:
    """Without a Database around it, nothing more can be done for durability."""


class SqliteVoting:
    def __init__(self, conn: aiosqlite.Connection,
                 durable: Callable[[], None] = _not_durable, campaign: str = "") -> None:
        self._conn = conn
        self._campaign = campaign
        # Called when a ballot goes in: its transaction must survive power loss once
        # committed, before any receipt is shown (Database syncs the WAL).
        self._durable = durable

    async def has_voted(self, phone_hash: str | None = None,
                        account_hash: str | None = None) -> bool:
        async with self._conn.execute(
            "SELECT 1 FROM voters WHERE campaign = ? AND (phone_hash = ? OR account_hash = ?)",
            (self._campaign, phone_hash or "", account_hash or ""),
        ) as cur:
            return await cur.fetchone() is not None

    async def voter_commune(self, account_hash: str) -> str | None:
        """The commune a voter declared (kept on the voter list for turnout), if any."""
        async with self._conn.execute(
            "SELECT commune FROM voters WHERE campaign = ? AND account_hash = ?",
            (self._campaign, account_hash)
        ) as cur:
            row = await cur.fetchone()
        return str(row[0]) if row and row[0] else None

    async def cast(
        self, phone_hash: str, account_hash: str, day: str, commune: str | None,
        canton: str | None, choices: Sequence[int], channel: str = "online",
    ) -> str | None:
        """Atomic: the voter row (unique phone and account) and the ballot in one hop of the
        same transaction; the receipt, or None if this phone or account already voted."""
        receipt = secrets.token_hex(4).upper()
        ballot = (self._campaign, secrets.token_hex(16), day, channel,
                  json.dumps(sorted(choices)), receipt)
        voter = (self._campaign, phone_hash, account_hash, day, commune, canton)

        def both(conn: sqlite3.Connection) -> str | None:
            try:
                conn.execute(_ADD_VOTER, voter)
            except sqlite3.IntegrityError:
                return None
            conn.execute(_ADD_BALLOT, ballot)
            return receipt

        # One round trip for both rows: a ballot is the hottest transaction of the vote.
        added = await in_one_hop(self._conn, both)
        if added is not None:
            self._durable()
        return added

    async def add_ballot(self, day: str, channel: str, choices: Sequence[int],
                         receipt: str | None = None) -> None:
        self._durable()
        await self._conn.execute_fetchall(
            _ADD_BALLOT,
            (self._campaign, secrets.token_hex(16), day, channel, json.dumps(sorted(choices)),
             receipt),
        )

    async def receipt_exists(self, receipt: str) -> bool:
        sql = "SELECT 1 FROM ballots WHERE campaign = ? AND receipt = ?"
        async with self._conn.execute(sql, (self._campaign, receipt.strip().upper())) as cur:
            return await cur.fetchone() is not None

    async def ballots(self) -> list[tuple[str, list[int]]]:
        """Every ballot as (channel, chosen proposal ids), in ballot-id (random) order."""
        sql = "SELECT channel, choices FROM ballots WHERE campaign = ? ORDER BY ballot_id"
        async with self._conn.execute(sql, (self._campaign,)) as cur:
            return [(str(r[0]), list(json.loads(r[1]))) for r in await cur.fetchall()]

    async def set_paper_total(self, box: str, proposal_id: int, votes: int,
                              entered_by: str, day: str) -> None:
        await self._conn.execute(
            "INSERT OR REPLACE INTO paper_totals (campaign, box, proposal_id, votes, entered_by, "
            "day) VALUES (?, ?, ?, ?, ?, ?)",
            (self._campaign, box, proposal_id, votes, entered_by, day),
        )

    async def withdraw_paper_ballot(self, receipt: str) -> tuple[str, list[int]] | None:
        """Delete the paper ballot with this id; its channel and choices, or None if none."""
        async with self._conn.execute(
            "DELETE FROM ballots WHERE campaign = ? AND receipt = ? AND channel LIKE 'paper%' "
            "RETURNING channel, choices", (self._campaign, receipt.strip().upper()),
        ) as cur:
            row = await cur.fetchone()
        return (str(row[0]), list(json.loads(row[1]))) if row else None

    async def box_totals(self, box: str) -> dict[int, int]:
        """The per-project totals stored for one box (empty if there is no such box)."""
        sql = ("SELECT proposal_id, votes FROM paper_totals WHERE campaign = ? AND box = ? "
               "ORDER BY proposal_id")
        async with self._conn.execute(sql, (self._campaign, box)) as cur:
            return {int(r[0]): int(r[1]) for r in await cur.fetchall()}

    async def box_names(self) -> list[str]:
        sql = "SELECT DISTINCT box FROM paper_totals WHERE campaign = ? ORDER BY box"
        async with self._conn.execute(sql, (self._campaign,)) as cur:
            return [str(r[0]) for r in await cur.fetchall()]

    async def replace_box(self, box: str, totals: dict[int, int], entered_by: str,
                          day: str) -> dict[int, int]:
        """Make ``totals`` the whole content of ``box``; what it held before."""
        before = await self.box_totals(box)
        await self._conn.execute("DELETE FROM paper_totals WHERE campaign = ? AND box = ?",
                                 (self._campaign, box))
        await self._conn.executemany(
            "INSERT INTO paper_totals (campaign, box, proposal_id, votes, entered_by, day) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(self._campaign, box, pid, votes, entered_by, day)
             for pid, votes in sorted(totals.items())],
        )
        return before

    async def paper_totals(self) -> list[PaperTotal]:
        sql = ("SELECT box, proposal_id, votes, entered_by FROM paper_totals WHERE campaign = ? "
               "ORDER BY box, proposal_id")
        async with self._conn.execute(sql, (self._campaign,)) as cur:
            return [PaperTotal(str(r[0]), int(r[1]), int(r[2]), str(r[3]))
                    for r in await cur.fetchall()]

    async def counts(self) -> dict[str, int]:
        """Voters, ballots by channel, and the counts kept after the voter list is purged."""
        out: dict[str, int] = {}
        async with self._conn.execute("SELECT COUNT(*) FROM voters WHERE campaign = ?",
                                      (self._campaign,)) as cur:
            row = await cur.fetchone()
            out["voters"] = int(row[0]) if row else 0
        async with self._conn.execute(
            "SELECT channel, COUNT(*) FROM ballots WHERE campaign = ? GROUP BY channel",
            (self._campaign,),
        ) as cur:
            for channel, count in await cur.fetchall():
                out[f"ballots_{channel}"] = int(count)
        async with self._conn.execute("SELECT key, value FROM kept_counts WHERE campaign = ?",
                                      (self._campaign,)) as cur:
            for key, value in await cur.fetchall():
                out[f"kept_{key}"] = int(value)
        return out

    async def turnout(self, column: str) -> dict[str, int]:
        """Voters per commune or per canton (kept counts included after a purge)."""
        assert column in ("commune", "canton")
        out: dict[str, int] = {}
        sql = f"SELECT {column}, COUNT(*) FROM voters WHERE campaign = ? GROUP BY {column}"
        async with self._conn.execute(sql, (self._campaign,)) as cur:
            for key, count in await cur.fetchall():
                out[str(key)] = int(count)
        async with self._conn.execute(
            "SELECT key, value FROM kept_counts WHERE campaign = ? AND key LIKE ?",
            (self._campaign, f"{column}:%"),
        ) as cur:
            for key, value in await cur.fetchall():
                name = str(key).split(":", 1)[1]
                out[name] = out.get(name, 0) + int(value)
        return out

    async def purge_voter_list(self) -> int:
        """Delete the voter list, keeping its counts per commune and canton."""
        for column in ("commune", "canton"):
            await self._conn.execute(
                "INSERT INTO kept_counts (campaign, key, value) "
                f"SELECT ?, '{column}:' || {column}, COUNT(*) FROM voters "
                f"WHERE campaign = ? GROUP BY {column} ON CONFLICT (campaign, key) DO UPDATE "
                "SET value = value + excluded.value", (self._campaign, self._campaign)
            )
        await self._conn.execute(
            "INSERT INTO kept_counts (campaign, key, value) SELECT ?, 'voters', COUNT(*) "
            "FROM voters WHERE campaign = ? ON CONFLICT (campaign, key) DO UPDATE "
            "SET value = value + excluded.value", (self._campaign, self._campaign)
        )
        cur = await self._conn.execute("DELETE FROM voters WHERE campaign = ?",
                                       (self._campaign,))
        return cur.rowcount
