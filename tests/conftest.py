"""Shared fixtures: where the real corpus lives, and a temporary index built from the sample data."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpus" / "sample"
# The real public data sits beside the repository (../shared/corpus); a fresh clone has none.
SHARED_CORPUS = Path(os.environ.get("VINDPLAATS_SHARED_CORPUS", REPO.parent / "shared" / "corpus"))
# The servers the tests start (`vindplaats serve`, which limits by default) take their load from one
# address; the rate limit is off for them, and tests/test_ratelimit.py turns it on where it is tested.
os.environ.setdefault("VINDPLAATS_RATE_LIMIT", "0")


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return SHARED_CORPUS


SAMPLE_SOURCES = [f"jsonl:{SAMPLE / 'catalogue.jsonl'}", f"articles:{SAMPLE / 'articles'}"]


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory) -> Path:
    """A real tantivy index on disk, built once from the repository's sample data."""
    from indexer.build import build

    index_dir = tmp_path_factory.mktemp("index")
    report = build(index_dir, SAMPLE_SOURCES)
    assert report.state == "done", report.message
    return index_dir


SAMPLE_LIBRARIES = SAMPLE / "libraries.json"


@pytest.fixture(scope="session")
def service(sample_index):
    from search_api.directory import load
    from search_api.service import SearchService

    return SearchService(sample_index, directory=load(SAMPLE_LIBRARIES))  # the demo's libraries file too


@pytest.fixture(scope="session")
def app(sample_index, service):
    from search_api.app import create_app
    from search_api.settings import Settings

    return create_app(Settings(index_dir=str(sample_index), libraries_file=str(SAMPLE_LIBRARIES)), service=service)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def marc_client(tmp_path_factory):
    """A client over an index of the MARCXML test collection (records that came from MARC)."""
    from fastapi.testclient import TestClient

    from indexer.build import build
    from search_api.app import create_app
    from search_api.service import SearchService
    from search_api.settings import Settings

    index_dir = tmp_path_factory.mktemp("marc-index")
    report = build(index_dir, [f"marcxml:{REPO / 'tests' / 'fixtures' / 'marc' / 'collection.xml'}"])
    assert report.state == "done", report.message
    app = create_app(Settings(index_dir=str(index_dir)), service=SearchService(index_dir))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def sample_records() -> list[dict]:
    """The sample catalogue as canonical records, to check counts against."""
    from corpus.readers.jsonl import read

    return [r for r in read(str(SAMPLE / "catalogue.jsonl")) if isinstance(r, dict)]


@pytest.fixture(scope="session")
def numbered_series(sample_records):
    """The sample's series with the most numbered volumes (works): (name, its records)."""
    from corpus.series import split
    from indexer.works import work_key

    by_name: dict[str, list[dict]] = {}
    for r in sample_records:
        parts = split(r.get("series"))
        if parts and parts.number is not None:
            by_name.setdefault(parts.name, []).append(r)
    name = max(by_name, key=lambda n: len({work_key(r) for r in by_name[n]}))
    assert len(by_name[name]) >= 3
    return name, by_name[name]


@pytest.fixture(scope="session")
def bnetwerk(shared_corpus, tmp_path_factory) -> Path:
    """An index of the real Bnetwerk publications (the knowledge base), built once."""
    from indexer.build import build

    d = tmp_path_factory.mktemp("bnetwerk")
    report = build(d, [f"articles:{shared_corpus / 'knowledge' / 'bnetwerk'}"])
    assert report.state == "done" and report.records > 100
    return d
