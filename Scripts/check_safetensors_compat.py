#!/usr/bin/env python3
"""Cross-check Tinyformer's safetensors reader/writer against Hugging Face `safetensors`.

Usage (with the project venv, e.g. `.venv/bin/python`):

  check_safetensors_compat.py load PATH
      Load PATH with safetensors.numpy.load_file AND safetensors.torch.load_file, print every
      tensor's name, dtype and shape plus the metadata, and check both loaders agree (numpy has
      no bfloat16, so BF16 tensors are only checked through torch).
      Exit status 0 means Python reads the file.

  check_safetensors_compat.py write PATH [--json EXPECTED.json]
      Write a reference file with F32, F16 and BF16 tensors (including subnormals, +-inf, NaN,
      -0.0, a 0-d scalar and an empty tensor) and metadata {"format": "pt"} using
      safetensors.torch.save_file. With --json, also write the expected values after conversion to
      float32: per tensor its dtype, shape, float32 bit patterns (exact, NaN-safe) and readable values.

  check_safetensors_compat.py write-f32 PATH
      Write a small F32-only file (tensors listed in F32_ONLY below, metadata {"format": "pt"}).
      Tinyformer's writer must produce these exact bytes for the same tensors.

The committed fixtures in Fixtures/io were generated with
  .venv/bin/python Scripts/check_safetensors_compat.py write \\
      Fixtures/io/python_written.safetensors --json Fixtures/io/python_written.json
  .venv/bin/python Scripts/check_safetensors_compat.py write-f32 Fixtures/io/python_written_f32.safetensors
(torch==2.13.0+cpu, safetensors==0.8.0). Nothing here is random.
"""
import argparse
import json
import math
import sys

import numpy as np
import safetensors
import safetensors.numpy
import safetensors.torch
import torch

METADATA = {"format": "pt"}


def reference_tensors():
    """Name -> torch tensor; fixed values chosen to exercise the float conversions."""
    inf, nan = math.inf, math.nan
    return {
        "f32.matrix": torch.tensor(
            [[1.0, -2.5, 3.140625], [1e-40, inf, -0.0]], dtype=torch.float32
        ),
        "f32.scalar": torch.tensor(42.0, dtype=torch.float32),
        "f32.empty": torch.zeros((0, 3), dtype=torch.float32),
        "f16.values": torch.tensor(
            [[1.0, -2.5, 65504.0, 2.0**-24], [inf, -inf, nan, -0.0]], dtype=torch.float16
        ),
        "bf16.values": torch.tensor(
            [3.140625, -1.0, 3.3895313892515355e38, 2.0**-133, nan], dtype=torch.bfloat16
        ),
    }


# Mirrored in Tests/TinyformerIOTests/SafeTensorsPythonFixtureTests.swift; keep both in sync.
F32_ONLY = {
    "a.weight": ([2, 2], [1.0, 2.0, 3.0, 4.0]),
    "b": ([3], [-1.5, 0.25, 1024.0]),
    "c.scalar": ([], [42.0]),
    "d.empty": ([0], []),
}


def write_f32(path):
    tensors = {name: torch.tensor(values, dtype=torch.float32).reshape(shape) for name, (shape, values) in F32_ONLY.items()}
    safetensors.torch.save_file(tensors, path, metadata=METADATA)
    print(f"wrote {path} (safetensors {safetensors.__version__}, torch {torch.__version__})")


def expected_json(tensors):
    out = {"metadata": METADATA, "tensors": {}}
    for name, tensor in sorted(tensors.items()):
        as_f32 = tensor.to(torch.float32).contiguous()
        bits = as_f32.view(torch.int32).flatten().tolist()
        out["tensors"][name] = {
            "dtype": {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}[tensor.dtype],
            "shape": list(tensor.shape),
            "float32_bits": [b & 0xFFFFFFFF for b in bits],
            "values": [repr(v) for v in as_f32.flatten().tolist()],
        }
    return out


def write(path, json_path):
    tensors = reference_tensors()
    safetensors.torch.save_file(tensors, path, metadata=METADATA)
    print(f"wrote {path} (safetensors {safetensors.__version__}, torch {torch.__version__})")
    if json_path:
        with open(json_path, "w") as f:
            json.dump(expected_json(tensors), f, indent=1, sort_keys=True)
            f.write("\n")
        print(f"wrote {json_path}")


def load(path):
    with safetensors.safe_open(path, framework="numpy") as f:
        metadata = f.metadata()
    tensors = safetensors.torch.load_file(path)
    print(f"{path}: {len(tensors)} tensors, metadata {metadata}")
    try:
        arrays = safetensors.numpy.load_file(path)
    except TypeError as error:  # numpy has no bfloat16: load the other tensors one by one
        print(f"  safetensors.numpy.load_file: {error}; loading tensor by tensor")
        arrays = {}
        with safetensors.safe_open(path, framework="numpy") as f:
            for name in f.keys():
                try:
                    arrays[name] = f.get_tensor(name)
                except TypeError:
                    pass
    ok = set(arrays) <= set(tensors)
    for name in sorted(tensors):
        t = tensors[name]
        if name not in arrays:
            print(f"  {name}: {t.dtype} {list(t.shape)} (numpy cannot hold {t.dtype})")
            continue
        a = arrays[name]
        same = list(t.shape) == list(a.shape) and np.array_equal(
            t.to(torch.float32).numpy(), a.astype(np.float32), equal_nan=True
        )
        ok = ok and same
        print(f"  {name}: {t.dtype} {list(t.shape)} numpy {a.dtype} {list(a.shape)}" + ("" if same else "  MISMATCH"))
    if not ok:
        print("numpy and torch loaders disagree", file=sys.stderr)
        return 1
    return 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_load = sub.add_parser("load", help="load a file with safetensors.numpy and safetensors.torch")
    p_load.add_argument("path")
    p_write = sub.add_parser("write", help="write the F32/F16/BF16 reference file")
    p_write.add_argument("path")
    p_write.add_argument("--json", dest="json_path", help="also write expected float32 values here")
    p_write_f32 = sub.add_parser("write-f32", help="write the small F32-only file the Swift writer must reproduce")
    p_write_f32.add_argument("path")
    args = parser.parse_args(argv)
    if args.command == "load":
        return load(args.path)
    if args.command == "write-f32":
        write_f32(args.path)
        return 0
    write(args.path, args.json_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
