"""One Chromium per test module (starting one costs about a second and a half); each test
opens its own tabs and sets the store it needs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from native_host.browser.session import BrowserSession, BrowserUnavailable, launch

# A net, not a time limit: Chromium never answered a synthetic key-up sent to a frame that
# was removed before it was delivered (extension/content/frames.js now waits for the
# release), and the call waited for ever. Should any input hang again, pytest-timeout
# ends the test and it runs once more on fresh tabs; a test that fails twice fails.
HUNG_INPUT_TIMEOUT_S = 90
RERUNS = 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.flaky(reruns=RERUNS))
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(HUNG_INPUT_TIMEOUT_S))


@pytest.fixture(scope="module")
def browser() -> Iterator[BrowserSession]:
    """Chromium with the extension and the real host, an empty store."""
    try:
        with launch(profiles=[]) as session:
            session.wait_for_host()
            yield session
    except BrowserUnavailable as error:
        pytest.skip(str(error))


@pytest.fixture(scope="module")
def hostless() -> Iterator[BrowserSession]:
    """Chromium with the extension and no host registered."""
    try:
        with launch(with_host=False) as session:
            yield session
    except BrowserUnavailable as error:
        pytest.skip(str(error))
