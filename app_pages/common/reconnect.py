"""After a server crash and restart: the page recovers by itself and a form sent during the crash
is not lost without a word.

Streamlit's client reconnects to a restarted server on its own and reruns the page, but two things
do not recover (found by SIGKILLing the server in the browser tests):

- Widget and chart code loads lazily (`/static/js/ArrowVegaLiteChart.*.js`, `Selectbox.*.js`).
  When the server dies while the browser fetches such a chunk, the failed import is cached for the
  life of the document: every chart showed "Failed to fetch dynamically imported module" until a
  reload. The page script below looks for that error once a second and, once the client is
  connected again, reloads the page (at most 3 times a minute, so a server that keeps failing
  cannot put the tab in a reload loop). A participant's URL carries who they are, so the reload
  lands on the same console.
- A form submitted while the server dies gets no answer, and the restarted server has no memory
  of the tab. The script notes each form submit (the form's text fields, in the tab's
  `sessionStorage`); when the connection drops before the run that the submit started has
  finished, it puts the text back into the form once the page is connected again (and again for
  20 s while a field is empty: the first runs after a reconnect may redraw the form empty) and
  says, in a notice of its own (outside Streamlit's tree, role "alert"), that the submit was not
  confirmed.
  Sending it again is safe: the submit's client id comes from the URL's draft token
  (`acting.ensure_draft`), so a note the crashed server did store is stored once.
- A click in the first seconds after the reconnect named a fragment the restarted process did not
  know yet (its fragments are registered by its first full run of the page), and Streamlit
  dropped it without a word. Each full run ends by drawing a hidden marker with the serving
  process's boot id (`mark`, called by app.py after the page), so by the time the browser has a
  marker from a new process, that process has registered every fragment of the page. Once the
  connection has dropped, clicks on buttons and form submit buttons are held (with a notice
  saying so) until the page is connected and carries a marker whose boot id differs from the one
  before the drop (or 20 s have passed), then sent: the click lands on a server that knows its
  fragment, and the form keeps its text meanwhile.

Only our own constant code runs as JavaScript; what the person typed is set as a field's value
and as text, never as markup.
"""

from __future__ import annotations

import json
import secrets

import streamlit as st

NOTICE_ID = "gameday-inflight"
BOOT_ID = "gameday-boot"
BOOT = secrets.token_hex(8)  # this server process: a restarted one draws a new marker
CHUNK_ERROR = "Failed to fetch dynamically imported module"

_SCRIPT = """<script>
(() => {
  const w = window;
  if (w.__gamedayReconnect) { return; }
  w.__gamedayReconnect = true;
  const doc = document;
  const CHUNK = %(chunk)s;
  const NOTICE = %(notice)s;
  const BOOT = %(boot)s;
  const HOLD_MS = 20000;
  const HELD = NOTICE + '-held';
  const RELOADS = 'gameday-reloads';
  const INFLIGHT = 'gameday-inflight';
  const RESTORE_MS = 20000;
  const read = (key) => {
    try { return JSON.parse(w.sessionStorage.getItem(key)); } catch (e) { return null; }
  };
  const write = (key, value) => {
    try {
      if (value === null) { w.sessionStorage.removeItem(key); }
      else { w.sessionStorage.setItem(key, JSON.stringify(value)); }
    } catch (e) { /* storage off: nothing to keep */ }
  };
  const app = () => doc.querySelector('[data-testid="stApp"]');
  const state = (name) => { const a = app(); return a ? a.getAttribute(name) : null; };
  const connected = () => state('data-test-connection-state') === 'CONNECTED';
  const idle = () => state('data-test-script-state') === 'notRunning';

  // 1. A chunk that failed to load: reload once the server answers again.
  const brokenChunk = () => Array.from(doc.querySelectorAll(
    '[data-testid="stAlertContentError"], [data-testid="stException"]'
  )).some((box) => (box.textContent || '').includes(CHUNK));
  const reloadIfBroken = () => {
    if (!connected() || !brokenChunk()) { return; }
    const now = Date.now();
    const recent = (read(RELOADS) || []).filter((t) => now - t < 60000);
    if (recent.length >= 3) { return; }
    write(RELOADS, recent.concat([now]));
    w.location.reload();
  };

  const keyOf = (el) => {
    const box = el.closest('[class*="st-key-"]');
    if (!box) { return null; }
    return Array.from(box.classList).find((c) => c.startsWith('st-key-')) || null;
  };

  // 3. Clicks right after a reconnect: held until the restarted server has drawn the page.
  const CLICKABLE = '[data-testid="stFormSubmitButton"] button, [data-testid="stButton"] button';
  const boot = () => {
    const mark = doc.getElementById(BOOT);
    return mark ? mark.getAttribute('data-boot') : null;
  };
  let drawnBy = null;  // the boot id of the process that drew the page before a drop
  let settling = false;
  let since = 0;
  let held = null;
  doc.addEventListener('click', (event) => {
    if (!settling || !event.isTrusted) { return; }
    const button = event.target && event.target.closest
      ? event.target.closest(CLICKABLE) : null;
    const key = button ? keyOf(button) : null;
    if (!key) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    held = { key: key, label: (button.textContent || '').trim() };
    say('Reconnected to the server: "' + held.label + '" will be sent as soon as the page has '
      + 'caught up (a few seconds).', HELD);
  }, true);
  const settle = () => {
    if (!connected()) {
      if (!settling) { settling = true; drawnBy = drawnBy || boot(); }
      since = 0;
      return;
    }
    if (!settling) { drawnBy = boot() || drawnBy; return; }
    const now = Date.now();
    since = since || now;
    const redrawn = boot() !== null && boot() !== drawnBy;
    if (!redrawn && now - since < HOLD_MS) { return; }
    settling = false;
    drawnBy = boot();
    if (!held) { return; }
    const button = doc.querySelector('.' + held.key + ' button');
    held = null;
    const box = doc.getElementById(HELD);
    if (box) { box.remove(); }
    if (button) { button.click(); }
  };

  // 2. A form submit the server never answered.
  doc.addEventListener('click', (event) => {
    const target = event.target;
    const button = target && target.closest
      ? target.closest('[data-testid="stFormSubmitButton"] button') : null;
    const form = button ? button.closest('[data-testid="stForm"]') : null;
    if (!form) { return; }
    const fields = {};
    form.querySelectorAll('textarea, input[type="text"]').forEach((field) => {
      const key = keyOf(field);
      if (key && field.value) { fields[key] = field.value; }
    });
    if (Object.keys(fields).length === 0) { return; }
    const label = (button.textContent || '').trim();
    write(INFLIGHT, { fields: fields, label: label, at: Date.now(), ran: false, lost: false });
  }, true);
  const restore = (pending) => {
    for (const [key, value] of Object.entries(pending.fields)) {
      const field = doc.querySelector('.' + key + ' textarea, .' + key + ' input');
      if (!field) { return false; }
      if (field.value) { continue; }  // typed since, or already back
      const proto = field.tagName === 'TEXTAREA'
        ? w.HTMLTextAreaElement.prototype : w.HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value').set.call(field, value);
      field.dispatchEvent(new Event('input', { bubbles: true }));
    }
    return true;
  };
  const say = (message, id) => {
    let box = doc.getElementById(id);
    if (!box) {
      box = doc.createElement('div');
      box.id = id;
      box.setAttribute('role', 'alert');
      box.style.cssText = 'position:fixed;left:50%%;transform:translateX(-50%%);'
        + 'top:' + (id === NOTICE ? '4.5rem;' : '9rem;')
        + 'z-index:1000090;max-width:44rem;padding:0.75rem 1rem;background:#fff4e5;'
        + 'color:#5c3900;border:2px solid #b36b00;border-radius:0.5rem;font:inherit;';
      const text = doc.createElement('span');
      const close = doc.createElement('button');
      close.textContent = 'Dismiss';
      close.style.marginLeft = '1rem';
      close.addEventListener('click', () => box.remove());
      box.append(text, close);
      doc.body.appendChild(box);
    }
    box.firstChild.textContent = message;
    return box;
  };
  const notice = (pending) => {
    say('Not confirmed: the server restarted while "' + pending.label
      + '" was being sent, so it may not have been stored. What you typed is back in the form: '
      + 'send it again (if the first one did arrive, it is stored once).', NOTICE);
  };
  const watch = () => {
    const pending = read(INFLIGHT);
    if (!pending) { return; }
    if (!pending.lost) {
      if (!connected()) { pending.lost = true; write(INFLIGHT, pending); }
      else if (idle() && (pending.ran || Date.now() - pending.at > 15000)) {
        write(INFLIGHT, null);
      }
      return;
    }
    if (!connected() || !idle()) { return; }
    if (!pending.restoredAt) {
      if (restore(pending)) {
        pending.restoredAt = Date.now();
        write(INFLIGHT, pending);
        notice(pending);
      }
    } else if (Date.now() - pending.restoredAt < RESTORE_MS) {
      restore(pending);  // the first runs after a reconnect may still empty the form
    } else {
      write(INFLIGHT, null);
    }
  };
  w.setInterval(settle, 250);
  const root = app();
  if (root) {
    new MutationObserver(() => {
      const pending = read(INFLIGHT);
      if (pending && !pending.lost && connected() && !idle() && !pending.ran) {
        pending.ran = true;
        write(INFLIGHT, pending);
      }
      watch();
    }).observe(root, { attributes: true,
      attributeFilter: ['data-test-script-state', 'data-test-connection-state'] });
  }
  w.setInterval(() => { reloadIfBroken(); watch(); }, 1000);
})();
</script>"""


def install() -> None:
    """The page script (see the module docstring); runs once per browser document."""
    script = _SCRIPT % {"chunk": _js(CHUNK_ERROR), "notice": _js(NOTICE_ID), "boot": _js(BOOT_ID)}
    st.html(script, unsafe_allow_javascript=True, width="content")


def mark() -> None:
    """The end of a full run: a hidden marker with this server process's boot id (a full run has
    registered the page's fragments by now; fragment reruns leave the marker as it is)."""
    st.html(f'<span id="{BOOT_ID}" data-boot="{BOOT}" hidden></span>', width="content")


def _js(text: str) -> str:
    """A constant of ours as a JavaScript string literal."""
    return json.dumps(text)
