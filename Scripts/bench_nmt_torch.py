#!/usr/bin/env python3
"""PyTorch eager twin of `nmt train` for the speed comparison in docs/PERFORMANCE.md.

Same model (Scripts/nmt_torch_twin.py), same data file, same 80/20 split sizes, same batching rule
(pairs grouped by (source length, target length), chunks of at most --batch-size, order shuffled
per epoch), Adam(lr 5e-4) with lr × 0.99 before every epoch. The split itself is drawn with
Python's RNG, so the exact pairs differ from the Swift run (equal sizes and length mix). Prints
JSON: seconds of training steps per epoch (batch building excluded, as in Swift's metrics) and
the validation loss after the last epoch."""
import argparse, json, random, sys, time
from collections import OrderedDict
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nmt_torch_twin import NMTTransformer, TransformerConfig, encode, inputs_for  # noqa: E402

PINNED = "2.13.0+cpu"


def load_pairs(path):
    pairs = []
    for line in Path(path).read_text().splitlines():
        if line.strip():
            source, target = line.split()
            pairs.append((encode(source), encode(target)))
    return pairs


def batches(pairs, batch_size, rng=None):
    groups = OrderedDict()
    for source, target in pairs:
        groups.setdefault((len(source), len(target)), []).append((source, target))
    out = []
    for group in groups.values():
        if rng:
            rng.shuffle(group)
        for i in range(0, len(group), batch_size):
            chunk = group[i:i + batch_size]
            out.append(([s for s, _ in chunk], [t for _, t in chunk]))
    if rng:
        rng.shuffle(out)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--arch", choices=["encoderDecoder", "decoderOnly"], default="encoderDecoder")
    parser.add_argument("--data", required=True, help="pairs file")
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    if torch.__version__ != PINNED:
        print(f"warning: torch {torch.__version__}; figures were recorded with {PINNED}", file=sys.stderr)
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    rng = random.Random(0)
    pairs = load_pairs(args.data)
    rng.shuffle(pairs)
    cut = len(pairs) * 80 // 100
    train, validation = pairs[:cut], pairs[cut:]
    config = TransformerConfig(architecture=args.arch, hiddenSize=args.hidden, layers=args.layers)
    model = NMTTransformer(config)
    optimizer = torch.optim.Adam(model.parameters(), lr=5e-4)
    seconds = []
    for epoch in range(args.epochs):
        optimizer.param_groups[0]["lr"] *= 0.99
        prepared = [inputs_for(config, s, t) for s, t in batches(train, args.batch_size, rng)]
        start = time.perf_counter()
        for batch in prepared:
            optimizer.zero_grad()
            loss = model.loss(batch)
            loss.backward()
            optimizer.step()
        seconds.append(time.perf_counter() - start)
    with torch.no_grad():
        losses = [model.loss(inputs_for(config, s, t)).item() for s, t in batches(validation, args.batch_size)]
    print(json.dumps({"seconds_per_epoch": seconds, "val_loss": sum(losses) / len(losses),
                      "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
