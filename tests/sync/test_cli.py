"""`jiaomei bundle …` on the command line: JSON out, clear errors, non-zero exit codes."""

from __future__ import annotations

import json

from jiaomei_desktop.cli.main import main
from tests.sync.conftest import PASS, add_person, export


def _json(capsys) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_export_import_dry_run_and_history(tree, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    add_person(tree.b1, "C1-01", "李四", 2)
    for s in (tree.b1, tree.c1):
        s.close()
    out = tmp_path / "b1.jmb"
    assert main(["bundle", "export", "--to", str(out), "--data-dir", str(tree.root / "b1"), "--json"]) == 0
    assert _json(capsys)["rows"] >= 1
    c1 = str(tree.root / "c1")
    assert main(["bundle", "import", str(out), "--dry-run", "--data-dir", c1, "--json"]) == 0
    dry = _json(capsys)
    assert main(["bundle", "import", str(out), "--data-dir", c1, "--json"]) == 0
    real = _json(capsys)
    assert dry["dry_run"] and not real["dry_run"]
    assert dry["totals"] == real["totals"] and real["totals"]["new"] == 1
    assert main(["bundle", "history", "--data-dir", c1, "--json"]) == 0
    history = _json(capsys)["history"]
    assert [h["file"] for h in history] == ["b1.jmb", "c1.jms"]  # newest first; the setup file was the first
    assert main(["bundle", "keys", "--data-dir", c1]) == 0
    assert "本机" in capsys.readouterr().out


def test_errors_are_clear_and_exit_non_zero(tree, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    tree.c1.close()
    c1 = str(tree.root / "c1")
    assert main(["bundle", "import", str(tmp_path / "missing.jmb"), "--data-dir", c1, "--json"]) != 0
    payload = _json(capsys)
    assert payload["ok"] is False and "找不到文件" in payload["error"]
    bad = tmp_path / "bad.jmb"
    bad.write_bytes(b"garbage")
    assert main(["bundle", "import", str(bad), "--data-dir", c1]) != 0
    assert "错误" in capsys.readouterr().err


def test_provision_and_setup(tree, tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tree.group.close()
    monkeypatch.setenv("JM_PASS", PASS)
    group = str(tree.root / "group")
    assert main(["bundle", "provision", "C2", "--to", str(tmp_path), "--passphrase-env", "JM_PASS",
                 "--data-dir", group, "--json"]) == 0
    setup = _json(capsys)
    new = str(tmp_path / "c2-office")
    assert main(["bundle", "setup", setup["path"], "--passphrase-env", "JM_PASS", "--data-dir", new, "--json"]) == 0
    done = _json(capsys)
    assert done["unit_name"] == "二矿党委" and done["fingerprint"] == setup["fingerprint"]
    assert main(["bundle", "setup", setup["path"], "--passphrase", "wrong passphrase", "--data-dir",
                 str(tmp_path / "x"), "--json"]) != 0
    assert "密码不正确" in _json(capsys)["error"]


def test_consolidate_json(tree, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "stick"
    folder.mkdir()
    add_person(tree.b1, "C1-01", "李四", 2)
    export(tree.b1, folder / "b1.jmb")
    tree.c1.close()
    assert main(["bundle", "consolidate", str(folder), "--data-dir", str(tree.root / "c1"), "--json"]) == 0
    payload = _json(capsys)
    assert payload["imported"] == 1 and payload["totals"]["new"] == 1
