"""Time per iteration of flower training (n_h = 4): the reference against a bare inline numpy loop of the same math.

Both run in this process, interleaved, on the same data and the same start; the ratio of the medians is printed.
The issue's target is a ratio <= 1.2: the reference's structure and validation should cost little.

    python bench/bench_training.py [--iterations 10000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from shallow_proofs.reference import datasets, network


def bare_loop(X, Y, parameters, num_iterations, learning_rate=1.2):
    """The course's loop written inline: forward, cost, backward, update, every iteration."""
    W1, b1, W2, b2 = (parameters[key] for key in ("W1", "b1", "W2", "b2"))
    m = X.shape[1]
    costs = np.empty(num_iterations)
    for i in range(num_iterations):
        Z1 = W1 @ X + b1
        A1 = np.tanh(Z1)
        Z2 = W2 @ A1 + b2
        A2 = 1.0 / (1.0 + np.exp(-Z2))
        costs[i] = -np.sum(Y * np.log(A2) + (1.0 - Y) * np.log(1.0 - A2)) / m
        dZ2 = A2 - Y
        dW2 = dZ2 @ A1.T / m
        db2 = np.sum(dZ2, axis=1, keepdims=True) / m
        dZ1 = (W2.T @ dZ2) * (1.0 - A1**2)
        dW1 = dZ1 @ X.T / m
        db1 = np.sum(dZ1, axis=1, keepdims=True) / m
        W1, b1 = W1 - learning_rate * dW1, b1 - learning_rate * db1
        W2, b2 = W2 - learning_rate * dW2, b2 - learning_rate * db2
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, costs


def reference_loop(X, Y, parameters, num_iterations):
    trained = network.train(X, Y, parameters, num_iterations=num_iterations, learning_rate=1.2)
    return trained.parameters, trained.costs


def seconds_per_iteration(loop, X, Y, parameters, num_iterations):
    start = time.perf_counter()
    loop(X, Y, parameters, num_iterations)
    return (time.perf_counter() - start) / num_iterations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--iterations", type=int, default=10000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    X, Y = datasets.load_planar_dataset()
    Y = Y.astype(np.float64)
    parameters = network.initialize(2, 4, 1, rng=np.random.default_rng(3))
    reference_params, reference_costs = reference_loop(X, Y, parameters, 1000)
    bare_params, bare_costs = bare_loop(X, Y, parameters, 1000)
    difference = max(np.abs(reference_params[k] - bare_params[k]).max() for k in parameters)
    cost_difference = np.abs(reference_costs - bare_costs).max()
    print(
        f"same math: after 1000 iterations max |reference - bare| = {difference:.1e} (parameters), "
        f"{cost_difference:.1e} (J)"
    )
    times: dict[str, list[float]] = {"reference": [], "bare": []}
    for _ in range(args.repeats):
        times["reference"].append(seconds_per_iteration(reference_loop, X, Y, parameters, args.iterations))
        times["bare"].append(seconds_per_iteration(bare_loop, X, Y, parameters, args.iterations))
    for name, values in times.items():
        print(
            f"{name:>9}: median {statistics.median(values) * 1e6:.1f} us/iteration over {args.repeats} runs "
            f"of {args.iterations} (min {min(values) * 1e6:.1f})"
        )
    ratio = statistics.median(times["reference"]) / statistics.median(times["bare"])
    print(f"ratio reference / bare = {ratio:.3f} (target <= 1.2)")


if __name__ == "__main__":
    main()
