"""Every table cell names its column (`data-label`), as a Python-Markdown extension that `playbook build`
adds to the configuration like the link filter.

On a phone the stylesheet (assets/stylesheets/playbook.css) shows each row as a card and each cell after
its column's name, so no table needs scrolling sideways there; the names come from here, at build time,
so the layout needs no script. A cell that holds only a dash (nothing to say) is marked `data-none`, and
the card leaves it out.
"""

from __future__ import annotations

import html
import re
from xml.etree.ElementTree import Element

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX

# Entities and raw HTML in a header are placeholders until after this runs, and would be put back inside
# the attribute unescaped: the label takes their text instead, which the serializer escapes.
_PLACEHOLDER = re.compile(f"{STX}wzxhzdk:(\\d+){ETX}")
_TAG = re.compile(r"<[^>]*>")


class _LabelCells(Treeprocessor):
    def _text(self, match: re.Match) -> str:
        stash = self.md.htmlStash.rawHtmlBlocks
        index = int(match.group(1))
        return html.unescape(_TAG.sub("", str(stash[index]))) if index < len(stash) else ""

    def run(self, root: Element) -> None:
        for table in root.iter("table"):
            names = [" ".join(_PLACEHOLDER.sub(self._text, "".join(th.itertext())).split()) for th in table.iter("th")]
            for row in table.iter("tr"):
                cells = [cell for cell in row if cell.tag == "td"]
                for name, cell in zip(names, cells, strict=False):  # a short row leaves cells out
                    if name:
                        cell.set("data-label", name)
                    # A dash says "nothing here" in a row of a table; a phone's card leaves it out instead.
                    if "".join(cell.itertext()).strip() == "—" and len(cell) == 0:
                        cell.set("data-none", "")


class TableLabelsExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After the table and inline processors (priority 20) have built the cells and their text.
        md.treeprocessors.register(_LabelCells(md), "playbook_table_labels", 5)


def makeExtension(**kwargs) -> TableLabelsExtension:
    return TableLabelsExtension(**kwargs)
