"""The course's eight functions and their parameters; for a missing one, the learner's function it likely is.

A candidate is a function of the learner's module that is not itself one of the course's functions. It is suggested
when it has the same parameters (the names, in order) or a similar name (difflib's ratio >= 0.6, on the name or on
its words): "nn_model is missing; neural_model(X, Y, n_h, num_iterations, print_cost) has the same parameters".
The suggestion says how to test it under the course's name: ``--map nn_model=neural_model``.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

COURSE: dict[str, tuple[tuple[str, ...], ...]] = {
    "layer_sizes": (("X", "Y"),),
    "initialize_parameters": (("n_x", "n_h", "n_y"),),
    "forward_propagation": (("X", "parameters"),),
    "compute_cost": (("A2", "Y"), ("A2", "Y", "parameters")),
    "backward_propagation": (("parameters", "cache", "X", "Y"),),
    "update_parameters": (("parameters", "grads", "learning_rate"), ("parameters", "grads")),
    "nn_model": (("X", "Y", "n_h", "num_iterations", "print_cost"),),
    "predict": (("parameters", "X"),),
}
"""Each course function -> its parameter lists, the latest generation's first (W3A1; compute_cost's oldest form)."""

SIMILAR = 0.6
"""difflib's ratio from which two names count as similar (its documentation's threshold for a close match)."""


class Suggestion(NamedTuple):
    missing: str
    candidate: str
    parameters: tuple[str, ...]
    reason: str

    def __str__(self) -> str:
        call = f"{self.candidate}({', '.join(self.parameters)})"
        return (
            f"{self.missing} is missing; {call} has {self.reason} "
            f"(test it as {self.missing} with --map {self.missing}={self.candidate})"
        )


def parameters(function: Callable[..., Any]) -> tuple[str, ...]:
    """The names of function's parameters, in order (empty when it has no signature)."""
    try:
        return tuple(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return ()


def similarity(a: str, b: str) -> float:
    """The best of difflib's ratio on the names and on their sets of words (forward_prop ~ forward_propagation)."""
    whole = difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()
    words_a, words_b = set(a.lower().split("_")) - {""}, set(b.lower().split("_")) - {""}
    shared = sum(max(difflib.SequenceMatcher(None, w, v).ratio() for v in words_b) for w in words_a) if words_b else 0
    return max(whole, 2 * shared / (len(words_a) + len(words_b)) if words_a else 0.0)


def reason(name: str, candidate: str, signature: tuple[str, ...]) -> tuple[float, str] | None:
    """(score, 'the same parameters and a similar name' ...) for a candidate, or None when it is unlike name."""
    same = signature in COURSE[name]
    close = similarity(name, candidate) >= SIMILAR
    if same and close:
        return 2.0 + similarity(name, candidate), "the same parameters and a similar name"
    if same:
        return 1.0 + similarity(name, candidate), "the same parameters"
    if close:
        return similarity(name, candidate), "a similar name"
    return None


def suggest(missing: list[str], functions: Mapping[str, Callable[..., Any]]) -> list[Suggestion]:
    """For each missing course function, the learner's function most like it (by parameters, then name), if any."""
    candidates = {name: parameters(f) for name, f in functions.items() if name not in COURSE}
    suggestions = []
    for name in missing:
        scored = [(reason(name, c, signature), c, signature) for c, signature in candidates.items()]
        ranked = sorted(((r[0], c, sig, r[1]) for r, c, sig in scored if r is not None), key=lambda s: -s[0])
        if ranked:
            _, candidate, signature, why = ranked[0]
            suggestions.append(Suggestion(name, candidate, signature, why))
    return suggestions


def signature_problems(functions: Mapping[str, Callable[..., Any]]) -> dict[str, str]:
    """For each course function whose parameters are not the course's, what the course names them."""
    problems = {}
    for name, accepted in COURSE.items():
        if name not in functions:
            continue
        signature = parameters(functions[name])
        if any(signature[: len(course)] == course for course in accepted):
            continue
        course = accepted[0]
        problems[name] = (
            f"{name}({', '.join(signature)}): the course's parameters are {name}({', '.join(course)})"
            + "".join(f"; {have} is not {want}" for have, want in zip(signature, course, strict=False) if have != want)
        )
    return problems
