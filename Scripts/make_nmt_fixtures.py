#!/usr/bin/env python3
"""Golden PyTorch fixtures for TinyformerNMT's `Transformer` (Fixtures/nmt/).

Run it through `Scripts/make-nmt-fixtures` (which creates/uses the ignored `.venv`):

    Scripts/make-nmt-fixtures          # rewrite Fixtures/nmt/*.safetensors

For each case (the models of Scripts/nmt_torch_twin.py, h = 16, 2 layers, batch of 3 pairs of
fixed lengths) it writes two files:

    Fixtures/nmt/<case>_weights.safetensors   the state dict only (loads strictly into Swift)
    Fixtures/nmt/<case>.safetensors           the batch, logits, loss, every parameter gradient,
                                              attention weights, 5 Adam steps, greedy decodes

Cases: `encdec` and `decoder` (the course-faithful preset), `encdec_options` (2 heads, pre-LN,
MLP x4 with GELU, attention output projection) and `decoder_options` (2 heads, pre-LN, MLP x4
with GELU); dropout is 0 everywhere so everything is deterministic. Tensor names are documented
in Fixtures/nmt/README.md.

Reproducibility: torch is pinned (PINNED_TORCH in fixture_io.py), float32, one thread, deterministic algorithms,
each case seeded from a CRC32 of its name; the files are written with sorted header keys so
reruns are byte-identical.
"""
import sys
import zlib
from pathlib import Path

import torch
import torch.nn as nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixture_io import float32_tensors, pinned_torch_session, write_safetensors  # noqa: E402
from nmt_torch_twin import (EOP, EOS, SOS, NMTTransformer, TransformerConfig, attention, decode, encode,  # noqa: E402
                            inputs_for)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Fixtures" / "nmt"

# Three pairs of one length each (5 -> 7), as the data pipeline batches them.
PAIRS = [("sense", "ensesay"), ("marry", "arrymay"), ("house", "ousehay")]
# Words for greedy decoding, of different lengths (Swift decodes them grouped by length).
GREEDY_WORDS = ["the", "sense", "impress", "quiet", "ill-natured"]
ADAM_LR = 1e-2
ADAM_STEPS = 5
FINAL_PARAMETERS = ["decoder.output.weight", "decoder.embedding.weight", "decoder.layers.1.mlp.fc.weight"]
# Greedy steps whose top-two logits are closer than this could flip between implementations.
MIN_MARGIN = 1e-3

OPTIONS = dict(heads=2, preLayerNorm=True, mlpMultiplier=4, activation="gelu", dropout=0.0)
CASES = {
    "encdec": TransformerConfig(architecture="encoderDecoder", hiddenSize=16, layers=2),
    "decoder": TransformerConfig(architecture="decoderOnly", hiddenSize=16, layers=2),
    "encdec_options": TransformerConfig(architecture="encoderDecoder", hiddenSize=16, layers=2,
                                        attentionOutputProjection=True, **OPTIONS),
    "decoder_options": TransformerConfig(architecture="decoderOnly", hiddenSize=16, layers=2, **OPTIONS),
}


def save(name: str, tensors: dict, metadata: dict) -> Path:
    prepared = float32_tensors(tensors)
    meta = {"generator": "Scripts/make_nmt_fixtures.py", "torch": torch.__version__}
    meta.update({k: str(v) for k, v in metadata.items()})
    path = OUT / f"{name}.safetensors"
    write_safetensors(path, prepared, meta)
    return path


def check_attention_against_sdpa(model: NMTTransformer, batch) -> None:
    """The explicit attention equals PyTorch's fused kernel on this batch."""
    reference = model(batch.decoder_tokens, batch.encoder_tokens)
    model.impl = "sdpa"
    fused = model(batch.decoder_tokens, batch.encoder_tokens)
    model.impl = "math"
    if not torch.allclose(reference, fused, atol=1e-5, rtol=1e-5):
        raise SystemExit("nmt twin: explicit attention disagrees with F.scaled_dot_product_attention")
    q = torch.randn(2, 4, 8)
    out, _ = attention(q, q, q, heads=2, causal=True)
    assert out.shape == (2, 4, 8)


def greedy_cases(model: NMTTransformer) -> dict:
    """Greedy decodes of GREEDY_WORDS; refuses near-ties that float rounding could flip."""
    tensors = {}
    config = model.config
    for i, word in enumerate(GREEDY_WORDS):
        source = encode(word)
        out = model.greedy([source])[0]
        # Teacher-force the produced prefix and check every step's margin between the top two.
        fed = out[:-1]
        with torch.no_grad():
            if config.architecture == "encoderDecoder":
                logits = model(torch.tensor([[SOS] + fed]), torch.tensor([source + [EOS]]))[0]
            else:
                prompt = [SOS] + source + [EOP]
                logits = model(torch.tensor([prompt + fed]))[0, len(prompt) - 1:]
        top2 = logits.topk(2, dim=-1).values
        margin = float((top2[:, 0] - top2[:, 1]).min())
        if margin < MIN_MARGIN:
            raise SystemExit(f"nmt fixtures: greedy decode of '{word}' has a near-tie (margin {margin}); pick other words")
        assert logits.argmax(-1).tolist() == out, word
        tensors[f"greedy.{i}.source"] = torch.tensor(source)
        tensors[f"greedy.{i}.output"] = torch.tensor(out)
    return tensors


def make_case(name: str, config: TransformerConfig) -> list[Path]:
    torch.manual_seed(zlib.crc32(name.encode("utf-8")))
    model = NMTTransformer(config)
    with torch.no_grad():  # non-trivial LayerNorm parameters, so their gradients matter
        for module in model.modules():
            if isinstance(module, nn.LayerNorm):
                module.weight.copy_(1 + 0.2 * torch.randn(config.hiddenSize))
                module.bias.copy_(0.2 * torch.randn(config.hiddenSize))
    sources = [encode(s) for s, _ in PAIRS]
    targets = [encode(t) for _, t in PAIRS]
    batch = inputs_for(config, sources, targets)
    initial = {k: p.detach().clone() for k, p in model.named_parameters()}
    names = list(initial)
    check_attention_against_sdpa(model, batch)

    logits, encoder_weights, self_weights, cross_weights = model.forward_with_attention(
        batch.decoder_tokens, batch.encoder_tokens)
    loss = model.loss(batch)
    loss.backward()

    tensors = {"input.decoder_tokens": batch.decoder_tokens, "input.targets": batch.targets,
               "logits": logits.detach(), "loss": loss.detach()}
    if batch.encoder_tokens is not None:
        tensors["input.encoder_tokens"] = batch.encoder_tokens
    if batch.loss_weights is not None:
        tensors["input.loss_weights"] = batch.loss_weights
    for key, weights in (("encoder_self", encoder_weights), ("decoder_self", self_weights), ("cross", cross_weights)):
        for layer, w in enumerate(weights):
            tensors[f"attention.{key}.{layer}"] = w.detach()
    for k, p in model.named_parameters():
        tensors[f"grad.{k}"] = p.grad.detach().clone()
    tensors.update(greedy_cases(model))

    # Adam from the same initial weights.
    model.zero_grad(set_to_none=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=ADAM_LR)
    losses = []
    for _ in range(ADAM_STEPS):
        optimizer.zero_grad(set_to_none=True)
        step_loss = model.loss(batch)
        losses.append(step_loss.detach())
        step_loss.backward()
        optimizer.step()
    tensors["adam.losses"] = torch.stack(losses)
    params = dict(model.named_parameters())
    for k in FINAL_PARAMETERS:
        tensors[f"adam.final.{k}"] = params[k].detach().clone()

    meta = {"case": name, "config": config.to_json(), "parameters": ",".join(names),
            "pairs": ",".join(f"{s} {t}" for s, t in PAIRS), "greedy_words": ",".join(GREEDY_WORDS),
            "greedy_outputs": ",".join(decode(tensors[f"greedy.{i}.output"].long().tolist()) for i in range(len(GREEDY_WORDS))),
            "adam": f"Adam(lr={ADAM_LR})", "adam_steps": ADAM_STEPS, "final_parameters": ",".join(FINAL_PARAMETERS)}
    return [save(f"{name}_weights", initial, {"case": name, "config": config.to_json()}), save(name, tensors, meta)]


def main():
    pinned_torch_session("make_nmt_fixtures.py", __doc__.split("\n")[0])
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.safetensors"):  # stale cases must not linger
        old.unlink()
    written = []
    for name, config in CASES.items():
        written += make_case(name, config)
    total = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} files, {total / 1024:.1f} KiB, under {OUT.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
