#!/usr/bin/env python3
"""PyTorch eager timings for the shapes of `matmul-bench`: torch.mm on square sizes and torch.bmm on
the attention-shaped products (B=64, T in {10,20,40}, d in {32,64,128}; Q·Kᵀ, A·V, Aᵀ·dO), written
as JSON in matmul-bench's schema ("gflops" is torch's). Run through Scripts/bench-matmul."""
import argparse, json, platform, time

import torch

PINNED = "2.13.0+cpu"


def seconds_per_call(fn, minimum):
    for _ in range(3):
        fn()
    best = float("inf")
    for _ in range(3):
        calls, start = 0, time.perf_counter()
        while True:
            fn()
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= minimum / 3:
                break
        best = min(best, elapsed / calls)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", required=True)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=0.25)
    parser.add_argument("--sizes", default="64,128,256,512,1024,2048")
    args = parser.parse_args()
    if torch.__version__ != PINNED:
        print(f"warning: torch {torch.__version__}, figures were recorded with {PINNED}")
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    results = []
    with torch.no_grad():
        for n in [int(s) for s in args.sizes.split(",")]:
            a, b = torch.rand(n, n) * 2 - 1, torch.rand(n, n) * 2 - 1
            t = seconds_per_call(lambda: torch.mm(a, b), args.seconds)
            results.append({"op": "sgemm", "shape": [n, n, n], "product": "", "gflops": 2 * n**3 / t / 1e9, "us_per_call": t * 1e6})
            print(f"torch.mm {n}: {results[-1]['gflops']:.1f} GFLOP/s")
        batch = 64
        for t_len in (10, 20, 40):
            for d in (32, 64, 128):
                for name, ta, tb in (("QK^T", False, True), ("AV", False, False), ("A^T dO", True, False)):
                    m, n, k = (t_len, t_len, d) if name == "QK^T" else (t_len, d, t_len)
                    a = torch.rand(batch, k, m) if ta else torch.rand(batch, m, k)
                    b = torch.rand(batch, n, k) if tb else torch.rand(batch, k, n)
                    fa = (lambda a=a: a.transpose(1, 2)) if ta else (lambda a=a: a)
                    fb = (lambda b=b: b.transpose(1, 2)) if tb else (lambda b=b: b)
                    sec = seconds_per_call(lambda: torch.bmm(fa(), fb()), args.seconds)
                    results.append({"op": "bmm", "shape": [batch, m, n, k], "product": name,
                                    "gflops": 2 * batch * m * n * k / sec / 1e9, "us_per_call": sec * 1e6})
                    print(f"torch.bmm {name} {batch}x{m}x{n}x{k}: {results[-1]['gflops']:.1f} GFLOP/s")
    report = {"machine": platform.processor() or platform.machine(), "torch": torch.__version__,
              "threads": torch.get_num_threads(), "results": results}
    with open(args.json, "w") as f:
        json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
