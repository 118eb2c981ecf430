"""The on-disk cache of compiled regular expressions only ever saves time."""

import re

import pytest

from validator import regex_cache


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CABLELINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regex_cache, "_programs", None)
    monkeypatch.setattr(regex_cache, "_new", {})
    return tmp_path


PATTERN = r"(?P<level>C[ \t]?O[ \t]?N[ \t]?F\w*)\s+(?P<serial>\d{3,7})\b"


def test_round_trip_gives_an_equivalent_pattern(fresh_cache):
    first = regex_cache.compile(PATTERN, re.I)
    regex_cache.save()
    assert (fresh_cache / "regex-programs.marshal").is_file()
    regex_cache._programs = None  # a new process: load from disk
    second = regex_cache.compile(PATTERN, re.I)
    assert second is not first and second.pattern == PATTERN and second.flags == first.flags
    for text in ("c o n f idential 000700", "CONFIDENTIAL 12", "Confidential OTTAWA"):
        a, b = first.match(text), second.match(text)
        assert (a and a.groupdict()) == (b and b.groupdict())


def test_corrupt_or_unwritable_cache_falls_back_to_re_compile(fresh_cache, monkeypatch):
    (fresh_cache / "regex-programs.marshal").write_bytes(b"\x00garbage")
    assert regex_cache.compile(r"\bSIPDIS\b").search("X SIPDIS Y")
    monkeypatch.setenv("CABLELINT_CACHE_DIR", "/proc/no-such-dir/cablelint")
    regex_cache.save()  # must not raise
