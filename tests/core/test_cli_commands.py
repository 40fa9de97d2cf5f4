"""The command table in cli/main.py: equal to what the modules register, and only the chosen module imported."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from jiaomei_desktop.cli import main as cli_main

CLI_DIR = Path(cli_main.__file__).parent


def _registered_by(module: str) -> dict[str, str | None]:
    import importlib

    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    importlib.import_module(module).register(subparsers)
    helps = {action.dest: action.help for action in subparsers._choices_actions}
    return {name: helps.get(name) for name in subparsers.choices}


def test_table_names_every_command_each_module_registers() -> None:
    modules = {f"jiaomei_desktop.cli.{path.stem}" for path in CLI_DIR.glob("*_cmd.py")}
    assert modules == set(cli_main.COMMAND_MODULES), "a command module is missing from cli/main.py COMMANDS"
    for module in modules:
        for name, help_text in _registered_by(module).items():
            assert name in cli_main.COMMANDS, f"{module} registers {name!r}, which COMMANDS does not list"
            assert cli_main.COMMANDS[name] == (module, help_text), name


def test_every_command_is_listed_in_help_and_parses_fully_when_chosen() -> None:
    everything = cli_main.build_parser(everything=True)
    listed = cli_main.build_parser([])
    assert list(listed._subparsers._group_actions[0].choices) == list(cli_main.COMMANDS)  # type: ignore[union-attr]
    for name in cli_main.COMMANDS:
        chosen = cli_main.build_parser([name])
        chosen_help = chosen._subparsers._group_actions[0].choices[name].format_help()  # type: ignore[union-attr]
        full_help = everything._subparsers._group_actions[0].choices[name].format_help()  # type: ignore[union-attr]
        assert chosen_help == full_help


def test_help_imports_no_command_module_and_no_database_layer() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from jiaomei_desktop.cli.main import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])\n"
        "loaded = [m for m in sys.modules if m.endswith('_cmd') or m.startswith(('sqlalchemy', 'reportlab'))]\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
