"""A real Kannel (bearerbox, smsbox, fakesmsc) on loopback, for tests that send SMS end to end.

Use the `kannel` fixture (session-scoped) from a conftest:
`from tests.sms.kannel import kannel, fresh_kannel  # noqa: F401` or
`pytest_plugins = ["tests.sms.kannel"]` in the root conftest. Importing it as `tests.sms.kannel`
needs a `tests/__init__.py` (otherwise pytest names this package plain `sms`).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

FAKESMSC_CANDIDATES = ("/usr/lib/kannel/test/fakesmsc", "/usr/lib/kannel/fakesmsc")
INSTALL_HINT = "install them with tests/sms/install-kannel.sh (Debian: kannel, kannel-extras)"
GLOBAL_SENDER = "BudgetBot"

# fakesmsc prints each message the SMSC receives as "<sender receiver type data>" after a log
# prefix; a text with a newline spans several lines, so entries are cut at the next log prefix.
_LOG_PREFIX = re.compile(rb"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[\d+\] \[\d+\] [A-Z]+: ", re.M)
_KINDS = (b"text", b"udh", b"data", b"ucs-2", b"ucs2")
_GOT_MESSAGE = re.compile(rb"\AGot message \d+: <(?P<body>.*)>\s*\Z", re.S)


@dataclass(frozen=True)
class KannelBinaries:
    """Where the three programs live; fakesmsc is not on PATH in Debian's kannel-extras."""

    bearerbox: str
    smsbox: str
    fakesmsc: str


@dataclass(frozen=True)
class DeliveredSms:
    """One message as the fake SMS centre received it."""

    sender: str
    to: str
    text: str


def find_binaries() -> KannelBinaries | None:
    """Locate bearerbox, smsbox and fakesmsc, or None when Kannel is not installed."""
    search_path = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"])
    bearerbox = shutil.which("bearerbox", path=search_path)
    smsbox = shutil.which("smsbox", path=search_path)
    fakesmsc = shutil.which("fakesmsc", path=search_path) or next(
        (c for c in FAKESMSC_CANDIDATES if os.access(c, os.X_OK)), None
    )
    if bearerbox is None or smsbox is None or fakesmsc is None:
        return None
    return KannelBinaries(bearerbox=bearerbox, smsbox=smsbox, fakesmsc=fakesmsc)


def require_binaries() -> KannelBinaries:
    """Return the binaries, or skip the calling test when they are not installed."""
    binaries = find_binaries()
    if binaries is None:
        pytest.skip(f"Kannel binaries (bearerbox, smsbox, fakesmsc) not found; {INSTALL_HINT}")
    return binaries


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def parse_fakesmsc_output(raw: bytes) -> list[DeliveredSms]:
    """Extract the delivered messages from fakesmsc's stdout; the parts of a concatenated
    message (UDH) are joined into one, where its last part arrives."""
    starts = [m.start() for m in _LOG_PREFIX.finditer(raw)] + [len(raw)]
    messages = []
    parts: dict[tuple[bytes, bytes, int], dict[int, bytes]] = {}
    for start, end in itertools.pairwise(starts):
        entry = _LOG_PREFIX.sub(b"", raw[start:end], count=1)
        match = _GOT_MESSAGE.match(entry)
        if match is None:
            continue
        sender, to, kind, data = (match["body"].split(b" ", 3) + [b""] * 4)[:4]
        if kind not in _KINDS and messages:
            # The fake SMSC's protocol is a line per message: a text's line break arrives as
            # a "message" of its own, which is the rest of the one before.
            last = messages[-1]
            messages[-1] = DeliveredSms(last.sender, last.to,
                                        last.text + "\n" + match["body"].decode(errors="replace"))
            continue
        if kind == b"udh":
            whole = _join_part(parts, sender, to, data)
            if whole is not None:
                messages.append(DeliveredSms(sender.decode(), to.decode(), whole))
            continue
        messages.append(
            DeliveredSms(sender=sender.decode(), to=to.decode(), text=_decode(kind, data))
        )
    return messages


def _join_part(parts: dict[tuple[bytes, bytes, int], dict[int, bytes]], sender: bytes,
               to: bytes, data: bytes) -> str | None:
    """Keep one part of a concatenated SMS; the whole text once every part is in."""
    udh_field, _, payload = data.partition(b" data ")
    udh = urllib.parse.unquote_to_bytes(udh_field)
    body = urllib.parse.unquote_to_bytes(payload.replace(b"+", b" "))
    # UDH: its length, then the concatenation element (IEI 0: 8-bit reference, 8: 16-bit).
    if len(udh) >= 6 and udh[1] == 0x00:
        ref, total, seq = udh[3], udh[4], udh[5]
    elif len(udh) >= 7 and udh[1] == 0x08:
        ref, total, seq = udh[3] * 256 + udh[4], udh[5], udh[6]
    else:
        return body.decode("utf-8", errors="replace")
    got = parts.setdefault((sender, to, ref), {})
    got[seq] = body
    if len(got) < total:
        return None
    joined = b"".join(got[i] for i in sorted(got))
    del parts[(sender, to, ref)]
    # Kannel hands 7-bit parts over in UTF-8, UCS-2 ones in UTF-16BE (which holds NULs).
    if b"\x00" in joined and len(joined) % 2 == 0:
        return joined.decode("utf-16-be", errors="replace")
    return joined.decode("utf-8", errors="replace")


def _decode(kind: bytes, data: bytes) -> str:
    if kind == b"text":
        # Kannel hands 7-bit messages to the fake SMSC in its internal charset, UTF-8.
        return data.decode("utf-8", errors="replace")
    raw = urllib.parse.unquote_to_bytes(data.replace(b"+", b" "))
    if kind in (b"ucs-2", b"ucs2"):
        return raw.decode("utf-16-be", errors="replace")
    return raw.decode("utf-8", errors="replace")


def _same_number(a: str, b: str) -> bool:
    def digits(number: str) -> str:
        number = number.strip()
        return number[1:] if number.startswith("+") else number.removeprefix("00")

    return digits(a) == digits(b)


class KannelHarness:
    """Runs bearerbox + fakesmsc + smsbox on free loopback ports from a private kannel.conf."""

    def __init__(self, workdir: Path, binaries: KannelBinaries | None = None,
                 get_url: str | None = None) -> None:
        """With `get_url`, messages sent with `send_mo` reach it (an sms-service)."""
        self.workdir = workdir
        self.get_url = get_url
        self.binaries = binaries or require_binaries()
        self.username = "budgetbot"
        self.password = secrets.token_hex(8)
        self.global_sender = GLOBAL_SENDER
        self._admin_password = secrets.token_hex(8)
        self._processes: dict[str, subprocess.Popen[bytes]] = {}
        self._consumed: set[int] = set()
        self._mo_sent = 0
        self._assign_ports()

    def _assign_ports(self) -> None:
        self.admin_port = free_port()
        self.smsbox_port = free_port()
        self.smsc_port = free_port()
        self.sendsms_port = free_port()

    @property
    def base_url(self) -> str:
        """The smsbox root, as `KannelGateway(base_url=...)` wants it."""
        return f"http://127.0.0.1:{self.sendsms_port}"

    @property
    def sendsms_url(self) -> str:
        """The full sendsms endpoint."""
        return f"{self.base_url}/cgi-bin/sendsms"

    @property
    def fakesmsc_output(self) -> Path:
        """The file where fakesmsc's stdout (the delivered messages) goes."""
        return self.workdir / "fakesmsc.out"

    def config_text(self) -> str:
        """The kannel.conf for the current ports."""
        logs = self.workdir
        return f"""\
group = core
admin-port = {self.admin_port}
admin-interface = 127.0.0.1
admin-password = {self._admin_password}
smsbox-port = {self.smsbox_port}
smsbox-interface = 127.0.0.1
box-allow-ip = 127.0.0.1
log-file = "{logs / "bearerbox.log"}"
log-level = 1

group = smsc
smsc = fake
smsc-id = FAKE
host = 127.0.0.1
port = {self.smsc_port}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {self.smsbox_port}
sendsms-port = {self.sendsms_port}
sendsms-interface = 127.0.0.1
global-sender = {self.global_sender}
log-file = "{logs / "smsbox.log"}"
log-level = 1
http-request-retry = 5
http-queue-delay = 1
mo-recode = true

group = sendsms-user
username = {self.username}
password = {self.password}
max-messages = 3
concatenation = true
""" + self._service_text()

    def _service_text(self) -> str:
        """The sms-service handing every message received to `get_url`: no reply of its own
        (omit-empty, max-messages 0), failed calls retried, UCS-2 recoded to UTF-8."""
        if self.get_url is None:
            return ""
        return f"""
group = sms-service
keyword = default
catch-all = true
get-url = "{self.get_url}"
omit-empty = true
max-messages = 0
"""

    def _spawn(self, name: str, args: list[str], stdout: Path, stdin: int | None = None) -> None:
        with stdout.open("wb") as out:
            self._processes[name] = subprocess.Popen(
                args,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL if stdin is None else stdin,
                cwd=self.workdir,
                # Own session: a Ctrl-C in the terminal reaches pytest, which then tears down.
                start_new_session=True,
            )

    def start(self, timeout: float = 20.0) -> None:
        """Start the three programs and wait until sendsms reaches a connected fake SMSC."""
        for attempt in range(3):
            try:
                self._start_once(timeout)
                return
            except RuntimeError:
                self.stop()
                # Another process may have taken a port between probing and binding: retry.
                if attempt == 2:
                    raise
                self._assign_ports()

    def _start_once(self, timeout: float) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        conf = self.workdir / "kannel.conf"
        conf.write_text(self.config_text(), encoding="utf-8")
        deadline = time.monotonic() + timeout
        self._spawn("bearerbox", [self.binaries.bearerbox, str(conf)], self.workdir / "bb.out")
        self._wait(lambda: _port_open(self.smsc_port), deadline, "bearerbox's fake SMSC port")
        fakesmsc = [self.binaries.fakesmsc, "-H", "127.0.0.1", "-r", str(self.smsc_port)]
        if self.get_url is None:
            # -m 0: send no mobile-originated message, only print what the SMSC receives.
            self._spawn("fakesmsc", [*fakesmsc, "-m", "0", "0 0 text unused"],
                        self.fakesmsc_output)
        else:
            # No message given: fakesmsc sends each line written to its stdin as an MO.
            self._spawn("fakesmsc", [*fakesmsc, "-i", "0.01"], self.fakesmsc_output,
                        stdin=subprocess.PIPE)
        self._spawn("smsbox", [self.binaries.smsbox, str(conf)], self.workdir / "sb.out")
        self._wait(self._ready, deadline, "smsbox and fakesmsc to connect to bearerbox")

    def _ready(self) -> bool:
        status = _http_get(
            f"http://127.0.0.1:{self.admin_port}/status.txt?password={self._admin_password}"
        )
        if status is None or "smsbox:" not in status[1] or "(online" not in status[1]:
            return False
        return _http_get(self.sendsms_url) is not None

    def _wait(self, ready: Callable[[], bool], deadline: float, what: str) -> None:
        while time.monotonic() < deadline:
            for name, process in self._processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}\n{self.logs()}")
            if ready():
                return
            time.sleep(0.05)
        raise RuntimeError(f"timed out waiting for {what}\n{self.logs()}")

    def logs(self) -> str:
        """The tail of every log the harness keeps, for failure messages."""
        parts = []
        for name in ("bb.out", "bearerbox.log", "sb.out", "smsbox.log", "fakesmsc.out"):
            path = self.workdir / name
            if path.exists():
                tail = path.read_bytes()[-2000:].decode("utf-8", errors="replace")
                parts.append(f"--- {name}\n{tail}")
        return "\n".join(parts)

    def stop(self) -> None:
        """Stop every process the harness started; safe to call twice."""
        # smsbox first, so bearerbox does not wait for a box it is about to drop.
        for name in ("smsbox", "fakesmsc", "bearerbox"):
            process = self._processes.pop(name, None)
            if process is None or process.poll() is not None:
                continue
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)

    async def send_mo(self, sender: str, text: str, to: str = "38100",
                      timeout: float = 10.0) -> None:
        """A text message from the phone `sender` to the service number `to`, through the
        fake SMS centre (fakesmsc's interactive mode: one line, at most 255 bytes).

        Returns once fakesmsc has sent it: it reads its stdin through a buffer, so a second
        line written before the first is sent would wait there for a third."""
        process = self._processes.get("fakesmsc")
        assert process is not None and process.stdin is not None, "started with a get_url?"
        line = f"{sender} {to} text {text}".replace("\n", " ") + "\n"
        if len(line.encode()) > 255:
            raise ValueError("fakesmsc reads at most 255 bytes a line")
        self._mo_sent += 1
        process.stdin.write(line.encode())
        process.stdin.flush()
        done = f"fakesmsc: sent message {self._mo_sent}\n".encode()
        deadline = time.monotonic() + timeout
        while done not in self.fakesmsc_output.read_bytes():
            if time.monotonic() >= deadline:
                raise TimeoutError(f"fakesmsc did not send MO {self._mo_sent}\n{self.logs()}")
            await asyncio.sleep(0.02)

    def stop_smsbox(self) -> None:
        """Stop only smsbox, so that sendsms is refused as when Kannel is down."""
        process = self._processes.pop("smsbox", None)
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait(timeout=10)

    def delivered(self) -> list[DeliveredSms]:
        """Every message the fake SMS centre received so far, oldest first."""
        if not self.fakesmsc_output.exists():
            return []
        return parse_fakesmsc_output(self.fakesmsc_output.read_bytes())

    async def wait_for_sms(self, to: str, timeout: float = 10.0) -> str:
        """Text of the oldest message to `to` not returned before; TimeoutError if none comes."""
        deadline = time.monotonic() + timeout
        while True:
            for index, sms in enumerate(self.delivered()):
                if index not in self._consumed and _same_number(sms.to, to):
                    self._consumed.add(index)
                    return sms.text
            if time.monotonic() >= deadline:
                seen = len(self.delivered())
                raise TimeoutError(f"no SMS to {to} within {timeout}s ({seen} delivered in all)")
            await asyncio.sleep(0.05)

    def __enter__(self) -> KannelHarness:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def _http_get(url: str) -> tuple[int, str] | None:
    """(status, body) of a GET, whatever the status; None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", errors="replace")
    except OSError:
        return None


@pytest.fixture(scope="session")
def kannel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KannelHarness]:
    """One Kannel for the whole session; skips the test when Kannel is not installed."""
    binaries = require_binaries()
    with KannelHarness(tmp_path_factory.mktemp("kannel"), binaries) as harness:
        yield harness


@pytest.fixture
def fresh_kannel(tmp_path: Path) -> Iterator[KannelHarness]:
    """A Kannel of the test's own, for tests that stop or break it."""
    binaries = require_binaries()
    with KannelHarness(tmp_path / "kannel", binaries) as harness:
        yield harness
