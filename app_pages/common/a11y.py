"""Accessibility helpers shared by the pages (issue 17).

- `page_setup(title)`: the browser tab's title (`Incident console — Game day`), our constant
  style (focus rings, the chart toolbar on keyboard focus) and the page script (`_SHIM`): a skip
  link first in the tab order, to the work area (the console's work tabs) or else to the page's
  heading; scroll boxes made focusable with a name, so keyboard users can scroll them.
- `announce(text)`: the console's one polite live region (`#gameday-announcer`, outside
  Streamlit's tree so no rerun replaces it); its text is set only when it changes, so each
  announcement is read once and a refresh announces nothing.
- `focus_outcome(slot, token)`: moves focus to an action's outcome message, once per outcome.

Only our own constant code is run as JavaScript; texts are passed as JSON string literals with
`<` escaped, never as markup.
"""

from __future__ import annotations

import json

import streamlit as st

from simulator.ui.announce import document_title

WORK_AREA_KEY = "work_area"

# Our own constant style: a visible focus ring everywhere, the element toolbar (fullscreen, data)
# shown while the keyboard is inside the element, and the skip link shown only when focused.
_STYLE = """<style>
:focus-visible { outline: 3px solid #1f5fbf !important; outline-offset: 2px; }
[data-testid="stElementContainer"]:focus-within [data-testid="stElementToolbar"],
[data-testid="stElementToolbar"]:focus-within { opacity: 1 !important; visibility: visible; }
#gameday-skip { position: absolute; left: 0.5rem; top: -4rem; z-index: 1000100;
  padding: 0.5rem 1rem; background: #ffffff; color: #0f1116; border: 2px solid #1f5fbf;
  border-radius: 0.25rem; }
#gameday-skip:focus { top: 0.5rem; }
@media (prefers-color-scheme: dark) {
  /* The slider's value is drawn in the primary colour, which white button text needs darker. */
  [data-testid="stSliderThumbValue"] p { color: #6ea8ff !important; }
}
.gameday-sr-only { position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; margin: -1px; }
</style>"""

_SHIM = """<script>
(() => {
  const w = window;
  if (w.__gamedayA11y) { return; }
  w.__gamedayA11y = true;
  const doc = document;
  const skip = doc.createElement('a');
  skip.id = 'gameday-skip';
  skip.href = '#';
  const target = () => doc.querySelector('.st-key-work_area [role="tab"][aria-selected="true"]');
  const label = () => target() ? 'Skip to the work area' : 'Skip to the main content';
  skip.textContent = label();
  skip.addEventListener('focus', () => { skip.textContent = label(); });
  skip.addEventListener('click', (event) => {
    event.preventDefault();
    let to = target();
    if (!to) {
      to = doc.querySelector('[data-testid="stMain"] h1');
      if (to) { to.setAttribute('tabindex', '-1'); }
    }
    if (to) { to.focus(); to.scrollIntoView({block: 'start'}); }
  });
  doc.body.prepend(skip);
  const region = doc.createElement('div');
  region.id = 'gameday-announcer';
  region.className = 'gameday-sr-only';
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  region.setAttribute('aria-atomic', 'true');
  doc.body.append(region);
  const scrollBoxes = () => {
    doc.querySelectorAll('[class*="st-key-scroll_"]').forEach((box) => {
      const key = Array.from(box.classList).find((c) => c.startsWith('st-key-scroll_'));
      const name = key.slice('st-key-scroll_'.length).replace(/_/g, ' ');
      [box, ...box.querySelectorAll('div, pre')].forEach((el) => {
        const style = w.getComputedStyle(el);
        if (el.hasAttribute('tabindex')) { return; }
        const scrolls = (o) => ['auto', 'scroll'].includes(o);
        if (!scrolls(style.overflowY) && !scrolls(style.overflowX)) { return; }
        el.setAttribute('tabindex', '0');
        el.setAttribute('role', 'region');
        el.setAttribute('aria-label', name.charAt(0).toUpperCase() + name.slice(1));
      });
    });
  };
  let pending = null;
  new MutationObserver(() => {
    if (pending === null) { pending = w.setTimeout(() => { pending = null; scrollBoxes(); }, 200); }
  }).observe(doc.body, {childList: true, subtree: true});
  scrollBoxes();
})();
</script>"""


def _js_string(text: str) -> str:
    """`text` as a JavaScript string literal that cannot end the script element."""
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e")


def page_setup(title: str, waiting: tuple[str, ...] = ()) -> None:
    """The tab's title, our style and the page script (see the module docstring)."""
    set_title(title, waiting, always=True)
    st.html(_STYLE)
    st.html(_SHIM, unsafe_allow_javascript=True, width="content")


TITLE_KEY = "_a11y_title"


def set_title(title: str, waiting: tuple[str, ...] = (), always: bool = False) -> None:
    """The browser tab's title; a live panel's run sends it only when it changed (the browser
    keeps it between runs; `always` for a page's full run)."""
    text = document_title(title, waiting)
    if always or st.session_state.get(TITLE_KEY) != text:
        st.set_page_config(page_title=text)
        st.session_state[TITLE_KEY] = text


ANNOUNCED_KEY = "_a11y_announced"


def announce(text: str) -> None:
    """Put `text` into the live region when it differs from what it holds (read once). The
    region lives outside Streamlit's tree, so a refresh sends the script only when the text
    changed since this browser session's last one (each element sent costs the server)."""
    if st.session_state.get(ANNOUNCED_KEY) == text:
        return
    st.session_state[ANNOUNCED_KEY] = text
    script = f"""<script>
(() => {{
  const text = {_js_string(text)};
  const apply = (tries) => {{
    const region = document.getElementById('gameday-announcer');
    if (!region) {{ if (tries > 0) {{ setTimeout(() => apply(tries - 1), 100); }} return; }}
    if (region.textContent !== text) {{ region.textContent = text; }}
  }};
  apply(30);
}})();
</script>"""
    st.html(script, unsafe_allow_javascript=True, width="content")


def focus_outcome(slot: str, token: str) -> None:
    """Focus the outcome message in the container `outcome_<slot>`, once per `token`."""
    script = f"""<script>
(() => {{
  const token = {_js_string(token)};
  const done = window.__gamedayFocused = window.__gamedayFocused || new Set();
  if (done.has(token)) {{ return; }}
  const apply = (tries) => {{
    const box = document.querySelector('.st-key-outcome_{slot} [data-testid="stAlert"]');
    if (!box) {{ if (tries > 0) {{ setTimeout(() => apply(tries - 1), 100); }} return; }}
    done.add(token);
    box.setAttribute('tabindex', '-1');
    box.focus();
  }};
  apply(30);
}})();
</script>"""
    st.html(script, unsafe_allow_javascript=True, width="content")
