"""Company sign-in without a browser: the operator's file (`gameday serve --sign-in`), who
facilitates, the facilitator pass, and who acted in the event log, the journal and the report.
The browser test against a real provider is tests/e2e/test_sign_in.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.cli import main
from simulator.cli.sign_in import load_sign_in
from simulator.report.timeline import action_text
from simulator.session import AccessDenied, SessionService, facilitator_pass
from simulator.session.run import replay
from simulator.session.signin import SignInPolicy, pass_user
from tests.session_fixtures import outcome

GOOD = """\
[provider]
server_metadata_url = "https://login.example.com/.well-known/openid-configuration"
client_id = "gameday"
client_secret = "s3cret"
redirect_uri = "https://gameday.example.com/oauth2callback"
cookie_secret = "0123456789abcdef0123456789abcdef"

[facilitators]
users = ["Alice@Example.com"]
groups = ["sre-leads"]
group_claim = "roles"
"""
KEY = b"k" * 32


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sign-in.toml"
    path.write_text(text)
    return path


def test_the_file_becomes_streamlits_auth_section_and_the_policy(tmp_path):
    sign_in = load_sign_in(write(tmp_path, GOOD))
    toml = sign_in.secrets_toml()
    assert toml.startswith("[auth]\n")
    assert 'client_id = "gameday"' in toml
    assert 'client_kwargs = { scope = "openid profile email" }' in toml
    assert sign_in.policy.users == {"Alice@Example.com"}
    assert sign_in.policy.group_claim == "roles"
    assert not sign_in.generated_cookie_secret
    env = sign_in.environment()
    assert SignInPolicy.from_json(env["GAMEDAY_SIGN_IN"]) == sign_in.policy
    assert len(bytes.fromhex(env["GAMEDAY_PASS_KEY"])) == 32


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('client_id = "gameday"\n', ""), "[provider] client_id must be"),
        (lambda t: t.replace("[facilitators]", "[people]"), "needs a [facilitators] section"),
        (lambda t: t.replace("https://gameday.example.com/oauth2callback", "gameday"), "http(s)"),
        (lambda t: t.replace("/oauth2callback", "/callback"), "path /oauth2callback"),
        (lambda t: t.replace("0123456789abcdef0123456789abcdef", "short"), "at least 32"),
        (
            lambda t: t.replace('users = ["Alice@Example.com"]\n', "").replace(
                'groups = ["sre-leads"]\n', ""
            ),
            "names nobody",
        ),
        (lambda t: t.replace('groups = ["sre-leads"]', "groups = 3"), "groups must be a list"),
        (lambda t: t + "colour = 1\n", "unknown setting(s) colour"),
        (lambda t: t.replace("[provider]", "[provider"), "not valid TOML"),
    ],
)
def test_a_bad_file_is_one_clear_line_before_anything_starts(tmp_path, capsys, edit, message):
    path = write(tmp_path, edit(GOOD))
    code = main(["serve", "--port", "1", "--sign-in", str(path), "--database-url", "sqlite://"])
    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith(f"gameday: error: --sign-in {path}: ")
    assert message in err
    assert "Traceback" not in err
    assert err.count("\n") == 1


def test_a_missing_file_is_a_clear_error(tmp_path, capsys):
    missing = tmp_path / "nope.toml"
    assert main(["serve", "--sign-in", str(missing)]) != 0
    assert "cannot read it: No such file or directory" in capsys.readouterr().err


def test_facilitators_by_email_subject_or_group_claim():
    policy = SignInPolicy(frozenset({"alice@example.com", "s-42"}), frozenset({"sre-leads"}))
    assert policy.is_facilitator({"sub": "x", "email": "ALICE@example.com"})
    assert policy.is_facilitator({"sub": "s-42"})
    assert policy.is_facilitator({"sub": "y", "groups": ["dev", "sre-leads"]})
    assert policy.is_facilitator({"sub": "y", "groups": "sre-leads"})
    assert not policy.is_facilitator({"sub": "y", "groups": ["dev"], "email": "bob@example.com"})
    assert not policy.is_facilitator({"sub": "y", "roles": ["sre-leads"]})  # another claim
    named = SignInPolicy(groups=frozenset({"sre-leads"}), group_claim="roles")
    assert named.is_facilitator({"sub": "y", "roles": ["sre-leads"]})
    assert named.display_name({"sub": "y", "email": "y@example.com"}) == "y@example.com"
    assert named.display_name({"sub": "y", "name": "Yan"}) == "Yan"
    assert named.user({"sub": "y"}) == "y"


def test_a_pass_is_bound_to_its_session_user_and_key():
    made = facilitator_pass(KEY, "sess1", "alice@example.com")
    assert pass_user(KEY, "sess1", made) == "alice@example.com"
    assert pass_user(KEY, "sess2", made) is None
    assert pass_user(b"x" * 32, "sess1", made) is None
    assert pass_user(None, "sess1", made) is None
    forged = made.replace(made.split(".")[1], facilitator_pass(KEY, "s", "eve").split(".")[1])
    assert pass_user(KEY, "sess1", forged) is None


def test_who_acted_is_stored_journaled_replayed_and_reported(service, session, clock):
    signed = SessionService(service.store, clock, pass_key=KEY)
    sid = session.session_id
    with pytest.raises(AccessDenied):  # without the key, a pass is just a wrong secret
        service.start(sid, facilitator_pass(KEY, sid, "alice@example.com"))
    fac = facilitator_pass(KEY, sid, "alice@example.com")
    scribe = signed.join(sid, session.join_code, "Bob Builder", "scribe")
    signed.start(sid, fac)
    clock.advance(60)
    event = signed.act(sid, scribe.id, "timeline_note", {"text": "hi"}, user="bob@example.com")
    assert outcome(event) == ("accepted", None)
    signed.pause(sid, session.facilitator_secret)  # the secret still works: no user then
    signed.hint(sid, fac, "Look at the pool")
    users = [(e.kind, e.payload.get("user")) for e in signed.store.events(sid)]
    assert users == [
        ("clock.start", "alice@example.com"),
        ("action", "bob@example.com"),
        ("clock.pause", None),
        ("hint", "alice@example.com"),
    ]
    note = next(e for e in signed.journal(sid).entries if e.get("action") == "timeline_note")
    assert note["user"] == "bob@example.com"
    record = signed.session(sid)
    rebuilt = replay(
        signed.scenario(sid), record.seed, record.speed, signed.store.events(sid), session_id=sid
    )
    assert next(e for e in rebuilt.journal.entries if e.get("id") == note["id"]) == note
    assert action_text(note)[1] == f"{note['id']} Scribe (bob@example.com): Note: hi"
