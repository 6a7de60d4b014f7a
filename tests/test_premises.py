"""properties/premises.py and properties/gradients.py on made-up outcomes: a failure explained by a refuted premise
leaves its claims inconclusive, caused by that premise; the gradient's two truths are read together."""

from __future__ import annotations

from shallow_proofs.properties import document, faults, functions, gradients, premises
from shallow_proofs.properties.document import Result
from shallow_proofs.properties.plugin import JUDGES_NONE

GRADIENT = ("L09.dW1", "L09.db1", "L09.dW2", "L09.db2")
DEPENDENCIES = {"nn_model": ("initialize_parameters", "forward_propagation", "compute_cost", "backward_propagation")}


def failed(nodeid: str, claims: tuple[str, ...], calls: list[str], checks: tuple[str, ...] = ()) -> Result:
    message = f"{claims[0]}: the implementation's number differs"
    return Result(nodeid, claims, "failed", counterexample=message, refutes=claims, calls=calls, checks=checks)


def passed(nodeid: str, claims: tuple[str, ...], calls: list[str], checks: tuple[str, ...] = ()) -> Result:
    return Result(nodeid, claims, "passed", calls=calls, checks=checks)


def attributed(results: list[Result]) -> dict[str, str]:
    """The claims' verdicts after attribution, as the plugin computes them at the end of a run."""
    charged = functions.charges(results, DEPENDENCIES)
    premises.attribute(results, functions.verdicts(results, DEPENDENCIES, ()), charged, DEPENDENCIES)
    return {v.claim.id: v.status for v in document.verdicts(results) if v.tests}


def cost_without_1_over_m() -> list[Result]:
    """compute_cost alone fails; backward_propagation on the notes' cache passes, against its own cost it fails."""
    results = [
        failed("cost", ("course.api",), ["compute_cost"]),
        passed("correct", GRADIENT, ["backward_propagation"], ("backward_propagation",)),
        failed(
            "consistent",
            GRADIENT,
            ["forward_propagation", "backward_propagation", "compute_cost"],
            ("backward_propagation",),
        ),
        passed("forward", ("L01.forward",), ["forward_propagation"]),
    ]
    for result in results:
        result.truth = result.nodeid if result.nodeid in gradients.TRUTHS else ""
    return results


def test_a_wrong_cost_leaves_the_gradient_claims_inconclusive_caused_by_compute_cost():
    results = cost_without_1_over_m()
    verdicts = attributed(results)
    assert verdicts["course.api"] == document.REFUTED
    assert {verdicts[claim] for claim in GRADIENT} == {document.INCONCLUSIVE}
    consistent = next(r for r in results if r.nodeid == "consistent")
    assert consistent.caused_by == ("compute_cost",)
    (dW1,) = [v for v in document.verdicts(results) if v.claim.id == "L09.dW1"]
    assert document.detail(dW1) == "caused by compute_cost"


def test_a_failure_with_no_refuted_premise_refutes_its_claims():
    results = cost_without_1_over_m()[1:]  # compute_cost now shown right: its own test passes
    results.append(passed("cost", ("course.api",), ["compute_cost"]))
    verdicts = attributed(results)
    assert {verdicts[claim] for claim in GRADIENT} == {document.REFUTED}


def test_a_claim_of_the_notes_through_a_wrong_backward_is_caused_by_it():
    results = [
        failed("algebra", ("L09.dW1",), ["backward_propagation"], ("backward_propagation",)),
        failed(
            "xor",
            ("L07.xor",),
            ["forward_propagation", "backward_propagation", "compute_cost", "update_parameters"],
            (JUDGES_NONE,),
        ),
        failed("training", ("course.training",), ["nn_model"], ("nn_model",)),
        passed("forward", ("L01.forward",), ["forward_propagation"]),
        passed("update", ("L09.descent",), ["update_parameters"]),
    ]
    verdicts = attributed(results)
    assert verdicts == {
        "L01.forward": document.PROVED,
        "L07.xor": document.INCONCLUSIVE,
        "L09.dW1": document.REFUTED,
        "L09.descent": document.PROVED,
        "course.training": document.INCONCLUSIVE,
    }
    assert [r.caused_by for r in results[:3]] == [(), ("backward_propagation",), ("backward_propagation",)]


def test_the_two_truths_name_the_wrong_premise():
    by_function = functions.verdicts(cost_without_1_over_m(), DEPENDENCIES, ())
    found = gradients.truths(cost_without_1_over_m(), by_function)
    assert (found["correct"], found["consistent"]) == (gradients.HELD, gradients.FAILED)
    assert found["reading"].startswith("correct but inconsistent") and found["reading"].endswith("compute_cost (wrong)")
    for result in (right := cost_without_1_over_m()):
        result.truth = {"correct": "consistent", "consistent": "correct"}.get(result.nodeid, "")
    swapped = gradients.truths(right, functions.verdicts(right, DEPENDENCIES, ()))
    assert swapped["reading"].startswith("consistent but incorrect") and "compute_cost (wrong)" in swapped["reading"]


def test_truths_held_failed_and_not_shown():
    results = [Result("a", GRADIENT, "passed", truth="correct"), Result("b", GRADIENT, "skipped", truth="correct")]
    assert gradients.outcome(results, "correct") == gradients.HELD
    assert gradients.outcome(results, "consistent") == gradients.NOT_SHOWN
    results.append(Result("c", GRADIENT, "failed", truth="consistent"))
    assert gradients.outcome(results, "consistent") == gradients.FAILED


def test_the_document_shows_the_cause_and_the_diagnosis():
    """'caused by' in the table and the claim's section; the diagnosis of backward_propagation under a refuted claim."""
    results = cost_without_1_over_m()
    attributed(results)
    wrong = failed("algebra", ("L09.dW1",), ["backward_propagation"], ("backward_propagation",))
    wrong.diagnosis = "gradients: dW1 wrong, db1 wrong, dW2 right, db2 right"
    verdicts = {v.claim.id: v for v in document.verdicts([*results, wrong])}
    table = document.table(list(verdicts.values()))
    assert any(line.startswith("L09.db2 ") and line.endswith("caused by compute_cost") for line in table), table
    section = "\n".join(document.claim_section(verdicts["L09.dW1"]))
    assert f"Diagnosis of backward_propagation: {wrong.diagnosis}" in section
    assert "failed, caused by compute_cost (inconclusive for this claim)" in "\n".join(
        document.claim_section(verdicts["L09.db2"])
    )


def test_a_failure_of_functions_each_shown_right_alone_is_charged_to_the_one_it_judges():
    """The flower's training fails through compute_cost while nn_model and predict pass their own tests: the failure
    is nn_model's (the test judges it), explained by the compute_cost it calls, never predict's, called last."""
    results = [
        failed("cost", ("course.api",), ["compute_cost"]),
        passed("model alone", ("course.api",), ["nn_model"]),
        passed("predict alone", ("course.api",), ["predict"]),
        failed("flower", ("course.training",), ["nn_model", "predict"], ("nn_model",)),
    ]
    results[-1].last = "predict"
    verdicts = functions.verdicts(results, DEPENDENCIES, ())
    assert verdicts["predict"].verdict == functions.CORRECT, verdicts["predict"]
    assert verdicts["nn_model"].verdict == functions.INCONCLUSIVE, verdicts["nn_model"]
    assert verdicts["compute_cost"].verdict == functions.WRONG, verdicts["compute_cost"]


def test_a_function_that_crashed_shows_the_crash_before_the_calls_not_made_after_it():
    """xdist completes tests in any order: the verdict leads with the crash, whatever the order of the results."""
    frames = [faults.Frame("solution.py", 7, "forward_propagation", "while True: pass")]
    crash = faults.timed_out("forward_propagation", "forward_propagation(X)", 2.0, frames).record
    skipped = faults.not_called("forward_propagation", "forward_propagation(X)", 2, frames).record
    for order in ([skipped, crash], [crash, skipped]):
        results = [
            Result(f"t{i}", ("L01.forward",), "failed", calls=["forward_propagation"], faults=[fault])
            for i, fault in enumerate(order)
        ]
        verdict = functions.verdicts(results, DEPENDENCIES, ())["forward_propagation"]
        assert verdict.verdict == functions.ERROR
        assert "did not return within 2 s" in verdict.message, verdict.message
