"""The event store on each backend: migrations, gap-free sequences under concurrency, errors."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Column, Integer, String, Table, insert, inspect, select

from simulator.session import SessionService, Store, StoreError
from simulator.session import tables as t
from simulator.session.store import database_url, default_url
from tests.session_helpers import POOL, FakeClock
from tests.sqlite_lock import LockHolder


@pytest.fixture
def stores(store_url):
    """Open stores on the backend under test; all closed at the end."""
    opened: list[Store] = []

    def open_store(**kwargs) -> Store:
        store = Store(store_url, **kwargs)
        opened.append(store)
        return store

    yield open_store
    for store in opened:
        store.close()


def test_new_store_is_at_the_current_schema_version(stores):
    store = stores()
    assert store.schema == (0, t.CURRENT_VERSION)
    again = stores()
    assert again.schema == (t.CURRENT_VERSION, t.CURRENT_VERSION)
    names = set(inspect(store.engine).get_table_names())
    assert {"schema_version", "sessions", "participants", "events"} <= names


def test_migrating_from_version_1_keeps_data(stores):
    service = SessionService(stores(migrations=t.MIGRATIONS[:1]), FakeClock())
    created = service.create(POOL, seed=3)

    tags = Table("v2_tags", t.MetaData(), Column("id", Integer), Column("tag", String(20)))

    def v2_add_tags(conn) -> None:  # a fake second migration
        tags.create(conn)
        conn.execute(insert(tags).values(id=1, tag="migrated"))

    upgraded = stores(migrations=(*t.MIGRATIONS[:1], v2_add_tags))
    assert upgraded.schema == (1, 2)
    with upgraded.read() as conn:
        assert conn.execute(select(tags.c.tag)).scalar() == "migrated"
        assert conn.execute(select(t.schema_version.c.version)).scalar() == 2
    assert upgraded.session(created.session_id).seed == 3
    # Opening it again applies nothing twice; an older program refuses a newer store.
    assert stores(migrations=(*t.MIGRATIONS[:1], v2_add_tags)).schema == (2, 2)
    with pytest.raises(StoreError, match="schema version 2, newer than this program"):
        stores(migrations=t.MIGRATIONS[:1])


def test_default_url_is_a_sqlite_file_under_the_project():
    assert database_url({}) == default_url()
    assert default_url().startswith("sqlite:///") and default_url().endswith("/.gameday/gameday.db")
    assert database_url({"GAMEDAY_DATABASE_URL": "sqlite:///x.db"}) == "sqlite:///x.db"


def test_sqlite_file_uses_wal_and_creates_its_directory(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'deep' / 'dir' / 'g.db'}")
    with store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    store.close()


def test_busy_timeout_is_per_store_and_a_held_lock_fails_a_short_waiter(tmp_path):
    """Another process holds SQLite's write lock: a store with a short busy timeout (the web
    app's) fails its write with a one-line StoreError and stores nothing; once the lock is gone
    the same store writes again; readers are never held up."""
    url = f"sqlite:///{tmp_path / 'g.db'}"
    svc = SessionService(Store(url, busy_timeout_ms=200), clock=FakeClock())
    created = svc.create(POOL, seed=1)
    with svc.store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 200
    with LockHolder(tmp_path / "g.db") as holder:
        with pytest.raises(StoreError, match=r"database is locked \(another program is writing"):
            svc.start(created.session_id, created.facilitator_secret)
        assert holder.held()
        assert svc.status(created.session_id).state == "lobby"  # a reader is not blocked
    svc.start(created.session_id, created.facilitator_secret)
    kinds = [e.kind for e in svc.events(created.session_id, created.facilitator_secret)]
    assert kinds.count("clock.start") == 1
    svc.store.close()


def test_a_default_store_waits_for_a_lock_released_within_its_busy_timeout(tmp_path):
    """The default 30 s busy timeout: a writer queues behind another process's lock and stores
    its event once that lock is released (here after 1 s)."""
    url = f"sqlite:///{tmp_path / 'g.db'}"
    svc = SessionService(Store(url), clock=FakeClock())
    created = svc.create(POOL, seed=1)
    with LockHolder(tmp_path / "g.db", hold_s=1.0):
        svc.start(created.session_id, created.facilitator_secret)
    kinds = [e.kind for e in svc.events(created.session_id, created.facilitator_secret)]
    assert kinds.count("clock.start") == 1
    svc.store.close()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nonsense", "bad session store URL 'nonsense': expected sqlite:///PATH or"),
        ("mysql://u@h/db", "unsupported session store 'mysql://u@h/db'"),
        (
            "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=3",
            "session store postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=3: "
            "connection failed",
        ),
    ],
)
def test_bad_urls_get_one_clear_line(url, message):
    with pytest.raises(StoreError) as info:
        Store(url)
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


def test_password_is_never_shown(monkeypatch):
    with pytest.raises(StoreError) as info:
        Store("postgresql+psycopg://u:hunter2@127.0.0.1:1/db?connect_timeout=3")
    assert "hunter2" not in str(info.value)


def test_corrupt_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "g.db"
    garbage = bytes(range(256)) * 40
    path.write_bytes(garbage)
    with pytest.raises(StoreError, match=r"file is not a database"):
        Store(f"sqlite:///{path}")
    assert path.read_bytes() == garbage


def test_unwritable_directory_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the session store directory"):
        Store(f"sqlite:///{blocker / 'sub' / 'g.db'}")


def _started_session(service: SessionService, clock: FakeClock):
    created = service.create(POOL, seed=5)
    players = [
        service.join(created.session_id, created.join_code, name, role)
        for name, role in (
            ("Ada", "ic"),
            ("Bo", "scribe"),
            ("Cy", "comms_lead"),
            ("Di", "tech_lead"),
        )
    ]
    service.start(created.session_id, created.facilitator_secret)
    return created, players


def test_eight_writers_lose_nothing_and_replay_consistently(stores, capsys):
    """8 threads, each with its own store and service (as 8 processes would be), append 100
    actions each to one session: 800 stored, seq gap-free, every engine agrees with a rebuild."""
    clock = FakeClock(tick=0.002)  # every reading moves the wall clock on
    first = SessionService(stores(), clock)
    created, players = _started_session(first, clock)
    sid = created.session_id
    services = [SessionService(stores(), clock) for _ in range(8)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def writer(index: int) -> None:
        try:
            service = services[index]
            player = players[index % len(players)]
            barrier.wait()
            for k in range(100):
                event = service.act(
                    sid, player.id, "timeline_note", {"text": f"w{index} n{k}"}, f"w{index}-{k}"
                )
                assert event.payload["outcome"] == "accepted", event.payload
        except BaseException as exc:  # reported below
            errors.append(exc)

    import time

    started = time.perf_counter()
    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    assert not errors, errors

    events = first.store.events(sid)
    actions = [e for e in events if e.kind == "action"]
    assert len(actions) == 800
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert len({e.client_id for e in actions}) == 800
    stamps = [e.sim_time for e in events]
    assert stamps == sorted(stamps)

    clock.tick = 0.0
    clock.advance(30)
    journals = {service.journal(sid).to_jsonl() for service in [first, *services]}
    fresh = SessionService(stores(), clock).journal(sid).to_jsonl()
    assert journals == {fresh}
    notes = [e for e in first.journal(sid).entries if e["kind"] == "action"]
    assert len(notes) == 800
    with capsys.disabled():
        print(f"\n[{stores().backend}] 8 writers x 100 actions: {elapsed:.2f} s")


def test_threads_sharing_one_service(stores):
    clock = FakeClock(tick=0.001)
    service = SessionService(stores(), clock)
    created, players = _started_session(service, clock)
    sid = created.session_id

    def writer(index: int) -> None:
        for k in range(25):
            service.act(sid, players[0].id, "timeline_note", {"text": "x"}, f"s{index}-{k}")

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    events = service.store.events(sid)
    assert [e.seq for e in events] == list(range(1, 202))
    clock.tick = 0.0
    assert service.journal(sid).to_jsonl() == service.rebuild(sid).to_jsonl()
