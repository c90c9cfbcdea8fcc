"""Markdown from spec text: written as owners write it, rendered as they meant it."""

from __future__ import annotations

import random

from bs4 import BeautifulSoup

from generator.site.render.text import markdown, plain
from tests.site.conftest import rendered


def _html(text: str) -> str:
    return rendered(markdown(text))


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


def test_plain_shows_every_character_as_written_and_makes_no_markup():
    """Markdown's punctuation, HTML's characters, other scripts: a paragraph, a table cell and a heading made
    of plain text show the text as written (on one line), and hold no element of its making."""
    rng = random.Random(12)
    alphabet = "\\`*_{}[]()#+-.!|&<>\"' \t\nabcXYZ019;:/@~=%$^,?éü漢字\u00a0\ue000\ue001"
    for _ in range(1000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(40)))
        expected = " ".join(text.split()).replace("\ue000", "\ufffd").replace("\ue001", "\ufffd")
        for page, where in (
            (f"{plain(text)}\n", "p"),
            (f"| a | b |\n|---|---|\n| {plain(text)} | x |\n", "td"),
            (f"## {plain(text)}\n", "h2"),
        ):
            soup = BeautifulSoup(rendered(page), "html.parser")
            element = soup.find(where)
            if not expected:
                continue
            assert element is not None, (repr(text), where)
            made = [e.name for e in element.find_all(True) if e.name != "a" or "headerlink" not in e.get("class", [])]
            assert (element.get_text().removesuffix("¶"), made) == (expected, []), (repr(text), where)
