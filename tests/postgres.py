"""PostgreSQL for the tests: the server in BUDGETBOT_TEST_POSTGRES, or a throwaway cluster
started from Debian's binaries; a fresh database for each test that asks for one."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.pgcluster import ENV_URL, Cluster, postgres_bin, start_cluster

# Set by .ci/run: there, a PostgreSQL test that cannot run fails instead of being skipped.
REQUIRE = "BUDGETBOT_REQUIRE_POSTGRES"


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A URL of a PostgreSQL server whose user may create databases."""
    url = os.environ.get(ENV_URL)
    if url:
        yield url
        return
    if postgres_bin() is None:
        reason = (f"no PostgreSQL: set {ENV_URL} to a server's URL, or install Debian's "
                  "postgresql package (initdb in /usr/lib/postgresql/*/bin)")
        if os.environ.get(REQUIRE):
            pytest.fail(reason)
        pytest.skip(reason)
    cluster = start_cluster()
    try:
        yield cluster.url
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """The URL of a new, empty database, dropped after the test."""
    import psycopg

    name = f"budgetbot_test_{secrets.token_hex(6)}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}".encode())
    yield with_database(postgres_server, name)
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())


@pytest.fixture
def own_cluster() -> Iterator[Cluster]:
    """A throwaway server for this test alone, which may stop and start it (a server shared
    with other tests, or given in BUDGETBOT_TEST_POSTGRES, cannot be restarted)."""
    if postgres_bin() is None:
        reason = "no PostgreSQL to restart: install Debian's postgresql package"
        if os.environ.get(REQUIRE):
            pytest.fail(reason)
        pytest.skip(reason)
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        cluster.stop()
