"""`jiaomei backup …` and `jiaomei history`."""

from __future__ import annotations

import json

from jiaomei_desktop.cli.main import main
from jiaomei_desktop.domain.enums import PoliticalStatus
from jiaomei_desktop.domain.person import PersonData
from jiaomei_desktop.services import health, roster
from jiaomei_desktop.services.instance_lock import InstanceLock
from tests.conftest import unit_id
from tests.reliability.test_backups import _damage


def _json(capsys) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_backup_now_list_restore_and_check(store, capsys) -> None:  # type: ignore[no-untyped-def]
    data = str(store.data_dir)
    assert main(["backup", "now", "--data-dir", data, "--json"]) == 0
    path = _json(capsys)["path"]
    assert main(["backup", "list", "--data-dir", data, "--json"]) == 0
    assert [b["reason"] for b in _json(capsys)["backups"]] == ["manual"]
    store.close()
    assert main(["backup", "check", "--data-dir", data]) == 0
    assert "完好" in capsys.readouterr().out
    with InstanceLock(store.data_dir):
        assert main(["backup", "restore", path, "--data-dir", data]) == 2
    refused = capsys.readouterr()
    assert "另一个窗口" in refused.err + refused.out
    assert main(["backup", "restore", path, "--data-dir", data, "--json"]) == 0
    assert "before-restore" in _json(capsys)["previous_saved_as"]
    _damage(store.db_path)
    assert main(["backup", "check", "--data-dir", data]) != 0


def test_history_command(store, capsys) -> None:  # type: ignore[no-untyped-def]
    person_id = roster.save_person(store, PersonData(name="王建国", branch_id=unit_id(store, "T-01"),
                                                     political_status=PoliticalStatus("群众")))
    roster.save_person(store, roster.get_person(store, person_id).with_changes(post="支架工"))
    assert main(["history", "person", person_id, "--data-dir", str(store.data_dir), "--json"]) == 0
    changes = _json(capsys)["changes"]
    assert [c["action"] for c in changes] == ["update", "insert"]
    assert changes[0]["changes"]["post"] == [None, "支架工"]
    assert health.quick_check(store.db_path) == []
