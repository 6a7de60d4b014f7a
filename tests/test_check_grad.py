"""check_grad on functions without structure: every mode passes a correct gradient and fails a sabotaged one (the
negative controls), for an array or a dict x, a scalar or an array f (Jacobian), float64 or float32, batched or not;
bad input gets a clear error."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from shallow_proofs.gradcheck import check_grad, complexstep, function

MODES = ("full", "directional", "taylor", "complex")
SABOTAGE = 1e-6


def f(x):
    """sum sin(x) x_rev: couples every element to another, without structure check_grad could use."""
    return np.sum(np.sin(x) * x[..., ::-1], axis=-1)


def grad(x):
    return np.cos(x) * x[..., ::-1] + np.sin(x)[..., ::-1]


X = np.linspace(-1.3, 2.1, 7)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("batched", [False, True])
def test_scalar_function(mode, batched):
    right = check_grad(f, grad, X, mode=mode, batched=batched)
    assert right.passed, right.message
    for check in right.checks.values():
        assert getattr(check, "checked", 1), check.message
    wrong_scale = 1e-3 if mode == "taylor" else SABOTAGE  # the Taylor order sees errors above c h_min / |<g, d>|
    wrong = check_grad(f, lambda x: grad(x) * (1.0 + wrong_scale), X, mode=mode, batched=batched)
    assert not wrong.passed, f"{mode} mode missed a relative error of {wrong_scale}: {wrong.message}"


@pytest.mark.parametrize("mode", ["full", "directional", "complex"])
def test_dict_and_jacobian(mode):
    """f(a, b) = sin(a) * b: a Jacobian of shape (3,) + (3,) for a, and (3,) + (1,) for b."""
    x = {"a": np.array([0.3, -1.2, 2.0]), "b": np.array([1.7])}

    def f2(p):
        return np.sin(p["a"]) * p["b"][..., :1]

    jacobian = {"a": np.diag(np.cos(x["a"]) * x["b"][0]), "b": np.sin(x["a"])[:, None]}
    report = check_grad(f2, jacobian, x, mode=mode, directions=2)
    assert report.passed and set(report.checks) == {"a", "b"}, report.message
    directional = "v . " if mode == "directional" else ""
    assert [report[key].parameter for key in "ab"] == [f"{directional}da", f"{directional}db"], report.message
    wrong = {**jacobian, "b": jacobian["b"] * (1.0 + SABOTAGE)}
    report = check_grad(f2, wrong, x, mode=mode, directions=2)
    assert report["a"].passed and not report["b"].passed, report.message


def test_float32_tolerances_follow_the_dtype():
    """In float32 (eps 1.2e-7) a correct gradient passes and an error of 1e-3 fails; the float64 resolution would
    call every float32 gradient wrong, and a float32 one applied to float64 would miss errors below 3e-4."""
    x = X.astype(np.float32)
    right = check_grad(f, lambda v: grad(v).astype(np.float32), x)
    assert right.passed and right["x"].checked, right.message
    wrong = check_grad(f, lambda v: (grad(v) * 1.001).astype(np.float32), x)
    assert not wrong.passed, wrong.message


@pytest.mark.parametrize("order", [2, 4, 6])
def test_every_order_of_central_differences_checks(order):
    right = check_grad(f, grad, X, order=order)
    assert right.passed and right["x"].checked, f"order {order}: {right.message}"


def test_batched_complex_step_in_several_blocks():
    """P = 300: BATCH_ELEMENTS // P = 109 moves a call, so the complex step's batched calls come in three blocks."""
    x = np.linspace(-1.3, 2.1, 300)
    right = check_grad(f, grad, x, mode="complex", batched=True)
    assert right.passed and right["x"].checked == x.size, right.message


@pytest.mark.parametrize("batched", [False, True])
def test_complex_step_with_more_elements_than_a_block_holds(monkeypatch, batched):
    """P = 7 above BATCH_ELEMENTS = 5: BATCH_ELEMENTS // P = 0 moves a block, so each block is one move (at least
    one), every element exactly once: the report is the one of a single block."""
    whole = check_grad(f, grad, X, mode="complex", batched=batched)
    monkeypatch.setattr(complexstep, "BATCH_ELEMENTS", 5)
    blocks = check_grad(f, grad, X, mode="complex", batched=batched)
    np.testing.assert_array_equal(blocks["x"].numerical, whole["x"].numerical, err_msg="numerical, blocks vs whole")
    assert blocks.passed and blocks["x"].checked == X.size, blocks.message


def test_complex_step_needs_complex_input():
    with pytest.raises(TypeError, match="complex"):
        check_grad(lambda x: float(np.sum(np.abs(x) ** 2)), lambda x: 2 * x, X, mode="complex")


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({"mode": "fast"}, ValueError, "mode must be one of"),
        ({"order": 3}, ValueError, "order must be 2, 4 or 6"),
        ({"order": 7}, ValueError, "order must be 2, 4 or 6"),
        ({"directions": 0}, ValueError, "directions must be an integer >= 1"),
        ({"directions": 2.5}, ValueError, "directions must be an integer >= 1"),
        ({"resolution": -1.0}, ValueError, "resolution must be a finite number > 0"),
        ({"resolution": 0.0}, ValueError, "resolution must be a finite number > 0"),
        ({"resolution": float("inf")}, ValueError, "resolution must be a finite number > 0"),
        ({"resolution": float("nan")}, ValueError, "resolution must be a finite number > 0"),
        ({"chunk": 0}, ValueError, "chunk must be an integer >= 1"),
        ({"chunk": -1}, ValueError, "chunk must be an integer >= 1"),
        ({"chunk": 2.5}, ValueError, "chunk must be an integer >= 1"),
        ({"chunk": True}, ValueError, "chunk must be an integer >= 1"),
        ({"rng": "a"}, TypeError, "rng must be a numpy Generator, an integer seed or None"),
        ({"rng": 1.5}, TypeError, "rng must be a numpy Generator, an integer seed or None"),
        ({"noise": float("nan")}, ValueError, "noise must be a finite number >= 0"),
        ({"noise": -0.5}, ValueError, "noise must be a finite number >= 0"),
        ({"noise": True}, ValueError, "noise must be a finite number >= 0"),
        ({"noise": "0.5"}, ValueError, "noise must be a finite number >= 0"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, text):
    calls = []

    def counted(x):
        calls.append(x)
        return f(x)

    with pytest.raises(error, match=text):
        check_grad(counted, grad, X, **kwargs)
    assert not calls, "a bad argument is refused before f is evaluated"


def test_numpy_integers_count_as_integers():
    assert check_grad(f, grad, X, chunk=np.int64(3), directions=np.int32(2), rng=np.int64(1)).passed


@pytest.mark.parametrize("mode", ["full", "directional", "taylor", "complex"])
def test_a_scalar_x_is_a_point_of_one_element(mode):
    assert check_grad(np.sin, np.cos, 0.3, mode=mode).passed
    wrong = check_grad(np.sin, lambda x: 1.01 * np.cos(x), np.float64(0.3), mode=mode)
    assert wrong.verdict == "FAILED"
    if mode in ("full", "complex"):  # directional names the direction (v . grad[0]), Taylor no element
        assert wrong.message.startswith("grad: grad FAILED: analytic 0.96"), wrong.message


def two_outputs_stacked_first(x):
    """f = (sum sin(x) x_rev, sum x^2), but a batch comes back (2, n), outputs first: a reshape to (n, 2) would scramble
    the outputs of different inputs silently."""
    return np.stack([f(x), np.sum(x**2, axis=-1)])


@pytest.mark.parametrize(
    ("batched_f", "shape"),
    [
        (lambda x: float(np.sum(np.sin(x) * x[..., ::-1])), r"\(\)"),  # drops the batch axes
        (two_outputs_stacked_first, r"\(2, [0-9]+\)"),
    ],
)
def test_a_batched_f_that_loses_its_batch_axes_is_named(batched_f, shape):
    with pytest.raises(ValueError, match=r"batched f must return shape \([0-9]+,( 2)?\) .* got shape " + shape):
        check_grad(batched_f, lambda x: np.stack([grad(x), 2 * x]), X, batched=True)


@pytest.mark.parametrize("batched", [False, True])
def test_blocks_of_one_move_give_the_same_report(monkeypatch, batched):
    """The moves are evaluated in blocks of BATCH_ELEMENTS // P; blocks of one move (the smallest) change nothing."""
    whole = check_grad(f, grad, X, batched=batched)
    monkeypatch.setattr(function, "BATCH_ELEMENTS", 1)
    blocks = check_grad(f, grad, X, batched=batched)
    np.testing.assert_array_equal(blocks["x"].numerical, whole["x"].numerical, err_msg="numerical, blocks vs whole")
    assert blocks.passed and whole.passed, blocks.message


@pytest.mark.parametrize("mode", ["full", "directional"])
def test_x_with_exact_zeros(mode):
    """The rounding of f's inputs is eps |x| per element: an exact 0 adds none (and divides nothing)."""
    x = np.array([-1.3, 0.0, 0.4, 2.1, 0.0, -0.7])
    right = check_grad(f, grad, x, mode=mode)
    assert right.passed and right["x"].checked, right.message
    wrong = check_grad(f, lambda v: grad(v) * (1.0 + SABOTAGE), x, mode=mode)
    assert not wrong.passed, f"{mode} mode missed a relative error of {SABOTAGE}: {wrong.message}"


def test_nothing_checkable_is_said():
    """f is NaN for x <= 0 and every step from x = 1e-12 crosses 0: no element can be checked, and the message and
    the errors say so (no error measured: 0, not a number made up)."""
    check = check_grad(lambda x: float(np.sum(np.where(x > 0, x, np.nan))), np.ones_like, np.full(3, 1e-12))["x"]
    assert check.checked == 0 and check.max_abs_error == 0.0 and check.max_rel_error == 0.0, check.message
    assert "not checked: no element checked; not checkable here: 3 f not finite within the step" in check.message


@pytest.mark.parametrize("mode", ["full", "directional"])
def test_nothing_checked_is_neither_passed_nor_failed(mode):
    """Key a sits exactly at the kink of |a|: none of its elements can be checked, which shows nothing: not passed (a
    wrong gradient must not pass), not failed (it may be right), its own verdict. Key b is smooth and is checked
    alone (its noise is probed along b, so a's kink does not swamp b's steps): a wrong db fails the report.
    Negative control: away from the kink, a is checked and passes."""
    f = lambda x: float(np.sum(np.abs(x["a"])) + np.sum(x["b"] ** 2))  # noqa: E731
    at_kink = {"a": np.zeros(3), "b": np.array([0.5, -1.0])}
    right = lambda x: {"a": np.sign(x["a"]), "b": 2.0 * x["b"]}  # noqa: E731
    report = check_grad(f, right, at_kink, mode=mode)
    assert report["a"].verdict == "not checked" and not report["a"].passed and report["b"].passed, report.message
    assert report.verdict == "not checked" and not report.passed, report.message
    wrong_b = check_grad(f, lambda x: {"a": np.sign(x["a"]), "b": 3.0 * x["b"]}, at_kink, mode=mode)
    assert wrong_b.verdict == "FAILED" and wrong_b["b"].verdict == "FAILED", wrong_b.message
    away = {"a": np.array([1.0, -2.0, 3.0]), "b": at_kink["b"]}
    assert check_grad(f, right, away, mode=mode).verdict == "passed"


def test_a_check_cannot_be_changed_after_the_verdict():
    report = check_grad(f, grad, X)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report["x"].passed = False  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.mode = "taylor"  # type: ignore[misc]


def test_the_reports_message_is_one_line_per_key():
    report = check_grad(
        lambda x: float(np.sum(x["a"] ** 2 + x["b"])),
        lambda x: {"a": 2 * x["a"], "b": np.ones(2)},
        {"a": np.array([0.5, -1.0]), "b": np.array([2.0, 3.0])},
    )
    expected = f"{report['a'].message}\n{report['b'].message}"
    assert report.message == expected, f"Report.message: {report.message!r}, one line per key {expected!r}"


def test_each_key_is_named_by_default():
    """Without ``equations``, the claim of an array x is 'grad'; of a dict's key a, 'da'."""
    array = check_grad(f, grad, X)["x"]
    keyed = check_grad(lambda x: float(np.sum(x["a"] ** 2)), lambda x: {"a": 2 * x["a"]}, {"a": X})["a"]
    assert (array.equation, keyed.equation) == ("grad", "da"), f"names {array.equation!r}, {keyed.equation!r}"


def test_the_options_are_keyword_only():
    with pytest.raises(TypeError):
        check_grad(f, grad, X, "directional")  # type: ignore[misc]


def test_bad_gradients_are_named():
    with pytest.raises(ValueError, match=r"grad must have shape \(7,\)"):
        check_grad(f, np.zeros(6), X)
    with pytest.raises(TypeError, match="grad must be a dict with keys a"):
        check_grad(lambda p: float(np.sum(p["a"])), np.zeros(2), {"a": np.zeros(2)})
    with pytest.raises(KeyError, match="lacks the keys"):
        check_grad(lambda p: float(np.sum(p["a"])), {"b": np.zeros(2)}, {"a": np.zeros(2)})
    with pytest.raises(TypeError, match="real array"):
        check_grad(f, grad, np.array(["a", "b"]))


@pytest.mark.parametrize(("bad", "named"), [(np.nan, "NaN"), (np.inf, "inf"), (-np.inf, "inf")])
def test_a_point_that_is_not_finite_is_refused_before_any_evaluation(bad, named):
    calls = []
    x = {"a": np.array([0.5, bad, 1.0, np.nan])}  # the first one is named
    with pytest.raises(ValueError, match=rf"^x\['a'\] must be finite \(a point to differentiate at\); got {named} at "
                       r"index \(1,\)$"):  # fmt: skip
        check_grad(lambda p: calls.append(1) or float(np.sum(p["a"])), {"a": np.ones(4)}, x)
    assert not calls, "f was called at a point that is not finite"
    assert np.isnan(x["a"][1]) or np.isinf(x["a"][1]), "x is unchanged"


def test_complex_step_sees_errors_far_below_finite_differences():
    """No difference is taken, so no cancellation: the complex step's tolerance is a few eps of the gradient, and a
    relative error of 1e-12 (a thousand times below what a finite difference at h ~ sqrt(eps) resolves) fails."""
    assert check_grad(f, grad, X, mode="complex").passed
    wrong = check_grad(f, lambda x: grad(x) * (1.0 + 1e-12), X, mode="complex")
    assert not wrong.passed, f"complex mode missed a relative error of 1e-12: {wrong.message}"


def test_a_jacobian_of_two_outputs_checks_each_row():
    """f = (sum sin(x) x_rev, sum x^2): each output's row of the Jacobian against its own differences; a wrong second
    row fails (negative control)."""

    def jacobian(x):
        return np.stack([grad(x), 2.0 * x])

    right = check_grad(lambda x: np.array([f(x), np.sum(x**2)]), jacobian, X)
    assert right.passed and right["x"].checked == 2 * X.size, right.message
    wrong = check_grad(lambda x: np.array([f(x), np.sum(x**2)]), lambda x: np.stack([grad(x), 2.0 * x + 1e-6]), X)
    assert not wrong.passed, f"a wrong second row passed: {wrong.message}"


def test_directional_mode_draws_one_direction_per_key_by_default():
    report = check_grad(
        lambda x: float(np.sum(x["a"] ** 2) + np.sum(x["b"])),
        lambda x: {"a": 2 * x["a"], "b": np.ones(2)},
        {"a": X, "b": np.zeros(2)},
        mode="directional",
    )
    shapes = {key: check.numerical.shape for key, check in report.checks.items()}
    assert shapes == {"a": (1,), "b": (1,)}, f"one direction per key: {shapes}"


@pytest.mark.parametrize("batched", [False, True])
def test_complex_step_checks_a_jacobian(batched):
    """f(x) = sin(x) * x[::-1], an array of 7 outputs: its Jacobian diag(cos x x[::-1]) + anti-diag(sin x)
    checked element by element by the complex step, batched or not (each call returns one array of f's shape)."""

    def vector(x):
        return np.sin(x) * x[..., ::-1]

    def jacobian(x):
        return np.diag(np.cos(x) * x[::-1]) + np.fliplr(np.diag(np.sin(x)))

    right = check_grad(vector, jacobian, X, mode="complex", batched=batched)
    assert right.passed and right["x"].checked == X.size**2, right.message
    wrong = check_grad(vector, lambda x: jacobian(x) * (1 + 1e-6), X, mode="complex", batched=batched)
    assert not wrong.passed, wrong.message


def sin_sum_then_clear(x):
    """sum sin(x), then it zeroes its input (a clean-up in place): mathematically sum sin(x), whatever it writes."""
    value = np.sum(np.sin(x), axis=-1)
    x[...] = 0.0
    return value


def cos_then_overwrite(x):
    out = np.cos(x)
    x[...] = 7.0
    return out


@pytest.mark.parametrize("mode", ["full", "directional", "taylor"])
@pytest.mark.parametrize("batched", [False, True])
def test_an_f_or_grad_that_writes_into_its_input_does_not_move_the_point(mode, batched):
    """f and grad get copies of x: before, the first f(x) zeroed the checker's own x, every later point moved with
    it, and the right gradient of sum sin(x) was 'not checked' in every mode."""
    x = np.array([0.3, -1.2, 2.0])
    report = check_grad(sin_sum_then_clear, cos_then_overwrite, x, mode=mode, batched=batched)
    assert report.passed, report.message
    np.testing.assert_array_equal(x, [0.3, -1.2, 2.0], err_msg="the caller's x is left alone")


def test_a_resolution_below_1_is_taken():
    """Any finite resolution > 0 is accepted (rho = 1e-6 here, coarser than sqrt(eps)); the right gradient passes."""
    assert check_grad(f, grad, X, resolution=1e-6).passed
