#!/usr/bin/env python3
"""PyTorch + transformers twin of `bert finetune`: the same recipe on the same data, for the accuracy
and speed comparisons in docs/bert.md and docs/PERFORMANCE.md.

Same split and batch order as the Swift run (the seeded generator, permutation, stratified
validation split and per-epoch shuffle are ported below bit for bit and checked against the
run's split.json when --check-split is given), same model (`BertForSequenceClassification` from
the same folder; the head drawn by torch), AdamW(lr, weight_decay 0.01, none on biases and
LayerNorm), `get_linear_schedule_with_warmup(int(0.1 * total), total)` stepped per step,
`clip_grad_norm_(1.0)`, batches of 32 padded to their longest row, dropout from the config,
validation after every epoch, the best epoch by validation accuracy (ties: lower loss) scored
on the test set. Modes: finetune, frozen (encoder `requires_grad_(False)`), random-init (the
config only, transformers' `_init_weights`).

Prints one JSON object: per-epoch metrics and seconds split into forward, backward and
clip + optimizer (training steps only, batch building excluded), test accuracy and confusion.

    .venv/bin/python Scripts/bert_torch_twin.py --model models/all-MiniLM-L6-v2 --epochs 10 --lr 2e-4
"""
import argparse
import json
import sys
import time
from pathlib import Path

import torch

MASK64 = (1 << 64) - 1
LABELS = ["negative", "zero", "positive"]
UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]


class SeededGenerator:
    """TinyformerRandom's xoshiro256** seeded by SplitMix64 (Sources/TinyformerRandom)."""

    def __init__(self, seed):
        x = seed & MASK64
        state = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & MASK64
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
            state.append(z ^ (z >> 31))
        self.s = state

    @staticmethod
    def _rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & MASK64

    def next(self):
        s0, s1, s2, s3 = self.s
        result = (self._rotl((s1 * 5) & MASK64, 7) * 9) & MASK64
        t = (s1 << 17) & MASK64
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = self._rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def uniform_index(self, bound):
        threshold = (-bound) % bound
        while True:
            r = self.next()
            if r >= threshold:
                return r % bound

    def permutation(self, count):
        order = list(range(count))
        for i in range(count - 1, 0, -1):
            j = self.uniform_index(i + 1)
            order[i], order[j] = order[j], order[i]
        return order

    @staticmethod
    def stream_seed(seed, index):
        def mix(value):
            z = (value + 0x9E3779B97F4A7C15) & MASK64
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
            return z ^ (z >> 31)
        return mix(seed ^ mix((index & MASK64) + 1))


def examples():
    out = []
    for op, name in enumerate(["plus", "minus"]):
        for a in range(20):
            for b in range(20):
                value = a + b if op == 0 else a - b
                out.append({"index": len(out), "text": f"{UNITS[a]} {name} {UNITS[b]}",
                            "label": 0 if value < 0 else 1 if value == 0 else 2})
    return out


def split(seed, test_count=160, fraction=0.3):
    """ArithmeticSplit: permutation → test, rest; stratified validation by largest remainders."""
    everything = examples()
    order = [everything[i] for i in SeededGenerator(seed).permutation(len(everything))]
    rest = order[test_count:]
    by_label = {}
    for e in rest:
        by_label.setdefault(e["label"], []).append(e)
    labels = sorted(by_label)
    wanted = round(fraction * len(rest))
    quota = {l: int(fraction * len(by_label[l])) for l in labels}
    remainders = sorted(labels, key=lambda l: (-(fraction * len(by_label[l]) - quota[l]), l))
    missing = wanted - sum(quota.values())
    for l in remainders:
        if missing <= 0:
            break
        quota[l] += 1
        missing -= 1
    taken, train, validation = {}, [], []
    for e in rest:
        if taken.get(e["label"], 0) < quota[e["label"]]:
            validation.append(e)
            taken[e["label"]] = taken.get(e["label"], 0) + 1
        else:
            train.append(e)
    return train, validation, order[:test_count]


def decay_groups(model, weight_decay):
    decay, exempt = [], []
    for module in model.modules():
        for name, p in module.named_parameters(recurse=False):
            if not p.requires_grad:
                continue
            (exempt if isinstance(module, torch.nn.LayerNorm) or name == "bias" else decay).append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": exempt, "weight_decay": 0.0}]


def batch_tensors(tokenizer, items):
    enc = tokenizer([e["text"] for e in items], padding="longest", return_tensors="pt")
    return enc, torch.tensor([e["label"] for e in items])


@torch.no_grad()
def evaluate(model, tokenizer, items, batch_size=64):
    model.eval()
    logits = []
    for i in range(0, len(items), batch_size):
        enc, _ = batch_tensors(tokenizer, items[i:i + batch_size])
        logits.append(model(**enc).logits.float())
    logits = torch.cat(logits)
    labels = torch.tensor([e["label"] for e in items])
    loss = torch.nn.functional.cross_entropy(logits, labels).item()
    predicted = logits.argmax(-1)
    confusion = [[int(((labels == t) & (predicted == p)).sum()) for p in range(3)] for t in range(3)]
    return {"loss": loss, "accuracy": float((predicted == labels).float().mean()), "confusion": confusion,
            "predicted": predicted.tolist()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="Hugging Face BERT folder")
    parser.add_argument("--mode", choices=["finetune", "frozen", "random-init"], default="finetune")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--lr", type=float, default=2e-4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--check-split", help="a Swift run's split.json that must equal this split")
    args = parser.parse_args()
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast, get_linear_schedule_with_warmup
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    train, validation, test = split(args.seed)
    if args.check_split:
        swift = json.loads(Path(args.check_split).read_text())
        for name, ours in [("train", train), ("validation", validation), ("test", test)]:
            if [e["index"] for e in swift[name]] != [e["index"] for e in ours]:
                sys.exit(f"bert_torch_twin.py: the {name} split differs from {args.check_split}")

    tokenizer = BertTokenizerFast.from_pretrained(args.model)
    id2label = dict(enumerate(LABELS))
    label2id = {v: k for k, v in id2label.items()}
    if args.mode == "random-init":
        config = BertConfig.from_pretrained(args.model, num_labels=3, id2label=id2label, label2id=label2id)
        model = BertForSequenceClassification(config)
    else:
        model = BertForSequenceClassification.from_pretrained(args.model, num_labels=3, id2label=id2label, label2id=label2id)
    if args.mode == "frozen":
        model.bert.requires_grad_(False)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(decay_groups(model, 0.01), lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
    batches_per_epoch = (len(train) + args.batch_size - 1) // args.batch_size
    total = args.epochs * batches_per_epoch
    schedule = get_linear_schedule_with_warmup(optimizer, int(0.1 * total), total)

    batch_seed = args.seed ^ 0x62617463
    records, best, best_state = [], None, None
    for epoch in range(args.epochs):
        order = [train[i] for i in SeededGenerator(SeededGenerator.stream_seed(batch_seed, epoch)).permutation(len(train))]
        batches = [batch_tensors(tokenizer, order[i:i + args.batch_size]) for i in range(0, len(order), args.batch_size)]
        model.train()
        seconds = {"forward": 0.0, "backward": 0.0, "optimizer": 0.0}
        losses = []
        for enc, labels in batches:
            t0 = time.perf_counter()
            optimizer.zero_grad(set_to_none=True)
            loss = model(**enc, labels=labels).loss
            t1 = time.perf_counter()
            loss.backward()
            t2 = time.perf_counter()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            schedule.step()
            t3 = time.perf_counter()
            seconds["forward"] += t1 - t0
            seconds["backward"] += t2 - t1
            seconds["optimizer"] += t3 - t2
            losses.append(loss.item())
        val = evaluate(model, tokenizer, validation)
        record = {"epoch": epoch + 1, "train_loss": sum(losses) / len(losses), "val_loss": val["loss"],
                  "val_acc": val["accuracy"], "seconds": sum(seconds.values()), **{f"{k}_s": v for k, v in seconds.items()}}
        records.append(record)
        print(json.dumps(record), file=sys.stderr)
        if best is None or (val["accuracy"], -val["loss"]) > (best["val_acc"], -best["val_loss"]):
            best = record
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    result = evaluate(model, tokenizer, test)
    print(json.dumps({"mode": args.mode, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "records": records, "best_epoch": best["epoch"], "test_accuracy": result["accuracy"],
                      "test_confusion": result["confusion"],
                      "test_predictions": {e["text"]: LABELS[p] for e, p in zip(test, result["predicted"])}}))


if __name__ == "__main__":
    main()
