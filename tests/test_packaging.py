"""The package metadata tells the truth: `pip wheel .` builds, and pyproject.toml names exactly the
dependencies that requirements.txt and requirements-test.txt pin directly."""

import importlib.metadata
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    return canonical(re.split(r"[=<>\[ ;(!~]", requirement.strip(), maxsplit=1)[0])


def pinned(path: str) -> set[str]:
    lines = (PROJECT / path).read_text().splitlines()
    return {requirement_name(line) for line in lines if line.strip() and not line.startswith(("#", "-r"))}


def direct(pins: set[str], among: set[str]) -> set[str]:
    """The pins that no other pinned distribution requires (extras included): the direct ones."""
    required = set()
    for name in among:
        for requirement in importlib.metadata.distribution(name).requires or []:
            required.add(requirement_name(requirement))
    return pins - required


@pytest.fixture(scope="module")
def project():
    return tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]


def test_the_runtime_dependencies_match_requirements_txt(project):
    declared = {requirement_name(r) for r in project["dependencies"]}
    runtime = pinned("requirements.txt")
    assert declared <= runtime, f"declared but not pinned: {declared - runtime}"
    assert direct(runtime, runtime) <= declared, f"pinned directly but not declared: {direct(runtime, runtime) - declared}"


def test_the_test_dependencies_match_requirements_test_txt(project):
    declared = {requirement_name(r) for r in project["optional-dependencies"]["test"]}
    runtime, test = pinned("requirements.txt"), pinned("requirements-test.txt")
    assert declared <= test, f"declared but not pinned: {declared - test}"
    own = direct(test, runtime | test)
    assert own <= declared, f"pinned directly but not declared as test dependencies: {own - declared}"


def test_pip_builds_a_wheel_with_the_three_packages(tmp_path):
    # Built from a copy of the tracked files: a build leaves build/ and *.egg-info behind.
    source = tmp_path / "source"
    tracked = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=PROJECT, capture_output=True,
                             text=True, check=True).stdout.split()
    for name in tracked:
        if (PROJECT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / name, source / name)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = tmp_path.glob("partner-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for module in ("partner/settings.py", "trajectories/core/services.py", "trajectories/models/__init__.py",
                   "matrix/models.py", "trajectories/migrations/0001_initial.py"):
        assert module in names, module
    assert not any(name.startswith("tests/") for name in names)
