"""Capability sections read from the rendered tree, per audience, after filtering and terms."""

from __future__ import annotations

from capability_support import capability_project
from conftest import MakeProject

from generator.capability import CapabilityReader, Parsed, is_capability
from generator.compile import compile_project


def parsed_for(root, audience_id: str) -> Parsed:  # type: ignore[no-untyped-def]
    compiled = compile_project(root, [audience_id])
    assert not compiled.errors, [str(f) for f in compiled.errors]
    edition = compiled.editions[0]
    page = next(p for p in edition.pages if is_capability(p))
    return CapabilityReader(compiled.project.config.raw).read(page)


def test_sections_keep_the_editors_headings_classes_and_lines(make_project: MakeProject) -> None:
    parsed = parsed_for(capability_project(make_project), "ops")
    assert [(s.cls, s.heading, s.line) for s in parsed.sections] == [
        ("can", "What it is good at", 7),
        ("gets-wrong", "What it gets wrong", 10),
        ("never", "Never type in", 15),
        ("check", "Always check", 21),
        ("decides", "A person decides", 24),
        ("if-down", "If it is down", 27),
        ("ask", "Who to ask", 30),
    ]
    assert parsed.problems == []


def test_items_are_plain_text_with_nested_items_as_examples(make_project: MakeProject) -> None:
    parsed = parsed_for(capability_project(make_project), "ops")
    wrong = parsed.of("gets-wrong")[0]
    assert [(i.text, i.examples, i.line) for i in wrong.items] == [
        ("Times that are in no instruction.", ["Example: it said 72 °C for a pie."], 11),
        ("Names of people.", [], 13),
    ]
    # A section without a list: its paragraphs are its items.
    assert [i.text for i in parsed.of("if-down")[0].items] == [
        "Work as before. The paper instructions are still right."
    ]


def test_items_are_filtered_and_use_each_audiences_terms(make_project: MakeProject) -> None:
    root = capability_project(make_project)
    ops, lead = parsed_for(root, "ops"), parsed_for(root, "lead")
    assert [i.text for i in ops.of("never")[0].items] == ["Customer names."]
    assert [(i.text, i.line) for i in lead.of("never")[0].items] == [("Customer names.", 16), ("Staff reviews.", 18)]
    assert ops.of("ask")[0].items[0].text == "A wrong answer: tell your shift lead."
    assert lead.of("ask")[0].items[0].text == "A wrong answer: call the plant manager."


def test_markup_entities_and_permalinks_are_not_text(make_project: MakeProject) -> None:
    page = """\
    ---
    title: Tool
    type: capability
    ---
    ## Never *ever* type in { .never }
    - Names &amp; **card** numbers, `code` and <b>bold</b>.

        > A quote is an example.
    """
    extra = "markdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n"
    root = make_project(
        {
            "mkdocs.yml": "site_name: T\ndocs_dir: content\ntheme: material\n" + extra,
            "audiences/ops.yml": "name: Ops\ndescription: x.\n",
            "content/tool.md": page,
        }
    )
    never = parsed_for(root, "ops").of("never")[0]
    assert never.heading == "Never ever type in"
    assert [(i.text, i.examples) for i in never.items] == [
        ("Names & card numbers, code and bold.", ["A quote is an example."])
    ]
