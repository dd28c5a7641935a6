"""Turn pydantic validation errors into located, plainly worded problems.

A pydantic `loc` mixes what the author wrote (keys, list indexes) with validator internals: the tag
of a discriminated union (`('faults', 0, 'connection_leak', 'id')`), the member of a plain union
(`(..., 'target', 'str')`) and `'[key]'` for a bad mapping key. `_resolve` walks the loc alongside
the model types, so it knows which parts are internals (dropped from the path), which model a key
belongs to (for "did you mean" over its keys) and the type at the end (for allowed values).
"""

from __future__ import annotations

import dataclasses
import types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from simulator.actions import ACTION_NAMES
from simulator.errors import Problem
from simulator.scenario.fault_models import ActionMatch
from simulator.scenario.locations import Locations, Mark, Path, format_path
from simulator.suggest import did_you_mean

MAX_LISTED_CHOICES = 8

_PATTERN_MESSAGES = {
    r"^[a-z0-9][a-z0-9_.-]*$": (
        "expected an identifier: lowercase letters, digits, '_', '.' and '-', "
        "starting with a letter or digit"
    ),
    r"^[A-Za-z_][A-Za-z0-9_]*$": (
        "expected an alert name: letters, digits and '_', not starting with a digit"
    ),
}
_PLAIN_MESSAGES = {
    "missing": "missing required key",
    "extra_forbidden": "unknown key",
    "string_type": "expected text",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "int_parsing_size": "expected a whole number of a sensible size",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "finite_number": "expected a finite number",
    "list_type": "expected a list",
    "dict_type": "expected a mapping",
    "model_type": "expected a mapping",
    "model_attributes_type": "expected a mapping",
}
_BOUND_MESSAGES = {
    "greater_than_equal": ("ge", "expected at least {}"),
    "greater_than": ("gt", "expected more than {}"),
    "less_than_equal": ("le", "expected at most {}"),
    "less_than": ("lt", "expected less than {}"),
    "string_too_long": ("max_length", "expected at most {} characters"),
    "string_too_short": ("min_length", "expected at least {} characters"),
}
_MEMBER_WORDS = {
    "str": "text",
    "bool": "true/false",
    "int": "a number",
    "float": "a number",
    "list": "a list",
    "dict": "a mapping",
}
_NO_GOT = frozenset({"missing", "extra_forbidden", "union_tag_not_found"})


@dataclass(frozen=True)
class _Resolved:
    """A pydantic loc resolved against the model types."""

    path: Path  # as written in the file, internals dropped, YAML aliases
    annotation: Any  # the type expected at the end of the path (None when unknown)
    model: type[BaseModel] | None  # the model holding the last key of the path
    is_key: bool  # the problem is the mapping key itself (`'[key]'`)
    union_path: Path | None = None  # where a plain (not discriminated) union sits
    members: tuple[str, ...] = ()  # the union member tags the errors came from


def validation_problems(
    exc: ValidationError, root: Any, locations: Locations, filename: str, prefix: Path = ()
) -> list[Problem]:
    """One problem per pydantic error, except for plain unions (`str | bool | int | float`):
    pydantic reports why each member failed; when a member got past the shape (its errors lie
    deeper), only its errors are kept, otherwise they become one "expected text, ... or ..."."""
    resolved = [(e, _safe_resolve(root, e, prefix)) for e in exc.errors(include_url=False)]
    deep_unions = {r.union_path for _, r in resolved if r.union_path not in (None, r.path)}
    members: dict[Path, list[str]] = {}
    kept: list[tuple[ErrorDetails, _Resolved]] = []
    for error, where in resolved:
        union = where.union_path
        if union is None:
            kept.append((error, where))
        elif union in deep_unions:
            if where.path != union:
                kept.append((error, dataclasses.replace(where, members=())))
        else:
            if union not in members:
                members[union] = []
                kept.append((error, where))
            members[union] += where.members
    problems = []
    for error, where in kept:
        if where.union_path in members:
            where = dataclasses.replace(where, members=tuple(members[where.union_path]))
        problems.append(_problem(error, where, locations, filename))
    return problems


def _safe_resolve(root: Any, error: ErrorDetails, prefix: Path) -> _Resolved:
    """Resolve a loc; if the models hold something this walk does not know, fall back to the raw
    loc rather than let a message become a traceback."""
    try:
        return _resolve(root, error["loc"], prefix)
    except Exception:
        return _Resolved((*prefix, *error["loc"]), None, None, False)


def _problem(
    error: ErrorDetails, resolved: _Resolved, locations: Locations, filename: str
) -> Problem:
    kind = error["type"]
    path = resolved.path
    got: object = error.get("input")
    suggestion = None
    message = _message(error, resolved)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        path = (*path, _discriminator(error))
    if kind == "union_tag_invalid":
        got = error.get("ctx", {}).get("tag")
        suggestion = did_you_mean(got, _fault_types(resolved.annotation))
    elif kind == "extra_forbidden" and resolved.model is not None:
        suggestion = did_you_mean(path[-1], _aliases(resolved.model))
    elif kind == "literal_error":
        suggestion = did_you_mean(got, _choices(resolved.annotation))
    mark = _where(kind, path, resolved, locations)
    return Problem(
        filename,
        mark.line,
        mark.column,
        format_path(path),
        message,
        got,
        has_got=kind not in _NO_GOT,
        suggestion=suggestion,
    )


def _discriminator(error: ErrorDetails) -> str:
    """The key that picks a union member (pydantic quotes it: `"'type'"`)."""
    return str(error.get("ctx", {}).get("discriminator", "type")).strip("'")


def _where(kind: str, path: Path, resolved: _Resolved, locations: Locations) -> Mark:
    """Unknown keys point at the key, missing keys at the mapping missing them, others at the
    value."""
    if kind in ("missing", "union_tag_not_found"):
        return locations.parent(path)
    if kind == "extra_forbidden" or resolved.is_key:
        return locations.key(path)
    return locations.value(path)


def _message(error: ErrorDetails, resolved: _Resolved) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    if resolved.members:
        words = dict.fromkeys(_member_word(member) for member in resolved.members)
        return "expected " + _join_or(list(words))
    if kind == "union_tag_invalid":
        return "expected one of " + ", ".join(repr(t) for t in _fault_types(resolved.annotation))
    if kind == "union_tag_not_found":
        return "missing required key"
    if kind == "literal_error":
        return _literal_message(resolved)
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return _PATTERN_MESSAGES.get(pattern, f"expected text matching {pattern}")
    if kind in ("too_short", "too_long"):
        return _length_message(kind, ctx)
    if kind in ("string_type",) and isinstance(error.get("input"), int | float):
        return "expected text; put numbers and true/false in quotes to keep them as text"
    if (
        kind in ("model_type", "model_attributes_type")
        and _unwrap(resolved.annotation) is ActionMatch
    ):
        return "expected an action name or a mapping such as {action: rollback}"
    if kind in _BOUND_MESSAGES:
        name, template = _BOUND_MESSAGES[kind]
        return template.format(_number(ctx.get(name)))
    return _PLAIN_MESSAGES.get(kind) or _lower_first(str(error["msg"]))


def _member_word(tag: str) -> str:
    """`'list[literal[...]]'` -> `a list`; a model's name -> `a mapping`."""
    base = tag.split("[", 1)[0]
    return _MEMBER_WORDS.get(base, "a mapping" if base[:1].isupper() else base)


def _literal_message(resolved: _Resolved) -> str:
    choices = _choices(resolved.annotation)
    if len(choices) == 1:
        return f"expected {choices[0]!r}"
    if len(choices) > MAX_LISTED_CHOICES:
        if set(choices) == set(ACTION_NAMES):
            return "unknown action"
        if resolved.path and isinstance(resolved.path[-1], str):
            return f"unknown {resolved.path[-1]}"
    return "expected one of " + ", ".join(repr(c) for c in choices)


def _length_message(kind: str, ctx: dict[str, Any]) -> str:
    if kind == "too_short":
        count, bound = ctx.get("min_length", 0), "at least"
    else:
        count, bound = ctx.get("max_length", 0), "at most"
    return f"expected {bound} {count} item{'' if count == 1 else 's'}"


def _join_or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# ---------------------------------------------------------------- walking types along a loc


def _resolve(root: Any, loc: tuple[int | str, ...], prefix: Path = ()) -> _Resolved:
    annotation: Any = root
    path: list[str | int] = list(prefix)
    model: type[BaseModel] | None = None
    is_key = False
    union_path: Path | None = None
    members: tuple[str, ...] = ()
    for part in loc:
        if part == "[key]":
            is_key = True
            continue
        current = _unwrap(annotation)
        if _is_union(current):
            # The part names a member: a discriminator tag, or pydantic's label of a type.
            annotation = _union_member(current, part)
            if not _is_discriminated(current) and union_path is None:
                union_path, members = tuple(path), (str(part),)
        elif _is_model(current):
            model = current
            name, annotation = _field(current, part)
            path.append(name)
        elif get_origin(current) is list and isinstance(part, int):
            path.append(part)
            annotation = get_args(current)[0] if get_args(current) else None
        elif get_origin(current) is dict:
            path.append(part)
            annotation = get_args(current)[1] if get_args(current) else None
        else:
            path.append(part)
            annotation = None
    return _Resolved(tuple(path), annotation, model, is_key, union_path, members)


def _unwrap(annotation: Any) -> Any:
    """Strip `Annotated[...]` and `| None`."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
        elif _is_union(annotation):
            options = [a for a in get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _is_union(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType)


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _field(model: type[BaseModel], part: str | int) -> tuple[str | int, Any]:
    """The YAML name and type of a model field named (or aliased) `part`."""
    for name, info in model.model_fields.items():
        if part in (name, info.alias):
            return info.alias or name, info.annotation
    return part, None


def _union_member(union: Any, part: str | int) -> Any:
    """The union member a loc part names: a discriminator tag, or pydantic's label of the member
    type (`'str'`, `'list[literal[...]]'`); None when it cannot tell."""
    label = str(part).split("[", 1)[0]
    for member in get_args(union):
        plain = _unwrap(member)
        if _is_model(plain) and part in _tag_values(plain):
            return member
        origin = get_origin(plain) or plain
        if label in (getattr(plain, "__name__", None), getattr(origin, "__name__", None)):
            return member
    return None


def _is_discriminated(union: Any) -> bool:
    return all(_tag_values(_unwrap(member)) for member in get_args(union))


def _tag_values(model: Any) -> tuple[object, ...]:
    """The `type` tags a model answers to in a discriminated union (none for other types)."""
    if not _is_model(model):
        return ()
    info = model.model_fields.get("type")
    if info is None or get_origin(info.annotation) is not Literal:
        return ()
    return get_args(info.annotation)


def _fault_types(annotation: Any) -> list[str]:
    """The discriminator tags of the union at the end of a path."""
    union = _unwrap(annotation)
    if not _is_union(union):
        return []
    return [str(tag) for member in get_args(union) for tag in _tag_values(_unwrap(member))]


def _choices(annotation: Any) -> list[object]:
    literal = _unwrap(annotation)
    return list(get_args(literal)) if get_origin(literal) is Literal else []


def _aliases(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]
