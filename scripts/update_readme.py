"""Re-run every session that README.md and the pages under docs/ show, and write their real
output back, so that no page shows figures the tool no longer prints.

    python scripts/update_readme.py          # rewrite the pages in place
    python scripts/update_readme.py --check  # exit 1, with a diff, if any session is stale

A session is a ```console block (its `$ ` lines are shell commands, the rest their output, as
a terminal shows it: stdout and stderr together) or a ```python block with `>>> ` lines (run
as the Python prompt runs them). Every session is re-run, except one whose fence follows a line

    <!-- session: not re-run: REASON -->

(timings, installs, a long build: the reason says which). Sessions of one page run in order in
one scratch folder that holds a copy of docs/examples/ (the files the sessions read) and sees
../shared beside it as the repository does; the commands run through bash with COLUMNS=100
(wider where the page's output is wider), NO_COLOR, TERM=dumb and the C locale. A session
that reads ../shared is left as it is when ../shared is absent (said on stderr).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "docs" / "examples"
SHARED = REPO.parent / "shared"
SKIP = re.compile(r"^<!-- session: not re-run: .+ -->$")
# A run's own duration ("in 0.04 s") is the one figure a session may not repeat: it is compared
# as a number of seconds, and a page keeps what it says while the rest of the session holds.
SECONDS = re.compile(r"\b\d+\.\d+ s\b")
MARK = "@@session@@"  # marks the echoed command lines in the combined output


def pages() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def environment(columns: int) -> dict[str, str]:
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1", "TERM": "dumb",
           "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    for name in ("IASALAIRE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "FORCE_COLOR"):
        env.pop(name, None)
    return env


def run_console(commands: list[str], columns: int, cwd: Path) -> list[str]:
    script = "status=0\n"
    for command in commands:
        if command == "echo $?":
            command = "echo $status"
        script += f"echo {MARK}{_quote('$ ' + command)}\n{{ {command}; }} 2>&1; status=$?\n"
    done = subprocess.run(["bash", "-c", script], cwd=cwd, env=environment(columns),
                          capture_output=True, text=True, check=False)
    out: list[str] = []
    for line in done.stdout.splitlines():
        out.append(line[len(MARK):] if line.startswith(MARK) else line.rstrip())
    return [line.replace("$ echo $status", "$ echo $?") for line in out]


# The Python prompt, in a child process: each statement compiled in "single" mode, so that an
# expression's value is printed as the prompt prints it.
PROMPT = r"""
import sys, json, contextlib, io, traceback
earlier, statements = json.loads(sys.stdin.read())
scope = {"__name__": "__main__"}
for source in earlier:  # the page's earlier sessions, whose output is shown there
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(source, "<session>", "single"), scope)
for source in statements:
    print(">>> " + source.replace("\n", "\n... "))
    try:
        exec(compile(source, "<session>", "single"), scope)
    except Exception:
        traceback.print_exc(limit=0, file=sys.stdout)
    sys.stdout.flush()
"""


def run_python(earlier: list[str], statements: list[str], columns: int,
               cwd: Path) -> list[str]:
    import json

    done = subprocess.run([sys.executable, "-c", PROMPT], cwd=cwd, env=environment(columns),
                          input=json.dumps([earlier, statements]), capture_output=True,
                          text=True, check=False)
    return [line.rstrip() for line in (done.stdout + done.stderr).splitlines()]


def shortened(old: list[str], new: list[str], prompt: str) -> list[str]:
    """Where the page cut a command's output with "...", cut the new one as far."""
    if "..." not in old:
        return new
    out, i = [], 0
    for j, line in enumerate(old):
        if line == "...":
            start = next(k for k in range(j, -1, -1) if old[k].startswith(prompt))
            kept = j - start
            begin = new.index(old[start], i)
            out += new[i:begin + kept] + ["..."]
            following = next((o for o in old[j + 1:] if o.startswith(prompt)), None)
            i = new.index(following, begin) if following else len(new)
    return out + new[i:] if old[-1] != "..." else out


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def python_statements(block: list[str]) -> list[str]:
    statements: list[str] = []
    for line in block:
        if line.startswith(">>> "):
            statements.append(line[4:])
        elif line.startswith("... ") and statements:
            statements[-1] += "\n" + line[4:]
    return statements


def kept(old: list[str], new: list[str]) -> list[str]:
    """The new output, or the old one where they differ only in a run's duration."""
    def masked(lines: list[str]) -> list[str]:
        return [SECONDS.sub("N s", line) for line in lines]

    return old if masked(old) == masked(new) else new


def update(text: str, cwd: Path, name: str) -> str:
    lines = text.split("\n")
    result: list[str] = []
    earlier: list[str] = []  # the Python statements of the page's sessions so far
    i = 0
    while i < len(lines):
        fence = lines[i]
        result.append(fence)
        if fence not in ("```console", "```python"):
            i += 1
            continue
        end = lines.index("```", i + 1)
        block = lines[i + 1:end]
        skipped = i > 0 and SKIP.match(lines[i - 1])
        prompt = "$ " if fence == "```console" else ">>> "
        commands = [line[2:] for line in block if line.startswith("$ ")]
        statements = python_statements(block)
        widest = max((len(line) for line in block if not line.startswith(prompt)), default=0)
        columns = 100 if widest <= 100 else widest + 10
        needs_shared = any("../shared" in line for line in block)
        if skipped or not (commands if prompt == "$ " else statements):
            result.extend(block)
        elif needs_shared and not SHARED.is_dir():
            print(f"{name}:{i + 1}: left as it is: ../shared is absent", file=sys.stderr)
            result.extend(block)
        elif prompt == "$ ":
            new = run_console(commands, columns, cwd)
            result.extend(kept(block, shortened(block, new, prompt)))
        else:
            new = run_python(earlier, statements, columns, cwd)
            result.extend(kept(block, shortened(block, new, prompt)))
            earlier += statements
        result.append("```")
        i = end + 1
    return "\n".join(result)


def refreshed(page: Path) -> str:
    """The page with every session re-run, in a scratch folder of its own."""
    with tempfile.TemporaryDirectory(prefix="iasalaire-sessions-") as scratch:
        work = Path(scratch) / "work"
        if EXAMPLES.is_dir():
            shutil.copytree(EXAMPLES, work)
        else:
            work.mkdir()
        if SHARED.is_dir():
            (Path(scratch) / "shared").symlink_to(SHARED)
        for folder in ("benchmarks", "scripts", "data"):
            (work / folder).symlink_to(REPO / folder)
        return update(page.read_text(encoding="utf-8"), work, page.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare, do not write; exit 1 with a diff where a page is stale")
    parser.add_argument("pages", nargs="*", type=Path, help="default: README.md and docs/*.md")
    args = parser.parse_args()
    stale = 0
    for page in [p.resolve() for p in args.pages] or pages():
        before = page.read_text(encoding="utf-8")
        after = refreshed(page)
        if after == before:
            continue
        if args.check:
            stale += 1
            sys.stdout.writelines(difflib.unified_diff(
                before.splitlines(keepends=True), after.splitlines(keepends=True),
                f"{page.name} (as written)", f"{page.name} (as the tool prints it now)", n=1))
        else:
            page.write_text(after, encoding="utf-8")
            print(f"rewrote {page.relative_to(REPO)}", file=sys.stderr)
    if stale:
        sys.exit(f"{stale} page(s) show sessions the tool no longer prints: "
                 "python scripts/update_readme.py rewrites them")


if __name__ == "__main__":
    main()
