"""The flow diagram's layout: no text over another, no line through a text, every arrow on its target.

Checked on the shipped examples, the outsiders' specs and a few hundred random flows (loops, skips, early
ends, long conditions, long words, one to three lanes) that nobody drew by hand. The browser test measures
the same on the real text boxes.
"""

from __future__ import annotations

import itertools
import random
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.check.config import Config
from generator.check.engine import check
from generator.site.render.flow import LANE_WIDTH, Box, flow_diagram, layout, text_width, wrap
from tests.conftest import COMPLETE, FIXTURES, TODAY

ROOT = Path(__file__).resolve().parents[3]


def _processes(folder: Path):
    return check([str(folder)], Config(), TODAY).processes


def _problems(lay) -> list[str]:
    problems = []
    texts = lay.texts
    for a, first in enumerate(texts):
        for second in texts[a + 1 :]:
            if first.overlaps(second):
                problems.append(f"texts overlap: {first} {second}")
    label_lanes = [lay.node_lanes[i] for i, ports in enumerate(lay.ports) for p in ports if p.label]
    lane_of_text = [*lay.node_lanes, *label_lanes]
    for box, lane in zip(texts, lane_of_text, strict=False):
        if not (lane * LANE_WIDTH <= box.x and box.x + box.w <= (lane + 1) * LANE_WIDTH):
            problems.append(f"text outside its lane {lane}: {box}")
    inner = [Box(b.x + 1, b.y + 1, b.w - 2, b.h - 2) for b in texts]
    lines = [*lay.edges, *lay.trunk_lines]
    for line in lines:
        for (x1, y1), (x2, y2) in itertools.pairwise(line):
            if x1 != x2 and y1 != y2:
                problems.append(f"a slanted segment {line}")
            segment = Box(min(x1, x2), min(y1, y2), abs(x2 - x1) or 0.01, abs(y2 - y1) or 0.01)
            problems += [f"line {line} through {box}" for box in inner if segment.overlaps(box)]
    gutter = len(lay.lanes) * LANE_WIDTH
    verticals = [
        (x1, min(y1, y2), max(y1, y2))
        for line in lay.edges
        for (x1, y1), (x2, y2) in itertools.pairwise(line)
        if x1 == x2 and x1 > gutter
    ]
    for a, (x, low, high) in enumerate(verticals):
        for x2, low2, high2 in verticals[a + 1 :]:
            if x == x2 and low < high2 and low2 < high:
                problems.append(f"two edges share a track at x={x}")
    for line in lay.edges:
        x, y = line[-1]
        if not any(_on_border(box, x, y) for box in lay.nodes):
            problems.append(f"an arrow ends on no step: {line}")
    if max(x for line in lines for x, _ in line) > lay.width or max(b.x + b.w for b in texts) > lay.width:
        problems.append("the drawing is wider than its view box")
    return problems


def _on_border(box: Box, x: float, y: float) -> bool:
    on_top = abs(y - box.y) < 0.01 and box.x <= x <= box.x + box.w
    on_right = abs(x - (box.x + box.w)) < 0.01 and box.y <= y <= box.y + box.h
    return on_top or on_right


@pytest.mark.parametrize(
    "folder", [ROOT / "process_specs", FIXTURES / "outsiders", COMPLETE], ids=["examples", "outsiders", "complete"]
)
def test_the_flows_of_specs_we_did_not_draw_by_hand_have_no_overlaps(folder):
    processes = _processes(folder)
    assert processes
    for process in processes:
        lay = layout(process)
        assert _problems(lay) == [], process.id
        # Every edge is drawn: each step's successors, and the start.
        assert len(lay.edges) == 1 + sum(len(p) for p in lay.ports)


WORDS = ["the", "customer", "account", "invoice", "refund", "above", "below", "missing", "replies", "within", "EUR"]


def _random_steps(rng: random.Random, count: int) -> list[dict]:
    roles = ["vendor-agent", "billing-lead", "vendor-lead"]
    ids = [f"step-{n}" for n in range(count)]
    steps = []
    for step_id in ids:
        step = {
            "id": step_id,
            "name": " ".join(rng.choices(WORDS, k=rng.randint(1, 9))).capitalize(),
            "instructions": "Do the work described in the knowledge base.",
            "responsible": rng.choice(roles),
            "accountable": "vendor-lead",
        }
        branches = rng.randint(0, 3)
        if branches:
            targets = [*ids, "end"]
            step["next"] = [
                {"when": " ".join(rng.choices([*WORDS, "x" * rng.randint(20, 60)], k=rng.randint(1, 16))), "goto": t}
                for t in rng.sample(targets, k=min(branches, len(targets)))
            ]
            if rng.random() < 0.5:
                del step["next"][-1]["when"]  # a default branch
        steps.append(step)
    return steps


def test_random_flows_have_no_overlaps(tmp_path):
    rng = random.Random(20261124)
    base = (COMPLETE / "billing-disputes.yaml").read_text()
    head, tail = base.split("steps:\n", 1)
    tail = tail[tail.index("routines:") :]
    specs = tmp_path / "process_specs"
    shutil.copytree(COMPLETE / "vendors", specs / "vendors")
    for n in range(150):
        steps = _random_steps(rng, rng.randint(1, 12))
        text = head.replace("id: billing-disputes", f"id: flow-{n}") + "steps:\n"
        text += yaml.safe_dump(steps, sort_keys=False, width=1000, allow_unicode=True) + tail
        (specs / f"flow-{n}.yaml").write_text(text)
    processes = _processes(specs)
    assert len(processes) == 150  # every random spec passed the schema, so each is drawn
    for process in processes:
        assert _problems(layout(process)) == [], process.id


def test_wrapped_text_fits_its_width_and_keeps_every_character():
    for text in ["The invoice or the account cannot be identified", "x" * 500, "a " * 300, "https://a.example/" * 9]:
        lines = wrap(text, 132, 13)
        assert all(text_width(line, 13) <= 132 for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert wrap("", 132, 13) == [""]


def test_the_diagram_escapes_spec_text_and_links_each_step(tmp_path):
    specs = tmp_path / "process_specs"
    shutil.copytree(COMPLETE, specs)
    path = specs / "billing-disputes.yaml"
    hostile = '</text></svg><script>alert(1)</script> & "quoted"'
    path.write_text(
        path.read_text()
        .replace("name: Triage the dispute", f"name: '{hostile}'")
        .replace("{when: Amount above 500 EUR,", "{when: '<img src=x onerror=alert(1)>',")
    )
    (process,) = _processes(specs)
    svg = flow_diagram(process)
    tags = set(re.findall(r"<([a-zA-Z]+)", svg))
    assert tags == {"div", "svg", "defs", "marker", "path", "rect", "text", "tspan", "polyline", "a", "g"}
    assert "&lt;/text&gt;" in svg and "&lt;img" in svg and "&amp; &quot;quoted&quot;" in svg
    assert re.findall(r'href="([^"]+)"', svg) == ["#step-triage", "#step-approve-credit", "#step-resolve"]
    assert svg.count("<svg") == 1 and svg.count("</svg>") == 1 and "Otherwise" in svg
