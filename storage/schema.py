"""Schema migrations, applied in order; PRAGMA user_version records the last one."""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: proposals, dialogue sessions, audit log, outbox, deduplication of updates.
    """
    CREATE TABLE processed_updates (
        update_id INTEGER PRIMARY KEY,
        day TEXT NOT NULL
    );
    CREATE TABLE sessions (
        chat_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        state TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (chat_id, user_id)
    );
    CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    );
    CREATE TABLE proposals (
        id INTEGER PRIMARY KEY,
        reference TEXT NOT NULL UNIQUE,
        user_id INTEGER NOT NULL,
        chat_id INTEGER NOT NULL,
        language TEXT NOT NULL,
        status TEXT NOT NULL,
        theme TEXT,
        commune TEXT,
        cost TEXT,
        fields TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        decision_note TEXT,
        duplicate_of TEXT,
        decided_by TEXT
    );
    CREATE INDEX proposals_user ON proposals(user_id);
    CREATE INDEX proposals_status ON proposals(status);
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id INTEGER NOT NULL,
        actor_name TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        priority INTEGER NOT NULL DEFAULT 0,
        payload TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before REAL NOT NULL DEFAULT 0,
        sent INTEGER NOT NULL DEFAULT 0,
        error TEXT
    );
    CREATE INDEX outbox_pending ON outbox(sent, priority, id);
    CREATE TABLE sent_messages (
        tag TEXT PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        message_id INTEGER NOT NULL
    );
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE subscribers (
        user_id INTEGER NOT NULL,
        topic TEXT NOT NULL,
        chat_id INTEGER NOT NULL,
        language TEXT NOT NULL,
        PRIMARY KEY (user_id, topic)
    );
    """,
    # 2: the vote. Voter list and ballot box share no key, no row order, no fine time:
    # WITHOUT ROWID tables keyed by keyed hashes and random ids.
    """
    CREATE TABLE voters (
        phone_hash TEXT PRIMARY KEY,
        account_hash TEXT NOT NULL UNIQUE,
        day TEXT NOT NULL,
        commune TEXT,
        canton TEXT
    ) WITHOUT ROWID;
    CREATE TABLE ballots (
        ballot_id TEXT PRIMARY KEY,
        day TEXT NOT NULL,
        channel TEXT NOT NULL,
        choices TEXT NOT NULL,
        receipt TEXT UNIQUE
    ) WITHOUT ROWID;
    CREATE TABLE paper_totals (
        box TEXT NOT NULL,
        proposal_id INTEGER NOT NULL,
        votes INTEGER NOT NULL,
        entered_by TEXT NOT NULL,
        day TEXT NOT NULL,
        PRIMARY KEY (box, proposal_id)
    );
    CREATE TABLE sms_challenges (
        account_hash TEXT PRIMARY KEY,
        phone_hash TEXT NOT NULL,
        code_hash TEXT NOT NULL,
        expires_at REAL NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL
    );
    CREATE TABLE sms_log (
        id INTEGER PRIMARY KEY,
        phone_hash TEXT NOT NULL,
        account_hash TEXT NOT NULL,
        at REAL NOT NULL,
        status TEXT NOT NULL
    );
    CREATE INDEX sms_log_phone ON sms_log(phone_hash, at);
    CREATE INDEX sms_log_account ON sms_log(account_hash, at);
    CREATE TABLE kept_counts (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    );
    """,
    # 3: the durable inbox (updates acknowledged to Telegram, not yet handled); the outbox
    # knows each row's chat, so one chat told to wait holds no other.
    """
    CREATE TABLE inbox (
        update_id INTEGER PRIMARY KEY,
        chat_key INTEGER NOT NULL,
        payload TEXT NOT NULL
    );
    ALTER TABLE outbox ADD COLUMN chat_id INTEGER NOT NULL DEFAULT 0;
    UPDATE outbox SET chat_id = json_extract(payload, '$.chat_id') WHERE payload <> '';
    CREATE INDEX outbox_chat ON outbox(sent, chat_id, id);
    """,
    # 4: SMS pumping and crashes: how each number came (typed numbers have their own pool),
    # and whom to tell while a code is at 'sending' (cleared once the gateway has answered).
    """
    ALTER TABLE sms_log ADD COLUMN channel TEXT NOT NULL DEFAULT 'typed';
    ALTER TABLE sms_log ADD COLUMN chat_id INTEGER;
    ALTER TABLE sms_log ADD COLUMN language TEXT;
    CREATE INDEX sms_log_day ON sms_log(at, channel, status);
    CREATE INDEX sms_log_sending ON sms_log(status) WHERE status = 'sending';
    """,
    # 5: winners' progress, as staff record it; a correction marks the entry it replaces.
    """
    CREATE TABLE progress (
        id INTEGER PRIMARY KEY,
        proposal_id INTEGER NOT NULL,
        stage TEXT NOT NULL,
        percent INTEGER NOT NULL,
        note TEXT NOT NULL,
        photo TEXT,
        at TEXT NOT NULL,
        by_name TEXT NOT NULL,
        replaces INTEGER,
        replaced INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX progress_current ON progress(proposal_id, replaced, id);
    """,
    # 6: events that must reach people (a decision, the vote's opening, the results), written
    # with the change and turned into messages by the notifier (flows/services/notifier.py).
    """
    CREATE TABLE notices (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        data TEXT NOT NULL
    );
    """,
    # 7: voting by plain SMS. Messages from Kannel kept until handled (the sender's number
    # sealed, never in clear), their ids to ignore a repeat; each sender's place in the SMS
    # dialogue keyed by the HMAC of their number; replies waiting to go through sendsms.
    """
    CREATE TABLE sms_inbox (
        id INTEGER PRIMARY KEY,
        sender TEXT NOT NULL,
        text TEXT NOT NULL,
        received_at REAL NOT NULL
    );
    CREATE TABLE sms_seen (
        mo_key TEXT PRIMARY KEY,
        day TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE sms_sessions (
        voter TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        updated_at REAL NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE sms_outbox (
        id INTEGER PRIMARY KEY,
        recipient TEXT NOT NULL,
        text TEXT NOT NULL,
        log_ids TEXT NOT NULL,
        secret INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'queued',
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before REAL NOT NULL DEFAULT 0
    );
    """,
    # 8: the campaign each private chat chose, when one bot serves several (global, one row
    # per chat; see flows/dialogues/campaign_choice.py).
    """
    CREATE TABLE campaign_choices (
        chat_id INTEGER PRIMARY KEY,
        campaign_id TEXT NOT NULL,
        chosen_at TEXT NOT NULL
    );
    """,
]
