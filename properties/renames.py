"""The course's eight functions and their parameters; for a missing one, the learner's function it likely is.

A candidate is a function of the learner's module that is not itself one of the course's functions. It is suggested
when it has the same parameters (the names, in order) or a similar name (difflib's ratio >= 0.6, on the name or on
its words): "nn_model is missing; neural_model(X, Y, n_h, num_iterations, print_cost) has the same parameters".
The suggestion says how to test it under the course's name: ``--map nn_model=neural_model``. A course function that
the file lacks under any name but that a .py file next to it defines ("predict in another file") is pointed to,
unless that file defines more than half of the eight: then it is another solution (a teacher's folder), not a helper.
"""

from __future__ import annotations

import ast
import difflib
import inspect
from collections.abc import Callable, Mapping
from pathlib import Path
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
MAX_SIBLINGS = 100
"""At most this many .py files next to the learner's are read when looking for a missing function."""


class Suggestion(NamedTuple):
    missing: str
    candidate: str
    parameters: tuple[str, ...]
    reason: str
    module: str = ""
    """A module next to the file that defines the missing function under its own name ('' for the file itself)."""

    def __str__(self) -> str:
        call = f"{self.candidate}({', '.join(self.parameters)})"
        if self.module:
            return (
                f"{self.missing} is missing; {self.module}.py next to the file defines {call}: import it in the file "
                f"(from {self.module} import {self.missing})"
            )
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


def elsewhere(missing: list[str], folder: Path, skip: Path) -> list[Suggestion]:
    """For each missing course function, a .py file in folder (other than skip) that defines it, read with ast only."""
    found: dict[str, Suggestion] = {}
    for path in sorted(folder.glob("*.py"))[:MAX_SIBLINGS]:
        if path == skip:
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError, OSError):
            continue
        defined = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
        if len({node.name for node in defined} & set(COURSE)) > len(COURSE) // 2:
            continue  # another solution (a teacher's folder of submissions), not the learner's helper
        for node in defined:
            if node.name in missing and node.name not in found:
                names = tuple(a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs)
                found[node.name] = Suggestion(node.name, node.name, names, "", path.stem)
    return [found[name] for name in missing if name in found]
