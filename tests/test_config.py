"""Configuration files, discovery (closest wins), every key, errors, and file discovery."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap

import pytest

from lint_helpers import CABLES, invoke, test_rules  # noqa: F401  (fixture)
from validator.config import ConfigError, Resolver
from validator.engine import Rule, Severity
from validator.linter import selected_codes


def put(path, text=""):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


def faulty(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(CABLES / "faulty.txt", path)
    return path


def codes_by_file(result) -> dict:
    out: dict = {}
    for line in result.stdout.splitlines():
        path, _line, _col, rest = line.split(":", 3)
        out.setdefault(path, set()).add(rest.split()[0])
    return out


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args, **kwargs):
    return invoke(["check", "--output-format", "concise", *args], **kwargs)


# --- discovery of configuration files ---------------------------------------------------------


def test_closest_configuration_file_wins(test_rules, tree):
    put(tree / "pyproject.toml", """
        [project]
        name = "archive"
        [tool.cablelint]
        select = ["TST002"]
    """)
    put(tree / "sub" / "cablelint.toml", 'select = ["TST001"]\n')
    faulty(tree / "a.txt")
    faulty(tree / "sub" / "b.txt")
    faulty(tree / "sub" / "deeper" / "c.txt")
    result = check(".")
    assert codes_by_file(result) == {"a.txt": {"TST002"}, "sub/b.txt": {"TST001"}, "sub/deeper/c.txt": {"TST001"}}


def test_dot_file_beats_plain_file_beats_pyproject(test_rules, tree):
    put(tree / "pyproject.toml", '[tool.cablelint]\nselect = ["TST002"]\n')
    put(tree / "cablelint.toml", 'select = ["TST001"]\n')
    faulty(tree / "a.txt")
    assert codes_by_file(check(".")) == {"a.txt": {"TST001"}}
    put(tree / ".cablelint.toml", 'select = ["TST002"]\nignore = []\n')
    assert codes_by_file(check(".")) == {"a.txt": {"TST002"}}


def test_pyproject_without_table_is_passed_over(test_rules, tree):
    put(tree / "cablelint.toml", 'select = ["TST002"]\n')
    put(tree / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    faulty(tree / "sub" / "a.txt")
    assert codes_by_file(check("sub")) == {"sub/a.txt": {"TST002"}}


def test_explicit_file_uses_its_own_closest_config(test_rules, tree):
    put(tree / "sub" / "cablelint.toml", 'select = ["TST002"]\n')
    faulty(tree / "sub" / "a.txt")
    assert codes_by_file(check("sub/a.txt")) == {"sub/a.txt": {"TST002"}}


def test_config_option_and_isolated(test_rules, tree):
    put(tree / "cablelint.toml", 'select = ["TST002"]\n')
    put(tree / "other.toml", 'select = ["TST001"]\nexclude = ["skip"]\n')
    faulty(tree / "a.txt")
    faulty(tree / "skip" / "b.txt")
    assert codes_by_file(check("--config", "other.toml", ".")) == {"a.txt": {"TST001"}}
    assert codes_by_file(check("--isolated", ".")) == {"a.txt": {"TST001", "TST002"},
                                                        "skip/b.txt": {"TST001", "TST002"}}
    result = check("--config", "missing.toml", ".")
    assert result.exit_code == 2 and "missing.toml" in result.stderr


def test_cli_selection_layers_on_top_of_config(test_rules, tree):
    put(tree / "cablelint.toml", 'select = ["TST"]\nignore = ["TST002"]\n')
    faulty(tree / "a.txt")
    assert codes_by_file(check(".")) == {"a.txt": {"TST001"}}
    assert codes_by_file(check("--extend-select", "TST002", ".")) == {"a.txt": {"TST001", "TST002"}}
    assert codes_by_file(check("--select", "TST002", ".")) == {"a.txt": {"TST002"}}
    assert codes_by_file(check("--ignore", "TST001", ".")) == {}


def test_selection_specificity_like_ruff():
    class A(Rule):
        code = "POR001"

    class B(Rule):
        code = "POR003"

    class C(Rule):
        code = "CAP001"
        default_enabled = False

    catalog = [A, B, C]
    assert selected_codes(catalog, [(None, (), ())]) == ["POR001", "POR003"]
    assert selected_codes(catalog, [(("POR",), (), ("POR003",))]) == ["POR001"]
    assert selected_codes(catalog, [(("POR003",), (), ("POR",))]) == ["POR003"]  # more specific wins
    assert selected_codes(catalog, [(("ALL",), (), ())]) == ["CAP001", "POR001", "POR003"]  # every rule
    assert selected_codes(catalog, [(None, ("ALL",), ())]) == ["CAP001", "POR001", "POR003"]
    assert selected_codes(catalog, [(("ALL",), (), ("CAP",))]) == ["POR001", "POR003"]
    assert selected_codes(catalog, [(("POR",), (), ())]) == ["POR001", "POR003"]  # a prefix: defaults only
    assert selected_codes(catalog, [(None, ("CAP001",), ())]) == ["CAP001", "POR001", "POR003"]
    assert selected_codes(catalog, [(("POR001",), (), ()), (None, (), ("POR001",))]) == []


# --- every key --------------------------------------------------------------------------------


def test_per_file_ignores(test_rules, tree):
    put(tree / "cablelint.toml", """
        [per-file-ignores]
        "legacy/*.txt" = ["TST001"]
        "b.txt" = ["TST"]
    """)
    faulty(tree / "legacy" / "a.txt")
    faulty(tree / "legacy" / "old" / "b.txt")
    faulty(tree / "c.txt")
    assert codes_by_file(check(".")) == {"legacy/a.txt": {"TST002"}, "c.txt": {"TST001", "TST002"}}


def test_include_exclude_extend_exclude(test_rules, tree):
    put(tree / "cablelint.toml", 'include = ["*.cable"]\nextend-exclude = ["drafts", "x/y/*.cable"]\n')
    faulty(tree / "a.txt")
    faulty(tree / "b.cable")
    faulty(tree / "drafts" / "c.cable")
    faulty(tree / "x" / "y" / "d.cable")
    faulty(tree / "z" / "x" / "y" / "e.cable")  # anchored pattern: only x/y at the config's root
    faulty(tree / "node_modules" / "f.cable")  # default exclude kept by extend-exclude
    assert set(codes_by_file(check("."))) == {"b.cable", "z/x/y/e.cable"}
    put(tree / "cablelint.toml", 'include = ["*.cable"]\nexclude = ["drafts"]\n')
    assert set(codes_by_file(check("."))) == {"b.cable", "x/y/d.cable", "z/x/y/e.cable", "node_modules/f.cable"}


def test_git_directory_is_always_skipped(test_rules, tree):
    put(tree / "cablelint.toml", 'exclude = []\n')
    faulty(tree / ".git" / "a.txt")
    faulty(tree / "b.txt")
    assert set(codes_by_file(check("."))) == {"b.txt"}


def test_fail_level_and_severity_overrides(test_rules, tree):
    faulty(tree / "a.txt")
    put(tree / "cablelint.toml", '[severity]\nTST001 = "warning"\n')
    result = check(".")
    assert result.exit_code == 0 and "TST001 [warning]" in result.stdout
    put(tree / "cablelint.toml", 'fail-level = "warning"\n[severity]\nTST001 = "info"\nTST002 = "info"\n')
    assert check(".").exit_code == 0
    put(tree / "cablelint.toml", 'fail-level = "info"\n[severity]\nTST001 = "info"\n')
    assert check(".").exit_code == 1
    assert check("--fail-level", "error", ".").exit_code == 0  # the command line wins


def test_output_format_key(test_rules, tree):
    faulty(tree / "a.txt")
    put(tree / "cablelint.toml", 'output-format = "github"\n')
    assert invoke(["check", "."]).stdout.startswith("::warning file=a.txt,line=7,")
    assert invoke(["check", "--output-format", "concise", "."]).stdout.startswith("a.txt:")


def test_declass_horizon_days_reaches_rules(tree, monkeypatch):
    from validator.engine import registry

    seen = []

    class Probe(Rule):
        code = "TST009"
        name = "probe"
        severity = Severity.INFO
        summary = "records its options"

        def check(self, doc):
            seen.append(self.options.get("declass-horizon-days"))
            return ()

    registry.all_rules()
    monkeypatch.setitem(registry._REGISTRY, "TST009", Probe)
    faulty(tree / "a.txt")
    put(tree / "cablelint.toml", "declass-horizon-days = 3650\n")
    check(".")
    check("--isolated", ".")
    assert seen == [3650, None]
    assert Resolver().for_directory(".").declass_horizon_days == 3650


@pytest.mark.parametrize("text,key", [
    ("colour = true\n", "colour"),
    ("select = 3\n", "select"),
    ("select = [\"NOPE9\"]\n", "select"),
    ("ignore = [1]\n", "ignore"),
    ("extend-select = \"TST001\"\n", "extend-select"),
    ("per-file-ignores = [\"x\"]\n", "per-file-ignores"),
    ("[per-file-ignores]\n\"*.txt\" = [\"XX\"]\n", "per-file-ignores"),
    ("include = \"*.txt\"\n", "include"),
    ("exclude = [\"\"]\n", "exclude"),
    ("extend-exclude = [2]\n", "extend-exclude"),
    ("fail-level = \"fatal\"\n", "fail-level"),
    ("[severity]\nTST001 = \"loud\"\n", "severity"),
    ("[severity]\nNOPE001 = \"error\"\n", "severity"),
    ("respect-gitignore = \"yes\"\n", "respect-gitignore"),
    ("force-exclude = 1\n", "force-exclude"),
    ("output-format = \"xml\"\n", "output-format"),
    ("declass-horizon-days = -1\n", "declass-horizon-days"),
    ("declass-horizon-days = \"10\"\n", "declass-horizon-days"),
    ("declass-horizon-days = true\n", "declass-horizon-days"),
])
def test_bad_key_or_value_exits_2_naming_key_and_file(test_rules, tree, text, key):
    put(tree / "cablelint.toml", text)
    faulty(tree / "a.txt")
    result = check(".")
    assert result.exit_code == 2, result.stdout
    assert f"'{key}" in result.stderr and "cablelint.toml" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_bad_key_in_pyproject_names_the_table(test_rules, tree):
    put(tree / "pyproject.toml", '[tool.cablelint]\nselct = ["TST001"]\n')
    faulty(tree / "a.txt")
    result = check(".")
    assert result.exit_code == 2
    assert "[tool.cablelint] in" in result.stderr and "pyproject.toml" in result.stderr and "'selct'" in result.stderr


def test_invalid_toml_exits_2(test_rules, tree):
    put(tree / "cablelint.toml", "select = [\n")
    faulty(tree / "a.txt")
    result = check(".")
    assert result.exit_code == 2 and "cablelint.toml: invalid TOML" in result.stderr


def test_config_error_is_a_config_error_not_a_crash(tree):
    put(tree / "cablelint.toml", "nope = 1\n")
    with pytest.raises(ConfigError, match="unknown key 'nope'"):
        Resolver().for_directory(".")


# --- gitignore, --force-exclude, stdin --------------------------------------------------------


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tree):
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    git("init", "-q", ".", cwd=tree)
    put(tree / ".gitignore", "drafts/\n*.tmp.txt\n!keep.tmp.txt\n")
    put(tree / "sub" / ".gitignore", "local.txt\n")
    for name in ("a.txt", "drafts/b.txt", "x.tmp.txt", "keep.tmp.txt", "sub/local.txt", "sub/c.txt"):
        faulty(tree / name)
    return tree


def test_gitignored_files_are_skipped(test_rules, repo):
    assert set(codes_by_file(check("--select", "TST001", "."))) == {"a.txt", "keep.tmp.txt", "sub/c.txt"}
    assert set(codes_by_file(check("--select", "TST001", "sub"))) == {"sub/c.txt"}


def test_respect_gitignore_false(test_rules, repo):
    put(repo / "cablelint.toml", "respect-gitignore = false\n")
    assert len(codes_by_file(check("--select", "TST001", "."))) == 6


def test_explicit_files_are_checked_even_if_ignored_or_excluded(test_rules, repo):
    put(repo / "cablelint.toml", 'exclude = ["a.txt"]\n')
    assert set(codes_by_file(check("--select", "TST001", "drafts/b.txt", "a.txt"))) == {"drafts/b.txt", "a.txt"}


def test_force_exclude_skips_excluded_and_non_included_explicit_files(test_rules, tree):
    put(tree / "cablelint.toml", 'extend-exclude = ["archive"]\n')
    faulty(tree / "archive" / "old" / "a.txt")
    faulty(tree / "b.txt")
    put(tree / "README.md", "(S) not a cable\n")
    args = ["--select", "TST001", "--force-exclude", "archive/old/a.txt", "b.txt", "README.md"]
    assert set(codes_by_file(check(*args))) == {"b.txt"}
    put(tree / "cablelint.toml", 'extend-exclude = ["archive"]\nforce-exclude = true\n')
    assert set(codes_by_file(check("--select", "TST001", "archive/old/a.txt", "b.txt"))) == {"b.txt"}


def test_stdin_filename_selects_config_and_force_exclude(test_rules, tree):
    put(tree / "sub" / "cablelint.toml", 'select = ["TST002"]\nextend-exclude = ["skip.txt"]\n')
    data = (CABLES / "faulty.txt").read_text()
    result = check("--stdin-filename", "sub/x.txt", "-", input=data)
    assert codes_by_file(result) == {"sub/x.txt": {"TST002"}}
    result = check("--force-exclude", "--stdin-filename", "sub/skip.txt", "-", input=data)
    assert result.stdout == "" and result.exit_code == 0


def test_recursive_discovery_is_sorted_and_deduplicated(test_rules, tree):
    for name in ("b/z.txt", "a.txt", "b/a.txt", "c.md"):
        faulty(tree / name)
    result = check("--select", "TST001", "--output-format", "concise", ".", "a.txt", "./b/")
    paths = list(dict.fromkeys(line.split(":")[0] for line in result.stdout.splitlines()))
    assert paths == ["a.txt", "b/a.txt", "b/z.txt"]


OLD_CABLE = """
    R 271500Z JAN 77
    C O N F I D E N T I A L STATE 017976
    E.O. 11652: GDS
    TAGS: PREL
    SUBJECT: TEST

    1. (C) Marked.

    2. Unmarked paragraph of the old cable.
    """


def test_user_severity_wins_over_a_rule_that_downgrades_itself(tree):
    """Issue 11 point 4: POR001 reports pre-1995 cables at info; the user's "error" wins, end to end."""
    put(tree / "old.txt", OLD_CABLE)
    plain = check("--isolated", "--select", "POR001", "old.txt")
    assert "POR001 [info]" in plain.stdout and plain.exit_code == 0
    put(tree / "pyproject.toml", """
        [tool.cablelint]
        select = ["POR001"]

        [tool.cablelint.severity]
        POR001 = "error"
        """)
    raised = check("old.txt")
    assert "old.txt:9:1: POR001 [error]" in raised.stdout, raised.stdout
    assert "[info]" not in raised.stdout and raised.exit_code == 1


def test_select_all_runs_every_rule_even_those_off_by_default(tree):
    """Issue 11 point 10: `--select ALL` as in ruff."""
    from conftest import SEED
    from validator.engine.registry import all_rules

    (tree / "seed.txt").write_bytes(SEED.read_bytes())
    off = {cls.code for cls in all_rules() if not cls.default_enabled}
    assert "EO007" in off
    default = check("--isolated", "--as-of", "2026-01-01", "seed.txt")
    everything = check("--isolated", "--as-of", "2026-01-01", "--select", "ALL", "seed.txt")
    assert "EO007" not in default.stdout and "seed.txt:" in everything.stdout
    assert "EO007" in everything.stdout  # DECL 09/09/2019 has passed on 2026-01-01


# --- --show-settings and --show-files (issue 11 point 14) -------------------------------------


def test_show_files_lists_what_discovery_would_check(test_rules, tree):
    faulty(tree / "a" / "one.txt")
    faulty(tree / "a" / "drafts" / "two.txt")
    faulty(tree / "b" / "three.txt")
    (tree / "a" / "notes.md").write_text("x")
    put(tree / "cablelint.toml", 'extend-exclude = ["drafts"]\n')
    result = invoke(["check", "--show-files"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["a/one.txt", "b/three.txt"]
    assert result.stderr == ""  # nothing was checked
    assert invoke(["check", "--show-files", "--isolated", "a"]).stdout.splitlines() == [
        "a/drafts/two.txt", "a/one.txt"]


def test_show_settings_gives_values_and_where_they_come_from(test_rules, tree):
    config = put(tree / "pyproject.toml", """
        [project]
        name = "archive"

        [tool.cablelint]
        select = ["TST"]
        fail-level = "warning"

        [tool.cablelint.severity]
        TST002 = "error"
        """)
    faulty(tree / "cables" / "a.txt")
    result = invoke(["check", "--show-settings", "cables/a.txt", "--ignore", "TST001"])
    assert result.exit_code == 0 and result.stderr == ""
    out = result.stdout
    assert f"configuration file: {config}" in out
    assert f'select = ["TST"]  # {config}:5' in out
    assert f'fail-level = "warning"  # {config}:6' in out
    assert 'ignore = ["TST001"]  # command line' in out
    assert 'respect-gitignore = true  # default' in out
    assert f'severity.TST002 = "error"  # {config}:9' in out
    assert "rules enabled (1): TST002" in out
    isolated = invoke(["check", "--isolated", "--show-settings", "cables/a.txt"]).stdout
    assert "configuration file: none (--isolated)" in isolated and "rules enabled (2)" in isolated


# --- configuration typos (issue 11 point 15) ---------------------------------------------------


def test_unknown_key_suggests_the_closest_with_file_and_line(test_rules, tree):
    put(tree / "pyproject.toml", '[project]\nname = "x"\n\n[tool.cablelint]\nselect = ["TST"]\nselct = ["TST001"]\n')
    faulty(tree / "a.txt")
    result = check(".")
    assert result.exit_code == 2
    assert (f"[tool.cablelint] in {tree / 'pyproject.toml'}, line 6: unknown key 'selct' "
            "(did you mean 'select'?)") in result.stderr


def test_unknown_rule_codes_suggest_the_closest_code(test_rules, tree):
    put(tree / "cablelint.toml", 'ignore = ["TST00"]\nselect = ["TST01"]\n')
    result = check(".")
    assert result.exit_code == 2
    assert "cablelint.toml, line 2: invalid value for 'select': unknown rule selector 'TST01' " \
           "(did you mean 'TST001'?)" in result.stderr
    put(tree / "cablelint.toml", '[severity]\nTST020 = "error"\n')
    result = check(".")
    assert "line 2: invalid value for 'severity': unknown rule code 'TST020' (did you mean 'TST002'?)" in result.stderr
    cli = check("--isolated", "--select", "test-subject", ".")
    assert cli.exit_code == 2 and "did you mean 'TST002', the code of rule test-subject?" in cli.stderr


def test_misspelled_section_is_a_warning(test_rules, tree):
    put(tree / "pyproject.toml", '[project]\nname = "x"\n\n[tool.cablint]\nselect = ["TST002"]\n')
    faulty(tree / "a.txt")
    result = check(".")
    assert result.exit_code == 1  # the defaults ran
    assert (f"cablelint: warning: {tree / 'pyproject.toml'}:4: [tool.cablint] is not read by cablelint "
            "(did you mean [tool.cablelint]?)") in result.stderr
    put(tree / "pyproject.toml", '[tool.black]\nline-length = 100\n')
    assert "cablelint: warning" not in check(".").stderr


# --- the record of a pyproject.toml without [tool.cablelint] (start-up time only) ---------------


def test_a_recorded_pyproject_without_table_is_not_parsed_again_and_any_change_is_read(tmp_path, monkeypatch,
                                                                                      capsys):
    from validator import config

    monkeypatch.setenv("CABLELINT_CACHE_DIR", str(tmp_path / "cache"))
    project = put(tmp_path / "p" / "pyproject.toml", '[project]\nname = "x"\n[tool.setuptools]\nzip-safe = false\n')
    assert config.config_in(str(project.parent)) is None
    assert len(list((tmp_path / "cache" / "pyproject").iterdir())) == 1
    parsed = []
    monkeypatch.setattr(config, "_parse_toml", lambda path, data: parsed.append(path) or {})
    assert config.config_in(str(project.parent)) is None
    assert parsed == []  # the same bytes: known without a parse
    monkeypatch.undo()
    monkeypatch.setenv("CABLELINT_CACHE_DIR", str(tmp_path / "cache"))
    put(project, '[project]\nname = "x"\n[tool.cablelint]\nselect = ["POR"]\n')  # one change
    assert config.config_in(str(project.parent)) == str(project)
    put(project, '[project]\nname = "x"\n[tool.cablelint\n')  # invalid TOML is an error every time
    for _ in range(2):
        with pytest.raises(ConfigError, match="invalid TOML"):
            config.config_in(str(project.parent))
    put(project, '[tool.cablelnt]\nselect = ["POR"]\n')  # a near miss warns on every run: never recorded
    for _ in range(2):
        config._WARNED.clear()
        assert config.config_in(str(project.parent)) is None
        assert "did you mean [tool.cablelint]?" in capsys.readouterr().err


def test_a_record_with_other_bytes_is_not_trusted(tmp_path, monkeypatch):
    from validator import config

    monkeypatch.setenv("CABLELINT_CACHE_DIR", str(tmp_path / "cache"))
    project = put(tmp_path / "p" / "pyproject.toml", '[tool.cablelint]\nselect = ["POR"]\n')
    record = config._plain_record(str(project))
    (tmp_path / "cache" / "pyproject").mkdir(parents=True)
    # a record of the file before it gained its table, and one with a trailing byte more
    for content in (config._plain_header() + b'[tool.other]\n', config._plain_header() + project.read_bytes() + b" "):
        (tmp_path / "cache" / "pyproject" / record.rsplit("/", 1)[1]).write_bytes(content)
        assert config.config_in(str(project.parent)) == str(project)


def test_a_one_file_check_under_a_recorded_pyproject_does_not_import_tomllib(tmp_path):
    import os
    import sys

    put(tmp_path / "p" / "pyproject.toml", '[project]\nname = "x"\n')
    cable = tmp_path / "p" / "c.txt"
    cable.write_text("UNCLASSIFIED\n\n1. (U) Text.\n")
    code = ("import sys; sys.argv = ['cablelint', 'check', '-q', '--exit-zero', '--no-cache', sys.argv[1]]\n"
            "from validator import entry\n"
            "try:\n    entry.main()\nexcept SystemExit:\n    pass\n"
            "print('TOMLLIB', 'tomllib' in sys.modules)\n")
    env = dict(os.environ, CABLELINT_CACHE_DIR=str(tmp_path / "cache"))
    runs = [subprocess.run([sys.executable, "-c", code, str(cable)], capture_output=True, text=True, check=True,
                           cwd=tmp_path, env=env) for _ in range(2)]
    assert ["TOMLLIB True" in runs[0].stdout, "TOMLLIB False" in runs[1].stdout] == [True, True], runs[1].stderr
    assert runs[0].stdout.replace("True", "") == runs[1].stdout.replace("False", "")


def test_a_walk_matches_names_as_paths_do(tmp_path):
    """A walk hands a directory entry's name to the name patterns (no basename per pattern): the
    answer must be the path's."""
    from validator.pathmatch import Pattern, any_match

    patterns = [Pattern(text, str(tmp_path)) for text in ("*.txt", "drafts", "x/y/*.cable", "**/old/*", "[!a]*.md")]
    for rel in ("a.txt", "b/drafts", "x/y/d.cable", "z/x/y/e.cable", "q/old/r.txt", "b.md", "a.md", "n/a.md"):
        path = str(tmp_path / rel)
        name = rel.rsplit("/", 1)[-1]
        for pattern in patterns:
            assert pattern.matches(path, name) == pattern.matches(path), (pattern.text, rel)
        assert any_match(patterns, path, name) == any_match(patterns, path)


@pytest.mark.parametrize("cwd_rel,path", [
    ("", "a/b.txt"), ("", "./a//b.txt"), ("", "a/../a/b.txt"), ("a", "../a/b.txt"), ("a", "b.txt"),
    ("a", "../c.txt"), ("", "..x/b.txt"), ("a", "."), ("", "a/"), ("a/b", "../../a/b/c.txt"),
    ("a", "../ab/c.txt"), ("a/b", "../bc"), ("a", "/etc/hosts"), ("a", "/{tmp}/a/b.txt"), ("a", "//etc"),
    ("a", "{tmp}/a"), ("a", "{tmp}/a/"), ("a", "{tmp}/ab"),
])
def test_display_path_is_relpath_below_the_working_directory(tmp_path, monkeypatch, cwd_rel, path):
    """display_path takes a path below the working directory as the rest of it: the answer must be
    relpath's, and a path elsewhere is shown as given."""
    import os

    from validator.discovery import display_path

    (tmp_path / "a" / "b").mkdir(parents=True)
    cwd = tmp_path / cwd_rel
    monkeypatch.chdir(cwd)
    path = path.replace("{tmp}", str(tmp_path))  # ("/{tmp}": two leading slashes, which POSIX keeps)
    for candidate in (path, str(cwd / path)):
        rel = os.path.relpath(os.path.abspath(candidate), os.getcwd())
        assert display_path(candidate) == (candidate if rel.startswith(os.pardir) else rel)


@pytest.mark.skipif(os.name != "posix", reason="POSIX paths")
@pytest.mark.parametrize("path", ["//x/y", "/x/y", ".", "/", "./", "x/../y", "//"])
def test_display_path_at_the_root_is_relpath(monkeypatch, path):
    """At the root the working directory ends with a separator, and POSIX keeps two leading ones:
    the rest of such a path is not relpath's answer (it was "/x/y" for "//x/y", "" for ".")."""
    from validator.discovery import display_path

    monkeypatch.chdir("/")
    assert display_path(path) == os.path.relpath(os.path.abspath(path), "/")
