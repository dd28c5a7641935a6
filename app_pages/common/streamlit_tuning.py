"""Three cheaper pieces of Streamlit's server for the live page (issue 13).

Streamlit sends a `new_session` message at the start of every script run, fragment runs
included: one a second for each open console. Building it reads six `theme*` config sections
through `streamlit.config.get_options_for_section`, which walks all of Streamlit's ~250 options
for each section, and turns each section into a protobuf message. And every element a run draws
is an event that the run's thread hands to the event loop with `call_soon_threadsafe`: one
wake-up of the loop (a write to its self-pipe, a switch of threads) per element.

- `options_for_section` answers the section lookup from an index of the options by section,
  built once per set of options (`streamlit.config` replaces its dict of options when it parses
  the config again), and reads each value at the time of the call, as the original does: the
  same dict, in the same order.
- `populate_theme` keeps each section's theme message as Streamlit builds it, and merges the
  kept bytes into the run's message. The kept bytes are dropped whenever Streamlit parses its
  config again (`config.on_config_parsed`), which is how every supported way of setting a theme
  takes effect (`config.toml`, command-line flags, environment variables).
- `on_scriptrunner_event` keeps a session's events in a batch and wakes the loop once per batch;
  the loop handles the batch's events in the order they came, as Streamlit's own handler would.

`install()` puts them in place once per process, and only over the functions they were written
against (`STREAMLIT_SECTIONS`, `STREAMLIT_THEME`, `STREAMLIT_EVENT`): on a Streamlit whose
functions differ it does nothing and the pages work as before, only slower.
`tests/test_streamlit_tuning.py` checks each against Streamlit's own behaviour; `make loadtest`
measures them (see `docs/reference/pages.md`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any

from streamlit import config
from streamlit.config_option import ConfigOption
from streamlit.runtime import app_session
from streamlit.runtime.app_session import AppSession

SECTIONS_NAME = "get_options_for_section"
THEME_NAME = "_populate_theme_msg"
EVENT_NAME = "_on_scriptrunner_event"
_MARK = "_gameday_tuned"

Index = dict[str, list[ConfigOption]]
STREAMLIT_SECTIONS: Callable[[str], dict[str, Any]] | None = getattr(config, SECTIONS_NAME, None)
STREAMLIT_THEME: Callable[..., None] | None = getattr(app_session, THEME_NAME, None)
STREAMLIT_EVENT: Callable[..., None] | None = getattr(AppSession, EVENT_NAME, None)
_LOGGER = logging.getLogger(__name__)
_built: tuple[int, int, Index] | None = None  # (id and size of the options dict, its index)
_themes: dict[tuple[str, int], bytes] = {}  # (section, options dict id) -> the section's message


def index_of(options: Mapping[str, ConfigOption]) -> Index:
    """The options by section, each section's in the order `options` holds them."""
    index: Index = {}
    for option in options.values():
        index.setdefault(option.section, []).append(option)
    return index


def _index(options: dict[str, ConfigOption]) -> Index:
    global _built
    if _built is None or _built[0] != id(options) or _built[1] != len(options):
        _built = (id(options), len(options), index_of(options))
    return _built[2]


def options_for_section(section: str) -> dict[str, Any]:
    """What `streamlit.config.get_options_for_section(section)` returns, without the walk."""
    with config._config_lock:
        options = config.get_config_options()
        return {option.name: option.value for option in _index(options).get(section, ())}


def populate_theme(msg: Any, section: str = "theme") -> None:
    """What Streamlit's `_populate_theme_msg(msg, section)` does to a new message, from the
    section's message kept since the config was last parsed."""
    if STREAMLIT_THEME is None:
        return
    key = (section, id(config.get_config_options()))
    kept = _themes.get(key)
    if kept is None:
        built = type(msg)()
        STREAMLIT_THEME(built, section)
        kept = _themes[key] = built.SerializeToString()
    if kept:  # merging nothing would still mark a sub-message as set
        msg.MergeFromString(kept)


def forget_themes() -> None:
    _themes.clear()


class Batch:
    """A session's script-runner events not yet handled on the event loop, in order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[tuple[Any, ...]] = []

    def add(self, item: tuple[Any, ...]) -> bool:
        """Keep `item`; whether the batch was empty (then a drain must be scheduled)."""
        with self._lock:
            self._items.append(item)
            return len(self._items) == 1

    def take(self) -> list[tuple[Any, ...]]:
        with self._lock:
            items, self._items = self._items, []
            return items


def on_scriptrunner_event(session: AppSession, *args: Any, **kwargs: Any) -> None:
    """What Streamlit's `AppSession._on_scriptrunner_event` does (handle the event on the event
    loop, in the order events came), with one wake-up of the loop per batch of events instead of
    one per event: each element a run draws is an event."""
    batch: Batch = session.__dict__.setdefault("_gameday_events", Batch())
    if batch.add((args, kwargs)):
        session._call_soon_on_event_loop(lambda: drain(session, batch))


def drain(session: AppSession, batch: Batch) -> None:
    """Handle every event kept so far, in order (a failing one is logged, as the event loop
    logs a failing callback, and the rest are still handled)."""
    for args, kwargs in batch.take():
        try:
            session._handle_scriptrunner_event_on_event_loop(*args, **kwargs)
        except Exception:
            _LOGGER.exception("Handling a script runner event failed")


def install() -> bool:
    """Put all three in place of Streamlit's (once per process); whether they are."""
    sections = _swap(config, SECTIONS_NAME, STREAMLIT_SECTIONS, options_for_section)
    theme = _swap(app_session, THEME_NAME, STREAMLIT_THEME, populate_theme)
    if theme:
        config.on_config_parsed(forget_themes, force_connect=True)
    events = _swap(AppSession, EVENT_NAME, STREAMLIT_EVENT, on_scriptrunner_event, app_session)
    return all(swapped is not False for swapped in (sections, theme, events))


def _swap(
    owner: Any, name: str, known: Any, ours: Callable[..., Any], module: Any = None
) -> bool | None:
    """Put `ours` at `owner.name` if Streamlit's `known` function is there (defined in `module`,
    the owner itself when a module): True when put now, None when it was already, False when
    the function there is not the one we know."""
    current = getattr(owner, name, None)
    if getattr(current, _MARK, False):
        return None
    home = (module or owner).__name__
    if current is None or current is not known or current.__module__ != home:
        return False
    setattr(ours, _MARK, True)
    setattr(owner, name, ours)
    return True
