#!/usr/bin/env python3
"""The PyTorch side of Scripts/bench-clip: transformers' CLIPModel + CLIPProcessor, eager, on the
same files and texts as `clip`. Also writes the random ViT-B/32-shaped model folder (`make-b32`).

    bench_clip_torch.py make-b32 SYNTHETIC_MODEL_DIR OUT_DIR
    bench_clip_torch.py images MODEL_DIR IMAGE_DIR REPEATS      -> JSON {"images", "seconds"}
    bench_clip_torch.py texts MODEL_DIR TEXTS_FILE REPEATS      -> JSON {"texts", "seconds"}

Timings are the best of REPEATS passes over all inputs after a warm-up pass: decode (PIL) +
preprocess (CLIPImageProcessor) + vision tower and projection, in batches of 64; texts:
tokenizer + text tower. Pinned: torch 2.13.0+cpu, transformers 5.24.0.
"""
import json
import shutil
import sys
import time
from pathlib import Path

import torch
from PIL import Image
from transformers import CLIPConfig, CLIPImageProcessor, CLIPModel, CLIPTokenizer


def make_b32(synthetic: Path, out: Path) -> None:
    vocab = len(json.loads((synthetic / "vocab.json").read_text()))
    text = json.loads((synthetic / "config.json").read_text())["text_config"]
    config = CLIPConfig(
        text_config=dict(vocab_size=vocab, hidden_size=512, intermediate_size=2048, num_hidden_layers=12,
                         num_attention_heads=8, max_position_embeddings=77, hidden_act="quick_gelu",
                         bos_token_id=text["bos_token_id"], eos_token_id=text["eos_token_id"], pad_token_id=text["pad_token_id"]),
        vision_config=dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
                           image_size=224, patch_size=32, hidden_act="quick_gelu"),
        projection_dim=512)
    torch.manual_seed(0)
    CLIPModel(config).save_pretrained(out)
    for name in ["vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json"]:
        if (synthetic / name).exists():
            shutil.copy(synthetic / name, out / name)
    CLIPImageProcessor(size={"shortest_edge": 224}, crop_size={"height": 224, "width": 224}).save_pretrained(out)


def best_of(repeats, work):
    work()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    mode = sys.argv[1]
    if mode == "make-b32":
        make_b32(Path(sys.argv[2]), Path(sys.argv[3]))
        return 0
    model_dir, source, repeats = Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
    model = CLIPModel.from_pretrained(model_dir).eval()
    if mode == "images":
        processor = CLIPImageProcessor.from_pretrained(model_dir)
        files = sorted(p for p in source.iterdir() if p.suffix == ".png")

        def work():
            with torch.no_grad():
                for i in range(0, len(files), 64):
                    images = [Image.open(p).convert("RGB") for p in files[i:i + 64]]
                    pixels = processor(images=images, return_tensors="pt")["pixel_values"]
                    model.get_image_features(pixel_values=pixels)
        print(json.dumps({"images": len(files), "seconds": best_of(repeats, work), "threads": torch.get_num_threads()}))
    else:
        tokenizer = CLIPTokenizer.from_pretrained(model_dir)
        texts = source.read_text().splitlines()

        def work():
            with torch.no_grad():
                for i in range(0, len(texts), 64):
                    ids = tokenizer(texts[i:i + 64], padding=True, return_tensors="pt")
                    model.get_text_features(input_ids=ids["input_ids"], attention_mask=ids["attention_mask"])
        print(json.dumps({"texts": len(texts), "seconds": best_of(repeats, work), "threads": torch.get_num_threads()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
