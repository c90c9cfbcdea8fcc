"""Bytes -> plain values with a mark for every key and value; YAML's traps and broken input -> findings.

The file is read once and parsed once, as a stream of events from the C LibYAML parser (the pure-Python
one where LibYAML is missing). Building the value tree from events ourselves, instead of letting PyYAML
construct it, is what lets us:

- record the 1-based line and column of every key and value, which the schema and rules point at;
- catch duplicate keys, which PyYAML silently resolves to the last one;
- keep alias expansion and nesting depth within fixed budgets, so an alias bomb or a deeply nested
  file ends as a finding instead of eating memory or the stack;
- remember the source text of plain scalars that YAML 1.1 turned into something else (NO -> false,
  12:30 -> 750), so the schema can tell the author to quote them where text was meant.
"""

from __future__ import annotations

import os
import re
import stat
from bisect import bisect_right
from collections.abc import Iterator

import yaml
from msgspec import Struct, field
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from generator.spec.findings import Finding, Mark

try:  # the C parser ships in PyYAML's wheels; the pure-Python one is the fallback
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader

MAX_BYTES = 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64

Path = tuple[str | int, ...]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MERGE_TAG = "tag:yaml.org,2002:merge"
# YAML 1.1 reads a plain << or = as one of these, wherever it stands, and no reader turns them into text.
_KEY_TYPES = {_MERGE_TAG: "merge key", "tag:yaml.org,2002:value": "value key"}
_RESOLVER = Resolver()
# The forms of text a tag other than !!str may hold: what YAML 1.1 itself reads as that type, and whole
# numbers for !!float.
_TAG_FORMS = {tag: {tag} for tag in _SCALAR_TAGS - {"tag:yaml.org,2002:str"}} | {
    "tag:yaml.org,2002:float": {"tag:yaml.org,2002:float", "tag:yaml.org,2002:int"}
}
# Editors end a line only at \n, \r\n and \r; YAML 1.1 also at NEL, LS and PS (U+0085, U+2028, U+2029).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Line breaks to YAML 1.1 (and PyYAML's marks) but not to editors: NEL, LS and PS.
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")
# One blank then `#` right after an unquoted value: more often text cut short ("code #EX1") than a comment,
# which is conventionally set off by two spaces.
# Quotes a word processor makes of typed ones: YAML reads them as text, not as quotes.
_CURLY_OPENING = "“‘„‚«"
_CURLY_CLOSING = "”’»"
_GLUED_COMMENT = re.compile(r"[ \t]#([^\r\n]*)")
# Characters YAML does not allow in a file; PyYAML's reader refuses the same set.
_NOT_ALLOWED = yaml.reader.Reader.NON_PRINTABLE
_CONTROL_NAMES = {
    0x07: "bell",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x1A: "substitute",
    0x1B: "escape",
    0x7F: "delete",
}


class Document(Struct):
    """A parsed file: its plain value tree and where each part of it stands in the source."""

    path: str
    data: object
    value_marks: dict[Path, Mark] = field(default_factory=dict)
    key_marks: dict[Path, Mark] = field(default_factory=dict)
    # Source text of plain scalars that YAML 1.1 resolved to a non-string (bool, int, float, date, null).
    plain_text: dict[Path, str] = field(default_factory=dict)
    # Unquoted values followed by ` #` on their line: YAML reads the rest as a comment and drops it, which is
    # what the author meant only sometimes. Path -> (where the # stands, the value as read, the text dropped).
    cut_by_comment: dict[Path, tuple[Mark, str, str]] = field(default_factory=dict)
    # Entries of the spec's own lists that the schema refused and dropped from `data`, by list and id, with
    # where the id stands: a reference to one is answered with that entry, not with "did you mean".
    refused_ids: dict[str, dict[str, Mark]] = field(default_factory=dict)
    # Every key the schema refused and dropped, as (the mapping that held it, the key, where it is written):
    # a rule that then finds the value missing says it is written but wrong.
    refused_keys: list[tuple[Mark, str, Mark]] = field(default_factory=list)

    def mark(self, path: Path) -> Mark:
        """The mark of the value at `path`, or of its nearest ancestor that has one (aliases have none inside)."""
        while path not in self.value_marks and path:
            path = path[:-1]
        return self.value_marks.get(path, Mark(self.path))

    def key_mark(self, path: Path) -> Mark:
        """The mark of the key naming `path`, falling back to the value's mark."""
        return self.key_marks.get(path) or self.mark(path)


class _Abort(Exception):
    """Internal: loading stops at the first finding that makes the rest of the file meaningless."""

    def __init__(self, finding: Finding):
        self.finding = finding


class _Lines:
    """Where each line of a text starts, so that an offset becomes the line and column an editor shows.

    PyYAML's own line numbers count NEL, LS and PS as line breaks (editors do not), and put an error at
    the end of the file on a line past its last one; its character offsets are right, so marks are
    computed from those.
    """

    def __init__(self, text: str):
        self.text = text
        self.starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]
        # Without those three breaks, PyYAML's line and column inside the text are the editor's: marks of
        # parser events are taken as they come, instead of computed from the offset.
        self.as_parsed = not any(c in text for c in _YAML_ONLY_BREAKS)

    def mark(self, path: str, offset: int) -> Mark:
        offset = min(offset, len(self.text))
        line = bisect_right(self.starts, offset) - 1
        if line and offset == self.starts[line] == len(self.text):
            # The end of a file that ends with a line break: the end of its last line, not a line after it.
            line -= 1
            offset = self.starts[line] + len(self.line(line + 1))
        # Marks are 1-based, converted here once.
        return Mark(path, line + 1, offset - self.starts[line] + 1)

    def line(self, number: int) -> str:
        """The text of 1-based line `number`, without its line break."""
        if not 0 < number <= len(self.starts):
            return ""
        end = self.starts[number] if number < len(self.starts) else len(self.text)
        return self.text[self.starts[number - 1] : end].rstrip("\r\n")


_SPECIAL = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def read_text(
    path: str, max_bytes: int = MAX_BYTES, too_big: str = "split it; a process spec is a few hundred lines"
) -> tuple[str | None, Finding | None]:
    """Read a file as UTF-8 text, or say in one finding why it cannot be read; `too_big` is the hint for a
    file over `max_bytes`."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            # Opened, a FIFO waits for a writer for ever and a device never ends.
            kind = _SPECIAL.get(stat.S_IFMT(info.st_mode), "not a regular file")
            return None, Finding.at(
                Mark(path), f"cannot read the file: it is {kind}", hint="put the spec's own file here", code="Y004"
            )
        size = info.st_size
        if size > max_bytes:
            return None, Finding.at(
                Mark(path),
                f"file is {size} bytes, over the limit of {max_bytes} bytes",
                hint=too_big,
                code="Y004",
            )
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        if os.path.islink(path) and not os.path.exists(path):
            return None, Finding.at(
                Mark(path),
                f"cannot read the file: it is a link to {os.readlink(path)}, which does not exist",
                code="Y004",
            )
        return None, Finding.at(Mark(path), f"cannot read the file ({error.strerror})", code="Y004")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Finding.at(Mark(path), "file is UTF-16 encoded", hint="save it as UTF-8", code="Y004")
    nul = raw.find(b"\x00")
    if nul >= 0:
        return None, Finding.at(_offset_mark(path, raw, nul), "file is binary (it contains NUL bytes)", code="Y004")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = raw[error.start]
        try:  # Tried from outside: a curly quote from Word, saved in Windows' Western encoding, read as noise
            seen = f", which is {bytes([byte]).decode('cp1252')!r} in Windows' Western encoding (cp1252)"
        except UnicodeDecodeError:
            seen = ""
        return None, Finding.at(
            _offset_mark(path, raw, error.start),
            f"file is not valid UTF-8 (byte 0x{byte:02x}{seen})",
            hint="save it as UTF-8 (in Excel: CSV UTF-8; in an editor: encoding UTF-8)",
            code="Y004",
        )
    return text.removeprefix("\ufeff"), None


def _offset_mark(path: str, raw: bytes, offset: int) -> Mark:
    # Columns count characters everywhere else, so decode what comes before the bad byte and count in that.
    before = raw[:offset].decode("utf-8", errors="replace").removeprefix("\ufeff")
    # The bad byte stands after `before`: a placeholder for it keeps a byte at the start of a line on that
    # line (without one, the offset would read as the end of a file ending in a line break).
    return _Lines(before + "\ufffd").mark(path, len(before))


def load(path: str, max_bytes: int = MAX_BYTES) -> tuple[Document | None, list[Finding]]:
    """Load one spec file. Returns the document (None if it cannot be read at all) and the findings."""
    text, finding = read_text(path, max_bytes)
    if finding is not None:
        return None, [finding]
    return parse(text, path)


def parse(text: str, path: str) -> tuple[Document | None, list[Finding]]:
    lines = _Lines(text)
    pasted = _lookalike_indentation(path, lines)
    if pasted:
        # Such a line may even parse, as text glued to the line above: say so before YAML guesses.
        return None, [pasted]
    conflict = _CONFLICT_MARKER.search(text)
    if conflict:
        # Tried from outside: YAML's "could not find expected ':'" said nothing of the merge left unfinished.
        return None, [
            Finding.at(
                lines.mark(path, conflict.start()),
                f"an unfinished merge: git's conflict marker {conflict.group(1)[:7]} is still in the file",
                hint="keep the version you want between <<<<<<<, ======= and >>>>>>>, then delete those three lines",
                code="Y001",
            )
        ]
    builder = _Builder(path, lines)
    parser = _EventLoader(text)
    try:
        # The parser's events one by one: yaml.parse wraps this loop in a generator, a cost per event.
        while (event := parser.get_event()) is not None:
            builder.feed(event)
    except _Abort as abort:
        return None, [*builder.findings, abort.finding]
    except yaml.MarkedYAMLError as error:
        return None, [*builder.findings, _syntax_finding(path, lines, error)]
    except yaml.YAMLError as error:  # reader errors carry no problem_mark
        return None, [*builder.findings, _reader_finding(path, lines, error)]
    finally:
        parser.dispose()
    if builder.data is None:
        return None, [
            *builder.findings,
            Finding.at(
                Mark(path),
                "file is empty",
                hint="start from one of the examples in process_specs/",
                code="Y005",
            ),
        ]
    document = Document(
        path, builder.data, builder.value_marks, builder.key_marks, builder.plain_text, builder.cut_by_comment
    )
    return document, builder.findings


# The lines git writes around a conflict it could not merge; always at the start of a line.
_CONFLICT_MARKER = re.compile(r"^(<{7} |<{7}$|={7}$|>{7} |>{7}$)", re.MULTILINE)


def _syntax_finding(path: str, lines: _Lines, error: yaml.MarkedYAMLError) -> Finding:
    problem_mark = error.problem_mark or error.context_mark
    mark = lines.mark(path, problem_mark.index) if problem_mark else Mark(path)
    if "maximum nesting depth" in (error.problem or ""):
        # The libyaml of PyYAML 6.0.4 stops at 1,000 levels in its scanner, which reads ahead of the events
        # that count our own limit: the same finding as ours, where the parser stopped.
        return Finding.at(mark, f"nesting deeper than {MAX_DEPTH} levels", code="Y006")
    line = lines.line(mark.line)
    indentation = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" in indentation or (0 < mark.column <= len(line) and line[mark.column - 1] == "\t"):
        return Finding.at(
            mark,
            "tab character in indentation",
            hint="indent with spaces; YAML does not allow tabs",
            code="Y001",
        )
    return _explained(path, lines, mark, error) or Finding.at(
        mark,
        f"YAML syntax error: {error.problem or 'cannot parse'}{f' {error.context}' if error.context else ''}",
        code="Y001",
    )


# Characters that look like a space but are none to YAML; pasted from web pages, word processors and PDFs.
_LOOKALIKE_SPACES = {
    "\u00a0": "non-breaking space",
    "\u2007": "figure space",
    "\u202f": "narrow non-breaking space",
    "\u3000": "ideographic space",
    "\u200b": "zero-width space",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space",
    **{chr(c): "typographic space" for c in range(0x2000, 0x200B) if c != 0x2007},
}
_KEY_START = re.compile(r"^(\s*(?:- )?)([^\s#'\"{\[][^:#]*?):(?:\s|$)")


def _lookalike(path: str, number: int, column: int, char: str) -> Finding:
    return Finding.at(
        Mark(path, number, column),
        f"a {_LOOKALIKE_SPACES[char]} (U+{ord(char):04X}) at column {column}, which YAML does not read as a space",
        hint="replace it with an ordinary space (it often comes from text pasted from a web page)",
        code="Y001",
    )


_INDENTATION = re.compile(r"^[ \t" + "".join(_LOOKALIKE_SPACES) + "]*", re.MULTILINE)


def _lookalike_indentation(path: str, lines: _Lines) -> Finding | None:
    """A look-alike space in the indentation of a line (in text it is the author's business)."""
    for match in _INDENTATION.finditer(lines.text):
        for offset, char in enumerate(match.group()):
            if char in _LOOKALIKE_SPACES and match.start() + offset > 0:
                where = lines.mark(path, match.start() + offset)
                return _lookalike(path, where.line, where.column, char)
    return None


def _explained(path: str, lines: _Lines, mark: Mark, error: yaml.MarkedYAMLError) -> Finding | None:
    """What the author did, in the author's words, for the parser errors that people actually make."""
    problem = error.problem or ""
    # A look-alike space on this line or the one above is the cause, whatever the parser made of it.
    for number in (mark.line, mark.line - 1):
        text = lines.line(number)
        for column, char in enumerate(text, start=1):
            if char in _LOOKALIKE_SPACES and not (number == 1 and column == 1 and char == "\ufeff"):
                return _lookalike(path, number, column, char)
    line = lines.line(mark.line)
    key = _KEY_START.match(line)
    indent = len(line) - len(line.lstrip(" "))
    above = next((n for n in range(mark.line - 1, 0, -1) if lines.line(n).strip()), 0)
    above_line = lines.line(above)
    above_key = _KEY_START.match(above_line)
    above_indent = len(above_key.group(1)) if above_key else len(above_line) - len(above_line.lstrip(" "))
    if "mapping values are not allowed" in problem and key and len(key.group(0).rstrip()) < mark.column:
        name, value = key.group(2), line[key.end() :].strip()
        return Finding.at(
            mark,
            f"a colon and a space inside the unquoted value of '{name}': YAML reads the text before it as a key",
            hint=f"quote the whole value: {name}: '{value}'",
            code="Y001",
        )
    in_flow = "flow" in f"{problem} {error.context or ''}"
    if in_flow or "quoted scalar" in (error.context or ""):
        # Tried from outside: {when: "Customer threatens a chargeback} reads on to the end of the file, or to
        # an apostrophe lines below, and the parser stops there, far from the quote to close.
        opened = error.context_mark if "quoted scalar" in (error.context or "") else None
        # Without the parser's word for it, only a quote inside { } counts: a quoted value in block style
        # may run over several lines.
        quote = _unclosed_quote(lines, lines.mark(path, opened.index).line if opened else mark.line, not opened)
        if quote is not None:
            number, column, char = quote
            inside = " inside { }" if _open_on_line(lines.line(number)[: column - 1]) else ""
            to = "the end of the file" if "end of stream" in problem else f"line {mark.line}, where it stops"
            return Finding.at(
                Mark(path, number, column),
                f"the {char} opened here{inside} is not closed on its line, so YAML reads on to {to}",
                hint=f"close it with {char} before the end of the value, or remove it: a value needs quotes only "
                "when it holds a colon, a comma inside { } or a #",
                code="Y001",
            )
    # The comment hides the closing } too, so the parser stops on a later line: look back to the #.
    for number in (mark.line, above) if in_flow else ():
        hash_at = _hash_in_braces(lines.line(number)) if number else -1
        if hash_at >= 0:
            return Finding.at(
                Mark(path, number, hash_at + 2),
                "' #' inside { } starts a comment, which hides the rest of the line and the closing }",
                hint="quote the value that holds the #, or write the mapping as indented lines",
                code="Y001",
            )
    colon = in_flow and 0 < mark.column <= len(line) and line[mark.column - 1] == ":"
    if colon and _open_on_line(line[: mark.column - 1]):
        # The entry the colon is in, from the { or comma before it to the comma or } after it.
        start = max(line.rfind("{", 0, mark.column - 1), line.rfind(",", 0, mark.column - 1)) + 1
        ends = [i for i in (line.find(",", mark.column), line.find("}", mark.column)) if i >= 0]
        name, _, value = line[start : min(ends, default=len(line))].strip().partition(": ")
        return Finding.at(
            mark,
            "a colon and a space inside an unquoted value in { }: YAML reads it as the start of another key",
            hint=f"quote the whole value: {name}: '{value}'" if name and value else "quote the value that holds it",
            code="Y001",
        )
    structural = ("mapping values are not allowed", "expected '-' indicator", "expected <block end>", "expected key")
    if any(words in problem for words in structural) and key and above and indent != above_indent:
        name = key.group(2).strip()
        where = "more" if indent > above_indent else "less"
        return Finding.at(
            Mark(path, mark.line, indent + 1),
            f"'{name}' on line {mark.line} is indented {where} than the line above ({indent} spaces, not "
            f"{above_indent}), so YAML cannot tell what it belongs to",
            hint=f"indent '{name}' by {above_indent} spaces to continue the entry above, or by fewer to end it "
            "at the level it belongs to",
            code="Y001",
        )
    return None


def _flow_depths(line: str) -> Iterator[tuple[int, str, int]]:
    """Each character of `line` with how many { or [ opened on the line are still open at it."""
    depth = 0
    for index, char in enumerate(line):
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth = max(0, depth - 1)
        yield index, char, depth


def _open_on_line(text: str) -> bool:
    """Whether a { or [ opened in `text` is still open at its end."""
    return bool(text) and list(_flow_depths(text))[-1][2] > 0


# A quote that starts a value: at the start of a line's content, or after `: `, `- `, `{`, `[` or `,`.
_VALUE_QUOTE = re.compile(r"""(?:^\s*|:\s+|-\s+|[{\[,]\s*)(['"])""")
# How far back from the parser's stop a quote left open is looked for.
_QUOTE_LOOKBACK = 40


def _unclosed_quote(lines: _Lines, stop: int, in_braces: bool) -> tuple[int, int, str] | None:
    """The last quote that starts a value on a line at or before `stop` (within _QUOTE_LOOKBACK lines) and
    is not closed on its line, inside a { } or [ ] opened on that line if `in_braces`: (line, column, the
    quote)."""
    for number in range(stop, max(0, stop - _QUOTE_LOOKBACK), -1):
        text = lines.line(number)
        found = None
        position = 0
        while (match := _VALUE_QUOTE.search(text, position)) is not None:
            char, start = match.group(1), match.start(1)
            end = _closing_quote(text, start + 1, char)
            if end < 0:
                if not in_braces or _open_on_line(text[:start]):
                    found = (number, start + 1, char)
                break
            position = end + 1
        if found is not None:
            return found
    return None


def _closing_quote(text: str, start: int, char: str) -> int:
    """Where the quote opened before `start` closes on the line, or -1: '' inside single quotes and \\"
    inside double quotes are escapes, not the end."""
    index = start
    while index < len(text):
        if char == '"' and text[index] == "\\":
            index += 2
            continue
        if text[index] == char:
            if char == "'" and text[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return -1


def _hash_in_braces(line: str) -> int:
    """Where ` #` stands inside a { } or [ ] opened on `line` and not closed before it, or -1."""
    for index, char, depth in _flow_depths(line):
        if char == "#" and depth and index and line[index - 1] in " \t":
            return index - 1
    return -1


def _reader_finding(path: str, lines: _Lines, error: yaml.YAMLError) -> Finding:
    """A character YAML does not allow, found in the text: the C parser's position of it counts bytes."""
    found = _NOT_ALLOWED.search(lines.text)
    if found is None:  # pragma: no cover - every reader error PyYAML raises on text is such a character
        return Finding.at(Mark(path), f"YAML syntax error: {error}", code="Y001")
    code = ord(found.group())
    name = _CONTROL_NAMES.get(code)
    what = "control character" if code < 0xA0 else "character"
    return Finding.at(
        lines.mark(path, found.start()),
        f"{what} U+{code:04X}{f' ({name})' if name else ''} is not allowed in YAML",
        hint="delete it; most editors do not show it (it often comes from text copied out of a terminal or a PDF)",
        code="Y001",
    )


class _Frame(Struct):
    container: dict | list
    path: Path
    nodes_before: int
    anchor: str | None
    pending_key: str | None = None
    discard_next: bool = False


class _Builder:
    """Turns parser events into plain values, marks and findings, within fixed budgets."""

    def __init__(self, path: str, lines: _Lines):
        self.path = path
        self.lines = lines
        self.findings: list[Finding] = []
        self.value_marks: dict[Path, Mark] = {}
        self.key_marks: dict[Path, Mark] = {}
        self.plain_text: dict[Path, str] = {}
        self.cut_by_comment: dict[Path, tuple[Mark, str, str]] = {}
        self.anchors: dict[str, tuple[object, int]] = {}
        self.stack: list[_Frame] = []
        self.nodes = 0
        self.aliases = 0  # aliases read: a count beyond the limit is theirs only when there are some
        self.documents = 0
        self.data: object = None
        self.constructor = SafeConstructor()

    def feed(self, event) -> None:
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = self.stack.pop()
            if frame.anchor is not None:
                self.anchors[frame.anchor] = (frame.container, self.nodes - frame.nodes_before + 1)
            return
        start = event.start_mark
        if self.lines.as_parsed and start.index < len(self.lines.text):
            mark = Mark(self.path, start.line + 1, start.column + 1)
        else:
            mark = self.lines.mark(self.path, start.index)
        if isinstance(event, yaml.ScalarEvent):
            self._scalar(event, mark)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _Abort(
                    Finding.at(
                        mark,
                        "file holds more than one YAML document",
                        hint="keep one spec per file",
                        code="Y007",
                    )
                )
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._count(mark)
            if len(self.stack) >= MAX_DEPTH:
                raise _Abort(Finding.at(mark, f"nesting deeper than {MAX_DEPTH} levels", code="Y006"))
            self._check_tag(
                event,
                mark,
                "tag:yaml.org,2002:map" if isinstance(event, yaml.MappingStartEvent) else "tag:yaml.org,2002:seq",
            )
            container: dict | list = {} if isinstance(event, yaml.MappingStartEvent) else []
            path = self._attach(container, mark)
            self.stack.append(_Frame(container, path, self.nodes, event.anchor))
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise _Abort(
                    Finding.at(mark, f"alias *{event.anchor} has no anchor &{event.anchor} before it", code="Y001")
                )
            value, size = self.anchors[event.anchor]
            self.aliases += 1
            self._count(mark, size)
            self._attach(value, mark)

    def _count(self, mark: Mark, size: int = 1) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES and self.aliases:
            raise _Abort(
                Finding.at(
                    mark,
                    f"file expands to more than {MAX_NODES} values (aliases repeating aliases?)",
                    hint="write the values out instead of nesting aliases",
                    code="Y006",
                )
            )
        if self.nodes > MAX_NODES:
            raise _Abort(
                Finding.at(
                    mark,
                    f"file holds more than {MAX_NODES} values",
                    hint="split it; a process spec holds a few hundred",
                    code="Y006",
                )
            )

    def _check_tag(self, event, mark: Mark, *allowed: str) -> None:
        if event.tag not in (None, "!", *allowed):
            raise _Abort(
                Finding.at(
                    mark,
                    f"unsupported YAML tag {event.tag}",
                    hint="remove the tag; specs hold plain values",
                    code="Y008",
                )
            )

    def _scalar(self, event, mark: Mark) -> None:
        frame = self.stack[-1] if self.stack else None
        if (
            isinstance(frame, _Frame)
            and isinstance(frame.container, dict)
            and frame.pending_key is None
            and not frame.discard_next
        ):
            self._key(frame, event, mark)
            return
        self._count(mark)
        value, tag = self._construct(event, mark)
        if (
            event.value == ""
            and event.implicit[0]
            and isinstance(frame, _Frame)
            and isinstance(frame.container, dict)
            and frame.pending_key is not None
        ):
            # An empty value (`outcome:`) has no text of its own to point at: point at its key.
            mark = self.key_marks.get((*frame.path, frame.pending_key), mark)
        path = self._attach(value, mark)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        if event.implicit[0] and tag != "tag:yaml.org,2002:str":
            self.plain_text[path] = event.value
        if not event.style and tag == "tag:yaml.org,2002:str":  # plain: None (Python parser) or "" (LibYAML)
            if event.value[:1] in _CURLY_OPENING or (
                event.value[-1:] in _CURLY_CLOSING and not any(c in _CURLY_OPENING for c in event.value)
            ):
                self.findings.append(_curly_quotes(event.value, mark))
            glued = _GLUED_COMMENT.match(self.lines.text, event.end_mark.index)
            if glued:
                where = self.lines.mark(self.path, glued.start() + 1)
                # As written after the #, spaces and all: the hint quotes the value back whole.
                self.cut_by_comment[path] = (where, event.value, glued.group(1).rstrip())

    def _key(self, frame: _Frame, event, mark: Mark) -> None:
        key = event.value
        tag = _RESOLVER.resolve(ScalarNode, key, (True, False)) if event.implicit[0] else None
        if tag == _MERGE_TAG:
            raise _Abort(
                Finding.at(mark, "merge keys (<<) are not supported", hint="write the keys out in full", code="Y008")
            )
        if tag in _KEY_TYPES:
            raise _Abort(_key_type(key, tag, mark))
        if key in frame.container:
            first = self.key_marks.get((*frame.path, key))
            where = f" (first at line {first.line})" if first else ""
            self.findings.append(
                Finding.at(
                    mark,
                    f"duplicate key '{key}'{where}; YAML would silently keep only the last one",
                    hint="remove or merge one of them",
                    code="Y002",
                )
            )
            frame.discard_next = True
            return
        frame.pending_key = key
        self.key_marks[(*frame.path, key)] = mark

    def _construct(self, event, mark: Mark) -> tuple[object, str]:
        if event.tag not in (None, "!"):
            tag = event.tag
            if tag not in _SCALAR_TAGS:
                raise _Abort(
                    Finding.at(
                        mark,
                        f"unsupported YAML tag {tag}",
                        hint="remove the tag; specs hold plain values",
                        code="Y008",
                    )
                )
            # PyYAML's constructors expect text of their type's form and fail in odd ways on other text.
            forms = _TAG_FORMS.get(tag)
            if forms and _RESOLVER.resolve(ScalarNode, event.value, (True, False)) not in forms:
                kind = tag.rsplit(":", 1)[-1]
                raise _Abort(
                    Finding.at(
                        mark,
                        f"cannot read {event.value!r} as {kind}",
                        hint=f"remove the tag !!{kind}, or write a value of that type",
                        code="Y001",
                    )
                )
        elif event.implicit[0]:
            tag = _RESOLVER.resolve(ScalarNode, event.value, (True, False))
        else:
            return event.value, "tag:yaml.org,2002:str"
        if tag in _KEY_TYPES:
            raise _Abort(_key_type(event.value, tag, mark))
        if tag == "tag:yaml.org,2002:str":
            return event.value, tag
        try:
            return self.constructor.yaml_constructors[tag](self.constructor, ScalarNode(tag, event.value)), tag
        except (ConstructorError, ValueError, OverflowError) as error:
            if event.implicit[0] and tag == _TIMESTAMP_TAG:
                # A date of the right shape but no real day (2026-13-01, 2026-02-30): read as text, so that
                # the schema names the field and asks for a real date, and the rest of the file is checked.
                return event.value, "tag:yaml.org,2002:str"
            raise _Abort(
                Finding.at(mark, f"cannot read {event.value!r} as {tag.rsplit(':', 1)[-1]}: {error}", code="Y001")
            ) from None

    def _attach(self, value: object, mark: Mark) -> Path:
        """Put a finished (or freshly opened) value into its parent and return its path."""
        if not self.stack:
            self.data = value
            self.value_marks[()] = mark
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            path = (*frame.path, len(frame.container))
            frame.container.append(value)
        elif frame.discard_next:
            # The value of a duplicate key: built, so parsing goes on, but attached nowhere.
            frame.discard_next = False
            return (*frame.path, "\x00duplicate")
        elif frame.pending_key is None:
            # A mapping or sequence standing where a key should be.
            raise _Abort(Finding.at(mark, "a key must be plain text, not a list or mapping", code="Y001"))
        else:
            path = (*frame.path, frame.pending_key)
            frame.container[frame.pending_key] = value
            frame.pending_key = None
        self.value_marks[path] = mark
        return path


def _curly_quotes(value: str, mark: Mark) -> Finding:
    shown = value if len(value) <= 40 else value[:37] + "..."
    return Finding.at(
        mark,
        f"{shown!r} is in curly quotes, which YAML keeps as part of the text (they do not quote it)",
        hint="type straight quotes, '...' or \"...\", or none (a word processor turns them curly)",
        code="Y010",
    )


def _key_type(text: str, tag: str, mark: Mark) -> Finding:
    return Finding.at(
        mark,
        f"unquoted {text} is read by YAML as a {_KEY_TYPES[tag]}, not as text",
        hint=f"quote it: '{text}'",
        code="Y008",
    )
