"""Loading scenario files: hostile input (size, binary data, alias bombs, deep nesting) and
YAML-level problems (syntax, several documents, duplicate keys, tags), refused with a located
message and never a traceback.

Line numbers refer to the `#N` comments in `tests/fixtures/minimal.yaml` unless a test builds its
own text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_text import edit, problems

from simulator.errors import ScenarioError
from simulator.scenario import (
    load_scenario,
    load_scenario_text,
)
from simulator.scenario.loader import MAX_DEPTH, MAX_NODES
from simulator.scenario.text_input import MAX_BYTES

# ---------------------------------------------------------------- hostile input


def test_file_over_the_size_cap_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * MAX_BYTES + b"\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = f"{path}:1:1: error: file too large (1048580 bytes; the limit is 1 MiB)"
    assert str(info.value) == message


def test_text_over_the_size_cap_is_refused() -> None:
    assert problems("a: " + "x" * MAX_BYTES + "\n", "big.yaml") == [
        "big.yaml:1:1: error: file too large (1048580 bytes; the limit is 1 MiB)"
    ]


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "junk.yaml"
    path.write_bytes(b"version: 1\nid: \x00\x01\x02\xff")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value) == f"{path}:2:5: error: binary data (NUL byte); expected UTF-8 YAML text"


def test_invalid_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("version: 1\ntitle: Caf\u00e9\n".encode("latin-1"))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value) == (
        f"{path}:2:11: error: not UTF-8 text (byte 0xe9); expected UTF-8 YAML text"
    )


def test_nul_in_text_is_binary() -> None:
    assert problems("a: 1\nb: x\x00y\n", "t.yaml") == [
        "t.yaml:2:5: error: binary data (NUL byte); expected UTF-8 YAML text"
    ]


def test_control_characters_are_refused() -> None:
    assert problems("a: 1\nb: x\x07y\n", "t.yaml") == [
        "t.yaml:2:5: error: character U+0007 is not allowed in YAML"
    ]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value) == f"{path}:1:1: error: cannot read the file (No such file or directory)"


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "--- \n...\n"])
def test_empty_document(text: str) -> None:
    assert problems(text, "e.yaml") == [
        "e.yaml:1:1: error: empty document; expected a mapping of scenario keys"
    ]


def test_multiple_documents() -> None:
    assert problems("version: 1\n---\nversion: 1\n", "m.yaml") == [
        "m.yaml:2:1: error: more than one YAML document ('---'); expected exactly one"
    ]


@pytest.mark.parametrize(
    ("text", "got"),
    [("- a\n- b\n", "a list"), ("just words\n", "'just words'"), ("~\n", "null"), ("42", "42")],
)
def test_top_level_must_be_a_mapping(text: str, got: str) -> None:
    assert problems(text, "t.yaml") == [
        f"t.yaml:1:1: error: the top level must be a mapping of scenario keys (got {got})"
    ]


def test_alias_bomb_is_refused() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for index in range(1, 9):
        name, previous = chr(ord("a") + index), chr(ord("a") + index - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    assert problems("\n".join(lines) + "\n", "bomb.yaml") == [
        f"bomb.yaml:5:4: error: too many aliases/expanded nodes (more than {MAX_NODES})"
    ]


def test_too_many_nodes_without_aliases() -> None:
    text = "tags: [" + ", ".join(["x"] * (MAX_NODES + 10)) + "]\n"
    message = problems(text, "wide.yaml")[0]
    assert message.startswith("wide.yaml:1:")
    assert message.endswith(f": error: too many aliases/expanded nodes (more than {MAX_NODES})")


def test_recursive_alias_is_refused() -> None:
    assert problems("tags: &t [a, *t]\n", "r.yaml") == [
        "r.yaml:1:7: error: recursive alias (a value contains itself)"
    ]


def test_recursive_merge_is_refused() -> None:
    assert problems("service: &s {<<: *s}\n", "r.yaml") == [
        "r.yaml:1:10: error: recursive alias (a value contains itself)"
    ]


def test_deep_flow_nesting_is_refused() -> None:
    text = "tags: " + "[" * 5000 + "]" * 5000 + "\n"
    assert problems(text, "deep.yaml") == [
        f"deep.yaml:1:{6 + MAX_DEPTH}: error: nesting deeper than {MAX_DEPTH} levels"
    ]


def test_deep_block_nesting_is_refused() -> None:
    text = "".join("  " * level + f"k{level}:\n" for level in range(500))
    assert problems(text, "deep.yaml") == [
        f"deep.yaml:{MAX_DEPTH + 1}:{2 * MAX_DEPTH + 1}: error: "
        f"nesting deeper than {MAX_DEPTH} levels"
    ]


def test_deep_nesting_through_alias_chains_is_refused() -> None:
    lines = ["a0: &a0 [x]"] + [f"a{i}: &a{i} [[*a{i - 1}]]" for i in range(1, 40)]
    message = problems("\n".join(lines) + "\n", "chain.yaml")
    assert message == [
        f"chain.yaml:33:12: error: nesting deeper than {MAX_DEPTH} levels once aliases are expanded"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: [1, 2\n",
            "s.yaml:2:1: error: YAML syntax: expected ',' or ']', but got '<stream end>'",
        ),
        ("a: b: c\n", "s.yaml:1:5: error: YAML syntax: mapping values are not allowed here"),
        (
            "a:\n\tb: 1\n",
            "s.yaml:2:1: error: YAML syntax: found character '\\t' that cannot start any token",
        ),
        (
            "a: 'unclosed\n",
            "s.yaml:2:1: error: YAML syntax: found unexpected end of stream",
        ),
        ("a: *nowhere\n", "s.yaml:1:4: error: YAML syntax: found undefined alias 'nowhere'"),
        (
            "a:\n  - b\n c: d\n",
            "s.yaml:3:2: error: YAML syntax: expected <block end>, "
            "but found '<block mapping start>'",
        ),
    ],
)
def test_yaml_syntax_errors(text: str, expected: str) -> None:
    assert problems(text, "s.yaml") == [expected]


def test_syntax_error_in_a_scenario_is_located() -> None:
    text = edit(("    for: 2m", "    for: [2m"))
    assert problems(text) == [
        "minimal.yaml:50:5: error: YAML syntax: expected ',' or ']', but got '<scalar>'"
    ]


def test_duplicate_keys_point_at_the_second() -> None:
    text = edit(("  service_time: 50ms", "  replicas: 4"))
    assert problems(text) == [
        "minimal.yaml:10:3: error: service.service_time: missing required key",
        "minimal.yaml:13:3: error: service.replicas: duplicate key (first defined on line 11)",
    ]


def test_unsupported_tags() -> None:
    text = edit(("title: Minimal connection leak", "title: !!python/object:os.system ls"))
    assert problems(text) == [
        "minimal.yaml:4:8: error: title: unsupported YAML tag '!!python/object:os.system'"
    ]


def test_hostile_inputs_are_refused_without_traceback(tmp_path: Path) -> None:
    # Every hostile input above surfaces as a ScenarioError (a GamedayError): nothing else escapes.
    for text in ["{", "]", "a: !foo [", "&a [*a", "? [a]: b", "- - - -", "'\\x00'", "a: *"]:
        with pytest.raises(ScenarioError):
            load_scenario_text(text, "h.yaml")


def test_mapping_keys_must_be_names() -> None:
    assert (
        "k.yaml:1:3: error: a mapping key must be a plain name, not a list or mapping"
        in problems("? [a, b]\n: 1\n", "k.yaml")
    )
