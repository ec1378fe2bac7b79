"""The benchmarks' machine line: figures are read beside the CPU probe and the host's steal."""

import re
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import common


def test_the_cpu_probe_is_printed_with_the_steal_time(monkeypatch):
    def probe():  # a quarter of a second, in which the cores' clocks move on
        time.sleep(0.25)
        return 0.25

    monkeypatch.setattr(common, "cpu_probe", probe)
    line = common.cpu_probe_line()
    assert re.fullmatch(
        r"CPU probe 250 ms \(lower is faster\), CPU steal \d+ % during it \(\d+ % since boot\)",
        line,
    ), line


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="Linux only")
def test_the_steal_time_is_read_from_proc_stat():
    fields = Path("/proc/stat").read_text().splitlines()[0].split()
    steal, total = common.cpu_jiffies()
    assert fields[0] == "cpu"
    assert steal >= int(fields[8]), "the eighth column is steal"
    assert total >= sum(int(value) for value in fields[1:9])
    assert common.steal_share((0, 100), (30, 400)) == "10 %"
