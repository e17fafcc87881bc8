"""The int8 ONNX MiniLM encoders the rhetoric and event-type models run, loaded one way."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def load_encoder(path: Path) -> tuple[Any, Any]:
    """The ONNX session of `path/encoder.onnx` and the tokenizer of `path/tokenizer.json`
    (no padding: the callers pad each batch to its own longest text)."""
    import onnxruntime as ort  # type: ignore[import-untyped,unused-ignore]
    from tokenizers import Tokenizer

    options = ort.SessionOptions()
    # Other stages and peers share the cores: one thread, no inter-op pool.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(
        str(path / "encoder.onnx"), options, providers=["CPUExecutionProvider"]
    )
    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    tokenizer.no_padding()
    return session, tokenizer


def load_session(path: Path) -> Any:
    """A one-thread ONNX session of the model file `path` (as `load_encoder`'s)."""
    import onnxruntime as ort  # type: ignore[import-untyped,unused-ignore]

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
