"""Reporters: one module per output format, each a `write(result, stream, color=False)` function; the escaping
of spec text they share is in `wording.py`."""

from generator.check.report import github, gitlab, json, sarif, text

FORMATS = {
    "text": text.write,
    "json": json.write,
    "sarif": sarif.write,
    "github": github.write,
    "gitlab": gitlab.write,
}
