"""A change notice (`playbook notice`) as a page a vendor opens or prints: its Markdown made HTML by
Python-Markdown, the renderer MkDocs uses, and printed to PDF by the Chromium the handover packs use.

The Markdown escapes every piece of spec text itself (`changes.notice`), so no HTML of a spec's making
reaches the page; the page carries no script.
"""

from __future__ import annotations

from pathlib import Path

import markdown

from generator.site.pdf import _print, find_browser
from generator.site.scratch import scratch

_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 48rem; padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #ccc; padding: .35rem .5rem; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
th { background: #f2f2f2; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""


def notice_html(text: str) -> str:
    """A whole HTML page of the notice's Markdown."""
    body = markdown.markdown(text, extensions=["tables"], output_format="html")
    title = text.splitlines()[0].lstrip("# ").replace("\\", "") if text else "Change notice"
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{escaped}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def notice_pdf(html: str, output: str) -> None:
    """Print the notice page to `output` with Chromium."""
    browser = find_browser()
    with scratch("notice") as folder:
        page = Path(folder) / "notice.html"
        page.write_text(html, encoding="utf-8")
        printed = Path(folder) / "notice.pdf"
        _print(browser, page, printed)
        Path(output).write_bytes(printed.read_bytes())
