"""Company sign-in in the pages (OpenID Connect through `st.login`; off unless the operator ran
`gameday serve --sign-in FILE`, see `simulator/cli/sign_in.py`).

When it is on, every page first asks the person to sign in; the name a participant joins with
comes from the identity provider's claims, and the facilitator role belongs to the users and
groups the operator named: such a user gets a facilitator pass (`simulator.session.signin`) in
the tab's server-side state instead of a secret, and a session's secret alone no longer makes
anyone a facilitator (a solo player keeps theirs: it is their own practice session). Everything a
signed-in person does is stored with who they are (`user`).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from simulator.session import SignInPolicy, configured_pass_key, configured_policy, facilitator_pass
from simulator.ui.text import escape_markdown

NOT_FACILITATOR = (
    "You are signed in as {user}, who is not a facilitator here: the operator gives the "
    "facilitator role to named people and groups. Join the session as a participant on the Start "
    "page, or ask the operator to add you."
)


@st.cache_resource(show_spinner=False)
def policy() -> SignInPolicy | None:
    """The operator's sign-in policy (None: sign-in is off)."""
    return configured_policy()


def _logged_in() -> bool:
    """Whether someone is signed in (False too when Streamlit has no `[auth]` settings: its
    `st.user` then has no `is_logged_in` at all)."""
    return bool(st.user.get("is_logged_in", False))


def enabled() -> bool:
    return policy() is not None


def claims() -> dict[str, Any]:
    """The signed-in person's claims ({} when sign-in is off or nobody is signed in)."""
    if not enabled() or not _logged_in():
        return {}
    return dict(st.user.to_dict())


def user() -> str | None:
    """Who is signed in, as the journal records it (email, else subject); None when off."""
    found = policy()
    return (found.user(claims()) or None) if found is not None else None


def display_name() -> str:
    found = policy()
    return found.display_name(claims()) if found is not None else ""


def is_facilitator() -> bool:
    found = policy()
    return found is not None and bool(claims()) and found.is_facilitator(claims())


def facilitator_credential(session_id: str, secret: str | None) -> str | None:
    """What this tab may facilitate `session_id` with: the secret when sign-in is off, a pass for
    a signed-in facilitator, None for anyone else."""
    if not enabled():
        return secret
    key, who = configured_pass_key(), user()
    if key is None or who is None or not is_facilitator():
        return None
    return facilitator_pass(key, session_id, who)


def may_facilitate() -> bool:
    """Whether this tab may create or run a team session as its facilitator."""
    return not enabled() or is_facilitator()


def refusal() -> str:
    return NOT_FACILITATOR.format(user=user() or "someone")


def create_refusal() -> str:
    return (
        f"Only the facilitators the operator named can run a game day here (you are signed in "
        f"as {user() or 'someone'}); join a session with its code instead."
    )


def gate() -> None:
    """Before any page: with sign-in on, nobody gets further without signing in."""
    found = policy()
    if found is None or _logged_in():
        return
    st.title("Game day", anchor=False)
    st.markdown(
        "This game day server uses your company sign-in: your name and your role come from "
        "your account."
    )
    if st.button(f"Sign in with {found.label}", key="signin_login", type="primary"):
        st.login()
    st.stop()


def account_bar() -> None:
    """Who is signed in, whether they facilitate, and a sign-out button."""
    if not enabled() or not _logged_in():
        return
    role = "facilitator" if is_facilitator() else "participant"
    with st.container(horizontal=True, vertical_alignment="center", width="content"):
        st.caption(escape_markdown(f"Signed in as {display_name()} ({user()}), {role}"))
        signed_out = st.button("Sign out", key="signin_logout", icon=":material/logout:")
    if signed_out:
        st.session_state.clear()
        st.logout()
