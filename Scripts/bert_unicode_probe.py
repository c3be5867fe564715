"""What Hugging Face `tokenizers`' BERT normalizer and pre-tokenizer do to every code point.

Used by make_tokenizer_fixtures.py. `tokenizers` decides "control", "punctuation" and "nonspacing
mark" with the old tables of the Rust crate `unicode_categories` and decomposes with the old
`unicode-normalization-alignments` crate, so its behaviour differs from any current Unicode
database (Swift's included) on a few hundred code points (e.g. U+2E44... are not punctuation,
U+0890 is not dropped, U+11938 is not decomposed). Rather than guess, this module asks
`tokenizers` itself, one code point at a time, and returns

- the character classes: dropped by clean_text, mapped to a space by clean_text, split on by the
  pre-tokenizer as whitespace, CJK (spaced by handle_chinese_chars), punctuation (isolated by the
  pre-tokenizer), nonspacing marks (removed by strip_accents);
- the maps: canonical decomposition (as its NFD does it; Hangul syllables are left out and
  checked against the algorithm), canonical combining class (found by probing the NFD reordering,
  see `combining_classes`), lowercase (`char::to_lowercase`, may be several code points).

Every inference is checked against `tokenizers` (assertions), so a changed library fails loudly.
"""
import unicodedata

from tokenizers import normalizers, pre_tokenizers

MAX_CODE_POINT = 0x10FFFF
HANGUL_BASE, HANGUL_COUNT = 0xAC00, 11172


def code_points():
    """Every Unicode scalar value (surrogates excluded: Python strings could hold them, Rust's not)."""
    return (c for c in range(MAX_CODE_POINT + 1) if not 0xD800 <= c <= 0xDFFF)


def hangul_decomposition(c: int) -> str:
    """The canonical decomposition of a Hangul syllable (Unicode §3.12)."""
    index = c - HANGUL_BASE
    lead, vowel, trail = 0x1100 + index // 588, 0x1161 + (index % 588) // 28, index % 28
    return chr(lead) + chr(vowel) + (chr(0x11A7 + trail) if trail else "")


def bert_normalizer(clean=False, chinese=False, strip=False, lower=False):
    return normalizers.BertNormalizer(
        clean_text=clean, handle_chinese_chars=chinese, strip_accents=strip, lowercase=lower)


def combining_classes(nfd, candidates):
    """The canonical combining class `tokenizers`' NFD uses for each candidate code point.

    NFD sorts adjacent marks by class, so `r + x` comes out as `x + r` exactly when
    0 < ccc(x) < ccc(r). With one reference mark r_v per class value v (the first code point of
    Python's database with that class that `tokenizers` also sorts after a class-1 mark), the
    classes x sorts before are those above ccc(x): ccc(x) is the largest value below the smallest
    such class; when x sorts before none it is the highest class if x sorts after a class-1 mark,
    else 0.
    """
    overlay = "\u0334"  # COMBINING TILDE OVERLAY, class 1 since Unicode 1.1
    references = {1: overlay}
    for c in code_points():
        v, x = unicodedata.combining(chr(c)), chr(c)
        # A mark of class v > 1 that `tokenizers` knows sorts after the overlay.
        if v > 1 and v not in references and nfd.normalize_str(x) == x \
                and nfd.normalize_str(x + overlay) == overlay + x:
            references[v] = x
    values = sorted(references)
    # The references themselves must sort as their classes say.
    for v in values:
        for w in values:
            pair = references[v] + references[w]
            expected = references[w] + references[v] if w < v else pair
            assert nfd.normalize_str(pair) == expected, f"reference marks {v} and {w} do not sort"
    classes = {}
    for c in candidates:
        x = chr(c)
        above = [v for v in values
                 if references[v] != x and nfd.normalize_str(references[v] + x) == x + references[v]]
        if not above:
            # Sorting before no class: 0, or the highest class if x still sorts after the overlay.
            if nfd.normalize_str(x + overlay) == overlay + x:
                classes[c] = values[-1]
            continue
        below = [v for v in values if v < above[0]]
        assert below, f"U+{c:04X} sorts before every class"
        assert above == [v for v in values if v > below[-1]], f"U+{c:04X} sorts inconsistently"
        classes[c] = below[-1]
    return classes


def probe():
    """Returns a dict of sets (`dropped`, `space`, `whitespace`, `chinese`, `punctuation`,
    `nonspacing`) and maps (`decomposition`, `combining_class`, `lowercase`: code point → str or
    int) describing `tokenizers`' BERT pipeline, one code point at a time."""
    clean = bert_normalizer(clean=True)
    chinese_only = bert_normalizer(chinese=True)
    strip = bert_normalizer(strip=True)
    lower = bert_normalizer(lower=True)
    nfd = normalizers.NFD()
    pre = pre_tokenizers.BertPreTokenizer()

    result = {name: set() for name in ("dropped", "space", "whitespace", "chinese", "punctuation", "nonspacing")}
    decomposition, lowercase = {}, {}
    for c in code_points():
        x = chr(c)
        cleaned = clean.normalize_str(x)
        if cleaned == "":
            result["dropped"].add(c)
        elif cleaned == " " and x != " ":
            result["space"].add(c)
        else:
            assert cleaned == x, f"clean_text maps U+{c:04X} to {cleaned!r}"
        spaced = chinese_only.normalize_str(x)
        if spaced == f" {x} ":
            result["chinese"].add(c)
        else:
            assert spaced == x, f"handle_chinese_chars maps U+{c:04X} to {spaced!r}"
        decomposed = nfd.normalize_str(x)
        if HANGUL_BASE <= c < HANGUL_BASE + HANGUL_COUNT:
            assert decomposed == hangul_decomposition(c), f"Hangul U+{c:04X} decomposes unlike the algorithm"
        elif decomposed != x:
            decomposition[c] = decomposed
        elif strip.normalize_str(x) == "":
            result["nonspacing"].add(c)
        lowered = lower.normalize_str(x)
        if lowered != x:
            lowercase[c] = lowered
        pieces = [piece for piece, _ in pre.pre_tokenize_str(f"a{x}a")]
        if pieces == ["a", x, "a"]:
            result["punctuation"].add(c)
        elif pieces == ["a", "a"]:
            result["whitespace"].add(c)
        else:
            assert pieces == [f"a{x}a"], f"BertPreTokenizer splits a U+{c:04X} a into {pieces!r}"

    # strip_accents = NFD, then drop nonspacing marks: check the decomposable code points too.
    for c, decomposed in decomposition.items():
        expected = "".join(ch for ch in decomposed if ord(ch) not in result["nonspacing"])
        assert strip.normalize_str(chr(c)) == expected, f"strip_accents(U+{c:04X}) is not NFD minus marks"

    candidates = sorted(c for c in code_points() if unicodedata.combining(chr(c)) and c not in decomposition)
    result["decomposition"] = decomposition
    result["combining_class"] = combining_classes(nfd, candidates)
    result["lowercase"] = lowercase
    return result


def ranges(values):
    """Sorted code points as inclusive (first, last) runs."""
    runs = []
    for c in sorted(values):
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return [tuple(run) for run in runs]
