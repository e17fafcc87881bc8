"""4-bit block quantisation of an encoder's word-embedding table (onnx and onnxruntime's
quantisation tools; not needed for inference).

    python scripts/quantize_embeddings.py src/claimscope/data/models/rhetoric-accurate

`quantize_dynamic` leaves the 30522 x 384 word-embedding table of a MiniLM encoder as one
uint8 tensor with one scale for the whole table (`Gather` -> `DequantizeLinear`): 11.7 MB
of a 22.9 MB six-layer graph. `quantize_word_embeddings` replaces that pair by one
`com.microsoft` `GatherBlockQuantized` node over a 4-bit table, asymmetric, one float32
scale and one 4-bit zero point per `block_size` values along the hidden axis, written by
onnxruntime's own `MatMulNBitsQuantizer` (`op_types_to_quantize=("Gather",)`) from the
int8 table's dequantised values. onnxruntime runs the node on CPU; no other node, input or
output changes. With blocks of 32 the table takes 7.5 MB (5.9 MB codes, 1.5 MB scales,
0.2 MB zero points). The tokenizer and the vocabulary are untouched.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

BLOCK_SIZE = 32
# Encoders this deep or deeper (the accurate profile's six layers) have their word embeddings
# converted after `quantize_dynamic`: at int8 they are 22.9 MB, over the repository's 20 MiB
# file limit. The shallower default-profile encoders (15.6 and 17.4 MB) stay int8.
FOUR_BIT_MIN_LAYERS = 6


def after_quantize_dynamic(path: Path, n_layers: int) -> dict[str, Any] | None:
    """What the training code runs on the int8 `encoder.onnx` it has just written: the
    4-bit word embeddings for an encoder of `n_layers` >= `FOUR_BIT_MIN_LAYERS`."""
    if n_layers < FOUR_BIT_MIN_LAYERS:
        return None
    return quantize_word_embeddings(path)


def _word_embedding_gather(graph: Any) -> Any:
    """The `Gather` node over the graph's largest 2-D initializer (the word embeddings)."""
    sizes = {t.name: int(t.dims[0]) * int(t.dims[1]) for t in graph.initializer if len(t.dims) == 2}
    gathers = [n for n in graph.node if n.op_type == "Gather" and n.input[0] in sizes]
    if not gathers:
        raise ValueError("no Gather over a 2-D initializer in the graph")
    return max(gathers, key=lambda n: sizes[n.input[0]])


def _float_table(model: Any, gather: Any) -> None:
    """Make `gather` read a float32 table: an integer table and the `DequantizeLinear`
    after it (per-tensor scale and zero point) become one Gather over the dequantised
    values, which are exactly what the int8 graph computed for every row."""
    import numpy as np
    import onnx
    from onnx import numpy_helper

    graph = model.graph
    inits = {t.name: t for t in graph.initializer}
    table = inits[gather.input[0]]
    if table.data_type in (onnx.TensorProto.FLOAT, onnx.TensorProto.FLOAT16):
        return
    users = [n for n in graph.node if gather.output[0] in n.input]
    if len(users) != 1 or users[0].op_type != "DequantizeLinear":
        raise ValueError(f"{gather.name}: an integer table not followed by one DequantizeLinear")
    dql = users[0]
    scale = numpy_helper.to_array(inits[dql.input[1]]).astype(np.float32)
    zero = (
        numpy_helper.to_array(inits[dql.input[2]]).astype(np.float32)
        if len(dql.input) > 2 and dql.input[2]
        else np.float32(0.0)
    )
    if scale.size != 1 or np.size(zero) != 1:
        raise ValueError(f"{dql.name}: only a per-tensor scale and zero point are handled")
    codes = numpy_helper.to_array(table).astype(np.float32)
    values = ((codes - zero) * scale).astype(np.float32)
    name = table.name.removesuffix("_quantized")
    graph.initializer.append(numpy_helper.from_array(values, name))
    gather.input[0] = name
    gather.output[0] = dql.output[0]
    graph.node.remove(dql)
    still_used = {i for n in graph.node for i in n.input}
    for old in (table.name, *dql.input[1:]):
        if old and old not in still_used and old in inits:
            graph.initializer.remove(inits[old])


def quantize_word_embeddings(
    src: Path, dst: Path | None = None, block_size: int = BLOCK_SIZE
) -> dict[str, Any]:
    """Rewrite the ONNX encoder `src` (to `dst`, default in place) with its word-embedding
    Gather as a 4-bit `GatherBlockQuantized`; return what was done (node, sizes in bytes).
    A graph whose table is already block-quantised is left as it is."""
    import onnx

    # The quantiser's module configures the root logger at INFO when imported (and then logs
    # every node); that is undone, and its warnings of the opset and IR version it raises
    # are handled below.
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    from onnxruntime.quantization.matmul_nbits_quantizer import (  # type: ignore[import-untyped,unused-ignore]
        MatMulNBitsQuantizer,
    )

    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
    root.setLevel(level)
    logging.getLogger("onnxruntime.quantization.matmul_nbits_quantizer").setLevel(logging.ERROR)
    dst = src if dst is None else dst
    before = src.stat().st_size
    model = onnx.load(str(src))
    opsets = {o.domain: o.version for o in model.opset_import}
    if any(n.op_type == "GatherBlockQuantized" for n in model.graph.node):
        if dst != src:
            onnx.save(model, str(dst))
        return {"node": None, "bytes_before": before, "bytes_after": before, "changed": False}
    gather = _word_embedding_gather(model.graph)
    _float_table(model, gather)
    others = [n.name for n in model.graph.node if n.op_type == "Gather" and n is not gather]
    quantizer = MatMulNBitsQuantizer(
        model,
        bits=4,
        block_size=block_size,
        is_symmetric=False,
        op_types_to_quantize=("Gather",),
        quant_axes=(("Gather", 1),),
        nodes_to_include=[gather.name],
        nodes_to_exclude=others,
    )
    quantizer.process()
    out = quantizer.model.model
    # The quantiser raises the default opset to 21 for int4 in standard ops; here the 4-bit
    # table is read only by the com.microsoft node, and the graph's other nodes are written
    # for their own opset (ReduceL2's `axes` attribute, for one), so it is put back. The
    # int4 initializers need IR version 10, which the quantiser set and which stays.
    for opset in out.opset_import:
        if opset.domain in opsets:
            opset.version = opsets[opset.domain]
    quantized = [n for n in out.graph.node if n.op_type == "GatherBlockQuantized"]
    if len(quantized) != 1:
        raise RuntimeError(f"expected one GatherBlockQuantized node, found {len(quantized)}")
    onnx.checker.check_model(out)
    onnx.save(out, str(dst))
    return {
        "node": quantized[0].name,
        "block_size": block_size,
        "bytes_before": before,
        "bytes_after": dst.stat().st_size,
        "changed": True,
    }
