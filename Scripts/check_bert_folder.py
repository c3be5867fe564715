#!/usr/bin/env python3
"""Checks a model folder written by `bert pretrain` against transformers: `BertModel.from_pretrained` and
`BertForMaskedLM.from_pretrained` load it without missing or unexpected weights (the pooler excepted
for `BertModel`: masked-LM checkpoints have none), its tokenizer gives our ids, and our
`bert encode` output (last_hidden_state at [CLS]) equals transformers' within 1e-4.

Run through `Scripts/check-bert-folder DIR` (builds the `bert` executable first). Exits non-zero
naming the first difference.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import torch

SENTENCES = ["eight minus ten", "twenty-three plus four equals twenty-seven",
             "The family of Dashwood had long been settled in Sussex.", "seven times six"]


def main():
    folder, bert = Path(sys.argv[1]), sys.argv[2]
    from transformers import BertForMaskedLM, BertModel, BertTokenizerFast
    mlm, info = BertForMaskedLM.from_pretrained(str(folder), output_loading_info=True)
    problems = {k: v for k, v in info.items() if v and k != "mismatched_keys" or (k == "mismatched_keys" and v)}
    if problems:
        sys.exit(f"BertForMaskedLM.from_pretrained({folder}): {problems}")
    model, info = BertModel.from_pretrained(str(folder), add_pooling_layer=False, output_loading_info=True)
    if any(info[k] for k in ("missing_keys", "mismatched_keys")):
        sys.exit(f"BertModel.from_pretrained({folder}): {info}")
    tokenizer = BertTokenizerFast.from_pretrained(str(folder))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "encode.json"
        subprocess.run([bert, "encode", "--model", str(folder), "--json", str(out), *SENTENCES], check=True,
                       stdout=subprocess.DEVNULL)
        ours = json.loads(out.read_text())
    model.eval()
    worst = 0.0
    with torch.no_grad():
        for i, text in enumerate(SENTENCES):
            enc = tokenizer(text, return_tensors="pt")
            if enc["input_ids"][0].tolist() != ours["input_ids"][i]:
                sys.exit(f"tokenizer ids differ for {text!r}: {enc['input_ids'][0].tolist()} vs {ours['input_ids'][i]}")
            cls = model(**enc).last_hidden_state[0, 0]
            worst = max(worst, (cls - torch.tensor(ours["last_hidden_state_cls"][i])).abs().max().item())
    if worst > 1e-4:
        sys.exit(f"last_hidden_state[:, 0] differs from transformers by {worst:.3g} (> 1e-4)")
    print(f"check_bert_folder: {folder} loads in transformers (BertModel, BertForMaskedLM, tokenizer); "
          f"[CLS] states within {worst:.2g} of ours")


if __name__ == "__main__":
    main()
