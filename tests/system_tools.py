"""The system programs some tests run for real (promtool, prometheus, alertmanager, pdftoppm,
nginx).

`require_tool(name)` gives the program's path, or skips the test with the reason when it is
missing, except under GAMEDAY_REQUIRE_ALL=1 (CI), where the test fails (`skip_or_fail`, like the
PostgreSQL and Chromium tests). `.ci/run` installs the Debian packages named here.
"""

from __future__ import annotations

import shutil

from tests.app_server import skip_or_fail

DEBIAN_PACKAGES = {
    "promtool": "prometheus",
    "prometheus": "prometheus",
    "prometheus-alertmanager": "prometheus-alertmanager",
    "pdftoppm": "poppler-utils",
    "pdftotext": "poppler-utils",
    "nginx": "nginx",
}


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        package = DEBIAN_PACKAGES.get(name, name)
        skip_or_fail(f"{name} is not installed (Debian package {package}; .ci/run installs it)")
    assert path is not None
    return path
