"""Long lists drawn one page at a time, newest first, so a session with thousands of entries
keeps every console light: a one-second fragment redraws at most `PAGE_SIZE` elements, whatever
the length of the list (10,000 timeline notes used to mean 70-80k DOM nodes and a frozen page)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeVar

import streamlit as st

T = TypeVar("T")
PAGE_SIZE = 50


def newest_page(items: Sequence[T], key: str, size: int = PAGE_SIZE) -> list[T]:
    """One page of `items` (oldest first in, newest first out); with more than one page, a page
    picker (`key`) and a caption with the count."""
    pages = max(1, math.ceil(len(items) / size))
    page = 1
    if pages > 1:
        page = int(st.number_input("Page (newest first)", 1, pages, 1, key=key, width=160) or 1)
        page = min(max(page, 1), pages)
        first = (page - 1) * size
        last = min(first + size, len(items))
        st.caption(f"{len(items)} entries; showing {first + 1}-{last}, newest first.")
    newest = list(reversed(items))
    return newest[(page - 1) * size : page * size]
