"""Deliberately broken implementations: each is a source edit of an independent fixture module in tests/impls/.

``course_style.py`` holds only the course's eight functions; ``extended.py`` adds every optional name of the contract.
A mutant names its base, its edits (old text, new text; each old text must occur in the base) and the bug it plants,
the functions it breaks (``breaks``: the report must blame these of the course's eight and no other; a bug in an
optional name, such as propagate, blames none of them), then the verdicts it must get (tests/test_mutant_verdicts.py,
from the JSON report of tests/pinning.py's targeted run): the refuted claims in the registry's order, the inconclusive
claims with their reason, the functions whose verdict is not correct, and a phrase of the diagnosis of
backward_propagation (none when empty). tests/kills.py writes the kill matrix of the zoo, KILLS.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from test_fixtures_pass import EDITS

IMPLS = Path(__file__).parent / "impls"
OLDER = EDITS["older"]
"""The older generation's template (COURSE.md), as tests/test_fixtures_pass.py writes it from course_style.py."""
NONE: Mapping[str, str] = MappingProxyType({})


class Mutant(NamedTuple):
    base: str
    edits: tuple[tuple[str, str], ...]
    bug: str
    breaks: tuple[str, ...]
    refuted: tuple[str, ...] = ()
    inconclusive: Mapping[str, str] = NONE
    functions: Mapping[str, str] = NONE
    diagnosis: str = ""


MUTANTS: dict[str, Mutant] = {
    # The course's catalogue of learners' bugs (COURSE.md), planted in course_style.py.
    "db1_no_keepdims": Mutant(
        "course_style.py",
        (("db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)", "db1 = (1 / m) * np.sum(dZ1, axis=1)"),),
        "np.sum(dZ1, axis=1) without keepdims: db1 is (n_h,) and b1 - alpha db1 broadcasts to (n_h, n_h)",
        breaks=("backward_propagation",),
        refuted=("L09.shapes", "L09.dW2", "L09.db2", "L09.dW1", "L09.db1", "L09.keepdims"),
        inconclusive={
            "L09.dZ1": "its tests failed on L09.db1",
            "L09.descent": "caused by backward_propagation",
            "course.api": "caused by backward_propagation",
        },
        functions={"backward_propagation": "wrong", "nn_model": "inconclusive"},
        diagnosis=(
            "gradients: dW1 right, db1 shape (1,) for (1, 1), dW2 right, db2 right; db1: np.sum(dZ, axis=1) "
            "without keepdims=True gives a 1-D array (shape (1,) for (1, 1))"
        ),
    ),
    "db2_no_keepdims": Mutant(
        "course_style.py",
        (("db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)", "db2 = (1 / m) * np.sum(dZ2, axis=1)"),),
        "np.sum(dZ2, axis=1) without keepdims: db2 is (n_y,)",
        breaks=("backward_propagation",),
        refuted=("L09.shapes", "L09.dW2", "L09.db2", "L09.dW1", "L09.db1", "L09.keepdims"),
        inconclusive={"L09.dZ2": "its tests failed on L09.db2"},
        functions={"backward_propagation": "wrong", "nn_model": "inconclusive"},
        diagnosis=(
            "gradients: dW1 right, db1 right, dW2 right, db2 shape (1,) for (1, 1); db2: np.sum(dZ, axis=1) "
            "without keepdims=True gives a 1-D array (shape (1,) for (1, 1))"
        ),
    ),
    "tanh_slope_1_minus_A1": Mutant(
        "course_style.py",
        (("(1 - np.power(A1, 2))", "(1 - A1)"),),
        "tanh derivative written 1 - A1 instead of 1 - A1**2",
        breaks=("backward_propagation",),
        refuted=("L08.tanh", "L09.dW1", "L09.db1"),
        inconclusive={
            "L07.xor": "caused by backward_propagation",
            "L09.dW2": "its tests failed on L09.dW1, L09.db1",
            "L09.db2": "its tests failed on L09.dW1, L09.db1",
            "L09.dZ1": "its tests failed on L09.dW1, L09.db1",
            "stable.cost": "its tests failed on L09.dW1",
        },
        functions={"backward_propagation": "wrong", "nn_model": "inconclusive"},
        diagnosis=(
            "gradients: dW1 wrong, db1 wrong, dW2 right, db2 right; the numbers match this slip: tanh's slope is "
            "written 1 - A1 instead of 1 - A1**2"
        ),
    ),
    "tanh_slope_from_Z1": Mutant(
        "course_style.py",
        (("(1 - np.power(A1, 2))", '(1 - np.power(cache["Z1"], 2))'),),
        "tanh derivative computed as 1 - Z1**2",
        breaks=("backward_propagation",),
        refuted=("L09.dW1", "L09.db1", "course.values"),
        inconclusive={
            "L09.dW2": "its tests failed on L09.dW1, L09.db1",
            "L09.db2": "its tests failed on L09.dW1, L09.db1",
            "L09.dZ1": "its tests failed on L09.dW1, L09.db1",
            "course.training": "caused by backward_propagation",
        },
        functions={"backward_propagation": "error"},
    ),
    "dZ1_dot_for_star": Mutant(
        "course_style.py",
        (("dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))", "dZ1 = np.dot(np.dot(W2.T, dZ2), 1 - np.power(A1, 2))"),),
        "np.dot where the element-wise product with g'(Z1) belongs: fails unless m = n_h, silently wrong when equal",
        breaks=("backward_propagation",),
        refuted=(
            "L09.shapes",
            "L09.dZ2",
            "L09.dW2",
            "L09.db2",
            "L09.dZ1",
            "L09.dW1",
            "L09.db1",
            "L09.keepdims",
            "course.api",
        ),
        inconclusive={"L09.descent": "caused by backward_propagation"},
        functions={"backward_propagation": "error", "nn_model": "inconclusive"},
    ),
    "dW1_no_1_over_m": Mutant(
        "course_style.py",
        (("dW1 = (1 / m) * np.dot(dZ1, X.T)", "dW1 = np.dot(dZ1, X.T)"),),
        "1/m missing in dW1",
        breaks=("backward_propagation",),
        refuted=("L09.dW1",),
        inconclusive={
            "L09.dW2": "its tests failed on L09.dW1",
            "L09.db2": "its tests failed on L09.dW1",
            "L09.dZ1": "its tests failed on L09.dW1",
            "L09.db1": "its tests failed on L09.dW1",
        },
        functions={"backward_propagation": "wrong", "nn_model": "inconclusive"},
        diagnosis=(
            "gradients: dW1 wrong, db1 right, dW2 right, db2 right; dW2 and db2 are right, so dZ2 is right: the "
            "error lies between dA1 and dZ1, in the slope g'(Z1) or the product dZ1 = W2^T dZ2 * g'(Z1); db1 is "
            "right but dW1 is not: the product dZ1 X^T (or its 1/m)"
        ),
    ),
    "dW2_no_1_over_m": Mutant(
        "course_style.py",
        (("dW2 = (1 / m) * np.dot(dZ2, A1.T)", "dW2 = np.dot(dZ2, A1.T)"),),
        "1/m missing in dW2",
        breaks=("backward_propagation",),
        refuted=("L09.dW2",),
        inconclusive={
            "L09.dZ2": "its tests failed on L09.dW2",
            "L09.db2": "its tests failed on L09.dW2",
            "L09.dW1": "its tests failed on L09.dW2",
            "L09.db1": "its tests failed on L09.dW2",
        },
        functions={"backward_propagation": "wrong", "nn_model": "inconclusive"},
        diagnosis=(
            "gradients: dW1 right, db1 right, dW2 wrong, db2 right; db2 is right but dW2 is not: the product dZ2 "
            "A1^T (or its 1/m); layer 1's gradients are right, so dZ2 is right: the error is in layer 2's "
            "formulas"
        ),
    ),
    "cost_no_1_over_m": Mutant(
        "course_style.py",
        (("cost = -np.sum(logprobs) / m", "cost = -np.sum(logprobs)"),),
        "1/m missing in the cost",
        breaks=("compute_cost",),
        refuted=("course.api",),
        inconclusive={
            "L09.dW2": "caused by compute_cost",
            "L09.db2": "caused by compute_cost",
            "L09.dW1": "caused by compute_cost",
            "L09.db1": "caused by compute_cost",
        },
        functions={"compute_cost": "wrong", "nn_model": "inconclusive"},
    ),
    "cost_no_1_minus_y_term": Mutant(
        "course_style.py",
        (("np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)", "np.multiply(np.log(A2), Y)"),),
        "the (1 - y) log(1 - a) term missing in the cost",
        breaks=("compute_cost",),
        refuted=("course.api",),
        inconclusive={
            "L09.dW2": "caused by compute_cost",
            "L09.db2": "caused by compute_cost",
            "L09.dW1": "caused by compute_cost",
            "L09.db1": "caused by compute_cost",
        },
        functions={"compute_cost": "wrong", "nn_model": "inconclusive"},
    ),
    "cost_as_array": Mutant(
        "course_style.py",
        (
            ("cost = -np.sum(logprobs) / m", "cost = -np.sum(logprobs, axis=1, keepdims=True) / m"),
            ("cost = float(np.squeeze(cost))", "cost = cost"),
        ),
        "the cost returned as a (1, 1) array instead of a Python float",
        breaks=("compute_cost",),
        refuted=("course.api",),
        inconclusive={
            "L09.dW2": "caused by compute_cost",
            "L09.db2": "caused by compute_cost",
            "L09.dW1": "caused by compute_cost",
            "L09.db1": "caused by compute_cost",
        },
        functions={"compute_cost": "wrong", "nn_model": "inconclusive"},
    ),
    "init_rand_not_randn": Mutant(
        "course_style.py",
        (("W1 = np.random.randn(n_h, n_x) * 0.01", "W1 = np.random.rand(n_h, n_x) * 0.01"),),
        "np.random.rand (uniform on [0, 1)) instead of randn for W1",
        breaks=("initialize_parameters",),
        refuted=("L11.init",),
        functions={"initialize_parameters": "wrong", "nn_model": "inconclusive"},
    ),
    "init_no_scale": Mutant(
        "course_style.py",
        (("W2 = np.random.randn(n_y, n_h) * 0.01", "W2 = np.random.randn(n_y, n_h)"),),
        "the 0.01 scale missing on W2",
        breaks=("initialize_parameters",),
        refuted=("L11.init",),
        functions={"initialize_parameters": "wrong", "nn_model": "inconclusive"},
    ),
    "layer_sizes_hard_coded": Mutant(
        "course_style.py",
        (("n_x = X.shape[0]  # size of input layer", "n_x = 2  # size of input layer"),),
        "n_x hard-coded to the flower data's 2 instead of X.shape[0]",
        breaks=("layer_sizes",),
        refuted=("course.api",),
        functions={"layer_sizes": "wrong", "nn_model": "inconclusive"},
    ),
    "nn_model_wrong_seed": Mutant(
        "course_style.py",
        (("np.random.seed(3)", "np.random.seed(2)"),),
        "nn_model seeds with 2 instead of the course's 3",
        breaks=("nn_model",),
        refuted=("course.api", "course.values", "course.training"),
        functions={"nn_model": "wrong"},
    ),
    "nn_model_extra_step": Mutant(
        "course_style.py",
        (("range(0, num_iterations)", "range(0, num_iterations + 1)"),),
        "nn_model runs one gradient step more than num_iterations",
        breaks=("nn_model",),
        refuted=("course.api",),
        functions={"nn_model": "wrong"},
    ),
    "update_mutates_input": Mutant(
        "course_style.py",
        (
            ('W1 = parameters["W1"].copy()', 'W1 = parameters["W1"]'),
            ("W1 = W1 - learning_rate * dW1", "W1 -= learning_rate * dW1"),
        ),
        "update_parameters changes the caller's W1 in place",
        breaks=("update_parameters",),
        refuted=("course.api",),
        functions={"update_parameters": "wrong", "nn_model": "inconclusive"},
    ),
    "update_ignores_learning_rate": Mutant(
        "course_style.py",
        (("W2 = W2 - learning_rate * dW2", "W2 = W2 - 1.2 * dW2"),),
        "update_parameters uses 1.2 for W2 whatever learning_rate it is given",
        breaks=("update_parameters",),
        refuted=("L09.descent", "course.api"),
        functions={"update_parameters": "wrong", "nn_model": "inconclusive"},
    ),
    "predict_threshold_on_Z2": Mutant(
        "course_style.py",
        (
            (
                "    A2, _ = forward_propagation(X, parameters)\n    predictions = A2 > 0.5",
                '    A2, cache = forward_propagation(X, parameters)\n    predictions = cache["Z2"] > 0.5',
            ),
        ),
        "predict thresholds the logit Z2 at 0.5 instead of A2 = sigma(Z2): wrong for 0 < Z2 <= 0.5",
        breaks=("predict",),
        refuted=("course.api",),
        functions={"predict": "wrong"},
    ),
    "init_no_scale_W1": Mutant(
        "course_style.py",
        (("W1 = np.random.randn(n_h, n_x) * 0.01", "W1 = np.random.randn(n_h, n_x)"),),
        "the 0.01 scale missing on W1: the hidden units start in tanh's saturated range",
        breaks=("initialize_parameters",),
        refuted=("L11.init", "L11.small_weights"),
        functions={"initialize_parameters": "wrong", "nn_model": "inconclusive"},
    ),
    "dZ2_sign": Mutant(
        "course_style.py",
        (("dZ2 = A2 - Y", "dZ2 = Y - A2"),),
        "dZ2 = Y - A2: every gradient points uphill",
        breaks=("backward_propagation",),
        refuted=("L09.dW2", "L09.db2", "L09.dW1", "L09.db1"),
        inconclusive={
            "L09.dZ2": "its tests failed on L09.dW2, L09.db2",
            "L09.dZ1": "its tests failed on L09.dW1, L09.db1",
            "L09.descent": "caused by backward_propagation",
        },
        functions={"backward_propagation": "wrong", "nn_model": "inconclusive"},
        diagnosis=(
            "gradients: dW1 wrong, db1 wrong, dW2 wrong, db2 wrong; the numbers match this slip: dZ2 has the "
            "wrong sign: dZ2 = Y - A2 instead of A2 - Y"
        ),
    ),
    # Bugs that broadcast silently: the wrong shape fits, so nothing raises.
    "dZ1_without_W2": Mutant(
        "course_style.py",
        (("dZ1 = np.dot(W2.T, dZ2) * ", "dZ1 = dZ2 * "),),
        "dZ1 = dZ2 * g'(Z1): the (1, m) dZ2 broadcast where the (n_h, m) W2^T dZ2 belongs",
        breaks=("backward_propagation",),
        refuted=("L09.dW1", "L09.db1"),
        inconclusive={
            "L09.dW2": "its tests failed on L09.dW1, L09.db1",
            "L09.db2": "its tests failed on L09.dW1, L09.db1",
            "L09.dZ1": "its tests failed on L09.dW1, L09.db1",
        },
        functions={"backward_propagation": "wrong", "nn_model": "inconclusive"},
    ),
    "db1_summed_over_everything": Mutant(
        "course_style.py",
        (("db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)", "db1 = (1 / m) * np.sum(dZ1, keepdims=True)"),),
        "np.sum(dZ1, keepdims=True) without axis=1: a (1, 1) db1 that b1 - alpha db1 broadcasts over the (n_h, 1) b1",
        breaks=("backward_propagation",),
        refuted=("L09.shapes", "L09.dW2", "L09.db2", "L09.dW1", "L09.db1", "L09.keepdims"),
        inconclusive={"L09.dZ1": "its tests failed on L09.db1"},
        functions={"backward_propagation": "wrong", "nn_model": "inconclusive"},
        diagnosis=(
            "gradients: dW1 right, db1 shape (1, 1) for (3, 1), dW2 right, db2 right; db1: the sum runs over the "
            "wrong axis (shape (1, 1) for (3, 1)); it is np.sum(dZ, axis=1, keepdims=True)"
        ),
    ),
    # Bugs in the optional capabilities, planted in extended.py.
    "logistic_db_not_averaged": Mutant(
        "extended.py",
        (("db = float(np.sum(residual) / count)", "db = float(np.sum(residual))"),),
        "logistic regression's db summed over examples instead of averaged",
        breaks=("propagate",),
        refuted=("L10.logistic", "L11.logistic_zero_init"),
    ),
    "logistic_dz_sign": Mutant(
        "extended.py",
        (("residual = expit(logits) - Y", "residual = Y - expit(logits)"),),
        "logistic regression's dz = y - a: the gradient points uphill",
        breaks=("propagate",),
        refuted=("L10.logistic", "L11.logistic_zero_init"),
    ),
    "init_identical_rows": Mutant(
        "extended.py",
        (("first = np.random.randn(n_h, n_x) * 0.01", "first = np.ones((n_h, 1)) * np.random.randn(1, n_x) * 0.01"),),
        "every hidden unit gets the same random row of W1: symmetry is never broken",
        breaks=("initialize_parameters",),
        refuted=("L11.symmetry_break", "L11.init"),
        functions={"initialize_parameters": "wrong", "nn_model": "inconclusive"},
    ),
    "dW1_transposed": Mutant(
        "extended.py",
        (('"dW1": delta1 @ X.T / n,', '"dW1": (X @ delta1.T / n).reshape(delta1.shape[0], -1),'),),
        "dW1 = X dZ1^T reshaped to W1's shape: the right shape, wrong entries unless n_x = n_h = 1",
        breaks=("backward_propagation",),
        refuted=("L09.dW1",),
        inconclusive={
            "L09.dW2": "its tests failed on L09.dW1",
            "L09.db2": "its tests failed on L09.dW1",
            "L09.dZ1": "its tests failed on L09.dW1",
            "L09.db1": "its tests failed on L09.dW1",
            "L11.symmetry": "caused by backward_propagation",
        },
        functions={"backward_propagation": "wrong", "nn_model": "inconclusive"},
        diagnosis=(
            "gradients: dW1 wrong, db1 right, dW2 right, db2 right; dW2 and db2 are right, so dZ2 is right: the "
            "error lies between dA1 and dZ1, in the slope g'(Z1) or the product dZ1 = W2^T dZ2 * g'(Z1); db1 is "
            "right but dW1 is not: the product dZ1 X^T (or its 1/m)"
        ),
    ),
    "intermediate_db1_no_keepdims": Mutant(
        "extended.py",
        (("db1 = np.mean(dZ1, axis=1, keepdims=True)", "db1 = np.mean(dZ1, axis=1)"),),
        "backward_intermediates' db1 without keepdims: shape (n_h,)",
        breaks=("backward_intermediates",),
        refuted=("L09.shapes", "L09.db1"),
        inconclusive={
            "L09.dW2": "its tests failed on L09.db1",
            "L09.db2": "its tests failed on L09.db1",
            "L09.dW1": "its tests failed on L09.db1",
        },
    ),
    # An erratum of the notes copied into code (properties/test_errata.py).
    "Z2_from_Z1_as_in_notes": Mutant(
        "course_style.py",
        (("Z2 = np.dot(W2, A1) + b2", "Z2 = np.dot(W2, Z1) + b2"),),
        "the notes' L04 line Z2 = W2 Z1 + b2: the output layer reads Z1 instead of A1",
        breaks=("forward_propagation",),
        refuted=("L01.forward", "L04.erratum"),
        inconclusive={
            "L09.dW2": "caused by forward_propagation",
            "L09.db2": "caused by forward_propagation",
            "L09.dW1": "caused by forward_propagation",
            "L09.db1": "caused by forward_propagation",
        },
        functions={"forward_propagation": "wrong", "nn_model": "inconclusive", "predict": "inconclusive"},
    ),
    # Bugs that only finite differences see (gradcheck/tests/).
    "intermediate_dZ1_1_minus_A1": Mutant(
        "extended.py",
        (
            (
                'slope = tanh_slope(cache["Z1"]) if activation == "tanh"',
                'slope = 1.0 - cache["A1"] if activation == "tanh"',
            ),
        ),
        "backward_intermediates' dZ1 with the tanh slope written 1 - A1",
        breaks=("backward_intermediates",),
        refuted=("L09.dZ1", "L09.dW1", "L09.db1"),
        inconclusive={"L09.dW2": "its tests failed on L09.dW1", "L09.db2": "its tests failed on L09.dW1"},
    ),
    "tanh_slope_not_squared": Mutant(
        "extended.py",
        (("return 1.0 - np.tanh(z) ** 2", "return 1.0 - np.tanh(z)"),),
        "ACTIVATIONS['tanh'] slope 1 - tanh(z) instead of 1 - tanh(z)^2",
        breaks=("tanh_slope",),
        refuted=("L08.tanh", "L09.dZ1", "L09.dW1"),
        inconclusive={
            "L09.dW2": "its tests failed on L09.dW1",
            "L09.db2": "its tests failed on L09.dW1",
            "L09.db1": "its tests failed on L09.dW1",
        },
    ),
    # Forward-pass, activation and stability bugs (properties/test_forward.py ... test_stability.py).
    "forward_W1_transposed": Mutant(
        "course_style.py",
        (("Z1 = np.dot(W1, X) + b1", "Z1 = np.dot(W1.T, X) + b1"),),
        "Z1 = W1^T X + b1: fails when n_x != n_h, silently wrong when they are equal",
        breaks=("forward_propagation",),
        refuted=(
            "L01.forward",
            "L02.two_layers",
            "L03.node",
            "L04.columns",
            "L04.shapes",
            "L04.permutation",
            "L04.erratum",
            "L05.broadcast",
            "course.api",
        ),
        inconclusive={
            "L09.shapes": "caused by forward_propagation",
            "L09.dW2": "caused by forward_propagation",
            "L09.db2": "caused by forward_propagation",
            "L09.dW1": "caused by forward_propagation",
            "L09.db1": "caused by forward_propagation",
            "L09.keepdims": "caused by forward_propagation",
            "L09.descent": "caused by forward_propagation",
        },
        functions={"forward_propagation": "error", "nn_model": "inconclusive", "predict": "not checked"},
    ),
    "bias_not_broadcast_per_row": Mutant(
        "course_style.py",
        (("Z1 = np.dot(W1, X) + b1", "Z1 = np.dot(W1, X) + b1.T"),),
        "b1^T (1, n_h) added: broadcast along columns, not per hidden unit (silent when m = n_h)",
        breaks=("forward_propagation",),
        refuted=("L04.columns", "L04.shapes", "L04.permutation", "L05.broadcast", "course.api"),
        inconclusive={
            "L09.shapes": "caused by forward_propagation",
            "L09.dW2": "caused by forward_propagation",
            "L09.db2": "caused by forward_propagation",
            "L09.dW1": "caused by forward_propagation",
            "L09.db1": "caused by forward_propagation",
            "L09.keepdims": "caused by forward_propagation",
            "L09.descent": "caused by forward_propagation",
        },
        functions={"forward_propagation": "error", "nn_model": "inconclusive", "predict": "not checked"},
    ),
    "leaky_slope_0_1": Mutant(
        "extended.py",
        (("LEAK = 0.01", "LEAK = 0.1"),),
        "leaky ReLU with slope 0.1 instead of the notes' 0.01 (value and derivative)",
        breaks=(
            "forward_propagation",
            "backward_propagation",
        ),
        refuted=("L06.leaky_relu", "L09.dW1", "L09.db1"),
        inconclusive={
            "L09.dW2": "its tests failed on L09.dW1, L09.db1",
            "L09.db2": "its tests failed on L09.dW1, L09.db1",
            "L09.dZ1": "caused by forward_propagation",
        },
        functions={
            "forward_propagation": "wrong",
            "backward_propagation": "wrong",
            "nn_model": "inconclusive",
            "predict": "inconclusive",
        },
    ),
    "identity_is_relu": Mutant(
        "extended.py",
        (("return np.asarray(z, dtype=np.float64) + 0.0", "return np.maximum(np.asarray(z, dtype=np.float64), 0.0)"),),
        "the identity activation clips negatives: the network is no longer one affine map",
        breaks=("forward_propagation",),
        refuted=("L07.collapse", "L07.xor"),
        functions={"forward_propagation": "wrong", "nn_model": "inconclusive", "predict": "inconclusive"},
    ),
    "relu_slope_0_at_kink": Mutant(
        "extended.py",
        (("return (np.asarray(z) >= 0).astype(np.float64)", "return (np.asarray(z) > 0).astype(np.float64)"),),
        "ReLU'(0) = 0 instead of the notes' convention ReLU'(0) = 1",
        breaks=("backward_propagation",),
        refuted=("L08.relu", "L09.dZ1"),
        inconclusive={"L08.leaky_relu": "its tests failed on L08.relu"},
        functions={"backward_propagation": "wrong", "nn_model": "inconclusive"},
    ),
    "sigmoid_overflow": Mutant(
        "extended.py",
        (("    return expit(z)\n", "    return 1 / (1 + np.exp(-z))\n"),),
        "ACTIVATIONS['sigmoid'] as 1 / (1 + e^-z): overflow warning for z < -709",
        breaks=("sigmoid",),
        refuted=("stable.sigmoid",),
    ),
    "cost_from_logits_via_A2": Mutant(
        "extended.py",
        (("softplus = np.logaddexp(0.0, Z2)", "softplus = -np.log1p(-expit(Z2))"),),
        "cost_from_logits through A2 = sigma(Z2): -log(1 - A2) is inf once A2 rounds to 1",
        breaks=("cost_from_logits",),
        refuted=("stable.cost",),
    ),
    # Bugs that show only with n_y > 1: course_style.py handles several outputs (tests/impls/course_style.py), so the
    # suite draws n_y > 1 for its functions (properties/probes.py); each bug coincides with the right code at n_y = 1.
    "layer_sizes_n_y_is_1": Mutant(
        "course_style.py",
        (("n_y = Y.shape[0]  # size of output layer", "n_y = 1  # size of output layer"),),
        "n_y hard-coded to the course's 1 instead of Y.shape[0]: right for every binary Y",
        breaks=("layer_sizes",),
        refuted=("course.api",),
        functions={"layer_sizes": "wrong", "nn_model": "inconclusive"},
    ),
    "forward_b2_first_row": Mutant(
        "course_style.py",
        (("Z2 = np.dot(W2, A1) + b2", "Z2 = np.dot(W2, A1) + b2[0]"),),
        "Z2 = W2 A1 + b2[0]: the first output's bias added to every row of Z2 (b2[0] is b2 when n_y = 1)",
        breaks=("forward_propagation",),
        refuted=("L01.forward",),
        inconclusive={"L04.erratum": "its tests failed on L01.forward", "L09.descent": "caused by forward_propagation"},
        functions={"forward_propagation": "wrong", "nn_model": "inconclusive", "predict": "inconclusive"},
    ),
    "dZ2_first_label_row": Mutant(
        "course_style.py",
        (("dZ2 = A2 - Y", "dZ2 = A2 - Y[0]"),),
        "dZ2 = A2 - Y[0]: every output's residual taken against the first row of labels (Y[0] broadcasts to Y when "
        "n_y = 1)",
        breaks=("backward_propagation",),
        refuted=("L09.dW2", "L09.db2", "L09.dW1", "L09.db1"),
        inconclusive={
            "L09.dZ2": "its tests failed on L09.dW2, L09.db2",
            "L09.dZ1": "its tests failed on L09.dW1, L09.db1",
            "L09.descent": "caused by backward_propagation",
        },
        functions={"backward_propagation": "wrong", "nn_model": "inconclusive"},
        diagnosis="every gradient is wrong: dZ2 = A2 - Y is the first suspect, since all four depend on it",
    ),
    "W2_reshaped_not_transposed": Mutant(
        "course_style.py",
        (("dZ1 = np.dot(W2.T, dZ2)", "dZ1 = np.dot(W2.reshape(W2.shape[1], W2.shape[0]), dZ2)"),),
        "W2^T written W2.reshape(n_h, n_y) in dZ1: the right shape, the same array only when n_y = 1",
        breaks=("backward_propagation",),
        refuted=("L09.dW1", "L09.db1"),
        inconclusive={
            "L09.dW2": "its tests failed on L09.dW1, L09.db1",
            "L09.db2": "its tests failed on L09.dW1, L09.db1",
            "L09.dZ1": "its tests failed on L09.dW1, L09.db1",
        },
        functions={"backward_propagation": "wrong", "nn_model": "inconclusive"},
        diagnosis=(
            "dW2 and db2 are right, so dZ2 is right: the error lies between dA1 and dZ1, in the slope g'(Z1) or "
            "the product dZ1 = W2^T dZ2 * g'(Z1)"
        ),
    ),
    # Bugs that show only at a learning rate other than 1.2, or only after several steps.
    "nn_model_ignores_learning_rate": Mutant(
        "extended.py",
        (("params = update_parameters(params, grads, learning_rate)", "params = update_parameters(params, grads)"),),
        "nn_model(learning_rate=...) steps with update_parameters' default 1.2 whatever learning rate it is given",
        breaks=("nn_model",),
        refuted=("course.api",),
        functions={"nn_model": "wrong"},
    ),
    "update_learning_rate_hard_coded": Mutant(
        "extended.py",
        (('parameters[key] - learning_rate * grads["d" + key]', 'parameters[key] - 1.2 * grads["d" + key]'),),
        "update_parameters steps every parameter by 1.2 d(theta) whatever learning_rate it is given",
        breaks=("update_parameters",),
        refuted=("L09.descent", "course.api"),
        functions={"update_parameters": "wrong", "nn_model": "inconclusive"},
    ),
    "nn_model_updates_once": Mutant(
        "course_style.py",
        (
            (
                "        parameters = update_parameters(parameters, grads)\n",
                "        if i == 0:\n            parameters = update_parameters(parameters, grads)\n",
            ),
        ),
        "nn_model applies only the first iteration's update: right after one step, frozen after it",
        breaks=("nn_model",),
        refuted=("course.api",),
        functions={"nn_model": "wrong"},
    ),
    "nn_model_initializes_in_the_loop": Mutant(
        "course_style.py",
        (
            (
                "    parameters = initialize_parameters(n_x, n_h, n_y)\n    for i in range(0, num_iterations):\n",
                "    for i in range(0, num_iterations):\n        parameters = initialize_parameters(n_x, n_h, n_y)\n",
            ),
        ),
        "initialize_parameters called inside nn_model's loop: every step starts from fresh random weights, so only "
        "a one-step run is right",
        breaks=("nn_model",),
        refuted=("course.api",),
        functions={"nn_model": "wrong"},
    ),
    "nn_model_stale_gradients": Mutant(
        "course_style.py",
        (
            (
                "        grads = backward_propagation(parameters, cache, X, Y)\n",
                "        grads = grads if i else backward_propagation(parameters, cache, X, Y)\n",
            ),
        ),
        "nn_model reuses the first iteration's gradients at every step: right after one step only",
        breaks=("nn_model",),
        refuted=("course.api",),
        functions={"nn_model": "wrong"},
    ),
    # Compensating pairs: two wrong functions whose errors cancel in nn_model, which trains as the course's does (to
    # the bit, or in what it prints); the report must still blame the functions that are wrong by the notes.
    "pair_gradients_doubled_step_halved": Mutant(
        "course_style.py",
        (
            ("dZ2 = A2 - Y", "dZ2 = 2 * (A2 - Y)"),
            (
                "def update_parameters(parameters, grads, learning_rate=1.2):\n",
                "def update_parameters(parameters, grads, learning_rate=1.2):\n    learning_rate = learning_rate / 2\n",
            ),
        ),
        "dZ2 = 2 (A2 - Y) doubles every gradient and update_parameters steps by learning_rate / 2: nn_model's "
        "steps are the course's to the bit (scaling by 2 is exact), both functions are wrong",
        breaks=("backward_propagation", "update_parameters"),
        refuted=("L09.dW2", "L09.db2", "L09.dW1", "L09.db1", "course.api"),
        inconclusive={
            "L09.dZ2": "its tests failed on L09.dW2, L09.db2",
            "L09.dZ1": "its tests failed on L09.dW1, L09.db1",
            "L09.descent": "caused by backward_propagation",
        },
        functions={"backward_propagation": "wrong", "update_parameters": "wrong", "nn_model": "inconclusive"},
        diagnosis="dW1, dW2, db1, db2 are each 2 times the right value: a scaling",
    ),
    "pair_gradient_ascent_on_negated_gradients": Mutant(
        "course_style.py",
        (
            ("dZ2 = A2 - Y", "dZ2 = Y - A2"),
            ("W1 = W1 - learning_rate * dW1", "W1 = W1 + learning_rate * dW1"),
            ("b1 = b1 - learning_rate * db1", "b1 = b1 + learning_rate * db1"),
            ("W2 = W2 - learning_rate * dW2", "W2 = W2 + learning_rate * dW2"),
            ("b2 = b2 - learning_rate * db2", "b2 = b2 + learning_rate * db2"),
        ),
        "dZ2 = Y - A2 negates every gradient and update_parameters adds alpha d(theta): nn_model descends as the "
        "course's does, to the bit, both functions are wrong",
        breaks=("backward_propagation", "update_parameters"),
        refuted=("L09.dW2", "L09.db2", "L09.dW1", "L09.db1", "course.api"),
        inconclusive={
            "L09.dZ2": "its tests failed on L09.dW2, L09.db2",
            "L09.dZ1": "its tests failed on L09.dW1, L09.db1",
            "L09.descent": "caused by backward_propagation",
        },
        functions={"backward_propagation": "wrong", "update_parameters": "wrong", "nn_model": "inconclusive"},
        diagnosis="the numbers match this slip: dZ2 has the wrong sign: dZ2 = Y - A2 instead of A2 - Y",
    ),
    "pair_cost_summed_print_averaged": Mutant(
        "course_style.py",
        (
            ("cost = -np.sum(logprobs) / m", "cost = -np.sum(logprobs)"),
            ("% (i, cost))", "% (i, cost / X.shape[1]))"),
        ),
        "compute_cost without 1/m, and nn_model divides by m before printing: the printed costs are the course's, "
        "compute_cost is wrong",
        breaks=("compute_cost",),
        refuted=("course.api",),
        inconclusive={
            "L09.dW2": "caused by compute_cost",
            "L09.db2": "caused by compute_cost",
            "L09.dW1": "caused by compute_cost",
            "L09.db1": "caused by compute_cost",
        },
        functions={"compute_cost": "wrong", "nn_model": "inconclusive"},
    ),
    "pair_forward_returns_Z2_predict_at_0": Mutant(
        "course_style.py",
        (
            ("    return A2, cache\n", "    return Z2, cache\n"),
            (
                "    A2, _ = forward_propagation(X, parameters)\n    predictions = A2 > 0.5",
                "    Z2, _ = forward_propagation(X, parameters)\n    predictions = Z2 > 0",
            ),
        ),
        "forward_propagation returns Z2 in place of A2 (its cache is right), and predict thresholds that at 0: the "
        "predictions are sigma(Z2) > 1/2 but for 0 < Z2 < 2^-53, forward_propagation is wrong",
        breaks=("forward_propagation",),
        refuted=("L01.forward", "course.api"),
        inconclusive={
            "L09.dW2": "caused by forward_propagation",
            "L09.db2": "caused by forward_propagation",
            "L09.dW1": "caused by forward_propagation",
            "L09.db1": "caused by forward_propagation",
        },
        functions={"forward_propagation": "wrong", "nn_model": "inconclusive", "predict": "inconclusive"},
    ),
    # Bugs written to the older generation's template (COURSE.md: np.random.seed(2) inside initialize_parameters,
    # compute_cost(A2, Y, parameters), np.squeeze(cost)): the generation is recognised, the bug must still be seen.
    "older_seed_1": Mutant(
        "course_style.py",
        (*OLDER, ("    np.random.seed(2)\n", "    np.random.seed(1)\n")),
        "the older generation's initialize_parameters seeds with 1 instead of its 2",
        breaks=("initialize_parameters",),
        refuted=("course.values",),
        inconclusive={
            "L11.init": "its tests failed on course.values",
            "course.training": "caused by initialize_parameters",
        },
        functions={"initialize_parameters": "wrong", "nn_model": "inconclusive"},
    ),
    "older_W2_drawn_before_W1": Mutant(
        "course_style.py",
        (
            *OLDER,
            (
                "    W1 = np.random.randn(n_h, n_x) * 0.01\n    b1 = np.zeros((n_h, 1))\n"
                "    W2 = np.random.randn(n_y, n_h) * 0.01\n",
                "    W2 = np.random.randn(n_y, n_h) * 0.01\n    W1 = np.random.randn(n_h, n_x) * 0.01\n"
                "    b1 = np.zeros((n_h, 1))\n",
            ),
        ),
        "the older generation's initialize_parameters draws W2 before W1 after its np.random.seed(2)",
        breaks=("initialize_parameters",),
        refuted=("course.values",),
        inconclusive={
            "L11.init": "its tests failed on course.values",
            "course.training": "caused by initialize_parameters",
        },
        functions={"initialize_parameters": "wrong", "nn_model": "inconclusive"},
    ),
    "older_cost_squeezed_dot": Mutant(
        "course_style.py",
        (
            *OLDER,
            (
                "    cost = -np.sum(logprobs) / m",
                "    cost = -(np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)) / m",
            ),
        ),
        "the older template's np.squeeze(cost) on the np.dot form of the cost: a 0-d array, not a float",
        breaks=("compute_cost",),
        refuted=("course.api",),
        functions={"compute_cost": "wrong", "nn_model": "inconclusive"},
    ),
    # float32 bugs, planted in course_float32.py (judged in float32's eps: COURSE.md).
    "float32_W1_in_float16": Mutant(
        "course_float32.py",
        (("W1 = np.float32(np.random.randn(n_h, n_x) * 0.01)", "W1 = np.float16(np.random.randn(n_h, n_x) * 0.01)"),),
        "initialize_parameters rounds W1 to float16 (11 bits): its dtype and values are not float32's",
        breaks=("initialize_parameters",),
        refuted=("course.api",),
        functions={"initialize_parameters": "wrong", "nn_model": "inconclusive"},
    ),
    "float32_X_in_float16": Mutant(
        "course_float32.py",
        (
            (
                '    X = np.float32(X)\n    W1 = np.float32(parameters["W1"])',
                '    X = np.float16(X)\n    W1 = np.float32(parameters["W1"])',
            ),
        ),
        "forward_propagation rounds X to float16 before Z1 = W1 X + b1: errors of 2^-11 relative, far above float32's",
        breaks=("forward_propagation",),
        refuted=("L01.forward", "L03.node"),
        functions={"forward_propagation": "wrong", "nn_model": "inconclusive", "predict": "inconclusive"},
    ),
    "float32_learning_rate_in_float16": Mutant(
        "course_float32.py",
        (("learning_rate = np.float32(learning_rate)", "learning_rate = np.float16(learning_rate)"),),
        "update_parameters rounds the learning rate to float16: 1.2 becomes 1.2001953",
        breaks=("update_parameters",),
        refuted=("L09.descent", "course.api"),
        functions={"update_parameters": "wrong", "nn_model": "inconclusive"},
    ),
    "float32_cost_is_numpy_float32": Mutant(
        "course_float32.py",
        (("    cost = float(np.squeeze(cost))\n", "    cost = np.squeeze(cost)\n"),),
        "compute_cost returns the np.float32 it computed: not a Python float (np.float64 is one, np.float32 is not)",
        breaks=("compute_cost",),
        refuted=("course.api",),
        functions={"compute_cost": "wrong", "nn_model": "inconclusive"},
    ),
    # In-place bugs: the caller's arrays changed.
    "update_b1_in_place": Mutant(
        "course_style.py",
        (("b1 = b1 - learning_rate * db1", "b1 -= learning_rate * db1"),),
        "update_parameters subtracts in place from the caller's b1 (the template copies only W1 and W2)",
        breaks=("update_parameters",),
        refuted=("course.api",),
        functions={"update_parameters": "wrong", "nn_model": "inconclusive"},
    ),
    "update_scales_grads_in_place": Mutant(
        "course_style.py",
        (("W1 = W1 - learning_rate * dW1", "dW1 *= learning_rate\n    W1 = W1 - dW1"),),
        "update_parameters multiplies the caller's dW1 by the learning rate in place (W1 itself is right)",
        breaks=("update_parameters",),
        refuted=("course.api",),
        functions={"update_parameters": "wrong", "nn_model": "inconclusive"},
    ),
    "dZ2_in_place_on_cache_A2": Mutant(
        "course_style.py",
        (("    dZ2 = A2 - Y\n", "    dZ2 = A2\n    dZ2 -= Y\n"),),
        "dZ2 = A2; dZ2 -= Y: the gradients are right, the caller's cache['A2'] becomes A2 - Y",
        breaks=("backward_propagation",),
        refuted=("course.api",),
        functions={"backward_propagation": "wrong", "nn_model": "inconclusive"},
    ),
    "forward_tanh_in_place_on_Z1": Mutant(
        "course_style.py",
        (("    A1 = np.tanh(Z1)\n", "    A1 = np.tanh(Z1, out=Z1)\n"),),
        "A1 = np.tanh(Z1, out=Z1): cache['Z1'] is overwritten with A1 (the course's backward reads only A1)",
        breaks=("forward_propagation",),
        refuted=("L01.forward",),
        functions={"forward_propagation": "wrong", "nn_model": "inconclusive", "predict": "inconclusive"},
    ),
    # More of COURSE.md's catalogue and of the course's API.
    "init_W2_drawn_before_W1": Mutant(
        "course_style.py",
        (
            (
                "    W1 = np.random.randn(n_h, n_x) * 0.01\n    b1 = np.zeros((n_h, 1))\n"
                "    W2 = np.random.randn(n_y, n_h) * 0.01\n",
                "    W2 = np.random.randn(n_y, n_h) * 0.01\n    W1 = np.random.randn(n_h, n_x) * 0.01\n"
                "    b1 = np.zeros((n_h, 1))\n",
            ),
        ),
        "W2 drawn before W1: the draws are the course's, given to the wrong matrices",
        breaks=("initialize_parameters",),
        refuted=("course.values",),
        inconclusive={
            "L11.init": "its tests failed on course.values",
            "course.training": "caused by initialize_parameters",
        },
        functions={"initialize_parameters": "wrong", "nn_model": "inconclusive"},
    ),
    "nn_model_seeds_after_initializing": Mutant(
        "course_style.py",
        (
            ("    np.random.seed(3)\n    n_x", "    n_x"),
            (
                "    parameters = initialize_parameters(n_x, n_h, n_y)\n",
                "    parameters = initialize_parameters(n_x, n_h, n_y)\n    np.random.seed(3)\n",
            ),
        ),
        "nn_model calls np.random.seed(3) after initialize_parameters: the weights come from the caller's RNG state",
        breaks=("nn_model",),
        refuted=("course.api",),
        functions={"nn_model": "wrong"},
    ),
    "nn_model_ignores_n_h": Mutant(
        "course_style.py",
        (
            (
                "    parameters = initialize_parameters(n_x, n_h, n_y)\n",
                "    parameters = initialize_parameters(n_x, layer_sizes(X, Y)[1], n_y)\n",
            ),
        ),
        "nn_model takes n_h from layer_sizes (always 4) instead of its n_h argument",
        breaks=("nn_model",),
        refuted=("course.api",),
        functions={"nn_model": "wrong"},
    ),
    "predict_returns_A2": Mutant(
        "course_style.py",
        (("    predictions = A2 > 0.5", "    predictions = A2"),),
        "predict returns the probabilities A2 instead of the 0/1 predictions A2 > 0.5",
        breaks=("predict",),
        refuted=("course.api",),
        functions={"predict": "wrong"},
    ),
    "cost_log_terms_swapped": Mutant(
        "course_style.py",
        (
            (
                "np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)",
                "np.multiply(np.log(1 - A2), Y) + np.multiply(np.log(A2), 1 - Y)",
            ),
        ),
        "the cost's logarithms swapped: y log(1 - a) + (1 - y) log(a)",
        breaks=("compute_cost",),
        refuted=("course.api",),
        inconclusive={
            "L09.dW2": "caused by compute_cost",
            "L09.db2": "caused by compute_cost",
            "L09.dW1": "caused by compute_cost",
            "L09.db1": "caused by compute_cost",
        },
        functions={"compute_cost": "wrong", "nn_model": "inconclusive"},
    ),
    "forward_tanh_output": Mutant(
        "course_style.py",
        (("A2 = 1 / (1 + np.exp(-Z2))", "A2 = np.tanh(Z2)"),),
        "the output layer uses tanh instead of the sigmoid: A2 = tanh(Z2) lies in (-1, 1)",
        breaks=("forward_propagation",),
        refuted=("L01.forward",),
        inconclusive={
            "L09.dW2": "caused by forward_propagation",
            "L09.db2": "caused by forward_propagation",
            "L09.dW1": "caused by forward_propagation",
            "L09.db1": "caused by forward_propagation",
            "L09.descent": "caused by forward_propagation",
            "course.api": "caused by forward_propagation",
        },
        functions={"forward_propagation": "wrong", "nn_model": "inconclusive", "predict": "inconclusive"},
    ),
}


def write(name: str, directory: Path) -> Path:
    """Write mutant ``name`` as a module file in ``directory`` and return its path."""
    mutant = MUTANTS[name]
    source = (IMPLS / mutant.base).read_text()
    for old, new in mutant.edits:
        if old not in source:
            raise ValueError(f"mutant {name}: {old!r} does not occur in {mutant.base}")
        source = source.replace(old, new)
    path = directory / f"mutant_{name}.py"
    path.write_text(source)
    return path
