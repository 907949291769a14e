#!/usr/bin/env python3
"""Reads every built klyngemoede.ics with a real iCalendar parser (icalendar from PyPI)
and checks it against the cluster's cluster.yml and the package's duration.

    check_ics.py --root <folder with Content/> <built site folder>

Checks, per file: lines of at most 75 octets ending in CRLF, valid UTF-8, no bare
CR or LF; it parses; its VTIMEZONE, read by its own rules (not looked up by name),
gives the same UTC offsets as the tz database for Europe/Copenhagen around every
daylight-saving change from 2025 to 2035; the meeting's start and end in local time
are the cluster.yml's date and start time and the start plus the package's minutes;
the follow-up is an all-day event 12 months later; the UIDs are distinct.
Across the site, meetings must fall in both winter and summer time, so that the
local start is seen kept on both sides of the change. Exits 1 on any failure.
"""
import argparse
import datetime as dt
import pathlib
import sys
import zoneinfo

import icalendar
import yaml

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
UTC = dt.timezone.utc


def lines_problems(data: bytes) -> list[str]:
    problems = []
    if not data.endswith(b"\r\n"):
        problems.append("the file does not end in CRLF")
    for number, line in enumerate(data.split(b"\n")[:-1], start=1):
        if not line.endswith(b"\r"):
            problems.append(f"line {number}: ends in a bare LF, not CRLF")
        line = line.removesuffix(b"\r")
        if b"\r" in line:
            problems.append(f"line {number}: a bare CR")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets, more than 75")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: folded inside a UTF-8 sequence")
    return problems


def timezone_problems(component) -> list[str]:
    """The VTIMEZONE's own rules against the tz database, an hour either side of each change."""
    own = component.to_tz(lookup_tzid=False)
    problems = []
    for year in range(2025, 2036):
        for month in (3, 10):
            last_sunday = max(d for d in (dt.date(year, month, day) for day in range(25, 32)) if d.weekday() == 6)
            change = dt.datetime(last_sunday.year, last_sunday.month, last_sunday.day, 1, 0, tzinfo=UTC)
            for minutes in (-61, -1, 1, 61):
                instant = change + dt.timedelta(minutes=minutes)
                mine, theirs = instant.astimezone(own).utcoffset(), instant.astimezone(COPENHAGEN).utcoffset()
                if mine != theirs:
                    problems.append(f"VTIMEZONE gives {mine} at {instant.isoformat()}, the tz database {theirs}")
    return problems


def check(ics: pathlib.Path, root: pathlib.Path, offsets: set) -> list[str]:
    slug = ics.parent.name
    data = ics.read_bytes()
    problems = lines_problems(data)
    calendar = icalendar.Calendar.from_ical(data)

    cluster = yaml.safe_load((root / "Content/clusters" / slug / "cluster.yml").read_text(encoding="utf-8"))
    package = yaml.safe_load((root / "Content/packages" / cluster["package"] / "package.yml").read_text(encoding="utf-8"))
    meeting = cluster["meeting"]
    date = meeting["date"] if isinstance(meeting["date"], dt.date) else dt.date.fromisoformat(str(meeting["date"]))
    hour, minute = (int(part) for part in str(meeting["start"]).replace(":", ".").split("."))
    start = dt.datetime(date.year, date.month, date.day, hour, minute)
    end = start + dt.timedelta(minutes=int(package["duration_minutes"]))

    zones = calendar.walk("VTIMEZONE")
    if [zone.get("TZID") for zone in zones] != ["Europe/Copenhagen"]:
        return problems + ["expected exactly one VTIMEZONE, Europe/Copenhagen"]
    problems += timezone_problems(zones[0])
    own = zones[0].to_tz(lookup_tzid=False)

    events = calendar.walk("VEVENT")
    if len(events) != 2:
        return problems + [f"expected 2 events, found {len(events)}"]
    meeting_event, follow_up = events
    uids = {str(event["UID"]) for event in events}
    if len(uids) != 2 or not all(slug in uid for uid in uids):
        problems.append(f"the UIDs must be distinct and name the cluster: {sorted(uids)}")
    for event in events:
        if "DTSTAMP" not in event:
            problems.append(f"{event['UID']}: no DTSTAMP")

    for name, expected in (("DTSTART", start), ("DTEND", end)):
        prop = meeting_event[name]
        if prop.params.get("TZID") != "Europe/Copenhagen" or not isinstance(prop.dt, dt.datetime):
            problems.append(f"{name} must be a date-time with TZID=Europe/Copenhagen")
            continue
        local = prop.dt.replace(tzinfo=None)
        if local != expected:
            problems.append(f"{name} is {local} local time; cluster.yml gives {expected}")
        # The instant by the file's own VTIMEZONE equals the instant by the tz database.
        if local.replace(tzinfo=own).astimezone(UTC) != expected.replace(tzinfo=COPENHAGEN).astimezone(UTC):
            problems.append(f"{name}: the file's time zone puts {local} at another instant than the tz database")
    offsets.add(start.replace(tzinfo=COPENHAGEN).utcoffset())
    if not meeting_event.get("LOCATION") or str(cluster["meeting"]["venue"]) not in str(meeting_event["LOCATION"]):
        problems.append("LOCATION does not name the venue")
    overview = f"/{slug}/"
    if overview not in str(meeting_event.get("DESCRIPTION", "")):
        problems.append("DESCRIPTION does not link the overview page")

    follow_start = follow_up["DTSTART"].dt
    one_year = date.replace(year=date.year + 1) if not (date.month == 2 and date.day == 29) else dt.date(date.year + 1, 2, 28)
    if isinstance(follow_start, dt.datetime) or follow_start != one_year:
        problems.append(f"the follow-up starts {follow_start!r}; expected the all-day date {one_year}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=pathlib.Path, default=pathlib.Path("."))
    parser.add_argument("site", type=pathlib.Path)
    args = parser.parse_args()

    files = sorted(args.site.glob("*/klyngemoede.ics"))
    clusters = sorted(path.name for path in (args.root / "Content/clusters").iterdir() if (path / "cluster.yml").is_file())
    failures = []
    if [path.parent.name for path in files] != clusters:
        failures.append(f"expected a klyngemoede.ics for each of {clusters}, found {[p.parent.name for p in files]}")
    offsets: set = set()
    for ics in files:
        try:
            problems = check(ics, args.root, offsets)
        except Exception as error:  # a file the parser rejects is a failure, not a crash
            problems = [f"{type(error).__name__}: {error}"]
        failures += [f"{ics.relative_to(args.site)}: {problem}" for problem in problems]
    if files and offsets != {dt.timedelta(hours=1), dt.timedelta(hours=2)}:
        failures.append(f"the example clusters should meet in both winter and summer time; their UTC offsets are {sorted(offsets)}")

    for failure in failures:
        print(f"check_ics: {failure}", file=sys.stderr)
    print(f"check_ics: {len(files)} calendar files, {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
