"""Time zones as people type them: IANA region names, common abbreviations, country and
city names, resolved to one IANA region zone (with its summer time), or refused with the
choices when the name means several.

Why a table of our own: the abbreviations people use are not IANA names. IANA's own "EST"
and "MST" are fixed offsets with no summer time, while someone typing `EST` means New York's
clock, summer included; "IST" is India, Ireland or Israel; "CST" is Chicago or China. No
library maps these reliably (abbreviations are not unique, which is why IANA dropped them
as identifiers), so the mapping is written down here, where a test checks that every target
is a region zone this machine's time-zone database knows.

`resolve(text)` returns a `Resolved`: the zone, or the choices of an ambiguous name, or
neither (unknown). A UTC offset ("UTC-5", "GMT+5:30", "Etc/GMT+12") is not a zone, since the
offset of most places changes with summer time: it gets the choices of well-known zones at that
offset now. `describe(zone, now)` is the "America/New_York (EDT, UTC-04:00 now)" that
replies echo back.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

UTC_NAMES = frozenset({"utc", "z", "zulu", "ut", "utc+0", "utc+00:00", "etc/utc"})
# "UTC-5", "GMT +05:30", "+0200"; IANA's "Etc/GMT+12" has the sign inverted (it is UTC-12)
_OFFSET = re.compile(r"^(utc|gmt|etc/gmt)?\s*([+\-\u2212])\s*(\d{1,2})(?::?(\d{2}))?$")
OFFSET_CHOICES = 3

# Abbreviation -> the region zone people mean by it (its summer time included).
ABBREVIATIONS: dict[str, str] = {
    # North America
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "cdt": "America/Chicago",
    "ct": "America/Chicago",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mt": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "akst": "America/Anchorage",
    "akdt": "America/Anchorage",
    "hst": "Pacific/Honolulu",
    "adt": "America/Halifax",
    "nst": "America/St_Johns",
    "ndt": "America/St_Johns",
    # South America
    "brt": "America/Sao_Paulo",
    "art": "America/Argentina/Buenos_Aires",
    # Europe
    "wet": "Europe/Lisbon",
    "west": "Europe/Lisbon",
    "cet": "Europe/Berlin",
    "cest": "Europe/Berlin",
    "met": "Europe/Berlin",
    "mest": "Europe/Berlin",
    "mez": "Europe/Berlin",
    "mesz": "Europe/Berlin",
    "eet": "Europe/Athens",
    "eest": "Europe/Athens",
    "msk": "Europe/Moscow",
    "trt": "Europe/Istanbul",
    # Africa and the Middle East
    "wat": "Africa/Lagos",
    "cat": "Africa/Maputo",
    "eat": "Africa/Nairobi",
    "sast": "Africa/Johannesburg",
    "idt": "Asia/Jerusalem",
    "gst": "Asia/Dubai",
    "irst": "Asia/Tehran",
    # Asia and the Pacific
    "pkt": "Asia/Karachi",
    "npt": "Asia/Kathmandu",
    "ict": "Asia/Bangkok",
    "wib": "Asia/Jakarta",
    "sgt": "Asia/Singapore",
    "hkt": "Asia/Hong_Kong",
    "pht": "Asia/Manila",
    "jst": "Asia/Tokyo",
    "kst": "Asia/Seoul",
    "awst": "Australia/Perth",
    "acst": "Australia/Adelaide",
    "acdt": "Australia/Adelaide",
    "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney",
    "nzst": "Pacific/Auckland",
    "nzdt": "Pacific/Auckland",
}

# Country -> its one zone (countries with several zones are in AMBIGUOUS).
COUNTRIES: dict[str, str] = {
    "uk": "Europe/London",
    "united kingdom": "Europe/London",
    "great britain": "Europe/London",
    "britain": "Europe/London",
    "england": "Europe/London",
    "scotland": "Europe/London",
    "wales": "Europe/London",
    "ireland": "Europe/Dublin",
    "portugal": "Europe/Lisbon",
    "spain": "Europe/Madrid",
    "france": "Europe/Paris",
    "belgium": "Europe/Brussels",
    "netherlands": "Europe/Amsterdam",
    "holland": "Europe/Amsterdam",
    "germany": "Europe/Berlin",
    "switzerland": "Europe/Zurich",
    "austria": "Europe/Vienna",
    "italy": "Europe/Rome",
    "denmark": "Europe/Copenhagen",
    "norway": "Europe/Oslo",
    "sweden": "Europe/Stockholm",
    "finland": "Europe/Helsinki",
    "poland": "Europe/Warsaw",
    "czechia": "Europe/Prague",
    "czech republic": "Europe/Prague",
    "hungary": "Europe/Budapest",
    "romania": "Europe/Bucharest",
    "greece": "Europe/Athens",
    "ukraine": "Europe/Kyiv",
    "turkey": "Europe/Istanbul",
    "türkiye": "Europe/Istanbul",
    "iceland": "Atlantic/Reykjavik",
    "israel": "Asia/Jerusalem",
    "egypt": "Africa/Cairo",
    "nigeria": "Africa/Lagos",
    "kenya": "Africa/Nairobi",
    "south africa": "Africa/Johannesburg",
    "uae": "Asia/Dubai",
    "united arab emirates": "Asia/Dubai",
    "saudi arabia": "Asia/Riyadh",
    "iran": "Asia/Tehran",
    "pakistan": "Asia/Karachi",
    "india": "Asia/Kolkata",
    "sri lanka": "Asia/Colombo",
    "nepal": "Asia/Kathmandu",
    "bangladesh": "Asia/Dhaka",
    "thailand": "Asia/Bangkok",
    "vietnam": "Asia/Ho_Chi_Minh",
    "malaysia": "Asia/Kuala_Lumpur",
    "singapore": "Asia/Singapore",
    "philippines": "Asia/Manila",
    "china": "Asia/Shanghai",
    "hong kong": "Asia/Hong_Kong",
    "taiwan": "Asia/Taipei",
    "korea": "Asia/Seoul",
    "south korea": "Asia/Seoul",
    "japan": "Asia/Tokyo",
    "new zealand": "Pacific/Auckland",
    "colombia": "America/Bogota",
    "peru": "America/Lima",
    "chile": "America/Santiago",
    "argentina": "America/Argentina/Buenos_Aires",
}

# Names that mean more than one clock: refused, with these choices.
AMBIGUOUS: dict[str, tuple[str, ...]] = {
    "ist": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
    "cst": ("America/Chicago", "Asia/Shanghai", "America/Havana"),
    "bst": ("Europe/London", "Asia/Dhaka"),
    "ast": ("America/Halifax", "Asia/Riyadh"),
    "gmt": ("UTC", "Europe/London"),
    "usa": (
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "America/Anchorage",
        "Pacific/Honolulu",
    ),
    "canada": (
        "America/St_Johns",
        "America/Halifax",
        "America/Toronto",
        "America/Winnipeg",
        "America/Edmonton",
        "America/Vancouver",
    ),
    "australia": (
        "Australia/Sydney",
        "Australia/Brisbane",
        "Australia/Adelaide",
        "Australia/Darwin",
        "Australia/Perth",
    ),
    "brazil": ("America/Sao_Paulo", "America/Manaus", "America/Rio_Branco"),
    "mexico": ("America/Mexico_City", "America/Cancun", "America/Tijuana"),
    "russia": ("Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok"),
    "indonesia": ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"),
}
for _alias in ("us", "united states", "united states of america", "america"):
    AMBIGUOUS[_alias] = AMBIGUOUS["usa"]

# The areas of IANA's region zones ("Europe/Berlin"); Etc/ and the legacy names (EST5EDT,
# US/Eastern, ...) are not offered as they are fixed offsets or aliases.
REGION_AREAS = frozenset(
    {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe"}
    | {"Indian", "Pacific"}
)


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a typed name means: one `zone`, or the `choices` of an ambiguous name, or
    neither (unknown)."""

    zone: str | None = None
    choices: tuple[str, ...] = ()
    offset: bool = False  # the text was a UTC offset ("UTC-5"), not a name


def resolve(text: str, now: datetime | None = None) -> Resolved:
    """The zone `text` names: an IANA region name ("europe/berlin" too), UTC, an
    abbreviation ("EST"), a country ("Germany") or a city of a region zone ("New York");
    for a UTC offset, the choices of well-known zones at that offset at `now` (default: the
    current time)."""
    key = _key(text)
    if not key:
        return Resolved()
    if key in UTC_NAMES:
        return Resolved(zone="UTC")
    offset = _offset(key)
    if offset is not None:
        if not offset:
            return Resolved(zone="UTC")
        return Resolved(choices=_at_offset(offset, now or datetime.now(UTC)), offset=True)
    if key in AMBIGUOUS:
        return Resolved(choices=AMBIGUOUS[key])
    named = ABBREVIATIONS.get(key) or COUNTRIES.get(key)
    if named is not None:
        return Resolved(zone=named)
    found = _regions().get(key) or _cities().get(key)
    return Resolved(zone=found)


def is_region(zone: str) -> bool:
    """True for an IANA region zone ("Area/City") this machine's database knows."""
    return zone.split("/", 1)[0] in REGION_AREAS and zone in _available()


def describe(zone: str, now: datetime) -> str:
    """'America/New_York (EDT, UTC-04:00 now)': the zone, its abbreviation and offset now."""
    if zone == "UTC":
        return "UTC"
    local = now.astimezone(zoneinfo.ZoneInfo(zone))
    abbreviation = local.tzname() or ""
    # Zones without a customary abbreviation report their offset ("+0530"): not repeated.
    shown = f"{abbreviation}, " if abbreviation[:1].isalpha() else ""
    return f"{zone} ({shown}{utc_offset(local.utcoffset() or timedelta(0))} now)"


def utc_offset(offset: timedelta) -> str:
    """'UTC+05:30', 'UTC-04:00', 'UTC+00:00'."""
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def _offset(key: str) -> timedelta | None:
    """The UTC offset a key writes, or None when it writes none."""
    found = _OFFSET.match(key.replace(" ", ""))
    if found is None:
        return None
    prefix, sign, hours, minutes = found.groups()
    size = timedelta(hours=int(hours), minutes=int(minutes or 0))
    negative = sign != "+"
    if prefix == "etc/gmt":
        negative = not negative  # POSIX style: Etc/GMT+12 is twelve hours behind UTC
    return -size if negative else size


def _at_offset(offset: timedelta, now: datetime) -> tuple[str, ...]:
    """Well-known zones (those the abbreviation and country tables name) at `offset` now."""
    found: list[str] = []
    for zone in (*ABBREVIATIONS.values(), *COUNTRIES.values()):
        if zone not in found and now.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset() == offset:
            found.append(zone)
    return tuple(found[:OFFSET_CHOICES])


def _key(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text.strip()).casefold()


@cache
def _available() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@cache
def _regions() -> dict[str, str]:
    """Every region zone by its lower-cased name, with spaces for underscores."""
    return {_key(zone): zone for zone in _available() if is_region(zone)}


@cache
def _cities() -> dict[str, str]:
    """Region zones by their city alone ("berlin"), where only one zone has that city."""
    by_city: dict[str, list[str]] = {}
    for zone in _available():
        if is_region(zone):
            by_city.setdefault(_key(zone.rsplit("/", 1)[1]), []).append(zone)
    return {city: zones[0] for city, zones in by_city.items() if len(zones) == 1}
