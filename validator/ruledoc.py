"""Rule docs for people: plain text for the terminal (``cablelint rule``), Markdown for SARIF.

Rule docstrings are written with a little reST (````literal````, ``*emphasis*``) and
examples as indented blocks after ``Example (fails):`` / ``Example (passes):``; neither
the terminal nor GitHub's alert view should show that markup as it is.
"""

from __future__ import annotations

import re

_LITERAL = re.compile(r"``(.+?)``", re.S)
_EMPHASIS = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_EXAMPLE = re.compile(r"^(Example \((?:fails|passes)\)):\s*$")


def plain(text: str) -> str:
    """Markup removed: literals in double quotes, emphasis as plain words."""
    text = _LITERAL.sub(lambda m: f'"{m.group(1)}"', text)
    return _EMPHASIS.sub(r"\1", text)


def markdown(text: str) -> str:
    """Literals as code spans, emphasis kept, examples as fenced code blocks."""
    def code(m: re.Match) -> str:
        body = m.group(1)
        fence = "``" if "`" in body else "`"
        pad = " " if body.startswith("`") or body.endswith("`") else ""
        return f"{fence}{pad}{body}{pad}{fence}"

    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = _EXAMPLE.match(line)
        if heading:
            block = []
            i += 1
            while i < len(lines) and (lines[i].startswith((" ", "\t")) or not lines[i].strip()):
                if not lines[i].strip() and (i + 1 >= len(lines) or not lines[i + 1].startswith((" ", "\t"))):
                    break
                block.append(lines[i])
                i += 1
            indent = min((len(b) - len(b.lstrip()) for b in block if b.strip()), default=0)
            if out and out[-1].strip():
                out.append("")
            out += [f"**{heading.group(1)}:**", "", "```text", *(b[indent:] for b in block), "```", ""]
            continue
        out.append(_LITERAL.sub(code, line))
        i += 1
    return "\n".join(out).strip("\n")
