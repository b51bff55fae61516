"""data/onet-task-links.ttl is generated from data/onet/csr-onet-tasks.sssom.tsv."""

from __future__ import annotations

from csrgraph.links.task_links import REGENERATE_COMMAND, TURTLE_FILE, task_links_turtle
from csrgraph.resources import data_dir


def test_the_task_links_are_current() -> None:
    committed = (data_dir() / TURTLE_FILE).read_text(encoding="utf-8")
    assert committed.count("skos:") >= 9
    assert committed == task_links_turtle(), f"{TURTLE_FILE} is stale; run `{REGENERATE_COMMAND}`"
