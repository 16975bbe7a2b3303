"""A spare page kernel reads a made-up empty table of each kind before any page asks
(kit.tables.compiler.warm_reading): pyarrow's reading modules are loaded then, not in the
page's first read, and no workspace or file is touched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

READ_AFTER = ("import json, sys\n"
              "before = 'pyarrow.dataset' in sys.modules\n"
              "from kit.tables.compiler import warm_reading\n"
              "warm_reading()\n"
              "print(json.dumps([before, 'pyarrow.dataset' in sys.modules]))\n")


def test_the_warm_up_loads_the_table_readers_and_reads_no_workspace(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CANDLE_")}
    done = subprocess.run([sys.executable, "-c", READ_AFTER], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(done.stdout) == [False, True]
    assert list(tmp_path.iterdir()) == []  # nothing written where it ran
