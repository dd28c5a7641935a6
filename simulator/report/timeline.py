"""The merged timeline: ground truth, alerts, pages, injects, actions, comms and scribe notes in
time order, each as one plain-text line (renderers escape it for their format)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.durations import format_clock
from simulator.journal import Journal
from simulator.report.model import TimelineEntry
from simulator.roles import role_short as role_name

Entry = dict[str, Any]

INJECT_EXCERPT = 160


def excerpt(text: object, limit: int = INJECT_EXCERPT) -> str:
    """One line, at most `limit` characters."""
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def describe_params(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items())


# ---------------------------------------------------------------- one function per kind


def _fault_start(e: Entry) -> str:
    return f"Fault {e['fault']} ({e.get('type', '?')}) begins; players cannot see this"


def _fault_end(e: Entry) -> str:
    reason = e.get("reason") or ""
    why = f": {reason}" if reason and reason != "cleared by itself" else ""
    if e.get("by"):
        return f"Fault {e['fault']} ends after {e['by']}{why}"
    return f"Fault {e['fault']} ends by itself{why}"


def _fault_mitigated(e: Entry) -> str:
    return f"Stop-gap {e['by']} ({e.get('action_id', '?')}) relieves {e['fault']} for a while"


def _harmful(e: Entry) -> str:
    return f"Harmful: {e['by']} ({e.get('action_id', '?')}) makes {e['fault']} worse"


def _impact_start(e: Entry) -> str:
    breached = ", ".join(e.get("breached", [])) or "SLO"
    return f"Customer impact begins ({breached} past its SLO threshold)"


def _impact_end(e: Entry) -> str:
    started = e.get("started")
    since = f" (began {format_clock(float(started))})" if started is not None else ""
    by = f" after {e['by']} ({e.get('action_id', '?')})" if e.get("by") else ""
    return f"Customer impact ends{by}{since}"


def _evicted(e: Entry) -> str:
    return f"Pod {e.get('pod', '?')} evicted ({e.get('reason', 'ephemeral storage full')})"


def _migration_reverted(e: Entry) -> str:
    return f"Schema migration {e.get('version', '?')} reverted"


def _queue_purged(e: Entry) -> str:
    return f"Queue purged: {e.get('messages_lost', '?')} messages lost"


def _oom(e: Entry) -> str:
    return f"Pod {e.get('pod', '?')} OOM-killed (restarts: {e.get('restarts', '?')})"


def _rollback(e: Entry) -> str:
    return f"Rollback of {e.get('version', '?')} to {e.get('to', '?')} starts rolling"


def _end(e: Entry) -> str:
    state = "customer impact still ongoing" if e.get("impact_ongoing") else "no customer impact"
    firing = ", ".join(e.get("firing", []))
    return f"Exercise ends: {state}" + (f"; still firing: {firing}" if firing else "")


def _session_end(e: Entry) -> str:
    scenario_end = e.get("scenario_end")
    rest = f" (the scenario runs to {format_clock(float(scenario_end))})" if scenario_end else ""
    return f"The facilitator ends the exercise early{rest}"


def _extend(e: Entry) -> str:
    return f"The facilitator extends the exercise to {format_clock(float(e.get('end', 0.0)))}"


def _alert_firing(e: Entry) -> str:
    return f"{e['alert']} firing ({e.get('severity', '?')}): {e.get('summary', '')}"


def _alert_resolved(e: Entry) -> str:
    return f"{e['alert']} resolved"


def _page(e: Entry) -> str:
    verb = {
        "page.triggered": f"sent to {e.get('target', '?')}",
        "page.escalated": f"escalated to {e.get('target', '?')} (not acknowledged in time)",
        "page.acknowledged": f"acknowledged by {role_name(e.get('by'))}",
        "page.resolved": f"resolved ({role_name(e.get('by'))})",
    }[e["kind"]]
    text = f"Page {e['page']} {verb}"
    return text + (f": {e.get('summary', '')}" if e["kind"] == "page.triggered" else "")


def _inject(e: Entry) -> str:
    head = f"{e.get('channel', 'message')} from {e.get('sender', '?')}"
    body = e.get("subject") or ""
    body = f"{body}: {e.get('text', '')}" if body else e.get("text", "")
    noise = " [noise]" if e.get("noise") else ""
    return f"{head}{noise}: {excerpt(body)}"


def _action_effect(e: Entry) -> str:
    return f"{e.get('action_id', '?')} {e.get('action', '?')} landed: {e.get('detail', '')}"


def _roster(e: Entry) -> str:
    name, role, was = e.get("name", "?"), role_name(e.get("role")), role_name(e.get("previous"))
    change = e.get("change")
    if change == "transfer":
        if e.get("role") == "ic":
            return f"{name} took command (was {was})"
        return f"{name} handed over command and is now {role}"
    if change == "remove":
        return f"The facilitator removed {name} ({was})"
    return f"The facilitator reassigned {name} from {was} to {role}"


def _forked_from(e: Entry) -> str:
    at = format_clock(float(e.get("at") or e["t"]))
    return (
        f"Forked from session {e.get('parent', '?')} at {at}: everything before was replayed "
        "from it; the score counts what happens from here"
    )


def _step(e: Entry) -> str:
    return f"Step {e.get('n', '?')} (tabletop): the clock waited here for the group"


def _decision(e: Entry) -> str:
    action = str(e.get("action", "?")).replace("_", " ")
    return f"{role_name(e.get('role'))} decided: {action} (applied when the facilitator advanced)"


KIND_TEXT: dict[str, tuple[str, Callable[[Entry], str]]] = {
    "forked_from": ("system", _forked_from),
    "fault.start": ("ground truth", _fault_start),
    "fault.end": ("ground truth", _fault_end),
    "fault.mitigated": ("ground truth", _fault_mitigated),
    "action.harmful": ("ground truth", _harmful),
    "impact.start": ("ground truth", _impact_start),
    "impact.end": ("ground truth", _impact_end),
    "pod.oom_killed": ("system", _oom),
    "pod.evicted": ("system", _evicted),
    "migration.reverted": ("system", _migration_reverted),
    "queue.purged": ("system", _queue_purged),
    "deploy.rollback": ("system", _rollback),
    "end": ("ground truth", _end),
    "session.end": ("ground truth", _session_end),
    "extend": ("ground truth", _extend),
    "roster": ("action", _roster),
    "step": ("action", _step),
    "decision": ("action", _decision),
    "alert.firing": ("alert", _alert_firing),
    "alert.resolved": ("alert", _alert_resolved),
    "page.triggered": ("page", _page),
    "page.escalated": ("page", _page),
    "page.acknowledged": ("page", _page),
    "page.resolved": ("page", _page),
    "inject": ("inject", _inject),
    "action.effect": ("system", _action_effect),
}


# ---------------------------------------------------------------- participant actions


def _status_update(p: dict[str, Any]) -> str:
    parts = [f"Status update ({p.get('status', '?')})", f"impact: {p.get('impact', '')}"]
    parts.append(f"actions: {p.get('actions', '')}")
    if p.get("next_update"):
        parts.append(f"next update in {p['next_update']}")
    return "; ".join(parts)


COORDINATION_PHRASES = {
    "acknowledge": "acknowledged the page",
    "mark_mitigated": "marked the incident mitigated",
    "resolve": "resolved the incident",
}


def action_text(e: Entry) -> tuple[str, str]:
    """(source, text) for an `action` entry."""
    p: dict[str, Any] = dict(e.get("params") or {})
    who = role_name(e.get("role"))
    if e.get("user"):  # company sign-in: who was signed in
        who = f"{who} ({e['user']})"
    name = e.get("action", "?")
    source, text = "action", f"{who} ran {name}" + (f" ({describe_params(p)})" if p else "")
    if name in COORDINATION_PHRASES:
        text = f"{who} {COORDINATION_PHRASES[name]}"
    elif name == "escalate":
        text = f"{who} escalated to {p.get('team', '?')}"
    elif name == "status_update":
        source, text = "comms", f"{who}: {_status_update(p)}"
    elif name == "status_page":
        source = "comms"
        text = f"{who}: Status page ({p.get('state', '?')}): {p.get('message', '')}"
    elif name == "timeline_note":
        tag = f" [{p['tag']}]" if p.get("tag") else ""
        source, text = "scribe", f"{who}: Note{tag}: {p.get('text', '')}"
    elif name == "declare":
        title = f": {p['title']}" if p.get("title") else ""
        text = f"{who} declared a {p.get('severity', '?')} incident{title}"
    elif name == "assign_role":
        text = f"{who} named {p.get('name', '?')} as {role_name(p.get('role'))}"
    elif name == "investigate":
        text = f"{who} ran `{p.get('command', '?')}`"
    text = f"{e.get('id', '?')} {text}"
    if e.get("outcome") == "refused":
        text += f" — refused: {e.get('reason', 'no reason given')}"
    return source, " ".join(text.split())


def build_timeline(journal: Journal) -> tuple[TimelineEntry, ...]:
    """Every entry a debrief needs, in journal order (which is time order)."""
    rows: list[TimelineEntry] = []
    for e in journal.entries:
        t = float(e["t"])
        if e["kind"] == "action":
            source, text = action_text(e)
        elif e["kind"] in KIND_TEXT:
            source, render = KIND_TEXT[e["kind"]]
            text = render(e)
        else:
            continue
        rows.append(TimelineEntry(t, format_clock(t), source, text))
    return tuple(rows)
