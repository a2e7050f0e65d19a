"""The HTML briefing rendered by a real headless browser, to a PNG (as a person would see it)."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Invoke

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# No network, no first-run work: this machine's network is closed (see the env notes).
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
]  # fmt: skip


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_briefing_renders_in_a_headless_browser(cli: Invoke, tmp_path: Path) -> None:
    assert CHROMIUM is not None
    assert cli("init").exit_code == 0
    page = tmp_path / "briefing.html"
    result = cli("report", "briefing", "--pair", "KZ-UZ", "--format", "html", "-o", str(page))
    assert result.exit_code == 0, result.output
    browser = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    picture = tmp_path / "briefing.png"
    subprocess.run(
        [*browser, "--window-size=900,1400", f"--screenshot={picture}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert png_size(picture) == (900, 1400)
    assert picture.stat().st_size > 30_000  # text, tables and a chart, not a blank page
    dom = subprocess.run(
        [*browser, "--dump-dom", page.as_uri()], check=True, capture_output=True, text=True,
        timeout=120,
    ).stdout  # fmt: skip
    assert "<svg" in dom
    assert "Mutual trade turnover of $10bn by 2030" in dom
