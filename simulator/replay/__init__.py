"""Replay you can scrub: a finished exercise as it stood at any moment, from its journal.

    replay = Replay(journal, for_facilitator=False)
    moment = replay.at(12 * 60, ["error_ratio", "request_rate"])
    moment.series[0].times[-1], moment.alerts, moment.open_pages, moment.notes

The dashboards, alerts, pager, messages, status updates and the scribe's timeline at `t`, and
for the facilitator the ground truth (each fault's state, what each action did). Nothing is
re-run: the state at `t` is the journal's prefix up to `t`. See docs/reference/replay.md.
"""

from simulator.replay.moment import Moment
from simulator.replay.pages import PageState
from simulator.replay.replay import Replay

__all__ = ["Moment", "PageState", "Replay"]
