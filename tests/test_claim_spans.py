"""Claims: span conventions of sources and cues (PolNeAR's), and where a pronoun stays."""

from __future__ import annotations

from claimscope.document import Document
from claimscope.pipeline import Analyzer
from tests.conftest import analyze_text, claim_with_cue


def _sources(doc: Document) -> list[str]:
    return [c.source.text for c in doc.claims if c.source is not None and c.cue is not None]


def test_pronoun_stays_when_the_claim_gives_no_event_figures(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "The senator said the budget plan had been rushed through committee. "
        "She said that the proposal would hurt rural schools.",
    )
    claim = next(c for c in doc.claims if "rural schools" in c.content.text)
    assert claim.source is not None and claim.source.text == "She"
    assert doc.text[claim.source.start:claim.source.end] == "She"


def test_dateline_is_not_part_of_the_source(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "BAMAKO, Mali (AP) — The regional governor said that the market would reopen next week.",
    )
    assert "The regional governor" in _sources(doc)


def test_appositive_source_keeps_its_closing_comma(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "Amadou Diallo, a shopkeeper in the old town, said the roads had been closed for days.",
    )
    assert "Amadou Diallo, a shopkeeper in the old town," in _sources(doc)


def test_speaker_turns_of_a_transcript_are_claims(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "KOWALSKI: The convoy left the base before dawn and reached the river by noon.\n\n"
        "MARTIN: Did anyone see the convoy cross the bridge?\n\n"
        "KOWALSKI: Nobody in the village saw it cross.\n",
    )
    turn = claim_with_cue(doc, ":")
    assert turn.source is not None and turn.source.text == "KOWALSKI"
    assert turn.content.text.startswith("The convoy left the base")


def test_a_label_line_is_not_a_speaker(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "UPDATE: The road to the airport reopened on Thursday morning.\n\n"
        "UPDATE: Flights resumed in the afternoon.\n",
    )
    assert all(c.cue is None or c.cue.text != ":" for c in doc.claims)


def test_a_report_inside_a_quotation_is_not_a_separate_claim(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer,
        "The mayor said: “My deputy told me the bridge was safe, and we believed him.”",
    )
    assert "My deputy" not in _sources(doc)
    assert "The mayor" in _sources(doc)


def test_cue_keeps_its_auxiliary(analyzer: Analyzer) -> None:
    doc = analyze_text(
        analyzer, "The ministry has announced that the border crossing will close on Friday."
    )
    assert claim_with_cue(doc, "has announced").source is not None


def _tagged_source(text: str, source: str, cue: str) -> str:
    """The source a tagger slip would give, after the stage cuts it to its phrase."""
    from claimscope.config import Settings
    from claimscope.stages.claims import _Attribution, _source_phrase, _without_circumstance
    from claimscope.stages.language import load_spacy

    parsed = load_spacy(Settings().spacy_model)(text)
    s, c = text.index(source), text.index(cue)
    found = _Attribution(
        source=(s, s + len(source)),
        cue=(c, c + len(cue)),
        content=(c + len(cue), len(text)),
        framing="neutral",
        sentence=0,
    )
    cut = _without_circumstance(parsed, 0, _source_phrase(parsed, text, 0, found))
    start, end = cut.source or (0, 0)
    return text[start:end]


def test_a_source_ends_before_the_time_and_occasion_of_its_cue() -> None:
    assert _tagged_source(
        "Beck on Wednesday called Bannon a horrible human being.", "Beck on Wednesday", "called"
    ) == "Beck"
    assert _tagged_source(
        "The Republican National Committee this week announced a new voter drive.",
        "The Republican National Committee this week",
        "announced",
    ) == "The Republican National Committee"
    assert _tagged_source(
        "“We will win,” said Trump in his speech.", "Trump in his speech", "said"
    ) == "Trump"


def test_a_source_ends_before_the_circumstance_of_its_speaker() -> None:
    speaker = "Clinton, speaking to reporters in Ohio,"
    assert _tagged_source(f"{speaker} said the plan had failed.", speaker, "said") == "Clinton"
    speaker = "Powell’s office, when contacted by Reuters,"
    assert _tagged_source(
        f"{speaker} said he had no comment.", speaker, "said"
    ) == "Powell’s office"
    # A participle that is part of the noun stays.
    speaker = "A creative writing professor"
    assert _tagged_source(f"{speaker} said the book was late.", speaker, "said") == speaker


def test_a_source_keeps_its_own_date_and_whole_words() -> None:
    poll = "A CBS poll released Monday"
    assert _tagged_source(f"{poll} shows Trump ahead.", poll, "shows") == poll
    poll = "A WBUR poll last week"
    assert _tagged_source(f"{poll} found Trump ahead.", poll, "found") == poll
    host = "Blaze co-host Stu Burguiere"
    assert _tagged_source(f"“Imagine that,” mused {host}.", host, "mused") == host


def _subject_of(
    text: str,
    cue: str,
    tagged: tuple[int, int] | None = None,
    content: tuple[int, int] | None = None,
) -> str | None:
    """The source the stage gives a cue the tagger left without one (or with `tagged`); the
    content is the rest of the text after the cue unless given."""
    from claimscope.config import Settings
    from claimscope.stages.claims import _Attribution, _subject_source
    from claimscope.stages.language import load_spacy

    parsed = load_spacy(Settings().spacy_model)(text)
    c = text.index(cue)
    found = _Attribution(
        source=tagged,
        cue=(c, c + len(cue)),
        content=content or (c + len(cue) + 1, len(text)),
        framing="neutral",
        sentence=0,
    )
    source = _subject_source(parsed, 0, found).source
    return None if source is None else text[source[0]:source[1]]


def test_a_cue_without_source_takes_the_subject_of_its_clause() -> None:
    assert _subject_of(
        "In May, Judge Thomas Schroeder sided with the Democrats, saying the law was unfair.",
        "saying",
    ) == "Judge Thomas Schroeder"
    assert _subject_of(
        "Senator Warren later conceded the plan had failed.", "conceded"
    ) == "Senator Warren"


def test_a_pronoun_or_a_thing_is_not_made_a_source() -> None:
    assert _subject_of("It added that the talks would resume in May.", "added") is None
    assert _subject_of("The road showed that the convoy had passed.", "showed") is None


def test_a_passive_cue_takes_its_agent_not_its_subject() -> None:
    # Who was asked is not the speaker: no source, or the agent of the "by" phrase.
    text = "Senator Warren was asked about the plan on Sunday."
    assert _subject_of(text, "was asked about") is None
    assert _subject_of(text, "was asked about", (0, len("Senator Warren"))) is None
    text = "The deal was rejected by Senator Warren after a long debate."
    assert _subject_of(text, "was rejected", content=(0, len("The deal"))) == "Senator Warren"
    # A participle hanging off a passive clause is still its subject's speech.
    assert _subject_of(
        "Senator Warren was asked about the plan, saying it had failed.", "saying"
    ) == "Senator Warren"


def test_according_to_leaves_the_clause_subject_to_the_content() -> None:
    from claimscope.config import Settings

    claims_only = Analyzer(Settings(stages=("language", "claims")))
    doc = analyze_text(
        claims_only,
        "According to Rep. Trey Gowdy, Congressional probing of the Benghazi scandal was "
        "at least partly responsible for the revelation.",
    )
    claim = claim_with_cue(doc, "According to")
    assert claim.source is not None and claim.source.text == "Rep. Trey Gowdy"
    assert claim.content.text.startswith("Congressional probing of the Benghazi scandal")
    # An appositive that describes the source stays with it when the clause has a subject.
    doc = analyze_text(
        claims_only,
        "According to Amadou Diallo, a shopkeeper in the old town, the roads had been closed.",
    )
    claim = claim_with_cue(doc, "According to")
    assert claim.source is not None
    assert claim.source.text.startswith("Amadou Diallo, a shopkeeper in the old town")
    # The misread subject can hang deep in the source phrase.
    doc = analyze_text(
        claims_only,
        "According to early results of exit polls conducted for the Associated Press by "
        "Edison Research, majorities of voters in all five states say they feel betrayed.",
    )
    claim = claim_with_cue(doc, "According to")
    assert claim.source is not None
    assert claim.source.text == (
        "early results of exit polls conducted for the Associated Press by Edison Research"
    )


def test_an_abbreviation_closing_an_appositive_keeps_its_full_stop() -> None:
    from claimscope.config import Settings

    claims_only = Analyzer(Settings(stages=("language", "claims")))
    doc = analyze_text(claims_only, "Sen. Ron Johnson, R-Wis., said the plan had failed.")
    source = claim_with_cue(doc, "said").source
    assert source is not None and source.text == "Sen. Ron Johnson, R-Wis.,"


def test_markup_left_in_the_text_is_not_part_of_a_source() -> None:
    from claimscope.stages.claims import _Attribution, _with_source_span

    text = (
        '<tweet tweet-author="@edhenry" tweet-date="March 10, 2016">Sanders aide Jeff Weaver '
        "told me the photo broke the rules."
    )
    cue = text.index("told")
    found = _Attribution(
        source=(1, cue - 1),
        cue=(cue, cue + 4),
        content=(cue + 8, len(text) - 1),
        framing="neutral",
        sentence=0,
    )
    start, end = _with_source_span(text, found).source or (0, 0)
    assert text[start:end] == "Sanders aide Jeff Weaver"


def test_an_interjection_is_no_source_and_gives_way_to_the_subject() -> None:
    text = "Wow: Senator Warren said the plan had failed."
    assert _subject_of(text, "said", tagged=(0, 3)) == "Senator Warren"
    # Any other tagged source stays as the tagger gave it.
    assert _subject_of(text, "said", tagged=(13, 19)) == "Warren"


def test_a_tagged_speaker_before_a_colon_is_kept_only_at_a_line_start() -> None:
    from claimscope.stages.claims import _Attribution, _speaker_colon

    text = "Intro line.\nMatthews: Well, speculation is bad.\nThe ratio: two to one."

    def tagged(source: str, colon: int) -> _Attribution:
        s = text.index(source)
        return _Attribution(
            source=(s, s + len(source)),
            cue=(colon, colon + 1),
            content=(colon + 2, text.index(".", colon)),
            framing="neutral",
            sentence=1,
            cue_text=":",
        )

    assert _speaker_colon(text, tagged("Matthews", text.index(":")))
    assert not _speaker_colon(text, tagged("ratio", text.rindex(":")))
