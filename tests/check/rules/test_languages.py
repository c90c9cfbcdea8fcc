"""Working languages: what the process needs, the vendor speaks (compared through CLDR)."""

import pytest

from tests.conftest import Case, case_tests, complete_process, complete_vendor, edit

LANGUAGES = "  languages: [en]\n"
VENDOR_LANGUAGES = "languages: [en, tl]"


def languages(text: str) -> tuple[str, str]:
    return LANGUAGES, f"  languages: {text}\n"


CASES = [
    Case("T061", "error", (languages("[en, ja]"),), "[en, ja]"),
    Case("T061", "error", (languages("[fr]"),), "[fr]", name="only-language"),
    Case(
        "T062",
        "warning",
        (languages("[en-US]"),),
        "[en-US]",
        vendor_edits=((VENDOR_LANGUAGES, "languages: [en-GB, tl]"),),
    ),
    Case(
        "T062",
        "warning",
        (languages("[zh-Hant-TW]"),),
        "[zh-Hant",
        vendor_edits=((VENDOR_LANGUAGES, "languages: [en, zh-Hans]"),),
        name="script",
    ),
    Case(
        "T062",
        "warning",
        (languages("[es-419]"),),
        "[es-419]",
        vendor_edits=((VENDOR_LANGUAGES, "languages: [en, es-ES]"),),
        name="spain-for-latin-america",
    ),
    Case("T063", "warning", (), "[en]", vendor_edits=((VENDOR_LANGUAGES, "languages: []"),)),
]

test_rule_fails, test_rule_passes_on_the_complete_spec = case_tests(CASES)


@pytest.mark.parametrize(
    ("wanted", "spoken"),
    [
        ("[es-419]", "[en, es]"),  # a vendor tag without a region covers every region
        ("[es]", "[en, es-419]"),  # a process tag without one is served by any
        ("[es-MX]", "[en, es-419]"),  # Mexico is within Latin America (CLDR)
        ("[es-419]", "[en, es-CR]"),
        ("[fil]", "[en, tl]"),  # tl is an alias of fil
        ("[en-us]", "[en-US, tl]"),  # tags are case-insensitive
        ("[zh-TW]", "[en, zh-Hant]"),  # Taiwan writes Traditional Chinese
        ("[en, 'no']", "[en, nb]"),  # Bokmal and Nynorsk are Norwegian
        ("[nn]", "[en, 'no']"),
        ("[he]", "[en, iw]"),  # iw is an old code of Hebrew; CLDR's likely region for it is no region stated
        ("[es-419]", "[en, es, es-ES]"),
    ],
)
def test_languages_the_vendor_speaks(run_check, wanted, spoken):
    checked = run_check(
        edit(complete_process(), languages(wanted)), edit(complete_vendor(), (VENDOR_LANGUAGES, f"languages: {spoken}"))
    )
    for code in ("T061", "T062", "T063"):
        checked.expect_none(code)


def test_a_language_the_vendor_lacks_is_reported_once(run_check):
    checked = run_check(edit(complete_process(), languages("[en, ja]")))
    assert [f.message for f in checked.codes("T061")] == ["vendor 'acme-bpo' does not speak ja (Japanese)"]
    checked.expect_none("T062")
