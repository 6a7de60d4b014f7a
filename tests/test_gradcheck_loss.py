"""gradcheck.loss: Delta J = ell(Z2 + D) - ell(Z2) past expm1's range (|D| > 700), against its closed form.

For |d| far above |z|, log(1 + e^(z + d)) is z + d (d > 0) or 0 (d < 0) to float64 eps, so
ell(z + d) - ell(z) = max(z + d, 0) - log(1 + e^z) - y d exactly enough: the largest term is |d| ~ 800, so a few eps
of it is the tolerance (each of logaddexp's two roundings and the subtraction: 4 eps |d|).
"""

from __future__ import annotations

import numpy as np

from shallow_proofs.gradcheck.loss import EXPM1_MAX, Logits

EPS = np.finfo(np.float64).eps


def test_losses_past_expm1_range_match_the_closed_form():
    Z2 = np.array([[0.0, 0.0, 1.5, -2.0]])
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])
    D = np.array([[800.0, 800.0, -750.0, 720.0]])
    assert np.all(np.abs(D) > EXPM1_MAX)
    expected = np.maximum(Z2 + D, 0.0) - np.logaddexp(0.0, Z2) - Y * D
    got = Logits(Z2, Y).losses(D)
    tolerance = 4 * EPS * np.abs(D)
    worst = int(np.argmax(np.abs(got - expected) / tolerance))
    assert np.all(np.abs(got - expected) <= tolerance), (
        f"ell(Z2 + D) - ell(Z2) at element {worst}: losses {got.ravel()[worst]!r}, closed form "
        f"{expected.ravel()[worst]!r}"
    )


def test_losses_up_to_700_keep_a_few_eps_on_saturated_logits():
    """|D| <= 700 (within expm1's range) takes the log1p form, whose error is a few eps of Delta J whatever |Z2|: at
    Z2 = 130771.3 (sigma rounds to 1) the change is D (y = 0) or 0 (y = 1) to within e^-130000, while the direct
    form's Z2 + D rounds by up to half an ulp of Z2 + D (1.5e-11 here, far above 4 eps |D|). The last element
    (D = 800 at Z2 = 0: 800 - log 2) takes the direct form, so both forms are computed for the same D."""
    D = np.array([[699.123456789, -699.123456789, 700.0, 699.123456789, -699.123456789, 700.0, 800.0]])
    Z2 = np.array([[130771.3] * 6 + [0.0]])
    Y = np.array([[0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0]])
    expected = np.where(Z2 > 0, (1.0 - Y) * D, D - np.log(2.0))
    got = Logits(Z2, Y).losses(D)
    tolerance = 4 * EPS * np.abs(D)
    worst = int(np.argmax(np.abs(got - expected) / tolerance))
    assert np.all(np.abs(got - expected) <= tolerance), (
        f"ell(Z2 + D) - ell(Z2) at element {worst}: losses {got.ravel()[worst]!r}, exact {expected.ravel()[worst]!r}"
    )
