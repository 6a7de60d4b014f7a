"""The ``shallow-proofs`` command: ``train`` the reference on a data set, ``prove`` the suite on an implementation."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import numpy as np

from shallow_proofs import __version__
from shallow_proofs.reference import datasets, network, plot
from shallow_proofs.reference.activations import ACTIVATIONS

TRAIN_HELP = """Train the reference (one hidden layer, sigmoid output) by gradient descent; print J and the accuracy.
The defaults are the course's run: flower, n_h = 4, tanh, 10000 iterations, learning rate 1.2, np.random.seed(3)."""
PLOT_MISSING = "--plot needs matplotlib: pip install 'shallow-proofs[plot]' (or pip install matplotlib)"


def train_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    train = commands.add_parser("train", help="train the reference on a data set", description=TRAIN_HELP)
    data_help = "data set (default: flower; the extra sets are drawn afresh each run, unseeded as in the course)"
    train.add_argument("dataset", nargs="?", default="flower", choices=sorted(datasets.DATASETS), help=data_help)
    train.add_argument("--n-h", type=int, default=4, help="hidden units n_h (default 4)")
    train.add_argument("--activation", default="tanh", choices=sorted(ACTIVATIONS), help="hidden activation g")
    train.add_argument("--iterations", type=int, default=10000, help="gradient-descent steps (default 10000)")
    train.add_argument("--learning-rate", type=float, default=1.2, help="alpha (default 1.2)")
    train.add_argument("--seed", type=int, default=3, help="seed of the course's np.random.randn draws (default 3)")
    train.add_argument("--print-every", type=int, default=1000, help="print J every N iterations; 0: never")
    train.add_argument("--plot", metavar="FILE.png", help="write the decision boundary and the cost curve (matplotlib)")


def train(args: argparse.Namespace) -> int:
    """Initialize as the course does (np.random.seed(seed), W = 0.01 randn), train, print J and the accuracy."""
    if args.plot and not plot.have_matplotlib():
        print(
            "--plot needs matplotlib: pip install 'shallow-proofs[plot]' (or pip install matplotlib)", file=sys.stderr
        )
        return 2
    X, Y = datasets.load(args.dataset)
    try:
        parameters = network.initialize(X.shape[0], args.n_h, Y.shape[0], rng=np.random.RandomState(args.seed))
        trained = network.train(
            X,
            Y,
            parameters,
            activation=args.activation,
            num_iterations=args.iterations,
            learning_rate=args.learning_rate,
            print_every=args.print_every or None,
        )
    except (ValueError, TypeError) as error:
        print(f"shallow-proofs train: {error}", file=sys.stderr)
        return 2
    predictions = network.predict(trained.parameters, X, args.activation)
    accuracy = 100 * np.mean(predictions == Y)
    print(f"Accuracy: {accuracy:g} % ({int(np.sum(predictions == Y))} of {Y.size} examples)")
    if args.plot:
        title = f"{args.dataset}: n_h = {args.n_h}, {args.activation}, accuracy {accuracy:g} %"
        plot.training_run(args.plot, X, Y, trained.parameters, trained.costs, activation=args.activation, title=title)
        print(f"Wrote {args.plot}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="shallow-proofs", description=__doc__)
    parser.add_argument("--version", action="version", version=f"shallow-proofs {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    train_parser(commands)
    commands.add_parser("prove", help="run the suite against an implementation (see: shallow-proofs prove --help)")
    commands.add_parser("grade", help="prove many submissions into one table (see: shallow-proofs grade --help)")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["prove"]:
        from shallow_proofs.prove import main as prove

        return prove(argv[1:])
    if argv[:1] == ["grade"]:
        from shallow_proofs.grade import main as grade

        return grade(argv[1:])
    args = parser.parse_args(argv)
    return train(args)


if __name__ == "__main__":
    sys.exit(main())
