"""Shared by the fixture generators (make_fixtures.py, make_nmt_fixtures.py): the pinned torch
session and a byte-reproducible safetensors writer."""
import argparse
import json
import struct
import sys
from pathlib import Path

import torch
from safetensors import safe_open
from safetensors.torch import load_file

PINNED_TORCH = "2.13.0+cpu"


def pinned_torch_session(script: str, description: str) -> argparse.Namespace:
    """Parses `--allow-other-torch`, refuses any torch but PINNED_TORCH without it, and makes torch
    deterministic: float32, one CPU thread, deterministic algorithms."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--allow-other-torch", action="store_true",
                        help=f"run even if torch is not {PINNED_TORCH} (the output will differ in the last bits)")
    args = parser.parse_args()
    if torch.__version__ != PINNED_TORCH:
        print(f"{script}: torch {torch.__version__} found, fixtures are pinned to {PINNED_TORCH}", file=sys.stderr)
        if not args.allow_other_torch:
            sys.exit(1)
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    torch.use_deterministic_algorithms(True)
    return args


def float32_tensors(tensors: dict) -> dict:
    """Every value as a contiguous float32 CPU tensor detached from autograd."""
    return {k: torch.as_tensor(v).detach().to(torch.float32).contiguous().clone() for k, v in tensors.items()}


def write_safetensors(path: Path, tensors: dict, metadata: dict) -> None:
    """Writes F32 tensors byte-for-byte reproducibly: `__metadata__` and tensor names sorted.

    (`safetensors.torch.save_file` orders the metadata by a Rust HashMap, so its bytes change from
    run to run; the committed fixtures should only change when their numbers do.) The result is
    read back with the reference `safetensors` loader and compared, so the format stays standard.
    """
    header = {"__metadata__": dict(sorted(metadata.items()))}
    blobs, offset = [], 0
    for name in sorted(tensors):
        t = tensors[name]
        blob = t.numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)  # align the data buffer to 8 bytes, as safetensors does
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))

    loaded = load_file(str(path))
    assert sorted(loaded) == sorted(tensors), path
    for name, t in tensors.items():
        assert loaded[name].dtype == torch.float32 and torch.equal(loaded[name], t), (path, name)
    with safe_open(str(path), "pt") as f:
        assert f.metadata() == metadata, path
