"""The course's published values (W3A1 public_tests.py and the notebook's printed runs), for any implementation.

The published arrays are numpy's printout: 8 decimals in fixed notation, or 8 decimals of the mantissa in scientific
notation. So a correct implementation lies within half a unit of the last printed digit, plus the float64 rounding of
either computation (a few dozen operations on well-conditioned numbers: 64 eps relative is generous and still far
below the print rounding). Inputs are the tests' own, rebuilt with their seeds; the flower runs use the reference's
data loader. The course seeds numpy's global RNG, so these tests do too (hence NPY002 is off here).
"""

# ruff: noqa: NPY002

from __future__ import annotations

import contextlib
import io
import re

import numpy as np
import pytest

from shallow_proofs.properties.bounds import Mismatch, failure
from shallow_proofs.reference import datasets

EPS = np.finfo(np.float64).eps
FLOAT_ROUNDING = 64 * EPS

# Inputs shared by several of the course's tests (public_tests.py, W3A1).
W1_TEST = np.array(
    [[-0.00416758, -0.00056267], [-0.02136196, 0.01640271], [-0.01793436, -0.00841747], [0.00502881, -0.01245288]]
)
W2_TEST = np.array([[-0.01057952, -0.00909008, 0.00551454, 0.02292208]])
TRAINED_TEST = {
    "W1": np.array(
        [[-0.00615039, 0.0169021], [-0.02311792, 0.03137121], [-0.0169217, -0.01752545], [0.00935436, -0.05018221]]
    ),
    "W2": np.array([[-0.0104319, -0.04019007, 0.01607211, 0.04440255]]),
    "b1": np.array([[-8.97523455e-07], [8.15562092e-06], [6.04810633e-07], [-2.54560700e-06]]),
    "b2": np.array([[9.14954378e-05]]),
}


def printed_bound(expected: np.ndarray, scientific: bool = False) -> np.ndarray:
    """Half a unit in the last of 8 printed decimals (of the mantissa if scientific), plus float64 rounding."""
    expected = np.asarray(expected, dtype=np.float64)
    if scientific:
        exponent = np.floor(np.log10(np.where(expected == 0, 1.0, np.abs(expected))))
        quantum = 10.0 ** (exponent - 8)
    else:
        quantum = np.full(expected.shape, 1e-8)
    return 0.5 * quantum + FLOAT_ROUNDING * np.maximum(1.0, np.abs(expected))


def assert_published(name: str, equation: str, got: object, expected: np.ndarray, scientific: bool = False) -> None:
    """got equals the published array within its print rounding; the message names the worst element."""
    got = np.asarray(got, dtype=np.float64)
    if got.shape != expected.shape:
        raise failure(
            f"course.values: {name} ({equation}) has shape {got.shape}, published {expected.shape}",
            Mismatch("course.values", equation, name, None, got.shape, expected.shape, None),
        )
    bound = printed_bound(expected, scientific)
    excess = np.abs(got - expected) - bound
    worst = tuple(int(i) for i in np.unravel_index(np.argmax(excess), expected.shape))
    if not excess[worst] <= 0:
        raise failure(
            f"course.values: {name} ({equation}) differs from the course's published value at {name}{list(worst)}: "
            f"implementation {float(got[worst])!r}, published {float(expected[worst])!r}, "
            f"|difference| {abs(got[worst] - expected[worst]):.3e} > bound {bound[worst]:.3e} "
            "(half a unit of the last printed digit + float64 rounding)",
            Mismatch(
                "course.values", equation, name, worst, float(got[worst]), float(expected[worst]), float(bound[worst])
            ),
        )


@pytest.mark.proves("course.values", "L11.init")
def test_initialize_parameters_after_seed_2(impl):
    np.random.seed(2)
    parameters = impl.function("initialize_parameters")(3, 5, 2)
    W1 = np.array(
        [
            [-0.00416758, -0.00056267, -0.02136196],
            [0.01640271, -0.01793436, -0.00841747],
            [0.00502881, -0.01245288, -0.01057952],
            [-0.00909008, 0.00551454, 0.02292208],
            [0.00041539, -0.01117925, 0.00539058],
        ]
    )
    W2 = np.array(
        [
            [-5.96159700e-03, -1.91304965e-04, 1.17500122e-02, -7.47870949e-03, 9.02525097e-05],
            [-8.78107893e-03, -1.56434170e-03, 2.56570452e-03, -9.88779049e-03, -3.38821966e-03],
        ]
    )
    assert_published("W1", "W1 = np.random.randn(5, 3) * 0.01 after np.random.seed(2)", parameters["W1"], W1)
    assert_published("W2", "W2 = np.random.randn(2, 5) * 0.01, drawn after W1", parameters["W2"], W2, scientific=True)
    for key, shape in (("b1", (5, 1)), ("b2", (2, 1))):
        b = np.asarray(parameters[key])
        assert b.shape == shape and not b.any(), f"course.values: {key} must be zeros{shape}; got {b!r}"


@pytest.mark.proves("course.values")
def test_forward_propagation(impl):
    np.random.seed(1)
    X = np.random.randn(2, 3)
    b1 = np.random.randn(4, 1)
    parameters = {"W1": W1_TEST, "b1": b1, "W2": W2_TEST, "b2": np.array([[-1.3]])}
    A2, cache = impl.forward(X, parameters)
    published = {
        "Z1": np.array(
            [
                [1.7386459, 1.74687437, 1.74830797],
                [-0.81350569, -0.73394355, -0.78767559],
                [0.29893918, 0.32272601, 0.34788465],
                [-0.2278403, -0.2632236, -0.22336567],
            ]
        ),
        "A1": np.array(
            [
                [0.9400694, 0.94101876, 0.94118266],
                [-0.67151964, -0.62547205, -0.65709025],
                [0.29034152, 0.31196971, 0.33449821],
                [-0.22397799, -0.25730819, -0.2197236],
            ]
        ),
        "Z2": np.array([[-1.30737426, -1.30844761, -1.30717618]]),
        "A2": np.array([[0.21292656, 0.21274673, 0.21295976]]),
    }
    equations = {"Z1": "Z1 = W1 X + b1", "A1": "A1 = tanh(Z1)", "Z2": "Z2 = W2 A1 + b2", "A2": "A2 = sigma(Z2)"}
    assert_published("A2", equations["A2"], A2, published["A2"])
    for key, value in published.items():
        assert_published(f"cache[{key!r}]", equations[key], cache[key], value)


@pytest.mark.proves("course.values")
def test_compute_cost(impl):
    np.random.seed(1)
    Y = np.random.randn(1, 5) > 0
    A2 = np.array([[0.5002307, 0.49985831, 0.50023963, 0.25, 0.7]])
    cost = impl.cost(A2, Y)
    published = 0.5447066599017815
    # J sums 5 logarithms of well-conditioned arguments: a few eps relative; the published value has 16 digits.
    bound = FLOAT_ROUNDING * published
    assert abs(float(cost) - published) <= bound, (
        f"course.values: J = -(1/m) sum(Y log A2 + (1 - Y) log(1 - A2)): implementation {cost!r}, "
        f"published {published!r}, |difference| {abs(float(cost) - published):.3e} > bound {bound:.3e}"
    )


@pytest.mark.proves("course.values")
def test_backward_propagation(impl):
    np.random.seed(1)
    X = np.random.randn(3, 7)
    Y = np.random.randn(1, 7) > 0
    parameters = {
        "W1": np.random.randn(9, 3),
        "W2": np.random.randn(1, 9),
        "b1": np.zeros((9, 1)),
        "b2": np.zeros((1, 1)),
    }
    # The course's cache: random A1 and A2, and a Z1 of another shape that a tanh network must not read.
    cache = {
        "A1": np.random.randn(9, 7),
        "A2": np.random.randn(1, 7),
        "Z1": np.random.randn(7, 9),
        "Z2": np.random.randn(1, 7),
    }
    grads = impl.backward(parameters, cache, X, Y)
    published = {
        "dW1": np.array(
            [
                [-0.24468458, -0.24371232, 0.15959609],
                [0.7370069, -0.64785999, 0.23669823],
                [0.47936123, -0.01516428, 0.01566728],
                [0.03361075, -0.0930929, 0.05581073],
                [0.52445178, -0.03895358, 0.09180612],
                [-0.17043596, 0.13406378, -0.20952062],
                [0.76144791, -0.41766018, 0.02544078],
                [0.22164791, -0.33081645, 0.19526915],
                [0.25619969, -0.09561825, 0.05679075],
            ]
        ),
        "db1": np.array(
            [
                [0.1463639],
                [-0.33647992],
                [-0.51738006],
                [-0.07780329],
                [-0.57889514],
                [0.28357278],
                [-0.39756864],
                [-0.10510329],
                [-0.13443244],
            ]
        ),
        "dW2": np.array(
            [
                [
                    -0.35768529,
                    0.22046323,
                    -0.29551566,
                    -0.12202786,
                    0.18809552,
                    0.13700323,
                    0.35892872,
                    -0.02220353,
                    -0.03976687,
                ]
            ]
        ),
        "db2": np.array([[-0.78032466]]),
    }
    equations = {
        "dW2": "dW2 = (1/m) dZ2 A1^T, dZ2 = A2 - Y",
        "db2": "db2 = (1/m) np.sum(dZ2, axis=1, keepdims=True)",
        "dW1": "dW1 = (1/m) dZ1 X^T, dZ1 = W2^T dZ2 * (1 - A1^2)",
        "db1": "db1 = (1/m) np.sum(dZ1, axis=1, keepdims=True)",
    }
    for key, value in published.items():
        assert_published(key, equations[key], grads[key], value)


@pytest.mark.proves("course.values")
def test_update_parameters(impl):
    grads = {
        "dW1": np.array(
            [[0.00023322, -0.00205423], [0.00082222, -0.00700776], [-0.00031831, 0.0028636], [-0.00092857, 0.00809933]]
        ),
        "dW2": np.array([[-1.75740039e-05, 3.70231337e-03, -1.25683095e-03, -2.55715317e-03]]),
        "db1": np.array([[1.05570087e-07], [-3.81814487e-06], [-1.90155145e-07], [5.46467802e-07]]),
        "db2": np.array([[-1.08923140e-05]]),
    }
    new = impl.function("update_parameters")({k: v.copy() for k, v in TRAINED_TEST.items()}, grads)
    published = {
        "W1": (
            np.array(
                [
                    [-0.00643025, 0.01936718],
                    [-0.02410458, 0.03978052],
                    [-0.01653973, -0.02096177],
                    [0.01046864, -0.05990141],
                ]
            ),
            False,
        ),
        "b1": (np.array([[-1.02420756e-06], [1.27373948e-05], [8.32996807e-07], [-3.20136836e-06]]), True),
        "W2": (np.array([[-0.01041081, -0.04463285, 0.01758031, 0.04747113]]), False),
        "b2": (np.array([[0.00010457]]), False),
    }
    for key, (value, scientific) in published.items():
        assert_published(key, f"{key} <- {key} - 1.2 d{key} (default learning_rate)", new[key], value, scientific)


@pytest.mark.proves("course.values")
def test_nn_model_test_case(impl):
    np.random.seed(1)
    X = np.random.randn(2, 3)
    Y = np.random.randn(1, 3) > 0
    np.random.seed(3)
    parameters = impl.nn_model(X, Y, 4, num_iterations=10000)
    published = {
        "W1": np.array(
            [[0.56305445, -1.03925886], [0.7345426, -1.36286875], [-0.72533346, 1.33753027], [0.74757629, -1.38274074]]
        ),
        "b1": np.array([[-0.22240654], [-0.34662093], [0.33663708], [-0.35296113]]),
        "W2": np.array([[1.82196893, 3.09657075, -2.98193564, 3.19946508]]),
        "b2": np.array([[0.21344644]]),
    }
    # 10000 steps on 3 examples are well-conditioned: reordering the examples moves the result by < 1e-15.
    for key, value in published.items():
        assert_published(
            key, f"nn_model(X, Y, 4): {key} after 10000 steps from np.random.seed(3)", parameters[key], value
        )


@pytest.mark.proves("course.values")
def test_predict(impl):
    np.random.seed(1)
    X = np.random.randn(2, 3)
    predictions = np.asarray(impl.predict(TRAINED_TEST, X))
    published = np.array([[True, False, True]])
    assert predictions.shape == published.shape and np.array_equal(predictions.astype(float), published), (
        f"course.values: predict = [A2 > 0.5]: implementation {predictions.tolist()}, published {published.tolist()}"
    )


# --- The flower runs (notebook output). ---

COST_LINE = re.compile(r"Cost after iteration (\d+): ([-+0-9.eE]+)")
# Published output of nn_model(X, Y, n_h=4, num_iterations=10000, print_cost=True) on the flower.
FLOWER_COSTS = {
    0: 0.693162,
    1000: 0.258625,
    2000: 0.239334,
    3000: 0.230802,
    4000: 0.225528,
    5000: 0.221845,
    6000: 0.219094,
    7000: 0.220661,
    8000: 0.219409,
    9000: 0.218485,
}
PRINTED = 0.5e-6  # "%f" prints 6 decimals
# From iteration 7000 the run climbs over a bump in J, where rounding-level differences grow: COURSE.md records about
# 1e-4 across BLAS builds, and merely reordering the examples (which only changes the rounding) spreads J(7000) over
# 9.7e-5 here. Up to 6000 the same reordering changes J by < 1e-15, so only the print rounding remains.
DRIFT_FROM = 7000
DRIFT = 1e-4
FLOWER_CORRECT = 363  # 90.75 % of 400 (the notebook prints "90%")
FLOWER_FLIPS = 1  # that drift moves one boundary point: 90.5 % under some orders of the examples
SWEEP_CORRECT = {1: 270, 2: 269, 3: 363, 4: 362, 5: 365}  # 67.5, 67.25, 90.75, 90.5, 91.25 % after 5000 steps


def correct_predictions(predictions: object, Y: np.ndarray) -> int:
    """Number of examples where the prediction (bool, 0/1 float or int) equals the label."""
    predictions = np.asarray(predictions, dtype=np.float64)
    assert predictions.shape == Y.shape, f"course.training: predict returned shape {predictions.shape}, not {Y.shape}"
    return int(np.sum(predictions == Y))


@pytest.fixture(scope="module")
def flower_run(impl):
    """The notebook's run: nn_model(X, Y, 4, num_iterations=10000, print_cost=True), its output and accuracy."""
    X, Y = datasets.load_planar_dataset()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        parameters = impl.function("nn_model")(X, Y, 4, num_iterations=10000, print_cost=True)
    printed = {int(i): float(j) for i, j in COST_LINE.findall(out.getvalue())}
    return printed, correct_predictions(impl.predict(parameters, X), Y)


@pytest.mark.proves("course.training")
def test_flower_cost_every_1000_iterations(flower_run):
    printed, _ = flower_run
    assert sorted(printed) == sorted(FLOWER_COSTS), (
        f"course.training: nn_model(print_cost=True) must print 'Cost after iteration %i: %f' at iterations "
        f"{sorted(FLOWER_COSTS)}; printed iterations {sorted(printed)}"
    )
    for i, published in FLOWER_COSTS.items():
        bound = PRINTED + (DRIFT if i >= DRIFT_FROM else FLOAT_ROUNDING)
        assert abs(printed[i] - published) <= bound, (
            f"course.training: J after iteration {i} of gradient descent on the flower (n_h = 4, alpha = 1.2): "
            f"implementation {printed[i]:.6f}, published {published:.6f}, |difference| "
            f"{abs(printed[i] - published):.2e} > bound {bound:.2e}"
        )


@pytest.mark.proves("course.training")
def test_flower_accuracy(flower_run):
    _, correct = flower_run
    assert abs(correct - FLOWER_CORRECT) <= FLOWER_FLIPS, (
        f"course.training: accuracy on the flower after 10000 iterations (n_h = 4): implementation "
        f"{100 * correct / 400} % ({correct}/400), published {100 * FLOWER_CORRECT / 400} % (+-{FLOWER_FLIPS} example)"
    )


@pytest.mark.proves("course.training")
@pytest.mark.parametrize("n_h", sorted(SWEEP_CORRECT))
def test_hidden_size_sweep(impl, n_h):
    X, Y = datasets.load_planar_dataset()
    parameters = impl.nn_model(X, Y, n_h, num_iterations=5000)
    correct = correct_predictions(impl.predict(parameters, X), Y)
    # At 5000 iterations the runs are well-conditioned (J moves by < 1e-15 when the examples are reordered): exact.
    assert correct == SWEEP_CORRECT[n_h], (
        f"course.training: accuracy with n_h = {n_h} after 5000 iterations: implementation {100 * correct / 400} % "
        f"({correct}/400), published {100 * SWEEP_CORRECT[n_h] / 400} %"
    )
