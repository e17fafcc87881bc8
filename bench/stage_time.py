"""Where the analysis spends its CPU time: per stage, and in each how much is model time.

Usage: python bench/stage_time.py [DIR ...] [--repeat N] [--profile NAME]

Runs the full analysis over every article under the given directories (default: examples/)
once to warm up, then `--repeat` times, and prints each stage's CPU seconds, the part of them
spent in spaCy parses and ONNX encoder runs ("model": the language stage's parse, the
event-type and rhetoric encoders, the claims stage's headline parses), and the rest
("own"): claimscope's Python, what a code change can speed up without touching a model or
an output. CPU time, not wall time: other jobs on a shared machine move it less. The
figures compare two checkouts run one after the other; bench/throughput.py holds the
budgets.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from claimscope.cli import expand_inputs
from claimscope.config import Settings
from claimscope.event_model import default_model as event_type_model
from claimscope.pipeline import Analyzer
from claimscope.rhetoric_model import default_model as rhetoric_model
from claimscope.stages.language import load_spacy

ROOT = Path(__file__).resolve().parent.parent


class _Clock:
    """CPU seconds per stage, and the share of each spent in spaCy or an ONNX session."""

    def __init__(self) -> None:
        self.stage = ""
        self.spent: dict[str, float] = defaultdict(float)
        self.models: dict[str, float] = defaultdict(float)

    def stage_call(self, call: Callable[..., Any], name: str) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            self.stage, started = name, time.process_time()
            try:
                return call(*args, **kwargs)
            finally:
                self.spent[name] += time.process_time() - started
                self.stage = ""

        return run

    def model_call(self, call: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return call(*args, **kwargs)
            finally:
                self.models[self.stage] += time.process_time() - started

        return run


class _TimedSession:
    """An ONNX session whose runs the clock counts as model time."""

    def __init__(self, session: Any, clock: _Clock) -> None:
        self._session = session
        self.run = clock.model_call(session.run)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", default=[str(ROOT / "examples")])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", default="default")
    args = parser.parse_args()

    settings = Settings(profile=args.profile)
    names = [n for n in expand_inputs(args.dirs) if Path(n).name != "README.md"]
    raws = [(name, Path(name).read_bytes()) for name in names]
    analyzer = Analyzer(settings)
    for name, raw in raws:
        analyzer.analyze(raw, source_name=name)  # warm-up: lazy loads happen here

    clock = _Clock()
    events = event_type_model(settings.model_name("event_types"))
    events.session = _TimedSession(events.session, clock)
    rhetoric = rhetoric_model(settings.model_name("rhetoric"))
    rhetoric.session = _TimedSession(rhetoric.session, clock)
    rhetoric.si_sessions = [_TimedSession(s, clock) for s in rhetoric.si_sessions]
    nlp_type = type(load_spacy(settings.spacy_model))
    original_call = nlp_type.__call__
    # Every parse, the language stage's and those of the claims stage's headlines.
    nlp_type.__call__ = clock.model_call(original_call)
    for stage in analyzer.pipeline.stages:
        cls = type(stage)
        stage.__class__ = type(
            cls.__name__, (cls,), {"__call__": clock.stage_call(cls.__call__, stage.name)}
        )
    try:
        started = time.process_time()
        for _ in range(args.repeat):
            for name, raw in raws:
                analyzer.analyze(raw, source_name=name)
        total = time.process_time() - started
    finally:
        nlp_type.__call__ = original_call

    print(f"{len(raws)} articles x {args.repeat} rounds, profile {args.profile}, CPU seconds")
    print(f"  {'stage':<10} {'all':>6} {'model':>6} {'own':>6}   (model: spaCy parses, ONNX runs)")
    own = 0.0
    for stage in analyzer.pipeline.stages:
        whole, model = clock.spent[stage.name], clock.models[stage.name]
        own += whole - model
        print(f"  {stage.name:<10} {whole:6.2f} {model:6.2f} {whole - model:6.2f}")
    print(f"  {'total':<10} {total:6.2f} {'':6} {own:6.2f}   (total: reading the files too)")


if __name__ == "__main__":
    main()
