"""Two cheaper pieces of Streamlit's run start (issue 13).

Streamlit sends a `new_session` message at the start of every script run, fragment runs
included: one a second for each open console. Building it reads six `theme*` config sections
through `streamlit.config.get_options_for_section`, which walks all of Streamlit's ~250 options
for each section, and turns each section into a protobuf message. Under load that was about 7 %
of the server's CPU, the largest single cost outside the app's own drawing.

- `options_for_section` answers the same lookup from an index of the options by section, built
  once per set of options (`streamlit.config` replaces its dict of options when it parses the
  config again), and reads each value at the time of the call, as the original does: the same
  dict, in the same order.
- `populate_theme` keeps each section's theme message as Streamlit builds it, and merges the
  kept bytes into the run's message. The kept bytes are dropped whenever Streamlit parses its
  config again (`config.on_config_parsed`), which is how every supported way of setting a theme
  takes effect (`config.toml`, command-line flags, environment variables).

`install()` puts them in place once per process, and only over the functions they were written
against (`STREAMLIT_SECTIONS`, `STREAMLIT_THEME`): on a Streamlit whose functions differ it does
nothing and the pages work as before, only a little slower. `tests/test_streamlit_tuning.py`
checks that both answer as Streamlit's own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from streamlit import config
from streamlit.config_option import ConfigOption
from streamlit.runtime import app_session

SECTIONS_NAME = "get_options_for_section"
THEME_NAME = "_populate_theme_msg"
_MARK = "_gameday_tuned"

Index = dict[str, list[ConfigOption]]
STREAMLIT_SECTIONS: Callable[[str], dict[str, Any]] | None = getattr(config, SECTIONS_NAME, None)
STREAMLIT_THEME: Callable[..., None] | None = getattr(app_session, THEME_NAME, None)
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


def install() -> bool:
    """Put both in place of Streamlit's (once per process); whether they are."""
    sections = _swap(config, SECTIONS_NAME, STREAMLIT_SECTIONS, options_for_section)
    theme = _swap(app_session, THEME_NAME, STREAMLIT_THEME, populate_theme)
    if theme:
        config.on_config_parsed(forget_themes, force_connect=True)
    return sections is not False and theme is not False


def _swap(module: Any, name: str, known: Any, ours: Callable[..., Any]) -> bool | None:
    """Put `ours` at `module.name` if Streamlit's `known` function is there: True when put now,
    None when it was already, False when the function there is not the one we know."""
    current = getattr(module, name, None)
    if getattr(current, _MARK, False):
        return None
    if current is None or current is not known or current.__module__ != module.__name__:
        return False
    setattr(ours, _MARK, True)
    setattr(module, name, ours)
    return True
