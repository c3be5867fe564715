#!/usr/bin/env python3
"""Golden data for TinyformerCLIP's `ClipModel` from Hugging Face's `CLIPModel` (Fixtures/clip).

Run it through `Scripts/make-clip-model-fixtures` (checks the pinned torch 2.13.0+cpu, transformers
5.24.0 and safetensors 0.8.0 in the ignored `.venv`; nothing is downloaded or installed).

Two tiny random `CLIPModel`s, each saved with `save_pretrained` (config.json + model.safetensors,
exactly as transformers writes them, so the Swift side loads them through its Hugging Face name
table) next to the expected outputs:

* `tiny_eos/` — quick_gelu, `eos_token_id` 98 (transformers' rule since PR #24773: pool at the
  first `eos_token_id` of each row; a row without one pools at position 0), 3 images × 3 texts
  padded to 10 tokens with an attention mask.
* `tiny_legacy/` — gelu, LayerNorm ε 1e-6, `eos_token_id` 2 (the rule of OpenAI's converted
  checkpoints: pool at the argmax of the ids, the first one on ties), 4 × 4, with rows whose
  largest id is not the end token, so the two rules pick different positions.

Weights are redrawn at a larger scale than HF's initialisation (and LayerNorms away from 1/0,
`logit_scale` away from its initial value) so that mix-ups cannot hide in near-zero values.

`<case>_expected.safetensors` (all F32; ids and masks as exact F32 values):

    input_ids (B, T), attention_mask (B, T), pixel_values (B, 3, S, S)
    image_features, text_features (B, P)   get_image_features / get_text_features (projected, not normalised)
    image_embeds, text_embeds (B, P)       CLIPModel(...).image_embeds / .text_embeds (L2-normalised)
    logits_per_image (B, B)                logit_scale.exp() · image_embeds · text_embedsᵀ
    loss ()                                CLIPModel(..., return_loss=True).loss
    grad.<name>                            ∂loss/∂parameter for every parameter, Hugging Face names
    extra.pixel_values (2, 3, S, S), extra.logits_per_image (2, B)   a non-square forward (2 images)
    pooled_positions (B)                   the positions the text tower pools (as HF computes them)

`configs.json`: `config.json` variants (HF's own default dump, OpenAI-style `text_config_dict`,
missing keys, list-valued sizes) with the values transformers resolves for each.
Float32, one thread, seeds fixed: reruns are byte-identical on one kind of CPU.
"""
import json
import sys
from pathlib import Path

import torch
import transformers
from transformers import CLIPConfig, CLIPModel

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixture_io import float32_tensors, pinned_torch_session, write_safetensors  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Fixtures" / "clip"
PINNED_TRANSFORMERS = "5.24.0"


def randomise(model: CLIPModel, seed: int) -> None:
    """Every parameter redrawn: matrices N(0, 0.3²), biases N(0, 0.1²), LayerNorm weights
    1 + N(0, 0.1²), embeddings N(0, 0.5²), logit_scale 2.3."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            noise = torch.randn(p.shape, generator=g)
            if name == "logit_scale":
                p.fill_(2.3)
            elif "norm" in name and name.endswith("weight"):
                p.copy_(1 + 0.1 * noise)
            elif name.endswith("bias"):
                p.copy_(0.1 * noise)
            elif "embedding" in name:
                p.copy_(0.5 * noise)
            else:
                p.copy_(0.3 * noise)


def pooled_positions(model: CLIPModel, input_ids: torch.Tensor) -> torch.Tensor:
    """The positions HF's CLIPTextModel pools, computed the way it does."""
    eos = model.text_model.eos_token_id
    if eos == 2:
        return input_ids.to(torch.int).argmax(dim=-1)
    return (input_ids.to(torch.int) == eos).int().argmax(dim=-1)


def write_case(name: str, config: CLIPConfig, input_ids, attention_mask, seed: int) -> None:
    torch.manual_seed(seed)
    model = CLIPModel(config).eval()
    randomise(model, seed)
    folder = OUT / name
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)

    vision = config.vision_config
    g = torch.Generator().manual_seed(seed + 1)
    batch = input_ids.shape[0]
    pixel_values = torch.randn(batch, 3, vision.image_size, vision.image_size, generator=g)
    extra_pixels = torch.randn(2, 3, vision.image_size, vision.image_size, generator=g)

    out = model(input_ids=input_ids, pixel_values=pixel_values, attention_mask=attention_mask, return_loss=True)
    out.loss.backward()
    with torch.no_grad():
        image_features = model.get_image_features(pixel_values=pixel_values).pooler_output
        text_features = model.get_text_features(input_ids=input_ids, attention_mask=attention_mask).pooler_output
        extra = model(input_ids=input_ids, pixel_values=extra_pixels, attention_mask=attention_mask)
        # HF's own normalisation and scale, recomputed independently: the fixture's consistency.
        ie = image_features / image_features.norm(dim=-1, keepdim=True)
        te = text_features / text_features.norm(dim=-1, keepdim=True)
        assert torch.allclose(ie, out.image_embeds, atol=1e-6) and torch.allclose(te, out.text_embeds, atol=1e-6)
        assert torch.allclose(model.logit_scale.exp() * ie @ te.T, out.logits_per_image, atol=1e-5)

    tensors = {
        "input_ids": input_ids, "attention_mask": attention_mask, "pixel_values": pixel_values,
        "image_features": image_features, "text_features": text_features,
        "image_embeds": out.image_embeds, "text_embeds": out.text_embeds,
        "logits_per_image": out.logits_per_image, "loss": out.loss,
        "extra.pixel_values": extra_pixels, "extra.logits_per_image": extra.logits_per_image,
        "pooled_positions": pooled_positions(model, input_ids),
    }
    for pname, p in model.named_parameters():
        assert p.grad is not None, pname
        tensors[f"grad.{pname}"] = p.grad
    metadata = {
        "generator": "Scripts/make_clip_model_fixtures.py", "torch": torch.__version__,
        "transformers": transformers.__version__, "case": name,
        "parameters": ",".join(n for n, _ in model.named_parameters()),
    }
    write_safetensors(OUT / f"{name}_expected.safetensors", float32_tensors(tensors), metadata)
    print(f"wrote {folder.relative_to(ROOT)}/ and {name}_expected.safetensors: loss {out.loss.item():.6f}, "
          f"pooled at {tensors['pooled_positions'].tolist()}")


def resolved(config: CLIPConfig) -> dict:
    """The values of a loaded config that the Swift side decodes."""
    def tower(c, keys):
        return {k: getattr(c, k) for k in keys}
    common = ["hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads", "hidden_act",
              "layer_norm_eps"]
    return {
        "projection_dim": config.projection_dim,
        "logit_scale_init_value": config.logit_scale_init_value,
        "text_config": tower(config.text_config, common + ["vocab_size", "max_position_embeddings", "bos_token_id",
                                                           "eos_token_id", "pad_token_id"]),
        "vision_config": tower(config.vision_config, common + ["image_size", "patch_size", "num_channels"]),
    }


def config_cases() -> list:
    cases = []

    def add(name, data):
        config = CLIPConfig.from_dict(json.loads(json.dumps(data)))
        cases.append({"name": name, "input": data, "resolved": resolved(config)})

    add("hf_default_dump", CLIPConfig().to_dict())
    add("empty", {})
    add("partial_towers", {"projection_dim": 64, "text_config": {"hidden_size": 128, "num_attention_heads": 2},
                           "vision_config": {"image_size": 64, "patch_size": 8, "hidden_act": "gelu"}})
    openai_like = CLIPConfig().to_dict()
    openai_like["text_config"]["eos_token_id"] = 2
    openai_like["text_config"]["bos_token_id"] = 0
    openai_like["text_config_dict"] = None
    openai_like["vision_config_dict"] = None
    add("openai_style_null_dicts", openai_like)
    add("text_config_dict_wins", {"text_config": {"hidden_size": 256, "num_attention_heads": 4},
                                  "text_config_dict": {"hidden_size": 384, "num_attention_heads": 6}})
    add("list_sizes", {"vision_config": {"image_size": [96, 96], "patch_size": [16, 16]}})
    return cases


def main() -> None:
    pinned_torch_session("make_clip_model_fixtures.py", __doc__.splitlines()[0])
    if transformers.__version__ != PINNED_TRANSFORMERS:
        sys.exit(f"make_clip_model_fixtures.py: transformers {transformers.__version__}, pinned {PINNED_TRANSFORMERS}")
    OUT.mkdir(parents=True, exist_ok=True)

    eos_config = CLIPConfig(
        text_config=dict(vocab_size=99, hidden_size=32, intermediate_size=37, num_hidden_layers=2, num_attention_heads=4,
                         max_position_embeddings=12, bos_token_id=97, eos_token_id=98, pad_token_id=98),
        vision_config=dict(image_size=30, patch_size=6, hidden_size=24, intermediate_size=40, num_hidden_layers=2,
                           num_attention_heads=4),
        projection_dim=16)
    ids = torch.tensor([
        [97, 5, 17, 33, 41, 8, 60, 12, 3, 98],   # full row, end token last
        [97, 44, 9, 98, 98, 98, 98, 98, 98, 98],  # short row padded with the end token
        [97, 21, 22, 23, 24, 25, 26, 27, 28, 29],  # truncated: no end token, pools at 0
    ])
    mask = (torch.arange(10)[None, :] <= torch.tensor([9, 3, 9])[:, None]).long()
    write_case("tiny_eos", eos_config, ids, mask, seed=14)

    legacy_config = CLIPConfig(
        text_config=dict(vocab_size=99, hidden_size=16, intermediate_size=24, num_hidden_layers=3, num_attention_heads=2,
                         max_position_embeddings=9, bos_token_id=0, eos_token_id=2, pad_token_id=1, hidden_act="gelu",
                         layer_norm_eps=1e-6),
        vision_config=dict(image_size=28, patch_size=7, hidden_size=20, intermediate_size=36, num_hidden_layers=2,
                           num_attention_heads=5, hidden_act="gelu", layer_norm_eps=1e-6),
        projection_dim=12)
    ids = torch.tensor([
        [0, 10, 11, 98, 0, 0, 0, 0, 0],    # end token 98 is the largest id
        [0, 60, 98, 5, 98, 0, 0, 0, 0],    # two maxima: the first wins
        [0, 97, 4, 2, 0, 0, 0, 0, 0],      # id 2 (eos_token_id) is NOT where the legacy rule pools
        [0, 3, 4, 5, 6, 7, 8, 9, 10],
    ])
    mask = (torch.arange(9)[None, :] <= torch.tensor([3, 4, 3, 8])[:, None]).long()
    write_case("tiny_legacy", legacy_config, ids, mask, seed=15)

    text = json.dumps(config_cases(), indent=1, sort_keys=True) + "\n"
    (OUT / "configs.json").write_text(text)
    print("wrote Fixtures/clip/configs.json")


if __name__ == "__main__":
    main()
