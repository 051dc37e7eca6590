"""Anchors and addresses as pages render: ids from the project's extensions, raw HTML from the page's address."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BASE_CONFIG, MakeProject
from helpers import compiled, error_lines

from generator.links import referenced_files

ONE = {"audiences/all-staff.yml": "name: Everyone\n"}
TARGET = """\
# Target

Setext heading
--------------

### edit_uri

## Tagged { #custom }

Text with a note[^1].

[^1]: The note.

Paragraph { id=para }
{ id=para-attr }

``` { .python #example }
print(1)
```

=== "One"

    First tab.

=== "Two"

    Second tab.

<div id="raw-id"></div>
<a name="named"></a>
"""


@pytest.mark.parametrize(
    "anchor",
    ["setext-heading", "edit_uri", "custom", "fn:1", "fnref:1", "example", "__tabbed_1_2", "raw-id", "named", "target"],
)
def test_ids_the_page_really_has(make_project: MakeProject, anchor: str) -> None:
    config = BASE_CONFIG + "  - footnotes\n  - toc:\n      permalink: true\n"
    root = make_project(
        {
            **ONE,
            "mkdocs.yml": config,
            "content/target.md": TARGET,
            "content/index.md": f"# Home\n\nSee [it](target.md#{anchor}).\n",
        }
    )
    assert error_lines(root) == []


def test_a_missing_anchor_is_located(make_project: MakeProject) -> None:
    root = make_project(
        {**ONE, "content/target.md": TARGET, "content/index.md": "# Home\n\nText\n\nSee [it](target.md#nope).\n"}
    )
    assert error_lines(root) == [
        "content/index.md:5: [all-staff] link to 'target.md#nope', but what all-staff gets of content/target.md "
        "has no heading or anchor '#nope'"
    ]


def test_an_unused_reference_definition_is_not_a_link(make_project: MakeProject) -> None:
    root = make_project({**ONE, "content/index.md": "# Home\n\nText.\n\n[unused]: missing.md\n"})
    assert error_lines(root) == []


def test_a_used_reference_definition_is_checked_at_its_line(make_project: MakeProject) -> None:
    root = make_project({**ONE, "content/index.md": "# Home\n\nSee [it][used].\n\n[used]: missing.md\n"})
    assert error_lines(root) == [
        "content/index.md:5: [all-staff] link to 'missing.md', but there is no page content/missing.md; fix the path"
    ]


def test_with_a_hook_a_missing_anchor_is_only_a_warning(make_project: MakeProject) -> None:
    root = make_project(
        {
            **ONE,
            "mkdocs.yml": BASE_CONFIG + "hooks:\n  - hooks/ids.py\n",
            "hooks/ids.py": "def on_page_content(html, **kwargs):\n    return html + '<p id=\"late\"></p>'\n",
            "content/target.md": "# Target\n",
            "content/index.md": "# Home\n\nSee [it](target.md#late).\n",
        }
    )
    assert error_lines(root) == []
    warnings = [str(f) for f in compiled(root).findings]
    assert warnings == [
        "content/index.md:3: [all-staff] could not verify the link to 'target.md#late': content/target.md has no "
        "anchor '#late' before the build, and a hook in mkdocs.yml may add it"
    ]


@pytest.mark.parametrize(("directory_urls", "good"), [(True, "../../img/a.png"), (False, "../img/a.png")])
def test_raw_html_resolves_from_the_page_address(make_project: MakeProject, directory_urls: bool, good: str) -> None:
    config = BASE_CONFIG + f"use_directory_urls: {str(directory_urls).lower()}\n"
    files = {
        **ONE,
        "mkdocs.yml": config,
        "content/img/a.png": "png",
        "content/index.md": "# Home\n",
        "content/sub/page.md": f'# Page\n\n<img src="{good}" alt="A">\n',
    }
    root = make_project(files)
    assert error_lines(root) == []
    result = compiled(root)
    assert referenced_files(result.editions[0], result.project) == {"img/a.png"}


def test_raw_html_link_to_a_page_address(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(
        {
            **ONE,
            "content/index.md": '# Home\n\n<a href="sub/page/#part">Part</a>\n<a href="sub/page/#nope">No</a>\n',
            "content/sub/page.md": "# Page\n\n## Part\n",
        }
    )
    assert error_lines(root) == [
        "content/index.md:4: [all-staff] link to 'sub/page/#nope', but what all-staff gets of content/sub/page.md "
        "has no heading or anchor '#nope'"
    ]
