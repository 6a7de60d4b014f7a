"""A second, independent implementation offering every optional name of the suite's contract.

A test fixture (numpy and scipy.special only; nothing from reference/): ACTIVATIONS, the activation= and
learning_rate= keywords, backward_intermediates, cost_from_logits, propagate, n_y > 1, and batch-friendly forward
pass and costs (parameters may carry leading batch axes). Each line is distinct so that mutants can target it.
"""

# ruff: noqa: NPY002  (the course seeds and draws from the global RNG)
import numpy as np
from scipy.special import expit

LEAK = 0.01


def sigmoid(z):
    """sigma(z) = 1 / (1 + e^-z), overflow-free."""
    return expit(z)


def sigmoid_slope(z):
    """sigma'(z) = sigma(z) (1 - sigma(z))."""
    s = expit(z)
    return s * (1.0 - s)


def tanh_slope(z):
    """tanh'(z) = 1 - tanh(z)^2."""
    return 1.0 - np.tanh(z) ** 2


def relu(z):
    """max(0, z)."""
    return np.maximum(z, 0.0)


def relu_slope(z):
    """0 for z < 0, 1 for z >= 0 (the notes' g'(0) = 1)."""
    return (np.asarray(z) >= 0).astype(np.float64)


def leaky_relu(z):
    """max(0.01 z, z)."""
    return np.where(np.asarray(z) >= 0, z, LEAK * np.asarray(z))


def leaky_relu_slope(z):
    """0.01 for z < 0, 1 for z >= 0."""
    return np.where(np.asarray(z) >= 0, 1.0, LEAK)


def identity(z):
    """g(z) = z."""
    return np.asarray(z, dtype=np.float64) + 0.0


def identity_slope(z):
    """g'(z) = 1."""
    return np.ones(np.shape(z))


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_slope),
    "tanh": (np.tanh, tanh_slope),
    "relu": (relu, relu_slope),
    "leaky_relu": (leaky_relu, leaky_relu_slope),
    "identity": (identity, identity_slope),
}


def layer_sizes(X, Y):
    """(n_x, 4, n_y)."""
    return (np.shape(X)[0], 4, np.shape(Y)[0])


def initialize_parameters(n_x, n_h, n_y):
    """W = 0.01 N(0, 1) from the global RNG, W1 before W2; b = 0."""
    first = np.random.randn(n_h, n_x) * 0.01
    second = np.random.randn(n_y, n_h) * 0.01
    return {"W1": first, "b1": np.zeros((n_h, 1)), "W2": second, "b2": np.zeros((n_y, 1))}


def forward_propagation(X, parameters, activation="tanh"):
    """Z1 = W1 X + b1, A1 = g(Z1), Z2 = W2 A1 + b2, A2 = sigma(Z2); leading batch axes allowed."""
    g = ACTIVATIONS[activation][0]
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = g(Z1)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2 = expit(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def _mean_over_examples(losses):
    """(1/m) sum over the last two axes (n_y, m)."""
    return losses.sum(axis=(-2, -1)) / losses.shape[-1]


def _scalar_or_batch(J):
    """A Python float for one network, an array for a batch of them."""
    return float(J) if np.ndim(J) == 0 else J


def compute_cost(A2, Y):
    """J = -(1/m) sum(Y log A2 + (1 - Y) log(1 - A2))."""
    A2 = np.asarray(A2, dtype=np.float64)
    losses = -(Y * np.log(A2) + (1.0 - Y) * np.log1p(-A2))
    return _scalar_or_batch(_mean_over_examples(losses))


def cost_from_logits(Z2, Y):
    """J = (1/m) sum(log(1 + e^Z2) - Y Z2), finite for every finite Z2 where J itself is a float64."""
    softplus = np.logaddexp(0.0, Z2)
    per_example = (softplus - Y * Z2) / np.shape(Z2)[-1]
    with np.errstate(over="ignore"):  # the exact J <= MAX can still round past MAX in the last addition
        J = np.minimum(per_example.sum(axis=(-2, -1)), np.finfo(np.float64).max)
    return _scalar_or_batch(J)


def backward_intermediates(parameters, cache, X, Y, activation="tanh"):
    """dZ2, dW2, db2, dA1, dZ1, dW1, db1 of notes L09."""
    m = np.shape(X)[1]
    slope = tanh_slope(cache["Z1"]) if activation == "tanh" else ACTIVATIONS[activation][1](cache["Z1"])
    dZ2 = cache["A2"] - Y
    dW2 = np.matmul(dZ2, cache["A1"].T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = np.matmul(parameters["W2"].T, dZ2)
    dZ1 = dA1 * slope
    dW1 = np.matmul(dZ1, np.transpose(X)) / m
    db1 = np.mean(dZ1, axis=1, keepdims=True)
    return {"dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def backward_propagation(parameters, cache, X, Y, activation="tanh"):
    """{dW1, db1, dW2, db2}; for tanh g'(Z1) = 1 - A1^2 from the cache's A1, as the course does."""
    n = np.shape(X)[1]
    hidden_slope = 1.0 - np.square(cache["A1"]) if activation == "tanh" else ACTIVATIONS[activation][1](cache["Z1"])
    delta2 = cache["A2"] - Y
    delta1 = (parameters["W2"].T @ delta2) * hidden_slope
    return {
        "dW1": delta1 @ X.T / n,
        "db1": delta1.sum(axis=1, keepdims=True) / n,
        "dW2": delta2 @ cache["A1"].T / n,
        "db2": delta2.sum(axis=1, keepdims=True) / n,
    }


def update_parameters(parameters, grads, learning_rate=1.2):
    """theta <- theta - alpha dtheta, in new arrays."""
    return {key: parameters[key] - learning_rate * grads["d" + key] for key in ("W1", "b1", "W2", "b2")}


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False, learning_rate=1.2, activation="tanh"):
    """np.random.seed(3), initialize, then num_iterations of forward, cost, backward, update."""
    np.random.seed(3)
    params = initialize_parameters(np.shape(X)[0], n_h, np.shape(Y)[0])
    for step in range(num_iterations):
        _, cache = forward_propagation(X, params, activation)
        J = cost_from_logits(cache["Z2"], Y)
        grads = backward_propagation(params, cache, X, Y, activation)
        params = update_parameters(params, grads, learning_rate)
        if print_cost and step % 1000 == 0:
            print(f"Cost after iteration {step}: {J:f}")
    return params


def predict(parameters, X, activation="tanh"):
    """A2 > 0.5."""
    probabilities, _ = forward_propagation(X, parameters, activation)
    return probabilities > 0.5


def propagate(w, b, X, Y):
    """Logistic regression (C1W2): A = sigma(w^T X + b), dw = (1/m) X (A - Y)^T, db = (1/m) sum(A - Y)."""
    count = X.shape[1]
    logits = w.T @ X + b
    residual = expit(logits) - Y
    dw = X @ residual.T / count
    db = float(np.sum(residual) / count)
    cost = float(np.sum(np.logaddexp(0.0, logits) - Y * logits) / count)
    return {"dw": dw, "db": db}, cost
