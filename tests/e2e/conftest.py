"""The demo inquiry built once for all the end-to-end tests that read it."""

import pytest

from tests.workflow import built_project


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory):
    return built_project(tmp_path_factory.mktemp("demo"))
