"""One pass of the rhetoric encoder over a document's body, shared by the stages that read it.

The rhetoric stage reads its span and technique heads from the pass; the claims stage
(default profile) reads the attribution head's token vectors from the same hidden states
(`claimscope.models.attribution_head`). Whichever stage comes first runs the encoder and
keeps the pass in the document's scratch; the other reuses it, so sharing costs nothing
and the outputs are those of a single pass (the int8 graph's outputs depend on how the
windows are batched, so a second pass over other batches would not give the same vectors).
"""

from __future__ import annotations

from claimscope.document import Document
from claimscope.rhetoric_model import Encoded, RhetoricModel

_KEY = "rhetoric.body_encoding"


def body_encoding(doc: Document, model: RhetoricModel) -> Encoded:
    """`model.encode` over the body of `doc`, run once per document and model."""
    body = doc.body_span()
    cached = doc.scratch.get(_KEY)
    if cached is not None:
        text, bounds, owner, encoded = cached
        if owner is model and text is doc.text and bounds == (body.start, body.end):
            return encoded  # type: ignore[no-any-return]
    encoded = model.encode(doc.text, body.start, body.end)
    doc.scratch[_KEY] = (doc.text, (body.start, body.end), model, encoded)
    return encoded
