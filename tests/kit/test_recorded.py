"""How a recording is compared with a fresh run (recorded.py): text exactly, numbers up to rounding."""

import pytest

from recorded import appears_in, differences, json_differences, text_differences


@pytest.mark.parametrize("recorded, fresh", [
    ("J = 1.5347", "J = 1.5347"),
    ("z = [[-0.9500 -0.3500]]", "z = [[-0.9500 -0.3500]]"),
    ("a = 0.0313", "a = 0.0312"),              # a value on a rounding tie may land either side
    ("floor 4.0e-09", "floor 3.9e-09"),
    ("error 1.0e-06", "error 9.9e-07"),        # ... across a power of ten too
    ("h = 1e-06  ~4e-09  correct", "h = 1e-06  ~2e-09  correct"),  # noise: its order of magnitude
    ("x = 0.0000", "x = -0.0000"),
])
def test_rounding_is_not_a_difference(recorded, fresh):
    assert text_differences(recorded, fresh, "f.out") == []


@pytest.mark.parametrize("recorded, fresh", [
    ("a = 0.0313", "a = 0.0311"),              # two units: not rounding
    ("a = 0.0313", "a = 0.031"),               # another precision: the format changed
    ("J = 1.5347", "J = 1.5347 "),             # text is compared exactly
    ("j = 1: 7 of 20", "j = 1: 8 of 20"),      # counts are exact
    ("~4e-09", "~5e-08"),                      # noise that grew tenfold is not noise
    ("~4e-09", "4.0e-09"),
    ("~4e-09", "~-4e-09"),
    ("relative error below 1e-7: True", "relative error below 1e-7: False"),
    ("one\ntwo", "one"),
])
def test_a_real_difference_is_found(recorded, fresh):
    assert text_differences(recorded, fresh, "f.out") != []


def test_a_difference_names_the_file_line_quantity_values_and_tolerance():
    (problem,) = text_differences("forward\n  J = 1.5347\n", "forward\n  J = 1.5349\n", "snippets/x.out")
    assert problem.startswith("snippets/x.out, line 2, number 1 (after 'J ='): recorded 1.5347, now 1.5349")
    assert "one unit in its last printed digit (0.0001)" in problem


def test_json_numbers_agree_to_a_relative_1e_12_and_say_where_they_differ():
    recorded = {"z_h": [[-0.95, -0.35000000000000003]], "shown": "−0.9500", "ok": False}
    moved = {"z_h": [[-0.9499999999999998, -0.35]], "shown": "−0.9500", "ok": False}
    assert json_differences(recorded, moved, "e.json") == []
    (problem,) = json_differences(recorded, {**moved, "z_h": [[-0.95, -0.3500001]]}, "e.json")
    assert problem.startswith("e.json $.z_h[0][1]: recorded -0.35000000000000003, now -0.3500001;")
    assert "relative 1e-12" in problem
    assert json_differences(recorded, {**moved, "ok": True}, "e.json") != []
    assert json_differences(recorded, {**moved, "shown": "−0.9502"}, "e.json") != []
    assert differences('{"a": 1.0}', '{"a": 1.0000000000000002}', "a.json") == []


def test_a_fragment_appears_in_a_recording_up_to_rounding():
    recording = "grad =\n  [[-0.1508  0.1480]\n   [-0.2235  0.2194]]\n"
    assert appears_in("[[-0.1508  0.1481]", recording)
    assert not appears_in("[[-0.1508  0.1483]", recording)
    assert not appears_in("[[-0.1508 0.1480]", recording)


def test_a_json_recording_keeps_its_layout():
    """Numbers may move by rounding; the indent and the keys' order are text."""
    recorded = '{\n "a": -0.95,\n "b": [\n  1.5\n ]\n}'
    assert differences(recorded, '{\n "a": -0.9499999999999998,\n "b": [\n  1.5\n ]\n}', "e.json") == []
    (problem,) = differences(recorded, '{\n  "a": -0.95,\n  "b": [\n    1.5\n  ]\n}', "e.json")
    assert problem.startswith("e.json, line 2: the layout differs")
    assert differences(recorded, '{\n "b": [\n  1.5\n ],\n "a": -0.95\n}', "e.json") != []
