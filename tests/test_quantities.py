"""Amounts in news sentences: value, bounds, qualifier, and what they count."""

from __future__ import annotations

import pytest

from claimscope.document import Quantity
from claimscope.lang.quantities import find_quantities, number_value, parse_amount

Row = tuple[str, float, float | None, float | None, str | None, str | None, str | None]


def rows(text: str) -> list[Row]:
    found = find_quantities(text)
    for q in found:
        assert text[q.start : q.end] == q.text
    return [(q.text, q.value, q.low, q.high, q.qualifier, q.unit, q.subject) for q in found]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Opposition activists insist that over 20 soldiers were killed in the ambush.",
            [("over 20", 20, 21, None, "over", "killed", "soldiers")],
        ),
        (
            "Army sources said up to 30 ISIS members were neutralized near the oil field.",
            [("up to 30", 30, None, 30, "up_to", "killed", "ISIS members")],
        ),
        (
            "The group claims 66 government fighters were killed or injured in the raids.",
            [("66", 66, 66, 66, "exact", "killed_or_injured", "government fighters")],
        ),
        (
            "A car bomb went off near the bakery, killing 3 and wounding 14.",
            [
                ("3", 3, 3, 3, "exact", "killed", None),
                ("14", 14, 14, 14, "exact", "injured", None),
            ],
        ),
        (
            "Insurgents carried out 29 attacks on police stations across the north.",
            [("29", 29, 29, 29, "exact", "attacks", "attacks")],
        ),
        (
            "Engineers built three similar posts along the canal last month.",
            [("three", 3, 3, 3, "exact", "posts", "similar posts")],
        ),
        (
            "The contingent now mans up to 60 'observation posts' in the buffer zone.",
            [("up to 60", 60, None, 60, "up_to", "posts", "observation posts")],
        ),
        (
            "At least 40 people died when the ferry capsized.",
            [("At least 40", 40, 40, None, "at_least", "killed", "people")],
        ),
        (
            "Rescuers said about 20 villagers were hurt and nearly 20 remain missing.",
            [
                ("about 20", 20, None, None, "about", "injured", "villagers"),
                ("nearly 20", 20, None, 20, "about", "missing", None),
            ],
        ),
        (
            "Some 20 protesters were detained outside the governor's office.",
            [("Some 20", 20, None, None, "about", "arrested", "protesters")],
        ),
        (
            "Between 10 and 15 shepherds were abducted, and 10-15 others were kidnapped.",
            [
                ("Between 10 and 15", 10, 10, 15, "range", "abducted", "shepherds"),
                ("10-15", 10, 10, 15, "range", "abducted", "others"),
            ],
        ),
        (
            "More than 50 airstrikes hit the suburbs; fewer than 10 civilians were wounded.",
            [
                ("More than 50", 50, 51, None, "over", "strikes", "airstrikes"),
                ("fewer than 10", 10, None, 9, "under", "injured", "civilians"),
            ],
        ),
        (
            "A total of 7 bodies were pulled from the rubble on Sunday.",
            [("A total of 7", 7, 7, 7, "exact", "killed", None)],
        ),
        (
            "By evening the death toll rose to 31, the health ministry said.",
            [("31", 31, 31, 31, "exact", "killed", None)],
        ),
        (
            "Medics counted 12 deaths and 40 casualties after the shelling.",
            [
                ("12", 12, 12, 12, "exact", "killed", None),
                ("40", 40, 40, 40, "exact", "killed_or_injured", None),
            ],
        ),
        (
            "The battalion lost 12 armoured vehicles and less than 5 tanks.",
            [
                ("12", 12, 12, 12, "exact", "vehicles", "armoured vehicles"),
                ("less than 5", 5, None, 4, "under", "vehicles", "tanks"),
            ],
        ),
        (
            "Dozens of families fled the camp, and several guards were wounded.",
            [
                ("Dozens", 12, 12, None, "vague", "displaced", "families"),
                ("several", 3, 3, None, "vague", "injured", "guards"),
            ],
        ),
        (
            "Tens of thousands of residents were displaced; hundreds were arrested.",
            [
                ("Tens of thousands", 10_000, 10_000, None, "vague", "displaced", "residents"),
                ("hundreds", 100, 100, None, "vague", "arrested", None),
            ],
        ),
        (
            "More than a dozen fighters were taken prisoner near the ridge.",
            [("More than a dozen", 12, 13, None, "over", "arrested", "fighters")],
        ),
        (
            "Twenty-five recruits were captured and two hundred and fifty families uprooted.",
            [
                ("Twenty-five", 25, 25, 25, "exact", "arrested", "recruits"),
                ("two hundred and fifty", 250, 250, 250, "exact", "displaced", "families"),
            ],
        ),
        (
            "The blast claimed the lives of 9 pilgrims, and police later arrested 14 suspects.",
            [
                ("9", 9, 9, 9, "exact", "killed", "pilgrims"),
                ("14", 14, 14, 14, "exact", "arrested", "suspects"),
            ],
        ),
        (
            "Two soldiers died and two others were hurt when their truck hit a mine.",
            [
                ("Two", 2, 2, 2, "exact", "killed", "soldiers"),
                ("two", 2, 2, 2, "exact", "injured", "others"),
            ],
        ),
        (
            "The clashes left 5 dead and 12 injured.",
            [
                ("5", 5, 5, 5, "exact", "killed", None),
                ("12", 12, 12, 12, "exact", "injured", None),
            ],
        ),
        (
            "Some 300 fighters, including 12 commanders, surrendered.",
            [
                ("Some 300", 300, None, None, "about", "people", "fighters"),
                ("12", 12, 12, 12, "exact", "people", "commanders"),
            ],
        ),
        (
            "One of the soldiers was killed, but no one else was hurt.",
            [("One", 1, 1, 1, "exact", "killed", "soldiers")],
        ),
        (
            "The agency says 60 per cent of the district lacks water; repairs cost $2.5 million.",
            [
                ("60 per cent", 60, 60, 60, "exact", "percent", None),
                ("$2.5 million", 2_500_000, 2_500_000, 2_500_000, "exact", "currency", None),
            ],
        ),
        (
            "Nearly 1,200 people have been displaced since the offensive began.",
            [("Nearly 1,200", 1200, None, 1200, "about", "displaced", "people")],
        ),
        (
            "Officials now say the number of victims is 59, not 62.",
            [("59", 59, 59, 59, "exact", "killed", None), ("62", 62, 62, 62, "exact", None, None)],
        ),
        (
            "Nearly 30,000 U.S. soldiers remain deployed, and 500 kg of explosives were seized.",
            [
                ("Nearly 30,000", 30_000, None, 30_000, "about", "people", "U.S. soldiers"),
                ("500", 500, 500, 500, "exact", "weight", None),
            ],
        ),
        (
            "The years between 2006 and 2012 saw 4 coups.",
            [("4", 4, 4, 4, "exact", None, "coups")],
        ),
        (
            "Three days of fighting left the village in ruins.",
            [("Three", 3, 3, 3, "exact", "duration", None)],
        ),
        (
            'The army said it killed "dozens of terrorists" in the raid.',
            [("dozens", 12, 12, None, "vague", "killed", "terrorists")],
        ),
        (
            "Five soldiers were among the dead.",
            [("Five", 5, 5, 5, "exact", "killed", "soldiers")],
        ),
        (
            "Two of the guards were among the wounded.",
            [("Two", 2, 2, 2, "exact", "injured", "guards")],
        ),
        (
            "A soldier was killed and two civilians were wounded near Gao.",
            [
                ("A", 1, 1, 1, "exact", "killed", "soldier"),
                ("two", 2, 2, 2, "exact", "injured", "civilians"),
            ],
        ),
        (
            "An army officer was shot dead on Monday.",
            [("An", 1, 1, 1, "exact", "killed", "army officer")],
        ),
        (
            "A guard was fatally wounded in the raid.",
            [("A", 1, 1, 1, "exact", "killed", "guard")],
        ),
        (
            "Bishops condemned the assassination of six Jesuits in San Salvador.",
            [("six", 6, 6, 6, "exact", "killed", "Jesuits")],
        ),
        (
            "The deaths of the 12 villagers were confirmed.",
            [("12", 12, 12, 12, "exact", "killed", "villagers")],
        ),
        (
            "Guerrillas killed a peasant in Flores.",
            [("a", 1, 1, 1, "exact", "killed", "peasant")],
        ),
        (
            "The blast caused the death of a passing civilian.",
            [("a", 1, 1, 1, "exact", "killed", "passing civilian")],
        ),
        (
            "Two missionaries were shot to death last night.",
            [("Two", 2, 2, 2, "exact", "killed", "missionaries")],
        ),
    ],
)
def test_quantities_in_sentences(sentence: str, expected: list[Row]) -> None:
    assert rows(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The convoy reached the M4 highway on April 9 at 5 pm.",
        "Security Council Resolution 2254 was adopted in 2015.",
        "The 18th Brigade and the 4th Division regrouped near the dam.",
        "Copyright South Front, 2020.",
        "A 12-year-old boy was among the victims.",
        "Two Su-24 bombers and an F-16 circled; COVID-19 measures were relaxed on 3 March.",
        "The monitors logged violations over the past seven days.",
        "The raid happened two days ago, officials said.",
        "At one point the ceasefire seemed to hold, and several times the talks stalled.",
        "Talks resumed at 10:30 local time.",
        "The curfew runs from 1800 until 0600 each day.",
        "Parliament met on 22 and 23 December to debate the budget.",
        "Fighting raged on the 19 march front line.",
    ],
)
def test_non_quantities_are_skipped(sentence: str) -> None:
    assert rows(sentence) == []


def test_offsets_are_absolute_and_ids_numbered() -> None:
    text = "Title. Militants killed 4 guards. Later 7 villagers were abducted. 9 more fled."
    start, end = text.index("Militants"), text.index("9 more")
    found = find_quantities(text, start=start, end=end, id_prefix="n")
    assert [(q.id, q.text, q.unit) for q in found] == [
        ("n1", "4", "killed"),
        ("n2", "7", "abducted"),
    ]
    assert all(isinstance(q, Quantity) and text[q.start : q.end] == q.text for q in found)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("over 20", (20, 21, None, "over")),
        ("more than 20", (20, 21, None, "over")),
        ("up to 30", (30, None, 30, "up_to")),
        ("at least 40", (40, 40, None, "at_least")),
        ("around 20", (20, None, None, "about")),
        ("nearly twenty", (20, None, 20, "about")),
        ("between 10 and 15", (10, 10, 15, "range")),
        ("10-15", (10, 10, 15, "range")),
        ("from 10 to 15", (10, 10, 15, "range")),
        ("fewer than 10", (10, None, 9, "under")),
        ("under 5", (5, None, 4, "under")),
        ("a total of 7", (7, 7, 7, "exact")),
        ("dozens", (12, 12, None, "vague")),
        ("tens", None),  # only "tens of ..." is an amount
        ("a dozen", (12, 12, None, "vague")),
        ("hundreds", (100, 100, None, "vague")),
        ("several", (3, 3, None, "vague")),
        ("a few", (3, 3, None, "vague")),
        ("several hundred", (300, 300, None, "vague")),
        ("20 or more", (20, 20, None, "at_least")),
        ("1,500", (1500, 1500, 1500, "exact")),
        ("over 20 soldiers", None),
        ("April 9", None),
        ("between 15 and 10", None),
        ("the 18th", None),
    ],
)
def test_parse_amount(
    expr: str, expected: tuple[float, float | None, float | None, str] | None
) -> None:
    assert parse_amount(expr) == expected


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        ("twenty-five", 25),
        ("one hundred and twelve", 112),
        ("three thousand", 3000),
        ("a hundred", 100),
        ("2.5 million", 2_500_000),
        ("12,400", 12_400),
        ("1,20", None),
        ("seven apples", None),
    ],
)
def test_number_value(expr: str, value: float | None) -> None:
    assert number_value(expr) == value
