"""Hostile text for the studio's editor (shared by its unit tests and its AppTest), taken from the
loader's hostile-input cases: binary data, alias bombs, deep nesting, several documents,
unsupported tags, control characters, huge values, text over the size cap."""

from __future__ import annotations

from simulator.scenario.text_input import MAX_BYTES

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)

HOSTILE = [
    "",
    "\x00\x01binary",
    "a: &a [*a]",
    BOMB,
    "[" * 200,
    "a: " + "{" * 100 + "}" * 100,
    "a: !!python/object/apply:os.system [ls]",
    "- 1\n- 2",
    "version: 1\nversion: 1\n",
    "a: b\n---\nc: d",
    "id: \u202e\u0007",
    "\t- x: [",
    "x: " + "y" * 5000,
    "a: " + "x" * MAX_BYTES,
]
