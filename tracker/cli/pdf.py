"""The briefing as a PDF: its self-contained HTML printed by headless Chromium. The page (A4),
its margins and the footer (the as-of date, "page N of M") are the HTML's print styles
(`@page` in briefing.html.j2), so the PDF is the page as a reader's browser prints it. No PDF
library: the browser the tests check the HTML in does the printing."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from tracker.errors import TrackerError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 120  # seconds: a briefing prints in two or three
# A file of ours, printed offline: no network, no first-run work. No sandbox, which root (a
# container, CI) cannot have: the page is tracker's own and runs nothing; its
# Content-Security-Policy allows no script. (Not scriptEnabled=false: then nothing is printed.)
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--no-pdf-header-footer",
)  # fmt: skip
PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def find_browser() -> str:
    """The Chromium to print with, looked for before any work is done."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise TrackerError(
        "printing a PDF needs Chromium, which is not on PATH: install it (Debian and Ubuntu: "
        "apt-get install chromium) or write --format html",
        "--format",
    )


def print_pdf(html: str, browser: str) -> bytes:
    """The HTML page printed to PDF, in a private temporary directory removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="tracker-pdf-") as work:
        page, printed = Path(work) / "briefing.html", Path(work) / "briefing.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            browser, *FLAGS, f"--user-data-dir={Path(work) / 'profile'}",
            f"--print-to-pdf={printed}", page.as_uri(),
        ]  # fmt: skip
        try:
            # Its own process group: on a time-out, the browser's helpers go with it.
            process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE, start_new_session=True,
            )  # fmt: skip
        except OSError as error:
            raise TrackerError(f"{browser} could not be started: {error.strerror}") from None
        try:
            _, errors = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise TrackerError(f"{browser} did not print the briefing in {TIMEOUT} s") from None
        data = printed.read_bytes() if printed.is_file() else b""
    if process.returncode != 0 or not data.startswith(b"%PDF-"):
        said = errors.decode("utf-8", "replace").strip().splitlines()
        last = f": {said[-1][:200]}" if said else ""
        raise TrackerError(
            f"{browser} did not print the briefing (exit {process.returncode}){last}"
        )
    return data


def page_count(pdf: bytes) -> int:
    """The pages of a PDF Chromium printed: its page objects (`/Type /Page`, not `/Pages`),
    which Chromium writes uncompressed."""
    return len(PAGE.findall(pdf))
