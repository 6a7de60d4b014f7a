"""The suite's pytest plugin: the implementation under test, the Hypothesis profiles, and the proves marker.

Installed as a ``pytest11`` entry point, so it is loaded in every pytest run of the environment. It stays inert
(no profile loaded, no implementation imported, no proof document) unless the run is about the suite: ``--impl`` or
$SHALLOW_PROOFS_IMPL is given, a path to collect lies in (or contains) the suite's folders, or a conftest of the
project's own tests calls :func:`activate`. With ``--impl`` and no paths, the run collects the installed suite.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, Phase, settings

if TYPE_CHECKING:
    from collections.abc import Generator

    from shallow_proofs.properties.bounds import Mismatch

GATE_EXAMPLES = 100
PINNING_EXAMPLES = 10
"""The meta-tests that pin each mutant's verdicts (tests/test_mutant_verdicts.py): the mutation profile, smaller."""
QUICK_EXAMPLES = 10
"""The quick profile (``prove --quick``): a tenth of the gate's examples; tests/test_quick_profile.py checks that it
gives the gate's verdict on every function of the correct fixtures and the bug zoo. It shrinks a failure (the
learner's report shows the shrunk call) but skips Hypothesis's explain phase, which re-runs a failing test hundreds
of times to annotate the blob that only ``--verbose`` shows: 5.1 of the 9.9 s of one failing test of a file whose
compute_cost raises (np.asscalar)."""
QUICK_PHASES = (Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink)
DEFAULT_TIMEOUT = 60.0
ENV = "SHALLOW_PROOFS_IMPL"
ACTIVE = pytest.StashKey[bool]()
JUDGES_NONE = ""
"""The ``checks`` entry of a test marked ``checks()``: it judges none of the implementation's functions."""

settings.register_profile(
    "gate", derandomize=True, deadline=None, max_examples=GATE_EXAMPLES, print_blob=True, database=None
)
settings.register_profile(
    "quick",
    derandomize=True,
    deadline=None,
    max_examples=QUICK_EXAMPLES,
    print_blob=False,
    database=None,
    phases=QUICK_PHASES,
)
settings.register_profile("dev", max_examples=20, deadline=None)
settings.register_profile(
    "thorough", max_examples=10 * GATE_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "mutation",
    derandomize=True,
    deadline=None,
    max_examples=GATE_EXAMPLES,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
settings.register_profile("pinning", settings.get_profile("mutation"), max_examples=PINNING_EXAMPLES)


def suite_folders() -> tuple[Path, ...]:
    """The installed suite: properties/ (this file's folder) and gradcheck/ (found without importing it)."""
    spec = importlib.util.find_spec("shallow_proofs.gradcheck")
    assert spec is not None and spec.submodule_search_locations, "shallow_proofs.gradcheck is not installed"
    return Path(__file__).parent.resolve(), Path(next(iter(spec.submodule_search_locations))).resolve()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("shallow-proofs")
    group.addoption(
        "--impl",
        default=None,
        help=f"implementation under test: a module name or a .py path (default: ${ENV} or the reference); "
        "with no paths given, runs the installed suite",
    )
    group.addoption(
        "--impl-timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit per call of the implementation (default {DEFAULT_TIMEOUT:g}); a call over it fails its test, "
        "its worker process is stopped and a fresh one takes the next call",
    )
    group.addoption(
        "--impl-map",
        action="append",
        default=[],
        metavar="COURSE=LEARNER",
        help="test the learner's function LEARNER under the course's name COURSE (e.g. nn_model=neural_model); "
        "repeat for several",
    )
    group.addoption(
        "--impl-inline",
        action="store_true",
        help="import the implementation into the suite's own process, with no worker and no time limit: only for "
        "code you trust (the reference always runs so)",
    )
    group.addoption("--proof-out", metavar="FILE", default=None, help="write the proof document (markdown) to FILE")
    group.addoption(
        "--proof-json", metavar="FILE", default=None, help="write the JSON report to FILE (also when the run fails)"
    )
    group.addoption("--proof-gate", action="store_true", help="fail the run when a claim of the registry is unproven")
    group.addoption("--proof-check", metavar="FILE", default=None, help="fail when FILE is not this run's document")
    group.addoption("--proof-table", action="store_true", help="print one line per claim after the run")


def about_the_suite(config: pytest.Config) -> bool:
    """Whether this run is the suite's: --impl or $SHALLOW_PROOFS_IMPL, or a path to collect inside the suite."""
    if config.getoption("impl") or os.environ.get(ENV):
        return True
    folders = suite_folders()
    for arg in config.args:
        path = Path(config.invocation_params.dir, arg.split("::")[0]).resolve()
        if config.getoption("pyargs") and (spec := importlib.util.find_spec(arg.split("::")[0])) and spec.origin:
            path = Path(spec.origin).parent.resolve()
        if any(path == folder or path in folder.parents or folder in path.parents for folder in folders):
            return True
    return False


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "proves(*claim_ids): the claims of the registry that this test proves")
    config.addinivalue_line("markers", "erratum(text): the test proves an erratum in the notes, stated by text")
    config.addinivalue_line(
        "markers",
        "checks(*functions): the course's functions whose results the test judges; the others it calls "
        "compute its inputs (premises); with no function, the test judges none: a claim of the notes computed "
        "through the implementation, every function it calls a premise (properties/premises.py)",
    )
    config.addinivalue_line(
        "markers",
        "truth(name): a gradient check's truth, 'correct' (against the notes' network) or 'consistent' (against "
        "the implementation's own forward_propagation and compute_cost); properties/gradients.py",
    )
    if config.getoption("impl") and config.args_source is not pytest.Config.ArgsSource.ARGS:
        config.args = [str(folder) for folder in suite_folders()]
    if about_the_suite(config):
        activate(config)


def activate(config: pytest.Config) -> None:
    """Make this run the suite's: load the Hypothesis profile, the implementation under test and the proof plugin."""
    if config.stash.get(ACTIVE, False):
        return
    config.stash[ACTIVE] = True
    from shallow_proofs.properties import impl as implementation
    from shallow_proofs.properties import proof
    from shallow_proofs.properties.sealed import LoadError

    if not config.getoption("hypothesis_profile", default=None):
        profile = os.environ.get("HYPOTHESIS_PROFILE") or ("gate" if os.environ.get("CI") else "dev")
        settings.load_profile(profile)
    timeout = config.getoption("impl_timeout")
    if not 0 < timeout < float("inf"):
        raise pytest.UsageError(f"--impl-timeout must be a number of seconds > 0; got {timeout}")
    mapping = parse_map(config.getoption("impl_map"))
    try:
        implementation.load(
            config.getoption("impl"), timeout=timeout, inline=config.getoption("impl_inline"), mapping=mapping
        )
    except FileNotFoundError as error:
        raise pytest.UsageError(str(error)) from None
    except LoadError as error:
        proof.unloadable(config, str(error))
    config.pluginmanager.register(Session(config), "shallow-proofs-session")
    proof.register(config, suite_folders())
    # A Ctrl-C lands wherever the main thread is; inside a hook wrapper's teardown, pluggy warns with a traceback,
    # then raises the KeyboardInterrupt on: the interruption is reported as such, and the warning is only noise
    config.addinivalue_line("filterwarnings", "ignore::pluggy.PluggyTeardownRaisedWarning")


def parse_map(pairs: list[str]) -> dict[str, str]:
    """``["nn_model=neural_model"]`` -> ``{"nn_model": "neural_model"}``; a usage error names a malformed pair."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        course, sign, learner = pair.partition("=")
        if not sign or not course.isidentifier() or not learner.isidentifier():
            raise pytest.UsageError(
                f"--map must be COURSE=LEARNER, two function names (nn_model=neural_model); got {pair!r}"
            )
        if course in mapping:
            raise pytest.UsageError(f"--map {course} given twice: {course}={mapping[course]} and {pair}")
        mapping[course] = learner
    return mapping


def first_mismatch(error: BaseException) -> Mismatch | None:
    """The parts of the assert_within failure in error (Hypothesis may group several distinct failures), or None."""
    found: Mismatch | None = getattr(error, "mismatch", None)
    if found is not None:
        return found
    for inner in getattr(error, "exceptions", ()):
        if (found := first_mismatch(inner)) is not None:
            return found
    return None


def interrupted(error: BaseException) -> bool:
    """Whether a KeyboardInterrupt is among the exceptions error was raised from or while handling."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


class Session:
    """The hooks of an active run: the report header and the claim ids of every test."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    def pytest_keyboard_interrupt(self) -> None:
        """Ctrl-C: pytest-xdist's workers are killed, not waited for. Each would end its own session first (2.4 s on 2
        busy CPUs, with the run's Ctrl-C also the worker's); the tests they had not finished are unproven anyway, and
        an implementation's worker process dies with its parent (properties/worker.py)."""
        dsession = self.config.pluginmanager.getplugin("dsession")
        nodemanager = getattr(dsession, "nodemanager", None)
        for gateway in getattr(nodemanager, "group", ()):
            gateway._io.kill()

    def pytest_report_header(self, config: pytest.Config) -> list[str]:
        from shallow_proofs.properties import impl as implementation
        from shallow_proofs.properties import versions

        current = implementation.current()
        return [
            f"implementation under test: {current.target} ({current.path})",
            f"hypothesis profile: {settings._current_profile}",
            f"versions: {versions.versions()}",
        ]

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        from shallow_proofs.properties import impl as implementation

        implementation.current().begin_test()

    @pytest.hookimpl(wrapper=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function) -> Generator[None, object, object]:
        """Ctrl-C during a test ends the run, even when Hypothesis turned the KeyboardInterrupt into another exception
        (its engine's ``assert state._runner is not None`` fails on one raised before the engine has started)."""
        try:
            return (yield)
        except Exception as error:
            if interrupted(error):
                raise KeyboardInterrupt from error
            raise

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> None:
        """The test's calls and faults so far, for the verdicts per function (the latest report has them all); on a
        failure, the last call of each function as Python, and assert_within's parts (the learner's report)."""
        from shallow_proofs.properties import impl as implementation

        failure = call.excinfo.value if call.excinfo is not None and call.when == "call" else None
        record = implementation.current().log.record(failure)
        item.user_properties[:] = [entry for entry in item.user_properties if entry[0] != "sealed"]
        if record["calls"] or record["faults"]:
            item.user_properties.append(("sealed", record))
        if failure is not None and (mismatch := first_mismatch(failure)) is not None:
            item.user_properties.append(("mismatch", mismatch.record))

    def pytest_unconfigure(self) -> None:
        from shallow_proofs.properties import impl as implementation

        implementation.close()

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        from shallow_proofs.properties.claims import BY_ID

        unknown = []
        for item in items:
            for mark in item.iter_markers("proves"):
                for claim in mark.args:
                    if claim not in BY_ID:
                        unknown.append(f"{item.nodeid}: {claim!r}")
                    item.user_properties.append(("proves", claim))
            for mark in item.iter_markers("erratum"):
                item.user_properties.append(("erratum", mark.args[0]))
            for mark in item.iter_markers("checks"):
                item.user_properties += [("checks", name) for name in mark.args] or [("checks", JUDGES_NONE)]
            for mark in item.iter_markers("truth"):
                item.user_properties.append(("truth", mark.args[0]))
        if unknown:
            raise pytest.UsageError("proves marker names unknown claim ids:\n  " + "\n  ".join(unknown))


@pytest.fixture(scope="session")
def impl():
    """The implementation under test."""
    from shallow_proofs.properties import impl as implementation

    return implementation.current()


@pytest.fixture
def evidence(request: pytest.FixtureRequest):
    """Record numbers for the proof document: ``evidence(max_rel_error=3e-12, error_estimate=1e-13)``."""

    def record(**values: float) -> None:
        request.node.user_properties.append(("evidence", {key: float(value) for key, value in values.items()}))

    return record


@pytest.fixture
def exhibit(request: pytest.FixtureRequest):
    """Show a stable line of evidence under the test's erratum in the proof document."""

    def record(text: str) -> None:
        request.node.user_properties.append(("exhibit", text))

    return record
