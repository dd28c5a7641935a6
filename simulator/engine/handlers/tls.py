"""TLS certificates."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simulator.engine.handlers.registry import Params, handles, instant

if TYPE_CHECKING:
    from simulator.engine.core import Engine

RENEWED_FOR = 90 * 86400.0


@handles("renew_certificate")
def renew_certificate(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    name = str(params["certificate"])
    cert = engine.state.certificates[name]
    cert.expires_at = engine.env.now + RENEWED_FOR
    cert.renewals += 1
    engine.state.touch()
    return (yield from instant(f"certificate {name} renewed, valid for 90 days"))
