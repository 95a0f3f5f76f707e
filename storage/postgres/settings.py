"""Small key-value settings changed at run time (e.g. a phase set by staff), per campaign;
campaign "" holds the settings of the whole bot."""

from __future__ import annotations

from storage.postgres.base import PgRepository


class PgSettings(PgRepository):
    async def get(self, key: str) -> str | None:
        row = await self._row("SELECT value FROM settings WHERE campaign = %s AND key = %s",
                              (self._campaign, key))
        return str(row[0]) if row else None

    async def set_once(self, key: str, value: str) -> bool:
        """Atomic: INSERT ... ON CONFLICT DO NOTHING on the primary key; True for the one
        caller that set it (a concurrent one waits for its commit, then adds nothing)."""
        return await self._run(
            "INSERT INTO settings (campaign, key, value) VALUES (%s, %s, %s) "
            "ON CONFLICT (campaign, key) DO NOTHING", (self._campaign, key, value)) == 1

    async def put(self, key: str, value: str | None) -> None:
        """An upsert (INSERT ... ON CONFLICT DO UPDATE), atomic by itself."""
        if value is None:
            await self._run("DELETE FROM settings WHERE campaign = %s AND key = %s",
                            (self._campaign, key))
        else:
            await self._run(
                "INSERT INTO settings (campaign, key, value) VALUES (%s, %s, %s) "
                "ON CONFLICT (campaign, key) DO UPDATE SET value = excluded.value",
                (self._campaign, key, value))
