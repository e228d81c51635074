"""Every CLI test here runs on both engines, unless marked `file_engine_only("why")`.

A test that reads the store file's bytes, its lock, its log or its archive cannot run on
PostgreSQL; its marker says why, and it runs on the file engine alone.
"""

from tests.conftest import ENGINES


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "file_engine_only(reason): runs on the file engine alone (it inspects the file itself)"
    )


def pytest_generate_tests(metafunc):
    if "engine" in metafunc.fixturenames and metafunc.definition.get_closest_marker("file_engine_only") is None:
        metafunc.parametrize("engine", ENGINES, indirect=True)
