"""MANA writes. Pages, the API, tasks and commands all call these functions."""
