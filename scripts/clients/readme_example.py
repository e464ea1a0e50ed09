#!/usr/bin/env python3
"""The README examples of the clients, for the tests of the packaged clients
(scripts/test-clients.sh, "installed from the artifacts" steps).

  readme_example.py extract README NAME   prints the block after `<!-- example: NAME -->`
  readme_example.py check                 checks, on stdin, what the example printed

Every client's README example does the same things and prints the same
seven lines (a tenant, a created user, a paged listing, three field
violations in any order, the deletion); `check` fails unless it did.
"""

from __future__ import annotations

import re
import sys


def extract(readme: str, name: str) -> str:
    text = open(readme, encoding="utf-8").read()
    match = re.search(r"<!-- example: " + re.escape(name) + r" -->\n```\w*\n(.*?)\n```", text, re.S)
    if not match:
        sys.exit(f"no <!-- example: {name} --> block in {readme}")
    return match.group(1) + "\n"


def check(output: str) -> None:
    # Maven 3.8 prints colour resets (ESC[0m) even in batch mode; blank lines are no output.
    output = re.sub(r"\x1b\[[0-9;]*m", "", output)
    lines = [line for line in output.split("\n") if line.strip()]
    problems = []
    if len(lines) != 7:
        problems.append(f"{len(lines)} lines, want 7")
    else:
        created = re.fullmatch(r"created (jane\.[0-9a-z]{8}@example\.com)", lines[1])
        if lines[0] != "tenant default domain example.com":
            problems.append("line 1: the default tenant")
        if not created:
            problems.append("line 2: the created user")
        if not re.fullmatch(r"listed \d+ users; new one listed: (true|True)", lines[2]):
            problems.append("line 3: the listing")
        if sorted(lines[3:6]) != [
            "violation user.given_name REQUIRED",
            "violation user.password REQUIRED",
            "violation user.surname REQUIRED",
        ]:
            problems.append("lines 4-6: the field violations")
        if not created or lines[6] != f"deleted {created.group(1)}":
            problems.append("line 7: the deletion")
    if problems:
        sys.exit("the README example printed:\n" + output + "\nwrong: " + "; ".join(problems))
    print("the README example printed what its README says")


if __name__ == "__main__":
    if sys.argv[1:2] == ["extract"] and len(sys.argv) == 4:
        sys.stdout.write(extract(sys.argv[2], sys.argv[3]))
    elif sys.argv[1:] == ["check"]:
        check(sys.stdin.read())
    else:
        sys.exit(__doc__)
