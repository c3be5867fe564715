"""Where a synthetic-shapes CLIP fails on its held-out colour-shape combinations (docs/clip.md).

Loads a `clip train` folder in transformers (CLIPModel, CLIPProcessor: the same numbers as
`clip embed`, checked by Scripts/check-clip-transformers) and the lone-object images of two
`clip make-images` folders (one --split heldout, one --split train; captions.json names each
image's objects). Prints:

- zero-shot accuracy over the 36 "a {colour} {shape}" labels, held-out and seen images;
- nearest-centroid accuracy with each combination's image centroid (built from the even-indexed
  images, tested on the odd ones): how well the vision tower alone separates the combinations;
- per held-out combination, the image centroid nearest its label text (does the text side
  compose?) and the seen combination whose image centroid is nearest its own (does the image
  side separate it?);
- zero-shot accuracy with prompt templates averaged, as CLIP averages its templates.

Usage: .venv/bin/python Scripts/clip_composition.py MODEL_DIR HELDOUT_IMAGES TRAIN_IMAGES
"""
import json
import sys

import torch
from PIL import Image
from transformers import CLIPModel, CLIPProcessor

COLOURS = "red green blue yellow purple orange".split()
SHAPES = "circle square triangle star cross diamond".split()
LABELS = [f"{c} {s}" for c in COLOURS for s in SHAPES]
HELD_OUT = {"red circle", "green square", "blue triangle", "yellow star", "purple cross", "orange diamond"}
TEMPLATES = {
    "a {}": ["a {}"],
    "sizes": ["a {}", "a small {}", "a large {}"],
    "sizes and positions": ["a {}", "a small {}", "a large {}"]
    + [f"a {{}} {p}" for p in ["on the left", "on the right", "at the top", "at the bottom"]],
}


def features(output):
    return output.pooler_output if hasattr(output, "pooler_output") else output


def main(model_dir, *folders):
    model = CLIPModel.from_pretrained(model_dir).eval()
    processor = CLIPProcessor.from_pretrained(model_dir)

    def embed_texts(texts):
        with torch.no_grad():
            out = model.get_text_features(**processor(text=texts, return_tensors="pt", padding=True))
        return torch.nn.functional.normalize(features(out), dim=-1)

    embeds, labels = [], []
    for folder in folders:
        records = [r for r in json.load(open(f"{folder}/captions.json")) if len(r["scene"]["objects"]) == 1]
        images = [Image.open(f"{folder}/{r['file']}").convert("RGB") for r in records]
        with torch.no_grad():
            out = model.get_image_features(**processor(images=images, return_tensors="pt"))
        embeds.append(torch.nn.functional.normalize(features(out), dim=-1))
        labels += [" ".join(r["scene"]["objects"][0]["combination"][k] for k in ("color", "shape")) for r in records]
    images = torch.cat(embeds)  # (n, P)
    y = torch.tensor([LABELS.index(label) for label in labels])
    held = torch.tensor([label in HELD_OUT for label in labels])

    def accuracy(predicted):
        return (predicted[held] == y[held]).float().mean().item(), (predicted[~held] == y[~held]).float().mean().item()

    texts = embed_texts([f"a {label}" for label in LABELS])  # (36, P)
    print("zero-shot, 36 labels: held-out %.3f, seen %.3f" % accuracy((images @ texts.T).argmax(1)))

    even = torch.arange(len(y)) % 2 == 0
    centroids = torch.stack([torch.nn.functional.normalize(images[even & (y == k)].mean(0), dim=0) for k in range(36)])
    guess = (images @ centroids.T).argmax(1)
    test = ~even
    print("nearest image centroid (odd images): held-out %.3f, seen %.3f" % (
        (guess[test & held] == y[test & held]).float().mean().item(), (guess[test & ~held] == y[test & ~held]).float().mean().item()))

    all_centroids = torch.stack([torch.nn.functional.normalize(images[y == k].mean(0), dim=0) for k in range(36)])
    for label in sorted(HELD_OUT):
        k = LABELS.index(label)
        by_text = texts[k] @ all_centroids.T
        top = by_text.argsort(descending=True)[:2]
        near = all_centroids[k] @ all_centroids.T
        near[k] = -2
        j = near.argmax().item()
        print(f"  '{label}': text nearest the centroid of {LABELS[top[0]]} ({by_text[top[0]]:.3f}; then {LABELS[top[1]]} "
              f"{by_text[top[1]]:.3f}); its image centroid nearest {LABELS[j]} ({near[j]:.3f})")

    for name, templates in TEMPLATES.items():
        averaged = torch.nn.functional.normalize(torch.stack([embed_texts([t.format(l) for l in LABELS]) for t in templates]).mean(0), dim=-1)
        print(f"templates '{name}': held-out %.3f, seen %.3f" % accuracy((images @ averaged.T).argmax(1)))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    torch.manual_seed(0)
    main(*sys.argv[1:])
