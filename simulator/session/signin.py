"""Company sign-in (OpenID Connect): who may facilitate, and the facilitator pass.

When the operator turns sign-in on (`gameday serve --sign-in FILE`), the web app signs people in
with Streamlit's `st.login` and the facilitator role belongs to named users (matched against the
`email` or `sub` claim) and/or members of named groups (a list claim, `groups` by default), not to
whoever holds a session's secret.

The store keeps only a hash of each session's secret, so a signed-in facilitator who never saw the
secret gets a **facilitator pass** instead: `signed-in.<user>.<mac>`, an HMAC over the session id
and the user under a key only the serving processes know (`gameday serve` derives it from the
cookie secret, so every worker agrees). The session service takes a pass wherever it takes the
secret, and records the pass's user as `user` in the payload of the event it stores (who acted).
A pass never leaves the server: the pages keep it in the tab's server-side state.

Nothing here knows about Streamlit: claims are a plain mapping.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

POLICY_ENV = "GAMEDAY_SIGN_IN"
PASS_KEY_ENV = "GAMEDAY_PASS_KEY"
PASS_PREFIX = "signed-in."
MAX_USER = 200


@dataclass(frozen=True)
class SignInPolicy:
    """Who facilitates when sign-in is on; which claims name a person."""

    users: frozenset[str] = frozenset()  # emails or subjects, compared case-insensitively
    groups: frozenset[str] = frozenset()
    group_claim: str = "groups"
    name_claim: str = "name"
    label: str = field(default="your company account", compare=False)  # the sign-in button's

    def is_facilitator(self, claims: Mapping[str, Any]) -> bool:
        ids = {str(claims.get(k, "")).strip().lower() for k in ("email", "sub")} - {""}
        if ids & {u.lower() for u in self.users}:
            return True
        held = claims.get(self.group_claim)
        if isinstance(held, str):
            held = [held]
        if not isinstance(held, list | tuple):
            return False
        return bool({str(g) for g in held} & self.groups)

    def user(self, claims: Mapping[str, Any]) -> str:
        """Who this is in the journal: the email when there is one, else the subject."""
        found = str(claims.get("email") or claims.get("sub") or "").strip()
        return found[:MAX_USER]

    def display_name(self, claims: Mapping[str, Any]) -> str:
        """The name a participant joins with: the name claim, else the email, else the subject."""
        for key in (self.name_claim, "name", "preferred_username", "email", "sub"):
            value = claims.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return "Signed-in user"

    def to_json(self) -> str:
        return json.dumps(
            {
                "users": sorted(self.users),
                "groups": sorted(self.groups),
                "group_claim": self.group_claim,
                "name_claim": self.name_claim,
                "label": self.label,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> SignInPolicy:
        data = json.loads(text)
        return cls(
            users=frozenset(data.get("users", ())),
            groups=frozenset(data.get("groups", ())),
            group_claim=str(data.get("group_claim", "groups")),
            name_claim=str(data.get("name_claim", "name")),
            label=str(data.get("label", "your company account")),
        )


def configured_policy(env: Mapping[str, str] | None = None) -> SignInPolicy | None:
    """The policy `gameday serve` handed the app (None: sign-in is off)."""
    text = (env if env is not None else os.environ).get(POLICY_ENV, "").strip()
    return SignInPolicy.from_json(text) if text else None


def configured_pass_key(env: Mapping[str, str] | None = None) -> bytes | None:
    text = (env if env is not None else os.environ).get(PASS_KEY_ENV, "").strip()
    return bytes.fromhex(text) if text else None


def derive_pass_key(cookie_secret: str) -> str:
    """The pass key (hex) from the cookie secret: the same on every worker of one deployment."""
    return hmac.new(cookie_secret.encode(), b"gameday facilitator pass", hashlib.sha256).hexdigest()


def facilitator_pass(key: bytes, session_id: str, user: str) -> str:
    encoded = base64.urlsafe_b64encode(user.encode()).decode().rstrip("=")
    return f"{PASS_PREFIX}{encoded}.{_mac(key, session_id, user)}"


def pass_user(key: bytes | None, session_id: str, text: object) -> str | None:
    """The user a valid pass for `session_id` names; None for anything else."""
    if key is None or not isinstance(text, str) or not text.startswith(PASS_PREFIX):
        return None
    encoded, _, mac = text[len(PASS_PREFIX) :].partition(".")
    try:
        user = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return user if hmac.compare_digest(mac, _mac(key, session_id, user)) else None


def _mac(key: bytes, session_id: str, user: str) -> str:
    return hmac.new(key, f"{session_id}\0{user}".encode(), hashlib.sha256).hexdigest()


def names(values: Sequence[str]) -> str:
    return ", ".join(values) if values else "nobody"
