#!/usr/bin/env python3
"""Reference values for the scaling-law fits (Fixtures/scaling/reference.json).

Everything here is computed by numpy / scipy, independently of the Swift code, from inputs
defined in this file (fixed numbers, or numpy's seeded generator):

- polyfit: numpy.polyfit(x, y, deg), reported in ascending order (c0, c1, ...);
- interpolation: exp(numpy.interp(log q, log x, log y)), the log-log reading of a loss curve;
- percentile: numpy.percentile(values, [2.5, 97.5]) (linear interpolation);
- isoflop: per budget the parabola in log10 N, its vertex N_opt = 10^(-c1 / 2 c2), then
  numpy.polyfit(log10 C, log10 N_opt, 1) -> a, c;
- parametric: points from L = E + A/N^alpha + B/D^beta with log-normal noise, fitted as
  Hoffmann et al. (Huber delta 1e-3 on log L, L-BFGS-B, best objective) from a 243-start
  subgrid of their 4,500 starts (scipy needs minutes per thousand starts here), with tight
  tolerances so the optimum, not the stopping rule, is compared.

Run with Scripts/make-scaling-fixtures (the repository's .venv). Output is deterministic.
"""
import itertools
import json
from pathlib import Path

import numpy as np
import scipy
from scipy.optimize import minimize
from scipy.special import logsumexp

OUT = Path(__file__).resolve().parent.parent / "Fixtures" / "scaling" / "reference.json"
COURSE_N = [4862, 17886, 39102, 68510, 151902, 268062]


def polyfit_case(name, x, y, degree):
    coefficients = np.polyfit(np.array(x, dtype=np.float64), np.array(y, dtype=np.float64), degree)[::-1]
    return {"name": name, "x": list(map(float, x)), "y": list(map(float, y)), "degree": degree,
            "coefficients": [float(c) for c in coefficients]}


def polyfit_cases():
    log_n = [float(np.log10(n)) for n in COURSE_N]
    rng = np.random.default_rng(12)
    noisy_x = list(np.linspace(10.5, 12.5, 8))
    noisy_y = [0.48 * x - 1.3 + float(rng.normal(0, 0.05)) for x in noisy_x]
    return [
        polyfit_case("course sizes, convex", log_n, [1.21, 0.93, 0.81, 0.78, 0.80, 0.86], 2),
        polyfit_case("three points", log_n[:3], [1.0, 0.7, 0.75], 2),
        polyfit_case("duplicated sizes (a bootstrap draw)", [log_n[0], log_n[0], log_n[2], log_n[3], log_n[3], log_n[5]],
                     [1.3, 1.3, 0.92, 0.88, 0.88, 0.95], 2),
        polyfit_case("concave", log_n[:4], [0.9, 1.0, 1.05, 1.0], 2),
        polyfit_case("noisy line", noisy_x, noisy_y, 1),
    ]


def interpolation_case():
    x = [7.4e10, 1.48e11, 2.96e11, 5.92e11, 1.184e12]
    y = [1.9, 1.2, 0.8, 0.55, 0.61]
    queries = [7.4e10, 8e10, 1.6e11, 3.2e11, 6.4e11, 1.184e12]
    values = np.exp(np.interp(np.log(queries), np.log(x), np.log(y)))
    return {"x": x, "y": y, "queries": queries, "values": [float(v) for v in values]}


def percentile_case():
    rng = np.random.default_rng(3)
    values = [float(v) for v in rng.normal(0.5, 0.1, 37)]
    return {"values": values, "interval": [float(v) for v in np.percentile(values, [2.5, 97.5])]}


def isoflop_case():
    """Synthetic profiles: loss = floor(C) + k (log10 N - log10 N*(C))^2 + noise, N* ~ C^0.45."""
    rng = np.random.default_rng(7)
    budgets = [8e10, 1.6e11, 3.2e11, 6.4e11, 1.28e12]
    entries = []
    vertices = []
    for budget in budgets:
        center = 0.45 * np.log10(budget) - 0.7
        losses = [float(1.5 - 0.1 * np.log10(budget) + 0.3 * (np.log10(n) - center) ** 2 + rng.normal(0, 0.01)) for n in COURSE_N]
        c = np.polyfit(np.log10(COURSE_N), losses, 2)[::-1]
        vertex = 10 ** (-c[1] / (2 * c[2]))
        vertices.append(vertex)
        entries.append({"flops": budget, "params": COURSE_N, "losses": losses, "fit": [float(v) for v in c], "n_opt": float(vertex)})
    slope, intercept = np.polyfit(np.log10(budgets), np.log10(vertices), 1)
    return {"budgets": entries, "a": float(slope), "intercept": float(intercept)}


def huber(delta, r):
    return np.where(np.abs(r) <= delta, 0.5 * r * r, delta * (np.abs(r) - 0.5 * delta))


def objective(theta, log_n, log_d, log_l, delta):
    a, b, e, alpha, beta = theta
    terms = np.stack([a - alpha * log_n, b - beta * log_d, np.full_like(log_n, e)])
    lse = logsumexp(terms, axis=0)
    r = lse - log_l
    p = np.exp(terms - lse)
    h = np.clip(r, -delta, delta)
    gradient = np.array([np.sum(h * p[0]), np.sum(h * p[1]), np.sum(h * p[2]),
                         -np.sum(h * p[0] * log_n), -np.sum(h * p[1] * log_d)])
    return float(np.sum(huber(delta, r))), gradient


def parametric_case():
    rng = np.random.default_rng(2024)
    truth = {"E": 0.35, "A": 60.0, "B": 900.0, "alpha": 0.42, "beta": 0.38}
    points = []
    for n in COURSE_N:
        for d in [2e5, 6e5, 2e6, 6e6]:
            loss = truth["E"] + truth["A"] / n ** truth["alpha"] + truth["B"] / d ** truth["beta"]
            points.append({"params": n, "tokens": d, "loss": float(loss * np.exp(rng.normal(0, 0.02)))})
    log_n = np.log([p["params"] for p in points])
    log_d = np.log([p["tokens"] for p in points])
    log_l = np.log([p["loss"] for p in points])
    delta = 1e-3
    grid = itertools.product([0.0, 10.0, 20.0], [0.0, 10.0, 20.0], [-1.0, 0.0, 1.0], [0.5, 1.0, 1.5], [0.5, 1.0, 1.5])
    best = None
    for a, b, e, alpha, beta in grid:
        result = minimize(objective, np.array([a, b, e, alpha, beta], dtype=np.float64), args=(log_n, log_d, log_l, delta),
                          jac=True, method="L-BFGS-B", options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 3000, "maxfun": 30000})
        if np.isfinite(result.fun) and (best is None or result.fun < best.fun):
            best = result
    a, b, e, alpha, beta = best.x
    return {"delta": delta, "points": points, "truth": truth, "objective": float(best.fun), "starts": 243,
            "fit": {"E": float(np.exp(e)), "A": float(np.exp(a)), "B": float(np.exp(b)), "alpha": float(alpha), "beta": float(beta)}}


def main():
    reference = {
        "generator": "Scripts/make_scaling_fixtures.py",
        "numpy": np.__version__, "scipy": scipy.__version__,
        "polyfit": polyfit_cases(),
        "interpolation": interpolation_case(),
        "percentile": percentile_case(),
        "isoflop": isoflop_case(),
        "parametric": parametric_case(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(reference, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
