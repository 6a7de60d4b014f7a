"""Stand-ins for the course's helper modules have the course's exact semantics, global RNG included."""

from __future__ import annotations

import numpy as np

from shallow_proofs.properties import standins


def course_load_planar_dataset():
    """planar_utils.load_planar_dataset as COURSE.md describes it: seed(1), then for each class the angle's and the
    radius's noise from the global RNG, points (r sin t, r cos t), X (2, 400) and uint8 labels Y (1, 400)."""
    np.random.seed(1)  # noqa: NPY002 (the course's global RNG, on purpose)
    N, a = 200, 4
    X = np.zeros((2 * N, 2))
    Y = np.zeros((2 * N, 1), dtype="uint8")
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2  # noqa: NPY002
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2  # noqa: NPY002
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def rng_state():
    state = np.random.get_state()  # noqa: NPY002
    return state[1].copy(), state[2:]


def test_load_planar_dataset_is_the_course_s_values_and_leaves_the_global_rng_as_it_does():
    X_course, Y_course = course_load_planar_dataset()
    after_course = rng_state()
    np.random.seed(123)  # noqa: NPY002 (a state that the stand-in must overwrite)
    X, Y = standins.load_planar_dataset()
    after_stand_in = rng_state()
    np.testing.assert_array_equal(X, X_course)
    np.testing.assert_array_equal(Y, Y_course)
    assert (X.dtype, Y.dtype, X.shape, Y.shape) == (np.float64, np.uint8, (2, 400), (1, 400))
    np.testing.assert_array_equal(after_stand_in[0], after_course[0])
    assert after_stand_in[1] == after_course[1]
    np.random.seed(1)  # noqa: NPY002 (the negative control: seeding alone does not reach the course's state)
    assert not np.array_equal(rng_state()[0], after_course[0])


def test_load_planar_dataset_check_values():
    """COURSE.md's check values of the flower."""
    X, _ = standins.load_planar_dataset()
    np.testing.assert_array_equal(np.round(X[:, 0], 8), [1.20444229, 3.57611415])
    assert X.sum() == 10.087983277441666


def test_sigmoid_is_the_course_s_formula():
    z = np.array([-30.0, -1.0, 0.0, 2.5, 40.0])
    np.testing.assert_array_equal(standins.sigmoid(z), 1 / (1 + np.exp(-z)))


def test_test_cases_seed_the_global_rng():
    X, Y = standins.layer_sizes_test_case()
    np.random.seed(1)  # noqa: NPY002
    np.testing.assert_array_equal(X, np.random.randn(5, 3))  # noqa: NPY002
    np.testing.assert_array_equal(Y, np.random.randn(2, 3))  # noqa: NPY002
    assert standins.initialize_parameters_test_case() == (2, 4, 1)


def test_every_course_helper_is_known():
    assert set(standins.HELPERS) == {"planar_utils", "testCases", "testCases_v2", "public_tests", "test_utils"}
    assert standins.is_helper("testCases_v2") and not standins.is_helper("sklearn")
