"""Tests of the results engine (flows/tally, bot/tally_cli.py)."""
