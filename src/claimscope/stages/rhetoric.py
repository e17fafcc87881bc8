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

    `confidence` is the span's mean token probability times the probability of the
    chosen technique: both heads have to agree for a high value.
    """

    name = "rhetoric"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ("rhetoric",)

    def __init__(
        self, settings: Settings | None = None, model: RhetoricModel | None = None
    ) -> None:
        self.settings = settings or Settings()
        self.model = model or default_model()

    def __call__(self, doc: Document) -> Document:
        body = doc.body_span()
        found = [
            s
            for s in self.model.predict_spans(doc.text, body.start, body.end)
            if not doc.in_boilerplate(s.start, s.end)
        ]
        if not found:
            doc.rhetoric = []
            return doc
        probs = self.model.technique_probs(doc.text, [(s.start, s.end) for s in found])
        out: list[Rhetoric] = []
        for span, row in zip(found, probs, strict=True):
            k = int(row.argmax())
            checked = doc.span(span.start, span.end)
            out.append(
                Rhetoric(
                    text=checked.text,
                    start=checked.start,
                    end=checked.end,
                    technique=self.model.labels[k],
                    confidence=round(span.score * float(row[k]), 4),
                )
            )
        doc.rhetoric = out
        return doc

    def classify_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
        """The technique of each given span of `text` (TC on gold spans)."""
        return self.model.classify_spans(text, spans)
