"""The ``shallow-proofs`` command: ``train`` the reference on a data set, ``prove`` the suite on an implementation.

The module imports next to nothing at the top, so that :func:`main` sets the handling of Ctrl-C (shallow_proofs/
interrupt.py) a few milliseconds after the interpreter's start; the commands' imports come after it.
"""

from __future__ import annotations

import sys

from shallow_proofs import interrupt

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing takes milliseconds to import, before Ctrl-C is handled
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from pathlib import Path

TRAIN_HELP = """Train the reference (one hidden layer, sigmoid output) by gradient descent; print J and the accuracy.
The defaults are the course's run: flower, n_h = 4, tanh, 10000 iterations, learning rate 1.2, np.random.seed(3)."""
PIPE_CLOSED = 141  # 128 + SIGPIPE: the exit status of a shell's command whose reader has gone
PLOT_MISSING = "--plot needs matplotlib: pip install 'shallow-proofs[plot]' (or pip install matplotlib)"


def train_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from shallow_proofs.reference import datasets
    from shallow_proofs.reference.activations import ACTIVATIONS

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


def parser() -> argparse.ArgumentParser:
    import argparse

    from shallow_proofs import __version__

    main_parser = argparse.ArgumentParser(prog="shallow-proofs", description=(__doc__ or "").split("\n\n", 1)[0])
    main_parser.add_argument("--version", action="version", version=f"shallow-proofs {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True)
    train_parser(commands)
    commands.add_parser("prove", help="run the suite against an implementation (see: shallow-proofs prove --help)")
    commands.add_parser("grade", help="prove many submissions into one table (see: shallow-proofs grade --help)")
    return main_parser


def train(argv: Sequence[str]) -> int:
    """The ``train`` command; Ctrl-C ends it with exit status 130 and one line, like a shell's interrupted command.

    The training runs in a worker thread: one numpy call of a wide network can take hundreds of milliseconds,
    and the main thread, waiting for the worker, takes the SIGINT at once.
    """
    try:
        args = parser().parse_args(argv)
        return interrupt.in_worker(lambda: _train(args))
    except KeyboardInterrupt:
        print(interrupt.line("train"), file=sys.stderr)
        return interrupt.INTERRUPTED


def _train(args: argparse.Namespace) -> int:
    """Initialize as the course does (np.random.seed(seed), W = 0.01 randn), train, print J and the accuracy.

    Every argument, the --plot file included, is checked before any work. A run whose cost stops being finite, or
    ends above where it started, is an error (exit status 2): the costs printed so far stay on the screen.
    """
    import numpy as np

    from shallow_proofs.reference import datasets, network, plot

    if args.plot and not plot.have_matplotlib():
        print(PLOT_MISSING, file=sys.stderr)
        return 2
    X, Y = datasets.load(args.dataset)
    try:
        plot_path = _checked_options(args)
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
    except (ValueError, TypeError, network.DivergenceError) as error:
        print(f"shallow-proofs train: {error}", file=sys.stderr)
        return 2
    costs = trained.costs
    if costs[-1] > costs[0]:
        print(
            f"shallow-proofs train: gradient descent raised the cost from J = {costs[0]:g} at iteration 0 to "
            f"J = {costs[-1]:g} at iteration {costs.size - 1} with learning rate {args.learning_rate:g}. Likely cause: "
            "the learning rate is too large for this data; try a smaller --learning-rate",
            file=sys.stderr,
        )
        return 2
    predictions = network.predict(trained.parameters, X, args.activation)
    accuracy = 100 * np.mean(predictions == Y)
    print(f"Accuracy: {accuracy:g} % ({int(np.sum(predictions == Y))} of {Y.size} examples)")
    if plot_path is not None:
        title = f"{args.dataset}: n_h = {args.n_h}, {args.activation}, accuracy {accuracy:g} %"
        plot.training_run(plot_path, X, Y, trained.parameters, costs, activation=args.activation, title=title)
        print(f"Wrote {plot_path}")
    return 0


def _checked_options(args: argparse.Namespace) -> Path | None:
    """The options that the reference does not check itself; returns the --plot file (None: no plot)."""
    from shallow_proofs.reference import plot

    if args.print_every < 0:
        raise ValueError(f"--print-every must be an integer >= 0 (0: never); got {args.print_every}")
    if not 0 <= args.seed < 2**32:
        raise ValueError(f"--seed must be an integer from 0 to 2**32 - 1 (numpy's RandomState); got {args.seed}")
    return plot.output_path(args.plot, "--plot") if args.plot else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command of argv (default: the command line).

    Called without argv, as the program (the console script, ``python -m shallow_proofs``), it owns the process: from
    its first line Ctrl-C ends the process with status 130 and one line, and a command that returns 130 ends it without
    the interpreter's teardown; a reader of its output that has gone (``| head``) ends it with status 141, silently, as
    SIGPIPE ends a shell's command. Called with argv (tests, other programs), it leaves the signal handlers alone.
    """
    program = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv[:1] in (["prove"], ["grade"]) else "train"
    if program:
        interrupt.quiet(command)
    try:
        status = run(command, argv[1:] if command != "train" else argv)
    except BrokenPipeError:
        if not program:
            raise
        status = PIPE_CLOSED
    if program and status in (interrupt.INTERRUPTED, PIPE_CLOSED):
        interrupt.exit_now(status)  # no teardown: its flush of the closed stdout would raise again
    return status


def run(command: str, argv: Sequence[str]) -> int:
    if command == "prove":
        from shallow_proofs.prove import main as prove

        return prove(argv)
    if command == "grade":
        from shallow_proofs.grade import main as grade

        return grade(argv)
    return train(argv)


if __name__ == "__main__":
    sys.exit(main())
