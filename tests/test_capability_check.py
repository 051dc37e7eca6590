"""The capability rules of `check` (and of `build`), each with its exact `path:line: [audience] message`."""

from __future__ import annotations

from pathlib import Path

import pytest
from capability_support import ASSIST, capability_project, check_lines
from conftest import MakeProject

from generator.build import build
from generator.findings import ContentError

NO_EXAMPLE = "this gets-wrong item has no example; add a nested item, a quote, or a sentence starting 'For example'"


def with_body(body: str) -> str:
    return "---\ntitle: Tool\ntype: capability\nowner: ai@example.org\n---\n" + body


def test_a_complete_page_only_warns_about_an_item_without_example(make_project: MakeProject) -> None:
    assert check_lines(capability_project(make_project)) == [
        f"warning: content/assist.md:13: [lead] {NO_EXAMPLE}",
        f"warning: content/assist.md:13: [ops] {NO_EXAMPLE}",
    ]


@pytest.mark.parametrize(
    "item",
    [
        "- Names of people. For example, it invented a shift lead.",
        "- Names of people.\n\n    > It called the lead 'Sam'.",
        "- Example: it invented a shift lead.",
        "- Names of people.\n    1. It called the lead Sam.",
    ],
)
def test_an_example_is_a_nested_item_a_quote_or_a_sentence(make_project: MakeProject, item: str) -> None:
    root = capability_project(make_project, {"content/assist.md": ASSIST.replace("- Names of people.", item)})
    assert check_lines(root) == []


def test_required_section_with_no_item_for_one_audience_is_an_error_at_its_heading(make_project: MakeProject) -> None:
    page = ASSIST.replace("- Customer names.\n/// only | lead", "/// only | lead\n- Customer names.")
    root = capability_project(make_project, {"content/assist.md": page})
    assert check_lines(root, ("capability",)) == [
        "error: content/assist.md:15: [ops] the never section 'Never type in' has no item for this audience; "
        "add at least one list item this audience gets",
    ]


def test_missing_sections_required_are_errors_optional_are_warnings(make_project: MakeProject) -> None:
    body = "## Never type in { .never }\n- Names.\n"
    root = capability_project(make_project, {"content/assist.md": with_body(body)})
    lines = [line for line in check_lines(root) if "[ops]" in line]
    assert sorted(lines) == [
        "error: content/assist.md:1: [ops] no ask section (whom to ask) for this audience; "
        "add '## <your heading> { .ask }' with at least one item this audience gets",
        "error: content/assist.md:1: [ops] no check section (what to always check) for this audience; "
        "add '## <your heading> { .check }' with at least one item this audience gets",
        "warning: content/assist.md:1: [ops] no can section (what it is good at) for this audience; "
        "add '## <your heading> { .can }'",
        "warning: content/assist.md:1: [ops] no decides section (what a person decides) for this audience; "
        "add '## <your heading> { .decides }'",
        "warning: content/assist.md:1: [ops] no gets-wrong section (what it gets wrong) for this audience; "
        "add '## <your heading> { .gets-wrong }'",
        "warning: content/assist.md:1: [ops] no if-down section (what to do if it is down) for this audience; "
        "add '## <your heading> { .if-down }'",
    ]


def test_a_section_hidden_from_one_audience_is_missing_for_it_only(make_project: MakeProject) -> None:
    page = ASSIST.replace("## Who to ask { .ask }", "/// only | lead\n## Who to ask { .ask }").rstrip() + "\n///\n"
    root = capability_project(make_project, {"content/assist.md": page})
    assert check_lines(root, ("capability",)) == [
        "error: content/assist.md:1: [ops] no ask section (whom to ask) for this audience; "
        "add '## <your heading> { .ask }' with at least one item this audience gets",
    ]


def test_each_class_once_error_at_the_second_heading(make_project: MakeProject) -> None:
    page = ASSIST + "\n## Check this too { .check }\n- Dates.\n"
    root = capability_project(make_project, {"content/assist.md": page})
    message = (
        "second check section on this page for this audience (the first is at line 21); "
        "each class may appear once, so merge the two"
    )
    assert check_lines(root, ("capability",)) == [
        f"error: content/assist.md:33: [lead] {message}",
        f"error: content/assist.md:33: [ops] {message}",
    ]


def test_one_section_per_audience_in_blocks_is_not_a_duplicate(make_project: MakeProject) -> None:
    page = ASSIST.replace(
        "## Always check { .check }\n- Every number, against the batch sheet.\n",
        "/// only | ops\n## Always check { .check }\n- Every number.\n///\n"
        "/// except | ops\n## Check { .check }\n- Every figure.\n///\n",
    )
    root = capability_project(make_project, {"content/assist.md": page})
    assert check_lines(root, ("capability",)) == []


@pytest.mark.parametrize(
    ("heading", "message"),
    [
        (
            "## Never type in { .nevr }",
            "unknown capability class '.nevr'; did you mean '.never'? "
            "Known classes: ask, can, check, decides, gets-wrong, if-down, never",
        ),
        (
            "## Never type in { .Never }",
            "unknown capability class '.Never'; did you mean '.never'? "
            "Known classes: ask, can, check, decides, gets-wrong, if-down, never",
        ),
        (
            "### Never type in { .never }",
            "the never class is on a level-3 heading; a capability section is a '##' heading: "
            "'## Never type in { .never }'",
        ),
        (
            "## Never type in {never}",
            "'{ never }' is not a class; write '{ .never }' with a dot to mark the never section",
        ),
        (
            "## Never type in { #never }",
            "'{ #never }' is not a class; write '{ .never }' with a dot to mark the never section",
        ),
        (
            "## Never type in { .never}x",
            "this heading's '{ ... }' was not read as a class; write the class last on the heading line, "
            "as in '## Never type in { .never }'",
        ),
        (
            "## Never type in { .never .check }",
            "one heading has the classes never and check; give each section its own '##' heading",
        ),
    ],
)
def test_a_heading_that_looks_like_a_section_but_is_not_is_an_error(
    make_project: MakeProject, heading: str, message: str
) -> None:
    page = ASSIST.replace("## Never type in { .never }", heading)
    root = capability_project(make_project, {"content/assist.md": page})
    assert f"error: content/assist.md:15: {message}" in check_lines(root, ("capability",))


def test_a_classed_heading_inside_a_box_is_an_error(make_project: MakeProject) -> None:
    page = ASSIST.replace("## Never type in { .never }", '!!! note "Careful"\n    ## Never type in { .never }')
    root = capability_project(make_project, {"content/assist.md": page})
    assert (
        "error: content/assist.md:16: the never section's heading is inside another block; "
        "a capability section is a '##' heading at the start of a line, outside lists and boxes"
    ) in check_lines(root, ("capability",))


def test_other_classes_and_other_pages_are_left_alone(make_project: MakeProject) -> None:
    page = ASSIST.replace("## Who to ask { .ask }", "## Who to ask { .ask .wide }")
    normal = "---\ntitle: Plain\nowner: ai@example.org\n---\n## Never { .nevr }\nText.\n"
    root = capability_project(make_project, {"content/assist.md": page, "content/plain.md": normal})
    assert check_lines(root, ("capability",)) == []


def test_build_refuses_a_capability_error_and_publishes_nothing(make_project: MakeProject, tmp_path: Path) -> None:
    page = ASSIST.replace("## Who to ask { .ask }", "## Who to ask")
    root = capability_project(make_project, {"content/assist.md": page})
    with pytest.raises(ContentError) as caught:
        build(root, tmp_path / "site", with_pdf=False)
    assert [str(f) for f in caught.value.findings] == [
        "content/assist.md:1: [lead] no ask section (whom to ask) for this audience; "
        "add '## <your heading> { .ask }' with at least one item this audience gets",
        "content/assist.md:1: [ops] no ask section (whom to ask) for this audience; "
        "add '## <your heading> { .ask }' with at least one item this audience gets",
    ]
    assert not (tmp_path / "site").exists()


def test_classes_without_attr_list_are_an_error_naming_the_fix(make_project: MakeProject) -> None:
    root = capability_project(make_project, {"mkdocs.yml": "site_name: T\ndocs_dir: content\ntheme: material\n"})
    lines = check_lines(root, ("capability",))
    assert (
        "error: content/assist.md:7: this heading's '{ ... }' was not read as a class; "
        "capability classes need attr_list: add '- attr_list' to markdown_extensions in mkdocs.yml"
    ) in lines


@pytest.mark.parametrize(
    "body",
    [
        "## { .never }\n- x\n",
        "Never type in { .never }\n----------------\n- Names.\n",
        "<div markdown>\n## Never { .never }\n- Names.\n</div>\n",
        '<h2 class="never">Never</h2>\n\n- Names.\n',
        "## Never { .never }\n" + "- a\n" + "  " * 0 + "".join("    " * i + "- deep\n" for i in range(1, 40)),
        "## Never { .never }\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        "## Never { .never }\n```\n- not an item\n```\n",
        "\ufeff## Never { .never }\n- \u00a0\u200b\n",
    ],
)
def test_odd_capability_pages_give_findings_never_a_traceback(make_project: MakeProject, body: str) -> None:
    root = capability_project(make_project, {"content/assist.md": with_body(body)})
    lines = check_lines(root, ("capability",))
    assert all(line.startswith(("error: content/assist.md:", "warning: content/assist.md:")) for line in lines)


def test_a_setext_heading_is_a_section_at_its_line(make_project: MakeProject) -> None:
    body = "Never type in { .never }\n----------------\n- Names.\n"
    root = capability_project(make_project, {"content/assist.md": with_body(body)})
    assert not any("no never section" in line for line in check_lines(root, ("capability",)))


def test_an_item_from_a_snippet_is_reported_at_the_snippets_line(make_project: MakeProject) -> None:
    from conftest import BASE_CONFIG

    config = (
        BASE_CONFIG + "  - pymdownx.snippets:\n      base_path: [content/_snippets]\nexclude_docs: |\n  _snippets/\n"
    )
    page = ASSIST.replace("- Names of people.\n", '--8<-- "wrong.md"\n')
    snippet = "- A shift that does not exist.\n    - Example: it said 'shift D'.\n- Names of people.\n"
    root = capability_project(
        make_project, {"mkdocs.yml": config, "content/assist.md": page, "content/_snippets/wrong.md": snippet}
    )
    assert check_lines(root) == [
        f"warning: content/_snippets/wrong.md:3: [lead] {NO_EXAMPLE}",
        f"warning: content/_snippets/wrong.md:3: [ops] {NO_EXAMPLE}",
    ]
