"""Recognise a scraped date line ("1:03 PM EDT, November 4, 2023") and turn it into ISO 8601.

News sites print dates in many orders; rather than a regular expression per site, a line is
split into tokens and counts as a date line only when every token is part of a date, a time,
a time zone or a small set of filler words ("Published", "Updated", "on", "at", weekdays).
That keeps sentences that merely contain a date out.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MONTHS = {name: i for i, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
    ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
    ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), start=1) for name in names}
WEEKDAYS = {"monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed", "thursday", "thu",
            "thurs", "friday", "fri", "saturday", "sat", "sunday", "sun"}
FILLER = {"published", "updated", "posted", "last", "modified", "on", "at", "date", "time",
          "am", "pm", "a.m.", "p.m.", "|", "-", "–", "—", "·", "•", "/", ",", "of", "the"}
# Fixed offsets of abbreviations that mean one thing; ET/CT/MT/PT follow daylight saving,
# so they are resolved with the tz database for the date in question.
FIXED_ZONES = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "IST": 60, "WEST": 60, "CET": 60,
    "CEST": 120, "MEZ": 60, "MESZ": 120, "EET": 120, "EEST": 180, "MSK": 180,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
    "AEST": 600, "AEDT": 660, "JST": 540, "KST": 540,
}
GENERIC_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
                 "PT": "America/Los_Angeles", "UK": "Europe/London"}

_TOKEN = re.compile(
    r"(?P<iso>\d{4}-\d{2}-\d{2})(?:[T ](?P<isotime>\d{1,2}:\d{2}))?"
    r"|(?P<num>\d{1,2})[./](?P<num2>\d{1,2})[./](?P<num3>\d{4})"
    r"|(?P<time>\d{1,2}[:.]\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?m\.?)?"
    r"|(?P<hour>\d{1,2})\s*(?P<ampm2>[ap]\.?m\.?)"
    r"|(?P<offset>(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?)"
    r"|(?P<word>[A-Za-z]+\.?)"
    r"|(?P<int>\d{1,4})(?:st|nd|rd|th)?"
    r"|(?P<punct>[,:|/·•–—()\-])"
    r"|(?P<space>\s+)",
    re.IGNORECASE)


def parse_dateline(line: str) -> str | None:
    """ISO 8601 for a line that is only a date (and time and zone), else None.

    "1:03 PM EDT, November 4, 2023" -> "2023-11-04T13:03-04:00"; a date without a time
    gives "2023-11-04"; a time without a zone gives a local time without an offset.
    """
    line = line.strip()
    if not line or len(line) > 80:
        return None
    day = month = year = None
    hour = minute = None
    zone: str | None = None
    offset_minutes: int | None = None
    numbers: list[int] = []
    pos = 0
    while pos < len(line):
        m = _TOKEN.match(line, pos)
        if not m or m.end() == pos:
            return None
        pos = m.end()
        kind = m.lastgroup
        if m.group("iso"):
            year, month, day = (int(x) for x in m.group("iso").split("-"))
            if m.group("isotime"):
                hour, minute = (int(x) for x in m.group("isotime").split(":"))
        elif m.group("num3"):  # 04.11.2023: European day.month.year
            day, month, year = int(m.group("num")), int(m.group("num2")), int(m.group("num3"))
        elif m.group("time"):
            hour, minute = (int(x) for x in re.split(r"[:.]", m.group("time")))
            hour = _twelve_hour(hour, m.group("ampm"))
        elif m.group("ampm2"):
            hour, minute = _twelve_hour(int(m.group("hour")), m.group("ampm2")), 0
        elif m.group("offset"):
            offset_minutes = _parse_offset(m.group("offset"))
        elif m.group("word"):
            word = m.group("word").rstrip(".")
            low = word.lower()
            if low in MONTHS and month is None:
                month = MONTHS[low]
            elif word.upper() in FIXED_ZONES or word.upper() in GENERIC_ZONES:
                if low in ("am", "pm"):
                    continue
                zone = word.upper()
            elif low in WEEKDAYS or low in FILLER or m.group("word").lower() in FILLER:
                continue
            else:
                return None
        elif m.group("int"):
            numbers.append(int(m.group("int")))
        elif kind in ("punct", "space"):
            continue
    for n in numbers:
        if n >= 1000 and year is None:
            year = n
        elif 1 <= n <= 31 and day is None:
            day = n
        else:
            return None
    if None in (year, month, day) or not 1 <= month <= 12:
        return None
    try:
        date = datetime(year, month, day, hour or 0, minute or 0)
    except ValueError:
        return None
    if hour is None:
        return date.strftime("%Y-%m-%d")
    stamp = date.strftime("%Y-%m-%dT%H:%M")
    if offset_minutes is None and zone is not None:
        offset_minutes = _zone_offset(zone, date)
    if offset_minutes is None:
        return stamp
    sign = "+" if offset_minutes >= 0 else "-"
    h, mnt = divmod(abs(offset_minutes), 60)
    return f"{stamp}{sign}{h:02d}:{mnt:02d}"


def _twelve_hour(hour: int, ampm: str | None) -> int:
    if not ampm:
        return hour
    pm = ampm.lower().startswith("p")
    return (hour % 12) + (12 if pm else 0)


def _parse_offset(text: str) -> int:
    m = re.search(r"([+-])\s*(\d{1,2}):?(\d{2})?", text)
    assert m is not None
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    return minutes if m.group(1) == "+" else -minutes


def _zone_offset(zone: str, local: datetime) -> int | None:
    if zone in FIXED_ZONES:
        return FIXED_ZONES[zone]
    try:
        tz = ZoneInfo(GENERIC_ZONES[zone])
    except (KeyError, ZoneInfoNotFoundError):
        return None
    offset = local.replace(tzinfo=tz).utcoffset() or timedelta(0)
    return int(offset.total_seconds() // 60)
