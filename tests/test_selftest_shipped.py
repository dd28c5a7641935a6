"""Every shipped scenario's claims hold at three seeds (`gameday check --seeds 1-30` in the
notes covers more): every fix, stop-gap and harm the scenario claims, and its expectations."""

from __future__ import annotations

import pytest

from simulator.scenario import LoadedScenario
from simulator.selftest import self_test
from tests.conftest import SHIPPED

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_claims(shipped: dict[str, LoadedScenario], name: str) -> None:
    checks = self_test(shipped[name], seeds=[1, 2, 3], jobs=2)
    failures = [line for c in checks if not c.passed for line in c.failures]
    assert not failures, "\n".join(failures)
