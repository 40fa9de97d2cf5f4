"""How xdist hands test files to its workers: longest first, and a crashed worker never leaves the run waiting.

A file stays on one worker (its module fixtures are built once), as with `--dist loadfile`. Two things differ:

- Order. xdist's loadfile sends the files with the most tests first; a file of a few heavy GUI tests then starts
  last and runs alone while the other worker idles. Here the files go out longest first, by the time each took in a
  recorded run (tests/durations.json; `pytest --record-durations` writes it anew), so the last files are the short
  ones and the two workers end within seconds of each other. A file not in the record is estimated from its number
  of tests at the record's mean time per test.
- A worker that dies (the timeout ends a stuck test with os._exit). pytest-xdist 3.8's loadfile scheduler puts the
  dead worker's whole workload back on the queue, files it had finished included; the replacement worker is then
  sent an empty list of tests it can never finish, and the controller waits forever (pytest-xdist issues #1323,
  #1327, #1362). Here only the unfinished rest of the file goes back, first in the queue, without the test the worker
  died in (xdist has reported that one as failed), and a worker is told to stop as soon as nothing is left to send
  it (a worker runs its last test only when it knows it is the last).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from xdist.scheduler import LoadFileScheduling

DURATIONS = Path(__file__).with_name("durations.json")


class Record:
    """Each test file's time (setup, call and teardown of its tests, in seconds) and number of tests in one run."""

    def __init__(self, files: dict[str, tuple[float, int]]) -> None:
        self.files = files

    @classmethod
    def load(cls, path: Path = DURATIONS) -> Record:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls({str(name): (float(seconds), int(tests)) for name, (seconds, tests) in data["files"].items()})
        except (OSError, ValueError, KeyError, TypeError):  # no record (or an old one): xdist's order by size
            return cls({})

    def save(self, path: Path = DURATIONS) -> None:
        """Write the record, one file a line (a partial run updates its own files' lines)."""
        lines = [
            f"  {json.dumps(name)}: [{seconds:.2f}, {tests}]" for name, (seconds, tests) in sorted(self.files.items())
        ]
        path.write_text('{"files": {\n' + ",\n".join(lines) + "\n}}\n", encoding="utf-8")

    def longest_first(self, units: dict[str, dict[str, bool]]) -> list[str]:
        """The work units (test files) in the order to start them: longest recorded or estimated time first."""
        seconds = sum(s for s, _ in self.files.values())
        tests = sum(n for _, n in self.files.values())
        per_test = seconds / tests if tests else 1.0

        def weight(name: str) -> float:
            return self.files[name][0] if name in self.files else per_test * len(units[name])

        return sorted(units, key=lambda name: (-weight(name), name))


class LongestFirstScheduling(LoadFileScheduling):
    def __init__(self, config: Any, log: Any = None, record: Record | None = None) -> None:
        super().__init__(config, log)
        self.record = Record.load() if record is None else record

    def schedule(self) -> None:
        assert self.collection_is_completed
        if self.collection is not None:  # a worker joined later (a replacement): give it work
            for node in self.nodes:
                self._reschedule(node)
            return
        if not self._check_nodes_have_same_collection():
            self.log("**Different tests collected, aborting run**")
            return
        self.collection = list(next(iter(self.registered_collections.values())))
        if not self.collection:
            return
        units: dict[str, dict[str, bool]] = {}
        for nodeid in self.collection:
            units.setdefault(self._split_scope(nodeid), {})[nodeid] = False
        for name in self.record.longest_first(units):
            self.workqueue[name] = units[name]
        for _ in range(len(self.nodes) - len(self.workqueue)):  # more workers than files
            self.assigned_work.popitem()[0].shutdown()
        for node in self.nodes:
            self._reschedule(node)

    def _reschedule(self, node: Any) -> None:
        if node.shutting_down or node not in self.registered_collections:
            return  # (a replacement still collecting is served when its collection arrives)
        # xdist's low-water mark: the next file is sent while the last two tests of the current one run
        if self.workqueue and self._pending_of(self.assigned_work[node]) <= 2:
            self._assign_work_unit(node)
        if not self.workqueue:
            node.shutdown()

    def remove_node(self, node: Any) -> str | None:
        workload = self.assigned_work.pop(node)
        unfinished = {scope: unit for scope, unit in workload.items() if not all(unit.values())}
        if not unfinished:
            return None  # a worker that ended normally (its collection still counts towards tests_finished)
        self.registered_collections.pop(node, None)  # crashed: the replacement registers its own collection
        unit = next(iter(unfinished.values()))
        crashed = next(nodeid for nodeid, done in unit.items() if not done)
        unit[crashed] = True  # reported as failed by xdist; run again it could only take the next worker down too
        for scope, unit in reversed(list(unfinished.items())):
            if not all(unit.values()):
                self.workqueue[scope] = unit
                self.workqueue.move_to_end(scope, last=False)
        for other in self.assigned_work:
            self._reschedule(other)
        return crashed
