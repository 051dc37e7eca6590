"""Front matter as FORMAT.md says: Fieldguide's keys strict, near misses errors, every other key passed on; titles."""

from __future__ import annotations

import pytest
from conftest import MakeProject
from helpers import compiled, error_lines

ONE = {"audiences/ops.yml": "name: Operators\n", "audiences/leads.yml": "name: Leads\n"}
KNOWN = "Known keys: audiences, card, except, owner, review_by, summary, title, type"
SLIP = "content/a.md:2: unknown front-matter key"


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("audience: [ops]", f"{SLIP} 'audience'; did you mean 'audiences'? {KNOWN}"),
        (
            "Audiences: [ops]",
            f"{SLIP} 'Audiences'; did you mean 'audiences'? {KNOWN}",
        ),
        (
            "audiances: [ops]",
            f"{SLIP} 'audiances'; did you mean 'audiences'? {KNOWN}",
        ),
        ("excepts: [ops]", f"{SLIP} 'excepts'; did you mean 'except'? {KNOWN}"),
        (
            "reveiw_by: 2027-01-01",
            f"{SLIP} 'reveiw_by'; did you mean 'review_by'? {KNOWN}",
        ),
        (
            "review-by: 2027-01-01",
            f"{SLIP} 'review-by'; did you mean 'review_by'? {KNOWN}",
        ),
        (
            "audiences:",
            "content/a.md:2: audiences: is empty, which would show the page to no one; list audience ids, or write all",
        ),
        (
            "audiences: []",
            "content/a.md:2: audiences: is empty, which would show the page to no one; list audience ids, or write all",
        ),
        (
            "review_by: 2027-02-30",
            "content/a.md:2: malformed YAML in front matter: '2027-02-30' is not a real date (day is out of range "
            "for month); write a date as YYYY-MM-DD",
        ),
        ("review_by: soon", "content/a.md:2: review_by: input should be a valid date or datetime, input is too short"),
        ("card: sometimes", "content/a.md:2: card: input should be a valid boolean, unable to interpret input"),
        ("title: [a, b]", "content/a.md:2: title: input should be a valid string"),
    ],
)
def test_fieldguide_keys_are_strict(make_project: MakeProject, front: str, expected: str) -> None:
    root = make_project({**ONE, "content/a.md": f"---\n{front}\n---\n\n# A\n"})
    assert error_lines(root) == [expected]


def test_every_other_key_passes_through(make_project: MakeProject) -> None:
    front = (
        "hide: [toc]\nicon: material/rocket\nstatus: new\ntemplate: home.html\nsearch:\n  boost: 2\ntags: [a]\n"
        "date: 2024-01-31\nauthors: [ada]\ncategories: [News]\nlinks: [setup.md]\nslug: hello\nreadtime: 3\n"
        "draft: false\npin: true\nlocation: https://example.com/\nsome_plugin_key: {x: 1}\nsubtitle: Sub\n"
    )
    root = make_project({**ONE, "content/a.md": f"---\n{front}---\n\n# A\n"})
    result = compiled(root)
    assert not result.errors, [str(f) for f in result.errors]
    page = result.editions[0].pages[0]
    assert page.passthrough["some_plugin_key"] == {"x": 1}
    assert set(page.passthrough) >= {"hide", "status", "template", "date", "authors", "location", "pin"}
    # MkDocs takes the title from the heading again; Fieldguide does not write it.
    assert page.markdown().startswith("---\nhide:\n- toc\n")
    assert "\ntitle:" not in page.markdown()


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("# Plain heading\n\nText.\n", "Plain heading"),
        ("\n\nSetext heading\n==============\n\nText.\n", "Setext heading"),
        ("# With `code` and **bold** { #x }\n", "With code and bold"),
        ("---\nsummary: S\n---\n# From heading\n", "From heading"),
        ("---\ntitle: Given\n---\n# Heading\n", "Given"),
    ],
)
def test_title_from_the_first_heading(make_project: MakeProject, text: str, title: str) -> None:
    config = "site_name: T\ndocs_dir: content\ntheme: material\nmarkdown_extensions:\n  - attr_list\n"
    root = make_project({**ONE, "mkdocs.yml": config, "content/a.md": text})
    result = compiled(root)
    assert not result.errors, [str(f) for f in result.errors]
    assert result.editions[0].pages[0].title == title


@pytest.mark.parametrize(
    "text",
    [
        "Text first.\n\n# Heading later\n",
        "/// only | ops\n# Operators' heading\n///\n",
        "```\n# not a heading\n```\n",
    ],
    ids=["heading-not-first", "heading-in-a-block", "heading-in-code"],
)
def test_no_title_is_an_error(make_project: MakeProject, text: str) -> None:
    root = make_project({**ONE, "content/a.md": text})
    assert error_lines(root) == [
        "content/a.md:1: page has no title: add 'title: ...' to its front matter or start its text with '# heading'"
    ]


def test_multimarkdown_metadata_is_an_error(make_project: MakeProject) -> None:
    root = make_project({**ONE, "content/a.md": "Audiences: ops\n\n# A\n"})
    assert error_lines(root) == [
        "content/a.md:1: the page starts with 'Audiences:', which MkDocs reads as MultiMarkdown metadata, not text; "
        "put metadata between '---' lines, or start the page with something else"
    ]


def test_an_audience_file_may_be_just_a_name(make_project: MakeProject) -> None:
    root = make_project({**ONE, "content/a.md": "# A\n\nA sentence that is long enough to be graded by check.\n"})
    result = compiled(root)
    assert not result.errors
    assert result.project.audiences["ops"].description is None


def test_an_extension_that_cannot_load_is_located(make_project: MakeProject) -> None:
    config = "site_name: T\ndocs_dir: content\ntheme: material\nmarkdown_extensions:\n  - no_such_extension\n"
    root = make_project({**ONE, "mkdocs.yml": config, "content/a.md": "# A\n"})
    errors = error_lines(root)
    assert errors and all(e.startswith("mkdocs.yml:4: the Markdown extensions cannot be loaded (") for e in errors)
