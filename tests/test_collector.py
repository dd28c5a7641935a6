"""The serving process's garbage collector (app_pages/common/collector.py) and `gameday serve`
asking for it in its workers' environment. `tune()` changes process-wide state, so each check
runs in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app_pages.common import collector
from simulator.cli.serve import COOKIE_SECRET_ENV, GC_ENV, GC_SERVING, worker_environment
from simulator.session.store import ENV_URL

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import gc, json
from app_pages.common import collector
before = gc.get_threshold()
first, second = collector.tune(), collector.tune()
print(json.dumps([before, gc.get_threshold(), gc.get_freeze_count(), first, second]))
"""


def _probe(gc_env: str | None) -> list[object]:
    env = {k: v for k, v in os.environ.items() if k != GC_ENV}
    if gc_env is not None:
        env[GC_ENV] = gc_env
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_serving_process_freezes_what_is_loaded_and_raises_the_young_threshold() -> None:
    before, after, frozen, first, second = _probe(GC_SERVING)
    assert before == [700, 10, 10]  # Python's defaults
    assert after == list(collector.THRESHOLDS)
    assert isinstance(frozen, int) and frozen > 1_000  # the interpreter's own modules, at least
    assert (first, second) == (True, False)  # once per process


def test_other_processes_keep_pythons_collector() -> None:
    for gc_env in (None, "python", "Serving"):
        before, after, frozen, first, second = _probe(gc_env)
        assert after == before == [700, 10, 10]
        assert (frozen, first, second) == (0, False, False)


def test_serve_and_the_app_agree_on_the_variable() -> None:
    assert (collector.ENV, collector.SERVING) == (GC_ENV, GC_SERVING)


def test_serve_asks_its_workers_for_the_serving_collector_unless_told_otherwise() -> None:
    env = worker_environment("sqlite:////tmp/x.db", 1, {"PATH": "/usr/bin"})
    assert env == {"PATH": "/usr/bin", ENV_URL: "sqlite:////tmp/x.db", GC_ENV: GC_SERVING}
    kept = worker_environment("sqlite:////tmp/x.db", 1, {GC_ENV: "python"})
    assert kept[GC_ENV] == "python"


def test_several_workers_share_one_cookie_secret() -> None:
    env = worker_environment("sqlite:////tmp/x.db", 2, {})
    assert len(env[COOKIE_SECRET_ENV]) == 64
    assert worker_environment("u", 2, {COOKIE_SECRET_ENV: "s"})[COOKIE_SECRET_ENV] == "s"
