"""The wording the reporters share."""


def test_plural():
    from generator.check.report.wording import plural

    assert [plural(1, "spec"), plural(2, "spec"), plural(0, "error"), plural(2, "process")] == [
        "1 spec",
        "2 specs",
        "0 errors",
        "2 processes",
    ]
