"""The rhetoric stage: SemEval-2020 Task 11 persuasion-technique spans over the article body."""

from __future__ import annotations

from collections.abc import Sequence

from claimscope.config import Settings
from claimscope.document import Document, Rhetoric
from claimscope.pipeline import register
from claimscope.rhetoric_model import RhetoricModel, default_model


@register("rhetoric")
class RhetoricStage:
    """Finds propaganda spans in the body and labels each with one technique.

    `confidence` is the span's mean word probability times the probability of the
    chosen technique: both heads have to agree for a high value.
    """

    name = "rhetoric"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ("rhetoric",)

    def __init__(
        self, settings: Settings | None = None, model: RhetoricModel | None = None
    ) -> None:
        self.settings = settings or Settings()
        self.model = model or default_model(self.settings.model_name("rhetoric"))

    def __call__(self, doc: Document) -> Document:
        body = doc.body_span()
        out: list[Rhetoric] = []
        # One encoder pass yields both the spans and their technique probabilities.
        for span in self.model.analyze(doc.text, body.start, body.end):
            if doc.in_boilerplate(span.start, span.end):
                continue
            k = int(span.probs.argmax())
            checked = doc.span(span.start, span.end)
            out.append(
                Rhetoric(
                    text=checked.text,
                    start=checked.start,
                    end=checked.end,
                    technique=self.model.labels[k],
                    confidence=round(min(1.0, max(0.0, span.score * float(span.probs[k]))), 4),
                )
            )
        doc.rhetoric = out
        return doc

    def classify_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
        """The technique of each given span of `text` (TC on gold spans)."""
        return self.model.classify_spans(text, spans)
