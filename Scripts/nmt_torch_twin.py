"""PyTorch twin of TinyformerNMT's `Transformer` (Sources/TinyformerNMT/Model).

The same models with the same parameter names and shapes, so a state dict moves between the two
unchanged (safetensors, F32):

    from nmt_torch_twin import TransformerConfig, NMTTransformer, encoder_decoder_inputs

    config = TransformerConfig(architecture="encoderDecoder", hiddenSize=32, layers=4)
    model = NMTTransformer(config)
    batch = encoder_decoder_inputs(sources, targets)      # lists of character-id lists
    loss = model.loss(batch)
    model.greedy([source_ids])                             # generated ids per source

Used by Scripts/make_nmt_fixtures.py (golden data for the Swift tests) and by training benchmarks
(the "PyTorch eager" side of the comparison). It imports nothing from the repository.

Architecture (the defaults are the course-faithful preset, CSC413's Pig Latin transformer):

- sinusoidal positions added to the embeddings (`sinusoidal_table`, the course's formula);
- attention: Q, K, V each Linear(h, h) with bias, heads interleaved in the channels, scores
  scaled by 1/sqrt(h / heads), -inf above the diagonal when causal, softmax over the keys,
  optional output projection `output` (off in the course);
- layer (no LayerNorm in the course): x = x + SelfAttn(x); [x = x + CrossAttn(x, memory)];
  x = x + MLP(x), MLP = act(fc(x)) for mlpMultiplier 1 (the course: ReLU), proj(act(fc(x)))
  for wider MLPs; pre-LN option: x = x + Dropout(f(LN(x))) and a final LayerNorm per stack;
- decoder output Linear(h, vocabulary).

Parameter names (state_dict order): see `Transformer`'s doc comment in Swift, e.g.
`encoder.embedding.weight`, `encoder.layers.0.self_attention.query.weight`,
`encoder.layers.0.mlp.fc.weight`, `decoder.layers.0.cross_attention.key.bias`,
`decoder.final_norm.weight` (pre-LN), `decoder.output.weight`.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field

import torch
import torch.nn as nn
import torch.nn.functional as F

# The character vocabulary (Sources/TinyformerNMT/Data/Vocabulary.swift): '-' = 0, a-z = 1..26.
CHARACTERS = "-abcdefghijklmnopqrstuvwxyz"
SOS, EOS, EOP = 27, 28, 29
VOCABULARY_SIZE = 30
MAX_OUTPUT_LENGTH = 20


def encode(word: str) -> list[int]:
    """Character ids of a word made of '-' and a-z."""
    return [CHARACTERS.index(ch) for ch in word]


def decode(ids) -> str:
    """Characters of ids up to the first EOS, special tokens skipped."""
    out = []
    for i in ids:
        if i == EOS:
            break
        if 0 <= i < len(CHARACTERS):
            out.append(CHARACTERS[i])
    return "".join(out)


@dataclass
class TransformerConfig:
    """Mirror of the Swift `TransformerConfig` (same JSON keys and defaults)."""
    architecture: str = "encoderDecoder"  # or "decoderOnly"
    vocabularySize: int = VOCABULARY_SIZE
    hiddenSize: int = 32
    layers: int = 3
    heads: int = 1
    preLayerNorm: bool = False
    mlpMultiplier: int = 1
    activation: str | None = None  # None: "relu" when mlpMultiplier == 1, else "gelu"
    attentionOutputProjection: bool = False
    dropout: float = 0.0
    maxLength: int = 64
    seed: int = 0

    def __post_init__(self):
        if self.activation is None:
            self.activation = "gelu" if self.mlpMultiplier > 1 else "relu"
        assert self.architecture in ("encoderDecoder", "decoderOnly"), self.architecture
        assert self.activation in ("relu", "gelu"), self.activation
        assert self.hiddenSize % self.heads == 0, "heads must divide hiddenSize"

    def to_json(self) -> str:
        """Compact JSON with sorted keys (decodable by Swift's `TransformerConfig`)."""
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))

    @staticmethod
    def from_json(text: str) -> "TransformerConfig":
        return TransformerConfig(**json.loads(text))


def sinusoidal_table(max_length: int, width: int) -> torch.Tensor:
    """PE(p, 2i) = sin(p / 10000^(2i/C)), PE(p, 2i+1) = cos(...), computed in float64 and rounded
    to float32 like Swift's `SinusoidalPositionalEncoding`. (max_length, width)."""
    table = torch.zeros(max_length, width, dtype=torch.float64)
    for pos in range(max_length):
        for i in range(0, width, 2):
            angle = pos / math.pow(10000.0, i / width)
            table[pos, i] = math.sin(angle)
            if i + 1 < width:
                table[pos, i + 1] = math.cos(angle)
    return table.float()


def attention(q, k, v, heads: int, causal: bool, impl: str = "math"):
    """Scaled dot-product attention, heads interleaved in channels (the Swift fused op).

    q (B, Tq, C), k and v (B, Tk, C) -> output (B, Tq, C), weights (B, H, Tq, Tk) (None with
    impl="sdpa"). Causal masks keys j > i (top-left aligned, as `is_causal`).
    """
    b, tq, c = q.shape
    tk = k.shape[1]
    d = c // heads
    qh = q.view(b, tq, heads, d).transpose(1, 2)  # (B, H, Tq, D)
    kh = k.view(b, tk, heads, d).transpose(1, 2)  # (B, H, Tk, D)
    vh = v.view(b, tk, heads, d).transpose(1, 2)  # (B, H, Tk, D)
    if impl == "sdpa":
        out = F.scaled_dot_product_attention(qh, kh, vh, is_causal=causal)
        return out.transpose(1, 2).reshape(b, tq, c), None
    scores = (qh @ kh.transpose(-2, -1)) / math.sqrt(d)  # (B, H, Tq, Tk)
    if causal:
        mask = torch.triu(torch.ones(tq, tk, dtype=torch.bool, device=q.device), diagonal=1)
        scores = scores.masked_fill(mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    out = (weights @ vh).transpose(1, 2).reshape(b, tq, c)
    return out, weights


class Attention(nn.Module):
    """Parameters `query`, `key`, `value` (Linear(h, h)) and optionally `output`."""

    def __init__(self, config: TransformerConfig):
        super().__init__()
        h = config.hiddenSize
        self.heads = config.heads
        self.query = nn.Linear(h, h)
        self.key = nn.Linear(h, h)
        self.value = nn.Linear(h, h)
        self.output = nn.Linear(h, h) if config.attentionOutputProjection else None

    def forward(self, x, context, causal: bool, impl: str = "math"):
        out, weights = attention(self.query(x), self.key(context), self.value(context), self.heads, causal, impl)
        if self.output is not None:
            out = self.output(out)
        return out, weights


class FeedForward(nn.Module):
    """act(fc(x)) for mlpMultiplier 1 (the course), proj(act(fc(x))) otherwise."""

    def __init__(self, config: TransformerConfig):
        super().__init__()
        h, m = config.hiddenSize, config.mlpMultiplier
        self.fc = nn.Linear(h, m * h)
        self.proj = nn.Linear(m * h, h) if m > 1 else None
        self.activation = F.relu if config.activation == "relu" else F.gelu

    def forward(self, x):
        y = self.activation(self.fc(x))
        return self.proj(y) if self.proj is not None else y


class Layer(nn.Module):
    """One encoder or decoder layer (see the module docstring); registration order = names order."""

    def __init__(self, config: TransformerConfig, cross_attention: bool):
        super().__init__()
        h = config.hiddenSize

        def norm():
            return nn.LayerNorm(h, eps=1e-5) if config.preLayerNorm else None

        self.self_attention_norm = norm()
        self.self_attention = Attention(config)
        self.cross_attention_norm = norm() if cross_attention else None
        self.cross_attention = Attention(config) if cross_attention else None
        self.mlp_norm = norm()
        self.mlp = FeedForward(config)
        self.dropout = nn.Dropout(config.dropout)

    @staticmethod
    def _pre(norm, x):
        return norm(x) if norm is not None else x

    def forward(self, x, memory=None, causal=False, impl="math"):
        h = self._pre(self.self_attention_norm, x)
        a, self_weights = self.self_attention(h, h, causal, impl)
        x = x + self.dropout(a)
        cross_weights = None
        if self.cross_attention is not None:
            h = self._pre(self.cross_attention_norm, x)
            a, cross_weights = self.cross_attention(h, memory, False, impl)
            x = x + self.dropout(a)
        h = self._pre(self.mlp_norm, x)
        x = x + self.dropout(self.mlp(h))
        return x, self_weights, cross_weights


class Stack(nn.Module):
    """Embedding + sinusoidal positions, layers, final LayerNorm (pre-LN); the decoder also owns
    `output` (registered after the layers and the final norm)."""

    def __init__(self, config: TransformerConfig, causal: bool, cross_attention: bool, output: bool):
        super().__init__()
        h = config.hiddenSize
        self.causal = causal
        self.embedding = nn.Embedding(config.vocabularySize, h)
        self.layers = nn.ModuleList([Layer(config, cross_attention) for _ in range(config.layers)])
        self.final_norm = nn.LayerNorm(h, eps=1e-5) if config.preLayerNorm else None
        self.output = nn.Linear(h, config.vocabularySize) if output else None
        self.dropout = nn.Dropout(config.dropout)
        self.register_buffer("positions", sinusoidal_table(config.maxLength, h), persistent=False)

    def forward(self, tokens, memory=None, impl="math"):
        """tokens (B, T) -> hidden states (B, T, h) (or logits (B, T, V) with `output`), weights."""
        t = tokens.shape[1]
        if t > self.positions.shape[0]:
            raise ValueError(f"sequence length {t} exceeds maxLength {self.positions.shape[0]}")
        x = self.dropout(self.embedding(tokens) + self.positions[:t])
        self_weights, cross_weights = [], []
        for layer in self.layers:
            x, sw, cw = layer(x, memory, self.causal, impl)
            self_weights.append(sw)
            if cw is not None:
                cross_weights.append(cw)
        if self.final_norm is not None:
            x = self.final_norm(x)
        if self.output is not None:
            x = self.output(x)
        return x, self_weights, cross_weights


class NMTTransformer(nn.Module):
    """The encoder-decoder (`encoder`, `decoder`) or decoder-only (`decoder`) model.

    `impl` = "math" (explicit matmuls and softmax, returns attention weights, the course's
    computation) or "sdpa" (`F.scaled_dot_product_attention`, faster, no weights).
    """

    def __init__(self, config: TransformerConfig, impl: str = "math"):
        super().__init__()
        self.config = config
        self.impl = impl
        encoder_decoder = config.architecture == "encoderDecoder"
        self.encoder = Stack(config, causal=False, cross_attention=False, output=False) if encoder_decoder else None
        self.decoder = Stack(config, causal=True, cross_attention=encoder_decoder, output=True)

    def forward(self, decoder_tokens, encoder_tokens=None):
        """Logits (B, T, V). Encoder-decoder: encoder_tokens (B, S) = source + EOS and
        decoder_tokens (B, T) = SOS + target. Decoder-only: decoder_tokens = SOS+source+EOP+target."""
        return self.forward_with_attention(decoder_tokens, encoder_tokens)[0]

    def forward_with_attention(self, decoder_tokens, encoder_tokens=None):
        """(logits, encoder self-attention, decoder self-attention, cross-attention) per layer."""
        memory, encoder_weights = None, []
        if self.encoder is not None:
            if encoder_tokens is None:
                raise ValueError("the encoder-decoder model needs encoder_tokens")
            memory, encoder_weights, _ = self.encoder(encoder_tokens, impl=self.impl)
        logits, self_weights, cross_weights = self.decoder(decoder_tokens, memory, impl=self.impl)
        return logits, encoder_weights, self_weights, cross_weights

    def loss(self, batch: "Batch"):
        """Mean cross-entropy over the counted positions (all of them for encoder-decoder; from
        EOP on for decoder-only): sum_n w_n CE_n / sum_n w_n."""
        logits = self(batch.decoder_tokens, batch.encoder_tokens)
        v = logits.shape[-1]
        if batch.loss_weights is None:
            return F.cross_entropy(logits.reshape(-1, v), batch.targets.reshape(-1))
        per_position = F.cross_entropy(logits.reshape(-1, v), batch.targets.reshape(-1), reduction="none")
        w = batch.loss_weights.reshape(-1)
        return (per_position * w).sum() / w.sum()

    @torch.no_grad()
    def greedy(self, sources: list[list[int]], max_output_length: int = MAX_OUTPUT_LENGTH) -> list[list[int]]:
        """Greedy decoding of equally long character-id sources, re-running the whole prefix each
        step: the generated ids per source, with the final EOS when produced."""
        b = len(sources)
        src = torch.tensor(sources, dtype=torch.long)
        if self.encoder is not None:
            encoder_tokens = torch.cat([src, torch.full((b, 1), EOS)], dim=1)
            prefix = torch.full((b, 1), SOS)
        else:
            encoder_tokens = None
            prefix = torch.cat([torch.full((b, 1), SOS), src, torch.full((b, 1), EOP)], dim=1)
        generated = [[] for _ in range(b)]
        ended = [False] * b
        for _ in range(max_output_length):
            logits = self(prefix, encoder_tokens)
            nxt = logits[:, -1].argmax(dim=-1)
            for r in range(b):
                if not ended[r]:
                    generated[r].append(int(nxt[r]))
                    ended[r] = int(nxt[r]) == EOS
            if all(ended):
                break
            prefix = torch.cat([prefix, nxt[:, None]], dim=1)
        return generated


@dataclass
class Batch:
    """One batch of equal-length pairs laid out like Swift's `TransformerInputs` (long tensors)."""
    decoder_tokens: torch.Tensor  # (B, T)
    targets: torch.Tensor  # (B, T)
    encoder_tokens: torch.Tensor | None = None  # (B, S + 1), encoder-decoder only
    loss_weights: torch.Tensor | None = field(default=None)  # (B, T) float, decoder-only only


def encoder_decoder_inputs(sources: list[list[int]], targets: list[list[int]]) -> Batch:
    """encoder = source + EOS, decoder = SOS + target, targets = target + EOS."""
    return Batch(decoder_tokens=torch.tensor([[SOS] + t for t in targets]),
                 targets=torch.tensor([t + [EOS] for t in targets]),
                 encoder_tokens=torch.tensor([s + [EOS] for s in sources]))


def decoder_only_inputs(sources: list[list[int]], targets: list[list[int]]) -> Batch:
    """tokens = SOS + source + EOP + target, targets = source + EOP + target + EOS, loss weights 1
    from the EOP position on."""
    tokens = [[SOS] + s + [EOP] + t for s, t in zip(sources, targets)]
    shifted = [s + [EOP] + t + [EOS] for s, t in zip(sources, targets)]
    weights = [[1.0 if i >= len(s) + 1 else 0.0 for i in range(len(row))] for s, row in zip(sources, tokens)]
    return Batch(decoder_tokens=torch.tensor(tokens), targets=torch.tensor(shifted),
                 loss_weights=torch.tensor(weights))


def inputs_for(config: TransformerConfig, sources, targets) -> Batch:
    if config.architecture == "encoderDecoder":
        return encoder_decoder_inputs(sources, targets)
    return decoder_only_inputs(sources, targets)
