"""The search page in a real browser: Debian's headless Chromium driven by Selenium.

`.ci/run` installs chromium and chromium-driver with apt-get; where they
cannot be installed, these tests are skipped and say why.  Set
ARSEARCH_SCREENSHOT=docs/serve.png to refresh the screenshot in the docs.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from searcher import SearchEngine
from tests.conftest import REPORTS, REPORT_SOURCES, NAZOURI

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
)
WAIT_SECONDS = 15


@pytest.fixture(scope="module")
def base_url(sample_index: Path) -> Iterator[str]:
    yield from _serve(sample_index)


@pytest.fixture(scope="module")
def links_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over two documents whose stored addresses are a web page and a script."""
    path = tmp_path_factory.mktemp("links") / "index"
    with SearchEngine.create(path) as engine:
        engine.add([
            {"id": "web", "text": "خبر عن ليبيا", "url": "https://example.org/libya?a=1&b=2"},
            {"id": "script", "text": "خبر آخر عن ليبيا", "url": "javascript:alert(1)"},
        ])
    yield from _serve(path)


def _serve(index_path: Path) -> Iterator[str]:
    import uvicorn

    from searcher.server import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with SearchEngine.open(index_path) as engine:
        server = uvicorn.Server(uvicorn.Config(create_app(engine), host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + WAIT_SECONDS
        while not server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
        server.should_exit = True
        thread.join(timeout=WAIT_SECONDS)


@pytest.fixture(scope="module")
def browser():
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium download a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1000,1300", "--lang=ar"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # console errors, CSP violations among them
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def wait_for(browser, condition, message: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, WAIT_SECONDS).until(lambda _driver: condition(), message)


def hits(browser) -> list:
    from selenium.webdriver.common.by import By

    return browser.find_elements(By.CSS_SELECTOR, "#results .hit")


def marks(root) -> list[str]:
    from selenium.webdriver.common.by import By

    return [m.text for m in root.find_elements(By.TAG_NAME, "mark")]


def test_searching_a_name_finds_both_spellings_highlighted(browser, base_url: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("عبد الرزاق الناظوري")
    browser.find_element(By.ID, "go").click()
    wait_for(browser, lambda: len(hits(browser)) == 2, "two results")
    shown_ids = {hit.find_element(By.CSS_SELECTOR, ".meta bdi").text for hit in hits(browser)}
    assert shown_ids == NAZOURI
    marked = set(marks(browser.find_element(By.ID, "results")))
    assert "عبدالرازق" in marked and "الرزاق" in marked  # the name as each article writes it
    assert any("الناظوري" in m for m in marked)
    assert "2 نتيجة" in browser.find_element(By.ID, "status").text
    assert not browser.find_element(By.ID, "pager").is_displayed()  # one page: no paging
    assert "عبدالرازق" in browser.find_element(By.ID, "spellings").text  # the variant that matched
    assert "q=" in browser.current_url  # the search is a link that can be shared

    png = browser.get_screenshot_as_png()
    assert png.startswith(b"\x89PNG")
    target = os.environ.get("ARSEARCH_SCREENSHOT")
    if target:
        Path(target).write_bytes(png)


def test_opening_a_result_shows_the_document_with_every_match(browser, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/?q=" + "الناظوري")
    wait_for(browser, lambda: len(hits(browser)) == 2, "two results")
    first = hits(browser)[0]
    snippet_marks = marks(first)
    first.find_element(By.CSS_SELECTOR, "h2 a").click()
    document = browser.find_element(By.ID, "document")
    wait_for(browser, lambda: document.is_displayed() and marks(document), "the document with marks")
    assert len(marks(document)) >= len(snippet_marks)
    assert all("الناظوري" in m for m in marks(document)), marks(document)
    assert "doc=" in browser.current_url
    browser.back()
    wait_for(browser, lambda: len(hits(browser)) == 2 and not document.is_displayed(), "back to the results")


def test_the_document_view_links_back_to_the_results(browser, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/?q=" + "الناظوري")
    wait_for(browser, lambda: len(hits(browser)) == 2, "two results")
    hits(browser)[0].find_element(By.CSS_SELECTOR, "h2 a").click()
    document = browser.find_element(By.ID, "document")
    wait_for(browser, lambda: document.is_displayed(), "the document")
    document.find_element(By.CSS_SELECTOR, "a.back").click()
    wait_for(browser, lambda: len(hits(browser)) == 2 and not document.is_displayed(), "the results again")
    assert "doc=" not in browser.current_url


def test_did_you_mean_is_a_link_to_the_corrected_search(browser, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/?q=" + "الناظوزي")  # ز for ر: no article writes it
    suggestion = browser.find_element(By.ID, "suggestion")
    wait_for(browser, lambda: suggestion.is_displayed(), "a suggestion")
    link = suggestion.find_element(By.TAG_NAME, "a")
    assert link.text == "الناظوري"
    link.click()
    wait_for(browser, lambda: len(hits(browser)) == 2, "the corrected search's results")
    assert browser.find_element(By.ID, "q").get_attribute("value") == "الناظوري"


def test_a_keyboard_slip_says_how_it_was_read_and_links_to_the_text_as_typed(browser, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/?q=" + "hgsvh%5B")  # السراج typed with the layout on English
    reading = browser.find_element(By.ID, "reading")
    wait_for(browser, lambda: reading.is_displayed() and len(hits(browser)) == 2, "the reading and its results")
    assert "السراج" in reading.text
    reading.find_element(By.TAG_NAME, "a").click()
    wait_for(browser, lambda: not browser.find_element(By.ID, "reading").is_displayed(), "the search as typed")
    assert "exact" in browser.current_url and len(hits(browser)) == 0


def test_a_stored_web_address_is_a_safe_link_and_a_script_is_text(browser, links_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(links_url + "/?doc=web")
    wait_for(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "#document .meta"), "the document")
    link = browser.find_element(By.CSS_SELECTOR, "#document .meta a")
    assert link.get_attribute("href") == "https://example.org/libya?a=1&b=2"
    assert link.get_attribute("dir") == "ltr" and link.get_attribute("rel") == "noopener noreferrer"
    browser.get(links_url + "/?doc=script")
    wait_for(browser, lambda: "javascript:alert(1)" in browser.find_element(By.CSS_SELECTOR, "#document .meta").text,
             "the script's address shown")
    assert not browser.find_elements(By.CSS_SELECTOR, "#document .meta a")


def test_paging_through_results(browser, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/?q=ليبيا&limit=2")
    wait_for(browser, lambda: len(hits(browser)) == 2, "a first page of two")
    info = browser.find_element(By.ID, "page-info")
    pages = int(info.text.split("/")[1])
    assert pages >= 2 and info.text.startswith("1")
    first_page = [h.text for h in hits(browser)]
    browser.find_element(By.ID, "next").click()
    wait_for(browser, lambda: info.text.startswith("2"), "page 2")
    wait_for(browser, lambda: [h.text for h in hits(browser)] != first_page and hits(browser), "other results")
    browser.find_element(By.ID, "prev").click()
    wait_for(browser, lambda: info.text.startswith("1") and [h.text for h in hits(browser)] == first_page, "page 1 again")


@contextmanager
def phone_screen(browser) -> Iterator[None]:
    """The browser window as wide as a phone's screen (390 px), for the block."""
    browser.set_window_size(390, 844)
    try:
        yield
    finally:
        browser.set_window_size(1000, 1300)


def scrolls_sideways(browser) -> bool:
    width, scroll = browser.execute_script("return [window.innerWidth, document.documentElement.scrollWidth]")
    return scroll > width


def test_the_page_fits_a_phone_screen(browser, base_url: str) -> None:
    with phone_screen(browser):
        browser.get(base_url + "/?q=الناظوري")
        wait_for(browser, lambda: len(hits(browser)) == 2, "two results")
        assert not scrolls_sideways(browser)


# -- the archive view: sources, dates, sort and the timeline ------------------------

@pytest.fixture(scope="module")
def archive_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("archive") / "index"
    with SearchEngine.create(path) as engine:
        engine.add([{"id": doc_id, "title": f"تقرير النفط {doc_id}", "text": f"أسعار النفط في تقرير {doc_id}",
                     "source": source, "date": date} for doc_id, source, date in REPORTS])
    yield from _serve(path)


def expected(sources=REPORT_SOURCES, since="0000-00", until="9999-99") -> list[tuple[str, str, str]]:
    return [doc for doc in REPORTS if doc[1] in sources and since <= doc[2][:7] <= until]


def shown_hits(browser) -> list[tuple[str, str]]:
    """(id, date) of each result shown, from its metadata line."""
    from selenium.webdriver.common.by import By

    found = []
    for hit in hits(browser):
        parts = [b.text for b in hit.find_elements(By.CSS_SELECTOR, ".meta bdi")]
        found.append((parts[0], parts[2]))
    return found


def bars(browser) -> dict[str, object]:
    from selenium.webdriver.common.by import By

    return {bar.get_attribute("data-period"): bar for bar in browser.find_elements(By.CSS_SELECTOR, "#timeline a.bar")}


def url_params(browser) -> dict[str, list[str]]:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(browser.current_url).query)


def test_narrowing_an_archive_by_source_dates_order_and_timeline(browser, archive_url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(archive_url + "/")
    browser.find_element(By.ID, "q").send_keys("النفط")
    browser.find_element(By.ID, "go").click()
    wait_for(browser, lambda: "24 نتيجة" in browser.find_element(By.ID, "status").text, "every report")
    wait_for(browser, lambda: len(bars(browser)) == 4, "a bar per month")
    labels = {month: bar.get_attribute("aria-label") for month, bar in bars(browser).items()}
    assert labels == {m: f"{m}: {len([d for d in REPORTS if d[2][:7] == m])} نتيجة" for m in labels}
    first_bar = next(iter(bars(browser).values()))
    assert browser.execute_script("arguments[0].focus(); return document.activeElement === arguments[0]", first_bar)
    sources = {box.get_attribute("value"): box for box in browser.find_elements(By.CSS_SELECTOR, "#sources input")}
    assert set(sources) == set(REPORT_SOURCES)
    assert url_params(browser) == {"q": ["النفط"]}

    # a source
    sources["okaz"].click()
    okaz = expected(sources=("okaz",))
    wait_for(browser, lambda: f"{len(okaz)} نتيجة" in browser.find_element(By.ID, "status").text, "okaz only")
    assert {doc_id for doc_id, _ in shown_hits(browser)} == {doc[0] for doc in okaz}
    assert url_params(browser)["source"] == ["okaz"]
    counts = {li.find_element(By.TAG_NAME, "input").get_attribute("value"): li.find_element(By.CLASS_NAME, "count").text
              for li in browser.find_elements(By.CSS_SELECTOR, "#sources li")}
    assert counts == {s: str(len(expected(sources=(s,)))) for s in REPORT_SOURCES}  # the others stay offered

    # a date range
    browser.find_element(By.ID, "since").send_keys("2015-01")
    browser.find_element(By.ID, "until").send_keys("2015-03")
    browser.find_element(By.ID, "apply-dates").click()
    ranged = expected(sources=("okaz",), since="2015-01", until="2015-03")
    wait_for(browser, lambda: f"{len(ranged)} نتيجة" in browser.find_element(By.ID, "status").text, "the range")
    wait_for(browser, lambda: {d for d, _ in shown_hits(browser)} == {doc[0] for doc in ranged}, "the range's hits")
    assert url_params(browser)["since"] == ["2015-01"] and url_params(browser)["until"] == ["2015-03"]
    assert set(bars(browser)) == {"2015-01", "2015-02", "2015-03"}

    # newest first
    Select(browser.find_element(By.ID, "sort")).select_by_value("-date")
    newest = sorted(ranged, key=lambda doc: doc[2], reverse=True)
    wait_for(browser, lambda: [d for d, _ in shown_hits(browser)] == [doc[0] for doc in newest], "newest first")
    assert url_params(browser)["sort"] == ["-date"]

    # a month of the timeline
    bars(browser)["2015-03"].click()
    march = [doc for doc in newest if doc[2].startswith("2015-03")]
    wait_for(browser, lambda: [d for d, _ in shown_hits(browser)] == [doc[0] for doc in march], "March only")
    params = url_params(browser)
    assert params["since"] == params["until"] == ["2015-03"] and params["sort"] == ["-date"]
    assert params["source"] == ["okaz"]
    # one month's matches are drawn day by day
    wait_for(browser, lambda: set(bars(browser)) == {doc[2] for doc in march}, "March day by day")

    # back
    browser.back()
    wait_for(browser, lambda: [d for d, _ in shown_hits(browser)] == [doc[0] for doc in newest], "the range again")
    assert url_params(browser)["since"] == ["2015-01"]
    assert browser.find_element(By.ID, "since").get_attribute("value") == "2015-01"
    assert set(bars(browser)) == {"2015-01", "2015-02", "2015-03"}
    assert Select(browser.find_element(By.ID, "sort")).first_selected_option.get_attribute("value") == "-date"
    # under the strict content-security policy, with nothing asked of another site
    errors = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    assert browser.execute_script(
        "return performance.getEntriesByType('resource').every((e) => e.name.startsWith(location.origin))")


def test_a_bad_period_is_named_and_nothing_is_searched(browser, archive_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(archive_url + "/?q=النفط")
    wait_for(browser, lambda: "24 نتيجة" in browser.find_element(By.ID, "status").text, "every report")
    browser.find_element(By.ID, "since").send_keys("March")
    browser.find_element(By.ID, "apply-dates").click()
    status = browser.find_element(By.ID, "status")
    wait_for(browser, lambda: "March" in status.text and "error" in status.get_attribute("class"), "the error")
    assert "since" not in url_params(browser)


def test_the_archive_view_fits_a_phone_with_the_filters_below(browser, archive_url: str) -> None:
    from selenium.webdriver.common.by import By

    with phone_screen(browser):
        browser.get(archive_url + "/?q=النفط")
        wait_for(browser, lambda: len(bars(browser)) == 4, "the timeline")
        assert not scrolls_sideways(browser)
        results_box = browser.find_element(By.ID, "results").rect
        filters_box = browser.find_element(By.ID, "filters").rect
        assert filters_box["y"] >= results_box["y"] + results_box["height"]
