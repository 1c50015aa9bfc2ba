"""Marsad (مرصد): an Arabic-first, multi-source news observatory.

The one library call is `marsad.analyze(paths_or_articles, store=...)`.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Article", "Report", "Span", "Store", "Story", "__version__", "analyze"]


def __getattr__(name: str):
    # Lazy: `import marsad` stays cheap for the CLI's --help and for worker processes.
    if name in ("analyze", "Report"):
        from marsad import pipeline

        return getattr(pipeline, name)
    if name in ("Article", "Span", "Story"):
        from marsad import model

        return getattr(model, name)
    if name == "Store":
        from marsad.store.sqlite import Store

        return Store
    raise AttributeError(f"module 'marsad' has no attribute {name!r}")
