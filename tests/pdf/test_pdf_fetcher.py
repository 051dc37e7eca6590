"""The URL fetcher: files of the project only; the web and outside files are located errors, never fetched."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from conftest import MakeProject, audience, page
from pdf_support import render
from PIL import Image

from generator.pdf.fetcher import ProjectFetcher, Refused


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test, rather than hanging on the network."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the print stage tried to use the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def project(make_project: MakeProject, body: str, card: bool = False) -> Path:
    root = make_project(
        {
            "audiences/ops.yml": audience("Operators"),
            "content/index.md": page("Home", "Welcome.\n"),
            "content/a.md": page("Pictures", body, "card: true" if card else ""),
        }
    )
    Image.new("RGB", (8, 8), "red").save(root / "content" / "dot.png")
    Image.new("RGB", (8, 8), "blue").save(root.parent / "secret.png")
    return root


def test_project_images_are_embedded(make_project: MakeProject, tmp_path: Path) -> None:
    printed = render(project(make_project, "![dot](dot.png)\n", card=True), "ops", tmp_path / "site")
    assert printed.findings == []
    assert (tmp_path / "site" / "print" / "handbook.pdf").exists()


@pytest.mark.parametrize("card", [False, True])
def test_web_image_is_a_located_error(make_project: MakeProject, tmp_path: Path, card: bool) -> None:
    body = "Intro.\n\n![logo](https://cdn.example.com/logo.png)\n"
    printed = render(project(make_project, body, card), "ops", tmp_path / "site", web_embeds=True)
    line = 7 if card else 6  # `card: true` adds a front-matter line
    assert [str(f) for f in printed.findings] == [
        f"content/a.md:{line}: [ops] https://cdn.example.com/logo.png is on the web; "
        "print only embeds files from the project. Copy it into content/"
    ]
    assert not (tmp_path / "site" / "print").exists()


def test_file_outside_the_project_is_a_located_error(make_project: MakeProject, tmp_path: Path) -> None:
    body = "Intro.\n\nSee ![secret](../../secret.png) here.\n"
    printed = render(project(make_project, body), "ops", tmp_path / "site", web_embeds=True)
    assert [str(f) for f in printed.findings] == [
        "content/a.md:6: [ops] ../../secret.png is outside the project; print only embeds files from the project"
    ]


def test_raw_html_and_file_urls_are_refused_too(make_project: MakeProject, tmp_path: Path) -> None:
    body = 'Intro.\n\n<img src="http://tracker.example/p.gif" alt="x">\n\n![x](file:///etc/hostname)\n'
    printed = render(project(make_project, body), "ops", tmp_path / "site", web_embeds=True)
    assert sorted(str(f) for f in printed.findings) == [
        "content/a.md:6: [ops] http://tracker.example/p.gif is on the web; "
        "print only embeds files from the project. Copy it into content/",
        "content/a.md:8: [ops] file:///etc/hostname is outside the project; print only embeds files from the project",
    ]


def test_fetcher_itself(tmp_path: Path) -> None:
    inside = tmp_path / "project"
    inside.mkdir()
    (inside / "ok.txt").write_text("fine")
    (tmp_path / "no.txt").write_text("secret")
    (inside / "link.txt").symlink_to(tmp_path / "no.txt")
    fetcher = ProjectFetcher([inside])
    assert fetcher.fetch((inside / "ok.txt").as_uri()).read() == b"fine"
    for url in [
        "https://example.com/x.css",
        "ftp://example.com/f",
        (tmp_path / "no.txt").as_uri(),
        (inside / "link.txt").as_uri(),
    ]:
        with pytest.raises(Refused):
            fetcher.fetch(url)
    assert list(fetcher.refused.values()) == ["web", "web", "outside", "outside"]
