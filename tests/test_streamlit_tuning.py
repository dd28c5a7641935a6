"""The cheaper pieces of Streamlit's run start answer as Streamlit's own (issue 13)."""

from __future__ import annotations

import asyncio
import threading

import pytest
from streamlit import config
from streamlit.proto.NewSession_pb2 import NewSession
from streamlit.runtime import app_session
from streamlit.runtime.app_session import AppSession

from app_pages.common import streamlit_tuning as tuning

THEME_SECTIONS = (
    "theme",
    "theme.light",
    "theme.dark",
    "theme.sidebar",
    "theme.light.sidebar",
    "theme.dark.sidebar",
)


def _themes(populate) -> bytes:
    """A `new_session` message's theme, populated section by section as Streamlit does."""
    message = NewSession()
    theme = message.custom_theme
    for section, part in zip(
        THEME_SECTIONS,
        (theme, theme.light, theme.dark, theme.sidebar, theme.light.sidebar, theme.dark.sidebar),
        strict=True,
    ):
        populate(part, section)
    return message.SerializeToString()


@pytest.fixture
def colour():
    """A theme colour changed for the test (and put back), as a parse of the config would."""
    option = config.get_config_options()["theme.light.primaryColor"]
    before, where = option.value, option.where_defined
    yield option
    option.set_value(before, where)
    tuning.forget_themes()


def test_every_section_reads_the_same_dict_in_the_same_order() -> None:
    original = tuning.STREAMLIT_SECTIONS
    assert original is not None and not getattr(original, "_gameday_tuned", False)
    sections = sorted({option.section for option in config.get_config_options().values()})
    assert {*THEME_SECTIONS, "server", "client"} <= set(sections)
    for section in [*sections, "no.such.section"]:
        expected = original(section)
        found = tuning.options_for_section(section)
        assert list(found.items()) == list(expected.items()), section


def test_a_value_set_after_the_index_was_built_is_read(colour) -> None:
    tuning.options_for_section("theme.light")  # the index exists
    colour.set_value("#123456")
    assert tuning.options_for_section("theme.light")["primaryColor"] == "#123456"


def test_a_new_set_of_options_gets_a_new_index(monkeypatch) -> None:
    options = dict(config.get_config_options())
    extra = config.ConfigOption("theme.gamedayProbe", description="probe", default_val="x")
    options[extra.key] = extra
    monkeypatch.setattr(config, "_config_options", options)
    assert tuning.options_for_section("theme")["gamedayProbe"] == "x"
    assert tuning.STREAMLIT_SECTIONS is not None
    assert tuning.options_for_section("theme") == tuning.STREAMLIT_SECTIONS("theme")


def test_the_kept_theme_messages_are_streamlits_own(colour) -> None:
    assert tuning.STREAMLIT_THEME is not None
    tuning.forget_themes()
    colour.set_value("#1f5fbf")
    expected = _themes(tuning.STREAMLIT_THEME)
    assert NewSession.FromString(expected).custom_theme.light.primary_color == "#1f5fbf"
    assert _themes(tuning.populate_theme) == expected  # built and kept
    assert _themes(tuning.populate_theme) == expected  # from what was kept


def test_a_parse_of_the_config_drops_the_kept_themes(colour) -> None:
    config.on_config_parsed(tuning.forget_themes, force_connect=True)
    colour.set_value("#1f5fbf")
    _themes(tuning.populate_theme)
    colour.set_value("#aa0000")  # what a changed config.toml does, then:
    config._on_config_parsed.send()
    light = NewSession.FromString(_themes(tuning.populate_theme)).custom_theme.light
    assert light.primary_color == "#aa0000"


def test_install_puts_all_three_in_place_once(monkeypatch) -> None:
    monkeypatch.setattr(config, tuning.SECTIONS_NAME, tuning.STREAMLIT_SECTIONS)
    monkeypatch.setattr(app_session, tuning.THEME_NAME, tuning.STREAMLIT_THEME)
    monkeypatch.setattr(AppSession, tuning.EVENT_NAME, tuning.STREAMLIT_EVENT)
    assert tuning.install()
    assert config.get_options_for_section is tuning.options_for_section
    assert app_session._populate_theme_msg is tuning.populate_theme
    assert AppSession._on_scriptrunner_event is tuning.on_scriptrunner_event
    assert tuning.install()  # again: nothing changes
    assert config.get_options_for_section is tuning.options_for_section


def test_install_leaves_functions_it_does_not_know_alone(monkeypatch) -> None:
    def other(*args: object) -> None:
        return None

    monkeypatch.setattr(config, tuning.SECTIONS_NAME, other)
    monkeypatch.setattr(app_session, tuning.THEME_NAME, other)
    monkeypatch.setattr(AppSession, tuning.EVENT_NAME, other)
    assert not tuning.install()
    assert config.get_options_for_section is other
    assert app_session._populate_theme_msg is other
    assert AppSession._on_scriptrunner_event is other


class Recorder:
    """The two AppSession methods the event batching uses, on a real event loop: events are
    handled on the loop's thread, and counted wake-ups of the loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.handled: list[tuple[object, ...]] = []
        self.wakeups = 0
        self.threads: set[int] = set()

    def _call_soon_on_event_loop(self, callback) -> None:
        self.wakeups += 1
        self.loop.call_soon_threadsafe(callback)

    def _handle_scriptrunner_event_on_event_loop(self, *args: object, **kwargs: object) -> None:
        self.threads.add(threading.get_ident())
        if kwargs.get("fail"):
            raise RuntimeError("a failing handler")
        self.handled.append(args)


def test_events_are_handled_on_the_loop_in_order_with_fewer_wakeups() -> None:
    loop = asyncio.new_event_loop()
    session = Recorder(loop)
    senders, each = 4, 500

    def send(sender: int) -> None:
        for k in range(each):
            tuning.on_scriptrunner_event(session, sender, k, fail=(k == 7))  # type: ignore[arg-type]

    async def run() -> None:
        threads = [threading.Thread(target=send, args=(s,)) for s in range(senders)]
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            await asyncio.sleep(0.001)
        await asyncio.sleep(0.05)  # the last drain

    loop_thread = threading.get_ident()
    loop.run_until_complete(run())
    loop.close()
    assert session.threads == {loop_thread}
    for sender in range(senders):  # every event but the failing ones, each sender's in order
        assert [k for s, k in session.handled if s == sender] == [k for k in range(each) if k != 7]
    assert session.wakeups < senders * each / 2  # one per batch, not one per event
