"""shallow-proofs: proves, by test, every equation and claim of the course notes on the shallow neural network.

- :mod:`shallow_proofs.reference`: the numpy reference network and the course's eight functions.
- :mod:`shallow_proofs.properties`: the Hypothesis suite, its claim registry, its pytest plugin and proof document.
- :mod:`shallow_proofs.gradcheck`: finite-difference checks of every backpropagation equation.
- :mod:`shallow_proofs.cli`: the ``shallow-proofs`` command, above the three.
"""


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed metadata on first use: importlib.metadata takes tens of milliseconds to
    import, and every command imports this package before it can set its handling of Ctrl-C."""
    if name == "__version__":
        from importlib.metadata import version

        return version("shallow-proofs")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
