"""Hostile spec text, built for real: nothing a spec says runs as script or loads from elsewhere."""

from __future__ import annotations

import html
import re

from generator.mkdocs_plugin import filter_links
from generator.render.text import mermaid_label, plain

SCRIPT = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'


def _hostile(text: str) -> str:
    replacements = {
        "title: Business lead qualification": f'title: "Leads {SCRIPT}"',
        "name: Screen the new lead": "name: 'Screen \"]) --> X[\"boom <b>|'",
        "category: lead generation": f"category: 'leads {IMG}'",
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text.replace(
        "instructions: |\n",
        "instructions: |\n"
        f"      {IMG} [click](javascript:alert(1)) [ok](https://example.com/ok) ![t](https://evil.example/t.png)\n"
        '      [ent](jav&#x61;script:alert(1)) {: onclick="alert(1)"} <a href="javascript:alert(1)">a</a>\n'
        "      [mail](mailto:ops@example.com)\n",
        1,
    )


def test_hostile_text_is_shown_not_run(project):
    spec = project.specs / "lead-qualification.yaml"
    spec.write_text(_hostile(spec.read_text()))
    run = project.build()
    assert run.returncode == 0, run.stderr
    for name, content in project.output_files().items():
        if not name.endswith((".html", ".json", ".xml")):
            continue
        text = content.decode()
        assert "alert('x')</script>" not in text, name
        assert not re.search(r"<img[^>]*onerror", text), name
        # What a browser sees: attribute values decoded once.
        for attribute, value in re.findall(r"""\s(href|src)=["']([^"']*)["']""", text):
            target = html.unescape(value).strip().lower()
            assert not target.startswith(("javascript:", "data:", "vbscript:")), (name, value)
            assert attribute == "href" or "evil.example" not in target, (name, value)
        assert not re.search(r"<[^>]+\sonclick=", text), name
    page = project.page("processes/lead-qualification")
    assert "&lt;script&gt;alert" in page  # shown as text
    assert 'href="https://example.com/ok"' in page and 'href="mailto:ops@example.com"' in page
    assert "#34;" in page  # the quote in the step name became a Mermaid entity code


def test_plain_text_escapes_markdown_and_html():
    assert plain("<b>x</b> [a](javascript:1) |") == "&lt;b&gt;x&lt;/b&gt; \\[a\\]\\(javascript:1\\) \\|"


def test_mermaid_label_has_only_letters_digits_spaces_and_entities():
    label = mermaid_label('Say "hi"]) --> X[')
    assert re.fullmatch(r'"[A-Za-z0-9 #;]*"', label)


def test_link_filter_keeps_safe_targets_only():
    html = (
        '<a href="https://ok">a</a><a href="JaVaScRiPt:alert(1)">b</a><a href="java&#x73;cript:x">c</a>'
        '<img src="https://evil/t.png"><img src="../img.png"><a href="//evil">d</a><a href="data:text/html,x">e</a>'
    )
    out = filter_links(html)
    assert out == ('<a href="https://ok">a</a><a>b</a><a>c</a><img><img src="../img.png"><a>d</a><a>e</a>')
