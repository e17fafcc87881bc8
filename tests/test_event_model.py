"""The event-type classifier: its training data mappings (MUC-4 and WikiEvents to ACLED),
the hand-written examples, the decision rule over the head's classes, and the packaged model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from claimscope.config import Settings
from claimscope.event_model import (
    HIDDEN,
    NON_EVENT_CLASSES,
    EventTypeModel,
    default_model,
    family,
)
from claimscope.taxonomy import SUB_EVENT_TYPES
from claimscope.train.event_types import (
    TRIGGERS,
    kairos_label,
    muc4_examples,
    muc4_label,
    own_examples,
    read_muc4_templates,
    trigger_of,
    wikievents_examples,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

KEY = """
0.  MESSAGE: ID                     DEV-MUC3-0007 (NCCOSC)
1.  MESSAGE: TEMPLATE               1
4.  INCIDENT: TYPE                  BOMBING
5.  INCIDENT: STAGE OF EXECUTION    ACCOMPLISHED
7.  INCIDENT: INSTRUMENT TYPE       VEHICLE BOMB: "CAR BOMB"
20. HUM TGT: TYPE                   CIVILIAN: "PEASANTS"

0.  MESSAGE: ID                     DEV-MUC3-0008 (NCCOSC)
1.  MESSAGE: TEMPLATE               1
4.  INCIDENT: TYPE                  ATTACK
5.  INCIDENT: STAGE OF EXECUTION    ACCOMPLISHED
7.  INCIDENT: INSTRUMENT TYPE       MACHINE GUN: "MACHINE GUN"
                                    MORTAR: "MORTAR"
20. HUM TGT: TYPE                   ACTIVE MILITARY: "SOLDIERS"
"""


def _template(**fields: str) -> dict[str, list[str]]:
    names = {
        "kind": "INCIDENT: TYPE", "stage": "INCIDENT: STAGE OF EXECUTION",
        "instrument": "INCIDENT: INSTRUMENT TYPE", "target": "HUM TGT: TYPE",
    }
    base = {"stage": "ACCOMPLISHED"} | fields
    return {names[k]: [v] for k, v in base.items()}


def test_muc4_key_files_read_as_templates_with_continuation_lines() -> None:
    templates = read_muc4_templates(KEY)
    assert len(templates) == 2
    assert templates[0]["MESSAGE: ID"] == ["DEV-MUC3-0007 (NCCOSC)"]
    assert templates[1]["INCIDENT: INSTRUMENT TYPE"] == ['MACHINE GUN: "MACHINE GUN"',
                                                         'MORTAR: "MORTAR"']
    assert [muc4_label(t) for t in templates] == [
        "Remote explosive/landmine/IED", "Shelling/artillery/missile attack",
    ]


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ({"kind": "KIDNAPPING"}, "Abduction/forced disappearance"),
        ({"kind": "ARSON"}, "Looting/property destruction"),
        ({"kind": "BOMBING", "instrument": 'AERIAL BOMB: "BOMBS"'}, "Air/drone strike"),
        ({"kind": "BOMBING", "instrument": 'GRENADE: "GRENADE"'}, "Grenade"),
        ({"kind": "ATTACK", "target": 'ACTIVE MILITARY: "TROOPS"'}, "Armed clash"),
        ({"kind": "ATTACK", "target": 'LAW ENFORCEMENT: "POLICE"'}, "Armed clash"),
        ({"kind": "ATTACK", "target": 'GOVERNMENT OFFICIAL: "MAYOR"'}, "Attack"),
        ({"kind": "ROBBERY"}, None),
        ({"kind": "FORCED WORK STOPPAGE"}, None),
        ({"kind": "BOMBING", "stage": "ATTEMPTED"}, None),
        ({"kind": "ATTACK", "stage": "THREATENED"}, None),
    ],
)
def test_muc4_incidents_map_to_acled_sub_types(fields: dict[str, str], label: str | None) -> None:
    assert muc4_label(_template(**fields)) == label


def test_muc4_examples_take_sentences_naming_two_roles(tmp_path: Path) -> None:
    (tmp_path / "raw" / "dev").mkdir(parents=True)
    (tmp_path / "raw" / "dev" / "key-dev-0001.muc4").write_text(KEY, encoding="latin-1")
    text = (
        "the weather was mild in the capital today. "
        "a car bomb killed three peasants near the market this morning. "
        "the peasants were buried later that day in the town."
    )
    extracts = {"Victim": [[["peasants", 0]]], "Weapon": [[["car bomb", 0]]], "Target": []}
    docs = [
        {"docid": "DEV-MUC3-0007", "doctext": text, "extracts": extracts},
        {"docid": "DEV-MUC3-0099", "doctext": text, "extracts": extracts},  # no template
    ]
    (tmp_path / "train.json").write_text(
        "\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8"
    )
    examples = muc4_examples(tmp_path, "train")
    assert [(e.text, e.label) for e in examples] == [
        ("a car bomb killed three peasants near the market this morning.",
         "Remote explosive/landmine/IED"),
    ]


@pytest.mark.parametrize(
    ("kairos", "sentence", "label"),
    [
        ("Conflict.Attack.DetonateExplode", "A roadside bomb exploded.",
         "Remote explosive/landmine/IED"),
        ("Conflict.Attack.DetonateExplode", "A suicide bomber blew himself up.", "Suicide bomb"),
        ("Justice.ArrestJailDetain.Unspecified", "", "Arrests"),
        ("Conflict.Demonstrate.Unspecified", "", "Peaceful protest"),
        ("Conflict.Demonstrate.DemonstrateWithViolence", "", "Violent demonstration"),
        ("Conflict.Attack.Unspecified", "", None),
        ("Life.Die.Unspecified", "", None),
        ("Contact.Contact.Broadcast", "", None),
        ("Disaster.DiseaseOutbreak.Unspecified", "", None),
    ],
)
def test_kairos_types_map_to_acled_sub_types(
    kairos: str, sentence: str, label: str | None
) -> None:
    assert kairos_label(kairos, sentence) == label


def test_wikievents_sentences_with_one_acled_sub_type_become_examples(tmp_path: Path) -> None:
    def mention(kind: str, sent: int) -> dict[str, object]:
        return {"event_type": kind, "trigger": {"sent_idx": sent}}

    doc = {
        "sentences": [[[], "Police arrested two men."], [[], "A bomb exploded and police "
                      "detained a suspect."], [[], "He said so on Monday."]],
        "event_mentions": [
            mention("Justice.ArrestJailDetain.Unspecified", 0),
            mention("Conflict.Attack.DetonateExplode", 1),
            mention("Justice.ArrestJailDetain.Unspecified", 1),
            mention("Contact.Contact.Broadcast", 2),
        ],
    }
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    assert [(e.text, e.label) for e in wikievents_examples(path)] == [
        ("Police arrested two men.", "Arrests"),
    ]


def test_hand_written_examples_cover_every_sub_type_and_the_non_events() -> None:
    examples = own_examples()
    counts = {label: sum(e.label == label for e in examples) for label in
              {e.label for e in examples}}
    for sub in SUB_EVENT_TYPES:
        assert counts.get(sub.sub_event_type, 0) >= 16, sub.sub_event_type
    for kind in NON_EVENT_CLASSES:
        assert counts.get(kind, 0) >= 10, kind
    assert set(counts) == {s.sub_event_type for s in SUB_EVENT_TYPES} | NON_EVENT_CLASSES
    assert len({e.text for e in examples}) == len(examples)


@pytest.mark.parametrize(
    "row",
    ["Attak\tGunmen killed two villagers.", "Attack\tGunmen killed\ttwo villagers.", "Attack"],
)
def test_a_hand_written_row_with_an_unknown_label_or_a_stray_tab_is_refused(
    tmp_path: Path, row: str
) -> None:
    (tmp_path / "bad.tsv").write_text(f"label\ttext\n{row}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.tsv"):
        own_examples(tmp_path)


def _toy_model(labels: list[str], winner: str, second: str) -> EventTypeModel:
    """A head that scores `winner` high and `second` next, whatever the input."""
    width = HIDDEN + len(TRIGGERS) + 1
    bias = np.zeros(len(labels), dtype=np.float32)
    bias[labels.index(winner)] = 4.0
    bias[labels.index(second)] = 2.0
    return EventTypeModel(
        None, None, np.zeros((len(labels), width), np.float32), bias, labels, TRIGGERS, 0.5
    )


def _decide(model: EventTypeModel, trigger: str | None) -> str | None:
    probs = model.probs_of(np.zeros((1, model.coef.shape[1]), np.float32))
    return model.decide(probs, [trigger])[0][0]


def test_the_model_decides_within_the_triggers_family_and_vetoes_non_events() -> None:
    labels = ["Armed clash", "Arrests", "Attack", "Diplomacy", "Peaceful protest",
              "Protest with intervention"]
    protest_first = _toy_model(labels, "Armed clash", "Protest with intervention")
    # A protest trigger: the best protest sub-type, not the better-scored clash.
    assert _decide(protest_first, "Peaceful protest") == "Protest with intervention"
    # A strategic trigger names its own type.
    assert _decide(protest_first, "Arrests") == "Arrests"
    diplomacy = _toy_model(labels, "Diplomacy", "Attack")
    assert _decide(diplomacy, "Armed clash") is None
    # A killing without a trigger word is never vetoed: a clash or an attack.
    assert _decide(diplomacy, None) == "Attack"
    assert family(None) == {"Armed clash", "Attack"}
    assert "Grenade" in family("Air/drone strike")


def test_the_trigger_feature_ignores_the_refinements() -> None:
    assert trigger_of("Police fired tear gas to disperse the protesters.") == "Peaceful protest"
    assert trigger_of("The army fired smoke grenades at the crowd.") is None


def test_the_packaged_model_types_clear_sentences() -> None:
    model = default_model()
    assert model is not None
    texts = [
        "Warplanes bombed a village in the province, killing four civilians.",
        "The two foreign ministers met in Geneva to discuss trade.",
    ]
    decided = model.classify(texts, [trigger_of(t) for t in texts])
    assert decided[0][0] == "Air/drone strike"
    assert model.probs(texts, [trigger_of(t) for t in texts]).shape == (2, len(model.labels))


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "events" / "muc4").is_dir(), reason="no ../shared data")
def test_training_reproduces_the_model(tmp_path: Path) -> None:
    from claimscope.train.event_types import train

    scores = train(SHARED, tmp_path, seed=13)
    assert scores["own_heldout_weighted_f1"] > 0.6
    size = sum(p.stat().st_size for p in tmp_path.iterdir())
    assert size < 25_000_000
    assert json.loads((tmp_path / "meta.json").read_text())["seed"] == 13


def test_the_training_trigger_one_hot_is_the_run_time_one() -> None:
    from claimscope.train.event_types import onehots

    model = default_model()
    triggers = ["Air/drone strike", None, "Peaceful protest", "not a sub-type"]
    run_time = model.features(np.zeros((len(triggers), HIDDEN), np.float32), triggers)
    assert np.array_equal(onehots(triggers), run_time[:, HIDDEN:])


@pytest.mark.parametrize("profile", ["default", "accurate"])
def test_a_sentence_reads_the_same_whatever_it_is_read_with(profile: str) -> None:
    model = default_model(Settings(profile=profile).model_name("event_types"))
    sentence = "Each side blamed the other for the shelling."
    longer = (
        "A local relief worker, who spoke on condition of anonymity for fear of reprisals, "
        "said at least three civilians were wounded when a shell landed near a jade miners' "
        "camp on Thursday morning."
    )
    alone = model.embed([sentence])[0]
    batched = model.embed([longer, sentence])[1]
    assert np.array_equal(alone, batched)
