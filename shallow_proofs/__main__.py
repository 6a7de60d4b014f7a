"""``python -m shallow_proofs``: the ``shallow-proofs`` command."""

import sys

from shallow_proofs.cli import main

sys.exit(main())
