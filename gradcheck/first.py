"""The first estimate of central differences of order 2: three evaluations per variable, with an error estimate.

scipy.differentiate needs two iterations before it has an error estimate (the change between its last two
iterates): four evaluations per variable at order 2 (+-h, then +-h/2). One more point than the central difference
gives an error estimate as well, at three evaluations (+-h and 2h): with Delta(s) = f(s) - f(0) and f(0) shared,

.. math::
    D_c = \\frac{\\Delta(h) - \\Delta(-h)}{2h} = f' + \\frac{h^2}{6} f''' + O(h^4), \\qquad
    D_o = \\frac{4 \\Delta(h) - \\Delta(2h)}{2h} = f' - \\frac{h^2}{3} f''' + O(h^3)

(the central difference and the one-sided difference of order 2 on 0, h, 2h). D_c is the estimate; the error
estimate e = |D_c - D_o| = h^2 |f'''| / 2 + O(h^3) is three times D_c's own truncation error h^2 |f'''| / 6 to first
order, as scipy's estimate exceeds the error of its last iterate. Its rounding is that of D_c: G delta / h with G = 1,
the gain of scipy's central stencil of order 2 (gradcheck.differences), at final step h. The third point lies beyond
the stencil rather than inside it (h/2, which scipy's next iteration would use): D_o then amplifies each Delta's
rounding by 2.5 / h instead of 5 / h, and on the plain network cost at its initial steps the first estimate decided
98 % of the elements instead of 75 % (bench/bench_gradcheck.py's problem). A kink or a domain edge between h and 2h
makes D_o disagree: those elements are refined by scipy, whose stencil stays within h.

Only at order 2, a plain f's: the network's order 4 stays with scipy. Tried there (+-h, +-h/2 and 2h), the first
estimate raised a false alarm in directional mode on leaky ReLU, whose steps may fill a linear piece of g (so far
from the asymptotic regime that the two estimates agreed while both were off).

gradcheck.settle keeps a variable decided by this estimate only where S e + r is within the resolution, the same
condition that scipy's refinement has to meet; the others are refined by scipy. So an error the check promises to
detect (above rho ||n||) cannot hide in the first estimate: where D_c is off by more than the resolution, e says so.
"""

from __future__ import annotations

import numpy as np

from shallow_proofs.gradcheck.differences import Derivatives, Partial
from shallow_proofs.gradcheck.layout import Array

FIRST_ORDER = 2  # the order of central differences whose first estimate this is
BEYOND = 2.0  # the third point's step, a multiple of h


def first_estimate(f: Partial, variables: Array, steps: Array, chunk: int) -> Derivatives:
    """D_c at steps h (one per variable) and its error estimate |D_c - D_o|, ``chunk`` variables per call of f."""
    count = variables.size
    df, error = np.empty(count), np.empty(count)
    h = np.asarray(steps, dtype=np.float64)
    for start in range(0, count, chunk):
        part = slice(start, min(start + chunk, count))
        s = h[part, None] * np.array([1.0, -1.0, BEYOND])
        with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
            delta = f(s, variables[part, None])  # (n, 3): Delta(h), Delta(-h), Delta(2h)
            central = (delta[:, 0] - delta[:, 1]) / (2.0 * h[part])
            one_sided = (4.0 * delta[:, 0] - delta[:, 2]) / (2.0 * h[part])
            df[part], error[part] = central, np.abs(central - one_sided)
    finite = np.isfinite(df) & np.isfinite(error)
    return Derivatives(df, error, h.copy(), finite)
