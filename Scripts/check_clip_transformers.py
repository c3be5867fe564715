#!/usr/bin/env python3
"""A CLIP folder written by `clip train` loads in transformers and gives our numbers.

Run through `Scripts/check-clip-transformers MODEL_DIR` (which builds `clip`, writes a few
synthetic images and our embeddings with `clip embed`, then runs this script). Checks, with the
pinned transformers 5.24.0:

* `CLIPTokenizer.from_pretrained(MODEL_DIR)` (transformers 5's tokenizers-backed class) reads our
  vocab.json / merges.txt (its ids are checked through the text embeddings: a different id
  changes them);
* `CLIPImageProcessorPil.from_pretrained(MODEL_DIR)` preprocesses the PNGs;
* `CLIPModel.from_pretrained(MODEL_DIR)` gives `image_embeds`, `text_embeds` and
  `logits_per_image` equal to ours within |a − b| ≤ atol + rtol·|b| (printed worst element).

Exit status 0 when everything agrees.
"""
import json
import sys
from pathlib import Path

import numpy as np
import torch
import transformers
from PIL import Image
from transformers import CLIPModel, CLIPTokenizer
from transformers.models.clip.image_processing_pil_clip import CLIPImageProcessorPil


def worst(name, ours, theirs, atol, rtol):
    ours, theirs = np.asarray(ours, dtype=np.float64), np.asarray(theirs, dtype=np.float64)
    assert ours.shape == theirs.shape, f"{name}: shape {ours.shape} vs {theirs.shape}"
    err = np.abs(ours - theirs)
    allowed = atol + rtol * np.abs(theirs)
    i = np.unravel_index(np.argmax(err / allowed), err.shape)
    ok = bool(np.all(err <= allowed))
    print(f"{name}: max |diff| {err.max():.3g}, worst element {i}: ours {ours[i]:.7g}, transformers {theirs[i]:.7g} "
          f"({'ok' if ok else 'FAIL'}: atol {atol}, rtol {rtol})")
    return ok


def main() -> int:
    if len(sys.argv) != 4:
        print("usage: check_clip_transformers.py MODEL_DIR CAPTIONS_JSON OURS_JSON", file=sys.stderr)
        return 2
    model_dir, captions_path, ours_path = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    if transformers.__version__ != "5.24.0":
        print(f"transformers {transformers.__version__}; pinned 5.24.0", file=sys.stderr)
        return 2
    torch.set_num_threads(1)
    spec = json.loads(captions_path.read_text())
    ours = json.loads(ours_path.read_text())

    tokenizer = CLIPTokenizer.from_pretrained(model_dir)
    processor = CLIPImageProcessorPil.from_pretrained(model_dir)
    model = CLIPModel.from_pretrained(model_dir).eval()
    print(f"transformers {transformers.__version__}: loaded {model_dir} ({sum(p.numel() for p in model.parameters())} parameters), "
          f"tokenizer of {len(tokenizer)} tokens")

    texts = spec["texts"]
    ids = tokenizer(texts, padding=True, return_tensors="pt")
    for text, row in zip(texts, ids["input_ids"].tolist()):
        tokens = tokenizer.convert_ids_to_tokens(row)
        assert tokens[0] == "<|startoftext|>", tokens
    images = [Image.open(p).convert("RGB") for p in spec["images"]]
    pixels = processor(images=images, return_tensors="pt")["pixel_values"]
    with torch.no_grad():
        out = model(input_ids=ids["input_ids"], attention_mask=ids["attention_mask"], pixel_values=pixels)
    ok = worst("image_embeds", ours["image_embeds"], out.image_embeds.numpy(), 1e-5, 1e-4)
    ok &= worst("text_embeds", ours["text_embeds"], out.text_embeds.numpy(), 1e-5, 1e-4)
    ok &= worst("logits_per_image", ours["logits_per_image"], out.logits_per_image.numpy(), 1e-4, 1e-4)
    ours_best = np.argmax(np.asarray(ours["logits_per_image"]), axis=0)
    theirs_best = out.logits_per_image.argmax(dim=0).numpy()
    print(f"caption → selected image: ours {ours_best.tolist()}, transformers {theirs_best.tolist()}")
    ok &= bool(np.array_equal(ours_best, theirs_best))
    print("OK: transformers' CLIPModel gives our logits" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
