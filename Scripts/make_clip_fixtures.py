#!/usr/bin/env python3
"""Golden data for the CLIP tokenizer and image preprocessing (Fixtures/tokenizers, Fixtures/images).

Run it through `Scripts/make-clip-fixtures`, which checks the pinned versions and downloads the two
wheels below into a temporary folder (pip download --no-deps; nothing is installed).

Tokenizer
---------
* OpenAI's `bpe_simple_vocab_16e6.txt.gz` (from the open_clip_torch wheel) is converted into Hugging
  Face's `vocab.json` + `merges.txt` the way HF's CLIP files were made: the 256 byte characters,
  the same with `</w>`, one token per merge (the first 48,894), then `<|startoftext|>` and
  `<|endoftext|>` — 49,408 tokens. `tokenizer_config.json` and `special_tokens_map.json` are
  written like the ones of `openai/clip-vit-base-patch32`.
* The reference is HF's slow, pure-Python `CLIPTokenizer`. transformers 5.x no longer ships it
  (its `CLIPTokenizer` is the Rust-backed one, which differs: no control-character removal, no
  spaces around CJK characters), so the class is taken verbatim from the transformers 4.57.6
  wheel (`models/clip/tokenization_clip.py`) and run on transformers 5.24's slow base class
  `PythonBackend` (the renamed `PreTrainedTokenizer`). Only its two import lines are rewritten;
  the helper functions it imports (`_is_whitespace`, `_is_control`, `_is_punctuation`) are checked
  to be textually identical between 4.57.6 and 5.24. ftfy must not be importable, so the class
  uses its `BasicTokenizer(strip_accents=False, do_split_on_punc=False)` fallback.
* The corpus (Fixtures/tokenizers/clip_corpus.jsonl, one JSON string per line) is written from the
  lists below; Fixtures/tokenizers/clip_expected.jsonl holds, line by line, the BPE tokens and the
  ids of `tokenizer(text, padding="max_length", max_length=77, truncation=True)` without the padding
  (asserted to be `<|endoftext|>` ids with attention mask 0); clip_variants.json has batches,
  other lengths, no truncation and a tokenizer whose pad token is "!" (as LAION's CLIPs).

Images
------
* Test images are drawn with PIL (seeded numpy noise) into Fixtures/images/, plus files that must
  be rejected (empty, text, random bytes, truncated PNG/JPEG, corrupt PNG, zero-size and huge
  headers).
* The reference is the PIL-based `CLIPImageProcessorPil` of transformers 5.24 (`backend == "pil"`,
  checked). Its plain `CLIPImageProcessor` is the torchvision "fast" one in 5.x and is NOT used.
  Note: 5.24's `convert_to_rgb` composites transparent images onto white (4.x and OpenAI's
  `convert("RGB")` dropped alpha); both variants are recorded.
* Expected outputs: Fixtures/images/expected/<image>.resize224.png — PIL's bicubic resize to the
  size the OpenAI configuration (shortest edge 224, crop 224) asks for, stored losslessly; the
  script asserts that the processor's pixel_values equal, bit for bit,
  ((crop(resize) as float64 * rescale_factor) as float32 - mean) / std, so the PNG carries the
  224-pixel pixel_values exactly at a fraction of the size of float32. expected/pixel_values.safetensors
  holds float32 pixel_values of the 64-pixel configuration (all images), of a no-resize
  configuration that pads (a few images) and of the drop-alpha variant.
"""
import argparse
import ast
import gzip
import hashlib
import inspect
import io
import json
import struct
import sys
import types
import zipfile
import zlib
from pathlib import Path

import numpy as np
import PIL
import regex
import safetensors
import tokenizers
import transformers
from PIL import Image, ImageDraw
from safetensors.numpy import load_file

ROOT = Path(__file__).resolve().parent.parent
TOKENIZER_OUT = ROOT / "Fixtures" / "tokenizers"
IMAGE_OUT = ROOT / "Fixtures" / "images"

OPEN_CLIP_WHEEL = ("open_clip_torch-3.3.0-py3-none-any.whl",
                   "c549ad5ed6bfc119cc11105033c0a2b9d7a2a4afeb40a58a09aab3da1a0043ce")
BPE_FILE = ("open_clip/bpe_simple_vocab_16e6.txt.gz",
            "924691ac288e54409236115652ad4aa250f48203de50a9e4722a6ecd48d6804a")
TRANSFORMERS4_WHEEL = ("transformers-4.57.6-py3-none-any.whl",
                       "4c9e9de11333ddfe5114bc872c9f370509198acf0b87a832a0ab9458e2bd0550")

PINNED = {"transformers": "5.24.0", "tokenizers": "0.23.3", "PIL": "13.0.0", "safetensors": "0.8.0"}
CONTEXT_LENGTH = 77
MERGE_COUNT = 49152 - 256 - 2  # 48,894: what OpenAI's tokenizer and HF's slow CLIPTokenizer read

OPENAI_MEAN = [0.48145466, 0.4578275, 0.40821073]
OPENAI_STD = [0.26862954, 0.26130258, 0.27577711]


# --------------------------------------------------------------------------------------------
# Wheels


def wheel_member(wheels: Path, wheel: tuple, member: str, member_sha: str | None = None) -> bytes:
    name, sha = wheel
    data = (wheels / name).read_bytes()
    got = hashlib.sha256(data).hexdigest()
    if got != sha:
        sys.exit(f"make_clip_fixtures: {name} has SHA-256 {got}, expected {sha}")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        blob = z.read(member)
    if member_sha is not None and hashlib.sha256(blob).hexdigest() != member_sha:
        sys.exit(f"make_clip_fixtures: {name}:{member} has an unexpected SHA-256")
    return blob


def function_sources(python_source: str, names: list) -> dict:
    tree = ast.parse(python_source)
    lines = python_source.splitlines()
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in names:
            found[node.name] = "\n".join(lines[node.lineno - 1:node.end_lineno])
    return found


def slow_clip_tokenizer_module(wheels: Path) -> types.ModuleType:
    """transformers 4.57.6's slow CLIPTokenizer on transformers 5.24's slow base class."""
    source = wheel_member(wheels, TRANSFORMERS4_WHEEL, "transformers/models/clip/tokenization_clip.py").decode()
    utils4 = wheel_member(wheels, TRANSFORMERS4_WHEEL, "transformers/tokenization_utils.py").decode()
    helpers = ["_is_whitespace", "_is_control", "_is_punctuation"]
    from transformers import tokenization_python
    old = function_sources(utils4, helpers)
    new = function_sources(inspect.getsource(tokenization_python), helpers)
    assert old == new and len(old) == 3, "the tokenizer helper functions changed between 4.57.6 and 5.24"

    imports = ("from ...tokenization_utils import AddedToken, PreTrainedTokenizer, _is_control, "
               "_is_punctuation, _is_whitespace")
    assert source.count(imports) == 1 and source.count("from ...utils import logging") == 1
    source = source.replace(imports, "from transformers.tokenization_utils_base import AddedToken\n"
                            "from transformers.tokenization_python import PythonBackend as PreTrainedTokenizer, "
                            "_is_control, _is_punctuation, _is_whitespace")
    source = source.replace("from ...utils import logging", "from transformers.utils import logging")
    module = types.ModuleType("slow_tokenization_clip_4_57_6")
    exec(compile(source, "transformers-4.57.6/models/clip/tokenization_clip.py", "exec"), module.__dict__)
    return module


# --------------------------------------------------------------------------------------------
# Tokenizer


def write_vocabulary(module, wheels: Path, directory: Path) -> None:
    bpe = gzip.decompress(wheel_member(wheels, OPEN_CLIP_WHEEL, BPE_FILE[0], BPE_FILE[1])).decode("utf-8")
    lines = bpe.split("\n")
    merges = [tuple(line.split()) for line in lines[1:MERGE_COUNT + 1]]
    assert len(merges) == MERGE_COUNT and all(len(m) == 2 for m in merges)
    byte_chars = list(module.bytes_to_unicode().values())
    vocab = byte_chars + [c + "</w>" for c in byte_chars] + ["".join(m) for m in merges]
    vocab += ["<|startoftext|>", "<|endoftext|>"]
    assert len(vocab) == 49408 == len(set(vocab))

    directory.mkdir(parents=True, exist_ok=True)
    encoder = {token: i for i, token in enumerate(vocab)}
    (directory / "vocab.json").write_text(
        json.dumps(encoder, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    (directory / "merges.txt").write_text(
        "#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges), encoding="utf-8")

    def added(content, normalized):
        return {"__type": "AddedToken", "content": content, "lstrip": False, "normalized": normalized,
                "rstrip": False, "single_word": False}

    config = {
        "add_prefix_space": False,
        "bos_token": added("<|startoftext|>", True),
        "do_lower_case": True,
        "eos_token": added("<|endoftext|>", True),
        "errors": "replace",
        "model_max_length": CONTEXT_LENGTH,
        "pad_token": "<|endoftext|>",
        "tokenizer_class": "CLIPTokenizer",
        "unk_token": added("<|endoftext|>", True),
    }
    special = {
        "bos_token": {k: v for k, v in added("<|startoftext|>", True).items() if k != "__type"},
        "eos_token": {k: v for k, v in added("<|endoftext|>", True).items() if k != "__type"},
        "pad_token": "<|endoftext|>",
        "unk_token": {k: v for k, v in added("<|endoftext|>", True).items() if k != "__type"},
    }
    for name, value in [("tokenizer_config.json", config), ("special_tokens_map.json", special)]:
        (directory / name).write_text(json.dumps(value, indent=2, sort_keys=True) + "\n", encoding="utf-8")


HAND_WRITTEN = [
    # captions
    "a photo of a cat", "A photo of a dog.", "a diagram of the Transformer architecture",
    "An astronaut riding a horse on the moon, digital art", "two dogs playing in the snow",
    "a red double-decker bus driving through London", "a bowl of ramen with a soft-boiled egg",
    "The Eiffel Tower at night, long exposure", "a black-and-white photo of a 1950s car",
    "a close-up of a bee on a sunflower", "Satellite image of a river delta",
    "a child's drawing of a house with a red roof", "a cat sitting on a laptop keyboard",
    "a plate of spaghetti and meatballs", "an oil painting of a stormy sea",
    # accents, other scripts, normalisation
    "naïve café", "Crème brûlée à la française", "Ångström unit", "São Paulo, Brasil", "Zürich Hauptbahnhof",
    "ÉCOLE NORMALE SUPÉRIEURE", "cafe\u0301 (decomposed e + acute)", "A\u030angstrom decomposed",
    "İstanbul ve IŞIK ılık", "ΟΔΟΣ", "ΣΟΦΟΣ ΣΑΣ.", "Σ alone", "ΑΣ'Σ", "ὈΔΥΣΣΕΎΣ",
    "straße STRASSE ẞ", "ǅemal Ǆ ǆ", "ﬁne ﬂour ligatures", "ſtraße and it'ſ", "<|ſtartoftext|>",
    "Kelvin \u212a and Ohm \u2126", "Привет, МИР!", "Москва — столица России",
    "مرحبا بالعالم", "שלום עולם", "नमस्ते दुनिया", "สวัสดีชาวโลก", "Tiếng Việt có dấu",
    "\u1100\u1161\u11a8 jamo", "한국어 문장입니다", "a\u0345b ypogegrammeni", "ᾳ ᾼ ΆΙ",
    "ÀÉÎÕÜ àéîõü", "Ærøskøbing Æble", "Œuvre œuf", "Ĳssel ĳs",
    # CJK
    "你好，世界", "東京タワーの写真", "漢字とかなカナ", "豈 compatibility ideograph",
    "中文和English混合text", "日本語の文章です。", "𠀀 extension B",
    # emoji
    "🐱 cat emoji", "👍🏽 thumbs up", "🇫🇷 flag", "👨\u200d👩\u200d👧 family", "❤️ heart", "😀😀😀",
    "🎉🎊 party!!", "☕ coffee ☕☕", "🐶🐕🦮",
    # numbers
    "1234567", "3.14", "1,000,000", "٣٤٥ arabic-indic digits", "½ ² Ⅻ ⅻ", "0.5mm", "2024-01-01",
    "Room 101", "3x4=12", "42nd street", "१२३ devanagari digits", "①②③",
    # contractions
    "don't", "we'll", "IT'S", "I'm here", "you're", "they've", "she'd", "rock'n'roll", "'tis",
    "O'Reilly", "it’s curly", "can't won't shouldn't've", "DON'T WE'LL", "y'all'd've",
    "'S 'T 'RE 'VE 'M 'LL 'D", "''quoted''", "'", "'s",
    # punctuation runs
    "!!!", "?!?!", "...", "—–-", "(((nested)))", "#hashtag @user", "a+b=c", "50% off!!!", "$9.99",
    "email@example.com", "http://example.com/path?q=1&r=2", "C++ and C# and F#", "«guillemets» „quotes“",
    "~*~ fancy ~*~", "<b>bold</b>", "[link](http://x.y)", "x^2 + y^2 = z^2", "«»‹›", "¡Hola! ¿Qué tal?",
    # long words
    "pneumonoultramicroscopicsilicovolcanoconiosis", "supercalifragilisticexpialidocious",
    "a" * 120, "Donaudampfschifffahrtsgesellschaftskapitän",
    # HTML entities (not unescaped without ftfy)
    "&amp;", "&lt;b&gt;bold&lt;/b&gt;", "&quot;quoted&quot;", "it&#39;s", "&#x27;hex&#x27;", "fish &amp; chips",
    # whitespace and control characters
    "  leading and trailing  ", "tabs\tand\nnewlines\r\n", "\u00a0nbsp\u00a0", "\u3000ideographic space",
    "line\u2028separator", "para\u2029separator", "zero\u200bwidth", "soft\u00adhyphen", "a\u0000b",
    "\ufffd replacement", "control\u0007bell", "next\u0085line", "", "   ", "\t\n", "multiple     spaces",
    "form\u000cfeed\u000bvtab", "bidi\u200emark\u202a", "private\ue000use",
    # special tokens
    "<|startoftext|>", "<|endoftext|>", "a<|endoftext|>b", "<|ENDOFTEXT|>", "<|startoftext|>hello<|endoftext|>",
    "<|endoftext", "!!<|endoftext|>", "a <|endoftext|> b", "<|startoftext|><|startoftext|>",
    "<|Endoftext|>x", "text <|endoftext|>", "<|endoftext|>!",
    # truncation
    "a very long caption " * 20,
    ("This is a long description of an image that keeps going well past the seventy-seven token "
     "context of CLIP, mentioning many objects: a table, four chairs, a lamp, a bookshelf full of "
     "books, a sleeping cat, a window with a view of the mountains, and a clock on the wall."),
]

ADJECTIVES = ["blurry", "bright", "close-up", "cropped", "dark", "good", "low-resolution", "pixelated",
              "rendered", "weird", "large", "small", "clean", "dirty", "cool", "nice", "jpeg corrupted"]
COLOURS = ["red", "green", "blue", "yellow", "black", "white", "orange", "purple", "pink", "brown", "grey"]
THINGS = ["cat", "dog", "car", "bicycle", "airplane", "tree", "house", "boat", "bird", "horse", "apple",
          "banana", "guitar", "laptop", "teapot", "robot", "mountain", "lighthouse", "umbrella", "giraffe"]
PLACES = ["on a beach", "in the city", "at night", "in a forest", "on a table", "in the rain",
          "under the sea", "in space", "in a museum", "on the street"]
TEMPLATES = ["a {adj} photo of a {colour} {thing}.", "A {colour} {thing} {place}",
             "a photo of the {adj} {thing} {place}", "itap of a {thing}", "a sculpture of a {colour} {thing}",
             "a {thing} made of {colour} LEGO", "THE {COLOUR} {THING} IS {ADJ}!", "art of the {thing}"]


def corpus() -> list:
    rng = np.random.default_rng(14)
    lines = list(HAND_WRITTEN)
    while len(lines) < 420:
        template = TEMPLATES[rng.integers(len(TEMPLATES))]
        adj, colour = ADJECTIVES[rng.integers(len(ADJECTIVES))], COLOURS[rng.integers(len(COLOURS))]
        thing, place = THINGS[rng.integers(len(THINGS))], PLACES[rng.integers(len(PLACES))]
        lines.append(template.format(adj=adj, colour=colour, thing=thing, place=place, ADJ=adj.upper(),
                                     COLOUR=colour.upper(), THING=thing.upper()))
    return lines


def encode(tok, text, **kwargs) -> dict:
    out = tok(text, **kwargs)
    return {"input_ids": list(out["input_ids"]), "attention_mask": list(out["attention_mask"])}


def write_tokenizer_fixtures(wheels: Path) -> None:
    module = slow_clip_tokenizer_module(wheels)
    directory = TOKENIZER_OUT / "clip"
    write_vocabulary(module, wheels, directory)
    tok = module.CLIPTokenizer(str(directory / "vocab.json"), str(directory / "merges.txt"),
                               model_max_length=CONTEXT_LENGTH)
    assert tok.fix_text is None, "ftfy is importable: the BasicTokenizer fallback is not used"
    assert (tok.bos_token_id, tok.eos_token_id, tok.pad_token_id) == (49406, 49407, 49407)
    fast = transformers.CLIPTokenizer(vocab=str(directory / "vocab.json"), merges=str(directory / "merges.txt"))

    lines = corpus()
    expected, differs_from_fast = [], 0
    for text in lines:
        tokens = tok.tokenize(text)
        ids = tok.convert_tokens_to_ids(tokens)
        out = encode(tok, text, padding="max_length", max_length=CONTEXT_LENGTH, truncation=True)
        # The ids are the BPE tokens' ids between <|startoftext|> and <|endoftext|>, cut to 77, padded.
        body = ([49406] + ids[:CONTEXT_LENGTH - 2] + [49407])
        assert out["input_ids"] == body + [49407] * (CONTEXT_LENGTH - len(body)), text
        assert out["attention_mask"] == [1] * len(body) + [0] * (CONTEXT_LENGTH - len(body)), text
        differs_from_fast += fast(text)["input_ids"] != encode(tok, text)["input_ids"]
        expected.append({"tokens": tokens, "ids": body})
    assert len(lines) >= 400
    with open(TOKENIZER_OUT / "clip_corpus.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    with open(TOKENIZER_OUT / "clip_expected.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n" for e in expected)

    batch = ["a photo of a cat", "", "two dogs playing in the snow at night with a red ball", "don't"]
    long_text = "a very long caption " * 20
    bang = module.CLIPTokenizer(str(directory / "vocab.json"), str(directory / "merges.txt"), pad_token="!",
                                model_max_length=CONTEXT_LENGTH)
    bang_texts = ["a photo!", "hello !!! world", "!", "wow!!", "a very long caption " * 5]
    variants = {
        "batch_longest": {"texts": batch, **batch_encode(tok, batch, padding="longest", truncation=True,
                                                         max_length=CONTEXT_LENGTH)},
        "batch_max_length_12": {"texts": batch, **batch_encode(tok, batch, padding="max_length",
                                                               truncation=True, max_length=12)},
        "no_truncation": {"texts": [long_text], **batch_encode(tok, [long_text], padding=False, truncation=False)},
        "pad_bang_16": {"texts": bang_texts, "tokens": [bang.tokenize(t) for t in bang_texts],
                        **batch_encode(bang, bang_texts, padding="max_length", truncation=True, max_length=16)},
    }
    (TOKENIZER_OUT / "clip_variants.json").write_text(json.dumps(variants, ensure_ascii=False, indent=1) + "\n",
                                                      encoding="utf-8")
    print(f"tokenizer: {len(lines)} lines, {differs_from_fast} of them tokenized differently by the fast "
          f"(Rust) CLIPTokenizer of transformers {transformers.__version__}")


def batch_encode(tok, texts, **kwargs) -> dict:
    out = tok(texts, **kwargs)
    return {"input_ids": [list(r) for r in out["input_ids"]], "attention_mask": [list(r) for r in out["attention_mask"]]}


# --------------------------------------------------------------------------------------------
# Images


def gradient_shapes() -> Image.Image:
    h, w = 200, 300
    y, x = np.mgrid[0:h, 0:w]
    rgb = np.stack([x * 255 // (w - 1), y * 255 // (h - 1), (x + y) * 255 // (w + h - 2)], -1).astype(np.uint8)
    im = Image.fromarray(rgb, "RGB")
    d = ImageDraw.Draw(im)
    d.ellipse((30, 20, 130, 120), fill=(250, 240, 20), outline=(0, 0, 0), width=3)
    d.rectangle((170, 60, 270, 170), fill=(20, 30, 200))
    d.line((0, 199, 299, 0), fill=(255, 255, 255), width=2)
    d.polygon([(150, 10), (190, 50), (110, 50)], fill=(200, 0, 0))
    for i in range(0, 300, 7):  # high frequencies: a one-pixel checker strip
        d.point([(i, 185), (i + 1, 186)], fill=(0, 0, 0))
    return im


def noise(shape, seed, scale) -> np.ndarray:
    return np.random.default_rng(seed).normal(0, scale, shape)


def grey_image() -> Image.Image:
    h, w = 97, 64
    y, x = np.mgrid[0:h, 0:w]
    g = 128 + 100 * np.sin(x / 5.0) * np.cos(y / 7.0) + noise((h, w), 1, 6)
    return Image.fromarray(np.clip(g, 0, 255).astype(np.uint8), "L")


def rgba_image() -> Image.Image:
    h, w = 120, 160
    y, x = np.mgrid[0:h, 0:w]
    rgb = np.stack([255 - x * 255 // (w - 1), (y * 2) % 256, np.full((h, w), 90)], -1)
    alpha = np.clip(x * 2, 0, 255)  # a left-to-right ramp ...
    alpha[:, :20] = 0                 # ... with a fully transparent band ...
    alpha[40:80, 60:100] = 255        # ... and an opaque square
    alpha[90:, 100:] = 128
    return Image.fromarray(np.dstack([rgb, alpha]).astype(np.uint8), "RGBA")


def photo_like() -> Image.Image:
    h, w = 123, 257
    y, x = np.mgrid[0:h, 0:w]
    r = 120 + 80 * np.sin(x / 17.0) + noise((h, w), 2, 12)
    g = 100 + 90 * np.cos(y / 11.0) + noise((h, w), 3, 12)
    b = 60 + 0.5 * x + noise((h, w), 4, 12)
    im = Image.fromarray(np.clip(np.dstack([r, g, b]), 0, 255).astype(np.uint8), "RGB")
    d = ImageDraw.Draw(im)
    d.ellipse((150, 30, 220, 100), fill=(240, 240, 240))
    d.rectangle((20, 70, 90, 115), fill=(10, 10, 10))
    return im


def small_bmp() -> Image.Image:
    rgb = np.clip(noise((30, 40, 3), 5, 60) + 128, 0, 255).astype(np.uint8)
    rgb[10:20, 10:30] = (255, 0, 0)
    return Image.fromarray(rgb, "RGB")


def gif_frames() -> list:
    palette = []
    for i in range(256):
        palette += [i, (i * 3) % 256, 255 - i]
    frames = []
    for k in range(2):
        y, x = np.mgrid[0:90, 0:120]
        idx = ((x * 2 + y * (3 + 5 * k)) % 256).astype(np.uint8)
        if k == 0:
            idx[20:50, 30:80] = 7
        im = Image.fromarray(idx, "P")
        im.putpalette(palette)
        frames.append(im)
    return frames


def tiny_image() -> Image.Image:
    y, x = np.mgrid[0:20, 0:30]
    rgb = np.stack([x * 8, y * 12, (x * y) % 256], -1).astype(np.uint8)
    return Image.fromarray(rgb, "RGB")


def exact_crop_image() -> Image.Image:
    y, x = np.mgrid[0:224, 0:224]
    rgb = np.stack([(x ^ y) % 256, x, 255 - y], -1).astype(np.uint8)
    im = Image.fromarray(rgb, "RGB")
    ImageDraw.Draw(im).ellipse((50, 50, 170, 170), outline=(255, 255, 0), width=5)
    return im


def encoded(im: Image.Image, fmt: str, **kwargs) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kwargs)
    return buf.getvalue()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_with_header(width: int, height: int, idat: bytes) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


VALID_IMAGES = {}  # file name -> (PIL image as opened from the file bytes, bytes)


def write_images() -> dict:
    IMAGE_OUT.mkdir(parents=True, exist_ok=True)
    (IMAGE_OUT / "expected").mkdir(exist_ok=True)
    frames = gif_frames()
    files = {
        "gradient_shapes_300x200.png": encoded(gradient_shapes(), "PNG"),
        "grey_64x97.png": encoded(grey_image(), "PNG"),
        "rgba_160x120.png": encoded(rgba_image(), "PNG"),
        "photo_257x123.jpg": encoded(photo_like(), "JPEG", quality=90),
        "small_40x30.bmp": encoded(small_bmp(), "BMP"),
        "palette_120x90.gif": encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0),
        "tiny_30x20.png": encoded(tiny_image(), "PNG"),
        "exact_224x224.png": encoded(exact_crop_image(), "PNG"),
    }
    gradient = files["gradient_shapes_300x200.png"]
    photo = files["photo_257x123.jpg"]
    # A PNG whose chunks are intact but whose IDAT is not a zlib stream.
    garbage = bytes(np.random.default_rng(6).integers(0, 256, 300, dtype=np.uint8))
    invalid = {
        "empty.png": (b"", "empty"),
        "notes.txt": (b"This is a text file, not an image.\n" * 3, "notAnImage"),
        "random.bin": (b"\x00\x00\x02" + bytes(np.random.default_rng(7).integers(0, 256, 509, dtype=np.uint8)),
                       "notAnImage"),
        "truncated.png": (gradient[:len(gradient) // 2], "truncated"),
        "truncated.jpg": (photo[:len(photo) * 6 // 10], "truncated"),
        "corrupt.png": (png_with_header(16, 16, garbage), "corrupt"),
        "zero_width.png": (png_with_header(0, 16, zlib.compress(b"\x00" * 17)), "zeroSize"),
        "huge_20000x20000.png": (png_with_header(20000, 20000, zlib.compress(b"\x00" * 64)), "tooLarge"),
    }
    for name, data in files.items():
        (IMAGE_OUT / name).write_bytes(data)
        VALID_IMAGES[name] = Image.open(io.BytesIO(data))
    for name, (data, _) in invalid.items():
        (IMAGE_OUT / name).write_bytes(data)
    total = sum(len(d) for d in files.values()) + sum(len(d) for d, _ in invalid.values())
    assert total < 300_000, total
    return {name: kind for name, (_, kind) in invalid.items()}


def processor(**config):
    from transformers.models.clip.image_processing_pil_clip import CLIPImageProcessorPil
    p = CLIPImageProcessorPil(**config)
    assert p.backend == "pil" and type(p).__name__ == "CLIPImageProcessorPil"
    return p


CONFIGS = {
    "clip224": dict(do_resize=True, size={"shortest_edge": 224}, resample=3, do_center_crop=True,
                    crop_size={"height": 224, "width": 224}, do_rescale=True, rescale_factor=1 / 255,
                    do_normalize=True, image_mean=OPENAI_MEAN, image_std=OPENAI_STD, do_convert_rgb=True),
    "clip64": dict(do_resize=True, size={"shortest_edge": 64}, resample=3, do_center_crop=True,
                   crop_size={"height": 64, "width": 64}, do_rescale=True, rescale_factor=1 / 255,
                   do_normalize=True, image_mean=OPENAI_MEAN, image_std=OPENAI_STD, do_convert_rgb=True),
    # No resize: images smaller than the crop are padded with zeros (before normalisation).
    "pad40x48": dict(do_resize=False, size={"shortest_edge": 64}, resample=3, do_center_crop=True,
                     crop_size={"height": 40, "width": 48}, do_rescale=True, rescale_factor=1 / 255,
                     do_normalize=True, image_mean=[0.5, 0.5, 0.5], image_std=[0.5, 0.5, 0.5], do_convert_rgb=True),
}
PAD_IMAGES = ["tiny_30x20.png", "grey_64x97.png", "gradient_shapes_300x200.png", "small_40x30.bmp"]


def hf_rgb(im: Image.Image) -> Image.Image:
    """What transformers 5.24's convert_to_rgb does before resizing (alpha composited onto white)."""
    return Image.fromarray(transformers.image_transforms.convert_to_rgb(im, return_numpy=True), "RGB")


def short_side_size(width: int, height: int, edge: int) -> tuple:
    """HF's get_resize_output_image_size(default_to_square=False): (width, height)."""
    short, long = (width, height) if width <= height else (height, width)
    new_short, new_long = edge, int(edge * long / short)
    return (new_short, new_long) if width <= height else (new_long, new_short)


def center_crop_hwc(a: np.ndarray, height: int, width: int) -> np.ndarray:
    return np.moveaxis(transformers.image_transforms.center_crop(
        np.moveaxis(a, -1, 0), (height, width), input_data_format="channels_first"), 0, -1)


def normalized(crop_hwc: np.ndarray, config: dict) -> np.ndarray:
    x = (crop_hwc.astype(np.float64) * config["rescale_factor"]).astype(np.float32)
    mean, std = np.array(config["image_mean"], np.float32), np.array(config["image_std"], np.float32)
    return np.moveaxis((x - mean) / std, -1, 0)


def write_image_expectations(invalid: dict) -> None:
    tensors, manifest_images = {}, []
    c224 = CONFIGS["clip224"]
    for name, im in VALID_IMAGES.items():
        im.seek(0)
        rgb = hf_rgb(im)
        plain = im.convert("RGB")
        has_alpha = "A" in im.getbands() or im.info.get("transparency") is not None
        entry = {"file": name, "format": im.format, "mode": im.mode, "width": im.width, "height": im.height,
                 "has_alpha": has_alpha,
                 "rgb_crc32": zlib.crc32(np.asarray(plain).tobytes()),
                 "composited_crc32": zlib.crc32(np.asarray(rgb).tobytes())}
        # 224: PIL's resize, stored losslessly; pixel_values must equal normalised(center crop of it).
        w, h = short_side_size(im.width, im.height, 224)
        resized = rgb.resize((w, h), Image.Resampling.BICUBIC)
        (IMAGE_OUT / "expected" / f"{Path(name).stem}.resize224.png").write_bytes(encoded(resized, "PNG"))
        pixel_values = processor(**c224)(rgb if has_alpha else im, return_tensors="np")["pixel_values"][0]
        mine = normalized(center_crop_hwc(np.asarray(resized), 224, 224), c224)
        assert pixel_values.dtype == np.float32 and np.array_equal(pixel_values, mine), name
        pv_direct = processor(**c224)(im, return_tensors="np")["pixel_values"][0]
        assert np.array_equal(pv_direct, pixel_values), name
        entry["resize224"] = [w, h]
        # 64: float32 pixel_values as produced by the processor.
        c64 = CONFIGS["clip64"]
        w64, h64 = short_side_size(im.width, im.height, 64)
        tensors[f"clip64.{name}"] = processor(**c64)(im, return_tensors="np")["pixel_values"][0]
        resized64 = np.asarray(rgb.resize((w64, h64), Image.Resampling.BICUBIC))
        assert np.array_equal(tensors[f"clip64.{name}"], normalized(center_crop_hwc(resized64, 64, 64), c64)), name
        (IMAGE_OUT / "expected" / f"{Path(name).stem}.resize64.png").write_bytes(encoded(Image.fromarray(resized64), "PNG"))
        entry["resize64"] = [w64, h64]
        if has_alpha:  # the drop-alpha variant (PIL's convert("RGB"), as transformers 4.x and OpenAI did)
            tensors[f"clip64_drop_alpha.{name}"] = processor(**c64)(plain, return_tensors="np")["pixel_values"][0]
        if name in PAD_IMAGES:
            tensors[f"pad40x48.{name}"] = processor(**CONFIGS["pad40x48"])(im, return_tensors="np")["pixel_values"][0]
        if im.format == "JPEG":  # libjpeg's decode, which ours must equal byte for byte
            (IMAGE_OUT / "expected" / f"{Path(name).stem}.decoded.png").write_bytes(encoded(plain, "PNG"))
        manifest_images.append(entry)

    # A bilinear resize as well (PIL's other convolution filter), downscaling and upscaling.
    grad = VALID_IMAGES["gradient_shapes_300x200.png"].convert("RGB")
    for size in [(97, 61), (451, 333)]:
        out = grad.resize(size, Image.Resampling.BILINEAR)
        (IMAGE_OUT / "expected" / f"gradient_shapes_300x200.bilinear{size[0]}x{size[1]}.png").write_bytes(encoded(out, "PNG"))
    # Unequal factors and a one-dimensional resize with bicubic.
    for size in [(300, 57), (41, 200), (641, 77)]:
        out = grad.resize(size, Image.Resampling.BICUBIC)
        (IMAGE_OUT / "expected" / f"gradient_shapes_300x200.bicubic{size[0]}x{size[1]}.png").write_bytes(encoded(out, "PNG"))

    metadata = {"generator": "Scripts/make_clip_fixtures.py", "transformers": transformers.__version__,
                "pillow": PIL.__version__, "processor": "CLIPImageProcessorPil (PIL backend)"}
    for key, config in CONFIGS.items():
        metadata[f"config.{key}"] = json.dumps(config, sort_keys=True)
    path = IMAGE_OUT / "expected" / "pixel_values.safetensors"
    write_f32_safetensors(path, tensors, metadata)

    manifest = {"generator": "Scripts/make_clip_fixtures.py", "pillow": PIL.__version__,
                "transformers": transformers.__version__, "images": manifest_images,
                "invalid": [{"file": k, "error": v} for k, v in invalid.items()],
                "configs": CONFIGS, "pad_images": PAD_IMAGES}
    (IMAGE_OUT / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")


def write_f32_safetensors(path: Path, tensors: dict, metadata: dict) -> None:
    """Like fixture_io.write_safetensors (sorted header keys, byte-reproducible) but from numpy."""
    header = {"__metadata__": dict(sorted(metadata.items()))}
    blobs, offset = [], 0
    for name in sorted(tensors):
        blob = np.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))
    loaded = load_file(str(path))
    assert sorted(loaded) == sorted(tensors)
    for name, t in tensors.items():
        assert np.array_equal(loaded[name], t), name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheels", type=Path, required=True, help="folder holding the two downloaded wheels")
    args = parser.parse_args()
    versions = {"transformers": transformers.__version__, "tokenizers": tokenizers.__version__,
                "PIL": PIL.__version__, "safetensors": safetensors.__version__}
    if versions != PINNED:
        sys.exit(f"make_clip_fixtures: versions {versions}, pinned {PINNED}")
    try:
        import ftfy  # noqa: F401
        sys.exit("make_clip_fixtures: ftfy must not be importable")
    except ImportError:
        pass
    print(f"regex {regex.__version__}, numpy {np.__version__}")
    write_tokenizer_fixtures(args.wheels)
    invalid = write_images()
    write_image_expectations(invalid)


if __name__ == "__main__":
    main()
