"""GLUED_BLANKS_FIRST: the glued-paragraph search finds _GLUED's matches from their blank runs; the
matches (where, which number, where they end) must be _GLUED's own, in any slice of the line."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from validator import glued

_PIECES = [". ", "---", "--", " 2. (C) ", " 12.(S)", "¶ 3. ", " ¶4. A", "1", "23", ".", " ", "\t", "  ",
           "A", "a", "(", ")", '"', "'", "]", "\u201d", "\u2019", ":", ";", "!", "?", "x", "\xa0", "\u0662"]


def _spans(matches):
    return [(m.start(), m.start("start"), m.group("number"), m.end()) for m in matches]


@settings(max_examples=4000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=16).map("".join), st.data())
def test_same_matches_as_the_definition(line, data):
    offset = data.draw(st.integers(0, len(line)))
    limit = data.draw(st.integers(offset, len(line)))
    assert _spans(glued._glued_matches(line, offset, limit)) == _spans(glued._GLUED.finditer(line, offset, limit))


def test_examples():
    line = "the border. 2. (C) The minister --- 3. (S) and x 4. (C) not after a word"
    found = _spans(glued._glued_matches(line, 0, len(line)))
    assert [number for _, _, number, _ in found] == ["2", "3"]
    assert found == _spans(glued._GLUED.finditer(line, 0, len(line)))
    assert _spans(glued._glued_matches("A. 2. B", 1, 7)) == [(2, 3, "2", 6)]  # the period before the slice counts
