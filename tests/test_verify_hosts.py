"""No outside hosts, verified on the output (generator/verify/hosts.py): real builds, exact messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BASE_CONFIG, MakeProject, audience, page

from generator.cli import main
from generator.verify.hosts import outside
from generator.verify.references import css_addresses, html_references

FIX = "copy the file into the project and refer to it by a relative address"
CDN = "img.example.net"


def build(root: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["build", str(root), "-q", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output.splitlines()


def project(make_project: MakeProject, body: str, config: str = "", **files: str) -> Path:
    return make_project(
        {
            "mkdocs.yml": BASE_CONFIG + config,
            "audiences/ops.yml": audience("Operators"),
            "content/index.md": page("Home", "Welcome to the portal.\n"),
            "content/a.md": page("Page A", body),
            **files,
        }
    )


def in_page(line: int, what: str, address: str, host: str = CDN) -> str:
    return (
        f"content/a.md:{line}: [ops] {what} in site/ops/a/index.html loads {address} from another host ({host}); {FIX}"
    )


PAGE_CASES = {
    "srcset": ('Text.\n\n<img alt="x" srcset="https://img.example.net/a.png 2x">\n', 6, "img srcset"),
    "upper-case tag": ("Text.\n\n<IMG SRC=https://img.example.net/a.png ALT=x>\n", 6, "img src"),
    "unquoted": ("Text.\n\n<img alt=x src=http://img.example.net/a.png>\n", 6, "img src"),
    "markdown image, HTTPS:": ("Text.\n\n![x](HTTPS://img.example.net/a.png)\n", 6, "img src"),
    "reference-style image": ("Text.\n\n![chart][c]\n\n[c]: https://img.example.net/a.png\n", 8, "img src"),
    "protocol-relative": ('Text.\n\n<img alt="x" src="//img.example.net/a.png">\n', 6, "img src"),
    "style attribute": (
        'Text.\n\n<span style="background: URL( https://img.example.net/a.png )">x</span>\n',
        6,
        "style attribute",
    ),
    "style element @import": (
        '<style>@import "https://img.example.net/a.png";</style>\n\nText.\n',
        4,
        "<style> element",
    ),
    "iframe": ('Text.\n\n<iframe src="https://img.example.net/a.png"></iframe>\n', 6, "iframe src"),
    "video poster": ('Text.\n\n<video poster="https://img.example.net/a.png"></video>\n', 6, "video poster"),
}


@pytest.mark.parametrize("case", PAGE_CASES, ids=list(PAGE_CASES))
def test_page_loading_from_another_host_fails_no_pdf(make_project: MakeProject, case: str) -> None:
    body, line, what = PAGE_CASES[case]
    address = "HTTPS://img.example.net/a.png" if "HTTPS" in body else "https://img.example.net/a.png"
    if "http://" in body:
        address = "http://img.example.net/a.png"
    if "//img" in body and ":" not in body.split("//img")[0][-6:]:
        address = "//img.example.net/a.png"
    root = project(make_project, body)
    code, lines = build(root, "--no-pdf")
    assert (code, lines[-1]) == (1, "1 error; nothing was published.")
    # Some are refused before building, from the page's own links; the rest on the output.
    if "is embedded from another host" not in lines[0]:
        assert lines[0] == in_page(line, what, address)
    assert lines[0].startswith(f"content/a.md:{line}: [ops] ")
    assert not (root / "site").exists()


# A deliberately broken step after the renderer: whatever it adds is checked on the output too.
HOOK = """\
def on_page_content(html, page, config, files):
    if page.file.src_uri == "a.md":
        return html + {markup!r}
    return html
"""
HOOKED = {
    "upper case, unquoted": ("<IMG SRC=HTTPS://img.example.net/a.png>", "img src", "HTTPS://img.example.net/a.png"),
    "srcset": (
        '<img srcset="a.png 1x, https://img.example.net/a.png 2x">',
        "img srcset",
        "https://img.example.net/a.png",
    ),
    "protocol-relative": ("<script src='//img.example.net/a.png'></script>", "script src", "//img.example.net/a.png"),
    "entity-encoded": (
        '<img src="&#x68;ttps&#58;//img.example.net/a.png">',
        "img src",
        "https://img.example.net/a.png",
    ),
    "style": (
        '<p style="background:url(https://img.example.net/a.png)">x</p>',
        "style attribute",
        "https://img.example.net/a.png",
    ),
    "link": ('<link rel=preload href="https://img.example.net/a.png">', "link href", "https://img.example.net/a.png"),
    "object": (
        '<object data="https://img.example.net/a.png"></object>',
        "object data",
        "https://img.example.net/a.png",
    ),
}


@pytest.mark.parametrize("case", HOOKED, ids=list(HOOKED))
def test_output_is_checked_whatever_made_it(make_project: MakeProject, case: str) -> None:
    markup, what, address = HOOKED[case]
    hook = {"hooks/add.py": HOOK.format(markup=markup)}
    root = project(make_project, "Text.\n", "hooks:\n  - hooks/add.py\n", **hook)
    code, lines = build(root, "--no-pdf")
    assert (code, lines) == (1, [in_page(1, what, address), "1 error; nothing was published."])
    assert not (root / "site").exists()


def test_entity_encoded_address_fails(make_project: MakeProject) -> None:
    root = project(make_project, 'Text.\n\n<img alt="x" src="&#104;ttps://img.example.net/a.png">\n')
    code, lines = build(root, "--no-pdf")
    assert (code, lines[-1]) == (1, "1 error; nothing was published.")
    if "is embedded from another host" not in lines[0]:  # else refused before building
        assert lines[0] == in_page(6, "img src", "https://img.example.net/a.png")


def test_file_url_fails(make_project: MakeProject) -> None:
    root = project(make_project, "Text.\n\n![x](file:///etc/hostname)\n")
    code, lines = build(root, "--no-pdf")
    assert code == 1
    # Refused on the input before building; the output check would name it too if it got that far.
    assert lines[0] in (
        "content/a.md:6: [ops] 'file:///etc/hostname' is a file: address, a file on the build machine; "
        "link to a file in the project instead",
        "content/a.md:6: [ops] img src in site/ops/a/index.html loads file:///etc/hostname from the build "
        f"machine's disk; {FIX}",
    )


def test_links_are_fine(make_project: MakeProject) -> None:
    body = "See [the maker](https://example.org/about) and <a href='HTTPS://example.org'>this</a>.\n"
    assert build(project(make_project, body), "--no-pdf") == (0, [])


def test_analytics_is_an_error_at_its_key(make_project: MakeProject) -> None:
    config = "extra:\n  analytics:\n    provider: google\n    property: G-XXXXXXX\n"
    code, lines = build(project(make_project, "Text.\n", config), "--no-pdf")
    assert (code, lines) == (
        1,
        [
            "mkdocs.yml:16: extra.analytics loads google analytics from another host and reports every visit to "
            "it; remove extra.analytics: use the web server's own logs (fieldguide report) instead",
            "1 error; nothing was published.",
        ],
    )


@pytest.mark.parametrize("pdf", [False, True], ids=["no-pdf", "pdf"])
def test_remote_extra_javascript_is_an_error_at_its_key(make_project: MakeProject, pdf: bool) -> None:
    config = "extra_javascript:\n  - js/local.js\n  - https://cdn.example.net/x.js\n"
    root = project(make_project, "Text.\n", config, **{"content/js/local.js": "// ours\n"})
    code, lines = build(root, *([] if pdf else ["--no-pdf"]))
    assert (code, lines) == (
        1,
        [
            "mkdocs.yml:17: extra_javascript loads https://cdn.example.net/x.js from another host "
            "(cdn.example.net); copy the file into the project and list its path under extra_javascript",
            "1 error; nothing was published.",
        ],
    )


def test_url_in_extra_css_is_traced_to_the_stylesheet(make_project: MakeProject) -> None:
    css = "body { color: black; }\n.x { background: url(http://img.example.net/bg.png); }\n"
    root = project(make_project, "Text.\n", "extra_css:\n  - css/extra.css\n", **{"content/css/extra.css": css})
    code, lines = build(root, "--no-pdf")
    assert (code, lines) == (
        1,
        [
            "content/css/extra.css:2: stylesheet loads http://img.example.net/bg.png from another host "
            f"(img.example.net); {FIX}",
            "1 error; nothing was published.",
        ],
    )


def test_emoji_from_a_cdn_fails_the_build(make_project: MakeProject) -> None:
    root = project(make_project, "Good work :smile:\n", "  - pymdownx.emoji\n")
    code, lines = build(root, "--no-pdf")
    assert (code, lines[-1]) == (1, "1 error; nothing was published.")
    assert lines[0].startswith(
        ("content/a.md:1: [ops] 'https://", "mkdocs.yml:15: markdown_extensions: pymdownx.emoji")
    )


def test_emoji_image_on_the_output_is_traced_to_the_extension(make_project: MakeProject) -> None:
    from generator.compile import compile_project
    from generator.verify.hosts import HostCheck

    root = project(make_project, "Good work :smile:\n", "  - pymdownx.emoji\n")
    compiled = compile_project(root, ["ops"])
    check = HostCheck(compiled.project, compiled.editions[0], "site")
    markup = '<p>Good work <img alt="x" class="emojione" src="https://cdn.example.net/1f604.png"></p>\n'
    check.html("a/index.html", [markup])
    assert [str(f) for f in check.findings] == [
        "mkdocs.yml:15: markdown_extensions: pymdownx.emoji loads https://cdn.example.net/1f604.png from another "
        "host (cdn.example.net); set emoji_generator: !!python/name:pymdownx.emoji.to_alt, which writes each emoji "
        "as its character"
    ]


def test_emoji_as_characters_and_inline_icons_are_fine(make_project: MakeProject) -> None:
    config = "  - pymdownx.emoji:\n      emoji_generator: !!python/name:pymdownx.emoji.to_alt\n"
    assert build(project(make_project, "Good work :smile:\n", config), "--no-pdf") == (0, [])
    config = (
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
    )
    assert build(project(make_project, "Checked :material-check:\n", config), "--no-pdf") == (0, [])


# The readers, without a build.


@pytest.mark.parametrize(
    ("address", "reached"),
    [
        ("https://portal.example/x.png", None),
        ("https://PORTAL.example:443/x.png", None),
        ("img/x.png", None),
        ("/img/x.png", None),
        ("data:image/png;base64,AAAA", None),
        ("HTTPS://Img.Example.NET/x.png", "img.example.net"),
        (" \thttps://img.example.net/x.png", "img.example.net"),
        ("ht\ntps://img.example.net/x.png", "img.example.net"),
        ("//img.example.net/x.png", "img.example.net"),
        ("\\\\img.example.net/x.png", "img.example.net"),
        ("file:///etc/passwd", "file:"),
        ("ftp://img.example.net/x", "ftp:"),
        ("https://user@img.example.net/x", "img.example.net"),
        ("https://portal.example.evil.net/x", "portal.example.evil.net"),
    ],
)
def test_outside(address: str, reached: str | None) -> None:
    assert outside(address, "portal.example") == reached


def test_css_addresses_in_every_form() -> None:
    css = (
        '@import "https://a.example/1.css"; @IMPORT url(https://a.example/2.css);\n'
        ".x { background: URL( 'https://a.example/3.png' ) } /* url(https://not.example/) */\n"
        '.y { background-image: image-set("https://a.example/4.png" 1x); }\n'
        "@font-face { src: url(https://a.example/5.woff2) format('woff2'); }\n"
        ".z { background: u\\72l(https://a.example/6.png) }\n"
    )
    assert sorted(css_addresses(css)) == [
        f"https://a.example/{n}" for n in ("1.css", "2.css", "3.png", "4.png", "5.woff2", "6.png")
    ]


def test_html_references_every_loading_attribute() -> None:
    markup = (
        '<link rel="stylesheet" href="https://a.example/1.css">\n<script src=https://a.example/2.js></script>\n'
        '<a href="https://links.example/">fine</a><object data="https://a.example/3"></object>\n'
        '<img srcset="x.png 1x, https://a.example/4.png 2x"><svg><image href="https://a.example/5.png"/></svg>\n'
        "<style>\n.q { background: url(https://a.example/6.png) }\n</style>\n"
        '<iframe srcdoc="<img src=https://a.example/7.png>"></iframe>\n'
    )
    found = sorted(r.address for r in html_references(markup.splitlines(keepends=True), {}))
    assert found == [
        "https://a.example/1.css",
        "https://a.example/2.js",
        "https://a.example/3",
        "https://a.example/4.png",
        "https://a.example/5.png",
        "https://a.example/6.png",
        "https://a.example/7.png",
        "x.png",
    ]


def test_parser_cache_gives_the_same_answer_as_a_fresh_parse() -> None:
    head = '<header>\n<img src="logo.png">\n</header>\n'
    pages = [head + f'<p>Page {n}</p>\n<img src="https://a.example/{n}.png">\n' + head for n in range(3)]
    pages.append(head + "<script>\nvar s = '<img src=https://a.example/no.png>';\n</script>\n" + head)
    cache: dict[str, list[object]] = {}
    seen: set[str] = set()
    for markup in pages:
        lines = markup.splitlines(keepends=True)
        cached = [r.address for r in html_references(lines, cache, seen)]  # type: ignore[arg-type]
        assert cached == [r.address for r in html_references(lines, {})]


def test_material_own_stylesheets_load_nothing_from_outside() -> None:
    """The build skips Material's own stylesheets when they are unchanged (hosts.py); this is their check."""
    from generator.verify.outputs import material_dir

    sheets = sorted((material_dir() / "assets" / "stylesheets").glob("*.css"))
    assert sheets
    for sheet in sheets:
        reached = [a for a in css_addresses(sheet.read_text(encoding="utf-8")) if outside(a, None)]
        assert reached == [], sheet.name
