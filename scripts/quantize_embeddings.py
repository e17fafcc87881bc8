"""Rewrite an int8 encoder's word-embedding table as 4-bit blocks (`GatherBlockQuantized`).

    PYTHONPATH=src python scripts/quantize_embeddings.py \
        src/claimscope/data/models/event_types-accurate \
        src/claimscope/data/models/rhetoric-accurate

Each argument is a model directory (its `encoder.onnx`, and `si_encoder.onnx` if there is
one) or an `.onnx` file; each graph is rewritten in place by
`claimscope.train.quantize.quantize_word_embeddings` (needs `onnx`, the train extra, and
`onnx-ir`, which onnxruntime's quantiser imports). A graph already converted is left as it
is, so the command can be run again. The training code calls the same function after
`quantize_dynamic` for six-layer encoders, so a retrain writes the same kind of file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from claimscope.train.quantize import BLOCK_SIZE, quantize_word_embeddings

GRAPHS = ("encoder.onnx", "si_encoder.onnx")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path, help="model directories or .onnx files")
    parser.add_argument("--block-size", type=int, default=BLOCK_SIZE)
    args = parser.parse_args(argv)
    files: list[Path] = []
    for path in args.paths:
        if path.is_dir():
            found = [path / name for name in GRAPHS if (path / name).is_file()]
            if not found:
                parser.error(f"{path}: no {' or '.join(GRAPHS)}")
            files += found
        elif path.is_file():
            files.append(path)
        else:
            parser.error(f"{path}: no such file or directory")
    for file in files:
        result = quantize_word_embeddings(file, block_size=args.block_size)
        print(json.dumps({"file": str(file), **result}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
