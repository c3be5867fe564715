#!/usr/bin/env python3
"""Golden PyTorch fixtures for the library's TransformerBlock and TransformerStack (TinyformerNN).

Run it through `Scripts/make-block-fixtures` (it uses the ignored `.venv` with the pinned torch):

    Scripts/make-block-fixtures        # rewrites Fixtures/blocks/*.safetensors

Each file is one configuration (course, GPT-2-like, BERT-like post-LN, CLIP-like, a decoder block
with cross-attention, two stacks) written out in plain PyTorch below — the formulas of
`TransformerBlock`'s documentation, with PyTorch's own `F.layer_norm`, `F.gelu`, softmax and
`nn.Linear`, heads interleaved in the channels as `nn.MultiheadAttention` and Hugging Face do:

    input.x (B, T, C), input.memory (B, S, C)          the block's input and the encoder output
    input.key_padding (B, T), input.cross_key_padding  1 = a padded key (additive −inf), 0 = kept
    param.<name>                                       every parameter, under the Swift names
    upstream, output (B, T, C)                         loss = (output * upstream).sum()
    grad.x, grad.memory, grad.param.<name>             its gradients

Metadata: `config` (the TransformerBlockConfig JSON the Swift side decodes), `layers`,
`final_norm`. Float32, one thread, each case seeded from a CRC32 of its name.
"""
import json
import math
import sys
import zlib
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixture_io import float32_tensors, pinned_torch_session, write_safetensors  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Fixtures" / "blocks"

ACTIVATIONS = {
    "relu": F.relu,
    "gelu": F.gelu,
    "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "quick_gelu": lambda x: x * torch.sigmoid(1.702 * x),
}


class Attention(nn.Module):
    def __init__(self, width, heads, output_projection):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = nn.Linear(width, width), nn.Linear(width, width), nn.Linear(width, width)
        self.output = nn.Linear(width, width) if output_projection else None

    def forward(self, x, kv, causal, key_padding):
        b, tq, c = x.shape
        tk, h = kv.shape[1], self.heads
        d = c // h

        def split(t, length):  # (B, T, C) → (B, H, T, D)
            return t.view(b, length, h, d).transpose(1, 2)

        q, k, v = split(self.query(x), tq), split(self.key(kv), tk), split(self.value(kv), tk)
        scores = q @ k.transpose(-2, -1) / math.sqrt(d)  # (B, H, Tq, Tk)
        mask = torch.zeros(b, 1, tq, tk)
        if causal:
            mask = mask.masked_fill(torch.ones(tq, tk, dtype=torch.bool).triu(1), float("-inf"))
        if key_padding is not None:
            mask = mask.masked_fill(key_padding.bool()[:, None, None, :], float("-inf"))
        out = (torch.softmax(scores + mask, dim=-1) @ v).transpose(1, 2).reshape(b, tq, c)
        return self.output(out) if self.output is not None else out


class FeedForward(nn.Module):
    def __init__(self, width, hidden, activation):
        super().__init__()
        self.fc = nn.Linear(width, hidden or width)
        self.proj = nn.Linear(hidden, width) if hidden else None
        self.activation = ACTIVATIONS[activation]

    def forward(self, x):
        y = self.activation(self.fc(x))
        return self.proj(y) if self.proj is not None else y


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        c, norm = cfg["width"], cfg["normalization"] != "none"
        eps = cfg["layerNormEpsilon"]
        self.self_attention_norm = nn.LayerNorm(c, eps=eps) if norm else None
        self.self_attention = Attention(c, cfg["heads"], cfg["attentionOutputProjection"])
        cross = cfg["crossAttention"]
        self.cross_attention_norm = nn.LayerNorm(c, eps=eps) if norm and cross else None
        self.cross_attention = Attention(c, cfg["heads"], cfg["attentionOutputProjection"]) if cross else None
        self.mlp_norm = nn.LayerNorm(c, eps=eps) if norm else None
        self.mlp = FeedForward(c, cfg["mlpWidth"], cfg["activation"])

    def sublayer(self, x, norm, f):
        placement = self.cfg["normalization"]
        if placement == "pre":
            return x + f(norm(x))
        if placement == "post":
            return norm(x + f(x))
        return x + f(x)

    def forward(self, x, memory, key_padding, cross_key_padding):
        causal = self.cfg["causal"]
        x = self.sublayer(x, self.self_attention_norm, lambda h: self.self_attention(h, h, causal, key_padding))
        if self.cross_attention is not None:
            x = self.sublayer(x, self.cross_attention_norm, lambda h: self.cross_attention(h, memory, False, cross_key_padding))
        return self.sublayer(x, self.mlp_norm, self.mlp)


class Stack(nn.Module):
    def __init__(self, cfg, layers, final_norm):
        super().__init__()
        self.layers = nn.ModuleList(Block(cfg) for _ in range(layers))
        self.final_norm = nn.LayerNorm(cfg["width"], eps=cfg["layerNormEpsilon"]) if final_norm else None

    def forward(self, x, memory, key_padding, cross_key_padding):
        for layer in self.layers:
            x = layer(x, memory, key_padding, cross_key_padding)
        return self.final_norm(x) if self.final_norm is not None else x


def config(width, heads=1, mlp=None, activation="relu", normalization="none", eps=1e-5, output=False, causal=False,
           cross=False):
    return {"width": width, "heads": heads, "mlpWidth": mlp, "activation": activation, "normalization": normalization,
            "layerNormEpsilon": eps, "attentionOutputProjection": output, "attentionDropout": 0.0,
            "residualDropout": 0.0, "causal": causal, "crossAttention": cross}


CASES = {
    "block_course": (config(8), 1, False, False),
    "block_gpt2": (config(8, 2, 32, "gelu_tanh", "pre", output=True, causal=True), 1, False, True),
    "block_bert": (config(8, 2, 16, "gelu", "post", eps=1e-12, output=True), 1, False, True),
    "block_clip": (config(8, 2, 16, "quick_gelu", "pre", output=True, causal=True), 1, False, False),
    "block_decoder_cross": (config(8, 2, 16, "gelu", "pre", output=True, causal=True, cross=True), 1, False, True),
    "stack_bert": (config(8, 2, 16, "gelu", "post", eps=1e-12, output=True), 2, False, True),
    "stack_clip": (config(8, 2, 16, "quick_gelu", "pre", output=True, causal=True), 2, True, True),
}


def write_case(name, cfg, layers, final_norm, padded):
    torch.manual_seed(zlib.crc32(name.encode("utf-8")))
    b, t, s, c = 2, 5, 4, cfg["width"]
    model = Stack(cfg, layers, final_norm) if name.startswith("stack") else Block(cfg)
    for p in model.parameters():  # LayerNorm too: non-trivial values catch swapped weight/bias
        nn.init.normal_(p, std=0.5)
    x = torch.randn(b, t, c, requires_grad=True)
    memory = torch.randn(b, s, c, requires_grad=True)
    key_padding = torch.zeros(b, t)
    cross_key_padding = torch.zeros(b, s)
    if padded:  # the second row's last positions are padding (no query has only padded keys)
        key_padding[1, 3:] = 1
        cross_key_padding[1, 2:] = 1
    out = model(x, memory, key_padding if padded else None, cross_key_padding if cfg["crossAttention"] and padded else None)
    upstream = torch.randn_like(out)
    (out * upstream).sum().backward()

    tensors = {"input.x": x, "input.memory": memory, "input.key_padding": key_padding,
               "input.cross_key_padding": cross_key_padding, "upstream": upstream, "output": out,
               "grad.x": x.grad}
    if cfg["crossAttention"]:
        tensors["grad.memory"] = memory.grad
    for pname, p in model.named_parameters():
        tensors[f"param.{pname}"] = p
        tensors[f"grad.param.{pname}"] = p.grad
    metadata = {"generator": "Scripts/make_block_fixtures.py", "torch": torch.__version__, "case": name,
                "config": json.dumps(cfg, sort_keys=True), "layers": str(layers),
                "final_norm": "true" if final_norm else "false", "padded": "true" if padded else "false"}
    OUT.mkdir(parents=True, exist_ok=True)
    write_safetensors(OUT / f"{name}.safetensors", float32_tensors(tensors), metadata)


def main():
    pinned_torch_session("make_block_fixtures.py", __doc__.splitlines()[0])
    for name, (cfg, layers, final_norm, padded) in CASES.items():
        write_case(name, cfg, layers, final_norm, padded)
        print(f"wrote Fixtures/blocks/{name}.safetensors")


if __name__ == "__main__":
    main()
