"""Renderers: report.json (the contract), report.md and report.html."""

from __future__ import annotations

from pathlib import Path

from marsad.pipeline import Report
from marsad.render.html import render_html
from marsad.render.json import report_dict, validate, write_json
from marsad.render.markdown import render_markdown


def write_reports(report: Report, out_dir: Path) -> list[Path]:
    """Write report.json (validated against the schema), report.md and report.html."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = report_dict(report)
    validate(data)
    paths = [out_dir / "report.json", out_dir / "report.md", out_dir / "report.html"]
    write_json(data, paths[0])
    paths[1].write_text(render_markdown(data), encoding="utf-8")
    paths[2].write_text(render_html(data), encoding="utf-8")
    return paths


__all__ = ["render_html", "render_markdown", "report_dict", "validate", "write_reports"]
