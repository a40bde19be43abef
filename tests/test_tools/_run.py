"""Run the repo's tools in subprocesses for tests."""
import os
import subprocess
import sys
from pathlib import Path
from typing import List

REPO = Path(__file__).resolve().parents[2]
TINY = (REPO / 'configs' / 'lifting' /
        'supervised_mlp-lifter-w64_1xb64-40it_synthetic-tiny.py')


def run_tool(args: List[str], timeout: int = 300,
             check: bool = True) -> subprocess.CompletedProcess:
    """Run ``python tools/<args>`` from the repo root; return the result."""
    env = dict(os.environ, PYTHONUNBUFFERED='1', OMP_NUM_THREADS='1')
    proc = subprocess.run([sys.executable, *args],
                          cwd=REPO,
                          env=env,
                          capture_output=True,
                          text=True,
                          timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f'{args} exited {proc.returncode}:\n'
                             f'{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}')
    return proc
