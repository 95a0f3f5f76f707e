"""People who asked to be told when something happens (voting opens, results), per campaign."""

from __future__ import annotations

import aiosqlite


class SqliteSubscribers:
    def __init__(self, conn: aiosqlite.Connection, campaign: str = "") -> None:
        self._conn = conn
        self._campaign = campaign

    async def add(self, user_id: int, chat_id: int, language: str, topic: str) -> bool:
        cur = await self._conn.execute(
            "INSERT OR IGNORE INTO subscribers (campaign, user_id, topic, chat_id, language) "
            "VALUES (?, ?, ?, ?, ?)",
            (self._campaign, user_id, topic, chat_id, language),
        )
        return cur.rowcount == 1

    async def remove(self, user_id: int, topic: str) -> bool:
        cur = await self._conn.execute(
            "DELETE FROM subscribers WHERE campaign = ? AND user_id = ? AND topic = ?",
            (self._campaign, user_id, topic))
        return cur.rowcount == 1

    async def remove_user(self, user_id: int) -> None:
        await self._conn.execute("DELETE FROM subscribers WHERE campaign = ? AND user_id = ?",
                                 (self._campaign, user_id))

    async def of_topic(self, topic: str) -> list[tuple[int, str]]:
        sql = ("SELECT chat_id, language FROM subscribers WHERE campaign = ? AND topic = ? "
               "ORDER BY user_id")
        async with self._conn.execute(sql, (self._campaign, topic)) as cur:
            return [(int(r[0]), str(r[1])) for r in await cur.fetchall()]

    async def members(self, topic: str) -> list[tuple[int, int, str]]:
        """(user id, chat id, language) of the subscribers of a topic."""
        sql = ("SELECT user_id, chat_id, language FROM subscribers "
               "WHERE campaign = ? AND topic = ? ORDER BY user_id")
        async with self._conn.execute(sql, (self._campaign, topic)) as cur:
            return [(int(r[0]), int(r[1]), str(r[2])) for r in await cur.fetchall()]

    async def topics_of(self, user_id: int) -> list[str]:
        sql = "SELECT topic FROM subscribers WHERE campaign = ? AND user_id = ? ORDER BY topic"
        async with self._conn.execute(sql, (self._campaign, user_id)) as cur:
            return [str(r[0]) for r in await cur.fetchall()]

    async def is_subscribed(self, user_id: int, topic: str) -> bool:
        sql = "SELECT 1 FROM subscribers WHERE campaign = ? AND user_id = ? AND topic = ?"
        async with self._conn.execute(sql, (self._campaign, user_id, topic)) as cur:
            return await cur.fetchone() is not None
