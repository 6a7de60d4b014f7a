"""Benchmark of gradcheck against torch.autograd.gradcheck; writes BENCHMARKS.md (run with `tox -e bench`).

Both contenders run on one thread (threadpoolctl limits numpy's BLAS, torch.set_num_threads(1)), on the same float64
problem, interleaved within each repeat (which one goes first alternates), the same number of times. Each repeat
gives a ratio, torch's time over ours (above 1: we are faster); the table reports the median ratio over the repeats
and its range, and both contenders' median times with their ranges.

- full mode (check_parameters: the network's fast path) against gradcheck(fast_mode=False), at P = 5,201
  (50-100-1, m = 200) and at the flower's size (2-4-1, m = 400, P = 17);
- directional mode (check_directions, one direction per parameter, as torch's fast mode draws one per input) against
  gradcheck(fast_mode=True), with the sensitivity of both: the smallest relative error in dW1 that each detects;
- black-box mode (check_grad on a plain function, no structure used) against gradcheck(fast_mode=False): the
  network's cost through the course's API (forward_propagation and compute_cost, one call per evaluation) and through
  the reference's batched forward pass (batched=True), against the same cost written in torch; and a function without
  structure, written in numpy (batched) and in torch. Each such row also gives f's own time per evaluation on both
  sides (a batched call's time per row, in calls as large as check_grad makes them) and our ceiling: torch's time over
  that of our evaluations of f alone, the ratio a checker would reach that cost nothing but its evaluations. Each is
  followed by the same work with torch given our numpy f itself (a custom Function evaluates it on the tensors' numpy
  views), so that the two checkers evaluate the same function: no target there, it shows where the time goes.

torch checks the same analytic gradient as we do: a custom autograd.Function returns it from backward.

    python bench/bench_gradcheck.py [--repeats 5] [--out BENCHMARKS.md] [--readme README.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import scipy
import torch
from threadpoolctl import threadpool_info, threadpool_limits

from shallow_proofs.gradcheck import check_directions, check_grad, check_parameters
from shallow_proofs.gradcheck.function import BATCH_ELEMENTS
from shallow_proofs.reference import course, network

SEED = 0
KEYS = ("W1", "b1", "W2", "b2")
ERRORS = [10.0**-k for k in range(13)]
SAME_F = "the row above with torch checking our numpy f (unbatched, one call per evaluation): only the checkers differ"


def problem(n_x: int, n_h: int, m: int) -> tuple[Any, ...]:
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
    grads = network.backward(params, network.forward(X, params), X, Y)
    return X, Y, params, {f"d{key}": grads[f"d{key}"] for key in KEYS}


def torch_cost(X: Any, Y: Any) -> Callable[..., Any]:
    """The network's stable cost J(W1, b1, W2, b2) in torch."""
    Xt, Yt, m = torch.from_numpy(X), torch.from_numpy(Y), X.shape[1]

    def cost(W1: Any, b1: Any, W2: Any, b2: Any) -> Any:
        Z2 = W2 @ torch.tanh(W1 @ Xt + b1) + b2
        return torch.nn.functional.binary_cross_entropy_with_logits(Z2, Yt, reduction="sum") / m

    return cost


def torch_check(X: Any, Y: Any, params: dict[str, Any], grads: dict[str, Any], fast_mode: bool) -> bool:
    """torch.autograd.gradcheck of J with ``grads`` as the analytic gradient (a custom backward returns them)."""
    given = [torch.from_numpy(np.asarray(grads[f"d{key}"])) for key in KEYS]
    cost = torch_cost(X, Y)

    class J(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, *inputs: Any) -> Any:
            return cost(*inputs)

        @staticmethod
        def backward(ctx: Any, upstream: Any) -> Any:
            return tuple(upstream * g for g in given)

    inputs = tuple(torch.from_numpy(params[key].copy()).requires_grad_() for key in KEYS)
    return bool(torch.autograd.gradcheck(J.apply, inputs, fast_mode=fast_mode, raise_exception=False))


def course_cost(X: Any, Y: Any) -> Callable[[dict[str, Any]], float]:
    def J(params: dict[str, Any]) -> float:
        A2, _ = course.forward_propagation(X, params)
        return course.compute_cost(A2, Y)

    return J


def batched_cost(X: Any, Y: Any) -> Callable[[dict[str, Any]], Any]:
    def J(params: dict[str, Any]) -> Any:
        return network.cost_from_logits(network.forward(X, params)["Z2"], Y)

    return J


def chain(x: Any, lib: Any) -> Any:
    """A function without structure: sum softplus(x_i) sin(x_{i+1}) + (sum x)^2 / 2 (every pair of elements
    interacts through the last term), for numpy arrays with leading batch axes or a torch tensor."""
    softplus = lib.logaddexp(lib.zeros_like(x), x) if lib is np else torch.nn.functional.softplus(x)
    return (softplus[..., :-1] * lib.sin(x[..., 1:])).sum(-1) + x.sum(-1) ** 2 / 2


def chain_numpy(x: Any) -> Any:
    return chain(x, np)


def chain_gradient(x: Any) -> Any:
    grad = np.full_like(x, x.sum())
    grad[:-1] += 1.0 / (1.0 + np.exp(-x[:-1])) * np.sin(x[1:])  # d softplus(x_i) / dx_i = sigma(x_i)
    grad[1:] += np.logaddexp(0.0, x[:-1]) * np.cos(x[1:])
    return grad


def torch_chain(x: Any, grad: Any) -> bool:
    given = torch.from_numpy(grad)

    class F(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, t: Any) -> Any:
            return chain(t, torch)

        @staticmethod
        def backward(ctx: Any, upstream: Any) -> Any:
            return upstream * given

    return bool(
        torch.autograd.gradcheck(F.apply, (torch.from_numpy(x.copy()).requires_grad_(),), raise_exception=False)
    )


def torch_same_f(f: Callable[[Any], Any], x: Any, grad: Any) -> bool:
    """torch.autograd.gradcheck of our numpy f itself, one call per evaluation on the tensors' numpy views: torch's
    checker given the very function that ours is given, so that only the checkers differ."""
    keys = list(x) if isinstance(x, dict) else [None]
    given = [torch.from_numpy(np.asarray(grad if key is None else grad[key])) for key in keys]

    class F(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, *inputs: Any) -> Any:
            views = [t.detach().numpy() for t in inputs]
            value = f(views[0] if keys == [None] else dict(zip(keys, views, strict=True)))
            return torch.tensor(float(value), dtype=torch.float64)

        @staticmethod
        def backward(ctx: Any, upstream: Any) -> Any:
            return tuple(upstream * g for g in given)

    inputs = tuple(
        torch.from_numpy(np.array(x if key is None else x[key], dtype=np.float64)).requires_grad_() for key in keys
    )
    return bool(torch.autograd.gradcheck(F.apply, inputs, raise_exception=False))


def evaluations(run: Callable[[Callable[..., Any]], object], f: Callable[..., Any], batched: bool) -> int:
    """How many points f is evaluated at in ``run(counted f)``: a batched call counts its leading axis."""
    count = 0

    def counted(x: Any) -> Any:
        nonlocal count
        first = next(iter(x.values())) if isinstance(x, dict) else x
        count += int(first.shape[0]) if batched and first.ndim > (2 if isinstance(x, dict) else 1) else 1
        return f(x)

    run(counted)
    return count


def per_element(count: int, size: int) -> str:
    return f"evaluations of f per element: ours {count / size:.2f}, torch 2"


def per_evaluation(f: Callable[[], object], rows: int = 1, calls: int = 51) -> float:
    """Median seconds per evaluation of ``f()``, a call that evaluates f at ``rows`` points."""
    f()
    return statistics.median(timed(f) for _ in range(calls)) / rows


def ours_per_evaluation(f: Callable[..., Any], x: Any, batched: bool) -> float:
    """f's own time per evaluation at x as check_grad calls it: one call, or a batched call of a block's rows."""
    if not batched:
        return per_evaluation(lambda: f(x))
    size = sum(np.size(v) for v in x.values()) if isinstance(x, dict) else np.size(x)
    rows = max(1, BATCH_ELEMENTS // size)
    block = (
        {k: np.repeat(v[None], rows, axis=0) for k, v in x.items()}
        if isinstance(x, dict)
        else np.repeat(x[None], rows, 0)
    )
    return per_evaluation(lambda: f(block), rows)


def torch_per_evaluation(f: Callable[..., Any], *inputs: Any) -> float:
    tensors = [torch.from_numpy(np.asarray(v).copy()) for v in inputs]
    with torch.no_grad():
        return per_evaluation(lambda: f(*tensors))


def costs(count: int, size: int, ours: float, theirs: float, torch_seconds: list[float]) -> str:
    """The evaluations per element, f's own time per evaluation on both sides, and our ceiling."""
    ceiling = statistics.median(torch_seconds) / (count * ours)
    return (
        f"{per_element(count, size)}; f per evaluation: ours {ours * 1e6:.0f} µs, torch {theirs * 1e6:.0f} µs; "
        f"our ceiling (torch's time / that of our evaluations alone): {ceiling:.2f}×"
    )


def sabotaged(grads: dict[str, Any], relative: float) -> dict[str, Any]:
    """dW1 + relative |dW1| u, u a fixed random unit direction: a relative error ``relative`` in dW1."""
    u = np.random.default_rng(SEED + 1).standard_normal(grads["dW1"].shape)
    dW1 = grads["dW1"] + relative * np.linalg.norm(grads["dW1"]) * u / np.linalg.norm(u)
    return {**grads, "dW1": dW1}


def sensitivity(check: Callable[[dict[str, Any]], bool], grads: dict[str, Any]) -> float | None:
    """The smallest relative error in dW1 (1, 1e-1, ...) detected, every larger one detected too; None: not even 1."""
    detected = None
    for relative in ERRORS:
        if check(sabotaged(grads, relative)):
            break
        detected = relative
    return detected


def detects(relative: float | None) -> str:
    return "none up to 1 (100 %)" if relative is None else f"{relative:.0e}"


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def interleaved(ours: Callable[[], object], theirs: Callable[[], object], repeats: int) -> dict[str, list[float]]:
    """Both contenders once per repeat, the first of the two alternating; warm-up run of each first."""
    ours(), theirs()
    times: dict[str, list[float]] = {"ours": [], "torch": [], "ratio": []}
    for repeat in range(repeats):
        if repeat % 2:
            t_torch, t_ours = timed(theirs), timed(ours)
        else:
            t_ours, t_torch = timed(ours), timed(theirs)
        times["ours"].append(t_ours)
        times["torch"].append(t_torch)
        times["ratio"].append(t_torch / t_ours)
    return times


def spread(values: list[float], scale: float = 1.0, digits: str = ".3g") -> str:
    median = statistics.median(values) * scale
    return f"{median:{digits}} ({min(values) * scale:{digits}} to {max(values) * scale:{digits}})"


def machine() -> list[str]:
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else "?"
    )
    blas = ", ".join(
        f"{pool['internal_api']} {pool.get('version') or ''} ({pool['num_threads']} thread)"
        for pool in threadpool_info()
    )
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores (shared with other work: load average "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())} at the end of the run)",
        f"- Python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
        f"torch {torch.__version__}; BLAS under threadpoolctl: {blas}; torch threads: {torch.get_num_threads()}",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None, help="write the Markdown report here (BENCHMARKS.md)")
    parser.add_argument("--readme", type=Path, default=None, help="quote the table in this README, between markers")
    args = parser.parse_args()
    torch.set_num_threads(1)
    with threadpool_limits(limits=1):
        lines = measure(args.repeats)
        lines += ["", "## Machine", "", *machine()]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text)
    if args.readme:
        quote(args.readme, [line for line in lines if line.startswith("|")])
    return 0


def quote(readme: Path, table: list[str]) -> None:
    """Replace the table between README's BENCHMARKS markers by ``table``."""
    start, end = "<!-- BENCHMARKS -->", "<!-- /BENCHMARKS -->"
    text = readme.read_text()
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    readme.write_text(before + start + "\n" + "\n".join(table) + "\n" + end + after)


def row(work: str, target: str, times: dict[str, list[float]], note: str = "") -> str:
    return (
        f"| {work} | {spread(times['ratio'], digits='.2f')}× | {target} | {spread(times['ours'], 1e3)} | "
        f"{spread(times['torch'], 1e3)} | {note} |"
    )


def full_row(label: str, data: tuple[Any, ...], target: str, repeats: int) -> str:
    X, Y, params, grads = data
    assert all(check_parameters(X, Y, params, grads).values()) and torch_check(X, Y, params, grads, False)
    times = interleaved(
        lambda: check_parameters(X, Y, params, grads), lambda: torch_check(X, Y, params, grads, False), repeats
    )
    return row(label, target, times)


def measure(repeats: int) -> list[str]:
    big, flower = problem(50, 100, 200), problem(2, 4, 400)
    rows = [
        full_row("full mode, P = 5,201 (50-100-1, m = 200)", big, "≥ 4×", repeats),
        full_row("full mode, flower size, P = 17 (2-4-1, m = 400)", flower, "≥ 1×", repeats),
    ]

    X, Y, params, grads = big

    def ours_directional(g: dict[str, Any]) -> bool:
        return all(check_directions(X, Y, params, g, rng=SEED).values())

    def torch_fast(g: dict[str, Any]) -> bool:
        return torch_check(X, Y, params, g, True)

    assert ours_directional(grads) and torch_fast(grads)
    times = interleaved(lambda: ours_directional(grads), lambda: torch_fast(grads), repeats)
    ours_sens, torch_sens = sensitivity(ours_directional, grads), sensitivity(torch_fast, grads)
    note = f"smallest relative error in dW1 detected: ours {detects(ours_sens)}, torch {detects(torch_sens)}"
    rows.append(row("directional mode vs torch fast_mode, P = 5,201", "≥ 1×", times, note))

    grad = {key: grads[f"d{key}"] for key in KEYS}
    for label, cost, batched in (
        ("the course's API, one call per evaluation", course_cost(X, Y), False),
        ("the reference's batched forward (batched=True)", batched_cost(X, Y), True),
    ):
        assert check_grad(cost, grad, params, batched=batched).passed

        def ours(cost: Callable[..., Any] = cost, batched: bool = batched) -> bool:
            return check_grad(cost, grad, params, batched=batched).passed

        times = interleaved(ours, lambda: torch_check(X, Y, params, grads, False), repeats)
        count = evaluations(lambda f, batched=batched: check_grad(f, grad, params, batched=batched), cost, batched)
        label = f"black-box mode vs torch full, the network's cost, P = 5,201: {label}"
        own = ours_per_evaluation(cost, params, batched)
        theirs = torch_per_evaluation(torch_cost(X, Y), *(params[key] for key in KEYS))
        rows.append(row(label, "≥ 1×", times, costs(count, 5_201, own, theirs, times["torch"])))
        assert torch_same_f(cost, params, grad)
        times = interleaved(ours, lambda cost=cost: torch_same_f(cost, params, grad), repeats)
        rows.append(row(f"{label}, torch given the same numpy f", "", times, SAME_F))

    for size in (1_000, 5_201):
        x = np.random.default_rng(SEED).standard_normal(size)
        right = chain_gradient(x)
        assert check_grad(chain_numpy, right, x, batched=True).passed and torch_chain(x, right)

        def ours_chain(x: Any = x, right: Any = right) -> bool:
            return check_grad(chain_numpy, right, x, batched=True).passed

        times = interleaved(ours_chain, lambda x=x, right=right: torch_chain(x, right), repeats)
        count = evaluations(lambda f, x=x, right=right: check_grad(f, right, x, batched=True), chain_numpy, True)
        label = f"black-box mode vs torch full, a function without structure (batched=True), P = {size:,}"
        own = ours_per_evaluation(chain_numpy, x, True)
        theirs = torch_per_evaluation(lambda t: chain(t, torch), x)
        note = f"sum softplus(x_i) sin(x_{{i+1}}) + (sum x)^2 / 2; {costs(count, size, own, theirs, times['torch'])}"
        rows.append(row(label, "≥ 1×", times, note))
        if size == 5_201:
            assert torch_same_f(chain_numpy, x, right)
            times = interleaved(ours_chain, lambda x=x, right=right: torch_same_f(chain_numpy, x, right), repeats)
            rows.append(row(f"{label}, torch given the same numpy f", "", times, SAME_F))

    return [
        "# Benchmarks: gradcheck against torch.autograd.gradcheck",
        "",
        f"Written by `tox -e bench` (`python bench/bench_gradcheck.py --repeats {repeats} --out BENCHMARKS.md "
        "--readme README.md`) on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC. One thread each; the two contenders interleaved within each of "
        f"{repeats} repeats, the first alternating. Ratio = torch's time / ours, per repeat (above 1: we are faster); "
        "median over the repeats, range in parentheses. Times in ms, median (range). Every run checks a correct "
        "float64 gradient of the tanh network's stable cost, and both contenders pass it.",
        "",
        "| work | ratio | target | ours (ms) | torch (ms) | notes |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
        "Sensitivity: dW1 + r |dW1| u for a fixed random unit u, r = 1, 1e-1, 1e-2, ...: the smallest r detected (with "
        "every larger one). torch's default tolerances are atol = 1e-5, rtol = 1e-3.",
        "",
        "Evaluations of f: black-box mode needs 3 per element where its first estimate settles (+-h and 2h, f(x) "
        "shared), the fewest that give each element an error estimate of its own (four points along e_k to see the "
        "cubic term that the central difference's truncation error comes from); torch's 2 give none, its verdict "
        "uses fixed tolerances. So where f costs both sides the same, our time per element is at least 3/2 of "
        "torch's evaluations alone, and a ratio above 1 needs a cheaper f on our side (a batched call) or a torch "
        "overhead per call above half of f's cost. The ceiling in the notes is that bound, measured.",
    ]


if __name__ == "__main__":
    sys.exit(main())
