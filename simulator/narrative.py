"""Flavour text: names, companies, ticket ids, hosts. The only module that imports Faker.

A `Narrator` is seeded per run from a named stream, so the same seed always tells the same story.
"""

from __future__ import annotations

from typing import Any

PLACEHOLDERS: tuple[str, ...] = (
    "name",
    "first_name",
    "last_name",
    "company",
    "ticket_id",
    "host",
    "pod",
    "email",
    "customer",
    "incident_id",
    "ip",
)


class Narrator:
    """Fills placeholders with reproducible fake values."""

    def __init__(self, seed: int, service: str, pods: list[str], customers: list[str]) -> None:
        self._seed = seed
        self._service = service
        self._pods = pods
        self._customers = customers
        self._fake: Any = None

    @property
    def fake(self) -> Any:
        if self._fake is None:  # Faker is slow to import and build: only when first needed
            from faker import Faker

            self._fake = Faker("en_US")
            self._fake.seed_instance(self._seed)
        return self._fake

    def values(self) -> dict[str, str]:
        fake = self.fake
        first, last = fake.first_name(), fake.last_name()
        customers = self._customers or [fake.company()]
        return {
            "name": f"{first} {last}",
            "first_name": first,
            "last_name": last,
            "company": fake.company(),
            "ticket_id": f"#{fake.random_int(100000, 999999)}",
            "host": f"{self._service}-{fake.random_int(1, 12):02d}.prod.internal",
            "pod": fake.random_element(self._pods) if self._pods else f"{self._service}-0",
            "email": f"{first.lower()}.{last.lower()}@{fake.domain_name()}",
            "customer": fake.random_element(customers),
            "incident_id": f"INC-{fake.random_int(1000, 9999)}",
            "ip": fake.ipv4_private(),
        }

    def fill(self, text: str, values: dict[str, str]) -> str:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text  # validated scenarios never get here; keep raw text rather than crash
