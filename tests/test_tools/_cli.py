"""Call a tool's ``main(argv)`` in-process as its ``__main__`` would."""
import contextlib
import importlib
import io
import sys
from pathlib import Path
from typing import Sequence, Tuple

REPO = Path(__file__).resolve().parents[2]
TINY = ('configs/lifting/'
        'supervised_mlp-lifter-w64_1xb64-40it_synthetic-tiny.py')

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def tool(name: str):
    """Import ``tools/<name>.py`` as a module."""
    return importlib.import_module(f'tools.{name}')


def call(name: str, argv: Sequence[str]) -> Tuple[int, str]:
    """Run ``tools/<name>.py argv`` through ``run_cli``.

    Returns:
        tuple: ``(exit code, captured stderr)``.
    """
    from selfpose_mm.engine.cli import run_cli
    mod = tool(name)
    err = io.StringIO()
    code = 0
    with contextlib.redirect_stderr(err):
        try:
            if name == 'infer':
                code = mod.main(list(argv))
            else:
                run_cli(lambda: mod.main(list(argv)))
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
    return code, err.getvalue()
