"""Display names shared by every renderer (report.md, report.html, the web app's pages)."""

from __future__ import annotations

QUOTE_TYPE_AR = {"direct": "مباشر", "indirect": "غير مباشر", "partial": "جزئي"}
