"""tests/ holds the reference's own tests and the meta-tests that break fixtures on purpose."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
