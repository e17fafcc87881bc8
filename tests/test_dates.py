"""Temporal expressions found in news sentences and resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from claimscope.lang.dates import find_dates, is_future, resolve_expression

SAT = dt.date(2020, 4, 11)  # a Saturday
WED = dt.date(2021, 9, 15)  # a Wednesday


def only(
    text: str, published: dt.date | None = SAT
) -> tuple[str, str | None, str | None, str | None]:
    mentions = find_dates(text, published=published)
    assert len(mentions) == 1, [m.text for m in mentions]
    m = mentions[0]
    assert text[m.start : m.end] == m.text
    return m.text, m.date_start, m.date_end, m.precision


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Heavy fighting broke out near the dam on April 9 evening, local sources said.",
            ("April 9 evening", "2020-04-09", "2020-04-09", "day"),
        ),
        (
            # A day named without its year, one day after publication: that coming day (a
            # dateline's time zone, a day set), not the year before.
            "Rebels shelled the market on April 12, killing two vendors.",
            ("April 12", "2020-04-12", "2020-04-12", "day"),
        ),
        (
            # Three weeks on against eleven months back: the coming one (a day set).
            "The talks will resume on May 2 in Caracas.",
            ("May 2", "2020-05-02", "2020-05-02", "day"),
        ),
        (
            # Seven months on against five back: the past one (news mostly tells the past).
            "The talks will resume on 20 November in Caracas.",
            ("20 November", "2019-11-20", "2019-11-20", "day"),
        ),
        (
            "Last week, engineers finished two new checkpoints on the highway.",
            ("Last week", "2020-03-30", "2020-04-05", "week"),
        ),
        (
            "The militia claimed 14 raids during the past week.",
            ("the past week", "2020-04-04", "2020-04-10", "week"),
        ),
        (
            "Over the past seven days the monitors logged 61 violations.",
            ("the past seven days", "2020-04-04", "2020-04-10", "week"),
        ),
        (
            "Investigators say nerve agents were used in March 2017 near the airbase.",
            ("March 2017", "2017-03-01", "2017-03-31", "month"),
        ),
        (
            "The town changed hands twice in 2019 before the truce.",
            ("2019", "2019-01-01", "2019-12-31", "year"),
        ),
        (
            "A roadside bomb hit a patrol yesterday outside the town.",
            ("yesterday", "2020-04-10", "2020-04-10", "day"),
        ),
        (
            "The ministry announced on Tuesday that the border crossing was closed.",
            ("Tuesday", "2020-04-07", "2020-04-07", "day"),
        ),
        (
            "Earlier this month, aid convoys were turned back at the crossing.",
            ("Earlier this month", "2020-04-01", "2020-04-10", "range"),
        ),
        (
            "Two days ago a drone struck a fuel depot near the port.",
            ("Two days ago", "2020-04-09", "2020-04-09", "day"),
        ),
        (
            "The statement, dated 10 April 2020, blamed unnamed saboteurs.",
            ("10 April 2020", "2020-04-10", "2020-04-10", "day"),
        ),
        (
            "The report was filed on 2020-04-10 by the field office.",
            ("2020-04-10", "2020-04-10", "2020-04-10", "day"),
        ),
        (
            "Talks were held between 3 and 5 March in the capital.",
            ("between 3 and 5 March", "2020-03-03", "2020-03-05", "range"),
        ),
        (
            "Artillery pounded the eastern districts overnight, residents said.",
            ("overnight", "2020-04-10", "2020-04-11", "range"),
        ),
        (
            "Sirens sounded across the city this morning.",
            ("this morning", "2020-04-11", "2020-04-11", "day"),
        ),
        (
            "In the coming days, the army will likely push towards the river.",
            ("the coming days", "2020-04-12", "2020-04-18", "range"),
        ),
        (
            "The envoy is expected to visit Geneva next week.",
            ("next week", "2020-04-13", "2020-04-19", "week"),
        ),
        (
            "Curfews were imposed in mid-March across the province.",
            ("mid-March", "2020-03-11", "2020-03-20", "range"),
        ),
        (
            "Displacement has risen steadily since January 2020, the agency said.",
            ("since January 2020", "2020-01-01", "2020-04-11", "range"),
        ),
        (
            "The siege lasted from 28 March to 2 April 2020.",
            ("from 28 March to 2 April 2020", "2020-03-28", "2020-04-02", "range"),
        ),
        (
            "The decree was published on 09/04/2020 in the official gazette.",
            ("09/04/2020", "2020-04-09", "2020-04-09", "day"),
        ),
        (
            "The convoy was attacked on Friday, April 10, near the bridge.",
            ("Friday, April 10", "2020-04-10", "2020-04-10", "day"),
        ),
        (
            "Security forces detained the suspects on the night of 8 April.",
            ("the night of 8 April", "2020-04-08", "2020-04-08", "day"),
        ),
        (
            "Three weeks ago the governor resigned.",
            ("Three weeks ago", "2020-03-16", "2020-03-22", "week"),
        ),
        (
            "In May, 12 people died in the floods.",  # month before a count, not "May 12"
            ("May", "2019-05-01", "2019-05-31", "month"),
        ),
    ],
)
def test_expressions_resolve_against_publication(
    sentence: str, expected: tuple[str, str, str, str]
) -> None:
    assert only(sentence) == expected


def test_weekday_on_publication_day_is_that_day_unless_last() -> None:
    assert only("The airport reopened on Wednesday.", WED)[1] == "2021-09-15"
    assert only("The airport reopened last Wednesday.", WED)[1] == "2021-09-08"
    assert only("The airport reopens next Wednesday.", WED)[1] == "2021-09-22"


def test_last_month_name_said_in_that_month_is_a_year_back() -> None:
    assert only("The ceasefire signed last April collapsed.", dt.date(2021, 4, 20))[1:] == (
        "2020-04-01",
        "2020-04-30",
        "month",
    )


def test_last_week_differs_from_the_past_week_midweek() -> None:
    assert only("Last week the rebels withdrew.", WED)[1:] == ("2021-09-06", "2021-09-12", "week")
    assert only("During the past week the rebels withdrew.", WED)[1:] == (
        "2021-09-08",
        "2021-09-14",
        "week",
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "The 18th Brigade moved into the valley.",
        "Security Council Resolution 2254 calls for a political transition.",
        "The convoy left at 5 pm and reached the M4 highway with 20 trucks.",
        "Relations between the two states were tense in the past.",
        "May God protect them, the imam told the crowd.",
        "The office opened on the 18th, officials said.",
        "Copyright South Front, 2020",
    ],
)
def test_non_dates_are_not_found(sentence: str) -> None:
    assert find_dates(sentence, published=SAT) == []


def test_offsets_are_absolute_within_a_slice() -> None:
    text = "Header line. Clashes erupted on April 9. Yesterday the army said 20 died."
    start = text.index("Clashes")
    end = text.index("Yesterday")
    mentions = find_dates(text, published=SAT, start=start, end=end, id_prefix="d")
    assert [(m.id, m.text) for m in mentions] == [("d1", "April 9")]
    assert text[mentions[0].start : mentions[0].end] == "April 9"


def test_several_mentions_are_numbered_in_order() -> None:
    text = "Fighting began on 2 April, paused yesterday and may resume next week."
    mentions = find_dates(text, published=SAT)
    assert [m.id for m in mentions] == ["date1", "date2", "date3"]
    assert [m.text for m in mentions] == ["2 April", "yesterday", "next week"]
    assert [is_future(m, SAT) for m in mentions] == [False, False, True]


def test_without_publication_date_only_absolute_dates_resolve() -> None:
    text = "The truce of 10 April 2020 collapsed yesterday; it had held since March 2017."
    mentions = find_dates(text, published=None)
    by_text = {m.text: (m.date_start, m.date_end, m.precision) for m in mentions}
    assert by_text["10 April 2020"] == ("2020-04-10", "2020-04-10", "day")
    assert by_text["yesterday"] == (None, None, None)
    # open-ended up to publication, which is unknown
    assert by_text["since March 2017"] == (None, None, None)


@pytest.mark.parametrize(
    ("expr", "published", "expected"),
    [
        ("on April 9 evening", SAT, (dt.date(2020, 4, 9), dt.date(2020, 4, 9), "day")),
        ("in 2019", None, (dt.date(2019, 1, 1), dt.date(2019, 12, 31), "year")),
        ("last week", SAT, (dt.date(2020, 3, 30), dt.date(2020, 4, 5), "week")),
        ("late March 2020", None, (dt.date(2020, 3, 21), dt.date(2020, 3, 31), "range")),
        ("the summer of 2018", None, (dt.date(2018, 6, 1), dt.date(2018, 8, 31), "range")),
        ("the day before yesterday", SAT, (dt.date(2020, 4, 9), dt.date(2020, 4, 9), "day")),
        ("29 February", dt.date(2021, 3, 1), (dt.date(2020, 2, 29), dt.date(2020, 2, 29), "day")),
        ("yesterday", None, None),
        ("the 18th", SAT, None),
        ("the past", SAT, None),
        ("2019", SAT, None),  # a bare number is not a year without context
        ("31 April 2020", SAT, None),
        ("20 soldiers", SAT, None),
    ],
)
def test_resolve_expression(
    expr: str, published: dt.date | None, expected: tuple[dt.date, dt.date, str] | None
) -> None:
    assert resolve_expression(expr, published) == expected


@pytest.mark.parametrize(
    "expr",
    [
        "April 9, 2020 at 18:30 GMT",
        "Thu, 09 Apr 2020 14:00:00",
        "2020/04/09",
        "9th April 2020, 6pm",
    ],
)
def test_resolve_expression_falls_back_to_dateparser_for_other_layouts(expr: str) -> None:
    day = dt.date(2020, 4, 9)
    assert resolve_expression(expr, SAT) == (day, day, "day")


def test_resolve_expression_rejects_two_dates_at_once() -> None:
    assert resolve_expression("April 9 and April 12", SAT) is None


def test_text_without_case_still_has_its_months_and_weekdays() -> None:
    published = dt.date(1990, 2, 4)
    lower = "guerrillas attacked the farm on 2 february and again on sunday."
    found = [(m.text, m.date_start, m.precision) for m in find_dates(lower, published=published)]
    assert found == [("2 february", "1990-02-02", "day"), ("sunday", "1990-02-04", "day")]
    caps = "THE REBELS MAY ATTACK AGAIN. ON 4 FEB THEY HELD A MARCH."
    found = [(m.text, m.date_start) for m in find_dates(caps, published=published)]
    assert found == [("4 FEB", "1990-02-04")], "'may' and 'a march' are no months here"
    assert [m.text for m in find_dates("the offensive began in march.", published=published)] == [
        "march"
    ]
    # Text with case keeps the rule that months are capitalised.
    assert find_dates("Police may march on Sunday.", published=published)[0].text == "Sunday"
