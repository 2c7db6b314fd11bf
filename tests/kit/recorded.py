"""Compare a snippet's fresh output with its recording, as another machine would.

Whether a multiply-add is fused depends on the CPU, the BLAS kernel and even the
shapes, so the last bits of a float move from machine to machine. A recording
must not depend on them. Text is compared exactly; each number is compared at
the precision it is printed with:

- a number printed with a fixed number of digits (``0.2789``, ``4.2e-09``) may
  differ by one unit in its last digit, and only where rounding could explain
  it: the two printed values must be the roundings of two values within
  ``REL_TOL`` of each other (a value on a rounding tie lands either side);
- a number printed with a leading ``~`` (``~4e-09``) is rounding noise, shown
  for its order of magnitude only: it may differ by a factor below ``NOISE_FACTOR``;
- a JSON number (the shortest text of a float64) may differ by ``REL_TOL``,
  relatively, or by ``ABS_TOL`` near 0; the JSON's layout (indents, key
  order) is text, compared exactly.

A mismatch names the file, the line and the quantity, both values and the
tolerance, so a reader can tell rounding from a real difference.
"""

import json
import math
import re

REL_TOL = 1e-12      # far above float64 rounding (1e-16), far below what a page shows (1e-4)
ABS_TOL = 1e-15      # for JSON numbers that should be 0, or nearly
NOISE_FACTOR = 10.0  # a "~" figure keeps its order of magnitude
MINUS = "\u2212"
# Characters of Material's code font an output block shows at 390 px (measured;
# tests/browser/test_browser_layout.py checks the blocks as drawn).
PHONE_COLUMNS = 43


def hidden_on_a_phone(text):
    """The lines of a recorded output whose words or numbers reach past what a
    390 px phone shows (a matrix's closing brackets may: they carry no value)."""
    return [line for line in text.splitlines() if len(line.rstrip("]")) > PHONE_COLUMNS]

NUMBER = re.compile(
    rf"(?P<noise>~)?(?P<sign>[-+{MINUS}])?(?P<digits>\d+(?:\.(?P<decimals>\d+))?)"
    rf"(?:[eE](?P<exponent>[-+{MINUS}]?\d+))?")


class Printed:
    """A number as printed: its value, the size of one unit in its last digit, and its kind."""

    def __init__(self, match):
        self.text = match.group(0)
        sign = -1.0 if match["sign"] in ("-", MINUS) else 1.0
        exponent = int(match["exponent"].replace(MINUS, "-")) if match["exponent"] else 0
        self.value = sign * float(match["digits"]) * 10.0 ** exponent
        self.unit = 10.0 ** (exponent - len(match["decimals"] or ""))
        self.decimals = len(match["decimals"] or "")
        self.noise = bool(match["noise"])
        self.integer = match["decimals"] is None and match["exponent"] is None

    def agrees_with(self, other):
        """True if the two printed numbers can differ only by rounding."""
        if self.text == other.text:
            return True
        if self.noise or other.noise:
            if not (self.noise and other.noise) or self.value * other.value <= 0:
                return False
            return abs(math.log10(abs(self.value) / abs(other.value))) < math.log10(NOISE_FACTOR)
        if self.integer or other.integer or self.decimals != other.decimals:
            return False  # a count, or a change of format: compared exactly
        # Each printed value stands for any value within half a unit of it.
        slack = (self.unit + other.unit) / 2 + REL_TOL * max(abs(self.value), abs(other.value))
        return abs(self.value - other.value) <= slack * (1 + 1e-9)

    def tolerance(self):
        if self.noise:
            return f"its order of magnitude (a factor below {NOISE_FACTOR:g})"
        if self.integer:
            return "exactly (a count)"
        return f"one unit in its last printed digit ({self.unit:g}), where rounding explains it"


def split(text):
    """The text between numbers, and the numbers, in order."""
    pieces, numbers, start = [], [], 0
    for match in NUMBER.finditer(text):
        pieces.append(text[start:match.start()])
        numbers.append(Printed(match))
        start = match.end()
    pieces.append(text[start:])
    return pieces, numbers


def text_differences(recorded, fresh, name):
    """What differs between a recording and a fresh output, line by line, beyond rounding."""
    problems = []
    old_lines, new_lines = recorded.splitlines(), fresh.splitlines()
    if len(old_lines) != len(new_lines):
        problems.append(f"{name}: {len(old_lines)} lines recorded, {len(new_lines)} printed now")
    for number, (old, new) in enumerate(zip(old_lines, new_lines), start=1):
        if old == new:
            continue
        old_text, old_numbers = split(old)
        new_text, new_numbers = split(new)
        where = f"{name}, line {number}"
        if old_text != new_text or len(old_numbers) != len(new_numbers):
            problems.append(f"{where}: the text differs\n  recorded: {old}\n  now:      {new}")
            continue
        for position, (a, b) in enumerate(zip(old_numbers, new_numbers), start=1):
            if not a.agrees_with(b):
                before = "".join(old_text[:position]).strip()[-32:]
                problems.append(f"{where}, number {position} (after {before!r}): recorded {a.text}, "
                                f"now {b.text}; allowed: {a.tolerance()}")
    return problems


def json_differences(recorded, fresh, name, path="$"):
    """What differs between two parsed JSON documents, beyond rounding, by path."""
    if isinstance(recorded, bool) or isinstance(fresh, bool) or recorded is None or fresh is None:
        same = recorded is fresh or recorded == fresh and type(recorded) is type(fresh)
        return [] if same else [f"{name} {path}: recorded {recorded!r}, now {fresh!r}"]
    if isinstance(recorded, (int, float)) and isinstance(fresh, (int, float)):
        if math.isclose(recorded, fresh, rel_tol=REL_TOL, abs_tol=ABS_TOL):
            return []
        return [f"{name} {path}: recorded {recorded!r}, now {fresh!r}; "
                f"allowed: a relative {REL_TOL:g} (or {ABS_TOL:g} near 0)"]
    if isinstance(recorded, str) and isinstance(fresh, str):
        return text_differences(recorded, fresh, f"{name} {path}")
    if isinstance(recorded, dict) and isinstance(fresh, dict):
        if recorded.keys() != fresh.keys():
            return [f"{name} {path}: keys {sorted(recorded)} recorded, {sorted(fresh)} now"]
        return [problem for key in recorded
                for problem in json_differences(recorded[key], fresh[key], name, f"{path}.{key}")]
    if isinstance(recorded, list) and isinstance(fresh, list):
        if len(recorded) != len(fresh):
            return [f"{name} {path}: {len(recorded)} items recorded, {len(fresh)} now"]
        return [problem for index, (a, b) in enumerate(zip(recorded, fresh))
                for problem in json_differences(a, b, name, f"{path}[{index}]")]
    return [f"{name} {path}: recorded {recorded!r}, now {fresh!r}"]


def layout_differences(recorded, fresh, name):
    """Where two texts differ with every number masked: their layout, compared exactly."""
    old_lines = NUMBER.sub("#", recorded).splitlines()
    new_lines = NUMBER.sub("#", fresh).splitlines()
    for number, (old, new) in enumerate(zip(old_lines, new_lines), start=1):
        if old != new:
            return [f"{name}, line {number}: the layout differs\n  recorded: {old}\n  now:      {new}"]
    if len(old_lines) != len(new_lines):
        return [f"{name}: {len(old_lines)} lines recorded, {len(new_lines)} printed now"]
    return []


def differences(recorded, fresh, name):
    """Differences beyond rounding between a recorded file's text and a fresh output."""
    if name.endswith(".json"):
        return (json_differences(json.loads(recorded), json.loads(fresh), name)
                or layout_differences(recorded, fresh, name))
    return text_differences(recorded, fresh, name)


def appears_in(fragment, text):
    """True if `fragment` (a fresh printout) appears in `text` (a recording), up to rounding."""
    pieces, numbers = split(fragment)
    anonymous = re.sub(r"\(\?P<\w+>", "(?:", NUMBER.pattern)
    pattern = anonymous.join(re.escape(piece) for piece in pieces)
    for match in re.finditer(pattern, text):
        _, found = split(match.group(0))
        if len(found) == len(numbers) and all(a.agrees_with(b) for a, b in zip(found, numbers)):
            return True
    return False
