"""`escape_controls`, the one escaping of spec text that the reporters and the scorecard share."""

import pytest

from generator.spec.escaping import escape_controls

UNSAFE = {
    *range(0x00, 0x20),  # C0
    0x7F,  # DEL
    *range(0x80, 0xA0),  # C1
    0x2028,  # line separator
    0x2029,  # paragraph separator
    *range(0x202A, 0x202F),  # bidirectional embeddings and overrides
    *range(0x2066, 0x206A),  # bidirectional isolates
    *range(0xD800, 0xE000),  # lone surrogates (file names that are not UTF-8)
}


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\r\\nb"),
        ("a\tb", "a\\tb"),
        ("\x00", "\\x00"),
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("\x7f", "\\x7f"),
        ("\x85\x9b", "\\x85\\x9b"),
        ("\u2028\u2029", "\\u2028\\u2029"),
        ("\u202aa\u202eb\u2066c\u2069", "\\u202aa\\u202eb\\u2066c\\u2069"),
        ("\udcff", "\\udcff"),
    ],
)
def test_control_characters_are_written_out(raw, escaped):
    assert escape_controls(raw) == escaped


def test_other_text_is_kept():
    text = "Facturación – 100% «sûr» 日本語 😀 C:\\specs\\a.yaml ::error file=a,b"
    assert escape_controls(text) == text


def test_exactly_the_unsafe_characters_are_escaped_into_printable_ascii():
    changed = {code for code in range(0x110000) if escape_controls(chr(code)) != chr(code)}
    assert changed == UNSAFE
    for code in UNSAFE:
        escaped = escape_controls(chr(code))
        assert escaped.startswith("\\") and escaped.isascii() and escaped.isprintable()
