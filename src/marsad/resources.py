"""Language data shipped with the package: one loader for every data file under `marsad/data`.

Data files are UTF-8 text; lines starting with `#` are the file's header (what it is and where
it comes from) and blank lines are ignored.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any


def data_text(*parts: str) -> str:
    """The whole text of `marsad/data/<parts...>`."""
    return files("marsad").joinpath("data", *parts).read_text(encoding="utf-8")


def content_lines(text: str) -> list[str]:
    """The lines of a data or gold file's text without its header (`#`) and blank lines."""
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def json_lines(text: str) -> list[Any]:
    """One JSON value per content line (the JSONL gold sets, after their `#` header)."""
    return [json.loads(ln) for ln in content_lines(text)]


def data_lines(*parts: str) -> list[str]:
    """Content lines of a data file: header (`#`) and blank lines dropped, text kept as is."""
    return content_lines(data_text(*parts))


def data_rows(*parts: str) -> list[list[str]]:
    """Tab-separated rows of a data file, each cell stripped."""
    return [[c.strip() for c in ln.split("\t")] for ln in data_lines(*parts)]
