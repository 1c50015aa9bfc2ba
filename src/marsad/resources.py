"""Language data shipped with the package: one loader for every data file under `marsad/data`.

Data files are UTF-8 text; lines starting with `#` are the file's header (what it is and where
it comes from) and blank lines are ignored.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any


def data_text(*parts: str) -> str:
    """The whole text of `marsad/data/<parts...>`."""
    return files("marsad").joinpath("data", *parts).read_text(encoding="utf-8")


def data_names(*parts: str) -> list[str]:
    """Names of the files in the folder `marsad/data/<parts...>`, sorted."""
    folder = files("marsad").joinpath("data", *parts)
    return sorted(p.name for p in folder.iterdir() if p.is_file())


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


@lru_cache(maxsize=1)
def analysis_fingerprint() -> str:
    """A hash of the package's code and language data (its gold sets left out). The store
    keeps it with every article, so a newer Marsad re-analyses what an older one stored
    instead of serving stale quotes, entities or dates as "unchanged"."""
    digest = hashlib.blake2b(digest_size=16)
    for path, node in sorted(_package_files(files("marsad"), "")):
        digest.update(path.encode())
        digest.update(node.read_bytes())
    return digest.hexdigest()


def _package_files(node: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    out = []
    for child in node.iterdir():
        path = f"{prefix}/{child.name}"
        if child.is_dir():
            if child.name not in ("__pycache__", "gold"):
                out += _package_files(child, path)
        elif not child.name.endswith((".pyc", ".pyo")):
            out.append((path, child))
    return out
