"""People who asked to be told when something happens (voting opens, results), per campaign."""

from __future__ import annotations

from storage.postgres.base import PgRepository


class PgSubscribers(PgRepository):
    async def add(self, user_id: int, chat_id: int, language: str, topic: str) -> bool:
        """INSERT ... ON CONFLICT DO NOTHING: True only for the one caller that added it."""
        added = await self._run(
            "INSERT INTO subscribers (campaign, user_id, topic, chat_id, language) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (self._campaign, user_id, topic, chat_id, language),
        )
        return added == 1

    async def remove(self, user_id: int, topic: str) -> bool:
        return await self._run(
            "DELETE FROM subscribers WHERE campaign = %s AND user_id = %s AND topic = %s",
            (self._campaign, user_id, topic)) == 1

    async def topics_of(self, user_id: int) -> list[str]:
        rows = await self._rows(
            "SELECT topic FROM subscribers WHERE campaign = %s AND user_id = %s ORDER BY topic",
            (self._campaign, user_id))
        return [str(r[0]) for r in rows]

    async def remove_user(self, user_id: int) -> None:
        await self._run("DELETE FROM subscribers WHERE campaign = %s AND user_id = %s",
                        (self._campaign, user_id))

    async def of_topic(self, topic: str) -> list[tuple[int, str]]:
        rows = await self._rows(
            "SELECT chat_id, language FROM subscribers WHERE campaign = %s AND topic = %s "
            "ORDER BY user_id", (self._campaign, topic))
        return [(int(r[0]), str(r[1])) for r in rows]

    async def members(self, topic: str) -> list[tuple[int, int, str]]:
        """(user id, chat id, language) of the subscribers of a topic."""
        rows = await self._rows(
            "SELECT user_id, chat_id, language FROM subscribers "
            "WHERE campaign = %s AND topic = %s ORDER BY user_id", (self._campaign, topic))
        return [(int(r[0]), int(r[1]), str(r[2])) for r in rows]

    async def is_subscribed(self, user_id: int, topic: str) -> bool:
        row = await self._row(
            "SELECT 1 FROM subscribers WHERE campaign = %s AND user_id = %s AND topic = %s",
            (self._campaign, user_id, topic))
        return row is not None
