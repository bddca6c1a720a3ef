"""Code and dependency checks that run with the tests: ruff's security rules, and pip-audit."""

import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
APPLICATION_CODE = ["partner", "trajectories", "matrix", "manage.py"]


def test_the_application_code_passes_ruffs_security_rules():
    """flake8-bandit's rules (S): no hard-coded secrets, no shell injection, no unsafe SQL building, etc.

    The few reviewed exceptions carry a ``# noqa: S…`` with the reason on the same line.
    """
    result = subprocess.run(
        [str(BIN / "ruff"), "check", "--select", "S", "--output-format", "concise", *APPLICATION_CODE],
        cwd=PROJECT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_really_reports_a_security_problem(tmp_path):
    """The check above would catch one: a shell command built from input."""
    bad = tmp_path / "bad.py"
    bad.write_text("import subprocess\n\ndef run(name):\n    subprocess.call('ls ' + name, shell=True)\n")
    result = subprocess.run([str(BIN / "ruff"), "check", "--select", "S", "--no-cache", str(bad)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "S602" in result.stdout


def _pypi_answers_for(package: str) -> bool:
    """PyPI's JSON API (where pip-audit reads the advisories) knows ``package``: asked once, up
    front, instead of letting pip-audit wait out every dependency on a machine that cannot reach it."""
    try:
        with urllib.request.urlopen(f"https://pypi.org/pypi/{package}/json", timeout=10) as response:  # noqa: S310 - a fixed https address
            return response.status == 200
    except OSError:
        return False


@pytest.mark.slow
def test_no_known_vulnerabilities_in_the_pinned_dependencies():
    """pip-audit over requirements.txt and requirements-test.txt, against PyPI's advisory data.

    This needs PyPI's vulnerability service. Where it cannot be reached (as on the closed build
    machines), pip-audit cannot audit anything and the test says so instead of passing.
    """
    if not _pypi_answers_for("django"):
        pytest.skip("pip-audit cannot reach PyPI's vulnerability data from this machine; nothing was audited")
    result = subprocess.run(
        [str(BIN / "pip-audit"), "--progress-spinner", "off", "--strict",
         "-r", "requirements.txt", "-r", "requirements-test.txt"],
        cwd=PROJECT, capture_output=True, text=True, timeout=600,
    )
    output = result.stdout + result.stderr
    if "could not be audited" in output and "Dependency not found on PyPI" in output:
        pytest.skip("pip-audit cannot reach PyPI's vulnerability data from this machine; nothing was audited")
    assert result.returncode == 0, output
    assert "No known vulnerabilities found" in output
