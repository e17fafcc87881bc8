"""Claims: source, cue, content, stance and framing on realistic report sentences."""

from __future__ import annotations

import pytest

from claimscope.document import Document
from claimscope.pipeline import Analyzer
from claimscope.stages.claims import keyword_kind
from tests.conftest import analyze_text, claim_with_cue


def test_according_to_gives_source_cue_and_content(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "According to local officials, militants stormed a checkpoint near Gao on Monday.",
    )
    claim = claim_with_cue(doc, "according to")
    assert claim.source is not None and claim.source.text == "local officials"
    assert claim.source.kind == "government"
    assert claim.content.text.startswith("militants stormed a checkpoint")
    assert claim.status == "reported" and claim.polarity == "affirms"
    for span in (claim.source, claim.cue, claim.content):
        assert span is not None and doc.text[span.start:span.end] == span.text


def test_said_that_clause_excludes_the_complementiser(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "The Ukrainian General Staff said that 14 Russian soldiers were killed in the assault.",
    )
    claim = claim_with_cue(doc, "said")
    assert claim.source is not None and claim.source.text == "The Ukrainian General Staff"
    assert claim.source.kind == "military"
    assert claim.content.text == "14 Russian soldiers were killed in the assault"
    assert [q.unit for q in claim.quantities] == ["killed"]


def test_denial_cue_makes_the_claim_deny(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Witnesses said an airstrike hit the market in Saada. "
        "The coalition denied that its aircraft had struck any civilian target.",
    )
    denial = claim_with_cue(doc, "denied")
    assert denial.polarity == "denies"
    assert denial.source is not None and denial.source.text == "The coalition"


def test_rejection_words_in_a_neutral_statement_deny(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "A UN panel accused the militia of burning homes in the area. "
        "The militia's spokesman said the report was fabricated and misleading.",
    )
    statement = claim_with_cue(doc, "said")
    assert statement.polarity == "denies"
    accusation = claim_with_cue(doc, "accused")
    assert accusation.status == "disputed", "a later denial of the same report disputes it"


def test_unconfirmed_marker_frames_earlier_claims_of_the_paragraph(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "The army said 12 soldiers died in the ambush.\n\n"
        "Al-Shabaab claimed that its fighters killed more than 40 soldiers. "
        "These claims could not be independently verified.",
    )
    group = claim_with_cue(doc, "claimed")
    army = claim_with_cue(doc, "said")
    assert group.status == "unconfirmed"
    assert army.status == "reported", "the marker belongs to the other paragraph"


def test_pronoun_source_resolves_to_the_previous_claimant(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Opposition activists claimed that dozens of soldiers were killed. "
        "They insist that at least 25 bodies were recovered.",
    )
    insist = claim_with_cue(doc, "insist")
    assert insist.source is not None and insist.source.text == "Opposition activists"


def test_discredited_claimant_is_disputed(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Supporters of the so-called resistance claimed that the convoy was destroyed.",
    )
    assert claim_with_cue(doc, "claimed").status == "disputed"


def test_unattributed_event_sentence_is_endorsed_by_the_outlet(analyzer: Analyzer) -> None:
    doc = analyze_text(analyzer, "Heavy clashes broke out between the army and rebels in Goma.")
    assert len(doc.claims) == 1
    claim = doc.claims[0]
    assert claim.cue is None and claim.status == "endorsed"


def test_a_sentence_with_no_event_and_no_attribution_is_not_a_claim(analyzer: Analyzer) -> None:
    doc = analyze_text(analyzer, "The weather in the capital was mild for the season.")
    assert doc.claims == []


def test_a_statement_by_a_group_is_claimed_by_the_group(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "According to a statement published by JNIM on its channels on Tuesday, its "
        "fighters killed at least 40 soldiers near Boni.",
    )
    claim = claim_with_cue(doc, "according to")
    assert claim.source is not None and claim.source.text == "JNIM"
    assert claim.source.kind == "armed_group"


def test_a_sentence_the_event_rules_reject_is_not_an_outlet_claim(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer, "New sanctions on the country's missile programme came into force in May."
    )
    assert doc.events == []
    assert not [c for c in doc.claims if c.cue is None]


def _sentence_of(doc: Document, start: int, end: int) -> int | None:
    for index, sentence in enumerate(doc.sentences):
        if sentence.start <= start and end <= sentence.end:
            return index
    return None


def test_a_relative_clause_on_the_source_s_anonymity_is_not_a_claim(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "A police officer in Gao, who asked not to be named because he was not authorised "
        "to speak to reporters, told the Sahel Courier that six gendarmes were killed.",
    )
    assert [c.cue.text for c in doc.claims if c.cue is not None] == ["told"]
    told = claim_with_cue(doc, "told")
    assert told.source is not None and told.source.text == "A police officer in Gao"
    assert told.content.text == "six gendarmes were killed"
    assert told.polarity == "affirms"


def test_speaking_on_condition_of_anonymity_is_the_source_s_description(
    analyzer: Analyzer,
) -> None:
    doc = analyze_text(
        analyzer,
        "An aid worker in the camp, who declined to be identified, said that two clinics "
        "were hit by mortar fire on Sunday. A nurse who spoke on condition of anonymity "
        "confirmed that the wounded were taken to Kidal.",
    )
    contents = [c.content.text.lower() for c in doc.claims]
    assert not [t for t in contents if "identified" in t or "anonymity" in t], contents
    assert claim_with_cue(doc, "said").content.text.startswith("two clinics were hit")


def test_not_authorised_to_speak_is_not_a_denial(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "A district official said the convoy near Menaka was looted by gunmen from a group "
        "that he was not authorised to name.",
    )
    said = claim_with_cue(doc, "said")
    assert "was not authorised" in said.content.text
    assert said.polarity == "affirms"


def test_a_place_that_has_seen_violence_is_not_a_claimant(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "The northern region has seen a sharp rise in kidnappings since 2022. "
        "The central Sahel witnessed its deadliest month in August.",
    )
    for claim in doc.claims:
        assert claim.cue is None or claim.cue.text.lower() not in (
            "has seen", "seen", "witnessed"
        ), (claim.source, claim.cue, claim.content.text)


def test_people_who_saw_an_attack_still_give_an_account(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Residents said they saw soldiers set fire to the market in Djibo on Friday.",
    )
    said = claim_with_cue(doc, "said")
    assert said.source is not None and said.source.text == "Residents"


def test_a_source_never_runs_over_a_sentence_end(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Heavy losses reported around Bakhmut\n"
        "Military analysts said Russian forces would launch a wider offensive in the coming "
        "weeks.",
    )
    expect = claim_with_cue(doc, "said")
    assert expect.source is not None and expect.source.text == "Military analysts"
    for claim in doc.claims:
        if claim.source is not None:
            assert _sentence_of(doc, claim.source.start, claim.source.end) is not None, (
                claim.source.text
            )


def test_source_kind_keywords_are_whole_words_and_acronyms_keep_their_capitals() -> None:
    assert keyword_kind("local militias") == "armed_group"  # a plural of a keyword
    assert keyword_kind("two policemen") == "military"
    assert keyword_kind("Egyptian mediators") is None  # not "media"
    assert keyword_kind("Hun Sen") is None  # not "un"
    assert keyword_kind("the WHO") == "international_org"
    assert keyword_kind("Survivors who fled the village") == "anonymous"  # "who" is no WHO
    assert keyword_kind("an Islamic Jihad official") == "armed_group"


@pytest.mark.parametrize(
    ("text", "source", "kind"),
    [
        # A relative pronoun speaks for its noun; a figure goes to that claimant...
        ("The strike was condemned by residents who said 12 people were killed in the market.",
         "residents", "anonymous"),
        # ...while without a figure the pronoun is shown as written, with its noun's kind.
        ("Adam Suleiman, a 52-year-old farmer who said he lost two brothers, fled to El Fasher.",
         "who", "person"),
        # "WHO" is no relative word.
        ("The WHO said it had sent medical supplies to the hospital in Gaza.",
         "The WHO", "international_org"),
        ("WHO officials said the hospital had run out of fuel.",
         "WHO officials", "international_org"),
    ],
)
def test_who_said_it(analyzer: Analyzer, text: str, source: str, kind: str) -> None:
    claim = claim_with_cue(analyze_text(analyzer, text), "said")
    assert claim.source is not None and claim.source.text == source
    assert claim.source.kind == kind


def test_families_and_allies_are_not_discredited(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Families of the victims said 12 people were killed in the strike. "
        "The so-called Islamic Emirate said the strike killed 40 fighters.",
    )
    statuses = {c.source.text: c.status for c in doc.claims if c.source is not None}
    assert statuses["Families of the victims"] == "reported"
    assert statuses["The so-called Islamic Emirate"] == "disputed"


def test_as_reported_by_gives_the_reporter_as_source(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "As reported by the Associated Press, militants stormed a checkpoint near Gao on Monday.",
    )
    sources = [c.source.text for c in doc.claims if c.source is not None and c.cue is not None]
    assert "the Associated Press" in sources


def test_a_poll_is_the_source_of_its_findings(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "In a new Fox News poll released Thursday, Trump leads Cruz by eleven points among "
        "Republican voters.",
    )
    claim = claim_with_cue(doc, "in")
    assert claim.source is not None and claim.source.text == "a new Fox News poll released Thursday"
    assert claim.content.text.startswith("Trump leads Cruz")


def test_trailing_in_the_polls_is_no_attribution(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer, "Sanders is only trailing by two points in the polls against Clinton."
    )
    assert not [c for c in doc.claims if c.cue is not None and c.cue.text.lower() == "in"]


def test_a_sentence_final_cue_without_a_subject_takes_the_words_before_it(
    analyzer: Analyzer,
) -> None:
    # The parse hangs "residents and a human rights group" off the list before it and leaves
    # "said" without a subject; the claim still has its claimants.
    doc = analyze_text(
        analyzer,
        "Gunmen attacked the village of Tawila on Saturday, killing dozens of people and "
        "setting fire to homes and the local market, residents and a human rights group said.",
    )
    sources = [c.source.text for c in doc.claims if c.source is not None]
    assert "residents and a human rights group" in sources


def test_any_wires_dateline_is_not_part_of_the_source(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "DAKAR, March 10 (Sahel Wire) - A rights group said on Friday that an army drone strike "
        "killed 28 civilians at a market near Nouna.",
    )
    sources = [c.source.text for c in doc.claims if c.source is not None]
    assert "A rights group" in sources


def test_a_cue_with_two_candidate_speakers_takes_its_own(analyzer: Analyzer) -> None:
    """The speaker next to the cue said it, not the subject of an earlier clause."""
    doc = analyze_text(
        analyzer,
        "Local authorities have urged the 70,000 residents who remain in the town to leave, "
        "but many older people say they have nowhere else to go.",
    )
    claim = claim_with_cue(doc, "say")
    assert claim.source is not None and claim.source.text == "many older people"
    assert claim.content.text == "they have nowhere else to go"
    urged = [c for c in doc.claims if c.source and c.source.text == "Local authorities"]
    assert urged and all("older people" not in c.content.text for c in urged)


def test_a_claim_coordinated_inside_another_is_its_own(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "The administration said its air defences shot down six drones, while a military "
        "intelligence source told reporters that the depot had been completely destroyed.",
    )
    said, told = claim_with_cue(doc, "said"), claim_with_cue(doc, "told")
    assert said.content.text == "its air defences shot down six drones"
    assert told.source is not None and told.source.text == "a military intelligence source"
    assert told.content.text.startswith("the depot had been completely destroyed")


def test_dismissing_a_partys_statement_disputes_its_claim(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "A Russian spokesman said Russian forces had destroyed a deployment point in the town "
        "and killed up to 60 servicemen. Ukraine's general staff dismissed the Russian "
        "statement as a fairy tale.",
    )
    claim = claim_with_cue(doc, "said")
    assert claim.status == "disputed"


def test_reports_that_are_not_the_outlets_own_word(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "There were also unconfirmed reports on social media that a military convoy had been "
        "ambushed on the road to Bhamo on Thursday.",
    )
    claim = claim_with_cue(doc, "reports")
    assert claim.source is not None and claim.source.text == "social media"
    assert claim.content.text.startswith("a military convoy had been ambushed on the road")
    assert claim.status == "unconfirmed"
    assert all(c.status != "endorsed" for c in doc.claims)


@pytest.mark.parametrize(
    ("text", "source", "cue"),
    [
        (
            "Army units repelled an attack by militants on their positions near the town of "
            "Kafr Nabudah in the countryside of Hama, SANA reported on Sunday.",
            "SANA",
            "reported",
        ),
        (
            "Russian warplanes struck militant positions in Jabal al-Zawiya and near Kansafrah, "
            "the Russian Reconciliation Center in Hmeimim said.",
            "the Russian Reconciliation Center in Hmeimim",
            "said",
        ),
    ],
)
def test_a_report_closing_its_sentence_is_the_speaker_s(
    analyzer: Analyzer, text: str, source: str, cue: str
) -> None:
    doc = analyze_text(analyzer, text)
    claim = claim_with_cue(doc, cue)
    assert claim.source is not None and claim.source.text == source
    assert claim.status == "reported", "the outlet relays it, it does not assert it"
    assert claim.content.start == 0 and claim.content.end < claim.source.start
    assert not doc.text[claim.content.end:claim.source.start].strip(" ,")


def test_a_cue_followed_by_a_clause_is_no_closing_report(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Gunmen stormed a checkpoint near Gao, residents said, before fleeing into the desert "
        "where the army pursued them.",
    )
    closing = [c for c in doc.claims if c.cue is not None and c.content.start == 0
               and c.content.end > doc.text.index("fleeing")]
    assert not closing, "what follows the cue is no time or occasion of it"


def test_claimed_responsibility_is_the_group_s_claim(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "In a statement on Telegram, the Houthis claimed responsibility for a missile attack "
        "on a commercial ship in the Red Sea.",
    )
    claim = claim_with_cue(doc, "claimed responsibility for")
    assert claim.source is not None and claim.source.text == "the Houthis"
    assert claim.cue is not None and claim.cue.text == "claimed responsibility for"
    assert claim.content.text == "a missile attack on a commercial ship in the Red Sea"
    assert claim.status == "reported"


@pytest.mark.parametrize(
    ("text", "claimant", "denier", "cue"),
    [
        (
            "The Russian Defence Ministry claimed its forces had captured the village of "
            "Novohrodivka near Pokrovsk, a claim Ukraine's General Staff denied.",
            "The Russian Defence Ministry",
            "Ukraine's General Staff",
            "denied",
        ),
        (
            "Hamas said 30 people were killed in the strike on the camp, a figure that Israel "
            "disputed.",
            "Hamas",
            "Israel",
            "disputed",
        ),
    ],
)
def test_an_apposed_denial_is_a_second_claimant_s(
    analyzer: Analyzer, text: str, claimant: str, denier: str, cue: str
) -> None:
    doc = analyze_text(analyzer, text)
    denial = claim_with_cue(doc, cue)
    assert denial.source is not None and denial.source.text == denier
    assert denial.polarity == "denies"
    first = next(c for c in doc.claims if c.source is not None and c.source.text == claimant)
    assert first.status == "disputed"
    assert first.content == denial.content, "the denial is of the very words claimed"
    assert "," not in first.content.text[-3:] and cue not in first.content.text


def test_the_outlet_s_own_findings_are_endorsed(analyzer: Analyzer) -> None:
    page = (
        '<html><head><meta property="og:site_name" content="Sahel Rights Monitor">'
        "<title>Villagers killed near Sebba</title></head><body><article>"
        "<h1>Villagers killed near Sebba</h1>"
        "<p>Armed men killed at least 30 villagers near Sebba on Saturday, Sahel Rights "
        "Monitor said on Tuesday.</p>"
        "<p>Residents said the attackers came on motorbikes and burned the market.</p>"
        "</article></body></html>"
    )
    doc = analyzer.analyze(page, source_name="own.html", fmt="html", published="2024-03-12")
    own = claim_with_cue(doc, "said")
    assert own.source is not None and own.source.text == "Sahel Rights Monitor"
    assert own.status == "endorsed", "the outlet asserts its own findings"
    residents = next(c for c in doc.claims if c.source and c.source.text == "Residents")
    assert residents.status == "reported"


def test_a_semicolon_ends_what_the_first_claimant_said(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "An Israeli strike on a school in Gaza City killed at least 20 people, Palestinian "
        "health officials said; the Israeli military said it targeted a Hamas command centre "
        "inside the compound.",
    )
    officials = [c for c in doc.claims if c.source and c.source.text.endswith("officials")]
    assert [c.content.text for c in officials] == [
        "An Israeli strike on a school in Gaza City killed at least 20 people"
    ]
    military = next(c for c in doc.claims if c.source and c.source.text == "the Israeli military")
    assert military.content.text.startswith("it targeted a Hamas command centre")
    [event] = doc.events
    assert [(f.source, f.low) for f in event.fatalities] == [("Palestinian health officials", 20)]


def test_figures_that_could_not_be_independently_confirmed_are_unconfirmed(
    analyzer: Analyzer,
) -> None:
    doc = analyze_text(
        analyzer,
        "Russia's defence ministry said its air defences had destroyed 30 Ukrainian drones "
        "over the Belgorod region. The figures could not be independently confirmed.",
    )
    assert claim_with_cue(doc, "said").status == "unconfirmed"


def test_the_group_is_the_armed_group_named_before(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Israel said its strike on Nabatieh killed a Hezbollah commander and two fighters.\n\n"
        "The group said three of its members were killed in the strike.",
    )
    group = [c for c in doc.claims if c.content.text.startswith("three of its members")]
    assert group and group[0].source is not None and group[0].source.text == "Hezbollah"
    [event] = doc.events
    assert ("Hezbollah", 3) in [(f.source, f.low) for f in event.fatalities]


def test_the_army_is_left_as_written(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "The Kachin Independence Army said its fighters captured a military outpost.\n\n"
        "The army said 12 soldiers were killed in the fighting.",
    )
    army = [c for c in doc.claims if c.content.text.startswith("12 soldiers")]
    assert army and army[0].source is not None and army[0].source.text == "The army", (
        "a rebel group named an army is no antecedent of 'the army'"
    )


def test_a_headline_s_accused_is_no_claimant(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Sudan's RSF accused of killing dozens in El Fasher shelling\n\n"
        "The army accused the RSF of killing civilians in El Fasher.",
    )
    headline = next(
        c for c in doc.claims if c.cue is not None and "killing dozens" in c.content.text
    )
    assert headline.source is None, "the RSF is accused, not accusing"
    body = next(c for c in doc.claims if c.source is not None and c.source.text == "The army")
    assert body.cue is not None and body.cue.text == "accused"


def test_a_closing_report_the_parser_cut_off_at_its_comma_keeps_its_speaker(
    analyzer: Analyzer,
) -> None:
    # After a headline, spaCy ends the lead's sentence before ', local officials said ...'.
    doc = analyze_text(
        analyzer,
        "Gunmen kill 12 in central Mali village raid\n\nBAMAKO, March 3 (Sahel Wire) - Gunmen "
        "on motorbikes killed at least 12 civilians in an attack on the village of Ogossagou "
        "in central Mali's Mopti region on Saturday, local officials said on Monday.",
    )
    claim = claim_with_cue(doc, "said")
    assert claim.source is not None and claim.source.text == "local officials"
    # What the officials said, without the wire's dateline (the outlet's words).
    assert claim.content.text.startswith("Gunmen on motorbikes killed at least 12 civilians")
    [event] = doc.events
    assert {f.source for f in event.fatalities} == {"the outlet", "local officials"}


def test_a_content_that_is_only_the_saying_s_circumstances_is_the_clause_before(
    analyzer: Analyzer,
) -> None:
    doc = analyze_text(
        analyzer,
        "Last week, suspected jihadists ambushed an army convoy near Boni, killing four "
        "soldiers, the army said in a statement on Thursday.",
    )
    claim = claim_with_cue(doc, "said")
    assert claim.content.text.startswith("Last week, suspected jihadists ambushed")
    [event] = doc.events
    assert [(f.source, f.low) for f in event.fatalities] == [("the army", 4)]
