"""Finite-difference checks, built on scipy, of every backpropagation equation of the notes (L09, L10)."""
