"""The property suite: every claim of the notes as Hypothesis properties, run against any implementation."""
