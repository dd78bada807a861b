"""A plugin outside this repository tests itself with dangjian.testing alone:
the example plugin's suite runs from its own folder, as its author would run
it, and must pass."""

import os
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).parents[1] / "example_plugin"


def test_the_example_plugin_suite_passes_from_its_own_folder(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DANGJIAN_", "PYTEST_"))}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "--basetemp", str(tmp_path / "run")],
        cwd=EXAMPLE,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout and "failed" not in result.stdout
