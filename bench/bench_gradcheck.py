"""Benchmark of gradcheck against torch.autograd.gradcheck (not a test; run with `tox -e bench` or directly).

Measures, on one thread for both (threadpoolctl limits numpy's BLAS, torch.set_num_threads(1)):
- precision: max relative error of full mode on correct float64 networks with smooth activations;
- speed: full mode on a tanh net n_x = 50, n_h = 100, m = 200 (P = 5,201) against gradcheck(fast_mode=False), and
  directional mode against gradcheck(fast_mode=True), both on the same float64 network and stable cost;
- scale: full mode at P = 100,001 (n_x = 198, n_h = 500), peak memory by tracemalloc (numpy's allocations) and
  getrusage (the whole process).
torch is optional: without it the comparisons are skipped.
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from shallow_proofs.gradcheck import check_directions, check_parameters
from shallow_proofs.reference import network

SEED = 0


def problem(n_x: int, n_h: int, m: int, activation: str = "tanh"):
    """X ~ N(0, 1), W1 ~ N(0, 1/n_x), W2 ~ N(0, 1/n_h), b1 ~ 0.1 N(0, 1), b2 = 0, balanced random labels."""
    rng = np.random.default_rng(SEED)
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    params = {
        "W1": rng.standard_normal((n_h, n_x)) / np.sqrt(n_x),
        "b1": 0.1 * rng.standard_normal((n_h, 1)),
        "W2": rng.standard_normal((1, n_h)) / np.sqrt(n_h),
        "b2": np.zeros((1, 1)),
    }
    grads = network.backward(params, network.forward(X, params, activation), X, Y, activation)
    return X, Y, params, grads


def best_of(repeats: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def torch_check(X, Y, params, fast_mode: bool) -> float:
    import torch

    torch.set_num_threads(1)
    Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y)
    inputs = tuple(torch.from_numpy(params[k].copy()).requires_grad_() for k in ("W1", "b1", "W2", "b2"))
    m = X.shape[1]

    def J(W1, b1, W2, b2):
        Z2 = W2 @ torch.tanh(W1 @ Xt + b1) + b2
        return torch.nn.functional.binary_cross_entropy_with_logits(Z2, Yt, reduction="sum") / m

    def run() -> None:
        assert torch.autograd.gradcheck(J, inputs, fast_mode=fast_mode)

    return best_of(3 if fast_mode else 1, run)


def main() -> int:
    with threadpool_limits(limits=1):
        blas = [(pool["internal_api"], pool.get("architecture"), pool["num_threads"]) for pool in threadpool_info()]
        print(f"BLAS pools (api, kernel, threads): {blas}")
        return measure()


def measure() -> int:
    print("precision: max rel error of full mode, n_x = 50, n_h = 100, m = 200, correct gradients")
    for activation in ("tanh", "sigmoid", "identity"):
        X, Y, params, grads = problem(50, 100, 200, activation)
        checks = check_parameters(X, Y, params, grads, activation)
        worst = max(c.max_rel_error for c in checks.values())
        print(f"  {activation:9s} {worst:.2e}  passed: {all(c.passed for c in checks.values())}")

    X, Y, params, grads = problem(50, 100, 200)
    full = best_of(3, lambda: check_parameters(X, Y, params, grads))
    directional = best_of(5, lambda: check_directions(X, Y, params, grads, rng=np.random.default_rng(SEED)))
    print(f"full mode P = 5,201: {full:.3f} s; directional (4 directions): {directional * 1e3:.1f} ms")
    try:
        import torch  # noqa: F401
    except ImportError:
        print("torch not installed: comparisons skipped (tox -e bench installs it)")
    else:
        slow = torch_check(X, Y, params, fast_mode=False)
        fast = torch_check(X, Y, params, fast_mode=True)
        print(f"torch gradcheck fast_mode=False: {slow:.3f} s -> gradcheck full mode is {slow / full:.1f}x faster")
        print(f"torch gradcheck fast_mode=True: {fast * 1e3:.1f} ms -> directional / fast = {directional / fast:.2f}")

    X, Y, params, grads = problem(198, 500, 200)
    size = sum(v.size for v in params.values())
    tracemalloc.start()
    start = time.perf_counter()
    checks = check_parameters(X, Y, params, grads)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(
        f"scale: P = {size:,} full mode {elapsed:.1f} s, passed {all(c.passed for c in checks.values())}, "
        f"peak traced {peak / 2**30:.3f} GiB, process max RSS {rss:.2f} GiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
