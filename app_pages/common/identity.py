"""Who is using this browser tab: a session id with a participant id, a facilitator secret, or
both (solo practice). Kept in `st.session_state` and mirrored into `st.query_params`
(`?session=...&participant=...`), so a browser refresh keeps a participant in their session.
A URL's credentials are checked against the store once per browser session.

A facilitator's secret is taken from the link once and then kept out of the address bar (the URL
becomes `?session=...&as=facilitator`), so a screen share or a shared address does not give the
controls away. A reload of that tab starts a new browser session without the secret: the Start
page then says to open the facilitator link again or join with the secret. A solo player's link
keeps its secret (it is their only way back, and a solo session has no one to hide it from).

With company sign-in (`signin.py`) a facilitator's credential is a pass made for the signed-in
user, never a secret: the reloaded `?session=...&as=facilitator` link restores it for a user the
operator named, and is refused, saying why, for anyone else; a team session's secret in a link is
refused then too. `user` is who is signed in, stored with everything the tab does."""

from __future__ import annotations

from dataclasses import dataclass, replace

import streamlit as st

from app_pages.common import outage, signin
from app_pages.common.service import service
from simulator.session import SessionError, StoreError, held_roles

STATE_KEY = "identity"
PROBLEM_KEY = "identity_problem"
PARAMS = ("session", "participant", "secret", "as")
AS_FACILITATOR = "facilitator"
RELOADED = (
    "This tab no longer holds the facilitator secret: it is kept out of the address bar after "
    "the page loads, so a screen share does not show it, and a reload forgets it. Open your "
    "facilitator link (the one with the secret) again, or join below as facilitator with the "
    "join code and the secret."
)


@dataclass(frozen=True)
class Identity:
    session_id: str
    participant_id: str | None = None
    secret: str | None = None
    name: str = ""
    role: str = "facilitator"  # the participant's role; "facilitator" with a secret only
    solo: bool = False
    user: str | None = None  # who is signed in (company sign-in), recorded with every action

    @property
    def is_player(self) -> bool:
        return self.participant_id is not None

    @property
    def is_facilitator(self) -> bool:
        """Holds the facilitator's tools (a solo player holds them too)."""
        return self.secret is not None

    @property
    def held(self) -> tuple[str, ...]:
        return held_roles(self.role, self.solo) if self.is_player else ("facilitator",)


def current() -> Identity | None:
    """This tab's identity: from session state, else restored from the URL."""
    found = st.session_state.get(STATE_KEY)
    if isinstance(found, Identity):
        _mirror(found)
        return found
    params = {k: st.query_params.get(k) for k in PARAMS}
    if not params["session"]:
        return None
    reloaded = params["as"] == AS_FACILITATOR and not params["secret"] and not params["participant"]
    if reloaded and signin.enabled():
        params["secret"] = signin.facilitator_credential(str(params["session"]), None)
        if params["secret"] is None:
            st.session_state[PROBLEM_KEY] = signin.refusal()
    if reloaded and not params["secret"]:
        st.session_state.setdefault(PROBLEM_KEY, RELOADED)
        for key in PARAMS:
            st.query_params.pop(key, None)
        return None
    try:
        restored = _restore(params["session"], params["participant"], params["secret"])
    except StoreError as exc:  # the link may be fine: keep it, wait for the store, then check
        outage.report(exc)
        outage.wait_for(lambda: service().session(str(params["session"])))
        st.stop()
    if restored is None:
        for key in PARAMS:
            st.query_params.pop(key, None)
        return None
    st.session_state[STATE_KEY] = restored
    _mirror(restored)  # the secret leaves the address bar on this first run
    return restored


def facilitating(session_id: str, secret: str) -> Identity:
    """The identity of the facilitator who just created `session_id` (with its `secret`): a
    signed-in facilitator holds a pass instead (`signin.may_facilitate` was checked first)."""
    credential = signin.facilitator_credential(session_id, secret) or secret
    return Identity(session_id, secret=credential, user=signin.user())


def set_current(identity: Identity) -> None:
    st.session_state[STATE_KEY] = identity
    st.session_state.pop(PROBLEM_KEY, None)
    _mirror(identity)


def leave() -> None:
    st.session_state.pop(STATE_KEY, None)
    for key in PARAMS:
        st.query_params.pop(key, None)


def take_problem() -> str | None:
    """Why the URL's credentials were not accepted (once)."""
    return st.session_state.pop(PROBLEM_KEY, None)


def query_params(identity: Identity | None) -> dict[str, str]:
    """The URL parameters that carry `identity` (none for nobody)."""
    if identity is None:
        return {}
    facilitator_only = identity.participant_id is None
    wanted = {
        "session": identity.session_id,
        "participant": identity.participant_id,
        "secret": None if facilitator_only else identity.secret,  # a solo player keeps theirs
        "as": AS_FACILITATOR if facilitator_only else None,
    }
    return {k: v for k, v in wanted.items() if v is not None}


def _mirror(identity: Identity) -> None:
    wanted = query_params(identity)
    for key in PARAMS:
        value = wanted.get(key)
        if value is None:
            st.query_params.pop(key, None)
        elif st.query_params.get(key) != value:
            st.query_params[key] = value


def _restore(session_id: str, participant_id: str | None, secret: str | None) -> Identity | None:
    try:
        svc = service()
        record = svc.session(session_id)
        identity = Identity(session_id, solo=record.solo)
        identity = replace(identity, user=signin.user())
        if secret and signin.enabled() and not record.solo and not signin.is_facilitator():
            raise SessionError(signin.refusal())
        if secret:
            svc.events(session_id, secret)  # AccessDenied for a wrong secret
            identity = replace(identity, secret=secret)
        if participant_id:
            found = next((p for p in svc.participants(session_id) if p.id == participant_id), None)
            if found is None:
                raise SessionError(f"no participant {participant_id!r} in session {session_id}")
            identity = replace(identity, participant_id=found.id, name=found.name, role=found.role)
        elif not secret:
            raise SessionError("the link names a session but not who you are; join again")
    except StoreError:
        raise
    except SessionError as exc:
        st.session_state[PROBLEM_KEY] = f"Could not rejoin from the link: {exc}"
        return None
    return identity
