# The test command of the mutation run on gradcheck/: its own tests (no Hypothesis), stop at the first failure.
set -e
pytest -p no:xdist -p no:cacheprovider -q -x \
    gradcheck/tests tests/test_check_grad.py tests/test_gradcheck_kinks.py tests/test_gradcheck_saturation.py \
    tests/test_gradcheck_loss.py tests/test_gradcheck_settle.py tests/test_gradcheck_quantities.py \
    tests/test_gradcheck_noise.py
