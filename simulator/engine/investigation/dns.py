"""`dig` for a dependency's name: the record as configured now (with a bad change, the wrong
address among the right ones) and what the pods' resolvers answer, which follows the record as
their cached answers expire over the TTL."""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from simulator.engine.investigation.registry import renders

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.scenario.schema import Command

USUAL_TTL = 300.0
ADDRESSES = 3


def address(name: str, index: int) -> str:
    digest = zlib.crc32(f"{name}/{index}".encode())
    return f"10.{digest % 200 + 20}.{digest // 200 % 250 + 1}.{digest // 50000 % 250 + 2}"


def wrong_answer(engine: Engine, dependency: str) -> tuple[float, float, float] | None:
    """(share of resolver answers that are wrong now, the bad record's share, its TTL) while a
    dns_misconfiguration fault points the dependency's record at a wrong address."""
    for active in engine.faults.faults.values():
        fault = active.fault
        if fault.type != "dns_misconfiguration" or fault.dependency != dependency:  # type: ignore[attr-defined]
            continue
        mechanism = active.mechanism
        if active.ended or active.expired or not mechanism.present(engine):
            continue
        ttl = fault.ttl  # type: ignore[attr-defined]
        since = engine.env.now - mechanism.started  # type: ignore[attr-defined]
        spread = 1.0 if ttl <= 0 else min(1.0, since / ttl)
        ratio = fault.error_ratio * mechanism.level  # type: ignore[attr-defined]
        return ratio * spread, ratio, ttl
    return None


def _dig(engine: Engine, dependency: str) -> list[str]:
    name = f"{dependency}.internal."
    bad = wrong_answer(engine, dependency)
    ttl = bad[2] if bad else USUAL_TTL
    right = [address(dependency, i) for i in range(ADDRESSES)]
    wrong = address(f"{dependency}/stale", 0)
    lines = [
        f"$ dig +noall +answer +ttlid {name} A",
        ";; ANSWER SECTION:",
    ]
    answers = [*right, wrong] if bad else right
    lines += [f"{name:<28}{ttl:>6.0f}\tIN\tA\t{ip}" for ip in answers]
    if bad:
        now_share, record_share, _ = bad
        lines.append(
            f";; {wrong} is not a {dependency} endpoint (connection refused); the record sends "
            f"{record_share:.0%} of lookups there"
        )
        lines.append(
            f";; resolvers on the pods: {now_share:.0%} of answers now point at {wrong} "
            f"(cached answers expire over the {ttl:.0f}s TTL)"
        )
    else:
        lines.append(f";; resolvers on the pods: every answer in {', '.join(right)}")
    return lines


@renders("dig")
def dig(engine: Engine, command: Command) -> list[str]:
    deps = [d.name for d in engine.scenario.service.dependencies]
    names = [command.target] if command.target else deps
    lines: list[str] = []
    for dependency in names:
        lines += [*([""] if lines else []), *_dig(engine, dependency)]
    return lines
