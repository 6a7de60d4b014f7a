"""A pytest plugin for the mutation runs: the Hypothesis profile ``mutation-quick``, small, derandomized, no shrinking.

Small because the suite runs once per mutant; derandomized so that a mutant's verdict does not depend on the run;
without the shrink phase because a mutant needs to be found, not minimised. Loaded with ``-p quick_profile`` (the
mutation commands put this folder on PYTHONPATH) and chosen with ``--hypothesis-profile=mutation-quick``.
"""

from hypothesis import Phase, settings

EXAMPLES = 10

settings.register_profile(
    "mutation-quick",
    derandomize=True,
    deadline=None,
    max_examples=EXAMPLES,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
