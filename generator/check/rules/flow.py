"""Flow analyses of one process: which steps the flow reaches from the first step, which steps reach the
end, and which outputs are available on every path to a step. The outline rules read the flow from here.

The flow graph has one node per step id, plus `end` when no step is called so, and an edge for each `next`
branch, or to the following step when a step has none (`common.successors`, which the flowchart draws
too). Targets that are no step are left out; the references rules report them.

Cost, for a process with V steps, E edges (branches) and O process outputs:

- building the graph: O(V + E);
- steps reached from the first step (`Flow.live`): one depth-first search, O(V + E);
- steps from which a path reaches the end (`Flow.reaching_end`): one search backwards from `end`, O(V + E);
- outputs available on every path to a step (`Flow.inputs_used_too_early`), for its `inputs` only (its
  `optional_inputs` are used when present, so no path must produce them): a worklist data-flow
  analysis ("must" availability: the meet is an intersection, a step adds what it produces). A set of
  outputs is a bitset, a Python int over the outputs' positions, so a meet or a transfer costs O(O / 64)
  machine words, and the bitsets take O(V * O / 8) bytes. The worklist is a heap that hands out steps in
  reverse post-order: on a flow without loops every step is evaluated once, after all its predecessors,
  for O((V + E) * (O / 64 + log V)) in all; each level of nested loops adds at most one such round (Kam
  and Ullman's bound for bit-vector problems). Values only shrink, and a step is evaluated again only
  when a predecessor's value shrank, so any flow, however tangled, ends.

Routines are not in the flow graph: they run at their cadence, beside the cases. What a routine produces
(the latest daily report) is there whichever path a case takes, so the first step is entered with it;
but not what a step produces too: that is the case's own (a reply the case gets), and a routine that also
touches it must not hide a step that reads it before any step has made it.

Before this module, the rules ran O006 as rounds over the steps in list order until nothing changed
(one round per step when the flow runs against the list, each narrowing sets of O outputs: O(V * V * O))
and O008 as one search per step (O(V * (V + E))).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator

from generator.check.rules.common import END, successors
from generator.spec.model import Process, Step


class Flow:
    """The flow graph of one process, with nodes numbered in list order of the steps' first appearance."""

    def __init__(self, process: Process):
        self.process = process
        # With duplicate step ids (the schema reports them), the later step's branches win, as in a dict.
        targets: dict[str, list[str]] = {}
        for position, step in enumerate(process.steps):
            targets[step.id] = successors(process, position)
        self.names: list[str] = list(targets)
        if END not in targets:
            self.names.append(END)
        self.index: dict[str, int] = {name: node for node, name in enumerate(self.names)}
        self.end = self.index[END]
        self.next: list[list[int]] = [
            [self.index[t] for t in targets[name] if t in self.index] if name in targets else [] for name in self.names
        ]

    def _search(self) -> list[int]:
        """Nodes reached from the first step, in reverse post-order of a depth-first search."""
        if not self.process.steps:
            return []
        first = 0
        seen = [False] * len(self.names)
        seen[first] = True
        post: list[int] = []
        stack: list[tuple[int, Iterator[int]]] = [(first, iter(self.next[first]))]
        while stack:
            node, pending = stack[-1]
            for target in pending:
                if not seen[target]:
                    seen[target] = True
                    stack.append((target, iter(self.next[target])))
                    break
            else:
                stack.pop()
                post.append(node)
        post.reverse()
        return post

    def live(self) -> set[str]:
        """Ids of the steps (and `end`) that some path from the first step reaches; the first one included."""
        return {self.names[node] for node in self._search()}

    def reaching_end(self) -> set[str]:
        """Ids of the steps from which some path reaches `end` (and `end` itself)."""
        before: list[list[int]] = [[] for _ in self.names]
        for source, targets in enumerate(self.next):
            for target in targets:
                before[target].append(source)
        seen = {self.end}
        todo = [self.end]
        while todo:
            for source in before[todo.pop()]:
                if source not in seen:
                    seen.add(source)
                    todo.append(source)
        return {self.names[node] for node in seen}

    def post_dominance(self) -> PostDominance:
        """Which steps every path to `end` passes through, for each step that reaches `end`."""
        return PostDominance(self)

    def inputs_used_too_early(self) -> Iterator[tuple[Step, int, str]]:
        """(step, index, output id) for each input of a reachable step that is a process output not produced
        on every path from the first step to it. The first step is entered with what the routines, and no
        step, produce, and nothing else."""
        order = self._search()
        if not order:
            return
        bit = {}
        for position, item in enumerate(self.process.outputs):
            bit.setdefault(item.id, position)
        everything = (1 << len(self.process.outputs)) - 1
        produced = [0] * len(self.names)
        for step in self.process.steps:
            # Like the graph, a duplicate id takes the later step's outputs.
            mask = 0
            for item in step.outputs:
                if item in bit:
                    mask |= 1 << bit[item]
            produced[self.index[step.id]] = mask

        rank = [-1] * len(self.names)
        for position, node in enumerate(order):
            rank[node] = position
        before: list[list[int]] = [[] for _ in self.names]
        for node in order:
            for target in self.next[node]:
                before[target].append(node)
        first = order[0]
        routines = 0
        for routine in self.process.routines:
            for item in routine.outputs:
                if item in bit:
                    routines |= 1 << bit[item]
        for mask in produced:
            routines &= ~mask
        # Greatest fixed point: every step but the first starts from everything and narrows.
        available = [everything] * len(self.names)
        available[first] = routines
        leaving = [available[node] | produced[node] for node in range(len(self.names))]
        worklist = list(range(1, len(order)))  # ranks of every reachable step but the first: a heap already
        queued = [rank[node] > 0 for node in range(len(self.names))]
        while worklist:
            node = order[heapq.heappop(worklist)]
            queued[node] = False
            incoming = everything
            for source in before[node]:
                incoming &= leaving[source]
            if incoming == available[node]:
                continue
            available[node] = incoming
            leaving[node] = incoming | produced[node]
            for target in self.next[node]:
                if rank[target] > 0 and not queued[target]:  # the first step keeps what it was entered with
                    queued[target] = True
                    heapq.heappush(worklist, rank[target])

        for step in self.process.steps:
            node = self.index[step.id]
            if rank[node] < 0:
                continue
            for position, item in enumerate(step.inputs):
                if item in bit and not (available[node] >> bit[item]) & 1:
                    yield step, position, item


class PostDominance:
    """The post-dominator tree of the flow: X post-dominates S when every path from S to `end` passes
    through X. An approval is bypassed exactly when its approving step does not post-dominate the step it
    approves (a rework path back to the approved step then on to the end without the approval contains a
    shorter one that skips it: the part after its last visit).

    Built with the iterative algorithm of Cooper, Harvey and Kennedy ("A Simple, Fast Dominance Algorithm",
    2001) on the reversed graph rooted at `end`, in reverse post-order: one or two passes over the edges on
    the flows people write, each intersection walking up the tree. Queries read the tree's depth-first
    entry and exit numbers, O(1) each; walking up the tree per query made a final step that approves
    every step before it O(V * V).
    """

    def __init__(self, flow: Flow):
        self.names = flow.names
        before: list[list[int]] = [[] for _ in flow.names]
        for source, targets in enumerate(flow.next):
            for target in targets:
                before[target].append(source)
        # Post-order of a depth-first search from `end` along reversed edges.
        order: list[int] = []
        seen = [False] * len(flow.names)
        seen[flow.end] = True
        stack: list[tuple[int, Iterator[int]]] = [(flow.end, iter(before[flow.end]))]
        while stack:
            node, pending = stack[-1]
            for source in pending:
                if not seen[source]:
                    seen[source] = True
                    stack.append((source, iter(before[source])))
                    break
            else:
                order.append(node)
                stack.pop()
        rank = [-1] * len(flow.names)
        for position, node in enumerate(order):
            rank[node] = position
        idom = [-1] * len(flow.names)
        idom[flow.end] = flow.end
        changed = True
        while changed:
            changed = False
            for node in reversed(order):
                if node == flow.end:
                    continue
                new = -1
                for target in flow.next[node]:  # the reversed graph's predecessors
                    if idom[target] < 0:
                        continue
                    new = target if new < 0 else self._intersect(idom, rank, target, new)
                if new >= 0 and idom[node] != new:
                    idom[node] = new
                    changed = True
        children: list[list[int]] = [[] for _ in flow.names]
        for node, parent in enumerate(idom):
            if parent >= 0 and node != flow.end:
                children[parent].append(node)
        self.entry = [-1] * len(flow.names)
        self.exit = [-1] * len(flow.names)
        clock = 0
        walk: list[tuple[int, Iterator[int]]] = [(flow.end, iter(children[flow.end]))]
        self.entry[flow.end] = clock
        while walk:
            node, pending = walk[-1]
            child = next(pending, None)
            if child is None:
                clock += 1
                self.exit[node] = clock
                walk.pop()
            else:
                clock += 1
                self.entry[child] = clock
                walk.append((child, iter(children[child])))
        self.index = flow.index

    @staticmethod
    def _intersect(idom: list[int], rank: list[int], a: int, b: int) -> int:
        while a != b:
            while rank[a] < rank[b]:
                a = idom[a]
            while rank[b] < rank[a]:
                b = idom[b]
        return a

    def always_through(self, via: str, start: str) -> bool:
        """Whether every path from step `start` to `end` passes through step `via`; True when no path from
        `start` reaches `end` at all (O008 reports that)."""
        s, v = self.index.get(start), self.index.get(via)
        if s is None or v is None or self.entry[s] < 0:
            return True
        return self.entry[v] <= self.entry[s] and self.exit[s] <= self.exit[v]
