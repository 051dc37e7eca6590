"""The example portal in a real browser: a reader's journey, accessibility, privacy, print, and serve's preview.

Debian's Chromium, driven by Playwright; axe-core injected into the pages. The portal is built once,
with its PDFs, and served over HTTP on loopback by a plain threaded http.server, as a web server would.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import (
    AXE,
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO,
    contrast,
    http_server,
    over,
    parse_colour,
    serious_violations,
    use_palette,
)
from conftest import MakeProject, audience, page

from generator.build import build
from generator.chooser import PRIMARY

playwright_api = pytest.importorskip("playwright.sync_api", reason="scripts/setup installs Playwright")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example portal, built once with its PDFs."""
    out = tmp_path_factory.mktemp("portal") / "site"
    build(REPO, out, with_pdf=True)
    return out


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with http_server(site) as url:
        yield url


@pytest.fixture(scope="module")
def requests_seen() -> list[str]:
    """Every address any page of the browser asked for, across the whole module."""
    return []


@pytest.fixture(scope="module")
def browser(requests_seen: list[str]) -> Iterator[Any]:
    assert Path(CHROMIUM).exists(), "Chromium is missing: run scripts/setup"
    assert AXE.is_file(), "axe-core is missing: run scripts/setup"
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def tab(browser: Any, requests_seen: list[str]) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.on("request", lambda request: requests_seen.append(request.url))
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def audiences(site: Path) -> list[str]:
    return sorted(p.parent.parent.name for p in site.glob("*/search/search_index.json"))


def index_words(site: Path, aid: str) -> set[str]:
    docs = json.loads((site / aid / "search" / "search_index.json").read_text())["docs"]
    text = " ".join(f"{d['title']} {d['text']}" for d in docs)
    return {w.lower() for w in re.findall(r"[A-Za-z]+", re.sub(r"<[^>]+>", " ", text))}


def search(tab: Any, word: str) -> str:
    """Type into Material's search and return its verdict ("No matching documents", "2 matching documents")."""
    # Typed, not filled: Material's search listens to the keyboard. It answers each keystroke, so a verdict
    # read too early is the answer to the first letters: wait until the verdict has held for half a second.
    tab.fill(".md-search__input", "")
    tab.click(".md-search__input")
    tab.evaluate("() => { window.fgVerdict = null; window.fgSince = 0; }")
    tab.keyboard.type(word)
    meta = tab.locator(".md-search-result__meta")
    tab.wait_for_function(
        """() => {
            const text = document.querySelector('.md-search-result__meta').textContent;
            if (!/matching document/.test(text)) return false;
            if (text !== window.fgVerdict) { window.fgVerdict = text; window.fgSince = Date.now(); return false; }
            return Date.now() - window.fgSince > 500;
        }""",
        polling=100,
    )
    return str(meta.text_content())


def card_page(site: Path, aid: str) -> str | None:
    """The address, under the portal, of the audience's first page with a card."""
    for html in sorted((site / aid).rglob("index.html")):
        if 'class="fg-card"' in html.read_text(encoding="utf-8"):
            return html.parent.relative_to(site).as_posix() + "/"
    return None


def test_journey_from_the_chooser_to_a_card_and_back(tab: Any, site: Path, base: str) -> None:
    ops, other = "floor-operator", "manager"
    own = sorted(w for w in index_words(site, ops) if len(w) >= 9)
    theirs = index_words(site, other) - index_words(site, ops)
    # A word only the other audience gets, sharing no stem with anything the operators get.
    hidden = sorted(w for w in theirs if len(w) >= 9 and not any(o.startswith(w[:6]) for o in index_words(site, ops)))
    assert own and hidden

    tab.goto(base + "/")
    assert "choose your role" in tab.title()
    tab.click(f'a[href="{ops}/index.html"]')
    tab.wait_for_url(re.compile(f"/{ops}/"))
    assert "Plant-floor operators" in tab.locator(".fg-audience").inner_text()

    assert search(tab, own[0]) != "No matching documents"
    assert tab.locator(".md-search-result__item").count() >= 1
    assert search(tab, hidden[0]) == "No matching documents"

    tab.goto(f"{base}/{card_page(site, ops)}")
    link = tab.locator(".fg-card a")
    href = str(link.evaluate("a => a.href"))
    response = tab.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    tab.click("text=Choose another role")
    tab.wait_for_url(re.compile(r"/(index\.html)?$"))
    assert "choose your role" in tab.title()


def test_no_serious_accessibility_violation_light_and_dark(tab: Any, site: Path, base: str) -> None:
    problems: dict[str, list[dict[str, Any]]] = {}
    tab.goto(base + "/")
    if found := serious_violations(tab):
        problems["chooser"] = found
    for aid in audiences(site):
        tab.goto(f"{base}/{aid}/")
        links = tab.eval_on_selector_all(".md-nav--primary a.md-nav__link[href]", "as => as.map(a => a.href)")
        card = card_page(site, aid)
        pages = [f"{base}/{aid}/", *([f"{base}/{card}"] if card else [])]
        others = [str(u) for u in links if "#" not in str(u) and str(u).rstrip("/") != f"{base}/{aid}"]
        pages += [u for u in others if u not in pages][: 3 - len(pages)]
        assert len(pages) == 3
        for url in pages:
            tab.goto(url)
            for scheme in ("default", "slate"):  # switched in place, as Material's palette toggle does
                use_palette(tab, site / aid / "assets" / "stylesheets", scheme)
                if found := serious_violations(tab):
                    problems[f"{url} ({scheme})"] = found
    assert problems == {}


HEADER_TEXT = """() => {
  const colour = s => getComputedStyle(document.querySelector(s));
  return {
    body: colour('body').backgroundColor,
    header: colour('.md-header').backgroundColor,
    title: colour('.md-header__topic .md-ellipsis').color,
    banner: colour('.md-banner').backgroundColor,
    links: [...document.querySelectorAll('.fg-audience a')].map(a => getComputedStyle(a).color),
  };
}"""


def test_top_bar_contrast_for_every_material_primary_colour(tab: Any, site: Path, base: str) -> None:
    tab.goto(f"{base}/floor-operator/")
    failing = []
    for scheme in ("default", "slate"):
        use_palette(tab, site / "floor-operator" / "assets" / "stylesheets", scheme)
        for primary in PRIMARY:
            tab.evaluate("p => document.body.setAttribute('data-md-color-primary', p)", primary)
            seen = tab.evaluate(HEADER_TEXT)
            body = over(parse_colour(seen["body"]), (255, 255, 255))
            header = over(parse_colour(seen["header"]), body)
            banner = over(parse_colour(seen["banner"]), body)
            ratios = {"title": contrast(over(parse_colour(seen["title"]), header), header)}
            assert len(seen["links"]) >= 2  # "Choose another role", "Download the handbook (PDF)", ...
            for i, link in enumerate(seen["links"]):
                ratios[f"link {i}"] = contrast(over(parse_colour(link), banner), banner)
            failing += [f"{scheme}/{primary} {what}: {r:.2f}" for what, r in ratios.items() if r < 4.5]
    assert failing == []


def test_no_request_leaves_the_portal_on_any_page(tab: Any, site: Path, base: str, requests_seen: list[str]) -> None:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) > 80
    for rel in pages:
        tab.goto(f"{base}/{rel}", wait_until="load")
    tab.goto(f"{base}/floor-operator/")
    search(tab, "check")
    own = urllib.parse.urlsplit(base).netloc
    outside = sorted(
        {u for u in requests_seen if urllib.parse.urlsplit(u).scheme not in ("data", "blob", "about")}
        - {u for u in requests_seen if urllib.parse.urlsplit(u).netloc == own}
    )
    assert outside == []
    assert len(requests_seen) > len(pages)


def test_handbook_and_card_open_from_their_links(tab: Any, site: Path, base: str) -> None:
    for aid in audiences(site):
        tab.goto(f"{base}/{aid}/")
        targets = [str(tab.locator("text=Download the handbook (PDF)").evaluate("a => a.href"))]
        if card := card_page(site, aid):
            tab.goto(f"{base}/{card}")
            targets.append(str(tab.locator("text=Print this card (PDF)").evaluate("a => a.href")))
        for href in targets:
            response = tab.request.get(href)
            assert (response.status, response.headers["content-type"]) == (200, "application/pdf"), href
            assert response.body().startswith(b"%PDF"), href


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_shows_an_error_in_the_browser_then_the_page(tab: Any, make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(
        {
            "audiences/ops.yml": audience("Operators"),
            "audiences/mgr.yml": audience("Managers"),
            "content/index.md": page("Home", "/// only | mgr\nunclosed\n"),
        }
    )
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    command = [sys.executable, "-m", "generator", "serve", str(root), "--audience", "ops", "--port", str(port)]
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    try:
        # The editor opens the address once serve prints it.
        assert wait_for(lambda: "Previewing ops at" in (tmp_path / "serve.log").read_text())
        tab.goto(f"http://127.0.0.1:{port}/ops/")
        panel = tab.locator(".fg-preview-errors")
        panel.wait_for(timeout=30_000)
        text = panel.inner_text()
        assert "content/index.md:4: the '/// only | mgr' block is never closed" in text
        assert "no good preview yet" in text and "last good" not in text
        (root / "content" / "index.md").write_text(page("Home", "FIXED-TEXT\n"))
        # The page reloads by itself once the build succeeds.
        tab.locator("text=FIXED-TEXT").wait_for(timeout=30_000)
        assert tab.locator(".fg-preview-errors").count() == 0
        tab.click("text=Choose another role")
        tab.click('a[href="mgr/index.html"]')
        tab.wait_for_url(re.compile("/mgr/"))
        assert tab.locator("text=FIXED-TEXT").count() >= 1
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()


TITLES = """() => {
  const box = e => e.getBoundingClientRect();
  const header = document.querySelector('.md-header');
  const name = document.querySelector('.md-header__topic:first-child .md-ellipsis');
  const side = document.querySelector('.md-sidebar--primary .md-nav--primary > .md-nav__title');
  const first = document.querySelector('.md-sidebar--primary .md-nav--primary > .md-nav__list > li');
  return {
    name: name.textContent.trim(), nameCut: name.scrollWidth > name.clientWidth + 1,
    nameInHeader: box(name).top >= box(header).top - 1 && box(name).bottom <= box(header).bottom + 1,
    sideCut: side.scrollWidth > side.clientWidth + 1, sideBottom: box(side).bottom, firstTop: box(first).top,
  };
}"""


def test_long_site_names_are_whole_on_mobile_and_clear_of_the_desktop_sidebar(tab: Any, site: Path, base: str) -> None:
    tab.set_viewport_size({"width": 360, "height": 740})
    tab.goto(f"{base}/floor-operator/")
    mobile = tab.evaluate(TITLES)
    assert len(mobile["name"]) > 40  # "Northwind Foods AI Guide for Plant-floor operators"
    assert not mobile["nameCut"] and mobile["nameInHeader"]
    tab.click("label.md-header__button[for=__drawer]")
    assert not tab.evaluate(TITLES)["sideCut"]
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.goto(f"{base}/floor-operator/")
    desktop = tab.evaluate(TITLES)
    assert not desktop["sideCut"]
    assert desktop["sideBottom"] <= desktop["firstTop"] + 1
