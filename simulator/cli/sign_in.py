"""`gameday serve --sign-in FILE`: read the operator's sign-in file and hand it to Streamlit.

The file is TOML, kept wherever the operator keeps secrets (not in the repository):

    [provider]                       # the OpenID Connect client the identity provider issued
    server_metadata_url = "https://login.example.com/.well-known/openid-configuration"
    client_id = "gameday"
    client_secret = "..."
    redirect_uri = "https://gameday.example.com/oauth2callback"
    cookie_secret = "..."            # optional: else a random one per start (sign in again)
    scope = "openid profile email"   # optional; add "groups" when the provider needs it asked

    [facilitators]                   # at least one of users / groups
    users = ["alice@example.com"]    # matched against the email or sub claim
    groups = ["sre-leads"]           # matched against the group claim (a list of names)
    group_claim = "groups"           # optional, default "groups"
    name_claim = "name"              # optional: the claim a participant's name comes from

`serve` checks it (a missing or malformed setting is a one-line error, exit 1), writes Streamlit's
`[auth]` section to a private file of its own (mode 0600, removed when serve stops) and points
Streamlit at it with `--secrets.files`; the facilitator rules go to the app as JSON in
`GAMEDAY_SIGN_IN`, and the facilitator pass key (derived from the cookie secret) in
`GAMEDAY_PASS_KEY`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from simulator.cli import UsageError
from simulator.session.signin import (
    PASS_KEY_ENV,
    POLICY_ENV,
    SignInPolicy,
    derive_pass_key,
)

REQUIRED = ("server_metadata_url", "client_id", "client_secret", "redirect_uri")
DEFAULT_SCOPE = "openid profile email"
MIN_COOKIE_SECRET = 32


@dataclass(frozen=True)
class SignIn:
    """A checked sign-in file: Streamlit's `[auth]` settings and the facilitator rules."""

    auth: dict[str, Any]
    policy: SignInPolicy
    generated_cookie_secret: bool

    def secrets_toml(self) -> str:
        lines = ["[auth]"]
        for key, value in self.auth.items():
            if isinstance(value, dict):
                inner = ", ".join(f"{k} = {json.dumps(v)}" for k, v in value.items())
                lines.append(f"{key} = {{ {inner} }}")
            else:
                lines.append(f"{key} = {json.dumps(value)}")
        return "\n".join(lines) + "\n"

    def describe(self) -> str:
        """What `serve` prints about sign-in (never a secret)."""
        text = f"  sign-in:  OpenID Connect, {self.auth['server_metadata_url']}"
        if self.generated_cookie_secret:
            text += (
                "\n  sign-in:  no cookie_secret in the file: a new one each start (sign in again)"
            )
        return text

    def environment(self) -> dict[str, str]:
        return {
            POLICY_ENV: self.policy.to_json(),
            PASS_KEY_ENV: derive_pass_key(str(self.auth["cookie_secret"])),
        }


def load_sign_in(path: Path) -> SignIn:
    """Read and check the sign-in file (UsageError with what is wrong and where)."""
    where = f"--sign-in {path}"
    if importlib.util.find_spec("authlib") is None:
        raise UsageError(f"{where}: sign-in needs Authlib: install the project (pip install -e .)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{where}: cannot read it: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{where}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{where}: not valid TOML: {exc}") from None
    provider = _table(data, "provider", where)
    facilitators = _table(data, "facilitators", where)
    auth, generated = _auth(provider, where)
    return SignIn(auth, _policy(facilitators, where), generated)


def _table(data: dict[str, Any], name: str, where: str) -> dict[str, Any]:
    table = data.get(name)
    if not isinstance(table, dict):
        raise UsageError(
            f"{where}: needs a [{name}] section (see docs/how-to/run-it-for-a-company.md)"
        )
    return table


def _text(table: dict[str, Any], key: str, where: str, section: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{where}: [{section}] {key} must be a non-empty string")
    return value.strip()


def _auth(provider: dict[str, Any], where: str) -> tuple[dict[str, Any], bool]:
    known = {*REQUIRED, "cookie_secret", "scope"}
    unknown = sorted(set(provider) - known)
    if unknown:
        raise UsageError(
            f"{where}: [provider] has unknown setting(s) {', '.join(unknown)} "
            f"(known: {', '.join(sorted(known))})"
        )
    auth: dict[str, Any] = {k: _text(provider, k, where, "provider") for k in REQUIRED}
    for key in ("server_metadata_url", "redirect_uri"):
        parts = urlsplit(auth[key])
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(
                f"{where}: [provider] {key} must be an http(s) URL (got {auth[key]!r})"
            )
    if urlsplit(auth["redirect_uri"]).path != "/oauth2callback":
        raise UsageError(
            f"{where}: [provider] redirect_uri must be the app's address with the path "
            f"/oauth2callback, e.g. https://gameday.example.com/oauth2callback "
            f"(got {auth['redirect_uri']!r})"
        )
    generated = "cookie_secret" not in provider
    cookie = (
        secrets.token_hex(32) if generated else _text(provider, "cookie_secret", where, "provider")
    )
    if len(cookie) < MIN_COOKIE_SECRET:
        raise UsageError(
            f"{where}: [provider] cookie_secret must be at least {MIN_COOKIE_SECRET} characters "
            "(a random string: `python -c 'import secrets; print(secrets.token_hex(32))'`)"
        )
    auth["cookie_secret"] = cookie
    scope = provider.get("scope", DEFAULT_SCOPE)
    if not isinstance(scope, str) or "openid" not in scope.split():
        raise UsageError(f"{where}: [provider] scope must be a string that includes 'openid'")
    auth["client_kwargs"] = {"scope": scope}
    return auth, generated


def _policy(facilitators: dict[str, Any], where: str) -> SignInPolicy:
    known = {"users", "groups", "group_claim", "name_claim"}
    unknown = sorted(set(facilitators) - known)
    if unknown:
        raise UsageError(
            f"{where}: [facilitators] has unknown setting(s) {', '.join(unknown)} "
            f"(known: {', '.join(sorted(known))})"
        )
    users = _names(facilitators, "users", where)
    groups = _names(facilitators, "groups", where)
    if not users and not groups:
        raise UsageError(
            f"{where}: [facilitators] names nobody: give users (emails or subjects) and/or groups"
        )
    claims = {
        k: _text(facilitators, k, where, "facilitators") if k in facilitators else default
        for k, default in (("group_claim", "groups"), ("name_claim", "name"))
    }
    return SignInPolicy(
        frozenset(users), frozenset(groups), claims["group_claim"], claims["name_claim"]
    )


def _names(table: dict[str, Any], key: str, where: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise UsageError(f"{where}: [facilitators] {key} must be a list of non-empty strings")
    return [v.strip() for v in value]


def write_secrets(sign_in: SignIn) -> Path:
    """Streamlit's `[auth]` section in a private file of its own (the caller removes it)."""
    handle, name = tempfile.mkstemp(prefix="gameday-auth-", suffix=".toml")
    with os.fdopen(handle, "w", encoding="utf-8") as out:  # mkstemp: mode 0600
        out.write(sign_in.secrets_toml())
    return Path(name)
