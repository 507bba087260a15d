"""Projects built once for all the end-to-end tests that read them: the demo inquiry, the same in four
shards in another folder, and the small sample corpus. Tests that change a project work on a copy.

Every fixture that builds something in tests/e2e is session-scoped, modules' own too: pytest-xdist may
run another module's tests between two of a module's on the same worker, and a module-scoped fixture
would then be built again."""

import pytest

from tests.workflow import built_project, kept_for_the_session


@pytest.fixture(scope="session")
@kept_for_the_session
def demo_project(tmp_path_factory):
    return built_project(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
@kept_for_the_session
def sharded_project(tmp_path_factory):
    """The demo in four shards, in another folder than ``demo_project``."""
    return built_project(tmp_path_factory.mktemp("four-shards"), "--config", "shards=4")


@pytest.fixture(scope="session")
@kept_for_the_session
def sample_project(tmp_path_factory):
    return built_project(tmp_path_factory.mktemp("sample"), "--configfile", "tests/data/sample/config.yaml")
