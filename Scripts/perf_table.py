#!/usr/bin/env python3
"""Merges matmul-bench's JSON and bench_torch_matmul.py's JSON (same run, same machine) into a
markdown table: library GFLOP/s, direct OpenBLAS GFLOP/s, torch GFLOP/s and the ratios."""
import json, sys


def main(swift_path, torch_path):
    swift, torch = json.load(open(swift_path)), json.load(open(torch_path))
    by_key = {(r["op"], tuple(r["shape"]), r.get("product", "")): r for r in torch["results"]}
    print(f"Machine: {swift['machine']}; {swift['openblas']}; direct OpenBLAS threads {swift['threads']}; "
          f"library pool threads {swift.get('library_threads', '?')} (OpenBLAS at 1 inside); "
          f"torch {torch['torch']} with {torch['threads']} threads; {swift['date']}\n")
    print("| op | shape | library GFLOP/s | direct OpenBLAS GFLOP/s | library / direct | torch GFLOP/s | library / torch | library µs/call |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in swift["results"]:
        t = by_key.get((r["op"], tuple(r["shape"]), r.get("product", "")))
        tg = t["gflops"] if t else float("nan")
        name = r["op"] + (f" {r['product']}" if r.get("product") else "")
        shape = "×".join(str(s) for s in r["shape"])
        print(f"| {name} | {shape} | {r['gflops']:.1f} | {r['direct_gflops']:.1f} | {r['gflops'] / r['direct_gflops']:.2f} | "
              f"{tg:.1f} | {r['gflops'] / tg:.1f} | {r['us_per_call']:.1f} |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
