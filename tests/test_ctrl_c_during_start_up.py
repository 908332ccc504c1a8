"""Ctrl-C while the command line is still being imported ends like Ctrl-C later on: the
console script's entry (iasalaire.entry) says "Interrupted." and exits 130, no traceback."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_ctrl_c_while_importing_the_command_line_exits_130_quietly() -> None:
    script = textwrap.dedent("""
        import builtins
        real = builtins.__import__
        def interrupted(name, *args, **kwargs):
            if name == "iasalaire.cli":
                raise KeyboardInterrupt  # as a SIGINT in the middle of the imports would
            return real(name, *args, **kwargs)
        builtins.__import__ = interrupted
        from iasalaire.entry import main
        main()
    """)
    done = subprocess.run([sys.executable, "-c", script, "estimate", "--exp", "5"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 130
    assert done.stderr == "Interrupted.\n"
    assert done.stdout == ""


def test_the_console_script_and_python_m_go_through_the_entry() -> None:
    from importlib.metadata import entry_points

    scripts = {e.name: e.value for e in entry_points(group="console_scripts")}
    assert scripts["iasalaire"] == "iasalaire.entry:main"
    done = subprocess.run([sys.executable, "-m", "iasalaire", "--version"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("iasalaire ")
