"""Tests of the `budgetbot` command as an operator runs it, in a subprocess."""
