"""Shared fixtures: the shipped scenarios, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.scenario import LoadedScenario, discover_scenarios, load_scenario

# Fixtures for the session test modules (a created session, a running one, other processes).
pytest_plugins = ("tests.session_fixtures",)

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_DIR = ROOT / "scenarios"
SHIPPED = [p.name for p in discover_scenarios([SCENARIO_DIR])]


@pytest.fixture(scope="session")
def shipped() -> dict[str, LoadedScenario]:
    return {name: load_scenario(SCENARIO_DIR / name) for name in SHIPPED}


@pytest.fixture(scope="session", autouse=True)
def _whatif_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """What-ifs computed by tests (and the app servers they start) are kept in a directory of
    this run, never in the user's ~/.cache (simulator.whatif.cache)."""
    import os

    if "GAMEDAY_WHATIF_CACHE" not in os.environ:
        os.environ["GAMEDAY_WHATIF_CACHE"] = str(tmp_path_factory.mktemp("whatif-cache"))


# ------------------------------------------------------------------ session store backends
# Session tests take `store_url` and run once per backend: a fresh SQLite file, and a fresh schema
# in the PostgreSQL database named by GAMEDAY_TEST_POSTGRES_URL. Without a reachable PostgreSQL
# those runs skip, except under GAMEDAY_REQUIRE_ALL=1 (CI), where they fail.

_POSTGRES_PROBLEM: dict[str, str | None] = {}


def postgres_problem(url: str) -> str | None:
    """Why the test PostgreSQL cannot be used (None when it can); probed once per run."""
    if url not in _POSTGRES_PROBLEM:
        import sqlalchemy

        try:
            engine = sqlalchemy.create_engine(url, connect_args={"connect_timeout": 5})
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
            engine.dispose()
            _POSTGRES_PROBLEM[url] = None
        except Exception as exc:  # any failure means: not usable
            _POSTGRES_PROBLEM[url] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    return _POSTGRES_PROBLEM[url]


def _skip_or_fail(reason: str) -> None:
    import os

    if os.environ.get("GAMEDAY_REQUIRE_ALL") == "1":
        pytest.fail(f"PostgreSQL is required (GAMEDAY_REQUIRE_ALL=1): {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL session tests skipped: {reason}")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'gameday.db'}"
        return
    import os
    import uuid

    import sqlalchemy

    base = os.environ.get("GAMEDAY_TEST_POSTGRES_URL", "").strip()
    if not base:
        _skip_or_fail("GAMEDAY_TEST_POSTGRES_URL is not set (.ci/run sets up a throwaway server)")
    problem = postgres_problem(base)
    if problem:
        _skip_or_fail(f"cannot connect to GAMEDAY_TEST_POSTGRES_URL: {problem}")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = sqlalchemy.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


# ------------------------------------------------------------------ a session service per backend


@pytest.fixture
def clock():
    """A wall clock moved by hand (tests/session_helpers.py)."""
    from tests.session_helpers import FakeClock

    return FakeClock()


@pytest.fixture
def service(store_url, clock):
    """A SessionService over a fresh store on each backend, on the fake clock."""
    from simulator.session import SessionService, Store

    store = Store(store_url)
    yield SessionService(store, clock)
    store.close()
