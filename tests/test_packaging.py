"""The grammar ships inside the package and loads through importlib.resources."""

import importlib.resources
import os
import pytest

tomllib = pytest.importorskip("tomllib")
from pathlib import Path

import validator
from validator.grammar_resource import grammar_text

ROOT = Path(__file__).resolve().parent.parent


def test_grammar_loads_from_package_resources():
    text = grammar_text()
    assert "BANNER_LINE" in text and "start:" in text
    assert importlib.resources.files("validator.grammar").joinpath("cable.lark").is_file()


def test_installed_copy_is_used_when_not_editable():
    # In CI the package is installed with a plain `pip install .`: the grammar must sit
    # inside the installed package, not be read from the source tree.
    package_dir = Path(validator.__file__).resolve().parent
    if package_dir.parent == ROOT:
        return  # running from the source tree (editable install)
    assert (package_dir / "grammar" / "cable.lark").is_file()
    assert (package_dir / "grammar" / "cable.lark").read_text() == (ROOT / "grammar" / "cable.lark").read_text()


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"validator.grammar"}
    for dirpath, _dirs, files in os.walk(ROOT / "validator"):
        if "__init__.py" in files:
            found.add(".".join(Path(dirpath).relative_to(ROOT).parts))
    assert found == listed
