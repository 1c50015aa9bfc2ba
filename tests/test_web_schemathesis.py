"""Property-based API tests: schemathesis generates requests from /openapi.json and the app,
served in-process over ASGI on a store built from the seeds, must never answer 5xx and must
answer with what its schema promises."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from marsad.pipeline import analyze
from marsad.store.sqlite import Store
from marsad.web.app import create_app

# The schema is loaded when the module is collected, so the app exists then; the store it
# serves is filled from the seeds by the fixture below, before any request is generated.
_TMP = Path(tempfile.mkdtemp(prefix="marsad-fuzz-"))
atexit.register(shutil.rmtree, _TMP, True)
_DB = str(_TMP / "seeds.db")
# Small upload limit so generated bodies exercise the 413 path too.
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_DB, max_upload_bytes=50_000))


@pytest.fixture(scope="module", autouse=True)
def seeded_store(seeds_dir: Path) -> Iterator[None]:
    from test_web_api import annotate_seeds

    with Store(_DB) as store:
        analyze([seeds_dir], store)
        annotate_seeds(store)
    yield
    shutil.rmtree(_TMP, ignore_errors=True)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_fails(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
