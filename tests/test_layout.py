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
LATE_IMPORTS_ALLOWED = {("matrix/apps.py", "matrix"), ("trajectories/apps.py", "trajectories.people"), ("partner/pdf.py", "weasyprint"), ("partner/pdf.py", "weasyprint.urls")}


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


# --- views do not query the database ---------------------------------------------------------
# A view reads through selectors (and fetches a protected object through an access function); it
# never builds a query itself. Checked on the code's shape: no ``.objects`` anywhere in a views
# module, and no call of a queryset method. Dictionaries share some method names with querysets
# (``get``, ``values``, ``update``); such a call is allowed only on something that is a dictionary
# by its name: ``request.GET``/``POST``/``session``/``headers``/``META``/``COOKIES``/``FILES``, a
# form's ``cleaned_data`` or ``errors``, a dict written in place, or a local named in
# ``DICT_NAMES``. A new dictionary in a view takes one of those names (or its name goes there).

VIEW_MODULES = (
    "trajectories/*/views/*.py",
    "trajectories/privacy/views.py",
    "matrix/views/*.py",
    "partner/accounts/views.py",
)
QUERYSET_METHODS = {
    "filter", "exclude", "get", "first", "last", "exists", "count", "all", "select_related",
    "prefetch_related", "annotate", "aggregate", "order_by", "values", "values_list", "update",
    "delete", "create",
}
REQUEST_DICTS = {"GET", "POST", "session", "headers", "META", "COOKIES", "FILES"}
FORM_DICTS = {"cleaned_data", "errors"}
DICT_NAMES = {"data", "filters", "values", "rows_by_item", "form_errors"}


def view_modules():
    return sorted({path for pattern in VIEW_MODULES for path in PROJECT.glob(pattern)})


def _is_a_dict(node: ast.expr) -> bool:
    if isinstance(node, ast.Attribute):
        on_request = isinstance(node.value, ast.Name) and node.value.id == "request"
        return (on_request and node.attr in REQUEST_DICTS) or node.attr in FORM_DICTS
    if isinstance(node, ast.Name):
        return node.id in DICT_NAMES
    return isinstance(node, ast.Dict | ast.DictComp)


def queries_in(tree: ast.AST):
    """(line, what) for every ``.objects`` and every queryset-method call in ``tree``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            yield node.lineno, ".objects"
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in QUERYSET_METHODS
            and not _is_a_dict(node.func.value)
        ):
            yield node.lineno, f".{node.func.attr}()"


def test_the_views_check_finds_every_views_module():
    paths = {relative(path) for path in view_modules()}
    assert {"trajectories/core/views/trajectory.py", "trajectories/live/views/client.py",
            "trajectories/privacy/views.py", "matrix/views/projects.py", "partner/accounts/views.py"} <= paths


def test_the_views_check_catches_a_query_and_lets_dictionaries_be():
    code = (
        "def view(request, pk):\n"
        "    thing = Thing.objects.get(pk=pk)\n"
        "    others = selectors.thing_list(pk=pk).filter(open=True)\n"
        "    name = request.GET.get('name') or data.get('name') or form.cleaned_data.get('name')\n"
        "    errors = list(form.errors.values()) + list({'a': 1}.values())\n"
        "    guest = thing.session.get(pk=pk)\n"
        "    return thing.parts.exists(), others, name, errors, guest\n"
    )
    assert set(queries_in(ast.parse(code))) == {
        (2, ".objects"), (2, ".get()"), (3, ".filter()"), (6, ".get()"), (7, ".exists()"),
    }


def test_views_do_not_query_the_database():
    found = [
        f"{relative(path)}:{line} {what}"
        for path in view_modules()
        for line, what in sorted(queries_in(ast.parse(path.read_text(), filename=str(path))))
    ]
    assert found == [], "a view reads through a selector or an access function, never a query of its own"
