"""``budgetbot site``: a static website of a campaign's projects, results and open data."""
