"""Where the browser tests' screenshots go: test-artifacts/screenshots/ (git-ignored) always;
docs/images/ (the README's pictures, tracked) only under GAMEDAY_UPDATE_SCREENSHOTS=1."""

from __future__ import annotations

import pytest

from tests.e2e.browser import DOCS_IMAGES, UPDATE_SCREENSHOTS_ENV, docs_images


@pytest.mark.parametrize("value", [None, "", "0", "yes"])
def test_a_run_leaves_the_readme_pictures_alone(monkeypatch, value):
    if value is None:
        monkeypatch.delenv(UPDATE_SCREENSHOTS_ENV, raising=False)
    else:
        monkeypatch.setenv(UPDATE_SCREENSHOTS_ENV, value)
    assert docs_images() is None


def test_the_readme_pictures_are_taken_again_when_asked(monkeypatch):
    monkeypatch.setenv(UPDATE_SCREENSHOTS_ENV, "1")
    assert docs_images() == DOCS_IMAGES
