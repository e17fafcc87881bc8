"""The stage protocol, the registry of stages, and the `Analyzer` every entry point builds.

Order of work for one article (`Analyzer.analyze`):
  1. ingest    bytes -> Document (text, metadata, body, boilerplate)
  2. language  sentences, entities, dates, quantities
  3. places    place mentions resolved against the gazetteer
  4. claims    who claims what, cue, stance, framing, figures
  5. events    ACLED-typed events with per-claimant fatalities
  6. roles     perpetrators, victims and targets of each event (a tagger trained on MUC-4)
  7. rhetoric  persuasion-technique spans

A stage is a callable `Document -> Document` that declares which layers it `requires`
and `assigns`; `Pipeline` checks the chain when it is built, so a misconfigured pipeline
fails before the first document rather than in the middle of a batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from claimscope.config import Settings
from claimscope.document import Document
from claimscope.errors import ConfigError

# Layers ingest always provides.
INGESTED = frozenset({"text", "meta", "body", "boilerplate"})


class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...


StageFactory = Callable[[Settings], Stage]
_REGISTRY: dict[str, StageFactory] = {}


def register(name: str) -> Callable[[StageFactory], StageFactory]:
    """Register a stage factory under `name` (e.g. `"places"`)."""

    def add(factory: StageFactory) -> StageFactory:
        _REGISTRY[name] = factory
        return factory

    return add


def registered() -> list[str]:
    _load_builtin_stages()
    return sorted(_REGISTRY)


def _load_builtin_stages() -> None:
    # Importing the modules runs their @register decorators; kept lazy so that
    # `import claimscope` does not load spaCy.
    from claimscope.stages import (  # noqa: F401
        claims,
        events,
        language,
        places,
        rhetoric,
        roles,
    )


@dataclass(slots=True)
class Pipeline:
    stages: list[Stage]

    @classmethod
    def from_names(cls, names: Iterable[str], settings: Settings) -> Pipeline:
        _load_builtin_stages()
        stages: list[Stage] = []
        for name in names:
            if name not in _REGISTRY:
                raise ConfigError(f"unknown stage {name!r}; known: {', '.join(sorted(_REGISTRY))}")
            stages.append(_REGISTRY[name](settings))
        check_chain(stages)
        return cls(stages)

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage(doc)
        # Stages may have read a cased copy of text written without case (the language
        # stage's); what leaves the pipeline quotes the text as written.
        doc.as_written()
        return doc


def check_chain(stages: list[Stage]) -> None:
    """Fail when a stage requires a layer no earlier stage assigns."""
    available = set(INGESTED)
    for stage in stages:
        missing = [layer for layer in stage.requires if layer not in available]
        if missing:
            raise ConfigError(
                f"stage {stage.name!r} requires {', '.join(missing)}, "
                "which no earlier stage assigns"
            )
        available.update(stage.assigns)


class Analyzer:
    """Reads an article and runs the configured pipeline: what the CLI, API and workers share."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.pipeline = Pipeline.from_names(self.settings.stages, self.settings)

    def analyze(
        self,
        raw: bytes | str,
        *,
        source_name: str = "<input>",
        fmt: str | None = None,
        published: str | None = None,
        url: str | None = None,
    ) -> Document:
        from claimscope.stages.ingest import read_document

        doc = read_document(
            raw,
            source_name=source_name,
            fmt=fmt,
            published=published,
            url=url,
            max_bytes=self.settings.max_bytes,
            max_chars=self.settings.max_chars,
        )
        return self.pipeline(doc)

    def annotate(self, doc: Document) -> Document:
        """Run the pipeline on a document already read (e.g. built by hand in a test)."""
        return self.pipeline(doc)
