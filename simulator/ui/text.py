"""Showing text people typed (players, facilitators, scenario authors) as text, never as markup.

Pages put free text in `st.text`/`st.code` (no parsing at all). Where a short piece of such text
sits inside Markdown (a sender's name in a bold heading), `escape_markdown` backslash-escapes every
character Markdown, HTML or Streamlit's directives would act on, so `**x**`, `<script>`, `:red[x]`,
`$x$` and `[link](url)` render literally. Streamlit also turns bare e-mail addresses and URLs into
links after parsing, whatever the escaping: a zero-width space after `@`, in `://` and after
`www` keeps them plain text.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^\"'@/])")
_ZWSP = "\u200b"
_AUTOLINKS = (("\\@", "\\@" + _ZWSP), ("\\:\\/\\/", "\\:" + _ZWSP + "\\/\\/"))
_WWW = re.compile(r"(?i)\bwww\\\.")


def escape_markdown(text: object) -> str:
    """`text` as Markdown that renders exactly these characters, on one line."""
    flat = " ".join(str(text if text is not None else "").split())
    escaped = _SPECIAL.sub(r"\\\1", flat)
    for found, defused in _AUTOLINKS:
        escaped = escaped.replace(found, defused)
    return _WWW.sub(lambda m: m.group(0)[:3] + _ZWSP + "\\.", escaped)
