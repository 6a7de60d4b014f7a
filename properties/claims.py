"""The claim registry: every claim of the notes (C1W3, L01 to L11), the course's assignment and numerical soundness.

Ids are stable; tests name the claims they prove with ``@pytest.mark.proves("L09.dW1")``. Order is the lectures'.
"""

from __future__ import annotations

from typing import NamedTuple


class Claim(NamedTuple):
    """One claim: its id, the lecture it comes from, and its statement for a reader of the notes (LaTeX in $...$)."""

    id: str
    lecture: str
    statement: str


LECTURES = {
    "L01": "Neural network overview",
    "L02": "Neural network representation",
    "L03": "Computing a neural network's output",
    "L04": "Vectorizing across multiple examples",
    "L05": "Explanation for vectorized implementation",
    "L06": "Activation functions",
    "L07": "Why do you need non-linear activation functions",
    "L08": "Derivatives of activation functions",
    "L09": "Gradient descent for neural networks",
    "L10": "Backpropagation intuition",
    "L11": "Random initialization",
    "course": "The course's programming assignment",
    "stable": "Numerical soundness",
}

CLAIMS: tuple[Claim, ...] = (
    Claim(
        "L01.forward",
        "L01",
        r"Per example, $z^{[1]} = W^{[1]} x + b^{[1]}$, $a^{[1]} = g(z^{[1]})$, $z^{[2]} = W^{[2]} a^{[1]} + "
        r"b^{[2]}$, $a^{[2]} = \sigma(z^{[2]})$ agree with the implementation.",
    ),
    Claim(
        "L02.two_layers",
        "L02",
        r"One hidden layer makes a 2-layer network: exactly $(W^{[1]}, b^{[1]})$ and $(W^{[2]}, b^{[2]})$, "
        r"$W^{[l]}$ of shape $(n^{[l]}, n^{[l-1]})$ and $b^{[l]}$ of shape $(n^{[l]}, 1)$.",
    ),
    Claim(
        "L03.node",
        "L03",
        r"Hidden node $i$ computes $a^{[1]}_i = g(w^{[1]}_i \cdot x + b^{[1]}_i)$ from its own row alone: changing"
        r" row $i$ of $W^{[1]}$ changes row $i$ of $A^{[1]}$ and no other.",
    ),
    Claim(
        "L04.columns",
        "L04",
        r"Column $j$ of $Z^{[1]}, A^{[1]}, Z^{[2]}, A^{[2]}$ equals the per-example result for $x^{(j)}$.",
    ),
    Claim(
        "L04.shapes",
        "L04",
        r"$Z^{[1]}$ and $A^{[1]}$ are $(n_h, m)$: rows are hidden units, columns are examples; $Z^{[2]}$ and "
        r"$A^{[2]}$ are $(n_y, m)$.",
    ),
    Claim(
        "L04.permutation",
        "L04",
        r"Permuting the columns of $X$ (and $Y$) permutes the columns of every activation the same way and leaves "
        r"the cost $J$ unchanged.",
    ),
    Claim(
        "L04.erratum",
        "L04",
        r"The notes' line $Z^{[2]} = W^{[2]} Z^{[1]} + b^{[2]}$ is wrong in general (a counterexample for tanh); "
        r"it agrees with $Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}$ exactly when $g$ is the identity.",
    ),
    Claim(
        "L05.broadcast",
        "L05",
        r"$W^{[1]} X + b^{[1]}$ with $b^{[1]}$ of shape $(n_h, 1)$ equals $W^{[1]} X$ plus $b^{[1]}$ explicitly "
        r"tiled to $(n_h, m)$.",
    ),
    Claim(
        "L06.sigmoid",
        "L06",
        r"$\sigma(z) = 1/(1+e^{-z})$ lies in $(0, 1)$ (in $[0, 1]$ after rounding), $\sigma(-z) = 1 - \sigma(z)$, "
        r"and it is computed without overflow for any finite float.",
    ),
    Claim(
        "L06.tanh",
        "L06",
        r"$\tanh z = (e^z - e^{-z})/(e^z + e^{-z})$ lies in $(-1, 1)$, is odd, and $\tanh z = 2\sigma(2z) - 1$.",
    ),
    Claim(
        "L06.zero_mean",
        "L06",
        r"On inputs symmetric about 0, tanh activations average 0 while sigmoid activations average $1/2$.",
    ),
    Claim(
        "L06.saturation",
        "L06",
        r"For sigmoid and tanh the slope $g'(z)$ falls toward 0 as $|z|$ grows (monotone in $|z|$, below any "
        r"$\epsilon$ past a threshold), which slows gradient descent.",
    ),
    Claim("L06.relu", "L06", r"$\mathrm{ReLU}(z) = \max(0, z)$; its slope is 0 for $z < 0$."),
    Claim("L06.leaky_relu", "L06", r"Leaky $\mathrm{ReLU}(z) = \max(0.01 z, z)$."),
    Claim(
        "L07.collapse",
        "L07",
        r"With the identity as activation the network is one affine map: $A^{[2]} = \sigma(W' X + b')$ with $W' = "
        r"W^{[2]} W^{[1]}$, $b' = W^{[2]} b^{[1]} + b^{[2]}$; a stack of any number of linear layers collapses the"
        r" same way.",
    ),
    Claim(
        "L07.xor",
        "L07",
        r"So a network with linear activation cannot classify XOR (no parameters get all four points right), while"
        r" a tanh network with 2 hidden units can be trained to.",
    ),
    Claim("L08.sigmoid", "L08", r"$g'(z) = g(z)\,(1 - g(z))$ for the sigmoid."),
    Claim("L08.tanh", "L08", r"$g'(z) = 1 - \tanh(z)^2$."),
    Claim(
        "L08.relu",
        "L08",
        r"For ReLU, $g'(z) = 0$ for $z < 0$ and $1$ for $z \ge 0$ (the notes' convention at $z = 0$).",
    ),
    Claim("L08.leaky_relu", "L08", r"For leaky ReLU, $g'(z) = 0.01$ for $z < 0$ and $1$ for $z \ge 0$."),
    Claim(
        "L08.kink",
        "L08",
        r"At $z = 0$ ReLU and leaky ReLU have different one-sided slopes (left 0 or 0.01, right 1), so no finite "
        r"difference can decide $g'(0)$: the convention is a choice, and finite differences agree with $g'$ "
        r"everywhere else.",
    ),
    Claim(
        "L09.shapes",
        "L09",
        r"$W^{[1]}$ is $(n^{[1]}, n^{[0]})$, $b^{[1]}$ is $(n^{[1]}, 1)$, $W^{[2]}$ is $(n^{[2]}, n^{[1]})$, "
        r"$b^{[2]}$ is $(n^{[2]}, 1)$, and every gradient has exactly the shape of its parameter.",
    ),
    Claim("L09.dZ2", "L09", r"$dZ^{[2]} = A^{[2]} - Y$ equals $m\, \partial J / \partial Z^{[2]}$."),
    Claim("L09.dW2", "L09", r"$dW^{[2]} = \frac{1}{m} dZ^{[2]} A^{[1]T}$ equals $\partial J / \partial W^{[2]}$."),
    Claim(
        "L09.db2",
        "L09",
        r"$db^{[2]} = \frac{1}{m}$ np.sum($dZ^{[2]}$, axis=1, keepdims=True) equals $\partial J / \partial "
        r"b^{[2]}$.",
    ),
    Claim("L09.dA1", "L09", r"$W^{[2]T} dZ^{[2]}$ equals $m\, \partial J / \partial A^{[1]}$."),
    Claim(
        "L09.dZ1",
        "L09",
        r"$dZ^{[1]} = W^{[2]T} dZ^{[2]} * g'(Z^{[1]})$ (element-wise product) equals $m\, \partial J / \partial "
        r"Z^{[1]}$, for every activation.",
    ),
    Claim("L09.dW1", "L09", r"$dW^{[1]} = \frac{1}{m} dZ^{[1]} X^T$ equals $\partial J / \partial W^{[1]}$."),
    Claim(
        "L09.db1",
        "L09",
        r"$db^{[1]} = \frac{1}{m}$ np.sum($dZ^{[1]}$, axis=1, keepdims=True) equals $\partial J / \partial "
        r"b^{[1]}$.",
    ),
    Claim(
        "L09.keepdims",
        "L09",
        r"np.sum(..., axis=1, keepdims=True) has shape $(n, 1)$ and without keepdims shape $(n,)$; subtracting an "
        r"$(n,)$ gradient from an $(n, 1)$ bias silently broadcasts to $(n, n)$, and reshape or keepdims prevents "
        r"it.",
    ),
    Claim(
        "L09.descent",
        "L09",
        r"One step $\theta \leftarrow \theta - \alpha\, d\theta$ with a small enough $\alpha$ lowers the cost "
        r"unless the gradient is zero.",
    ),
    Claim(
        "L10.logistic",
        "L10",
        r"For logistic regression, $dz = a - y$, $dw = x\, dz$, $db = dz$ per example, and $dw = \frac{1}{m} X "
        r"dZ^T$, $db = \mathrm{mean}(dZ)$ vectorized.",
    ),
    Claim(
        "L11.logistic_zero_init",
        "L11",
        r"Logistic regression can start from zero weights: its gradient is not zero and the cost falls.",
    ),
    Claim(
        "L11.symmetry",
        "L11",
        r"When all hidden units start identical ($W^{[1]} = 0$ and $b^{[1]} = 0$, or any equal rows of $W^{[1]}$, "
        r"equal entries of $b^{[1]}$ and equal columns of $W^{[2]}$), they compute the same function, get the same"
        r" gradient, and stay identical after any number of gradient-descent steps: the network acts as if it had "
        r"one hidden unit.",
    ),
    Claim("L11.symmetry_break", "L11", r"Random $W^{[1]}$ gives distinct hidden units, even with $b^{[1]} = 0$."),
    Claim(
        "L11.init",
        "L11",
        r"initialize_parameters draws $W$ from $0.01\, \mathcal{N}(0, 1)$ and sets $b$ to zero, with the shapes of"
        r" L09.shapes.",
    ),
    Claim(
        "L11.small_weights",
        "L11",
        r"Small initial weights keep tanh and sigmoid out of saturation (slopes near their maximum); large ones "
        r"(say 100 times larger) push slopes toward 0 and gradient descent lowers the cost less in the same number"
        r" of steps. Proved: the slopes. Refuted, see the errata: with the cross-entropy cost the cost falls "
        r"faster, not slower, from 100 times larger weights on the flower data.",
    ),
    Claim(
        "course.api",
        "course",
        r"The eight functions layer_sizes, initialize_parameters, forward_propagation, compute_cost, "
        r"backward_propagation, update_parameters, nn_model and predict have the course's signatures, dict keys "
        r"and return types (compute_cost returns a Python float; predict returns a $(1, m)$ array of 0/1 or "
        r"booleans).",
    ),
    Claim(
        "course.values",
        "course",
        r"The course's published test values are reproduced (forward, cost, backward, update, predict, nn_model).",
    ),
    Claim(
        "course.flower",
        "course",
        r"The flower data set is generated exactly as the course does (same values for the same seed), as are the "
        r"extra data sets.",
    ),
    Claim(
        "course.training",
        "course",
        r"nn_model on the flower data with $n_h = 4$ reproduces the published cost every 1000 iterations (0.693162"
        r" at 0 ... 0.2185 at 9000) and about 90 % accuracy; the hidden-size sweep reproduces 1: 67.5 %, 2: 67.25 "
        r"%, 3: 90.75 %, 4: 90.5 %, 5: 91.25 %.",
    ),
    Claim(
        "stable.sigmoid",
        "stable",
        r"The sigmoid and its derivative are finite and warning-free for every finite float64 input.",
    ),
    Claim(
        "stable.cost",
        "stable",
        r"The cost computed from the logits $Z^{[2]}$ is finite for every finite $Z^{[2]}$, even where $A^{[2]}$ "
        r"rounds to 0 or 1, and equals the plain formula on $A^{[2]}$ wherever that formula is accurate; gradient "
        r"checks run on this stable form, so saturation raises no false alarm.",
    ),
)

BY_ID: dict[str, Claim] = {claim.id: claim for claim in CLAIMS}
