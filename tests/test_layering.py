"""The dependency direction: the core (`ksf_b/`) and `media/` never import a domain package.

Domain packages use the core; the core reaches them only through registries that the domains
fill in from the composition root (docs/architecture.md, "Composition root"). Every import is
checked, at module level or inside a function, and `import_module("…")` with a literal name.
"""

from __future__ import annotations

import ast

import pytest

from ksf_b.config import ROOT

DOMAIN_PACKAGES = {"assessors", "theory", "practicals", "certificates"}
COMPOSITION_ROOTS = {"ksf_b/blueprints.py", "ksf_b/models.py"}
# Known and not yet moved behind a registry: the export's list of the candidate's certificates.
KNOWN = {"ksf_b/privacy/export.py: certificates.models"}


def imported_modules(source: str) -> list[str]:
    """Every absolute module name the source imports, wherever the import statement stands."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None))
            in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append(node.args[0].value)
    return names


def crossings(package: str) -> set[str]:
    """`path: module` for each import of a domain package by a core module outside the roots."""
    found = set()
    for path in sorted((ROOT / package).rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        if where in COMPOSITION_ROOTS:
            continue
        for name in imported_modules(path.read_text()):
            if name.split(".")[0] in DOMAIN_PACKAGES:
                found.add(f"{where}: {name}")
    return found


@pytest.mark.parametrize("package", ["ksf_b", "media"])
def test_the_core_imports_no_domain_package(package: str) -> None:
    assert crossings(package) - KNOWN == set()


def test_the_known_exceptions_are_still_there() -> None:
    """Remove an entry from KNOWN once it is gone, so the list never hides a new crossing."""
    assert crossings("ksf_b") & KNOWN == KNOWN


def test_the_composition_roots_exist_and_are_where_the_domains_are_wired() -> None:
    for where in COMPOSITION_ROOTS:
        names = imported_modules((ROOT / where).read_text())
        assert {name.split(".")[0] for name in names} >= {"assessors", "theory", "practicals"}


@pytest.mark.parametrize(
    "source",
    [
        "from assessors.competencies import COMPETENCIES",
        "import theory.models",
        "def f():\n    from practicals import demo\n",
        "import importlib\nimportlib.import_module('assessors.policies')",
        "if TYPE_CHECKING:\n    from certificates.models import Certificate\n",
    ],
)
def test_the_check_sees_every_kind_of_import(source: str) -> None:
    assert imported_modules(source)[-1].split(".")[0] in DOMAIN_PACKAGES


def test_the_check_leaves_core_and_relative_imports_alone() -> None:
    assert imported_modules("from ksf_b.demo import login_lines\nfrom . import rules") == [
        "ksf_b.demo"
    ]
