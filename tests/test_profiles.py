"""Profiles: `default` (fast) and `accurate` (a deeper rhetoric encoder), chosen once."""

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
@pytest.mark.parametrize("stage", ["rhetoric", "event_types"])
def test_every_profile_ships_its_models(profile: str, stage: str) -> None:
    models = MODEL_DIR.parent
    meta = json.loads((models / PROFILES[profile][stage] / "meta.json").read_text())
    default = json.loads((models / PROFILES["default"][stage] / "meta.json").read_text())
    # The accurate profile's encoders are deeper; each reads the same labels as the default.
    assert (meta["n_layers"] == 6) == (profile == "accurate")
    assert meta["labels"] == default["labels"]


def test_the_accurate_profile_types_events_with_the_deeper_model() -> None:
    from claimscope.event_model import default_model as event_model
    from claimscope.pipeline import Analyzer

    accurate = event_model("event_types-accurate")
    assert accurate is not None and accurate is not event_model()
    analyzer = Analyzer(Settings(stages=("language", "places", "claims", "events"),
                                 profile="accurate"))
    doc = analyzer.analyze("Warplanes bombed a market in Idlib on Monday, killing five people.")
    assert [e.sub_event_type for e in doc.events] == ["Air/drone strike"]


def test_the_accurate_profile_runs_the_deeper_model() -> None:
    stage = RhetoricStage(Settings(stages=("rhetoric",), profile="accurate"))
    assert stage.model is default_model("rhetoric-accurate")
    assert stage.model is not default_model()
    text = "These traitors will destroy our great nation, the corrupt minister said."
    spans = stage.classify_spans(text, [(6, 14)])
    assert len(spans) == 1 and spans[0] in stage.model.labels
