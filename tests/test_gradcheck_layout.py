"""gradcheck.layout.Layout.split: the last axis of a flat vector, or of a batch of them, cut back into each key's
shape, the batch axes kept."""

from __future__ import annotations

import numpy as np

from shallow_proofs.gradcheck.layout import Layout

PARAMETERS = {"W1": np.zeros((2, 3)), "b1": np.zeros((2, 1))}


def test_split_cuts_one_vector_and_a_batch_into_the_keys_shapes():
    layout = Layout(PARAMETERS)
    flat = np.arange(8.0)
    one = layout.split(flat)
    assert {key: value.shape for key, value in one.items()} == {"W1": (2, 3), "b1": (2, 1)}, (
        f"split of one vector: shapes {[value.shape for value in one.values()]}, the keys' (2, 3) and (2, 1)"
    )
    np.testing.assert_array_equal(one["b1"].ravel(), [6.0, 7.0], err_msg="b1 from the last two numbers")
    batch = layout.split(np.stack([flat, flat + 8.0]))
    assert batch["W1"].shape == (2, 2, 3), f"split of a batch of 2: W1's shape {batch['W1'].shape}, not (2, 2, 3)"
