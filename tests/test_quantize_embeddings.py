"""4-bit word embeddings (`claimscope.train.quantize`): the conversion on a tiny synthetic
graph (skipped without `onnx`), and the two shipped encoders it was run on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from claimscope.models.encoder import load_encoder
from claimscope.rhetoric_model import MODEL_DIR

MODELS = MODEL_DIR.parent
CONVERTED = ("event_types-accurate", "rhetoric-accurate")
# The repository's limit for one tracked file (the before-stop hook: du -k > 20480), with room.
MAX_BYTES = 20_000_000


def _tiny_graph(path: Path, float_table: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """ids -> Gather(word table 50 x 64) [-> DequantizeLinear] + Gather(position table 8 x 64)
    -> DequantizeLinear, as `quantize_dynamic` leaves a MiniLM's embeddings; returns the two
    dequantised tables."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)
    words = rng.integers(0, 256, size=(50, 64)).astype(np.uint8)
    positions = rng.integers(0, 256, size=(8, 64)).astype(np.uint8)
    scale, zero = np.float32(0.01), np.uint8(128)
    word_values = (words.astype(np.float32) - 128) * scale
    position_values = (positions.astype(np.float32) - 128) * scale
    inits = [
        numpy_helper.from_array(positions, "pos_quantized"),
        numpy_helper.from_array(scale, "pos_scale"),
        numpy_helper.from_array(zero, "pos_zero_point"),
        numpy_helper.from_array(np.zeros(4, dtype=np.int64), "pos_ids"),
    ]
    nodes = [
        helper.make_node("Gather", ["pos_quantized", "pos_ids"], ["pos_q"], name="pos_gather"),
        helper.make_node(
            "DequantizeLinear", ["pos_q", "pos_scale", "pos_zero_point"], ["pos"], name="pos_dq"
        ),
    ]
    if float_table:
        inits.append(numpy_helper.from_array(word_values, "word.weight"))
        nodes.append(
            helper.make_node("Gather", ["word.weight", "ids"], ["word"], name="word_gather")
        )
    else:
        inits += [
            numpy_helper.from_array(words, "word.weight_quantized"),
            numpy_helper.from_array(scale, "word.weight_scale"),
            numpy_helper.from_array(zero, "word.weight_zero_point"),
        ]
        nodes += [
            helper.make_node(
                "Gather", ["word.weight_quantized", "ids"], ["word_q"], name="word_gather"
            ),
            helper.make_node(
                "DequantizeLinear",
                ["word_q", "word.weight_scale", "word.weight_zero_point"],
                ["word"],
                name="word_dq",
            ),
        ]
    nodes.append(helper.make_node("Add", ["word", "pos"], ["out"], name="add"))
    graph = helper.make_graph(
        nodes,
        "tiny",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, [4])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [4, 64])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return word_values, position_values


def _run(path: Path, ids: np.ndarray) -> Any:
    import onnxruntime as ort  # type: ignore[import-untyped,unused-ignore]

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {"ids": ids})[0]


@pytest.mark.parametrize("float_table", [False, True])
def test_the_word_table_becomes_4_bit_blocks(tmp_path: Path, float_table: bool) -> None:
    onnx = pytest.importorskip("onnx")
    pytest.importorskip("onnx_ir", reason="onnxruntime's quantiser imports onnx_ir")
    from claimscope.train.quantize import quantize_word_embeddings

    src, dst = tmp_path / "int8.onnx", tmp_path / "q4.onnx"
    words, positions = _tiny_graph(src, float_table)
    result = quantize_word_embeddings(src, dst, block_size=32)
    assert result["changed"] and result["node"]

    model = onnx.load(str(dst))
    ops = [n.op_type for n in model.graph.node]
    # The word table's Gather (and its DequantizeLinear) became one GatherBlockQuantized;
    # the smaller position table, and the default opset, are as they were.
    assert ops.count("GatherBlockQuantized") == 1
    assert ops.count("Gather") == 1 and ops.count("DequantizeLinear") == 1
    (node,) = (n for n in model.graph.node if n.op_type == "GatherBlockQuantized")
    assert node.domain == "com.microsoft"
    assert {o.domain: o.version for o in model.opset_import}[""] == 17
    assert {t.name for t in model.graph.initializer}.isdisjoint(
        {"word.weight_quantized", "word.weight_scale", "word.weight_zero_point"}
    )

    ids = np.array([0, 7, 49, 7], dtype=np.int64)
    expected = words[ids] + positions[0]
    assert np.allclose(_run(src, ids), expected, atol=1e-6)
    got = _run(dst, ids)
    # 4 bits, one scale per block of 32 along the row: at most half a step off per value
    # (the range is widened to include 0, as the quantiser does).
    blocks = words[ids].reshape(len(ids), -1, 32)
    span = np.maximum(blocks.max(-1), 0) - np.minimum(blocks.min(-1), 0)
    bound = np.repeat(span / 15 / 2, 32, axis=-1).reshape(len(ids), -1) + 1e-6
    assert np.all(np.abs(got - expected) <= bound)
    assert np.abs(got - expected).mean() < np.abs(expected).mean() / 10

    # Run again on its own output, the file is left as it is.
    again = quantize_word_embeddings(dst, tmp_path / "again.onnx")
    assert not again["changed"]
    assert np.array_equal(_run(tmp_path / "again.onnx", ids), got)


def test_shallow_encoders_are_left_int8(tmp_path: Path) -> None:
    pytest.importorskip("onnx")
    from claimscope.train.quantize import FOUR_BIT_MIN_LAYERS, after_quantize_dynamic

    path = tmp_path / "encoder.onnx"
    _tiny_graph(path)
    before = path.read_bytes()
    assert after_quantize_dynamic(path, FOUR_BIT_MIN_LAYERS - 1) is None
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", CONVERTED)
def test_the_converted_encoders_are_under_the_file_limit(name: str) -> None:
    assert (MODELS / name / "encoder.onnx").stat().st_size <= MAX_BYTES


@pytest.mark.parametrize("name", CONVERTED)
def test_the_converted_encoders_read_4_bit_embeddings(name: str) -> None:
    onnx = pytest.importorskip("onnx")
    model = onnx.load(str(MODELS / name / "encoder.onnx"), load_external_data=False)
    ops = [n.op_type for n in model.graph.node]
    assert ops.count("GatherBlockQuantized") == 1


@pytest.mark.parametrize("name", CONVERTED)
def test_the_converted_encoders_give_finite_vectors(name: str) -> None:
    session, tokenizer = load_encoder(MODELS / name)
    texts = [
        "Warplanes bombed a village in the province, killing four civilians.",
        "These traitors will destroy our great nation, the corrupt minister said.",
    ]
    for text in texts:
        ids = np.array([tokenizer.encode(text).ids], dtype=np.int64)
        outputs = session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        for out in outputs:
            assert np.all(np.isfinite(out))
        if name.startswith("event_types"):
            (pooled,) = outputs
            assert pooled.shape == (1, 384)
            assert np.allclose(np.linalg.norm(pooled, axis=-1), 1.0, atol=1e-3)
        else:
            hidden, si_logit = outputs
            assert hidden.shape == (1, ids.shape[1], 384)
            assert si_logit.shape == (1, ids.shape[1])
