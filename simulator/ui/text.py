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


def escape_markdown_lines(text: object) -> str:
    """`text` over several lines as Markdown that renders exactly these characters: each line
    escaped as by `escape_markdown`, its line breaks kept (blank lines between paragraphs become
    one), and its indentation kept as no-break spaces (which Markdown does not collapse)."""
    paragraphs: list[list[str]] = [[]]
    for line in str(text if text is not None else "").splitlines():
        body = line.lstrip(" \t")
        if not body:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        indent = len(line[: len(line) - len(body)].expandtabs(4))
        paragraphs[-1].append("\u00a0" * indent + escape_markdown(body))
    return "\n\n".join("  \n".join(lines) for lines in paragraphs if lines)
