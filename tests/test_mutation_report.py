"""mutation/report.py keeps the section of a package not run again, and names the commit a session's mutants come
from (mutation/run.py records it when it creates the session)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "mutation"))

from report import kept_sections, section, session_commit  # noqa: E402


def test_kept_sections_splits_at_each_package_heading(tmp_path: Path) -> None:
    out = tmp_path / "MUTATION.md"
    out.write_text("# Mutation testing\n\nintro\n\n## reference\n\nRan 3.\n\n## gradcheck\n\nRan 4.\n")
    kept = kept_sections(out)
    assert kept == {"reference": ["## reference", "", "Ran 3.", ""], "gradcheck": ["## gradcheck", "", "Ran 4."]}
    assert kept_sections(tmp_path / "absent.md") == {}


def test_a_section_names_the_commit_its_session_was_created_at(tmp_path: Path) -> None:
    session = tmp_path / "gradcheck.sqlite"
    assert session_commit(session) is None
    assert not any("commit" in line for line in section("gradcheck", [], {}, session=session))
    session.with_suffix(".commit").write_text("e1d3845 2026-11-29 09:05 UTC\n")
    assert session_commit(session) == "e1d3845 2026-11-29 09:05 UTC"
    assert "Mutants of the code at commit e1d3845 2026-11-29 09:05 UTC" in "\n".join(
        section("gradcheck", [], {}, session=session)
    )
