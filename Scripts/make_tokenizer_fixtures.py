#!/usr/bin/env python3
"""Golden data for Tinyformer's WordPiece tokenizer, from Hugging Face's BertTokenizerFast.

Run it through `Scripts/make-tokenizer-fixtures`, which checks the pinned versions and fetches the
MiniLM checkpoint first. Reads models/all-MiniLM-L6-v2/ (Scripts/fetch-minilm) and
../shared/data/austen-sense.txt; writes

    Fixtures/tokenizers/minilm/{vocab.txt, tokenizer_config.json, special_tokens_map.json}
                                    the checkpoint's tokenizer files (copied unchanged)
    Fixtures/tokenizers/bert_corpus.jsonl
                                    one JSON string per line: Austen sentences and paragraphs plus
                                    hand-written and generated Unicode edge cases
    Fixtures/tokenizers/bert_expected.jsonl
                                    line i: the input ids of corpus line i (special tokens added,
                                    no truncation)
    Fixtures/tokenizers/bert_cases.jsonl
                                    pairs, truncation, padding and batch cases with all three id
                                    arrays
    Fixtures/tokenizers/bert_codepoints_{uncased,lowercase_only,cased}.txt
                                    what the normalizer + pre-tokenizer make of "a<c>a" for every
                                    code point c, run-length encoded
    Sources/TinyformerIO/Tokenizers/BertUnicodeData.swift
                                    the character tables the Swift tokenizer uses, probed from
                                    `tokenizers` (see bert_unicode_probe.py for why)

Formats are documented in Fixtures/README.md. Everything is deterministic (fixed seeds, sorted
output): a rerun on the same inputs rewrites identical bytes. The expected ids come from the
committed files in Fixtures/tokenizers/minilm; the script checks that the checkpoint's own folder
(which adds tokenizer.json) gives the same ids for every line and case.
"""
import argparse
import json
import random
import re
import shutil
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

PINNED = {"transformers": "5.24.0", "tokenizers": "0.23.3"}
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Fixtures" / "tokenizers"
SWIFT_TABLES = ROOT / "Sources" / "TinyformerIO" / "Tokenizers" / "BertUnicodeData.swift"
TOKENIZER_FILES = ("vocab.txt", "tokenizer_config.json", "special_tokens_map.json")


def check_versions():
    import tokenizers
    import transformers
    found = {"transformers": transformers.__version__, "tokenizers": tokenizers.__version__}
    if found != PINNED:
        sys.exit(f"make_tokenizer_fixtures.py: found {found}, the fixtures are pinned to {PINNED}")


# ---------------------------------------------------------------------------------------------
# Corpus
# ---------------------------------------------------------------------------------------------

def austen_lines(path: Path, sentences: int, paragraphs: int) -> list[str]:
    """`paragraphs` whole paragraphs (half keep their line breaks) and `sentences` sentences of
    Sense and Sensibility, chosen with a fixed seed and kept in book order."""
    text = path.read_text(encoding="utf-8")
    blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text) if b.strip()]
    prose = [b for b in blocks if len(b.split()) >= 5]
    rng = random.Random(1811)
    chosen_paragraphs = sorted(rng.sample(range(len(prose)), paragraphs))
    lines = []
    for k, i in enumerate(chosen_paragraphs):
        lines.append(prose[i] if k % 2 else " ".join(prose[i].split()))
    all_sentences = []
    for block in prose:
        flat = " ".join(block.split())
        all_sentences += [s for s in re.split(r"(?<=[.!?;])\s+(?=[A-Z\"'])", flat) if s]
    chosen_sentences = sorted(rng.sample(range(len(all_sentences)), sentences))
    lines += [all_sentences[i] for i in chosen_sentences]
    return lines


# Hand-written edge cases, one sample per entry; escapes keep the invisible characters visible.
EDGE_CASES = [
    # empty and whitespace only
    "", " ", "   ", "\t", "\n", "\r\n", " \t \r\n ", "\u00a0", "\u3000", "\u2028\u2029", "\u1680\u2000\u200a\u202f\u205f",
    # accents and case
    "café", "Café au lait", "naïve résumé", "El Niño", "São Paulo", "Zürich", "façade", "Ångström",
    "Øresund", "Dvořák", "Łódź", "İstanbul", "ıi İI", "STRASSE straße ß ẞ", "ǅemal ǆ Ǆ", "ﬁnancial ﬂow",
    "Kelvin \u212a and \u212b Ångström sign", "ΟΔΟΣ Καλημέρα κόσμε", "ÀÁÂÃÄÅ àáâãäå", "Ǖǖ Ǻǻ Ḯḯ",
    "e\u0301 vs é", "a\u0308\u0301\u0323", "a\u0323\u0308", "o\u031b\u0323 ợ", "\u0344 \u0f73 \u0f75",
    "Ṩ ṩ \u1e9b\u0323", "ＡＢＣ ａｂｃ １２３", "Ⅻ ⅻ Ⓐ ⓐ", "ÉCOLE ÉLÉMENTAIRE",
    # CJK, Japanese, Korean
    "我爱自然语言处理。", "北京大学的学生", "日本語のテキストです", "ひらがな カタカナ ｶﾀｶﾅ", "東京タワーに行きました",
    "한국어 문장입니다", "서울특별시", "안녕하세요 세계", "漢字かな交じり文", "中文English混合",
    "𠀀𠀁𪜀 𫝀 𫠠 𬺰", "豈更車 兀嗀", "\U0002f800\U0002fa1d", "〇一二三", "《三国演义》", "「かぎ括弧」『二重』",
    # emoji
    "😀", "I love 🍕 and 🍣!", "👍🏽 👍🏿 👋🏻", "👨‍👩‍👧‍👦 family", "🏳️‍🌈 flag", "❤️ ♥ ❤", "🇫🇷🇯🇵 flags",
    "1️⃣ #️⃣ *️⃣", "🧑🏽‍💻 at work", "🥰🥺🫠 newer emoji", "©®™ ℠", "☃︎ ☃️",
    # control and invisible characters
    "a\x00b", "a\x01b\x02c\x03", "tab\tseparated\tvalues", "line\rbreak", "line\nfeed", "vertical\x0btab",
    "form\x0cfeed", "\x1c\x1d\x1e\x1f separators", "del\x7fete", "c1\x80\x85\x9f controls", "repl\ufffdacement",
    "zero\u200bwidth\u200bspace", "zw\u200cnon\u200djoiner", "word\u2060joiner", "\ufeffBOM at start",
    "soft\u00adhyphen", "bidi \u202aembed\u202c \u2066isolate\u2069 \u200emark\u200f", "\u180emongolian vowel separator",
    "tags \U000e0001\U000e0065\U000e006e", "private \ue000\uf8ff \U000f0000", "noncharacters \ufdd0\uffff",
    "unassigned \u0378 \U0001fffe", "\x00\x00\x00", "\ufffd\ufffd",
    # very long words (the limit is 100 characters after normalization)
    "a" * 99, "a" * 100, "a" * 101, "b" * 250, "supercalifragilisticexpialidocious" * 3,
    "supercalifragilisticexpialidocious" * 4, "pneumonoultramicroscopicsilicovolcanoconiosis",
    "é" * 100, "é" * 101, "e\u0301" * 100, "x" * 100 + "\u0301" * 20, "x" * 99 + "!" + "y" * 99,
    "Ⅻ" * 101, "的" * 150, "a" * 100 + " " + "b" * 101,
    # numbers
    "3.14159", "1,000,000", "2024-01-01", "12:30:45", "1e-10", "-42", "+7", "½ ¼ ¾", "x² y³",
    "① ② ⑩", "٣٤٥ ۴۵۶ १२३ ๑๒๓", "0x1F600", "$100.00", "€99,99", "£5", "¥1000", "100%", "#1",
    # punctuation runs
    "!!!", "???!!!", "...", "…", "—–-‐", "«quoted» “curly” „low“ ‚single‘", "¿Qué? ¡Hola!",
    "(a)[b]{c}<d>", "~`^|\\", "@user #hashtag", "C++ C# F#", "e.g. i.e. etc.", "a--b", "a...b",
    "'''\"\"\"", "*_*", "¯\\_(ツ)_/¯", "§¶†‡", "〜・、。", "؟ ، ؛", "।॥", "׃ ׳ ״", "⸮ ⸰ ⸱ ⹂", "⹃ ⹄ ⹏",
    # URLs and e-mail
    "https://example.com/path/to/page?query=1&x=y#frag", "http://www.Example.ORG", "ftp://files.test/a_b-c.txt",
    "user.name+tag@example.co.uk", "www.wikipedia.org/wiki/Jane_Austen", "mailto:someone@test.org",
    # mixed scripts
    "Привет, мир!", "ПРИВЕТ Ёлка ёлка", "Καλημέρα κόσμε", "ΣΊΣΥΦΟΣ σίσυφος", "مرحبا بالعالم",
    "اَلْعَرَبِيَّةُ", "שלום עולם", "שָׁלוֹם", "नमस्ते दुनिया", "क्षत्रिय", "สวัสดีชาวโลก", "ภาษาไทย",
    "தமிழ் மொழி", "ქართული", "Հայերեն", "ᏣᎳᎩ", "ⴰⵣⵓⵍ", "Tiếng Việt có dấu", "Română: ș ț Ș Ț",
    "Ελληνικά and English and Русский", "ऑ ॲ", "ꦧꦱꦗꦮ", "ᠮᠣᠩᠭᠣᠯ",
    # combining marks, musical symbols (marks of class != 0 that are not nonspacing)
    "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e\u0320\u034dalgo",
    "\U0001d15e\U0001d15f\U0001d160 \U0001d165\U0001d16d\U0001d16e", "a\U0001d16d\U0001d165b", "a\U0001d165\u0301\U0001d16eb",
    "\u0301leading mark", "trailing mark\u0301", "\u20dd circle \u20e3", "ᄀ\u1161\u11a8 가각",
    # code points added after Unicode 9 (tokenizers' tables are older)
    "\u0890 \u08e2 \U000110cd \U00013430", "\u2e44 \u2e4f \u2e52 \u2e5d", "\u1734 \U0001171e", "\U00011935\U00011930 \U00011938",
    "\u0898\u08ca \u1ac0 \U0001e4ec", "\u166d \U0001fae0 \U0001f979",
    # special tokens inside text
    "[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]", "hello [MASK] world", "xx[SEP]yy", "[mask] [Mask]",
    "[ MASK ]", "[CLS][SEP][MASK]", "[[MASK]]", "[MASK", "MASK]", "a[UNK]b", "[CLS]\u0301", "\u200b[SEP]\u200b",
    "[unused0] [unused1]", "##ing ##s", "#", "##", "###",
]

FRAGMENTS = [
    "the", "Marianne", "Elinor", "café", "naïve", "Ångström", "İ", "我爱", "日本語", "한국어", "😀", "👍🏽",
    "👨‍👩‍👧", "🏳️‍🌈", "\t", "\r", "\n", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\ufffd", "\u200b",
    "\u200d", "\ufeff", "\u00ad", "e\u0301", "a\u0308\u0323", "Привет", "Καλημέρα", "مرحبا", "שלום",
    "नमस्ते", "สวัสดี", "3.14", "1,000", "...", "!!", "—", "«»", "https://x.io/a?b=c", "[MASK]", "[SEP]",
    "##", "x" * 101, "ΣΑΣ", "ß", "ﬁ", "Ⅻ", "ＡＢＣ", "\u2e44", "\u0890", "𠀀", "\u3000", "\u00a0", "ǅ",
]


def generated_lines(count: int) -> list[str]:
    """`count` random mixtures of FRAGMENTS with random separators (seeded)."""
    rng = random.Random(2023)
    separators = ["", " ", "  ", "\t", "\n", "-", ",", "\u200b", "\u3000"]
    lines = []
    for _ in range(count):
        parts = [rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 8))]
        line = parts[0]
        for part in parts[1:]:
            line += rng.choice(separators) + part
        lines.append(line)
    return lines


def build_corpus(austen: Path) -> list[str]:
    return austen_lines(austen, sentences=1400, paragraphs=300) + EDGE_CASES + generated_lines(400)


# ---------------------------------------------------------------------------------------------
# Expected ids
# ---------------------------------------------------------------------------------------------

def encode_case(tokenizer, name, texts, pairs=None, max_length=None, truncation=False, padding="none"):
    """One case: `texts` (and `pairs`) encoded together as a batch, padding "none", "longest" or
    "max_length" (to `max_length`)."""
    kwargs = {"truncation": truncation, "max_length": max_length}
    if padding == "longest":
        kwargs["padding"] = "longest"
    elif padding == "max_length":
        kwargs["padding"] = "max_length"
    encoded = tokenizer(texts, pairs, **kwargs) if pairs is not None else tokenizer(texts, **kwargs)
    return {
        "name": name, "texts": texts, "pairs": pairs, "max_length": max_length, "truncation": truncation,
        "padding": padding, "input_ids": encoded["input_ids"], "token_type_ids": encoded["token_type_ids"],
        "attention_mask": encoded["attention_mask"],
    }


def build_cases(tokenizer, corpus: list[str]) -> list[dict]:
    rng = random.Random(512)
    austen = [line for line in corpus[:1700] if line.strip()]
    everything = [line for line in corpus if line.strip()]
    cases = []
    for i in range(150):
        a, b = rng.choice(everything), rng.choice(everything)
        cases.append(encode_case(tokenizer, f"pair-{i}", [a], [b]))
    for i in range(300):
        a, b = rng.choice(austen), rng.choice(everything if i % 3 else austen)
        n = rng.choice([3, 4, 5, 6, 7, 8, 9, 10, 16, 17, 32, 33, 64, 128])
        cases.append(encode_case(tokenizer, f"pair-truncated-{i}", [a], [b], max_length=n, truncation=True))
    for i in range(100):
        a = rng.choice(everything)
        n = rng.choice([2, 3, 4, 8, 16, 31, 64])
        cases.append(encode_case(tokenizer, f"single-truncated-{i}", [a], max_length=n, truncation=True))
    long_text = " ".join(austen[:80])
    cases.append(encode_case(tokenizer, "single-model-max-length", [long_text], truncation=True))
    cases.append(encode_case(tokenizer, "pair-model-max-length", [long_text], [long_text[::-1]], truncation=True))
    cases.append(encode_case(tokenizer, "pair-model-max-length-short-first", ["Short first."], [long_text], truncation=True))
    for i, n in enumerate([8, 40, 64]):
        a = rng.choice(austen)
        cases.append(encode_case(tokenizer, f"single-padded-{i}", [a], max_length=n, truncation=False, padding="max_length"))
        cases.append(encode_case(tokenizer, f"single-padded-truncated-{i}", [a], max_length=n, truncation=True,
                                 padding="max_length"))
    for i in range(30):
        size = rng.randint(1, 9)
        texts = [rng.choice(everything) for _ in range(size)]
        pairs = [rng.choice(everything) for _ in range(size)] if i % 2 else None
        if i % 3 == 0:
            cases.append(encode_case(tokenizer, f"batch-longest-{i}", texts, pairs, padding="longest"))
        elif i % 3 == 1:
            n = rng.choice([12, 24, 48])
            cases.append(encode_case(tokenizer, f"batch-max-length-{i}", texts, pairs, max_length=n, truncation=True,
                                     padding="max_length"))
        else:
            n = rng.choice([10, 20, 40])
            cases.append(encode_case(tokenizer, f"batch-longest-truncated-{i}", texts, pairs, max_length=n,
                                     truncation=True, padding="longest"))
    cases.append(encode_case(tokenizer, "batch-empty-lines", ["", " ", "\t\n"], padding="longest"))
    return cases


# ---------------------------------------------------------------------------------------------
# Code point sweep and Swift tables
# ---------------------------------------------------------------------------------------------

def hexes(text: str) -> str:
    return ",".join(f"{ord(c):X}" for c in text)


def codepoint_lines(normalizer, pre_tokenizer, probe) -> list[str]:
    """Per code point c, the pre-tokens of normalize("a" + c + "a"), run-length encoded: a run
    `first-last<TAB>class` for `=` (one unchanged word), `D` (dropped: "aa"), `S` (split as
    whitespace: "a", "a"), `I` (isolated: "a", c, "a"), `H` (a Hangul syllable: "a" + its
    jamo + "a"); any other result as `cp<TAB>pieces`, pieces space-separated, each a
    comma-separated list of hexadecimal code points."""
    from bert_unicode_probe import code_points, hangul_decomposition, HANGUL_BASE, HANGUL_COUNT
    lines, run = [], None

    def flush():
        if run:
            first, last, cls = run
            lines.append(f"{first:X}-{last:X}\t{cls}" if first != last else f"{first:X}\t{cls}")

    for c in code_points():
        x = chr(c)
        pieces = [p for p, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(f"a{x}a"))]
        if pieces == [f"a{x}a"]:
            cls = "="
        elif pieces == ["aa"]:
            cls = "D"
        elif pieces == ["a", "a"]:
            cls = "S"
        elif pieces == ["a", x, "a"]:
            cls = "I"
        elif HANGUL_BASE <= c < HANGUL_BASE + HANGUL_COUNT and pieces == [f"a{hangul_decomposition(c)}a"]:
            cls = "H"
        else:
            cls = None
        if cls is not None and run and run[2] == cls and run[1] == c - 1:
            run[1] = c
            continue
        flush()
        if cls is None:
            run = None
            lines.append(f"{c:X}\t" + " ".join(hexes(p) for p in pieces))
        else:
            run = [c, c, cls]
    flush()
    return lines


def swift_ranges(values) -> str:
    from bert_unicode_probe import ranges
    return " ".join(f"{a:X}-{b:X}" if a != b else f"{a:X}" for a, b in ranges(values))


def swift_map(mapping) -> str:
    return " ".join(f"{c:X}:{hexes(v) if isinstance(v, str) else f'{v:X}'}" for c, v in sorted(mapping.items()))


def swift_literal(text: str, width: int = 100) -> str:
    """A multi-line Swift string literal of `text` (space-separated items), wrapped at `width`."""
    lines, line = [], ""
    for item in text.split(" "):
        if line and len(line) + 1 + len(item) > width:
            lines.append(line)
            line = item
        else:
            line = f"{line} {item}" if line else item
    lines.append(line)
    body = "\n".join("        " + entry for entry in lines)
    return f'"""\n{body}\n        """'


def write_swift_tables(probe, tokenizers_version: str):
    tables = [
        ("dropped", "Removed by clean_text: NUL, U+FFFD and the code points `unicode_categories` calls "
                    "\"other\" (Cc, Cf, Co; Unicode 9.0) except tab, line feed and carriage return.",
         swift_ranges(probe["dropped"])),
        ("cleanSpace", "Replaced by a space by clean_text (tab, LF, CR and Rust's `char::is_whitespace`).",
         swift_ranges(probe["space"])),
        ("whitespace", "Split on (and removed) by BertPreTokenizer: Rust's `char::is_whitespace`.",
         swift_ranges(probe["whitespace"])),
        ("chinese", "Surrounded by spaces by handle_chinese_chars (the CJK ideograph blocks of BERT).",
         swift_ranges(probe["chinese"])),
        ("punctuation", "Isolated by BertPreTokenizer: ASCII punctuation and the Unicode 9.0 P* categories.",
         swift_ranges(probe["punctuation"])),
        ("nonspacingMarks", "Removed by strip_accents after NFD: the Unicode 9.0 Mn category (code points "
                            "without a decomposition).", swift_ranges(probe["nonspacing"])),
        ("combiningClasses", "Canonical combining classes used by NFD's reordering, `code point:class`.",
         swift_map(probe["combining_class"])),
        ("decompositions", "Full canonical decompositions (Hangul syllables excepted: algorithmic), "
                           "`code point:code points`.", swift_map(probe["decomposition"])),
        ("lowercase", "Rust's `char::to_lowercase` where it changes the code point, `code point:code points`.",
         swift_map(probe["lowercase"])),
    ]
    out = [
        "// GENERATED by Scripts/make_tokenizer_fixtures.py from Hugging Face tokenizers "
        f"{tokenizers_version}; do not edit.",
        "// Every table was found by running one code point at a time through tokenizers' BertNormalizer,",
        "// NFD and BertPreTokenizer (Scripts/bert_unicode_probe.py), so the Swift tokenizer matches it",
        "// exactly whatever Unicode version Swift's own tables have.",
        "",
        "/// Hugging Face `tokenizers`' character data for BERT as compact hexadecimal text, parsed once by",
        "/// `BertCharacterTable`. Sets are space-separated code points or inclusive `first-last` ranges;",
        "/// maps are space-separated `key:value` items whose values are comma-separated code points.",
        "enum BertUnicodeData {",
    ]
    for name, doc, text in tables:
        out += textwrap.wrap(doc, width=100, initial_indent="    /// ", subsequent_indent="    /// ")
        out.append(f"    static let {name} = {swift_literal(text)}")
        out.append("")
    out[-1] = "}"
    SWIFT_TABLES.write_text("\n".join(out) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------

def write_jsonl(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "all-MiniLM-L6-v2",
                        help="the checkpoint folder written by Scripts/fetch-minilm")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data",
                        help="the shared data folder holding austen-sense.txt")
    args = parser.parse_args()
    check_versions()
    import tokenizers
    from tokenizers import pre_tokenizers
    from transformers import BertTokenizerFast
    import bert_unicode_probe

    austen = args.shared / "austen-sense.txt"
    for needed in [austen] + [args.model / name for name in TOKENIZER_FILES + ("tokenizer.json",)]:
        if not needed.is_file():
            sys.exit(f"make_tokenizer_fixtures.py: {needed} is missing (run Scripts/fetch-minilm, or pass --model/--shared)")

    minilm = OUT / "minilm"
    minilm.mkdir(parents=True, exist_ok=True)
    for name in TOKENIZER_FILES:
        shutil.copyfile(args.model / name, minilm / name)

    corpus = build_corpus(austen)
    assert len(corpus) >= 2000 and all("\ud800" > c or c > "\udfff" for line in corpus for c in line)
    tokenizer = BertTokenizerFast.from_pretrained(str(minilm))
    reference = BertTokenizerFast.from_pretrained(str(args.model))  # with the checkpoint's tokenizer.json
    expected = tokenizer(corpus, truncation=False)["input_ids"]
    assert expected == reference(corpus, truncation=False)["input_ids"], "vocab.txt and tokenizer.json disagree"
    cases = build_cases(tokenizer, corpus)
    for case in cases:
        again = encode_case(reference, case["name"], case["texts"], case["pairs"], case["max_length"],
                            case["truncation"], case["padding"])
        assert again == case, f"case {case['name']}: vocab.txt and tokenizer.json disagree"

    write_jsonl(OUT / "bert_corpus.jsonl", corpus)
    write_jsonl(OUT / "bert_expected.jsonl", expected)
    write_jsonl(OUT / "bert_cases.jsonl", cases)

    probe = bert_unicode_probe.probe()
    write_swift_tables(probe, tokenizers.__version__)
    pre = pre_tokenizers.BertPreTokenizer()
    configs = {
        "uncased": bert_unicode_probe.bert_normalizer(clean=True, chinese=True, strip=True, lower=True),
        "lowercase_only": bert_unicode_probe.bert_normalizer(clean=True, chinese=True, strip=False, lower=True),
        "cased": bert_unicode_probe.bert_normalizer(clean=True, chinese=True, strip=False, lower=False),
    }
    for name, normalizer in configs.items():
        path = OUT / f"bert_codepoints_{name}.txt"
        path.write_text("\n".join(codepoint_lines(normalizer, pre, probe)) + "\n", encoding="utf-8")

    print(f"make_tokenizer_fixtures.py: {len(corpus)} corpus lines, {len(cases)} cases, "
          f"{sum(len(ids) for ids in expected)} ids; wrote {OUT.relative_to(ROOT)} and {SWIFT_TABLES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
