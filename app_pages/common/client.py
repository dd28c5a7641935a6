"""Who is asking, for the join-code guessing limit (`simulator.session.guessing`).

In order: the header the operator's proxy sets (`GAMEDAY_CLIENT_HEADER`, e.g. `X-Forwarded-For`:
its first address), else the connection's own address, else (a browser on the same machine, or a
proxy on it that sends no header) the browser: Streamlit's XSRF cookie, else this tab's session.
A header is trusted only when the operator names it, since any client can send one.
"""

from __future__ import annotations

import ipaddress
import os
import uuid

import streamlit as st

CLIENT_HEADER_ENV = "GAMEDAY_CLIENT_HEADER"
_TAB_KEY = "_gameday_client_tab"


def _text(value: object) -> str:
    """A non-empty string, else "" (AppTest's runtime reports mocks for the connection)."""
    return value.strip() if isinstance(value, str) else ""


def remote_address(value: object) -> str:
    """The connection's address, or "" for none or a loopback one: every browser on this machine
    (and every user of a proxy on it) shares a loopback address, so it tells nobody apart.
    Streamlit leaves out only `127.0.0.1` and `::1`; an IPv4-mapped `::ffff:127.0.0.1` (what a
    dual-stack server sees) is loopback too."""
    text = _text(value)
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return ""
    mapped = getattr(address, "ipv4_mapped", None)
    return "" if (mapped or address).is_loopback else text


def xsrf_token(cookie: str) -> str:
    """The token inside Streamlit's (Tornado's) `_streamlit_xsrf` cookie, `2|mask|masked|time`:
    the browser keeps the token, but each page load masks it afresh, so the raw cookie changes."""
    parts = cookie.split("|")
    try:
        if len(parts) == 4 and parts[0] == "2":
            mask, masked = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
            if mask:
                return bytes(b ^ mask[i % len(mask)] for i, b in enumerate(masked)).hex()
    except ValueError:
        pass
    return cookie


def client_identity() -> str:
    header = os.environ.get(CLIENT_HEADER_ENV, "").strip()
    if header:
        forwarded = _text(st.context.headers.get(header)).split(",")[0].strip()
        if forwarded:
            return f"header:{forwarded}"
    address = remote_address(st.context.ip_address)
    if address:
        return f"ip:{address}"
    cookie = _text(st.context.cookies.get("_streamlit_xsrf"))
    if cookie:
        return f"browser:{xsrf_token(cookie)}"
    if _TAB_KEY not in st.session_state:
        st.session_state[_TAB_KEY] = uuid.uuid4().hex
    return f"tab:{st.session_state[_TAB_KEY]}"
