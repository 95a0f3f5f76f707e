"""Several campaigns in one database: which tables hold campaign-scoped rows."""

from __future__ import annotations

# The campaign of rows written by the single-campaign version (schema migration 8).
LEGACY = "?"

# Tables whose rows belong to one campaign (a `campaign` column, in the keys where a rule
# holds per campaign). Counters are not here: a reference's name holds its prefix and year.
SCOPED_TABLES = (
    "sessions", "proposals", "settings", "subscribers", "voters", "ballots", "paper_totals",
    "sms_challenges", "sms_log", "kept_counts", "progress", "notices", "sms_sessions",
)
