"""shallow-proofs: proves, by test, every equation and claim of the course notes on the shallow neural network.

- :mod:`shallow_proofs.reference`: the numpy reference network and the course's eight functions.
- :mod:`shallow_proofs.properties`: the Hypothesis suite, its claim registry, its pytest plugin and proof document.
- :mod:`shallow_proofs.gradcheck`: finite-difference checks of every backpropagation equation.
- :mod:`shallow_proofs.cli`: the ``shallow-proofs`` command, above the three.
"""

from importlib.metadata import version

__version__ = version("shallow-proofs")
