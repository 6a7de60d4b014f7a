"""Every test file of the suite fails on at least one deliberately broken implementation (tests/mutants.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import mutants

ROOT = Path(__file__).parent.parent

CAUGHT: list[tuple[str, str]] = [
    ("properties/test_gradient_descent.py", "db1_no_keepdims"),
    ("properties/test_gradient_descent.py", "dZ1_dot_for_star"),
    ("properties/test_gradient_descent.py", "dZ1_without_W2"),
    ("properties/test_gradient_descent.py", "db1_summed_over_everything"),
    ("properties/test_gradient_descent.py", "db2_no_keepdims"),
    ("properties/test_gradient_descent.py", "dZ2_sign"),
    ("properties/test_gradient_descent.py", "dW2_no_1_over_m"),
    ("properties/test_gradient_descent.py", "intermediate_db1_no_keepdims"),
    ("properties/test_logistic.py", "logistic_db_not_averaged"),
    ("properties/test_logistic.py", "logistic_dz_sign"),
    ("properties/test_initialization.py", "init_rand_not_randn"),
    ("properties/test_initialization.py", "init_no_scale"),
    ("properties/test_initialization.py", "init_identical_rows"),
    ("properties/test_initialization.py", "init_no_scale_W1"),
    ("properties/test_initialization.py", "dW1_transposed"),
    ("properties/test_course_api.py", "cost_as_array"),
    ("properties/test_course_api.py", "update_mutates_input"),
    ("properties/test_course_api.py", "update_ignores_learning_rate"),
    ("properties/test_course_api.py", "nn_model_wrong_seed"),
    ("properties/test_course_api.py", "nn_model_extra_step"),
    ("properties/test_course_api.py", "predict_threshold_on_Z2"),
    ("properties/test_course_api.py", "cost_no_1_over_m"),
    ("properties/test_course_api.py", "cost_no_1_minus_y_term"),
    ("properties/test_course_api.py", "layer_sizes_hard_coded"),
    ("gradcheck/tests/test_backprop_equations.py", "intermediate_dZ1_1_minus_A1"),
    ("gradcheck/tests/test_activation_derivatives.py", "tanh_slope_not_squared"),
    ("gradcheck/tests/test_gradient.py", "tanh_slope_1_minus_A1"),
    ("gradcheck/tests/test_course_style.py", "dW1_no_1_over_m"),
    ("gradcheck/tests/test_logistic.py", "logistic_dz_sign"),
    ("gradcheck/tests/test_negative_controls.py", "dW2_no_1_over_m"),
    ("gradcheck/tests/test_saturation.py", "tanh_slope_1_minus_A1"),
    ("properties/test_errata.py", "Z2_from_Z1_as_in_notes"),
    ("properties/test_course_values.py", "nn_model_wrong_seed"),
    ("properties/test_course_values.py", "tanh_slope_from_Z1"),
    ("properties/test_forward.py", "Z2_from_Z1_as_in_notes"),
    ("properties/test_forward.py", "forward_W1_transposed"),
    ("properties/test_vectorizing.py", "bias_not_broadcast_per_row"),
    ("properties/test_vectorizing.py", "forward_W1_transposed"),
    ("properties/test_activations.py", "leaky_slope_0_1"),
    ("properties/test_linear_activation.py", "identity_is_relu"),
    ("properties/test_linear_activation.py", "tanh_slope_1_minus_A1"),
    ("properties/test_derivatives.py", "tanh_slope_1_minus_A1"),
    ("properties/test_derivatives.py", "tanh_slope_not_squared"),
    ("properties/test_derivatives.py", "relu_slope_0_at_kink"),
    ("properties/test_stability.py", "sigmoid_overflow"),
    ("properties/test_stability.py", "cost_from_logits_via_A2"),
    ("properties/test_course_api.py", "layer_sizes_n_y_is_1"),
    ("properties/test_forward.py", "forward_b2_first_row"),
    ("properties/test_gradient_descent.py", "dZ2_first_label_row"),
    ("properties/test_gradient_descent.py", "W2_reshaped_not_transposed"),
    ("properties/test_course_api.py", "nn_model_ignores_learning_rate"),
    ("properties/test_course_api.py", "update_learning_rate_hard_coded"),
    ("properties/test_course_api.py", "nn_model_updates_once"),
    ("properties/test_course_api.py", "nn_model_initializes_in_the_loop"),
    ("properties/test_course_api.py", "nn_model_stale_gradients"),
    ("properties/test_gradient_descent.py", "pair_gradients_doubled_step_halved"),
    ("properties/test_gradient_descent.py", "pair_gradient_ascent_on_negated_gradients"),
    ("properties/test_course_api.py", "pair_cost_summed_print_averaged"),
    ("properties/test_forward.py", "pair_forward_returns_Z2_predict_at_0"),
    ("properties/test_course_values.py", "older_seed_1"),
    ("properties/test_course_values.py", "older_W2_drawn_before_W1"),
    ("properties/test_course_api.py", "older_cost_squeezed_dot"),
    ("properties/test_course_api.py", "float32_W1_in_float16"),
    ("properties/test_forward.py", "float32_X_in_float16"),
    ("properties/test_course_api.py", "float32_learning_rate_in_float16"),
    ("properties/test_course_api.py", "float32_cost_is_numpy_float32"),
    ("properties/test_course_api.py", "update_b1_in_place"),
    ("properties/test_course_api.py", "update_scales_grads_in_place"),
    ("properties/test_course_api.py", "dZ2_in_place_on_cache_A2"),
    ("properties/test_forward.py", "forward_tanh_in_place_on_Z1"),
    ("properties/test_course_values.py", "init_W2_drawn_before_W1"),
    ("properties/test_course_api.py", "nn_model_seeds_after_initializing"),
    ("properties/test_course_api.py", "nn_model_ignores_n_h"),
    ("properties/test_course_api.py", "predict_returns_A2"),
    ("properties/test_course_api.py", "cost_log_terms_swapped"),
    ("properties/test_forward.py", "forward_tanh_output"),
]

# Suite files that test the reference's own loaders, not the implementation under test: no implementation mutant can
# break them, so the file named here breaks the loaders instead and shows that each of their checks can fail.
CAUGHT_ELSEWHERE: dict[str, str] = {"properties/test_course_data.py": "tests/test_course_data_can_fail.py"}


def run_suite(test_file: str, target: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", test_file, "--impl", str(target), "-x", "-q", "-p", "no:cacheprovider"]
    command += ["--hypothesis-profile=mutation", "-p", "no:xdist"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(("test_file", "mutant"), CAUGHT)
def test_file_catches_mutant(test_file: str, mutant: str, tmp_path: Path) -> None:
    result = run_suite(test_file, mutants.write(mutant, tmp_path))
    assert result.returncode == 1, (
        f"{test_file} should fail on mutant {mutant!r} ({mutants.MUTANTS[mutant].bug}); "
        f"pytest exit code {result.returncode}\n{result.stdout[-3000:]}"
    )


def test_every_suite_file_catches_a_mutant() -> None:
    files = sorted(str(p.relative_to(ROOT)) for d in ("properties", "gradcheck") for p in (ROOT / d).rglob("test_*.py"))
    assert all((ROOT / shown_by).is_file() for shown_by in CAUGHT_ELSEWHERE.values())
    uncaught = sorted(set(files) - {test_file for test_file, _ in CAUGHT} - set(CAUGHT_ELSEWHERE))
    assert not uncaught, f"these suite files have no mutant that shows they can fail: {uncaught}"


def test_every_mutant_runs() -> None:
    """A mutant that no meta-test runs shows nothing: each is caught by some suite file above."""
    idle = sorted(set(mutants.MUTANTS) - {mutant for _, mutant in CAUGHT})
    assert not idle, f"these mutants of tests/mutants.py run in no meta-test: {idle}"
