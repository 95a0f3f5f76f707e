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
    # 8: several campaigns in one database. Every campaign-scoped row names its campaign, in
    # the keys where a rule holds per campaign (one phone votes once per campaign). Rows
    # written before carry '?' until UnitOfWork.adopt_legacy gives them to their campaign.
    # SQLite cannot change a primary key: those tables are rebuilt (secure_delete is on, so
    # the old pages are zeroed). The campaign on voters and ballots is as coarse as a table.
    """
    CREATE TABLE sessions_8 (
        campaign TEXT NOT NULL,
        chat_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        state TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (campaign, chat_id, user_id)
    );
    INSERT INTO sessions_8 SELECT '?', chat_id, user_id, state, updated_at FROM sessions;
    DROP TABLE sessions;
    ALTER TABLE sessions_8 RENAME TO sessions;
    CREATE INDEX sessions_user ON sessions(user_id);
    ALTER TABLE proposals ADD COLUMN campaign TEXT NOT NULL DEFAULT '?';
    CREATE INDEX proposals_campaign ON proposals(campaign, status);
    CREATE TABLE settings_8 (
        campaign TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (campaign, key)
    );
    INSERT INTO settings_8 SELECT '?', key, value FROM settings;
    DROP TABLE settings;
    ALTER TABLE settings_8 RENAME TO settings;
    CREATE TABLE subscribers_8 (
        campaign TEXT NOT NULL,
        user_id INTEGER NOT NULL,
        topic TEXT NOT NULL,
        chat_id INTEGER NOT NULL,
        language TEXT NOT NULL,
        PRIMARY KEY (campaign, user_id, topic)
    );
    INSERT INTO subscribers_8 SELECT '?', user_id, topic, chat_id, language FROM subscribers;
    DROP TABLE subscribers;
    ALTER TABLE subscribers_8 RENAME TO subscribers;
    CREATE TABLE voters_8 (
        campaign TEXT NOT NULL,
        phone_hash TEXT NOT NULL,
        account_hash TEXT NOT NULL,
        day TEXT NOT NULL,
        commune TEXT,
        canton TEXT,
        PRIMARY KEY (campaign, phone_hash),
        UNIQUE (campaign, account_hash)
    ) WITHOUT ROWID;
    INSERT INTO voters_8 SELECT '?', phone_hash, account_hash, day, commune, canton FROM voters;
    DROP TABLE voters;
    ALTER TABLE voters_8 RENAME TO voters;
    CREATE TABLE ballots_8 (
        campaign TEXT NOT NULL,
        ballot_id TEXT NOT NULL,
        day TEXT NOT NULL,
        channel TEXT NOT NULL,
        choices TEXT NOT NULL,
        receipt TEXT,
        PRIMARY KEY (campaign, ballot_id),
        UNIQUE (campaign, receipt)
    ) WITHOUT ROWID;
    INSERT INTO ballots_8 SELECT '?', ballot_id, day, channel, choices, receipt FROM ballots;
    DROP TABLE ballots;
    ALTER TABLE ballots_8 RENAME TO ballots;
    CREATE TABLE paper_totals_8 (
        campaign TEXT NOT NULL,
        box TEXT NOT NULL,
        proposal_id INTEGER NOT NULL,
        votes INTEGER NOT NULL,
        entered_by TEXT NOT NULL,
        day TEXT NOT NULL,
        PRIMARY KEY (campaign, box, proposal_id)
    );
    INSERT INTO paper_totals_8
        SELECT '?', box, proposal_id, votes, entered_by, day FROM paper_totals;
    DROP TABLE paper_totals;
    ALTER TABLE paper_totals_8 RENAME TO paper_totals;
    CREATE TABLE sms_challenges_8 (
        campaign TEXT NOT NULL,
        account_hash TEXT NOT NULL,
        phone_hash TEXT NOT NULL,
        code_hash TEXT NOT NULL,
        expires_at REAL NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL,
        PRIMARY KEY (campaign, account_hash)
    );
    INSERT INTO sms_challenges_8 SELECT '?', account_hash, phone_hash, code_hash, expires_at,
        attempts, created_at FROM sms_challenges;
    DROP TABLE sms_challenges;
    ALTER TABLE sms_challenges_8 RENAME TO sms_challenges;
    ALTER TABLE sms_log ADD COLUMN campaign TEXT NOT NULL DEFAULT '?';
    DROP INDEX sms_log_phone;
    DROP INDEX sms_log_account;
    DROP INDEX sms_log_day;
    CREATE INDEX sms_log_phone ON sms_log(campaign, phone_hash, at);
    CREATE INDEX sms_log_account ON sms_log(campaign, account_hash, at);
    CREATE INDEX sms_log_day ON sms_log(campaign, at, channel, status);
    CREATE TABLE kept_counts_8 (
        campaign TEXT NOT NULL,
        key TEXT NOT NULL,
        value INTEGER NOT NULL,
        PRIMARY KEY (campaign, key)
    );
    INSERT INTO kept_counts_8 SELECT '?', key, value FROM kept_counts;
    DROP TABLE kept_counts;
    ALTER TABLE kept_counts_8 RENAME TO kept_counts;
    ALTER TABLE progress ADD COLUMN campaign TEXT NOT NULL DEFAULT '?';
    ALTER TABLE notices ADD COLUMN campaign TEXT NOT NULL DEFAULT '?';
    CREATE TABLE sms_sessions_8 (
        campaign TEXT NOT NULL,
        voter TEXT NOT NULL,
        state TEXT NOT NULL,
        updated_at REAL NOT NULL,
        PRIMARY KEY (campaign, voter)
    ) WITHOUT ROWID;
    INSERT INTO sms_sessions_8 SELECT '?', voter, state, updated_at FROM sms_sessions;
    DROP TABLE sms_sessions;
    ALTER TABLE sms_sessions_8 RENAME TO sms_sessions;
    """,
    # 9: several workers share the outbox and the scheduled work. Each row is claimed with a
    # lease (a worker killed mid-send leaves it to the others once the lease is over); edits
    # are told apart (they count towards the overall pace only); the sends of the last minute
    # pace the whole cluster; each scheduled job records when and by whom it last ran; an
    # SMS reply at 'sending' says since when (only one left there long was cut off).
    """
    ALTER TABLE outbox ADD COLUMN lease_until REAL NOT NULL DEFAULT 0;
    ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
    ALTER TABLE outbox ADD COLUMN edit INTEGER NOT NULL DEFAULT 0;
    UPDATE outbox SET edit = 1
        WHERE payload <> '' AND json_extract(payload, '$.edit_message_id') IS NOT NULL;
    CREATE TABLE outbox_pace (
        outbox_id INTEGER NOT NULL,
        chat_id INTEGER NOT NULL,
        at REAL NOT NULL,
        edit INTEGER NOT NULL
    );
    CREATE INDEX outbox_pace_at ON outbox_pace(at);
    CREATE INDEX outbox_pace_chat ON outbox_pace(chat_id, at);
    CREATE INDEX outbox_pace_row ON outbox_pace(outbox_id);
    CREATE TABLE jobs (
        name TEXT PRIMARY KEY,
        worker TEXT NOT NULL,
        at REAL NOT NULL
    );
    ALTER TABLE sms_outbox ADD COLUMN claimed_at REAL NOT NULL DEFAULT 0;
    """,
    # 10: several workers share the inbox (issue 12, item 2): the worker holding an update and
    # until when (its lease); a chat's updates looked up in order.
    """
    ALTER TABLE inbox ADD COLUMN worker TEXT;
    ALTER TABLE inbox ADD COLUMN lease_until REAL;
    CREATE INDEX inbox_chat ON inbox(chat_key, update_id);
    """,
    # 11: the campaign each private chat chose, when one bot serves several (global, one row
    # per chat; see flows/dialogues/campaign_choice.py).
    """
    CREATE TABLE campaign_choices (
        chat_id INTEGER PRIMARY KEY,
        campaign_id TEXT NOT NULL,
        chosen_at TEXT NOT NULL
    );
    """,
]
