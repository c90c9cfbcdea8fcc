"""`playbook new`: skeletons that check with warnings only, and never a file written over."""

from __future__ import annotations

import json

from tests.test_cli import playbook


def test_a_new_process_and_vendor_check_with_warnings_only(tmp_path):
    made = playbook(
        "new", "process", "order-status", "--vendor", "acme-bpo", "--title", "Order status: enquiries", cwd=tmp_path
    )
    assert made.returncode == 0, made.stderr
    assert playbook("new", "vendor", "acme-bpo", "--name", "Acme BPO", cwd=tmp_path).returncode == 0
    run = playbook("check", "--today", "2026-11-23", "--format", "json", cwd=tmp_path)
    assert run.returncode == 0, run.stdout
    report = json.loads(run.stdout)
    assert report["summary"]["errors"] == 0 and report["summary"]["warnings"] >= 10
    codes = {f["code"] for f in report["findings"]}
    assert {"A001", "O001", "K001", "C001", "T003"} <= codes  # it says what is missing
    # and what is still the skeleton's: every value it writes for the owner to replace
    from generator.check.rules.common import SKELETON_VALUES

    placeholders = {
        f["message"].split(": ", 1)[1].strip("'").lower() for f in report["findings"] if f["code"] in ("O015", "T064")
    }
    assert placeholders >= SKELETON_VALUES - {"account.manager@example.com"}  # what earlier versions wrote
    assert "P014" not in codes  # the skeletons' owner and vendor contact are at two domains
    text = (tmp_path / "process_specs" / "order-status.yaml").read_text()
    assert "title: 'Order status: enquiries'" in text and "status: draft" in text
    assert text.startswith("# yaml-language-server: $schema=../docs/schema/process.schema.json\n")
    # Whom a vendor rings, shown where the owner and the vendor's contacts are written (as comments: a
    # placeholder number left in would pass for a real one).
    assert "phone: +353 1 555 0132, hours: Mon-Fri 08:00-18:00 Europe/Dublin" in text and "contact: {" in text
    vendor = (tmp_path / "process_specs" / "vendors" / "acme-bpo.yaml").read_text()
    assert "phone: +63 2 8555 0101, hours: Mon-Fri 09:00-18:00 Asia/Manila" in vendor


def test_new_never_writes_over_a_file_and_refuses_a_malformed_id(tmp_path):
    assert playbook("new", "process", "order-status", cwd=tmp_path).returncode == 0
    path = tmp_path / "process_specs" / "order-status.yaml"
    path.write_text("mine\n")
    again = playbook("new", "process", "order-status", cwd=tmp_path)
    assert again.returncode == 2 and "never writes over a file" in again.stderr
    assert path.read_text() == "mine\n"
    bad = playbook("new", "vendor", "Acme_BPO", cwd=tmp_path)
    assert bad.returncode == 2 and "is not an id" in bad.stderr
    assert not (tmp_path / "process_specs" / "vendors").exists()


def test_a_title_with_a_control_or_bidirectional_character_is_refused_and_nothing_written(tmp_path):
    """Issue 22's reproducer: `new --title` wrote control characters into a spec that then failed its own
    check (YAML refuses them); a bidirectional override would make the title read otherwise than it is."""
    for title, shown in [("Orders\x1b[31m", "\\x1b"), ("Orders\u202eevil", "\\u202e"), ("Tab\there", "\\t")]:
        run = playbook("new", "process", "order-status", "--title", title, cwd=tmp_path)
        assert run.returncode == 2 and f"--title holds the character {shown}" in run.stderr, run.stderr
    run = playbook("new", "vendor", "acme-bpo", "--name", "Acme\x07", cwd=tmp_path)
    assert run.returncode == 2 and "--name holds the character \\x07" in run.stderr
    run = playbook("new", "process", "order-status", "--vendor", "Acme BPO", cwd=tmp_path)
    assert run.returncode == 2 and "is not a vendor id" in run.stderr
    assert not (tmp_path / "process_specs").exists()
    # Letters of any script, and typographic punctuation, are plain text.
    run = playbook("new", "process", "order-status", "--title", "Commandes — suivi «client» 注文", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    check = playbook("check", "--today", "2026-11-23", cwd=tmp_path)
    assert check.returncode == 0, check.stdout
