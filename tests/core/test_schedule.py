"""The suite's xdist scheduler (tests/schedule.py): files longest first; a crashed worker never stalls the run."""

from __future__ import annotations

from pathlib import Path

from tests.schedule import LongestFirstScheduling, Record

FILES = {"a.py": 3, "b.py": 4, "c.py": 2, "d.py": 1}  # file: number of tests
COLLECTION = [f"{name}::test_{i}" for name, count in FILES.items() for i in range(count)]


class Config:
    def getvalue(self, name: str) -> list[str]:
        assert name == "tx"
        return ["2*popen"]


class Gateway:
    def __init__(self, name: str) -> None:
        self.id = name


class Worker:
    """What an xdist worker does with the indexes it is sent: runs them in order, the last one only once it is told
    to shut down (it must know the next test to run one)."""

    def __init__(self, name: str) -> None:
        self.gateway = Gateway(name)
        self.queue: list[int] = []
        self.shutting_down = False
        self.ran: list[str] = []

    def send_runtest_some(self, indexes: list[int]) -> None:
        self.queue.extend(indexes)

    def shutdown(self) -> None:
        self.shutting_down = True

    def can_run(self) -> bool:
        return len(self.queue) >= 2 or (self.shutting_down and bool(self.queue))

    def __repr__(self) -> str:
        return self.gateway.id


def start(record: Record, workers: list[Worker]) -> LongestFirstScheduling:
    sched = LongestFirstScheduling(Config(), record=record)
    for worker in workers:
        sched.add_node(worker)
    for worker in workers:
        sched.add_node_collection(worker, COLLECTION)
    sched.schedule()
    return sched


def replace(sched: LongestFirstScheduling, worker: Worker) -> None:
    """As xdist's controller does after a crash: the new worker joins, collects, and is scheduled."""
    sched.add_node(worker)
    sched.add_node_collection(worker, COLLECTION)
    assert sched.collection_is_completed
    sched.schedule()
    controller_checks(sched)


def run_one(sched: LongestFirstScheduling, worker: Worker) -> None:
    index = worker.queue.pop(0)
    worker.ran.append(COLLECTION[index])
    sched.mark_test_complete(worker, index)
    controller_checks(sched)


def controller_checks(sched: LongestFirstScheduling) -> None:
    """xdist's controller after each event from a worker: when the scheduler says every test is out, all stop."""
    if sched.tests_finished:
        for worker in sched.nodes:
            worker.shutdown()


def run_to_end(sched: LongestFirstScheduling, workers: list[Worker]) -> None:
    while any(w.queue for w in workers):
        ready = [w for w in workers if w.can_run()]
        assert ready, f"the run stalls: {[(w, w.queue, w.shutting_down) for w in workers]}"
        run_one(sched, ready[0])
    assert all(w.shutting_down for w in workers) and sched.tests_finished


def test_files_start_longest_recorded_first_and_unrecorded_ones_are_estimated() -> None:
    record = Record({"a.py": (30.0, 3), "b.py": (4.0, 4), "c.py": (10.0, 2)})  # 44 s for 9 tests: ~4.9 s a test
    units = {name: {f"{name}::t{i}": False for i in range(count)} for name, count in FILES.items()}
    assert record.longest_first(units) == ["a.py", "c.py", "d.py", "b.py"]
    assert Record({}).longest_first(units) == ["b.py", "a.py", "c.py", "d.py"]  # no record: by number of tests


def test_every_test_runs_once_and_every_worker_is_told_to_stop() -> None:
    workers = [Worker("gw0"), Worker("gw1")]
    sched = start(Record({"d.py": (50.0, 1), "a.py": (1.0, 3), "b.py": (1.0, 4)}), workers)
    assert COLLECTION[workers[0].queue[0]] == "d.py::test_0"  # the longest file first, then c.py (estimated 13 s)
    assert [COLLECTION[i] for i in workers[1].queue] == ["c.py::test_0", "c.py::test_1"]
    run_to_end(sched, workers)
    assert sorted(workers[0].ran + workers[1].ran) == sorted(COLLECTION)


def test_a_crashed_worker_is_replaced_and_only_the_rest_of_its_file_runs_again() -> None:
    workers = [Worker("gw0"), Worker("gw1")]
    sched = start(Record({"b.py": (40.0, 4), "a.py": (20.0, 3)}), workers)
    first, other = workers
    run_one(sched, first)  # b.py::test_0 passes, then the worker dies in b.py::test_1
    assert first.ran == ["b.py::test_0"]
    assert sched.remove_node(first) == "b.py::test_1"
    replacement = Worker("gw2")
    replace(sched, replacement)
    run_to_end(sched, [other, replacement])
    again = other.ran + replacement.ran
    assert sorted(again) == sorted(set(COLLECTION) - {"b.py::test_0", "b.py::test_1"})  # nothing twice, none lost


def test_a_crash_after_the_queue_emptied_still_ends_the_run() -> None:
    workers = [Worker("gw0"), Worker("gw1")]
    sched = start(Record({}), workers)
    first, other = workers
    while not (first.shutting_down and first.queue):  # nothing left to send: the first worker runs its last file
        run_one(sched, next(w for w in workers if w.can_run()))
    crashed = sched.remove_node(first)
    assert crashed is not None
    replacement = Worker("gw2")
    replace(sched, replacement)
    run_to_end(sched, [other, replacement])
    assert sorted(first.ran + other.ran + replacement.ran) == sorted(set(COLLECTION) - {crashed})


def test_the_record_keeps_other_files_when_a_run_updates_some(tmp_path: Path) -> None:
    path = tmp_path / "durations.json"
    Record({"a.py": (1.5, 3), "b.py": (2.0, 4)}).save(path)
    record = Record.load(path)
    record.files.update({"b.py": (9.0, 5)})
    record.save(path)
    assert Record.load(path).files == {"a.py": (1.5, 3), "b.py": (9.0, 5)}
    path.write_text("not json", encoding="utf-8")
    assert Record.load(path).files == {}
