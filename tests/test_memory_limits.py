"""The memory the reference's size checks allow: the lowest of the machine's physical memory, the cgroup's limit (v2
memory.max, v1 memory.limit_in_bytes, on the process's cgroup or an ancestor) and RLIMIT_AS.

The cgroup files are written under tmp_path (validation.CGROUP, validation.PROC_CGROUP point there), the machine is
said to have 16 GiB and RLIMIT_AS is unlimited unless a test says otherwise: no test depends on the machine it runs on.
"""

from __future__ import annotations

import re
import resource
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from shallow_proofs.reference import network, validation

GiB = 2**30
MACHINE = validation.Limit(16 * GiB, validation.PHYSICAL)
V1_UNLIMITED = "9223372036854771712"  # what cgroup v1 shows for no limit (PAGE_COUNTER_MAX pages, rounded)
V2 = validation.CGROUP_LIMIT.format("memory.max")
V1 = validation.CGROUP_LIMIT.format("memory.limit_in_bytes")

Write = Callable[[str, str], None]


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Write]:
    """files("cgroup", text) writes /proc/self/cgroup; files("fs/a/memory.max", text) a file of the cgroup mount."""
    monkeypatch.setattr(validation, "PROC_CGROUP", tmp_path / "cgroup")
    monkeypatch.setattr(validation, "CGROUP", tmp_path / "fs")
    monkeypatch.setattr(validation, "_physical", lambda: MACHINE)
    monkeypatch.setattr(resource, "getrlimit", lambda which: (resource.RLIM_INFINITY, resource.RLIM_INFINITY))

    def write(name: str, text: str) -> None:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)

    validation._cgroup_limits.cache_clear()
    yield write
    validation._cgroup_limits.cache_clear()


def test_v2_a_limit_on_an_ancestor_of_the_cgroup_binds(files):
    files("cgroup", "0::/user.slice/job.scope\n")
    files("fs/user.slice/job.scope/memory.max", "max\n")
    files("fs/user.slice/memory.max", f"{GiB}\n")
    assert validation.memory() == validation.Limit(GiB, V2)


def test_v2_inside_a_container_the_root_of_the_mount_is_the_container_s_cgroup(files):
    files("cgroup", "0::/\n")
    files("fs/memory.max", f"{3 * GiB}\n")
    assert validation.memory() == validation.Limit(3 * GiB, V2)


def test_v1_the_memory_controller_s_limit_binds_and_its_unlimited_value_does_not(files):
    files("cgroup", "5:cpu,cpuacct:/elsewhere\n4:memory:/job\n0::/\n")
    files("fs/memory/memory.limit_in_bytes", V1_UNLIMITED)
    files("fs/memory/job/memory.limit_in_bytes", f"{2 * GiB}\n")
    files("fs/memory/elsewhere/memory.limit_in_bytes", "1\n")  # a memory cgroup that this process is not in
    assert validation.memory() == validation.Limit(2 * GiB, V1)


def test_no_limit_anywhere_leaves_the_machine_s_memory(files):
    files("cgroup", "4:memory:/job\n0::/job\n")
    files("fs/memory/job/memory.limit_in_bytes", V1_UNLIMITED)
    files("fs/job/memory.max", "max\n")
    assert validation.memory() == MACHINE


def test_no_cgroup_file_system_leaves_the_machine_s_memory(files):
    files("cgroup", "0::/job\ngarbage\n")
    assert validation.memory() == MACHINE


def test_an_rlimit_as_lower_than_the_rest_binds(files, monkeypatch):
    files("cgroup", "0::/\n")
    files("fs/memory.max", f"{4 * GiB}\n")
    monkeypatch.setattr(resource, "getrlimit", lambda which: (GiB // 2, resource.RLIM_INFINITY))
    assert validation.memory() == validation.Limit(GiB // 2, validation.ADDRESS_SPACE)


def test_a_size_under_the_machine_s_memory_but_over_the_cgroup_s_is_refused_before_drawing(files):
    """n_h = 10^6 needs 48 MB (the parameters and the draw of W1): under the machine's 16 GiB, over the cgroup's 10 MB
    (small sizes, so that a missing check costs nothing)."""
    files("cgroup", "0::/job\n")
    files("fs/job/memory.max", f"{10**7}\n")
    message = (
        "the parameters for n_x = 2, n_h = 1000000, n_y = 1 must fit in the cgroup memory limit memory.max (0.01 GB); "
        "got sizes that need 0.05 GB of float64 arrays at once"
    )
    np.random.seed(5)  # noqa: NPY002
    before = np.random.get_state()[1].tolist()  # noqa: NPY002
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        network.initialize(2, 10**6, 1)
    assert np.random.get_state()[1].tolist() == before, "the refused call drew from the global RNG"  # noqa: NPY002


def test_the_machine_running_the_tests_allows_something():
    """The real reading on this machine (no file written): a bound below 256 MiB would refuse the suite's own work."""
    validation._cgroup_limits.cache_clear()
    limit = validation.memory()
    assert limit is None or limit.bytes >= 2**28, f"{limit}: the checks would refuse everything"


@pytest.mark.parametrize("error", [AttributeError, ValueError, OSError])
def test_a_machine_that_does_not_tell_its_physical_memory_has_no_such_limit(monkeypatch, error):
    """os.sysconf is POSIX (AttributeError elsewhere); an unknown name raises ValueError, a failed query OSError."""

    def sysconf(name: str) -> int:
        raise error(name)

    monkeypatch.setattr(validation.os, "sysconf", sysconf)
    assert validation._physical() is None


def test_a_line_of_proc_self_cgroup_that_is_not_hierarchy_controllers_path_is_skipped(files):
    files("cgroup", "garbage:x\n0::/a\n")
    files("fs/a/memory.max", "1000")
    assert validation.memory() == validation.Limit(1000, V2)


def test_without_the_resource_module_there_is_no_address_space_limit(monkeypatch):
    monkeypatch.setitem(sys.modules, "resource", None)  # as on Windows: import resource raises ImportError
    assert validation._address_space() is None


def test_no_proc_self_cgroup_leaves_the_machine_s_memory(files):
    assert validation.memory() == MACHINE, "no /proc/self/cgroup (not Linux): no cgroup limit"


def test_a_cgroup_path_with_a_colon_is_read_whole(files):
    files("cgroup", "0::/a:b\n")
    files("fs/a:b/memory.max", "1000")
    assert validation.memory() == validation.Limit(1000, V2)


def test_v2_a_level_without_the_file_is_passed_over_on_the_way_up(files):
    """memory.max is missing in the cgroup's own folder (no file to read there), present in its grandparent's."""
    files("cgroup", "0::/a/b/c\n")
    files("fs/a/memory.max", "1000")
    assert validation.memory() == validation.Limit(1000, V2)
