"""Every refusal carries a code, and every test that expects one asserts it.

A code is what tells refusals apart without comparing translated messages. Django drops it without
a word in one case: ``ValidationError({"field": "message"}, code="x")`` (or a list of messages)
makes each value a ``ValidationError`` of its own, without the code. A refusal about a field is therefore built with
``partner.refusals.refusal(..., field=...)`` (a dict of coded errors).
"""

import ast
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PACKAGES = ("partner", "trajectories", "matrix")

# The helper that builds refusals about a field: its dict holds the coded error it just made.
HELPER = "partner/refusals.py"

# Sites whose codes this check cannot see, with why. Keep it short.
UNCODED_ALLOWED = {
    # Re-raises the form's own ValidationErrors (``form.errors.as_data()``) as one refusal: each
    # keeps the code its form gave it; a comprehension hides that from the check.
    ("trajectories/live/views/facilitator.py", "with_form"),
}

# How many statements after a ``with pytest.raises(ValidationError)`` block may come before the
# assertion of the code (an assertion of the message may come first).
CODE_ASSERTION_WITHIN = 4


def relative(path: Path, root: Path = PROJECT) -> str:
    return str(path.relative_to(root))


def called_name(node: ast.AST) -> str | None:
    if not isinstance(node, ast.Call):
        return None
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def has_code(call: ast.Call) -> bool:
    return any(keyword.arg == "code" for keyword in call.keywords)


def is_coded(node: ast.AST) -> bool:
    """``refusal(...)`` (its code is a required keyword) or ``ValidationError(..., code=...)``."""
    name = called_name(node)
    return name == "refusal" or (name == "ValidationError" and has_code(node))


def functions_with_parents(tree: ast.AST):
    """(innermost enclosing function or the module, node) for every node."""

    def walk(node, scope):
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else scope
            yield inner, child
            yield from walk(child, inner)

    yield from walk(tree, tree)


def dict_filled_with_coded_errors(scope: ast.AST, name: str) -> bool:
    """``name`` is made as an empty dict in ``scope`` and every value put in it is a coded error."""
    made_empty, values = False, []
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == name:
                    made_empty = isinstance(node.value, ast.Dict) and not node.value.keys
                    if not made_empty:
                        return False
                if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and target.value.id == name:
                    values.append(node.value)
    return made_empty and bool(values) and all(is_coded(value) for value in values)


def is_bare_message(node: ast.AST) -> bool:
    """A message as text (``"..."``, ``_("...")``, ``_("...") % {...}``) rather than an error."""
    return (
        (isinstance(node, ast.Constant) and isinstance(node.value, str))
        or isinstance(node, ast.JoinedStr | ast.BinOp)
        or called_name(node) in {"_", "gettext", "ngettext", "gettext_lazy"}
    )


def uncoded_refusals(path: Path, root: Path = PROJECT) -> list[str]:
    """``path:line why`` for every ``ValidationError(...)`` in ``path`` that ends up without a code,
    and every ``form.add_error(field, "message")`` (Django makes that an error without a code)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for scope, node in functions_with_parents(tree):
        if not isinstance(node, ast.Call):
            continue
        where = f"{relative(path, root)}:{node.lineno}"
        if called_name(node) == "add_error" and len(node.args) == 2 and is_bare_message(node.args[1]):
            found.append(f"{where} add_error with a bare message (use refusal(message, code=...))")
        if called_name(node) != "ValidationError":
            continue
        first = node.args[0] if node.args else None
        if isinstance(first, ast.Dict | ast.List):
            parts = first.values if isinstance(first, ast.Dict) else first.elts
            if has_code(node):
                found.append(f"{where} a dict or list with code=: Django drops the code (use refusal(...))")
            elif relative(path, root) != HELPER and not all(is_coded(part) for part in parts):
                found.append(f"{where} a dict or list of uncoded errors (use refusal(...))")
        elif has_code(node):
            continue
        elif isinstance(first, ast.Name) and dict_filled_with_coded_errors(scope, first.id):
            continue
        elif (relative(path, root), getattr(scope, "name", None)) not in UNCODED_ALLOWED:
            found.append(f"{where} without a code")
    return found


def test_every_refusal_in_the_code_carries_a_code():
    paths = [path for package in PACKAGES for path in sorted((PROJECT / package).rglob("*.py"))
             if "/migrations/" not in str(path)]
    found = [problem for path in paths for problem in uncoded_refusals(path)]
    assert found == []


def raises_validation_error(item: ast.withitem) -> bool:
    call = item.context_expr
    return (
        called_name(call) == "raises"
        and bool(call.args)
        and (
            (isinstance(call.args[0], ast.Name) and call.args[0].id == "ValidationError")
            or (isinstance(call.args[0], ast.Attribute) and call.args[0].attr == "ValidationError")
        )
    )


def asserts_code_of(statement: ast.stmt, name: str) -> bool:
    """An ``assert`` about ``name`` that looks at codes: ``error_codes(...)`` or a ``.code``."""
    if not isinstance(statement, ast.Assert):
        return False
    nodes = list(ast.walk(statement))
    mentions = any(isinstance(node, ast.Name) and node.id == name for node in nodes)
    looks_at_code = any(
        called_name(node) == "error_codes" or (isinstance(node, ast.Attribute) and node.attr == "code")
        for node in nodes
    )
    return mentions and looks_at_code


def unchecked_raises(path: Path, root: Path = PROJECT) -> list[str]:
    """``path:line`` of every ``with pytest.raises(ValidationError)`` in ``path`` whose code is not asserted."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for block in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            statements = getattr(block, field, None)
            if not isinstance(statements, list):
                continue
            for index, statement in enumerate(statements):
                if not isinstance(statement, ast.With | ast.AsyncWith):
                    continue
                for item in statement.items:
                    if not raises_validation_error(item):
                        continue
                    following = []
                    for after in statements[index + 1:index + 1 + CODE_ASSERTION_WITHIN]:
                        if isinstance(after, ast.With | ast.AsyncWith):
                            break  # the next block's assertions are about its own refusal
                        following.append(after)
                    name = item.optional_vars.id if isinstance(item.optional_vars, ast.Name) else None
                    if name is None or not any(asserts_code_of(after, name) for after in following):
                        found.append(f"{relative(path, root)}:{statement.lineno}")
    return found


def test_every_test_expecting_a_refusal_asserts_its_code():
    """``with pytest.raises(ValidationError) as error:`` is followed by an assertion of its code,
    for example ``assert error_codes(error) == {"location": ["organisation"]}`` (tests/errors.py)."""
    found = [problem for path in sorted((PROJECT / "tests").rglob("*.py")) for problem in unchecked_raises(path)]
    assert found == []


def test_the_checks_catch_what_they_are_for(tmp_path):
    """The checks above find the mistakes they are about (so an empty list means something)."""
    code = tmp_path / "code.py"
    code.write_text(
        "def f(errors):\n"
        "    raise ValidationError({'user': 'Taken.'}, code='duplicate')\n"
        "def g():\n"
        "    raise ValidationError('Closed.')\n"
        "def h():\n"
        "    raise ValidationError({'user': 'Taken.'})\n"
        "def i():\n"
        "    errors = {}\n"
        "    errors['name'] = 'Fill this in.'\n"
        "    raise ValidationError(errors)\n"
        "def fine():\n"
        "    errors = {}\n"
        "    errors['name'] = refusal('Fill this in.', code='required')\n"
        "    raise ValidationError(errors)\n"
        "def also_fine():\n"
        "    raise ValidationError({'user': ValidationError('Taken.', code='duplicate')})\n"
        "def clean(self):\n"
        "    self.add_error('end_date', _('The end date cannot be before the start date.'))\n"
        "    self.add_error('end_date', refusal(_('The end date cannot be before the start date.'), code='dates'))\n"
        "def j():\n"
        "    raise ValidationError(['Closed.', 'Gone.'], code='closed')\n"
    )
    assert [line.split(" ", 1)[0].rsplit(":", 1)[1] for line in uncoded_refusals(code, tmp_path)] == [
        "2", "4", "6", "10", "18", "21",
    ]
    test = tmp_path / "test_code.py"
    test.write_text(
        "def test_unchecked():\n"
        "    with pytest.raises(ValidationError) as error:\n"
        "        f()\n"
        "    assert says(error, 'Taken.')\n"
        "def test_without_name():\n"
        "    with pytest.raises(ValidationError):\n"
        "        f()\n"
        "def test_checked():\n"
        "    with pytest.raises(ValidationError) as error:\n"
        "        f()\n"
        "    assert says(error, 'Taken.')\n"
        "    assert error_codes(error) == {'user': ['duplicate']}\n"
        "def test_checked_by_the_next_block_only():\n"
        "    with pytest.raises(ValidationError) as error:\n"
        "        f()\n"
        "    with pytest.raises(ValidationError) as error:\n"
        "        g()\n"
        "    assert error.value.code == 'closed'\n"
    )
    assert [line.rsplit(":", 1)[1] for line in unchecked_raises(test, tmp_path)] == ["2", "6", "14"]

