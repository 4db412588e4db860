"""A small iCalendar (RFC 5545) writer for the calendar feed: one VCALENDAR of all-day VEVENTs.

Pure functions, no ORM and no new dependency. What the RFC asks of what we write: every line ends in CRLF
(3.1); a line longer than 75 octets is folded by CRLF and one space, never inside a UTF-8 character (3.1);
TEXT values escape backslash, semicolon, comma and newline (3.3.11) and carry no other control character;
a DATE value is ``YYYYMMDD`` and an all-day event ends (DTEND, exclusive) the next day (3.6.1); DTSTAMP is
in UTC (3.8.7.2).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

CRLF = "\r\n"
LINE_OCTETS = 75
# Control characters a TEXT value may not hold (3.3.11); newlines are escaped first, tabs are allowed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Event:
    """One all-day event: ``day`` is its only date."""

    uid: str
    day: date
    summary: str
    description: str = ""
    url: str = ""


def escape_text(value: str) -> str:
    """A TEXT value (3.3.11): backslash first, then semicolon, comma and every kind of line break."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """``line`` folded into physical lines of at most 75 octets (the leading space of a continuation counts),
    split only between characters, so that a multi-byte character is never cut in two."""
    if len(line.encode()) <= LINE_OCTETS:
        return line
    parts: list[str] = []
    current: list[str] = []
    used, room = 0, LINE_OCTETS
    for char in line:
        size = len(char.encode())
        if used + size > room:
            parts.append("".join(current))
            current, used, room = [], 0, LINE_OCTETS - 1  # the continuation's leading space
        current.append(char)
        used += size
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def unfold(text: str) -> str:
    """The inverse of ``fold`` (3.1): a CRLF followed by one space or tab is removed."""
    return re.sub(r"\r\n[ \t]", "", text)


def date_value(day: date) -> str:
    return day.strftime("%Y%m%d")


def utc_value(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _line(name: str, value: str) -> str:
    if "\r" in value or "\n" in value:  # only escaped TEXT may carry a line break, as ``\n``
        raise ValueError(f"unescaped line break in {name}")
    return fold(f"{name}:{value}") + CRLF


def calendar(events: Iterable[Event], *, prodid: str, name: str, timezone_name: str, stamp: datetime) -> str:
    """A published calendar (METHOD:PUBLISH) named ``name`` holding ``events``; ``stamp`` is DTSTAMP."""
    stamp_value = utc_value(stamp)
    out = [
        _line("BEGIN", "VCALENDAR"),
        _line("PRODID", prodid),
        _line("VERSION", "2.0"),
        _line("CALSCALE", "GREGORIAN"),
        _line("METHOD", "PUBLISH"),
        _line("X-WR-CALNAME", escape_text(name)),
        _line("X-WR-TIMEZONE", escape_text(timezone_name)),
    ]
    for event in events:
        out += [
            _line("BEGIN", "VEVENT"),
            _line("UID", escape_text(event.uid)),
            _line("DTSTAMP", stamp_value),
            _line("DTSTART;VALUE=DATE", date_value(event.day)),
            _line("DTEND;VALUE=DATE", date_value(event.day + timedelta(days=1))),
            _line("SUMMARY", escape_text(event.summary)),
        ]
        if event.description:
            out.append(_line("DESCRIPTION", escape_text(event.description)))
        if event.url:
            out.append(_line("URL", event.url))
        # A deadline is not an appointment: the day stays free in the subscriber's availability.
        out += [_line("TRANSP", "TRANSPARENT"), _line("END", "VEVENT")]
    out.append(_line("END", "VCALENDAR"))
    return "".join(out)
