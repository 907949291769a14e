#!/usr/bin/env python3
"""Reads every built klyngemoede.ics with a real iCalendar parser (icalendar from PyPI)
and checks it against the cluster's meetings (each meeting folder's meeting.yml) and
their packages' durations and calendar deadlines.

    check_ics.py --root <folder with Content/> <built site folder>

Checks, per file: lines of at most 75 octets ending in CRLF, valid UTF-8, no bare
CR or LF; it parses; its VTIMEZONE, read by its own rules (not looked up by name),
gives the same UTC offsets as the tz database for Europe/Copenhagen around every
daylight-saving change from 2025 to 2035; every meeting is an event with the UID
<meeting>.<cluster>@…, DTSTAMP its `booked:`, its start and end in local time the
meeting.yml's date and start time and the start plus the package's minutes; each
deadline with `calendar: true` is an all-day event (UID <deadline>.<meeting>.<cluster>@…)
on its day, moved off a weekend to the Monday; the UIDs are distinct.
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


def add_offset(date: dt.date, amount: int, unit: str) -> dt.date:
    """The package's deadline offsets: days, weeks or calendar months (a day past a short month's end is its last day)."""
    if unit.startswith("day"):
        return date + dt.timedelta(days=amount)
    if unit.startswith("week"):
        return date + dt.timedelta(weeks=amount)
    months = date.year * 12 + date.month - 1 + amount
    year, month = divmod(months, 12)
    month += 1
    for day in range(date.day, 27, -1):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return dt.date(year, month, min(date.day, 28))


def reminders(package: dict) -> list[tuple[str, int, str]]:
    """The deadlines with `calendar: true`, as (id, signed amount, unit)."""
    found = []
    for deadline in package.get("deadlines") or []:
        if not deadline.get("calendar"):
            continue
        sign, text = (-1, deadline["before"]) if "before" in deadline else (1, deadline["after"])
        amount, unit = str(text).split()
        found.append((deadline["id"], sign * int(amount), unit))
    return found


def check(ics: pathlib.Path, root: pathlib.Path, offsets: set) -> list[str]:
    """One cluster's calendar: every meeting of the cluster, each with its reminders."""
    slug = ics.parent.name
    data = ics.read_bytes()
    problems = lines_problems(data)
    calendar = icalendar.Calendar.from_ical(data)

    zones = calendar.walk("VTIMEZONE")
    if [zone.get("TZID") for zone in zones] != ["Europe/Copenhagen"]:
        return problems + ["expected exactly one VTIMEZONE, Europe/Copenhagen"]
    problems += timezone_problems(zones[0])
    own = zones[0].to_tz(lookup_tzid=False)

    events = calendar.walk("VEVENT")
    by_uid: dict[str, object] = {}
    for event in events:
        uid = str(event["UID"])
        key = uid.split("@")[0]
        if key in by_uid:
            problems.append(f"the UID {uid} is used twice")
        by_uid[key] = event
        if "DTSTAMP" not in event:
            problems.append(f"{uid}: no DTSTAMP")

    folder = root / "Content/clusters" / slug
    meetings = sorted(path for path in folder.iterdir() if (path / "meeting.yml").is_file())
    expected_events = 0
    for path in meetings:
        name = path.name
        meeting = yaml.safe_load((path / "meeting.yml").read_text(encoding="utf-8"))
        package = yaml.safe_load((root / "Content/packages" / meeting["package"] / "package.yml").read_text(encoding="utf-8"))
        date = meeting["date"] if isinstance(meeting["date"], dt.date) else dt.date.fromisoformat(str(meeting["date"]))
        hour, minute = (int(part) for part in str(meeting["start"]).replace(":", ".").split("."))
        start = dt.datetime(date.year, date.month, date.day, hour, minute)
        end = start + dt.timedelta(minutes=int(package["duration_minutes"]))
        booked = meeting["booked"]
        if not isinstance(booked, dt.datetime):
            booked = dt.datetime.fromisoformat(str(booked).replace("Z", "+00:00"))
        booked = booked.replace(tzinfo=booked.tzinfo or UTC).astimezone(UTC)

        uid = f"{name}.{slug}"
        meeting_event = by_uid.get(uid)
        expected_events += 1
        if meeting_event is None:
            problems.append(f"no event with the UID {uid}@…; found {sorted(by_uid)}")
            continue
        if "DTSTAMP" in meeting_event and meeting_event["DTSTAMP"].dt != booked:
            problems.append(f"{uid}: DTSTAMP is {meeting_event['DTSTAMP'].dt}; meeting.yml's booked: gives {booked}")
        for prop_name, expected in (("DTSTART", start), ("DTEND", end)):
            prop = meeting_event[prop_name]
            if prop.params.get("TZID") != "Europe/Copenhagen" or not isinstance(prop.dt, dt.datetime):
                problems.append(f"{uid}: {prop_name} must be a date-time with TZID=Europe/Copenhagen")
                continue
            local = prop.dt.replace(tzinfo=None)
            if local != expected:
                problems.append(f"{uid}: {prop_name} is {local} local time; meeting.yml gives {expected}")
            # The instant by the file's own VTIMEZONE equals the instant by the tz database.
            if local.replace(tzinfo=own).astimezone(UTC) != expected.replace(tzinfo=COPENHAGEN).astimezone(UTC):
                problems.append(f"{uid}: {prop_name}: the file's time zone puts {local} at another instant than the tz database")
        offsets.add(start.replace(tzinfo=COPENHAGEN).utcoffset())
        if not meeting_event.get("LOCATION") or str(meeting["venue"]) not in str(meeting_event["LOCATION"]):
            problems.append(f"{uid}: LOCATION does not name the venue")
        overview = f"/{slug}/{name}/"
        if overview not in str(meeting_event.get("DESCRIPTION", "")):
            problems.append(f"{uid}: DESCRIPTION does not link the meeting's overview page")

        for deadline, amount, unit in reminders(package):
            expected_events += 1
            reminder_uid = f"{deadline}.{uid}"
            reminder = by_uid.get(reminder_uid)
            if reminder is None:
                problems.append(f"no reminder with the UID {reminder_uid}@…")
                continue
            day = add_offset(date, amount, unit)
            # A reminder on a Saturday or Sunday moves to the Monday after.
            day += dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)
            follow_start = reminder["DTSTART"].dt
            if isinstance(follow_start, dt.datetime) or follow_start != day:
                problems.append(f"{reminder_uid} starts {follow_start!r}; expected the all-day date {day}")
    if len(events) != expected_events:
        problems.append(f"expected {expected_events} events (the meetings and their reminders), found {len(events)}")
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
