"""Files that ship with tracker: inside an installed wheel, or at the top of a checkout."""

from __future__ import annotations

from pathlib import Path

import tracker


def bundled_dir(name: str) -> Path:
    """`tracker/_NAME` in a wheel (see pyproject's force-include), else the repo's `NAME/`."""
    package_dir = Path(tracker.__file__).parent
    packaged = package_dir / f"_{name}"
    return packaged if packaged.is_dir() else package_dir.parent / name
