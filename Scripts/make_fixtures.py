#!/usr/bin/env python3
"""Golden PyTorch fixtures for Tinyformer's tensor ops, optimizers and a tiny network.

Run it through `Scripts/make-fixtures` (which creates/uses the ignored `.venv`):

    Scripts/make-fixtures            # rewrite Fixtures/ops, Fixtures/optim, Fixtures/network

Writes safetensors files (every tensor F32, integer arrays stored exactly as F32) under

    Fixtures/ops/<case>.safetensors        one file per op case (inputs, upstream, output, grads)
    Fixtures/optim/optimizers.safetensors  SGD / Adam / AdamW trajectories for 10 steps
    Fixtures/network/tiny_network.safetensors
                                           a two-block pre-LN transformer: parameters, logits,
                                           loss, gradients, and 10-step Adam/AdamW loss curves

The tensor names are documented in Fixtures/README.md. Op-case hyperparameters (heads, axis,
causal, ...) are in each file's `__metadata__` (strings).

Reproducibility: torch is pinned (PINNED_TORCH in fixture_io.py), float32 throughout, one CPU thread, and
each case is seeded from a CRC32 of its name (after a global `torch.manual_seed(0)`), so adding
or removing a case does not change the data of the others.
"""
import math
import sys
import zlib
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixture_io import float32_tensors, pinned_torch_session, write_safetensors  # noqa: E402


ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Fixtures"
OWNED_DIRS = ("ops", "optim", "network")


def seed_case(name: str) -> None:
    torch.manual_seed(zlib.crc32(name.encode("utf-8")))


def save(relative: str, tensors: dict, metadata: dict | None = None) -> Path:
    path = FIXTURES / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    prepared = float32_tensors(tensors)
    meta = {"generator": "Scripts/make_fixtures.py", "torch": torch.__version__}
    for key, value in (metadata or {}).items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value)
        meta[key] = str(value)
    write_safetensors(path, prepared, meta)
    return path


# ---------------------------------------------------------------------------------------------
# Op cases: loss = (output * upstream).sum(), gradients w.r.t. every differentiable input.
# ---------------------------------------------------------------------------------------------

written: list[Path] = []


def op_case(name: str, fn, inputs: dict, differentiable=None, metadata=None):
    """Runs `fn(**leaves)` and saves input.*, upstream, output (+ extra outputs), grad.*.

    `inputs` is called after seeding so the data depend only on the case name. `fn` returns the
    output tensor, or (output, {extra name: tensor}) for additional non-differentiated outputs.
    """
    seed_case(name)
    raw = inputs() if callable(inputs) else inputs
    if differentiable is None:
        differentiable = list(raw.keys())
    leaves = {}
    for key, value in raw.items():
        t = value.detach().clone()
        if key in differentiable:
            t.requires_grad_(True)
        leaves[key] = t
    result = fn(**leaves)
    extras = {}
    if isinstance(result, tuple):
        result, extras = result
    upstream = torch.randn(result.shape)
    (result * upstream).sum().backward()
    tensors = {f"input.{k}": v for k, v in leaves.items()}
    tensors["upstream"] = upstream
    tensors["output"] = result
    for key, value in extras.items():
        tensors[key] = value
    for key in differentiable:
        grad = leaves[key].grad
        tensors[f"grad.{key}"] = grad if grad is not None else torch.zeros_like(leaves[key])
    written.append(save(f"ops/{name}.safetensors", tensors, {"case": name, **(metadata or {})}))


def randn(*shape, scale=1.0, shift=0.0):
    return torch.randn(tuple(shape)) * scale + shift


def attention_reference(q, k, v, heads, causal, key_padding, scale, float_mask=None):
    """Multi-head attention with heads interleaved in channels (nn.MultiheadAttention layout).

    key_padding: bool (B, Tk), True = masked. float_mask: an additive mask (Tq, Tk), (B, Tq, Tk)
    (broadcast over heads) or (B, H, Tq, Tk), added to the scaled scores. A query row with no
    attendable key gets zero weights and zero gradient (Tinyformer's choice; PyTorch gives NaN).
    Returns output (B, Tq, H*Dv), weights (B, H, Tq, Tk).
    """
    b, tq, ck = q.shape
    tk = k.shape[1]
    dk, dv = ck // heads, v.shape[2] // heads
    qh = q.view(b, tq, heads, dk).transpose(1, 2)  # (B, H, Tq, Dk)
    kh = k.view(b, tk, heads, dk).transpose(1, 2)  # (B, H, Tk, Dk)
    vh = v.view(b, tk, heads, dv).transpose(1, 2)  # (B, H, Tk, Dv)
    mask = torch.zeros(tq, tk, dtype=torch.bool)
    if causal:
        mask = torch.triu(torch.ones(tq, tk, dtype=torch.bool), diagonal=1)
    mask = mask[None, None].expand(b, 1, tq, tk)
    if key_padding is not None:
        mask = mask | key_padding[:, None, None, :]
    scores = (qh @ kh.transpose(-2, -1)) * scale
    if float_mask is not None:
        additive = {2: float_mask[None, None], 3: float_mask[:, None], 4: float_mask}[float_mask.dim()]
        scores = scores + additive
    scores = scores.masked_fill(mask, float("-inf"))
    dead = torch.isneginf(scores).all(dim=-1, keepdim=True)  # (B, H, Tq, 1): no attendable key
    if dead.any():
        # Softmax of a stand-in row, then zeroed: zero weights and no NaN in any gradient.
        weights = torch.softmax(scores.masked_fill(dead, 0.0), dim=-1) * (~dead)
    else:
        weights = torch.softmax(scores, dim=-1)  # (B, H, Tq, Tk)
    out = (weights @ vh).transpose(1, 2).reshape(b, tq, heads * dv)
    # Cross-check against PyTorch's own kernel (attn_mask True = attend, or a float mask).
    if float_mask is None:
        sdpa = F.scaled_dot_product_attention(qh, kh, vh, attn_mask=~mask, scale=scale)
    else:
        sdpa_mask = additive.expand(b, heads, tq, tk).masked_fill(mask, float("-inf"))
        sdpa = F.scaled_dot_product_attention(qh, kh, vh, attn_mask=sdpa_mask, scale=scale)
        sdpa = torch.where(dead, 0.0, sdpa)  # NaN rows in PyTorch
    sdpa = sdpa.transpose(1, 2).reshape(b, tq, heads * dv)
    if not torch.allclose(out, sdpa, atol=1e-6, rtol=1e-5):
        raise SystemExit("attention reference disagrees with F.scaled_dot_product_attention")
    return out, weights


def make_op_fixtures():
    B, T, C = 2, 5, 8

    # Linear / matmul / bmm --------------------------------------------------------------------
    op_case("linear", lambda x, weight, bias: F.linear(x, weight, bias),
            lambda: {"x": randn(B, T, C), "weight": randn(6, C, scale=0.5), "bias": randn(6)})
    op_case("linear_no_bias", lambda x, weight: F.linear(x, weight),
            lambda: {"x": randn(B, T, C), "weight": randn(6, C, scale=0.5)})
    op_case("linear_2d", lambda x, weight, bias: F.linear(x, weight, bias),
            lambda: {"x": randn(7, C), "weight": randn(3, C, scale=0.5), "bias": randn(3)})
    op_case("matmul", lambda a, b: a @ b, lambda: {"a": randn(B, T, C), "b": randn(C, 6)})
    op_case("matmul_2d", lambda a, b: a @ b, lambda: {"a": randn(4, 7), "b": randn(7, 3)})
    M, K, N = 4, 6, 3
    for ts in (False, True):
        for to in (False, True):
            name = f"bmm_{'t' if ts else 'n'}{'t' if to else 'n'}"
            a_shape = (3, K, M) if ts else (3, M, K)
            b_shape = (3, N, K) if to else (3, K, N)

            def bmm(a, b, ts=ts, to=to):
                return torch.bmm(a.transpose(1, 2) if ts else a, b.transpose(1, 2) if to else b)

            op_case(name, bmm, lambda a_shape=a_shape, b_shape=b_shape: {"a": randn(*a_shape), "b": randn(*b_shape)},
                    metadata={"transpose_self": ts, "transpose_other": to})

    # Broadcasting arithmetic -------------------------------------------------------------------
    shapes = {
        "same": ((B, T, C), (B, T, C)),
        "tc": ((B, T, C), (T, C)),
        "c": ((B, T, C), (C,)),
        "scalar": ((B, T, C), ()),
        "tc_lhs_small": ((T, C), (B, T, C)),
        "c_lhs_small": ((C,), (B, T, C)),
    }
    ops = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b}
    for op_name, fn in ops.items():
        for shape_name, (sa, sb) in shapes.items():
            op_case(f"{op_name}_{shape_name}", fn, lambda sa=sa, sb=sb: {"a": randn(*sa), "b": randn(*sb)},
                    metadata={"op": op_name})

    def away_from_zero(*shape):  # divisors with |b| ≥ 0.5
        r = torch.randn(shape)
        return torch.where(r < 0, r - 0.5, r + 0.5)

    for shape_name, (sa, sb) in shapes.items():
        op_case(f"div_{shape_name}", lambda a, b: a / b, lambda sa=sa, sb=sb: {"a": randn(*sa), "b": away_from_zero(*sb)},
                metadata={"op": "div"})
    op_case("scaled", lambda x: x * 0.375, lambda: {"x": randn(B, T, C)}, metadata={"factor": "0.375"})
    op_case("adding", lambda x: x + 1.5, lambda: {"x": randn(B, T, C)}, metadata={"constant": "1.5"})

    # Activations and softmax ---------------------------------------------------------------------
    op_case("relu", lambda x: F.relu(x), lambda: {"x": randn(B, T, C, scale=2)})
    op_case("gelu", lambda x: F.gelu(x), lambda: {"x": randn(B, T, C, scale=2)})
    op_case("gelu_tanh", lambda x: F.gelu(x, approximate="tanh"), lambda: {"x": randn(B, T, C, scale=2)})
    op_case("quick_gelu", lambda x: x * torch.sigmoid(1.702 * x), lambda: {"x": randn(B, T, C, scale=2)})
    op_case("tanh", lambda x: torch.tanh(x), lambda: {"x": randn(B, T, C, scale=2)})
    op_case("exp", lambda x: torch.exp(x), lambda: {"x": randn(B, T, C)})
    op_case("log", lambda x: torch.log(x), lambda: {"x": torch.rand(B, T, C) * 3 + 0.05})
    op_case("sqrt", lambda x: torch.sqrt(x), lambda: {"x": torch.rand(B, T, C) * 3 + 0.05})
    op_case("softmax", lambda x: torch.softmax(x, dim=-1), lambda: {"x": randn(B, T, C, scale=2)})
    op_case("softmax_2d", lambda x: torch.softmax(x, dim=-1), lambda: {"x": randn(3, 11, scale=3)})

    # Attention ------------------------------------------------------------------------------------
    mask_shapes = {"tq_tk": lambda b, h, tq, tk: (tq, tk), "b_tq_tk": lambda b, h, tq, tk: (b, tq, tk),
                   "b_h_tq_tk": lambda b, h, tq, tk: (b, h, tq, tk)}

    def attention_case(name, heads, causal, padding, tq=5, tk=5, dk=4, dv=4, scale=None, b=2, mask=None, neg_inf=False):
        def make():
            d = {"query": randn(b, tq, heads * dk), "key": randn(b, tk, heads * dk), "value": randn(b, tk, heads * dv)}
            if padding:
                pad = torch.zeros(b, tk)
                pad[b - 1, tk - 1] = 1  # last key of the last item
                pad[0, 1] = 1           # and an interior key of the first
                d["key_padding"] = pad
            if mask is not None:
                m = randn(*mask_shapes[mask](b, heads, tq, tk), scale=2)
                if neg_inf:  # (B, H, Tq, Tk): scattered −inf, one row all −inf, one emptied with causal
                    m[0, 1, 2, 3] = m[1, 0, 4, 0] = float("-inf")
                    m[0, 0, 1, :] = float("-inf")
                    m[1, 1, 0, 0] = float("-inf")
                d["mask"] = m
            return d

        s = scale if scale is not None else 1 / math.sqrt(dk)

        def fn(query, key, value, key_padding=None, mask=None):
            kp = key_padding.bool() if key_padding is not None else None
            out, weights = attention_reference(query, key, value, heads, causal, kp, s, float_mask=mask)
            return out, {"weights": weights.detach()}

        meta = {"heads": heads, "causal": causal, "key_padding": padding, "scale": repr(float(s)) if scale is not None else "default"}
        if mask is not None:
            meta["mask"] = mask
        op_case(name, fn, make, differentiable=["query", "key", "value"], metadata=meta)

    attention_case("attention_h1", 1, False, False)
    attention_case("attention_h2", 2, False, False)
    attention_case("attention_h1_causal", 1, True, False)
    attention_case("attention_h2_causal", 2, True, False)
    attention_case("attention_h1_padding", 1, False, True)
    attention_case("attention_h2_padding", 2, False, True)
    attention_case("attention_h2_causal_padding", 2, True, True)
    attention_case("attention_h2_cross", 2, False, True, tq=3, tk=6, dk=4, dv=3)
    attention_case("attention_h2_cross_causal", 2, True, False, tq=4, tk=6, dk=3, dv=5)
    attention_case("attention_h2_scale", 2, True, True, scale=0.25)
    # Several blocks of 8 query lanes with a partial last one, full 8×8 transposes of Q and dO.
    attention_case("attention_h2_lanes", 2, True, True, tq=19, tk=19, dk=16, dv=8)
    attention_case("attention_h1_lanes_cross", 1, False, True, tq=11, tk=13, dk=8, dv=12)
    # More queries than the query-lane layout takes (65 > 64): the row-wise path.
    attention_case("attention_h2_rows", 2, True, True, tq=70, tk=70, dk=3, dv=5, b=1)
    attention_case("attention_h1_rows_cross", 1, False, True, tq=66, tk=9, dk=5, dv=4)
    # Additive float masks (attn_mask): broadcast over batch and heads, over heads, per head.
    attention_case("attention_h2_mask", 2, False, False, mask="tq_tk")
    attention_case("attention_h2_mask_batch_causal", 2, True, False, mask="b_tq_tk")
    attention_case("attention_h2_mask_heads_padding", 2, False, True, mask="b_h_tq_tk")
    attention_case("attention_h2_mask_causal_padding", 2, True, True, mask="b_h_tq_tk", scale=0.25)
    attention_case("attention_h2_mask_cross", 2, False, True, tq=3, tk=6, dk=4, dv=3, mask="b_tq_tk")
    attention_case("attention_h1_mask_rows", 1, True, True, tq=70, tk=70, dk=3, dv=5, b=1, mask="tq_tk")
    attention_case("attention_h2_mask_neginf", 2, True, False, mask="b_h_tq_tk", neg_inf=True)

    # Layer norm -------------------------------------------------------------------------------
    op_case("layer_norm_affine", lambda x, weight, bias: F.layer_norm(x, (C,), weight, bias, 1e-5),
            lambda: {"x": randn(B, T, C, scale=2, shift=0.5), "weight": randn(C, scale=0.5, shift=1), "bias": randn(C, scale=0.5)},
            metadata={"eps": "1e-05"})
    op_case("layer_norm_plain", lambda x: F.layer_norm(x, (C,), None, None, 1e-5),
            lambda: {"x": randn(B, T, C, scale=2, shift=-0.5)}, metadata={"eps": "1e-05"})
    op_case("layer_norm_weight_only", lambda x, weight: F.layer_norm(x, (C,), weight, None, 1e-5),
            lambda: {"x": randn(B, T, C), "weight": randn(C, scale=0.5, shift=1)}, metadata={"eps": "1e-05"})
    op_case("layer_norm_eps", lambda x, weight, bias: F.layer_norm(x, (6,), weight, bias, 0.1),
            lambda: {"x": randn(4, 6, scale=0.3), "weight": randn(6, scale=0.5, shift=1), "bias": randn(6)},
            metadata={"eps": "0.1"})

    # Embedding ----------------------------------------------------------------------------------
    def embedding_inputs():
        idx = torch.tensor([[3, 0, 7, 3, 10], [1, 3, 7, 9, 0]], dtype=torch.float32)  # repeats on purpose
        return {"table": randn(11, C), "indices": idx}

    op_case("embedding", lambda table, indices: F.embedding(indices.long(), table), embedding_inputs,
            differentiable=["table"])

    # Cross-entropy: loss = Σ w·nll / Σ w, w = 0 at ignored targets, else the weight (default 1) --
    def ce_case(name, shape, ignore_index=-100, ignored=(), weights=None, ignore_index_in_targets=None):
        def make():
            v = shape[-1]
            n = math.prod(shape[:-1])
            targets = torch.randint(0, v, (n,))
            for pos in ignored:
                targets[pos] = ignore_index if ignore_index_in_targets is None else ignore_index_in_targets
            d = {"logits": randn(*shape, scale=2), "targets": targets.float()}
            if weights is not None:
                d["weights"] = torch.tensor(weights, dtype=torch.float32)
            return d

        def fn(logits, targets, weights=None):
            v = logits.shape[-1]
            t = targets.long()
            flat = logits.reshape(-1, v)
            if weights is None:
                return F.cross_entropy(flat, t, ignore_index=ignore_index)
            nll = F.cross_entropy(flat, t, ignore_index=ignore_index, reduction="none")
            w = weights * (t != ignore_index).float()
            return (w * nll).sum() / w.sum()

        op_case(name, fn, make, differentiable=["logits"], metadata={"ignore_index": ignore_index})

    ce_case("cross_entropy", (B, T, 7))
    ce_case("cross_entropy_2d", (6, 5))
    ce_case("cross_entropy_ignore", (B, T, 7), ignored=(1, 4, 8))
    ce_case("cross_entropy_weights", (B, T, 7), weights=[1, 1, 0, 1, 0, 0, 1, 1, 1, 0])
    ce_case("cross_entropy_ignore_weights", (B, T, 7), ignored=(0, 6),
            weights=[0.5, 1, 2, 0, 1, 0.25, 1, 1, 0, 1.5])
    # A custom ignore index that is also a valid class (class 2 never counts).
    ce_case("cross_entropy_ignore_class", (B, T, 7), ignore_index=2, ignored=(3, 5))

    # Cross-entropy against class probabilities (CLIP's several-positives loss): rows summing to
    # 1, one of them one-hot, one split evenly, one all zero (counts nothing, still divides).
    def soft_targets():
        t = torch.rand(B * T, 7) * (torch.rand(B * T, 7) > 0.4).float()
        t[0] = 0
        t[0, 3] = 1
        t[1] = torch.tensor([0, 0.5, 0, 0.5, 0, 0, 0])
        t[2] = 0
        rows = t.sum(1, keepdim=True)
        t = torch.where(rows > 0, t / rows.clamp_min(1e-12), t)
        return {"logits": randn(B, T, 7, scale=2), "probabilities": t.view(B, T, 7)}

    op_case("cross_entropy_probabilities",
            lambda logits, probabilities: F.cross_entropy(logits.reshape(-1, 7), probabilities.reshape(-1, 7)),
            soft_targets, differentiable=["logits"])

    # Reductions -------------------------------------------------------------------------------
    op_case("sum", lambda x: x.sum(), lambda: {"x": randn(B, T, C)})
    op_case("mean", lambda x: x.mean(), lambda: {"x": randn(B, T, C)})

    def axis_case(name, fn, axis, keepdim, make=lambda: {"x": randn(B, T, C)}):
        op_case(name, lambda x: fn(x, axis, keepdim), make, metadata={"axis": axis, "keepdim": keepdim})

    def max_values(x, axis, keepdim):
        values, indices = torch.max(x, dim=axis, keepdim=keepdim)
        xs = x.detach().numpy()  # the gradient must go to the first maximum, as Tinyformer's does
        first = np.argmax(xs == np.max(xs, axis=axis, keepdims=True), axis=axis)
        assert (indices.reshape(first.shape).numpy() == first).all(), "torch.max chose a later tie"
        return values, {"indices": indices.float()}

    axis_case("sum_axis0", torch.sum, 0, False)
    axis_case("sum_axis1", torch.sum, 1, False)
    axis_case("sum_axis_last_keepdim", torch.sum, -1, True)
    axis_case("sum_axis_neg2", torch.sum, -2, False)
    axis_case("mean_axis0", torch.mean, 0, False)
    axis_case("mean_axis1_keepdim", torch.mean, 1, True)
    axis_case("mean_axis_last", torch.mean, -1, False)
    axis_case("max_axis0", max_values, 0, False)
    axis_case("max_axis1_keepdim", max_values, 1, True)
    axis_case("max_axis_last", max_values, -1, False)
    # Small integers: many ties, the gradient goes to the first maximum only.
    axis_case("max_ties", max_values, -1, False, make=lambda: {"x": torch.randint(0, 3, (B, T, C)).float()})

    # L2 normalisation (F.normalize) -------------------------------------------------------------
    def normalize_case(name, axis, eps, make):
        op_case(name, lambda x: F.normalize(x, p=2.0, dim=axis, eps=eps), make, metadata={"axis": axis, "eps": repr(eps)})

    normalize_case("l2_normalize", -1, 1e-12, lambda: {"x": randn(B, T, C)})
    normalize_case("l2_normalize_axis1", 1, 1e-12, lambda: {"x": randn(B, T, C)})
    # Rows 1 and 3 have norms below eps = 0.5: the clamp holds there.
    normalize_case("l2_normalize_eps", -1, 0.5,
                   lambda: {"x": randn(4, 6) * torch.tensor([1.0, 0.05, 1.0, 0.1])[:, None]})

    # Shape ops ----------------------------------------------------------------------------------
    op_case("reshape", lambda x: x.reshape(-1, 4), lambda: {"x": randn(B, T, C)}, metadata={"shape": "-1,4"})
    op_case("reshape_split", lambda x: x.reshape(B, T, 2, 4), lambda: {"x": randn(B, T, C)},
            metadata={"shape": f"{B},{T},2,4"})
    op_case("transpose", lambda x: x.transpose(-2, -1).contiguous(), lambda: {"x": randn(B, T, C)})
    op_case("transpose_4d", lambda x: x.transpose(-2, -1).contiguous(), lambda: {"x": randn(2, 3, 4, 5)})
    op_case("transpose_2d", lambda x: x.transpose(-2, -1).contiguous(), lambda: {"x": randn(3, 7)})

    def permute_case(name, order, shape):
        op_case(name, lambda x: x.permute(*order).contiguous(), lambda: {"x": randn(*shape)}, metadata={"order": order})

    permute_case("permute_heads", (0, 2, 1, 3), (2, 5, 3, 4))  # (B, T, H, D) → (B, H, T, D)
    permute_case("permute_last_moves", (3, 1, 0, 2), (2, 3, 4, 5))
    permute_case("permute_3d", (2, 0, 1), (B, T, C))
    permute_case("permute_2d", (1, 0), (3, 7))
    permute_case("permute_negative", (-1, 0, -2), (B, T, C))
    permute_case("permute_unit_dim", (0, 2, 1, 3), (2, 1, 3, 4))  # size-1 axes merge away

    def concat_case(name, axis, shapes, differentiable=None):
        def fn(**ts):
            return torch.cat([ts[f"t{i}"] for i in range(len(shapes))], dim=axis)

        meta = {"axis": axis, "count": len(shapes)}
        if differentiable is not None:
            meta["differentiable"] = differentiable
        op_case(name, fn, lambda: {f"t{i}": randn(*s) for i, s in enumerate(shapes)},
                differentiable=differentiable, metadata=meta)

    concat_case("concat_axis0", 0, [(2, T, C), (1, T, C)])
    concat_case("concat_axis1", 1, [(B, 5, C), (B, 3, C), (B, 1, C)])
    concat_case("concat_axis2", 2, [(B, T, 8), (B, T, 3)])
    concat_case("concat_axis_neg1", -1, [(B, T, 3), (B, T, 5)])
    concat_case("concat_axis_neg3", -3, [(1, T, C), (2, T, C)])
    # Only t0 and t2 require grad.
    concat_case("concat_partial_grad", 1, [(B, 2, C), (B, 3, C), (B, 1, C)], differentiable=["t0", "t2"])

    def gather_inputs():
        return {"x": randn(3, 6, C), "positions": torch.tensor([5.0, 0.0, 2.0])}

    op_case("gather_positions", lambda x, positions: x[torch.arange(x.shape[0]), positions.long()], gather_inputs,
            differentiable=["x"])

    def slice_case(name, axis, lo, hi, shape=(B, T, C)):
        def fn(x):
            return x.narrow(axis, lo, hi - lo).contiguous()

        op_case(name, fn, lambda: {"x": randn(*shape)}, metadata={"axis": axis, "start": lo, "end": hi})

    slice_case("slice_axis0", 0, 1, 2)
    slice_case("slice_axis1", 1, 1, 4)
    slice_case("slice_axis2", 2, 3, 8)


# ---------------------------------------------------------------------------------------------
# Optimizers: one parameter, 10 fixed gradients, parameter values after every step.
# ---------------------------------------------------------------------------------------------

def make_optim_fixtures():
    seed_case("optim")
    initial = torch.randn(4, 3)
    grads = torch.randn(10, 4, 3)
    configs = {
        "sgd_momentum": lambda p: torch.optim.SGD([p], lr=0.1, momentum=0.9, weight_decay=0.01),
        "sgd": lambda p: torch.optim.SGD([p], lr=0.1),
        "adam": lambda p: torch.optim.Adam([p], lr=1e-2, betas=(0.9, 0.999), eps=1e-8),
        "adam_wd": lambda p: torch.optim.Adam([p], lr=1e-2, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01),
        "adamw": lambda p: torch.optim.AdamW([p], lr=1e-2, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1),
    }
    tensors = {"param.initial": initial, "grads": grads}
    for name, make in configs.items():
        p = nn.Parameter(initial.clone())
        opt = make(p)
        trajectory = []
        for step in range(10):
            p.grad = grads[step].clone()
            opt.step()
            trajectory.append(p.detach().clone())
        tensors[f"{name}.params"] = torch.stack(trajectory)
    meta = {
        "sgd_momentum": "SGD(lr=0.1, momentum=0.9, weight_decay=0.01)",
        "sgd": "SGD(lr=0.1)",
        "adam": "Adam(lr=0.01, betas=(0.9, 0.999), eps=1e-8)",
        "adam_wd": "Adam(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)",
        "adamw": "AdamW(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)",
    }
    written.append(save("optim/optimizers.safetensors", tensors, meta))


# ---------------------------------------------------------------------------------------------
# Tiny network: two pre-LN blocks, causal 2-head attention with key padding, GELU MLP.
# ---------------------------------------------------------------------------------------------

class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.query = nn.Linear(c, c)
        self.key = nn.Linear(c, c)
        self.value = nn.Linear(c, c)
        self.output = nn.Linear(c, c)


class MLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.fc1 = nn.Linear(c, 4 * c)
        self.fc2 = nn.Linear(4 * c, c)


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.ln1 = nn.LayerNorm(c, eps=1e-5)
        self.attention = Attention(c)
        self.ln2 = nn.LayerNorm(c, eps=1e-5)
        self.mlp = MLP(c)


class TinyNetwork(nn.Module):
    def __init__(self, vocab, c, t, blocks, heads):
        super().__init__()
        self.heads = heads
        self.embedding = nn.Embedding(vocab, c)
        self.position = nn.Embedding(t, c)
        self.blocks = nn.ModuleList([Block(c) for _ in range(blocks)])
        self.ln_f = nn.LayerNorm(c, eps=1e-5)
        self.head = nn.Linear(c, vocab)

    def forward(self, tokens, key_padding):
        b, t = tokens.shape
        x = self.embedding.weight[tokens] + self.position.weight[0:t]
        for block in self.blocks:
            h = block.ln1(x)
            q, k, v = block.attention.query(h), block.attention.key(h), block.attention.value(h)
            c = q.shape[-1]
            a, _ = attention_reference(q, k, v, self.heads, True, key_padding, 1 / math.sqrt(c // self.heads))
            x = x + block.attention.output(a)
            h = block.ln2(x)
            x = x + block.mlp.fc2(F.gelu(block.mlp.fc1(h)))
        x = self.ln_f(x)
        return self.head(x)


def make_network_fixture():
    seed_case("tiny_network")
    V, C, T, B, HEADS = 11, 16, 6, 3, 2
    net = TinyNetwork(V, C, T, 2, HEADS)
    with torch.no_grad():  # non-trivial LayerNorm parameters so their gradients matter
        for module in net.modules():
            if isinstance(module, nn.LayerNorm):
                module.weight.copy_(1 + 0.2 * torch.randn(C))
                module.bias.copy_(0.2 * torch.randn(C))
    tokens = torch.randint(0, V, (B, T))
    targets = torch.randint(0, V, (B, T))
    targets[0, 2] = -100
    targets[2, T - 1] = -100  # the padded position
    key_padding = torch.zeros(B, T, dtype=torch.bool)
    key_padding[2, T - 1] = True

    initial = {name: p.detach().clone() for name, p in net.named_parameters()}

    def loss_of(model):
        logits = model(tokens, key_padding)
        return logits, F.cross_entropy(logits.view(-1, V), targets.view(-1), ignore_index=-100)

    logits, loss = loss_of(net)
    loss.backward()
    tensors = {"tokens": tokens.float(), "targets": targets.float(), "key_padding": key_padding.float(),
               "logits": logits.detach(), "loss": loss.detach()}
    for name, p in net.named_parameters():
        tensors[name] = initial[name]
        tensors[f"grad.{name}"] = p.grad.detach().clone()

    final_names = ["head.weight", "blocks.0.attention.query.weight", "embedding.weight"]
    for label, make in (("adam", lambda ps: torch.optim.Adam(ps, lr=1e-2)),
                        ("adamw", lambda ps: torch.optim.AdamW(ps, lr=1e-2, weight_decay=0.1))):
        with torch.no_grad():
            for name, p in net.named_parameters():
                p.copy_(initial[name])
        net.zero_grad(set_to_none=True)
        opt = make(list(net.parameters()))
        losses = []
        for _ in range(10):
            opt.zero_grad(set_to_none=True)
            _, l = loss_of(net)
            losses.append(l.detach())
            l.backward()
            opt.step()
        tensors[f"{label}.losses"] = torch.stack(losses)
        params = dict(net.named_parameters())
        for name in final_names:
            tensors[f"{label}.final.{name}"] = params[name].detach().clone()

    meta = {"vocab": V, "channels": C, "sequence": T, "batch": B, "heads": HEADS, "blocks": 2,
            "mlp_width": 4 * C, "layer_norm_eps": "1e-05", "ignore_index": -100,
            "parameters": ",".join(name for name, _ in net.named_parameters()),
            "adam": "Adam(lr=0.01)", "adamw": "AdamW(lr=0.01, weight_decay=0.1)",
            "final_parameters": ",".join(final_names)}
    written.append(save("network/tiny_network.safetensors", tensors, meta))


def main():
    pinned_torch_session("make_fixtures.py", __doc__.split("\n")[0])
    torch.manual_seed(0)

    for sub in OWNED_DIRS:  # stale cases must not linger
        for old in (FIXTURES / sub).glob("*.safetensors"):
            old.unlink()

    make_op_fixtures()
    make_optim_fixtures()
    make_network_fixture()

    total = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} files, {total / 1024:.1f} KiB, under {FIXTURES.relative_to(ROOT)}/"
          f"{{{','.join(OWNED_DIRS)}}}")


if __name__ == "__main__":
    main()
