"""Participants' text made safe for every report format.

Reports carry what players typed. Two things must not survive into a file a facilitator opens or
prints to a terminal:

- control characters (NUL, BEL, ESC sequences, C1 controls such as CSI `\\x9b`): each is shown as
  a visible stand-in (`printable`): C0 and DEL as Unicode control pictures (`␀`, `␇`, `␛`), C1
  as U+FFFD; tabs and newlines are whitespace;
- live Markdown (`markdown_text`): links, images, emphasis and raw HTML render as the characters
  typed. `[Open the runbook](https://phish.example/login)` reads as exactly that, and a bare URL or
  e-mail address is not turned into a link (a zero-width space after `://`, `www.` and `@`, as
  the web pages do). Only what Markdown acts on is escaped, so the file stays readable as text.
  Our own `code spans` (an action's name) stay code spans.
"""

from __future__ import annotations

import re

_C0 = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_C1 = re.compile(r"[\x80-\x9f]")
_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
# What makes Markdown live anywhere in a line: emphasis, links and images, code, tables, strike.
# An underscore inside a word (`restart_pods`) is never emphasis and stays as it is.
_INLINE = re.compile(r"([\\*\[\]`|~])|(?<!\w)_|_(?!\w)")
# What makes it live at the start of a line: a heading, quote, list, rule or setext underline.
_BLOCK_START = re.compile(r"^(\s*\d*)([#>+=.)-])")
_ZWSP = "\u200b"


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return "\u2421" if code == 0x7F else chr(0x2400 + code)


def printable(text: str) -> str:
    """`text` with every control character but tab, CR and LF shown as a visible stand-in."""
    return _C1.sub("\ufffd", _C0.sub(_picture, text))


def _escape_plain(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _INLINE.sub(lambda m: "\\" + m.group(0), escaped)
    escaped = escaped.replace("://", ":" + _ZWSP + "//").replace("@", "@" + _ZWSP)
    return re.sub(r"(?i)\bwww\.", lambda m: m.group(0)[:3] + _ZWSP + ".", escaped)


def markdown_text(text: str) -> str:
    """`text` (one line) as Markdown that renders exactly these characters; code spans kept."""
    flat = " ".join(printable(text).split())
    parts = _CODE_SPAN.split(flat)
    text = "".join(part if index % 2 else _escape_plain(part) for index, part in enumerate(parts))
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
