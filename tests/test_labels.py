"""One status vocabulary: the statuses and their rank come from lifecycle; the labels follow them."""
from __future__ import annotations

from generator.derive import lifecycle
from generator.records.catalog import labels
from generator.records.validate import schema


def test_labels_name_every_status_and_nothing_else():
    table = labels()
    assert set(table["status"]) == set(lifecycle.STATUSES) | {"unknown"}
    assert set(table["status_meaning"]) == set(lifecycle.STATUSES)
    assert set(lifecycle.STATUS_EVENTS) == set(lifecycle.STATUSES)


def test_labels_name_every_precision_of_the_town_schema():
    enum = schema("town")["properties"]["location"]["properties"]["precision"]["enum"]
    assert list(labels()["precision"]) == enum
    assert "township" in enum
    assert labels()["precision"]["township"]["zh"] == "近似位置（乡镇代表点）"
    assert all(isinstance(p["zoom"], int) for p in labels()["precision"].values())


def test_labels_name_every_field_of_the_town_schema():
    assert set(labels()["field"]) == set(schema("town")["properties"])
    assert all(w["zh"] and w["en"] for w in labels()["field"].values())


def test_rank_orders_the_statuses_furthest_first():
    assert [lifecycle.rank(s) for s in lifecycle.STATUSES] == [4, 3, 2, 1]
    assert lifecycle.rank(None) == 0 and lifecycle.rank("unknown") == 0


def test_dates_are_shown_as_precisely_as_their_source():
    assert lifecycle.shown("2018-05-03", None) == ("2018-05-03", "2018-05-03")
    assert lifecycle.shown("2018-05-03", "day") == ("2018-05-03", "2018-05-03")
    assert lifecycle.shown("2018-05-01", "month") == ("2018-05", "2018年5月")
    assert lifecycle.shown("2018-01-01", "year") == ("2018", "2018年")
    assert lifecycle.shown("2018-01-01", "unknown") is None
    assert lifecycle.shown_date("2018-05-01", "month") == "2018-05"
