"""`gameday sessions prune`: a dry run by default; with --yes, archive to JSON Lines first, then
delete the idle sessions (events, participants, the session), leaving the others alone."""

from __future__ import annotations

import json
import time

import pytest

from simulator.cli import main
from simulator.session import SessionNotFound, SessionService, Store
from tests.session_helpers import POOL

DAY = 86_400.0


@pytest.fixture
def gameday(store_url, monkeypatch, capsys):
    monkeypatch.setenv("GAMEDAY_DATABASE_URL", store_url)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _session(store: Store, age_days: float) -> str:
    """A session whose every event is `age_days` old (its service's clock runs that far back)."""
    service = SessionService(store, clock=lambda: time.time() - age_days * DAY)
    created = service.create(POOL, seed=3)
    ic = service.join(created.session_id, created.join_code, "Ada", "ic")
    service.start(created.session_id, created.facilitator_secret)
    service.act(created.session_id, ic.id, "acknowledge")
    return created.session_id


def test_prune_is_a_dry_run_then_archives_and_deletes(gameday, store_url, tmp_path):
    store = Store(store_url)
    try:
        old, recent = _session(store, 40), _session(store, 2)
        events = [e.to_dict() for e in store.events(old)]

        code, out, err = gameday("sessions", "prune", "--older-than", "30d")
        assert code == 0, err
        assert out.startswith(f"{old}  pool-exhaustion  last activity ")
        assert recent not in out
        assert "dry run: 1 sessions idle for more than 720h would be deleted; add --yes" in out
        assert store.session(old).id == old  # nothing deleted

        archive = tmp_path / "archive.jsonl"
        code, out, err = gameday(
            "sessions", "prune", "--older-than", "30d", "--archive", archive, "--yes"
        )
        assert code == 0, err
        assert f"archived 1 sessions to {archive}\ndeleted 1 sessions\n" in out
        (line,) = archive.read_text().splitlines()
        whole = json.loads(line)
        assert whole["session"]["id"] == old and whole["events"] == events
        assert [p["name"] for p in whole["participants"]] == ["Ada"]
        with pytest.raises(SessionNotFound):
            store.session(old)
        assert store.events(old) == [] and store.participants(old) == []
        assert len(store.events(recent)) == 2  # the recent session is untouched

        code, out, _ = gameday("sessions", "prune", "--older-than", "1d", "--yes")
        assert (code, out) == (0, f"{out.splitlines()[0]}\ndeleted 1 sessions\n")
    finally:
        store.close()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--older-than", "soon"), "expected a duration"),
        (("--older-than", "0s"), "expected a duration above zero"),
        ((), "the following arguments are required: --older-than"),
    ],
)
def test_prune_mistakes(gameday, argv, message):
    code, _, err = gameday("sessions", "prune", *argv)
    assert code == 2 and message in err and "Traceback" not in err
