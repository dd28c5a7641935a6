"""A TLS check of an endpoint (`openssl s_client ... | openssl x509 -noout -dates`): subject,
issuer, validity dates on the exercise's calendar, verification result, days left and the
handshake failures an expired certificate causes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from simulator.engine.investigation.common import age, wall_date
from simulator.engine.investigation.registry import renders

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.engine.state import CertificateState
    from simulator.scenario.schema import Command

VALIDITY = 90 * 86400.0  # certificates are issued for 90 days


def openssl_date(moment: datetime) -> str:
    """`Mar  2 10:00:00 2026 GMT`, as `openssl x509 -dates` prints it."""
    return f"{moment:%b} {moment.day:>2} {moment:%H:%M:%S %Y} GMT"


def host_of(engine: Engine, covers: str) -> str:
    if covers == "ingress":
        return f"{engine.scenario.service.name}.example.com"
    return f"{covers}.internal"


def _check(engine: Engine, cert: CertificateState) -> list[str]:
    now = engine.env.now
    host = host_of(engine, cert.covers)
    expired = cert.expires_at <= now
    left = (cert.expires_at - now) / 86400.0
    if cert.covers == "ingress":
        errors = f"{engine.metric('tls_handshake_errors'):.1f} handshakes/s failing at ingress"
    else:
        errors = f"{cert.share if expired else 0.0:.0%} of calls to {cert.covers} failing"
    verdict = (
        f"10 (certificate has expired, {age(now - cert.expires_at)} ago)" if expired else "0 (ok)"
    )
    return [
        f"$ openssl s_client -connect {host}:443 -servername {host} | openssl x509 -noout -dates",
        f"subject=CN = {host}",
        f"issuer={cert.issuer}",
        f"notBefore={openssl_date(wall_date(engine, cert.expires_at - VALIDITY))}",
        f"notAfter={openssl_date(wall_date(engine, cert.expires_at))}",
        f"Verify return code: {verdict}",
        f"days left: {max(0.0, left):.1f}; {errors}",
        f"certificate {cert.name}, renewed {cert.renewals} times during the exercise",
    ]


@renders("tls_check")
def tls_check(engine: Engine, command: Command) -> list[str]:
    certs = [
        c
        for c in engine.state.certificates.values()
        if command.target is None or c.covers == command.target
    ]
    if not certs:
        return [f"tls_check: no certificate covers {command.target} in this scenario"]
    lines: list[str] = []
    for cert in certs:
        lines += [*([""] if lines else []), *_check(engine, cert)]
    return lines
