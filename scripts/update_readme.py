"""Re-run the README's console sessions that need no file of their own, and write their real
output back, so that the README never shows figures the tool no longer prints.

    python scripts/update_readme.py          # rewrite README.md in place
    python scripts/update_readme.py --check  # exit 1 if any session's output is stale

A session is a ```console block; it is re-run when each of its `$` lines is an `iasalaire`
command (with environment variables before it, or piped into jq) or `echo $?`. Commands run
through bash from the repository, with COLUMNS=100 and NO_COLOR, stdout and stderr together
as a terminal shows them. Sessions that read files the README only shows (team.csv, ...) are
left as they are.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
COMMAND = re.compile(r"^(?:[A-Z_]+=\S+ )*iasalaire (?!--install-completion)[^<>]*$|^echo \$\?$")
MARK = "@@session@@"  # marks the echoed command lines in the combined output
FILES = re.compile(r"\.(?:csv|jsonl?|json)\b|\.\./shared")


def runnable(commands: list[str]) -> bool:
    return bool(commands) and all(COMMAND.match(c) and not FILES.search(c) for c in commands)


def run(commands: list[str], columns: int) -> list[str]:
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1", "TERM": "dumb",
           "LANG": "C.UTF-8"}
    for name in ("IASALAIRE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    script = "status=0\n"
    for command in commands:
        if command == "echo $?":
            command = "echo $status"
        script += f"echo {MARK}{_quote('$ ' + command)}\n{{ {command}; }} 2>&1; status=$?\n"
    done = subprocess.run(["bash", "-c", script], cwd=REPO, env=env, capture_output=True,
                          text=True, check=False)
    out: list[str] = []
    for line in done.stdout.splitlines():
        out.append(line[len(MARK):] if line.startswith(MARK) else line.rstrip())
    return [line.replace("$ echo $status", "$ echo $?") for line in out]


def shortened(old: list[str], new: list[str]) -> list[str]:
    """Where the README cut a command's output with "...", cut the new one as far."""
    if "..." not in old:
        return new
    out, i = [], 0
    for j, line in enumerate(old):
        if line == "...":
            start = next(k for k in range(j, -1, -1) if old[k].startswith("$ "))
            kept = j - start
            begin = new.index(old[start], i)
            out += new[begin:begin + kept] + ["..."]
            following = next((o for o in old[j + 1:] if o.startswith("$ ")), None)
            i = new.index(following, begin) if following else len(new)
    return out + new[i:] if old[-1] != "..." else out


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def update(text: str) -> str:
    lines = text.split("\n")
    result: list[str] = []
    i = 0
    while i < len(lines):
        result.append(lines[i])
        if lines[i] != "```console":
            i += 1
            continue
        end = lines.index("```", i + 1)
        block = lines[i + 1:end]
        commands = [line[2:] for line in block if line.startswith("$ ")]
        if runnable(commands):
            widest = max(len(line) for line in block if not line.startswith("$ "))
            columns = 100 if widest <= 100 else widest + 10
            result.extend(shortened(block, run(commands, columns)))
        else:
            result.extend(block)
        result.append("```")
        i = end + 1
    return "\n".join(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    before = README.read_text(encoding="utf-8")
    after = update(before)
    if args.check:
        sys.exit(0 if after == before else "README.md: some sessions are stale "
                 "(python scripts/update_readme.py)")
    README.write_text(after, encoding="utf-8")


if __name__ == "__main__":
    main()
