"""A TLS certificate expires: clients it covers fail the handshake until it is renewed."""

from __future__ import annotations

from typing import Literal

from simulator.effects import Effects
from simulator.faults.base import FaultParams, Mechanism, World, fixes
from simulator.scenario.schema_base import Identifier


class CertificateExpiryParams(FaultParams):
    type: Literal["certificate_expiry"]
    # the certificate that expires at `at`
    certificate: Identifier

    resources = frozenset({"certificate"})
    requires = "certificates"
    references = {"certificate": "certificate"}


class CertificateExpiry(Mechanism[CertificateExpiryParams]):
    params = CertificateExpiryParams
    summary = "handshakes fail for every client the expired certificate covers"
    effects = {"renew_certificate": fixes("a valid certificate is issued and reloaded")}

    def onset(self, world: World) -> None:
        cert = world.state.certificates[self.fault.certificate]
        cert.expires_at = min(cert.expires_at, world.now)

    def contribute(self, world: World, fx: Effects) -> None:
        cert = world.state.certificates[self.fault.certificate]
        if not self.present(world):
            return
        if cert.covers == "ingress":
            fx.ingress_tls_failures = 1.0 - (1.0 - fx.ingress_tls_failures) * (1.0 - cert.share)
        else:
            fx.add_share(fx.dependency_errors, cert.covers, cert.share)

    def present(self, world: World) -> bool:
        return world.state.certificates[self.fault.certificate].expires_at <= world.now

    def gone(self, world: World) -> str:
        return f"certificate {self.fault.certificate} renewed"
