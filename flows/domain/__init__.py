"""The rules of a participatory budget: plain data and pure functions, no storage."""
