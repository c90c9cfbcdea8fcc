"""Hostile spec text, built for real: nothing a spec says runs as script or loads from elsewhere."""

from __future__ import annotations

import html
import re

from generator.site.link_filter import filter_links
from generator.site.render.text import plain
from tests.site.conftest import rendered

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
        "      [mail](mailto:ops@example.com)\n"
        "      ```mermaid\n      flowchart LR\n      A --> B\n      click A call alert(1)\n      ```\n"
        "      - a list item\n\n        ~~~mermaid\n        flowchart LR\n        ~~~\n",
        1,
    )


def test_hostile_text_is_shown_not_run(project):
    spec = project.specs / "lead-qualification.yaml"
    spec.write_text(_hostile(spec.read_text()))
    # check refuses the encoded javascript: link (R009); the site must stay safe even with that rule off.
    (project.root / ".playbook.yaml").write_text("rules: {R009: 'off'}\n")
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
    # Spec text opens no block of its own: the page keeps its one diagram, the fences show as text.
    assert page.count('<div class="playbook-flow"') == 1 and "click A call alert(1)" in page
    assert '<pre class="mermaid">' not in page
    assert "&amp;#96;" not in page and "&#96;&#96;&#96;mermaid" in page


def test_plain_text_shows_markdown_and_html_as_written():
    html = rendered(plain("<b>x</b> [a](javascript:1) |"))
    assert html == "<p>&lt;b&gt;x&lt;/b&gt; [a](javascript:1) |</p>"


def test_link_filter_keeps_safe_targets_only():
    html = (
        '<a href="https://ok">a</a><a href="JaVaScRiPt:alert(1)">b</a><a href="java&#x73;cript:x">c</a>'
        '<img src="https://evil/t.png"><img src="../img.png"><a href="//evil">d</a><a href="data:text/html,x">e</a>'
        '<a href="tel:+35315550132">f</a><img src="tel:+1">'
    )
    out = filter_links(html)
    assert out == (
        '<a href="https://ok">a</a><a>b</a><a>c</a><img><img src="../img.png"><a>d</a><a>e</a>'
        '<a href="tel:+35315550132">f</a><img>'
    )


def _poison(data, schema_rule_at, path=()):
    """Append markup to every free-text value: strings with no enum, pattern or date format."""
    import datetime as dt

    if isinstance(data, dict):
        return {k: _poison(v, schema_rule_at, (*path, k)) for k, v in data.items()}
    if isinstance(data, list):
        return [_poison(v, schema_rule_at, (*path, i)) for i, v in enumerate(data)]
    rule = schema_rule_at(path) or {}
    if isinstance(data, str) and rule.get("type") == "string" and "allowed" not in rule and "regex" not in rule:
        return f"{data} <script>POISON()</script><img src=x onerror=POISON()> [l](javascript:POISON())"
    return data.isoformat() if isinstance(data, dt.date) else data


def test_markup_in_every_text_field_is_inert(project):
    import yaml

    from generator.spec.schema import PROCESS_SCHEMA, VENDOR_SCHEMA, rule_at

    for path, schema in (
        (project.specs / "billing-disputes.yaml", PROCESS_SCHEMA),
        (project.specs / "vendors" / "acme-bpo.yaml", VENDOR_SCHEMA),
    ):
        data = yaml.safe_load(path.read_text())
        path.write_text(yaml.safe_dump(_poison(data, lambda p, s=schema: rule_at(s, p)), sort_keys=False))
    run = project.build("--audience", "internal")
    assert run.returncode == 0, run.stderr
    seen = 0
    for name, content in project.output_files().items():
        if not name.endswith((".html", ".json", ".xml")):
            continue
        text = content.decode()
        seen += text.count("POISON")
        assert "<script>POISON" not in text, name
        assert not re.search(r"<img[^>]*onerror", text), name
        assert not re.search(r"""href=["']?javascript""", text, re.I), name
    assert seen > 50  # the poisoned text is shown, as text


def test_hostile_routine_text_is_shown_not_run(project):
    spec = project.specs / "after-hours-call-centre.yaml"
    text = spec.read_text()
    for old, new in {
        "name: Score a sample of the week's calls": f'name: "Score {SCRIPT} | calls"',
        "      Every Monday, pick five": f"      {IMG} ```mermaid\n      Every Monday, pick five",
        "name: Weekly call quality scores per agent,": "name: '<b>Scores</b>',",
        "name: Callback ticket for the day team,": "name: '<i>Callback</i> |',",
    }.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    spec.write_text(text)
    run = project.build()
    assert run.returncode == 0, run.stderr
    page = project.page("processes/after-hours-call-centre")
    routines = page.split('id="routines"')[1].split("<h2")[0]
    assert "alert('x')</script>" not in page and not re.search(r"<img[^>]*onerror", page)
    assert "Score &lt;script&gt;alert" in routines and "&lt;b&gt;Scores&lt;/b&gt;" in routines
    assert (
        'if any: <a href="#output-fault-ticket">Fault ticket</a>, '
        '<a href="#output-callback-ticket">&lt;i&gt;Callback&lt;/i&gt; |</a>' in page.split('id="procedure"')[1]
    )
    assert page.count('<div class="playbook-flow"') == 1 and '<pre class="mermaid">' not in page
    raci = page.split('id="raci-matrix"')[1].split("<h2")[0]
    assert "<em>Routine:</em> Score &lt;script&gt;" in raci and "<script>" not in raci
