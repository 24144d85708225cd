"""Screenshots through the real Chromium, of pages served on 127.0.0.1."""
from __future__ import annotations

import struct
import tempfile
from pathlib import Path

from crawlers import browser
from reports.screenshots import VIEWPORT, screenshot_name, take_screenshots
from tests.support.notice_period import ProblemPages


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    return struct.unpack(">II", header[16:24])


def test_pages_are_shot_at_the_viewport_and_failures_give_none(tmp_path, problem_server, dead_base):
    ok, not_found, refused = (problem_server + "/shot/page.html", problem_server + "/missing.html",
                              dead_base + "/nothing.html")
    shots = take_screenshots([ok, not_found, refused, ok], tmp_path / "shots", timeout=10)

    assert list(shots) == [ok, not_found, refused]  # each URL once, in order
    assert shots[refused] is None
    for url in (ok, not_found):  # an error page is evidence too
        assert shots[url] == tmp_path / "shots" / screenshot_name(url)
        assert png_size(shots[url]) == (VIEWPORT["width"], VIEWPORT["height"])
    assert "/shot/page.html" in ProblemPages.requested
    assert sorted(p.name for p in (tmp_path / "shots").iterdir()) == sorted(
        [screenshot_name(ok), screenshot_name(not_found)])


def test_a_browser_that_cannot_start_gives_none_for_every_url(tmp_path, problem_server, monkeypatch):
    monkeypatch.setenv(browser.CHROMIUM_ENV, str(tmp_path / "no-such-chromium"))
    url = problem_server + "/any.html"
    assert take_screenshots([url], tmp_path / "shots", timeout=5) == {url: None}


def test_nothing_to_shoot_starts_no_browser(tmp_path):
    assert take_screenshots([], tmp_path / "shots") == {}
    assert not (tmp_path / "shots").exists()


def test_screenshot_names_are_stable_and_safe():
    name = screenshot_name("http://www.example.gov.cn:8080/col/col1/index.html?page=2")
    assert name == screenshot_name("http://www.example.gov.cn:8080/col/col1/index.html?page=2")
    assert name.startswith("www.example.gov.cn-") and name.endswith(".png")
    assert name != screenshot_name("http://www.example.gov.cn:8080/col/col1/index.html?page=3")
    assert "/" not in screenshot_name("http://[::1]:8000/a/b")


def test_chromium_is_chosen_from_the_environment_then_the_system(monkeypatch, tmp_path):
    monkeypatch.setenv(browser.CHROMIUM_ENV, "/opt/chromium/chrome")
    assert browser.chromium_executable() == "/opt/chromium/chrome"
    monkeypatch.delenv(browser.CHROMIUM_ENV)
    monkeypatch.setattr(browser, "SYSTEM_CHROMIUM", tmp_path / "chromium")
    assert browser.chromium_executable() is None  # Playwright's own build
    (tmp_path / "chromium").touch()
    assert browser.chromium_executable() == str(tmp_path / "chromium")


def test_launch_options_keep_the_browser_off_the_network(monkeypatch):
    monkeypatch.delenv(browser.CHROMIUM_ENV, raising=False)
    options = browser.launch_options(["--host-resolver-rules=MAP www.example.gov.cn 127.0.0.1"])
    assert options["headless"] is True
    for arg in ("--no-sandbox", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--disable-dev-shm-usage"):
        assert arg in options["args"]
    assert options["args"][-1].startswith("--host-resolver-rules=")


def test_chromium_starts_under_a_deep_temporary_folder(tmp_path, monkeypatch):
    deep = tmp_path / ("a-worker-s-own-folder-" * 3)
    deep.mkdir()
    monkeypatch.setenv("TMPDIR", str(deep))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    assert len(tempfile.gettempdir()) > 64
    with browser.launch_browser() as running:  # its socket path would pass 107 bytes
        page = running.new_page()
        page.set_content("<title>通报</title>")
        assert page.title() == "通报"


def test_launch_browser_runs_chromium():
    with browser.launch_browser() as running:
        page = running.new_page()
        page.set_content("<title>通报</title>")
        assert page.title() == "通报"
