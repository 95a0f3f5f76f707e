"""A throwaway PostgreSQL cluster from Debian's binaries, for the tests and the benchmarks.

    .venv/bin/python -m tests.pgcluster     # prints a postgresql:// URL, stops on Ctrl-C

As root (CI, this machine), the cluster belongs to the `postgres` system user, since
PostgreSQL refuses to run as root; otherwise it belongs to whoever runs the tests."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ENV_URL = "BUDGETBOT_TEST_POSTGRES"


def postgres_bin() -> Path | None:
    """Debian's newest PostgreSQL bin folder (initdb, pg_ctl), or None if not installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Cluster:
    folder: Path
    port: int
    user: str
    bin: Path
    options: str = ""

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/postgres"

    def _as_owner(self, *argv: str) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", self.user, "--", *argv]
        return list(argv)

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(self._as_owner(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"),
                                      *args), check=True, capture_output=True)

    def shut_down(self) -> None:
        """Stop the server as an operator restarting it would (fast: sessions are cut off,
        committed work is kept); `start` brings it back on the same port."""
        self._pg_ctl("-m", "fast", "-w", "stop")

    def start(self) -> None:
        self._pg_ctl("-o", self.options, "-l", str(self.folder / "log"), "-w", "start")

    def stop(self) -> None:
        subprocess.run(self._as_owner(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"),
                                      "-m", "immediate", "stop"),
                       capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(durable: bool = False) -> Cluster:
    """initdb and start a cluster on a free loopback port; fsync off unless `durable`."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise RuntimeError("Debian's PostgreSQL is not installed (no /usr/lib/postgresql/*/bin)")
    user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    folder = Path(tempfile.mkdtemp(prefix="budgetbot-pg-"))
    if os.geteuid() == 0:
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    port = _free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
    if not durable:  # tests: a crash of the machine loses nothing that matters
        options += " -c fsync=off -c full_page_writes=off"
    cluster = Cluster(folder, port, user, bin_dir, options)
    data = folder / "data"
    subprocess.run(cluster._as_owner(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust",
                                     "-U", user, "-E", "UTF8", "--no-sync"),
                   check=True, capture_output=True)
    try:
        cluster.start()
    except subprocess.CalledProcessError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return cluster


def main() -> int:
    cluster = start_cluster(durable="--durable" in sys.argv)
    print(cluster.url, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            while True:
                time.sleep(3600)
        finally:
            cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
