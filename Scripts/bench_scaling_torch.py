#!/usr/bin/env python3
"""PyTorch eager twin of `scaling sweep --protocol course` for Scripts/bench-scaling.

The same runs: for each width h, the decoder-only course model (Scripts/nmt_torch_twin.py, 4
layers), the small set split 80/20, batches of one (source, target) length of at most 64 pairs
reshuffled every epoch, Adam(lr 5e-4) with lr x 0.99 before every epoch, the validation loss
after every epoch (mean of the validation batches' losses, no gradients). The split and the
shuffles use Python's RNG (equal sizes and length mix, not the same pairs as Swift).

Prints JSON: per width, the seconds of each epoch's training steps (batch building excluded, as
in Swift's metrics.csv), of each epoch's validation, and the last validation loss."""
import argparse, json, random, sys, time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_nmt_torch import PINNED, batches, load_pairs  # noqa: E402
from nmt_torch_twin import NMTTransformer, TransformerConfig, inputs_for  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, help="pairs file (Fixtures/piglatin/small.txt)")
    parser.add_argument("--sizes", default="16,32,48,64,96,128")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    if torch.__version__ != PINNED:
        print(f"warning: torch {torch.__version__}; figures were recorded with {PINNED}", file=sys.stderr)
    if args.threads:
        torch.set_num_threads(args.threads)
    pairs = load_pairs(args.data)
    results = {}
    for h in [int(s) for s in args.sizes.split(",")]:
        torch.manual_seed(0)
        rng = random.Random(0)
        shuffled = list(pairs)
        rng.shuffle(shuffled)
        cut = len(shuffled) * 80 // 100
        train, validation = shuffled[:cut], shuffled[cut:]
        config = TransformerConfig(architecture="decoderOnly", hiddenSize=h, layers=4)
        model = NMTTransformer(config)
        optimizer = torch.optim.Adam(model.parameters(), lr=5e-4)
        validation_batches = [inputs_for(config, s, t) for s, t in batches(validation, 64)]
        train_seconds, eval_seconds, loss = [], [], None
        for _ in range(args.epochs):
            optimizer.param_groups[0]["lr"] *= 0.99
            prepared = [inputs_for(config, s, t) for s, t in batches(train, 64, rng)]
            start = time.perf_counter()
            for batch in prepared:
                optimizer.zero_grad()
                model.loss(batch).backward()
                optimizer.step()
            train_seconds.append(time.perf_counter() - start)
            start = time.perf_counter()
            with torch.no_grad():
                losses = [model.loss(batch).item() for batch in validation_batches]
            eval_seconds.append(time.perf_counter() - start)
            loss = sum(losses) / len(losses)
        results[str(h)] = {"train_seconds": train_seconds, "eval_seconds": eval_seconds, "val_loss": loss}
    print(json.dumps({"runs": results, "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
