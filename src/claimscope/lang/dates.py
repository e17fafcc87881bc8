"""Temporal expressions in news text, found by pattern and resolved against the publication date.

Every pattern below describes one kind of expression and has a resolver that turns the
match into ``(first day, last day, precision)``. Candidates come from our own regexes;
dateparser is only asked about numeric dates (``10/04/2020``) and, in `resolve_expression`,
about strings none of our patterns covers, because it is far slower than a regex and would
happily read "2254" or "the 18th" as dates.

Conventions (what the resolvers decide):
  * spans never include a bare preposition ("on", "in", "during"); they do include words
    that change the meaning ("since", "between ... and", "earlier this", "last");
  * a month without a year is the most recent one not after publication ("In May, 12
    people died", said in April); so is a day, unless the coming one is `FUTURE_WEIGHT`
    times nearer ("on 16 March", published on 15 March: a day named is often a day set);
  * a weekday alone ("on Tuesday") is the most recent such day on or before publication,
    "last Tuesday" the most recent strictly before it, "next Tuesday" the first after it;
  * weeks run Monday to Sunday; "last week" is the calendar week before the publication
    week, "the past week" the seven days before publication;
  * a calendar unit gets that unit as precision; anything else (parts of months, spans of
    several days, "overnight", "since ...") is a "range";
  * without a publication date, relative expressions are still reported, with no dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from claimscope.document import DateMention, DatePrecision
from claimscope.lang.truecase import caseless

Resolved = tuple[dt.date, dt.date, DatePrecision]

# --- word tables -------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip

COUNT_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "forty-eight": 48,
    "seventy-two": 72, "couple of": 2, "few": 5, "several": 7,
}  # fmt: skip

VAGUE_COUNTS = frozenset({"couple of", "few", "several"})

# Spans of "the coming/recent <unit>s" when no count is given, in days.
DEFAULT_SPAN_DAYS: dict[str, int] = {"day": 7, "week": 28, "month": 91, "hour": 1}

# Parts of a month: (first day, last day or None for the month's last day).
MONTH_PARTS: dict[str, tuple[int, int | None]] = {
    "early": (1, 10), "the beginning of": (1, 10), "the start of": (1, 10),
    "mid": (11, 20), "the middle of": (11, 20),
    "late": (21, None), "the end of": (21, None),
    "the first half of": (1, 15), "the second half of": (16, None),
}  # fmt: skip

# Parts of a year: (first month, last month).
YEAR_PARTS: dict[str, tuple[int, int]] = {
    "early": (1, 4), "the beginning of": (1, 3), "the start of": (1, 3),
    "mid": (5, 8), "the middle of": (5, 8),
    "late": (9, 12), "the end of": (10, 12),
    "the first half of": (1, 6), "the second half of": (7, 12),
}  # fmt: skip

# Northern-hemisphere meteorological seasons: (first month, last month); winter straddles.
SEASONS: dict[str, tuple[int, int]] = {
    "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2),
}  # fmt: skip

# A bare month or year is a date only after one of these words ("in March", "since 2011").
TEMPORAL_PREPOSITIONS = frozenset(
    {"in", "since", "during", "until", "till", "by", "through", "throughout", "before",
     "after", "of", "from", "between", "and", "to", "last", "early", "late", "mid", "year"}
)  # fmt: skip

# --- regex building blocks -----------------------------------------------------------------

_L = r"(?<![\w-])"
_R = r"(?!\w)"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|"
    r"Nov\.?|Dec\.?)(?![a-z])"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d(?!\d)"
_PART = r"(?i:morning|afternoon|evening|night|midday|noon|dawn|daybreak)"
_PART_SUFFIX = rf"(?:\s+{_PART})?"
_PART_PREFIX = (
    r"(?:(?i:(?:early|late)\s+)?(?i:the\s+)?"
    r"(?i:morning|afternoon|evening|night|early\s+hours|small\s+hours)\s+(?i:of)\s+)?"
)
_WEEKDAY_PREFIX = rf"(?:{_WEEKDAY},?\s+)?"
_YEAR_OPT = rf"(?:,?\s+(?P<y>{_YEAR}))?"
_COUNT = r"(?:\d{1,3}|" + "|".join(sorted(COUNT_WORDS, key=len, reverse=True)) + ")"
_SEP = r"(?:-|–|—|(?i:to|and|until|till|through))"
_MODS = "|".join(
    sorted((re.escape(k).replace(r"\ ", r"\s+") for k in MONTH_PARTS), key=len, reverse=True)
)


class _Reject(Enum):
    """Returned by a resolver whose pattern matched something that is not a date."""

    REJECT = 0


REJECT = _Reject.REJECT
Outcome = Resolved | None | _Reject  # None: a date expression we cannot resolve
Resolver = Callable[[re.Match[str], dt.date | None], Outcome]


@dataclass(frozen=True, slots=True)
class _Pattern:
    name: str
    regex: re.Pattern[str]
    resolve: Resolver


# --- calendar helpers ----------------------------------------------------------------------


# How many times nearer than the last one the coming date a report names without its year
# must be for the report to mean it: news mostly tells what has happened.
FUTURE_WEIGHT = 3


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), _month_end(year, month)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _latest_day(month: int, day: int, published: dt.date) -> dt.date | None:
    """The most recent `month`/`day` not after publication (steps back over 29 February)."""
    for year in range(published.year, published.year - 8, -1):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= published:
            return candidate
    return None


def _nearest_day(month: int, day: int, published: dt.date) -> dt.date | None:
    """The `month`/`day` a report means: the most recent one not after publication, unless
    the next one is `FUTURE_WEIGHT` times nearer ('the summit on 15 February', published on
    13 February; 'a march on 3 January', published in October)."""
    past = _latest_day(month, day, published)
    coming = next(
        (d for year in range(published.year, published.year + 5)
         if (d := _safe_date(year, month, day)) is not None and d > published),
        None,
    )
    if past is None or (
        coming is not None and (coming - published).days * FUTURE_WEIGHT
        < (published - past).days
    ):
        return coming
    return past


def _latest_month_year(month: int, published: dt.date) -> int:
    return published.year if month <= published.month else published.year - 1


def _month_num(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _count(word: str | None) -> int | None:
    if word is None:
        return None
    key = re.sub(r"\s+", " ", word.lower())
    return int(key) if key.isdigit() else COUNT_WORDS.get(key)


def _previous_word(m: re.Match[str]) -> str:
    before = re.search(r"([A-Za-z]+)\W*$", m.string[max(0, m.start() - 30) : m.start()])
    return before.group(1).lower() if before else ""


def _normalise_mod(mod: str) -> str:
    return re.sub(r"\s+", " ", mod.lower())


# --- resolvers -----------------------------------------------------------------------------


def _iso(m: re.Match[str], published: dt.date | None) -> Outcome:
    day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return (day, day, "day") if day else REJECT


def _numeric(m: re.Match[str], published: dt.date | None) -> Outcome:
    day = _dateparser_day(m.group(0), published, date_order="DMY")
    return (day, day, "day") if day else REJECT


def _day(m: re.Match[str], published: dt.date | None) -> Outcome:
    month, day_of_month = _month_num(m["m"]), int(m["d"])
    if m["y"]:
        day = _safe_date(int(m["y"]), month, day_of_month)
        return (day, day, "day") if day else REJECT
    if _safe_date(2000, month, day_of_month) is None:  # 2000 is a leap year
        return REJECT
    if m.start("m") == m.start() and _previous_word(m) == "in":
        return REJECT  # "in May 12 people died": a month, then a count, never "in May 12"
    if published is None:
        return None
    day = _nearest_day(month, day_of_month, published)
    return (day, day, "day") if day else None


def _day_range(m: re.Match[str], published: dt.date | None) -> Outcome:
    if m["sep"].lower() == "and" and not m["pre"]:
        return REJECT
    first, last, month = int(m["d1"]), int(m["d2"]), _month_num(m["m"])
    if first >= last:
        return REJECT
    if m["y"]:
        year = int(m["y"])
    elif published is None:
        return None
    else:
        anchor = _nearest_day(month, first, published)
        if anchor is None:
            return None
        year = anchor.year
    start, end = _safe_date(year, month, first), _safe_date(year, month, last)
    if start is None or end is None:
        return REJECT
    return start, end, "range"


def _month(m: re.Match[str], published: dt.date | None) -> Outcome:
    month = _month_num(m["m"])
    mod = _normalise_mod(m["mod"]) if m["mod"] else None
    if not m["y"] and not mod and _previous_word(m) not in TEMPORAL_PREPOSITIONS:
        return REJECT
    if m["y"]:
        year = int(m["y"])
    elif published is None:
        return None
    else:
        year = _latest_month_year(month, published)
        if month == published.month and _previous_word(m) == "last":
            year -= 1  # "last April", said in April, is a year ago
    start, end = _month_range(year, month)
    if mod is None:
        return start, end, "month"
    first, last = MONTH_PARTS[mod]
    return start.replace(day=first), end.replace(day=last) if last else end, "range"


def _year(m: re.Match[str], published: dt.date | None) -> Outcome:
    mod = _normalise_mod(m["mod"]) if m["mod"] else None
    if not mod and _previous_word(m) not in TEMPORAL_PREPOSITIONS:
        return REJECT
    year = int(m["y"])
    if mod is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    first, last = YEAR_PARTS[mod]
    return dt.date(year, first, 1), _month_end(year, last), "range"


def _season(m: re.Match[str], published: dt.date | None) -> Outcome:
    first, last = SEASONS[m["season"].lower()]
    year = int(m["y"])
    if first > last:  # winter 2019 = December 2019 to February 2020
        return dt.date(year, first, 1), _month_end(year + 1, last), "range"
    return dt.date(year, first, 1), _month_end(year, last), "range"


def _days_offset(offset: int, until: int | None = None) -> Resolver:
    def resolve(m: re.Match[str], published: dt.date | None) -> Outcome:
        if published is None:
            return None
        start = published + dt.timedelta(days=offset)
        if until is None:
            return start, start, "day"
        return start, published + dt.timedelta(days=until), "range"

    return resolve


def _ago(m: re.Match[str], published: dt.date | None) -> Outcome:
    n = _count(m["n"])
    if n is None:
        return REJECT
    if published is None:
        return None
    unit = m["u"].lower()
    if m["n"].lower() in VAGUE_COUNTS:
        # "a few days ago": a span reaching back n units and ending one unit ago
        unit_days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit]
        return (
            published - dt.timedelta(days=n * unit_days),
            published - dt.timedelta(days=unit_days),
            "range",
        )
    if unit == "day":
        day = published - dt.timedelta(days=n)
        return day, day, "day"
    if unit == "week":
        return (*_week_of(published - dt.timedelta(weeks=n)), "week")
    if unit == "month":
        back = _add_months(published, -n)
        return (*_month_range(back.year, back.month), "month")
    return dt.date(published.year - n, 1, 1), dt.date(published.year - n, 12, 31), "year"


def _calendar_unit(unit: str, published: dt.date, shift: int) -> Resolved:
    """The calendar week/weekend/month/year `shift` units from the publication one."""
    if unit == "week":
        monday, sunday = _week_of(published + dt.timedelta(weeks=shift))
        return monday, sunday, "week"
    if unit == "weekend":
        _, sunday = _week_of(published + dt.timedelta(weeks=shift))
        if shift < 0 and published.weekday() == 6:
            sunday = published - dt.timedelta(days=7)
        return sunday - dt.timedelta(days=1), sunday, "range"
    if unit == "month":
        moved = _add_months(published, shift)
        return (*_month_range(moved.year, moved.month), "month")
    year = published.year + shift
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _last_or_past(m: re.Match[str], published: dt.date | None) -> Outcome:
    unit = m["u"].lower()
    n = _count(m["n"]) if m["n"] else 1
    if n is None:
        return REJECT
    if published is None:
        return None
    rolling = bool(m["the"]) or m["rel"].lower() == "past" or m["n"] is not None
    if not rolling and unit in ("week", "weekend", "month", "year"):
        return _calendar_unit(unit, published, -1)
    if not rolling and unit == "day":
        day = published - dt.timedelta(days=1)
        return day, day, "day"
    end = published - dt.timedelta(days=1)
    if unit == "hour":
        return published - dt.timedelta(days=max(1, -(-n // 24))), published, "range"
    if unit in ("day", "weekend"):
        days = n if unit == "day" else 2
        start = published - dt.timedelta(days=days)
        precision: DatePrecision = "day" if days == 1 else "week" if days == 7 else "range"
        return start, end, precision
    if unit == "week":
        return published - dt.timedelta(weeks=n), end, "week" if n == 1 else "range"
    if unit == "month":
        return _add_months(published, -n), end, "month" if n == 1 else "range"
    return _add_months(published, -12 * n), end, "year" if n == 1 else "range"


def _this(m: re.Match[str], published: dt.date | None) -> Outcome:
    if published is None:
        return None
    unit = m["u"].lower()
    start, end, precision = _calendar_unit(unit, published, 0)
    mod = (m["mod"] or "").lower()
    if mod == "earlier":
        return start, max(start, published - dt.timedelta(days=1)), "range"
    if mod == "later":
        return min(end, published + dt.timedelta(days=1)), end, "range"
    return start, end, precision


def _next(m: re.Match[str], published: dt.date | None) -> Outcome:
    if published is None:
        return None
    return _calendar_unit(m["u"].lower(), published, 1)


def _coming(m: re.Match[str], published: dt.date | None) -> Outcome:
    unit = m["u"].lower()
    n = _count(m["n"]) if m["n"] else None
    if m["n"] and n is None:
        return REJECT
    if n is None and not m["plural"] and unit == "day":
        return REJECT  # "the next day" is the day after some event, not after publication
    if published is None:
        return None
    if unit == "hour":
        hours = n or 24
        return published, published + dt.timedelta(days=max(1, -(-hours // 24))), "range"
    start = published + dt.timedelta(days=1)
    if n is None and m["plural"]:
        return start, published + dt.timedelta(days=DEFAULT_SPAN_DAYS[unit]), "range"
    n = n or 1
    if unit == "day":
        precision: DatePrecision = "day" if n == 1 else "week" if n == 7 else "range"
        return start, published + dt.timedelta(days=n), precision
    if unit == "week":
        return start, published + dt.timedelta(weeks=n), "week" if n == 1 else "range"
    return start, _add_months(published, n), "month" if n == 1 else "range"


def _recent(m: re.Match[str], published: dt.date | None) -> Outcome:
    if published is None:
        return None
    days = DEFAULT_SPAN_DAYS[m["u"].lower().rstrip("s")]
    return published - dt.timedelta(days=days), published - dt.timedelta(days=1), "range"


def _weekday(m: re.Match[str], published: dt.date | None) -> Outcome:
    if published is None:
        return None
    target = WEEKDAYS[m["wd"].lower()]
    rel = (m["rel"] or "").lower()
    if rel == "next":
        ahead = (target - published.weekday() - 1) % 7 + 1
        day = published + dt.timedelta(days=ahead)
    else:
        back = (published.weekday() - target) % 7
        if back == 0 and rel in ("last", "past"):
            back = 7
        day = published - dt.timedelta(days=back)
    return day, day, "day"


# --- the pattern table ---------------------------------------------------------------------
# Order matters only for ties: of two candidates with the same span, the earlier wins.

_DAY_DMY = (
    rf"{_L}{_PART_PREFIX}{_WEEKDAY_PREFIX}(?:(?i:the)\s+)?(?P<d>{_DAYNUM}){_ORD}"
    rf"(?:\s+(?i:of))?\s+(?P<m>{_MONTH}){_YEAR_OPT}{_PART_SUFFIX}{_R}"
)
_DAY_MDY = (
    rf"{_L}{_PART_PREFIX}{_WEEKDAY_PREFIX}(?P<m>{_MONTH})\s+(?:(?i:the)\s+)?(?P<d>{_DAYNUM})"
    rf"{_ORD}{_YEAR_OPT}{_PART_SUFFIX}{_R}"
)
_RANGE_DM = (
    rf"{_L}(?:(?P<pre>(?i:between|from))\s+)?(?:(?i:the)\s+)?(?P<d1>{_DAYNUM}){_ORD}\s*"
    rf"(?P<sep>{_SEP})\s*(?:(?i:the)\s+)?(?P<d2>{_DAYNUM}){_ORD}(?:\s+(?i:of))?\s+"
    rf"(?P<m>{_MONTH}){_YEAR_OPT}{_R}"
)
_RANGE_MD = (
    rf"{_L}(?:(?P<pre>(?i:between|from))\s+)?(?P<m>{_MONTH})\s+(?P<d1>{_DAYNUM}){_ORD}\s*"
    rf"(?P<sep>{_SEP})\s*(?P<d2>{_DAYNUM}){_ORD}{_YEAR_OPT}{_R}"
)

PATTERNS: tuple[_Pattern, ...] = tuple(
    _Pattern(name, re.compile(regex), resolver)
    for name, regex, resolver in (
        ("iso", rf"{_L}(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d){_R}", _iso),
        ("numeric", rf"{_L}{_DAYNUM}[/.](?:1[0-2]|0?[1-9])[/.]{_YEAR}{_R}", _numeric),
        ("range_dm", _RANGE_DM, _day_range),
        ("range_md", _RANGE_MD, _day_range),
        ("day_dmy", _DAY_DMY, _day),
        ("day_mdy", _DAY_MDY, _day),
        (
            "month",
            rf"{_L}(?:(?P<mod>(?i:{_MODS}))[\s-]+)?(?P<m>{_MONTH})"
            rf"(?:,?\s+(?:(?i:of)\s+)?(?P<y>{_YEAR}))?{_R}",
            _month,
        ),
        (
            "season",
            rf"{_L}(?i:(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?)"
            rf"(?P<y>{_YEAR}){_R}",
            _season,
        ),
        ("year", rf"{_L}(?:(?P<mod>(?i:{_MODS}))[\s-]+)?(?P<y>{_YEAR})(?![\w-]|,\d)", _year),
        (
            "day_before_yesterday",
            rf"{_L}(?i:(?:the\s+)?day\s+before\s+yesterday){_R}",
            _days_offset(-2),
        ),
        ("yesterday", rf"{_L}(?i:yesterday){_PART_SUFFIX}{_R}", _days_offset(-1)),
        ("last_night", rf"{_L}(?i:last\s+night){_R}", _days_offset(-1)),
        (
            "today",
            rf"{_L}(?i:(?:earlier\s+|later\s+)?today|tonight|this\s+(?:morning|afternoon|evening))"
            rf"{_R}",
            _days_offset(0),
        ),
        ("overnight", rf"{_L}(?i:overnight){_R}", _days_offset(-1, until=0)),
        ("tomorrow", rf"{_L}(?i:tomorrow){_PART_SUFFIX}{_R}", _days_offset(1)),
        (
            "ago",
            rf"{_L}(?i:(?P<n>{_COUNT})\s+(?P<u>day|week|month|year)s?\s+ago){_R}",
            _ago,
        ),
        (
            "last_or_past",
            rf"{_L}(?i:(?P<the>the\s+|this\s+)?(?P<rel>past|last)\s+(?:(?P<n>{_COUNT})\s+)?"
            rf"(?P<u>day|weekend|week|month|year|hour)s?){_R}",
            _last_or_past,
        ),
        (
            "this",
            rf"{_L}(?i:(?:(?P<mod>earlier|later)\s+)?this\s+(?P<u>weekend|week|month|year)){_R}",
            _this,
        ),
        ("next", rf"{_L}(?i:next\s+(?P<u>weekend|week|month|year)){_R}", _next),
        (
            "coming",
            rf"{_L}(?i:(?:the\s+)?(?:coming|next|upcoming)\s+(?:(?P<n>{_COUNT})\s+)?"
            rf"(?P<u>day|week|month|hour)(?P<plural>s)?){_R}",
            _coming,
        ),
        ("recent", rf"{_L}(?i:recent\s+(?P<u>days|weeks|months)){_R}", _recent),
        (
            "weekday",
            rf"{_L}(?:(?P<rel>(?i:last|this|next|past))\s+)?(?P<wd>{_WEEKDAY}){_PART_SUFFIX}{_R}",
            _weekday,
        ),
    )
)

_SINCE = re.compile(r"(?i:\bsince)\s+$")
_RANGE_OPEN = re.compile(r"(?i:\b(?P<w>between|from))\s+$")
_RANGE_GAP = re.compile(r"^\s*(?i:and|to|until|till|through|-|–|—)\s*$")
_LEADING_PREPOSITION = re.compile(r"(?i)^(?:on|in|during|over|at|by|for|within)\s+")


# --- dateparser, only where our patterns stop ----------------------------------------------


def _dateparser_day(
    expr: str, published: dt.date | None, *, date_order: str | None = None
) -> dt.date | None:
    import dateparser  # imported lazily: loading its language data takes a noticeable while

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time())
    if date_order:
        settings["DATE_ORDER"] = date_order
    parsed = dateparser.parse(expr, languages=["en"], settings=settings)
    return parsed.date() if isinstance(parsed, dt.datetime) else None


# --- public API ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    resolved: Resolved | None
    order: int


def _candidates(text: str, start: int, end: int, published: dt.date | None) -> list[_Candidate]:
    found: list[_Candidate] = []
    for order, pattern in enumerate(PATTERNS):
        for m in pattern.regex.finditer(text, start, end):
            outcome = pattern.resolve(m, published)
            if outcome is not REJECT:
                found.append(_Candidate(m.start(), m.end(), outcome, order))
    found.sort(key=lambda c: (c.start, -(c.end - c.start), c.order))
    chosen: list[_Candidate] = []
    for cand in found:
        if not chosen or cand.start >= chosen[-1].end:
            chosen.append(cand)
    return chosen


def _combine(
    text: str, region_start: int, cands: list[_Candidate], published: dt.date | None
) -> list[_Candidate]:
    """Join "between A and B" / "from A to B" into one range, and open "since A" ranges."""
    out: list[_Candidate] = []
    i = 0
    while i < len(cands):
        cand = cands[i]
        before = text[max(region_start, cand.start - 12) : cand.start]
        opener = _RANGE_OPEN.search(before)
        if opener and i + 1 < len(cands):
            nxt = cands[i + 1]
            if _RANGE_GAP.match(text[cand.end : nxt.start]):
                joined: Resolved | None = None
                if cand.resolved and nxt.resolved and cand.resolved[0] <= nxt.resolved[1]:
                    joined = (cand.resolved[0], nxt.resolved[1], "range")
                start = cand.start - (len(before) - opener.start())
                out.append(_Candidate(start, nxt.end, joined, cand.order))
                i += 2
                continue
        since = _SINCE.search(before)
        if since:
            start = cand.start - (len(before) - since.start())
            resolved: Resolved | None = None
            if cand.resolved and published and cand.resolved[0] <= published:
                resolved = (cand.resolved[0], published, "range")
            out.append(_Candidate(start, cand.end, resolved, cand.order))
        else:
            out.append(cand)
        i += 1
    return out


_CALENDAR_WORD = re.compile(
    r"(?i)(?<![\w-])(?:" + "|".join(sorted({*MONTHS, *WEEKDAYS}, key=len, reverse=True))
    + r")(?![\w-])"
)
# Calendar words that are other words too: a month only beside a day number or after a
# temporal preposition ('on 7 may', 'may 7', 'in march'; not 'they may attack', 'a march').
_AMBIGUOUS_CALENDAR_WORDS = frozenset({"may", "march", "mar", "jan", "jun", "sat", "sun"})
_DAY_BEFORE = re.compile(r"(?<!\d)(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+$")
_DAY_AFTER = re.compile(r"^\s+(?:[12]\d|3[01]|0?[1-9])(?!\d)")


def _calendar_cased(text: str, start: int, end: int) -> str:
    """`text` with the month and weekday names in `[start, end)` capitalised as the
    patterns expect them."""
    chars = list(text)
    for m in _CALENDAR_WORD.finditer(text, start, end):
        word = m.group().lower()
        if word in _AMBIGUOUS_CALENDAR_WORDS:
            before = text[max(0, m.start() - 12):m.start()]
            previous = before.split()[-1].lower() if before.split() else ""
            if not (_DAY_BEFORE.search(before) or _DAY_AFTER.match(text, m.end())
                    or previous in TEMPORAL_PREPOSITIONS):
                continue
        chars[m.start():m.end()] = word.capitalize()
    return "".join(chars)


def find_dates(
    text: str,
    *,
    published: dt.date | None,
    start: int = 0,
    end: int | None = None,
    id_prefix: str = "date",
) -> list[DateMention]:
    """Temporal expressions in `text[start:end]`, with absolute offsets into `text`.

    Ids are `f"{id_prefix}{n}"`, numbered from 1 in text order.
    """
    stop = len(text) if end is None else end
    # The patterns know month and weekday names by their capitals ('may', 'march' are words
    # too); text without case ('on sunday', 'ON 4 FEB') has its calendar words capitalised
    # first, offsets unchanged.
    searched = _calendar_cased(text, start, stop) if caseless(text[start:stop]) else text
    cands = _combine(searched, start, _candidates(searched, start, stop, published), published)
    mentions: list[DateMention] = []
    for n, cand in enumerate(cands, 1):
        first, last, precision = cand.resolved if cand.resolved else (None, None, None)
        mentions.append(
            DateMention(
                id=f"{id_prefix}{n}",
                text=text[cand.start : cand.end],
                start=cand.start,
                end=cand.end,
                date_start=first.isoformat() if first else None,
                date_end=last.isoformat() if last else None,
                precision=precision,
            )
        )
    return mentions


def resolve_expression(
    expr: str, published: dt.date | None
) -> tuple[dt.date, dt.date, DatePrecision] | None:
    """Resolve one temporal expression; None when it is not one or cannot be resolved.

    The whole of `expr` (less a leading preposition such as "on") must be one expression
    our patterns know; failing that, dateparser may still read it as a single day.
    """
    expr = expr.strip()
    lead = _LEADING_PREPOSITION.match(expr)
    body_start = lead.end() if lead else 0
    if body_start == len(expr):
        return None
    # Matched in the full string so that guards can see the preposition ("in 2019").
    cands = _combine(expr, 0, _candidates(expr, 0, len(expr), published), published)
    if len(cands) == 1 and cands[0].start in (0, body_start) and cands[0].end == len(expr):
        return cands[0].resolved
    # Only something that looks like a calendar date goes to dateparser: it would read
    # "20 soldiers" or "2254" as dates too.
    body = expr[body_start:]
    if not re.search(rf"\d.*{_MONTH}|{_MONTH}.*\d|\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}}", body):
        return None
    day = _dateparser_day(body, published)
    return (day, day, "day") if day else None


def is_future(mention: DateMention, published: dt.date | None) -> bool:
    """True when the mention lies wholly after publication (a forecast or a plan)."""
    if published is None or mention.date_start is None:
        return False
    return dt.date.fromisoformat(mention.date_start) > published
