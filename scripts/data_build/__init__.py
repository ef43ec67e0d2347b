"""Helpers for ``scripts/make_data.py``: raw files in ``data/raw`` -> tidy CSVs in ``data/``."""
