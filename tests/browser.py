"""Opening a report in Debian's headless Chromium through its own driver (no download, no network)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--window-size=1280,1000",
]


def chromium_or_skip() -> tuple[str, str]:
    """Paths of chromium and chromedriver. Missing: skip, unless QUALSYNTH_REQUIRE_BROWSER is set
    (CI sets it after installing them), in which case fail."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    message = (
        "the browser check needs Debian's chromium and chromium-driver (sudo apt-get install chromium chromium-driver)"
    )
    if os.environ.get("QUALSYNTH_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


def inspect_page(html: Path, screenshot: Path) -> dict[str, Any]:
    """Open ``html``; return its images' natural widths and shown sizes, its headings, its console
    messages and the tables wider than their column, and save a full-page screenshot."""
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never fetch a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = chromium_or_skip()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.get(html.resolve().as_uri())
        driver.execute_script("return document.fonts.ready")
        images = driver.execute_script(
            "return [...document.images].map(i => ({src: i.src.slice(0, 40), width: i.naturalWidth,"
            " complete: i.complete, alt: i.alt, shown_width: i.getBoundingClientRect().width,"
            " shown_height: i.getBoundingClientRect().height}))"
        )
        # Tables wider than the text column they sit in (their cells would spill or need scrolling).
        overflowing = driver.execute_script(
            "return [...document.querySelectorAll('main table, body > table, section table')]"
            ".filter(t => t.scrollWidth > t.parentElement.clientWidth + 1).map(t => t.textContent.slice(0, 60))"
        )
        headings = driver.execute_script(
            "return [...document.querySelectorAll('h1, h2')].filter(h => !h.closest('nav')).map(h => h.textContent.replace(/\\s+/g, ' ').trim())"
        )
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1280, min(int(height), 16000))
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(screenshot))
        console = driver.get_log("browser")
    finally:
        driver.quit()
    return {"images": images, "headings": headings, "console": console, "overflowing_tables": overflowing}
