"""End-to-end test in a real browser: Streamlit server + Debian's Chromium through Playwright.

Starts ``streamlit run app.py`` on a free localhost port with a temporary corpus database,
uploads a generated PDF, waits for the gap table, downloads the Word toolkit and opens it with
python-docx, and saves screenshots to ``tests/artifacts/`` (gitignored).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _app_data import make_pdf, strong_pdf, write

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if not Path(CHROMIUM).exists():
    pytest.skip(
        f"{CHROMIUM} is absent: install Debian's chromium package (CI does) to run the "
        "browser test",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


GAPS_HEADING = re.compile(r"^(\d+ gaps, biggest first|1 gap|No gaps)$")

# The texts inside the headline metrics and the download buttons that do not fit their box.
TRUNCATED_JS = """() => [...document.querySelectorAll(
    "[data-testid=stMetric] *, [data-testid=stDownloadButton] *"
)].filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return bool(r.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("browser")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "COC_DB": str(tmp / "corpus.sqlite"), "PYTHONUNBUFFERED": "1"}
    log_path = tmp / "streamlit.log"
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _screenshot(page: Any, name: str) -> Path:
    """The whole page: Streamlit scrolls inside its main block, so grow the viewport to fit."""
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
        "[data-testid=stMainBlockContainer]')].map(e => e.scrollHeight), 1000)"
    )
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 80, 12000)})
    page.wait_for_timeout(800)  # let charts re-lay out and finish drawing
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1400, "height": 1000})
    return path


def test_upload_analyse_and_download_toolkit_in_chromium(server: str, tmp_path: Path) -> None:
    import docx

    pdf = write(tmp_path / "meridian-supplier-code.pdf", strong_pdf())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            page.set_default_timeout(90_000)
            page.goto(server)
            page.get_by_role("heading", name="Analyze a code of conduct").wait_for()

            org = page.get_by_role("textbox", name="Organisation name")
            org.fill("Meridian Outfitters")
            org.press("Enter")

            page.locator("input[type=file]").set_input_files(str(pdf))
            page.get_by_role("heading", name=GAPS_HEADING).wait_for()
            page.locator("[data-testid='stTable']").first.wait_for()
            page.get_by_text("Overall score").first.wait_for()
            # Open a criterion that meets its target: its evidence shows highlighted words.
            met = page.locator("[data-testid='stExpander'] summary", has_text="(meets target)")
            met.first.click()
            page.locator(".coc-evidence mark").first.wait_for()
            assert page.get_by_text("Something unexpected").count() == 0

            with page.expect_download() as info:
                page.get_by_role("button", name="Word", exact=True).click()
            download = info.value
            assert download.suggested_filename.endswith("-toolkit.docx")
            target = tmp_path / download.suggested_filename
            download.save_as(target)
            text = "\n".join(par.text for par in docx.Document(str(target)).paragraphs)
            assert "Meridian Outfitters" in text

            _screenshot(page, "browser_analyze.png")

            # Narrow windows with the sidebar open: no score and no button label is cut.
            for width in (1024, 800):
                page.set_viewport_size({"width": width, "height": 1000})
                page.wait_for_timeout(800)
                cut = page.evaluate(TRUNCATED_JS)
                assert cut == [], (width, cut)
                page.screenshot(path=str(ARTIFACTS / f"browser_analyze_{width}.png"))
            page.set_viewport_size({"width": 1400, "height": 1000})

            page.get_by_role("link", name="Compare sectors").click()
            page.get_by_role("heading", name="Suitability by sector").wait_for()
            page.locator("[data-testid='stDataFrame']").first.wait_for()
            _screenshot(page, "browser_sectors.png")
        finally:
            browser.close()


def test_document_text_is_shown_literally_never_as_markup(server: str, tmp_path: Path) -> None:
    hostile = [
        (
            "Recruitment <script>alert('heading')</script>",
            [
                "Suppliers shall not charge workers any recruitment fees <img src=x "
                "onerror=alert(1)> [click](javascript:alert(2)) **bold** <b>never</b>.",
            ],
        )
    ]
    pdf = write(tmp_path / "hostile.pdf", make_pdf(hostile))
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.set_default_timeout(90_000)
            page.goto(server)
            page.locator("input[type=file]").set_input_files(str(pdf))
            page.get_by_role("heading", name=GAPS_HEADING).wait_for()
            page.locator(
                "[data-testid='stExpander'] summary", has_text="recruitment fees"
            ).first.click()
            block = page.locator(".coc-evidence", has_text="recruitment fees").first
            block.wait_for()
            text = block.inner_text()
            assert "<img src=x onerror=alert(1)>" in text and "**bold** <b>never</b>" in text
            assert "<script>" in text  # the heading, shown as text
            for tag in ("img", "script", "a", "b", "strong"):
                assert block.locator(tag).count() == 0, tag
            assert block.locator("mark").count() >= 1
            assert dialogs == []
        finally:
            browser.close()
