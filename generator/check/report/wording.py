"""Wording the reporters share: counts."""


def plural(count: object, word: str) -> str:
    """`1 spec`, `2 specs`, `2 processes`."""
    return f"{count} {word}" if count == 1 else f"{count} {word}{'es' if word.endswith('s') else 's'}"
