"""The procedure's flow drawn at build time as an inline SVG swimlane diagram.

Mermaid laid the flow out in the browser: long branch conditions overlapped, lanes were boxes placed
wherever the layout put them, and on a phone the whole drawing shrank to 4-7 px text. The procedure is an
ordered list, so a fixed layout reads better and can be checked:

- one column (lane) per party, one row per step in procedure order, so a step's column says who does it;
- an edge to the following step runs straight down; every other edge (a skip, a loop back, an early end)
  leaves through a labelled port below its step and runs in a gutter right of the lanes, one track each,
  and enters its target from the right;
- a branch's condition is written above its port line, in its step's own row, where nothing else is drawn.

No two texts share a row band or a lane, and no line crosses a text: `tests/site/render/test_flow.py` checks
the geometry, and the browser test measures the real text boxes. Text is wrapped here with conservative
character widths; every spec text is escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from generator.check.rules.common import END, successors
from generator.site.render.text import html_escape
from generator.spec.model import Process

LANES = ("client", "vendor", "unassigned")
LANE_WIDTH = 180
NODE_MARGIN = 12  # between a node and its lane's edges
NODE_FONT, NODE_LINE, NODE_PAD = 14, 18, 9
LABEL_FONT, LABEL_LINE = 13, 16
HEADER = 34  # the lane names
PILL_HEIGHT = 26  # Start and End
ROW_GAP = 30  # between one step's last port and the next step
TRUNK_INSET = 14  # a branching step's edges leave from its left, so its labels have the width right of it
LABEL_INSET = 10  # between the trunk and a label
TRACK_GAP = 12  # between two tracks in the gutter
GUTTER_PAD = 14
MIN_SCALE = 11 / LABEL_FONT  # narrower than this, the drawing scrolls sideways instead of shrinking

# Average advance per character in em, generous for common sans-serif faces (DejaVu Sans is the widest
# of Debian's and Chromium's defaults), so a wrapped line never runs past its box.
_NARROW, _WIDE = set("fijlrtI!.,:;'|()[]{} "), set("mwMW@%&")


def text_width(text: str, size: float) -> float:
    em = 0.0
    for c in text:
        em += 0.34 if c in _NARROW else 0.95 if c in _WIDE else 0.72 if c.isupper() else 0.6
    return em * size


def wrap(text: str, width: float, size: float) -> list[str]:
    """Lines of at most `width` px at font `size`, filled greedily with whole words; a word wider than a
    line (a URL, an id) starts a line and is cut where the line is full. Linear in the text's length."""
    lines: list[str] = []
    line, used = "", 0.0
    space = text_width(" ", size)
    for word in str(text).split():
        advance = text_width(word, size)
        if advance <= width:
            if line and used + space + advance <= width:
                line, used = f"{line} {word}", used + space + advance
                continue
            if line:
                lines.append(line)
            line, used = word, advance
            continue
        if line:
            lines.append(line)
            line, used = "", 0.0
        for c in word:
            step = text_width(c, size)
            if line and used + step > width:
                lines.append(line)
                line, used = "", 0.0
            line, used = line + c, used + step
    if line or not lines:
        lines.append(line)
    return lines


@dataclass
class Box:
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )


@dataclass
class Port:
    """One edge leaving a step: its label (wrapped), where its line leaves the trunk, and where it goes."""

    target: int  # a step's index, or len(steps) for the end
    lines: list[str]
    down: bool  # to the next row, straight down the trunk
    y: float = 0.0  # the line's height (a gutter edge) or the label's top (the edge down)
    label: Box | None = None


@dataclass
class Layout:
    lanes: list[str]
    width: float = 0.0
    height: float = 0.0
    nodes: list[Box] = field(default_factory=list)  # steps, then the end
    node_lines: list[list[str]] = field(default_factory=list)
    node_lanes: list[int] = field(default_factory=list)
    trunks: list[float] = field(default_factory=list)
    ports: list[list[Port]] = field(default_factory=list)
    start: Box | None = None
    edges: list[list[tuple[float, float]]] = field(default_factory=list)  # polylines, each ending in an arrow
    trunk_lines: list[list[tuple[float, float]]] = field(default_factory=list)  # a branching step's stem

    @property
    def texts(self) -> list[Box]:
        labels = [p.label for ports in self.ports for p in ports if p.label]
        return [*self.nodes, *labels, *([self.start] if self.start else [])]


def layout(process: Process) -> Layout:
    steps = process.steps
    index = {}
    for i, step in enumerate(steps):
        index.setdefault(step.id, i)
    end = len(steps)
    parties = [process.party_of(s.responsible) or "unassigned" for s in steps]
    lanes = [lane for lane in LANES if lane in parties] or ["unassigned"]
    lay = Layout(lanes=lanes)
    lane_of = [lanes.index(p) if p in lanes else lanes.index("unassigned") for p in parties]

    node_w = LANE_WIDTH - 2 * NODE_MARGIN
    label_w = node_w - TRUNK_INSET - LABEL_INSET

    # Edges, per step: the edge to the next row goes last, so the trunk runs on down from its last port.
    outgoing: list[list[Port]] = []
    for i, step in enumerate(steps):
        branches = step.next or ()
        conditional = any(b.when for b in branches)
        ports, down = [], None
        for position, goto in enumerate(successors(process, i)):
            target = end if goto == END else index.get(goto)
            if target is None:
                continue  # an unknown step: the checker reports it; the drawing leaves it out
            when = branches[position].when if position < len(branches) else None
            if not when and conditional:
                when = "Otherwise"  # the default branch beside conditional ones
            lines = wrap(when, label_w, LABEL_FONT) if when else []
            is_down = target == i + 1 and down is None
            port = Port(target, lines, is_down)
            if is_down:
                down = port
            else:
                ports.append(port)
        outgoing.append([*ports, *([down] if down else [])])

    ends = any(p.target == end for ports in outgoing for p in ports)
    y = HEADER + 10
    first_lane = lane_of[0] if steps else 0
    lay.start = Box(_lane_x(first_lane) + (LANE_WIDTH - 64) / 2, y, 64, PILL_HEIGHT)
    y += PILL_HEIGHT + ROW_GAP
    for i, step in enumerate(steps):
        name = f"{i + 1}. {' '.join(str(step.name or step.id).split())}"
        lines = wrap(name, node_w - 2 * NODE_PAD, NODE_FONT)
        box = Box(_lane_x(lane_of[i]) + NODE_MARGIN, y, node_w, len(lines) * NODE_LINE + 2 * NODE_PAD)
        lay.nodes.append(box)
        lay.node_lines.append(lines)
        lay.node_lanes.append(lane_of[i])
        branching = any(p.lines or not p.down for p in outgoing[i])
        lay.trunks.append(box.x + TRUNK_INSET if branching else box.x + box.w / 2)
        y += box.h
        for port in outgoing[i]:
            if port.down:
                port.y = y + 6
                if port.lines:
                    port.label = _label(lay.trunks[i], port.y, port.lines)
                    y = port.label.y + port.label.h
            else:
                top = y + 6
                if port.lines:
                    port.label = _label(lay.trunks[i], top, port.lines)
                    top = port.label.y + port.label.h
                port.y = top + 5
                y = port.y
        lay.ports.append(outgoing[i])
        y += ROW_GAP
    last_lane = lane_of[-1] if steps else 0
    if ends:
        lay.nodes.append(Box(_lane_x(last_lane) + (LANE_WIDTH - 64) / 2, y, 64, PILL_HEIGHT))
        lay.node_lines.append(["End"])
        lay.node_lanes.append(last_lane)
        y += PILL_HEIGHT
    lay.height = y + 12

    lanes_right = len(lanes) * LANE_WIDTH
    entries = _entries(lay)
    tracks = _tracks(lay, entries)
    lay.width = lanes_right + (GUTTER_PAD + TRACK_GAP * len(set(tracks.values())) if tracks else 0) + 4
    _route(lay, entries, tracks, lanes_right)
    return lay


def _lane_x(lane: int) -> float:
    return lane * LANE_WIDTH


def _label(trunk: float, top: float, lines: list[str]) -> Box:
    return Box(trunk + LABEL_INSET, top, max(text_width(line, LABEL_FONT) for line in lines), len(lines) * LABEL_LINE)


def _entries(lay: Layout) -> dict[tuple[int, int], float]:
    """Where each gutter edge enters its target's right side: edges into one node spread over its height."""
    incoming: dict[int, list[tuple[int, int]]] = {}
    for i, ports in enumerate(lay.ports):
        for k, port in enumerate(ports):
            if not port.down:
                incoming.setdefault(port.target, []).append((i, k))
    entries = {}
    for target, sources in incoming.items():
        box = lay.nodes[target]
        for slot, key in enumerate(sources):
            entries[key] = box.y + box.h * (slot + 1) / (len(sources) + 1)
    return entries


def _tracks(lay: Layout, entries: dict[tuple[int, int], float]) -> dict[tuple[int, int], int]:
    """A gutter track for every edge that does not run straight down; edges whose vertical spans do not
    meet share one, shorter spans nearer the lanes."""
    spans = []
    for (i, k), entry in entries.items():
        low, high = sorted((lay.ports[i][k].y, entry))
        spans.append((high - low, low, high, (i, k)))
    taken: list[list[tuple[float, float]]] = []
    tracks = {}
    for _, low, high, key in sorted(spans):
        for number, used in enumerate(taken):
            if all(high + 4 < a or low - 4 > b for a, b in used):
                used.append((low, high))
                tracks[key] = number
                break
        else:
            taken.append([(low, high)])
            tracks[key] = len(taken) - 1
    return tracks


def _route(lay: Layout, entries: dict, tracks: dict[tuple[int, int], int], lanes_right: float) -> None:
    steps = len(lay.ports)
    if steps:
        first = lay.nodes[0]
        lay.edges.append([(first.x + first.w / 2, lay.start.y + lay.start.h), (first.x + first.w / 2, first.y)])
    for i, ports in enumerate(lay.ports):
        box, trunk = lay.nodes[i], lay.trunks[i]
        last = ports[-1].y if ports else box.y + box.h
        if ports and not ports[-1].down:
            lay.trunk_lines.append([(trunk, box.y + box.h), (trunk, last)])
        for k, port in enumerate(ports):
            if port.down:
                target = lay.nodes[port.target]
                bottom = port.label.y + port.label.h if port.label else box.y + box.h
                middle = target.y - ROW_GAP / 2
                into = target.x + target.w / 2
                line = [(trunk, box.y + box.h), (trunk, max(middle, bottom + 6))]
                if abs(into - trunk) > 0.5:
                    line += [(into, line[-1][1])]
                lay.edges.append([*line, (into, target.y)])
            else:
                x = lanes_right + GUTTER_PAD + TRACK_GAP * tracks[(i, k)]
                target = lay.nodes[port.target]
                entry = entries[(i, k)]
                lay.edges.append([(trunk, port.y), (x, port.y), (x, entry), (target.x + target.w, entry)])


def flow_diagram(process: Process) -> str:
    """The flow as an HTML block holding one SVG: lanes, steps linked to their sections, labelled edges."""
    if not process.steps:
        return ""
    lay = layout(process)
    out = [
        f'<div class="playbook-flow" tabindex="0" role="group" aria-label="Flow diagram: '
        f'{len(process.steps)} steps by party; the procedure below has the same steps in words">',
        f'<svg viewBox="0 0 {lay.width:g} {lay.height:g}" width="{lay.width:g}" height="{lay.height:g}" '
        # Rounded up: rounded to the nearest pixel, a drawing could shrink its labels to 10.99 px.
        f'style="min-width: {math.ceil(lay.width * MIN_SCALE)}px" xmlns="http://www.w3.org/2000/svg">',
        '<defs><marker id="playbook-flow-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"/>'
        "</marker></defs>",
    ]
    for number, lane in enumerate(lay.lanes):
        x = _lane_x(number)
        out.append(
            f'<rect class="playbook-flow__lane playbook-flow__lane--{number % 2}" x="{x}" y="0" '
            f'width="{LANE_WIDTH}" height="{lay.height:g}"/>'
            f'<text class="playbook-flow__lane-name" x="{x + LANE_WIDTH / 2:g}" y="22" '
            f'text-anchor="middle">{lane.capitalize()}</text>'
        )
    for line in lay.trunk_lines:
        out.append(f'<polyline class="playbook-flow__edge" points="{_points(line)}"/>')
    for line in lay.edges:
        out.append(
            f'<polyline class="playbook-flow__edge" points="{_points(line)}" marker-end="url(#playbook-flow-arrow)"/>'
        )
    for ports in lay.ports:
        for port in ports:
            if port.label:
                out.append(_text(port.label.x, port.label.y, port.lines, LABEL_FONT, LABEL_LINE, "label"))
    start = lay.start
    out.append(_pill(start, "Start"))
    for i, box in enumerate(lay.nodes):
        if i == len(process.steps):
            out.append(_pill(box, "End"))
            continue
        out.append(
            f'<a href="#step-{html_escape(process.steps[i].id)}" class="playbook-flow__step">'
            f'<rect x="{box.x:g}" y="{box.y:g}" width="{box.w:g}" height="{box.h:g}" rx="4"/>'
            + _text(box.x + NODE_PAD, box.y + NODE_PAD, lay.node_lines[i], NODE_FONT, NODE_LINE, "name")
            + "</a>"
        )
    out.append("</svg>")
    out.append("</div>")
    # A line break between elements and between a label's lines: drawn, it is nothing; in the search index
    # and to a screen reader's text, it keeps "a fault" and "The request" from running into "faultThe".
    return "\n".join(out)


def _points(line: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in line)


def _pill(box: Box, word: str) -> str:
    return (
        f'<g class="playbook-flow__terminal"><rect x="{box.x:g}" y="{box.y:g}" width="{box.w:g}" '
        f'height="{box.h:g}" rx="{box.h / 2:g}"/><text x="{box.x + box.w / 2:g}" y="{box.y + 17:g}" '
        f'text-anchor="middle">{word}</text></g>'
    )


def _text(x: float, top: float, lines: list[str], size: int, line_height: int, kind: str) -> str:
    baseline = line_height - (line_height - size) / 2 - 2  # a line's baseline, from its top
    spans = "\n".join(
        f'<tspan x="{x:g}" y="{top + n * line_height + baseline:g}">{html_escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return f'<text class="playbook-flow__{kind}" font-size="{size}">{spans}</text>'
