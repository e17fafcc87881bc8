"""Profiles: `default` (fast) and `accurate` (deeper rhetoric and event-type encoders),
chosen once."""

from __future__ import annotations

import json
from typing import get_args

import pytest
from typer.testing import CliRunner

from claimscope.cli import app
from claimscope.config import PROFILES, Profile, Settings
from claimscope.errors import ConfigError
from claimscope.rhetoric_model import MODEL_DIR, default_model
from claimscope.stages.rhetoric import RhetoricStage

runner = CliRunner()


def test_the_profile_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMSCOPE_PROFILE", raising=False)
    assert Settings().profile == "default"
    monkeypatch.setenv("CLAIMSCOPE_PROFILE", "accurate")
    assert Settings().model_name("rhetoric") == "rhetoric-accurate"
    assert Settings().model_name("event_types") == "event_types-accurate"
    assert Settings(profile="default").model_name("event_types") == "event_types"


def test_the_api_knows_every_profile() -> None:
    assert set(get_args(Profile)) == set(PROFILES)


def test_an_unknown_profile_fails_before_any_document() -> None:
    with pytest.raises(ConfigError, match="unknown profile 'fastest'"):
        Settings(profile="fastest")
    result = runner.invoke(app, ["analyze", "-", "--profile", "fastest"], input="Text.")
    assert result.exit_code == 2
    for command in (["ingest", "-", "--db", "sqlite://"], ["eval", "geo", "."], ["serve"]):
        result = runner.invoke(app, [*command, "--profile", "fastest"])
        assert result.exit_code == 2 and "unknown profile" in result.output


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_every_profile_ships_its_models(profile: str) -> None:
    models = MODEL_DIR.parent
    for stage, name in PROFILES[profile].items():
        meta = json.loads((models / name / "meta.json").read_text())
        default = json.loads((models / PROFILES["default"][stage] / "meta.json").read_text())
        # The attribution CRF's labels are in its model file; its encoder's, in meta.json
        # (checked in test_attribution_encoder).
        if "labels" in default:
            assert meta["labels"] == default["labels"], f"{profile} {stage}"
    rhetoric = json.loads((models / PROFILES[profile]["rhetoric"] / "meta.json").read_text())
    # The accurate profile's rhetoric and event-type encoders are the deeper ones.
    assert rhetoric["n_layers"] == (6 if profile == "accurate" else 2)
    events = json.loads((models / PROFILES[profile]["event_types"] / "meta.json").read_text())
    assert events["n_layers"] == (6 if profile == "accurate" else 3)
    fast = json.loads((models / "event_types" / "meta.json").read_text())
    assert events["triggers"] == fast["triggers"]


def test_a_missing_model_fails_before_any_document() -> None:
    from claimscope.event_model import default_model as event_model

    with pytest.raises(ConfigError, match="event-type model 'no-such-model'"):
        event_model("no-such-model")


def test_the_accurate_profile_runs_the_deeper_model() -> None:
    stage = RhetoricStage(Settings(stages=("rhetoric",), profile="accurate"))
    assert stage.model is default_model("rhetoric-accurate")
    assert stage.model is not default_model()
    text = "These traitors will destroy our great nation, the corrupt minister said."
    spans = stage.classify_spans(text, [(6, 14)])
    assert len(spans) == 1 and spans[0] in stage.model.labels


def test_the_accurate_profile_types_events_with_the_deeper_encoder() -> None:
    from claimscope.event_model import default_model as event_model
    from claimscope.stages.events import EventsStage
    from claimscope.train.event_types import trigger_of

    stage = EventsStage(Settings(stages=("events",), profile="accurate"))
    assert stage.model is event_model("event_types-accurate")
    assert stage.model is not event_model()
    texts = [
        "Warplanes bombed a village in the province, killing four civilians.",
        "The two foreign ministers met in Geneva to discuss trade.",
    ]
    decided = stage.model.classify(texts, [trigger_of(t) for t in texts])
    assert decided[0][0] == "Air/drone strike"
    assert stage.model.probs(texts, [trigger_of(t) for t in texts]).shape == (
        2, len(stage.model.labels)
    )
