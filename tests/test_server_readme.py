"""The README's "Language server" section: install line, and every editor snippet starts `cablelint server`."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def section() -> str:
    return README.read_text().split("## Language server\n", 1)[1].split("\n## ", 1)[0]


def blocks(lang: str) -> list[str]:
    return [body for lg, body in re.findall(r"```(\w*)\n(.*?)```", section(), re.S) if lg == lang]


def test_install_and_run_commands():
    (sh,) = blocks("sh")
    lines = [line.split("#")[0].strip() for line in sh.splitlines()]
    assert "pip install 'cablelint[server]'" in lines
    assert "cablelint server" in lines


def test_set_up_commands_at_the_top_are_unchanged():
    top = README.read_text().split("## Usage", 1)[0]
    assert "pip install . && cablelint check seeds/" in top
    assert "pip install '.[test]' && pytest" in top


def test_every_editor_snippet_is_there_and_runs_cablelint_server():
    assert {"json", "lua", "elisp", "toml"} <= {lg for lg, _ in re.findall(r"```(\w*)\n(.*?)```", section(), re.S)}
    (vscode,) = blocks("json")
    settings = json.loads(vscode)
    assert [settings["glspc.server.command"], *settings["glspc.server.commandArguments"]] == ["cablelint", "server"]
    (lua,) = blocks("lua")
    (cmd,) = re.findall(r"cmd\s*=\s*\{(.*?)\}", lua)
    assert re.findall(r'"([^"]*)"', cmd) == ["cablelint", "server"]
    assert "vim.lsp.start(" in lua and lua.count("(") == lua.count(")") and lua.count("{") == lua.count("}")
    (elisp,) = blocks("elisp")
    assert elisp.count("(") == elisp.count(")")
    (program,) = re.findall(r"\(text-mode \. \(([^)]*)\)\)", elisp)
    assert shlex.split(program) == ["cablelint", "server"]


def test_helix_languages_toml():
    tomllib = pytest.importorskip("tomllib")
    (snippet,) = blocks("toml")
    config = tomllib.loads(snippet)
    server = config["language-server"]["cablelint"]
    assert [server["command"], *server["args"]] == ["cablelint", "server"]
    (language,) = config["language"]
    assert language["language-servers"] == ["cablelint"]
    assert {"name", "scope", "file-types"} <= set(language)
    assert "txt" in language["file-types"]


def test_debounce_in_the_readme_matches_the_code():
    pytest.importorskip("pygls")
    from validator.server import DEBOUNCE_SECONDS

    assert f"{DEBOUNCE_SECONDS} s after the last edit" in section()
    assert "`DEBOUNCE_SECONDS`" in section()
