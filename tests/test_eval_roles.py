"""Tests for the MUC-4 reader, CEAF-REE role-filler scoring and the victims-killed check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimscope.document import Actor, Document, Entity, Event
from claimscope.eval.report import ReadStats
from claimscope.eval.roles import (
    WEAPON_LABEL,
    ceaf_ree,
    evaluate,
    gold_killed,
    iter_muc,
    normalize,
    parse_key_file,
    predicted_roles,
    template_killed,
)
from tests.conftest import CannedAnalyzer

DATA = Path("/work/shared/data/events/muc4")

TEXT = (
    "urban commandos of the people's liberation front dynamited a power pylon in the "
    "northern district on sunday, and gunmen shot dead two police agents at a roadblock."
)


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def actor(phrase: str) -> Actor:
    return Actor(phrase, *at(phrase))


def event(ident: str, actor1: Actor | None, actor2: Actor | None, killed: int) -> Event:
    return Event(
        id=ident,
        event_type="Violence against civilians",
        sub_event_type="Attack",
        actor1=actor1,
        actor2=actor2,
        location=None,
        date=None,
        fatalities=[],
        fatalities_conservative=killed,
        status="occurred",
        evidence=[],
    )


def analysed() -> Document:
    return Document(
        text=TEXT,
        entities=[
            Entity("n1", "people's liberation front", *at("people's liberation front"), "ORG"),
            Entity("n2", "power pylon", *at("power pylon"), "FAC"),
        ],
        events=[
            event("e1", actor("urban commandos of the people's liberation front"), None, 0),
            event("e2", actor("people's liberation front"), actor("power pylon"), 0),
            event("e3", actor("gunmen"), actor("two police agents"), 2),
        ],
    )


def canned_document(raw: str) -> Document:
    """The hand-built analysis for TEXT and an empty document for anything else."""
    return analysed() if raw == TEXT else Document(text=raw)


KEY = """\
;;; answer key written for these tests
0.  MESSAGE: ID                     TST9-MUC4-0001 (TEST)
1.  MESSAGE: TEMPLATE               1
4.  INCIDENT: TYPE                  ATTACK
21. HUM TGT: NUMBER                 2: "POLICE AGENTS"
                                    1: "DRIVER" / "TRUCK DRIVER"
23. HUM TGT: EFFECT OF INCIDENT     DEATH: "POLICE AGENTS"
                                    INJURY: "TRUCK DRIVER"
24. HUM TGT: TOTAL NUMBER           -

0.  MESSAGE: ID                     TST9-MUC4-0001 (TEST)
1.  MESSAGE: TEMPLATE               2 (OPTIONAL)
21. HUM TGT: NUMBER                 5: "PEASANTS"
23. HUM TGT: EFFECT OF INCIDENT     DEATH: "PEASANTS"

0.  MESSAGE: ID                     TST9-MUC4-0002 (TEST)
1.  MESSAGE: TEMPLATE               *
21. HUM TGT: NUMBER                 *
23. HUM TGT: EFFECT OF INCIDENT     *

0.  MESSAGE: ID                     TST9-MUC4-0003 (TEST)
1.  MESSAGE: TEMPLATE               1
21. HUM TGT: NUMBER                 PLURAL: "CIVILIANS"
23. HUM TGT: EFFECT OF INCIDENT     DEATH: "CIVILIANS"
"""


def test_normalize_follows_grit() -> None:
    assert normalize("The F.M.L.N.'s  urban-commandos") == "fmlns urbancommandos"
    assert normalize("a bomb") == "bomb"


def test_ceaf_ree_aligns_one_to_one() -> None:
    gold = [["guerrillas", "guerrilla column"], ["urng"]]
    # Two predictions hit the same gold entity: only one may be aligned to it.
    assert ceaf_ree(["The guerrillas", "guerrilla column", "army"], gold) == (1.0, 3, 2)
    assert ceaf_ree(["URNG", "guerrillas"], gold) == (2.0, 2, 2)
    assert ceaf_ree(["URNG", "urng."], gold) == (1.0, 1, 2)  # same filler after normalising
    assert ceaf_ree([], gold) == (0.0, 0, 2)
    assert ceaf_ree(["army"], []) == (0.0, 1, 0)


def test_predicted_roles_map_actors_by_entity_label() -> None:
    roles = predicted_roles(analysed())
    assert roles["PerpInd"] == ["urban commandos of the people's liberation front", "gunmen"]
    assert roles["PerpOrg"] == ["people's liberation front"]
    assert roles["Target"] == ["power pylon"]
    assert roles["Victim"] == ["two police agents"]
    assert roles["Weapon"] == []


def test_key_parsing_and_killed_counts() -> None:
    templates = list(parse_key_file(KEY.splitlines(keepends=True)))
    assert [t.docid for t in templates] == ["TST9-MUC4-0001"] * 2 + [
        "TST9-MUC4-0002",
        "TST9-MUC4-0003",
    ]
    assert templates[0].slots[21] == ['2: "POLICE AGENTS"', '1: "DRIVER" / "TRUCK DRIVER"']
    assert template_killed(templates[0]) == 2
    assert templates[1].optional and templates[2].empty
    assert template_killed(templates[3]) is None  # PLURAL
    assert gold_killed(templates) == {
        "TST9-MUC4-0001": 2,  # the optional template is not counted
        "TST9-MUC4-0002": 0,
        "TST9-MUC4-0003": None,
    }


def write_corpus(root: Path) -> Path:
    records = [
        {
            "docid": "TST9-MUC4-0001",
            "doctext": TEXT,
            "extracts": {
                "PerpInd": [[["urban commandos", 0]], [["gunmen", TEXT.index("gunmen")]]],
                "PerpOrg": [[["people's liberation front", 23]]],
                "Target": [[["power pylon", TEXT.index("power pylon")]]],
                "Victim": [[["police agents", TEXT.index("police agents")]]],
                "Weapon": [[["dynamite", 0]]],
            },
        },
        {"docid": "TST9-MUC4-0002", "doctext": "the weather was calm.", "extracts": {}},
    ]
    lines = [json.dumps(r) for r in records]
    lines.insert(1, '{"docid": "broken", "doctext": ')
    path = root / "heldout.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "raw" / "tst9").mkdir(parents=True)
    (root / "raw" / "tst9" / "key-tst9").write_text(KEY, encoding="latin-1")
    return path


def test_iter_muc_skips_a_malformed_line(tmp_path: Path) -> None:
    path = write_corpus(tmp_path)
    stats = ReadStats()
    docs = list(iter_muc(path, stats))
    assert [d.docid for d in docs] == ["TST9-MUC4-0001", "TST9-MUC4-0002"]
    assert docs[0].extracts["PerpInd"] == [["urban commandos"], ["gunmen"]]
    assert docs[1].extracts["Victim"] == []
    assert stats.skipped == 1


def test_evaluate_with_a_fake_analyzer(tmp_path: Path) -> None:
    path = write_corpus(tmp_path)
    result = evaluate(path, CannedAnalyzer(canned_document))  # type: ignore[arg-type]
    assert result["task"] == "roles" and result["n_docs"] == 2
    # PerpInd: pred {urban commandos of ..., gunmen} vs gold {urban commandos}, {gunmen}: 1/2, 1/2
    assert result["perpind_f1"] == pytest.approx(0.5)
    assert result["perporg_f1"] == 1.0 and result["target_f1"] == 1.0
    assert result["victim_f1"] == 0.0  # "two police agents" != "police agents"
    assert result["weapon_f1"] == 0.0
    # 3 matched of 5 predicted and 6 gold entities.
    assert result["precision"] == pytest.approx(3 / 5)
    assert result["recall"] == pytest.approx(3 / 6)
    assert result["micro_f1"] == pytest.approx(2 * 0.6 * 0.5 / 1.1)
    # Both documents have a certain count: 2 killed (predicted 2) and none (predicted 0).
    assert result["n_killed_scored"] == 2 and result["victims_killed_accuracy"] == 1.0
    assert result["n_skipped"] == 1


def test_evaluate_without_raw_keys_omits_the_killed_score(tmp_path: Path) -> None:
    path = write_corpus(tmp_path)
    (tmp_path / "raw" / "tst9" / "key-tst9").unlink()
    result = evaluate(path, CannedAnalyzer(canned_document), limit=1)  # type: ignore[arg-type]
    assert result["n_docs"] == 1 and result["n_killed_scored"] == 0
    assert "victims_killed_accuracy" not in result


def test_an_organisation_named_with_an_article_is_perporg() -> None:
    text = "the ELN blew up the pipeline."
    doc = Document(
        text=text,
        entities=[Entity("n1", "ELN", 4, 7, "ORG")],
        events=[event("e1", Actor("the ELN", 0, 7), Actor("the pipeline", 17, 29), 0)],
    )
    roles = predicted_roles(doc)
    assert roles["PerpOrg"] == ["the ELN"] and roles["PerpInd"] == []
    assert roles["Victim"] == ["the pipeline"]  # no FAC entity: the gap noted in the module


def test_weapon_entities_are_weapon_fillers() -> None:
    text = "guerrillas hurled a grenade at the post and fired rifles at the guards."
    spans = {w: (text.index(w), text.index(w) + len(w)) for w in ("grenade", "rifles", "post")}
    doc = Document(
        text=text,
        entities=[
            Entity("n1", "grenade", *spans["grenade"], WEAPON_LABEL),
            Entity("n2", "post", *spans["post"], "FAC"),
            Entity("n3", "rifles", *spans["rifles"], WEAPON_LABEL),
        ],
        events=[event("e1", Actor("guerrillas", 0, 10), Actor("post", *spans["post"]), 0)],
    )
    roles = predicted_roles(doc)
    assert roles["Weapon"] == ["grenade", "rifles"]
    assert roles["Target"] == ["post"]
    assert ceaf_ree(roles["Weapon"], [["grenades", "grenade"], ["dynamite"]]) == (1.0, 2, 2)
