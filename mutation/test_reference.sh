# The test command of the mutation run on reference/: its own tests first (fast, stop at the first failure), then the
# suite on the reference with the small derandomized profile. test_bad_inputs needs the gate profile (it checks
# that every category of bad input was drawn), so it runs apart, last.
set -e
export PYTHONPATH=mutation
pytest -p no:xdist -p no:cacheprovider -q -x -p quick_profile --hypothesis-profile=mutation-quick \
    tests/test_reference.py tests/test_stable.py tests/test_validation.py tests/test_validation_direct.py \
    tests/test_datasets.py properties
pytest -p no:xdist -p no:cacheprovider -q -x --hypothesis-profile=gate tests/test_bad_inputs.py
