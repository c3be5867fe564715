#!/usr/bin/env python3
"""Hugging Face-style checkpoint fixtures for `Module.load(from:mapping:…)` (Fixtures/checkpoint/).

Run it through `Scripts/make-checkpoint-fixtures` (which creates/uses the ignored `.venv` with the
pinned torch==2.13.0+cpu and safetensors==0.8.0):

    Scripts/make-checkpoint-fixtures   # rewrite Fixtures/checkpoint/*.safetensors

It writes one small BERT-like state dict, named as `BertForMaskedLM.state_dict()` names things
(`bert.` prefix, the `bert.embeddings.position_ids` int64 buffer older transformers versions
saved), plus a convolution weight (O, C, kh, kw) that the Swift test loads into a linear layer:

    bert_like_f32.safetensors    F32, written by safetensors.torch.save_file (as HF does)
    bert_like_f16.safetensors    the same tensors cast to float16 (position_ids stays I64)
    bert_like_bf16.safetensors   the same tensors cast to bfloat16
    bert_like_expected.safetensors
        `f16.<name>` / `bf16.<name>`: torch's own float32 upcast of every float tensor of the F16 /
        BF16 file (`t.to(dtype).to(float32)`), the values the Swift loader must reproduce exactly.

Values: seeded randn (CRC32 of the tensor name after torch.manual_seed(0)) plus fixed special
values in the word embeddings (an F16 subnormal, -0.0, 60000 near the F16 maximum, a value that
rounds differently in F16 and BF16). Reruns are byte-identical (one metadata key, fixed order).
"""
import sys
import zlib
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixture_io import pinned_torch_session, write_safetensors  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Fixtures" / "checkpoint"
METADATA = {"format": "pt"}

# name -> shape; mirrored by `TinyBert` in Tests/TinyformerNNTests/CheckpointMappingLoadTests.swift.
FLOAT_TENSORS = {
    "bert.embeddings.word_embeddings.weight": (10, 8),
    "bert.embeddings.LayerNorm.weight": (8,),
    "bert.embeddings.LayerNorm.bias": (8,),
    "bert.encoder.layer.0.intermediate.dense.weight": (16, 8),
    "bert.encoder.layer.0.intermediate.dense.bias": (16,),
    "bert.patch_embed.proj.weight": (4, 2, 2, 2),  # a Conv2d(2, 4, kernel_size=2) weight
    "bert.patch_embed.proj.bias": (4,),
}
POSITION_IDS = "bert.embeddings.position_ids"


def float_tensors() -> dict:
    tensors = {}
    for name, shape in FLOAT_TENSORS.items():
        torch.manual_seed(0)
        generator = torch.Generator().manual_seed(zlib.crc32(name.encode()))
        tensors[name] = torch.randn(shape, generator=generator, dtype=torch.float32)
    special = torch.tensor([1e-6, -0.0, 60000.0, 1.0 + 2.0**-9, 3.0e-5, -65000.0, 0.1, -2.5])
    tensors["bert.embeddings.word_embeddings.weight"][0] = special
    return tensors


def main() -> None:
    pinned_torch_session("make_checkpoint_fixtures.py", __doc__.splitlines()[0])
    OUT.mkdir(parents=True, exist_ok=True)
    floats = float_tensors()
    position_ids = torch.arange(6, dtype=torch.int64).reshape(1, 6)
    expected = {}
    for label, dtype in [("f32", torch.float32), ("f16", torch.float16), ("bf16", torch.bfloat16)]:
        tensors = {name: t.to(dtype).contiguous() for name, t in floats.items()}
        tensors[POSITION_IDS] = position_ids
        path = OUT / f"bert_like_{label}.safetensors"
        save_file(tensors, str(path), metadata=METADATA)
        loaded = load_file(str(path))
        assert sorted(loaded) == sorted(tensors) and all(torch.equal(loaded[k], v) for k, v in tensors.items()), path
        if dtype != torch.float32:
            for name, t in tensors.items():
                if name != POSITION_IDS:
                    expected[f"{label}.{name}"] = t.to(torch.float32)
        print(f"wrote {path}")
    write_safetensors(OUT / "bert_like_expected.safetensors", expected, {"generator": "make_checkpoint_fixtures.py",
                                                                          "torch": torch.__version__})
    print(f"wrote {OUT / 'bert_like_expected.safetensors'}")


if __name__ == "__main__":
    main()
