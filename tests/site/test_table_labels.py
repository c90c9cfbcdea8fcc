import markdown

TABLE = """| Step | Tier-1 agent <em>x</em> | Lead |
|---|:-:|---|
| Triage | R | A |
| Short |
"""


def test_each_cell_is_labelled_with_its_column_name_as_text():
    html = markdown.markdown(TABLE, extensions=["tables", "generator.site.table_labels"])
    assert '<td data-label="Step">Triage</td>' in html
    # The label is the header's text: entities read as their characters, tags leave only their text, and
    # the attribute is escaped (raw HTML would otherwise be put back into it after this runs).
    assert 'data-label="Tier-1 agent x"' in html and "<em>x</em></th>" in html
    labelled = markdown.markdown(
        "| A &amp; B &lt;c&gt; <b onclick='x()'>bold</b> |\n|---|\n| x |\n",
        extensions=["tables", "generator.site.table_labels"],
    )
    assert '<td data-label="A &amp; B &lt;c&gt; bold">' in labelled
    assert '<td data-label="Lead">A</td>' in html
    assert html.count("data-label") == 3 + 3  # the short row's missing cells are filled in by the table


def test_a_cell_that_holds_only_a_dash_is_marked_for_the_card_to_leave_out():
    html = markdown.markdown(
        "| KPI | Baseline | Note |\n|---|---|---|\n| Speed | — | — [a](#x) |\n| Care | 3.9 | *—* |\n",
        extensions=["tables", "generator.site.table_labels"],
    )
    assert '<td data-label="Baseline" data-none="">—</td>' in html
    # A dash with more in the cell, or inside markup of its own, says something: it stays.
    assert html.count("data-none") == 1
