"""The files a campaign file names, relative to its own folder, and what makes each usable."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from flows.domain.campaign import Campaign, CampaignError, load_campaign
from flows.domain.communes import CommuneDirectory, load_communes

Communes = Callable[[], CommuneDirectory]  # loaded only if a file needs it
MAX_LINES_SHOWN = 5  # a file wrong on every line gets a few examples, not a thousand lines
TERRITORIES_EXAMPLE = "32013;Pays d'Auch"


@dataclass(frozen=True)
class NamedFile:
    """A campaign field holding a path: where to find it, and what is wrong with the file."""

    field: str
    path_of: Callable[[Campaign], str | None]
    problems: Callable[[Path, Communes], list[str]]


def read_text(path: Path) -> str:
    """A named file's text; OSError or UnicodeDecodeError when it cannot be read as UTF-8."""
    return path.read_bytes().decode("utf-8-sig")


def territories_problems(path: Path, communes: Communes) -> list[str]:
    """What the runtime's `load_territories` would misread: lines it would skip, unknown
    communes, a commune in two territories, or nothing to read at all."""
    text = read_text(path)
    directory = communes()
    problems: list[str] = []
    seen: dict[str, tuple[str, int]] = {}
    reader = csv.reader(io.StringIO(text), delimiter=";")
    for row in reader:
        line = reader.line_num
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].lower().startswith("insee"):  # a header, any separator
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            problems.append(f"line {line}: expected 'insee;territory' (e.g. "
                            f"'{TERRITORIES_EXAMPLE}'), got {';'.join(row)!r}")
            continue
        insee, territory = cells[0].upper(), cells[1]
        if directory.get(insee) is None:
            problems.append(f"line {line}: {cells[0]!r} is not the INSEE code of a commune")
        elif insee in seen and seen[insee][0] != territory:
            first, at = seen[insee]
            problems.append(f"line {line}: commune {insee} is already in {first!r} "
                            f"(line {at})")
        else:
            seen.setdefault(insee, (territory, line))
    if not problems and not seen:
        problems.append(f"no 'insee;territory' line (e.g. '{TERRITORIES_EXAMPLE}')")
    if len(problems) > MAX_LINES_SHOWN:
        more = len(problems) - MAX_LINES_SHOWN
        problems = [*problems[:MAX_LINES_SHOWN], f"and {more} more line(s) like these"]
    return problems


NAMED_FILES = (
    NamedFile("results.territories_csv", lambda c: c.results.territories_csv,
              territories_problems),
)


def file_problems(campaign: Campaign, folder: Path,
                  communes: Communes = load_communes) -> list[str]:
    """Every problem with the files the campaign names, as 'field: file: what is wrong'."""
    out: list[str] = []
    for named in NAMED_FILES:
        given = named.path_of(campaign)
        if not given:  # unset, or empty: the runtime reads no file either
            continue
        path = folder / given
        try:
            found = named.problems(path, communes)
        except OSError as exc:
            found = [f"cannot read the file ({exc.strerror or exc})"]
        except UnicodeDecodeError as exc:
            line = exc.object[:exc.start].count(b"\n") + 1
            found = [f"line {line}: not UTF-8 text: save the file as UTF-8"]
        out += [f"{named.field}: {path}: {problem}" for problem in found]
    return out


@dataclass(frozen=True)
class CampaignSource:
    """A campaign, its file as named, and the folder every relative path in it starts from:
    the file's own, made absolute when loaded."""

    campaign: Campaign
    path: Path
    folder: Path


def open_campaign(path: str | Path) -> CampaignSource:
    """The campaign file and every file it names, checked; CampaignError names field and file."""
    given = Path(path)
    campaign = load_campaign(given)
    # Absolute, since the process may run from anywhere; the folder as the system finds it
    # (its "..", its links), while a link to the file itself is not followed.
    folder = given.absolute().parent.resolve()
    problems = file_problems(campaign, folder)
    if problems:
        raise CampaignError(given, problems)
    return CampaignSource(campaign, given, folder)


def campaign_paths(given: Sequence[str | Path]) -> list[Path]:
    """The campaign files named: each file as given, each folder's `*.toml` in name order."""
    out: list[Path] = []
    for item in given:
        path = Path(item)
        if path.is_dir():
            found = sorted(path.glob("*.toml"))
            if not found:
                raise CampaignError(path, ["no campaign file (*.toml) in this folder"])
            out += found
        else:
            out.append(path)
    return out


def open_campaigns(given: Sequence[str | Path]) -> list[CampaignSource]:
    """Every campaign file named (or in the folders named), each checked, then checked
    together; CampaignError names the file(s) and the field."""
    sources = [open_campaign(path) for path in campaign_paths(given)]
    problems = clashes(sources)
    if problems:
        raise CampaignClash([s.path for s in sources], problems)
    return sources


class CampaignClash(CampaignError):
    """Campaign files each valid, that cannot be served together; names every file."""

    def __init__(self, paths: Sequence[Path], problems: list[str]) -> None:
        super().__init__(paths[0], problems)
        lines = "\n".join(f"  - {p}" for p in problems)
        self.args = (f"{', '.join(map(str, paths))}: {len(problems)} problem(s) between these "
                     f"campaign files:\n{lines}",)

    def __str__(self) -> str:
        return str(self.args[0])


# What two campaigns of one bot may not share: (field, its value, what to say about both).
SHARED_FIELDS: tuple[tuple[str, Callable[[Campaign], object], str], ...] = (
    ("id", lambda c: c.id, 'both have id = "{v}": give each campaign its own id'),
    ("staff.chat_id", lambda c: c.staff.chat_id,
     "both have staff.chat_id = {v}: a staff group serves one campaign only"),
    ("reference_prefix", lambda c: f"{c.reference_prefix}-{c.reference_year()}",
     "both would hand out the references {v}-…: give one of them another reference_prefix"),
    ("sms.inbound_port", lambda c: "sms" if c.sms.get("inbound_port") is not None else None,
     "both take votes by plain SMS: the bot's one SMS endpoint serves one campaign only"),
)


def clashes(sources: Sequence[CampaignSource]) -> list[str]:
    """What campaigns served together share but may not, naming both files and the field."""
    problems: list[str] = []
    for field, value_of, says in SHARED_FIELDS:
        seen: dict[object, CampaignSource] = {}
        for source in sources:
            value = value_of(source.campaign)
            if value is None:
                continue
            first = seen.setdefault(value, source)
            if first is not source:
                problems.append(f"{field}: {first.path} and {source.path}: "
                                + says.format(v=value))
    return problems
