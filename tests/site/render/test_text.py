"""Markdown from spec text: written as owners write it, rendered as they meant it."""

from __future__ import annotations

import random

import markdown as python_markdown

from generator.site.render.text import markdown, plain


def _html(text: str) -> str:
    return python_markdown.markdown(markdown(text))


def test_a_list_right_under_its_lead_in_line_is_a_list():
    html = _html("Send the report:\n- calls and service level;\n- open callbacks.\nThen join the call.")
    assert html == (
        "<p>Send the report:</p>\n<ul>\n<li>calls and service level;</li>\n<li>open callbacks.</li>\n</ul>\n"
        "<p>Then join the call.</p>"
    )


def test_continuation_lines_of_an_item_stay_in_it():
    html = _html("Check:\n1. the invoice,\n   and its date\n2. the amount")
    assert "<li>the invoice,\n   and its date</li>" in html and html.count("<li>") == 2


def test_text_without_lists_is_unchanged():
    assert markdown("Read the ticket.\nTag the dispute type.") == "Read the ticket.\nTag the dispute type."


def test_plain_escapes_every_markdown_character_and_nothing_else():
    """Each of Markdown's punctuation characters gets one backslash, HTML's four become entities, and the
    rest (letters, digits, other scripts, the entities' own & and ;) stays as written, on one line."""
    rng = random.Random(12)
    alphabet = "\\`*_{}[]()#+-.!|&<>\"' \t\nabcXYZ019;:/@~=%$^,?éü漢字\u00a0"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(40)))
        expected = "".join(
            {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}.get(c, "\\" + c if c in "\\`*_{}[]()#+-.!|" else c)
            for c in " ".join(text.split())
        )
        assert plain(text) == expected, repr(text)
