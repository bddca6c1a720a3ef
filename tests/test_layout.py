"""The architecture, checked: one-way app dependencies, no star imports, no imports hidden in
functions, migrations that do not depend on today's application code."""

import ast
from pathlib import Path

import pytest

from trajectories.models import Method, TrajectoryTemplate
from trajectories.toolkit.method_library import STARTING_METHODS
from trajectories.toolkit.template_library import STARTING_TEMPLATES

PROJECT = Path(__file__).resolve().parent.parent
PACKAGES = ("partner", "trajectories", "matrix")


def python_files(*packages: str):
    for package in packages:
        yield from sorted((PROJECT / package).rglob("*.py"))


def imports_of(path: Path):
    """(module imported, node, whether at module level) for every import in ``path``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    top = set(map(id, tree.body))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module or "", node, id(node) in top
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node, id(node) in top


def relative(path: Path) -> str:
    return str(path.relative_to(PROJECT))


def test_trajectories_never_imports_matrix():
    found = [f"{relative(path)}:{node.lineno}" for path in python_files("trajectories")
             for module, node, _top in imports_of(path) if module == "matrix" or module.startswith("matrix.")]
    assert found == [], "matrix may use trajectories, never the reverse (see partner/extensions.py)"


def test_partner_plumbing_imports_no_app_except_the_project_level_parts():
    """partner/ is what both apps use; only its project-level parts (accounts, URLs, the page
    context) may know the apps."""
    allowed = {"partner/urls.py", "partner/context_processors.py"}
    found = [f"{relative(path)}:{node.lineno} {module}" for path in python_files("partner")
             if relative(path) not in allowed and not relative(path).startswith("partner/accounts/")
             for module, node, _top in imports_of(path) if module.split(".")[0] in {"trajectories", "matrix"}]
    assert found == []


def test_no_star_imports():
    found = [f"{relative(path)}:{node.lineno}" for path in python_files(*PACKAGES, "tests", "bench")
             for _module, node, _top in imports_of(path)
             if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names)]
    assert found == []


# Imports inside functions that are there for a reason other than a cycle: Django's hook for what
# an app registers once every app is loaded, and WeasyPrint, loaded only when a PDF is made.
LATE_IMPORTS_ALLOWED = {("matrix/apps.py", "matrix"), ("partner/pdf.py", "weasyprint"), ("partner/pdf.py", "weasyprint.urls")}


def test_no_imports_inside_functions():
    found = [f"{relative(path)}:{node.lineno} {module}" for path in python_files(*PACKAGES)
             if "/migrations/" not in str(path)
             for module, node, top in imports_of(path)
             if not top and (relative(path), module) not in LATE_IMPORTS_ALLOWED]
    assert found == [], "import at the top of the module (a cycle means the layers are wrong)"


@pytest.mark.parametrize("migrations", ["trajectories/migrations", "matrix/migrations"])
def test_migrations_do_not_depend_on_application_code(migrations):
    """A fresh `migrate` must keep working whatever later happens to services or libraries:
    migrations use historical models and their own frozen data. (Paths Django itself writes
    into a migration, such as a field's storage, are allowed.)"""
    allowed = {"trajectories.live.storage"}
    found = [f"{relative(path)}:{node.lineno} {module}" for path in sorted((PROJECT / migrations).glob("0*.py"))
             for module, node, _top in imports_of(path)
             if module.split(".")[0] in {"trajectories", "matrix", "partner"} and module not in allowed]
    assert found == []


def test_the_frozen_starting_library_is_what_the_code_would_load(db):
    """The data migration froze the library as it was; a changed library needs a migration of its
    own. Here the database after all migrations holds exactly what the code's library says."""
    methods = {m.builtin_key: m for m in Method.objects.filter(organisation__isnull=True)}
    assert sorted(methods) == sorted(entry["key"] for entry in STARTING_METHODS)
    for entry in STARTING_METHODS:
        method = methods[entry["key"]]
        assert (method.name, method.how_to, method.steps, method.suits) == (
            entry["name"], entry["how_to"], sorted(entry["steps"]),
            sorted(entry["suits"]),
        )
    templates = {t.builtin_key: t for t in TrajectoryTemplate.objects.filter(organisation__isnull=True)}
    assert sorted(templates) == sorted(entry["key"] for entry in STARTING_TEMPLATES)
    for entry in STARTING_TEMPLATES:
        assert templates[entry["key"]].sessions == entry["sessions"]
