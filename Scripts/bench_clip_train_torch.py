#!/usr/bin/env python3
"""The PyTorch side of the CLIP training timing in Scripts/bench-clip-train: seconds per training
step of transformers' CLIPModel (eager) with the configuration of a model folder written by
`clip train` — the same towers, batch size, loss (CLIPModel's symmetric contrastive loss with
return_loss=True) and optimizer (AdamW, betas (0.9, 0.98), eps 1e-6, weight decay, clipping at
norm 1, logit_scale clamped to ln 100 after the update) — on random pixels and token ids of the
run's shapes. Data generation is not timed on this side (on ours it is rendering + encoding,
part of every step).

    bench_clip_train_torch.py MODEL_DIR STEPS THREADS   -> JSON {"steps", "seconds_per_step"}

Pinned: torch 2.13.0+cpu, transformers 5.24.0. Fixed seed.
"""
import json
import math
import sys
import time
from pathlib import Path

import torch
from transformers import CLIPConfig, CLIPModel


def main() -> None:
    folder, steps, threads = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    torch.manual_seed(0)
    torch.set_num_threads(threads)
    training = json.loads((folder / "training.json").read_text())
    config = CLIPConfig.from_pretrained(folder)
    model = CLIPModel(config).train()
    batch, side, length = training["batchSize"], training["imageSide"], training["contextLength"]
    vocab, eos = config.text_config.vocab_size, config.text_config.eos_token_id
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2]
    rest = [p for n, p in model.named_parameters() if p.ndim < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": training["weightDecay"]},
                                   {"params": rest, "weight_decay": 0.0}],
                                  lr=training["learningRate"], betas=(0.9, 0.98), eps=1e-6)
    pixels = torch.randn(batch, 3, side, side)
    ids = torch.randint(0, vocab, (batch, length))
    ids[:, -1] = eos

    def step() -> None:
        optimizer.zero_grad(set_to_none=True)
        loss = model(input_ids=ids, pixel_values=pixels, return_loss=True).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        with torch.no_grad():
            model.logit_scale.clamp_(max=math.log(100))

    for _ in range(3):  # warm-up
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    print(json.dumps({"steps": steps, "seconds_per_step": (time.perf_counter() - start) / steps}))


if __name__ == "__main__":
    main()
