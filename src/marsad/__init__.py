"""Marsad (مرصد): an Arabic-first, multi-source news observatory."""

__version__ = "0.1.0"
