"""Typed answers: records(typed=True) by datatype, to_dataframe() with matching dtypes."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
import pytest

import csrgraph
from csrgraph.errors import UsageError
from csrgraph.namespaces import XSD
from csrgraph.sparql.results import QueryResult


def lit(text: str, datatype: str) -> ox.Literal:
    return ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))


#: (cell, its typed value)
CASES: list[tuple[Any, Any]] = [
    (lit("2.50", "decimal"), Decimal("2.50")),
    (lit("1.5E0", "double"), 1.5),
    (lit("-INF", "double"), float("-inf")),
    (lit("3", "float"), 3.0),
    (lit("42", "integer"), 42),
    (lit("-7", "int"), -7),
    (lit("8", "nonNegativeInteger"), 8),
    (lit("true", "boolean"), True),
    (lit("0", "boolean"), False),
    (lit("2026-11-28", "date"), dt.date(2026, 11, 28)),
    (lit("2026-11-28Z", "date"), dt.date(2026, 11, 28)),
    (lit("2016-12-20T20:55:06Z", "dateTime"), dt.datetime(2016, 12, 20, 20, 55, 6, tzinfo=dt.UTC)),
    (lit("2024", "gYear"), "2024"),
    (ox.Literal("Kundendienst", language="de"), "Kundendienst"),
    (ox.Literal("plain"), "plain"),
    (ox.NamedNode("https://w3id.org/csrgraph/x"), "https://w3id.org/csrgraph/x"),
    (None, None),
    # ill-typed: the lexical form, as written
    (lit("abc", "integer"), "abc"),
    (lit("1.5", "integer"), "1.5"),
    (lit("NaN", "decimal"), "NaN"),
    (lit("yes", "boolean"), "yes"),
    (lit("2026-13-01", "date"), "2026-13-01"),
]
assert len(CASES) == 22


@pytest.mark.parametrize(("cell", "expected"), CASES, ids=[repr(c) for c, _ in CASES])
def test_typed_cell(cell: Any, expected: Any) -> None:
    (record,) = QueryResult("select", ["v"], [(cell,)]).records(typed=True)
    assert record["v"] == expected
    assert type(record["v"]) is type(expected)


def test_plain_records_stay_strings() -> None:
    result = QueryResult("select", ["n"], [(lit("42", "integer"),)])
    assert result.records() == [{"n": "42"}]


def test_a_bundled_query_typed() -> None:
    (first, *_) = csrgraph.run_query("pay-by-experience").records(typed=True)
    assert isinstance(first["pay"], Decimal) and isinstance(first["currency"], str)


def test_dataframe_dtypes() -> None:
    rows = [
        (
            lit("1", "integer"),
            lit("1.5", "double"),
            lit("true", "boolean"),
            lit("2026-01-02", "date"),
            ox.Literal("a", language="en"),
            lit("2.5", "decimal"),
            lit("1", "integer"),
        ),
        (None, None, None, None, None, None, lit("x", "integer")),
    ]
    names = ["i", "f", "b", "d", "s", "dec", "bad"]
    frame = QueryResult("select", names, rows).to_dataframe()
    # the unit of datetime64 is pandas' choice (ns before 3.0, the values' own after)
    dtypes = {name: str(frame[name].dtype).split("[")[0] for name in names}
    assert dtypes == {
        "i": "Int64",
        "f": "float64",
        "b": "boolean",
        "d": "datetime64",
        "s": "string",
        "dec": "object",
        "bad": "object",  # an ill-typed cell keeps its string: the column is mixed
    }
    assert frame["dec"][0] == Decimal("2.5")
    assert frame["bad"].tolist() == [1, "x"]


def test_dataframe_int_and_double_is_float() -> None:
    rows = [(lit("1", "integer"),), (lit("2.5", "double"),)]
    frame = QueryResult("select", ["x"], rows).to_dataframe()
    assert str(frame["x"].dtype) == "float64"


def test_dataframe_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # what an absent module looks like
    with pytest.raises(UsageError, match=r"pip install 'csrgraph\[pandas\]'"):
        QueryResult("select", ["x"], []).to_dataframe()


#: Ill-typed by XSD 1.1's lexical spaces though Python would read them: kept as written.
ILL_TYPED: list[tuple[str, str]] = [
    ("\u0663", "integer"),  # an Arabic-Indic digit
    ("1_000", "integer"),
    (" 1", "integer"),
    ("1_000", "decimal"),
    ("1e5", "decimal"),
    ("1_0", "double"),
    ("infinity", "double"),
    ("2026-W48-1", "date"),
    ("20261128", "date"),
    ("2026-11-28T10:00", "dateTime"),
    ("2026-11-28T10:00:00", "dateTimeStamp"),
    ("2026-11-28T10:00:00+15:00", "dateTime"),
]
assert len(ILL_TYPED) == 12


@pytest.mark.parametrize(("text", "datatype"), ILL_TYPED)
def test_ill_typed_by_the_xsd_lexical_space(text: str, datatype: str) -> None:
    records = QueryResult("select", ["x"], [(lit(text, datatype),)]).records(typed=True)
    assert records == [{"x": text}]


def test_integers_beyond_python_int_string_limit_and_midnight() -> None:
    rows = [(lit("9" * 5000, "integer"),), (lit("2026-11-28T24:00:00", "dateTime"),)]
    records = QueryResult("select", ["x"], rows).records(typed=True)
    assert records[0]["x"] == 10**5000 - 1
    assert records[1]["x"] == dt.datetime(2026, 11, 29)


@pytest.mark.parametrize(
    "texts",
    [
        [("9" * 30, "integer"), ("1", "integer")],
        [("-9223372036854775809", "long")],
        [("9223372036854775808", "unsignedLong")],
        [("9" * 400, "integer"), ("1.5", "double")],  # too large for a float64 column
    ],
)
def test_dataframe_integers_beyond_64_bits(texts: list[tuple[str, str]]) -> None:
    rows = [(lit(text, datatype),) for text, datatype in texts]
    frame = QueryResult("select", ["x"], rows).to_dataframe()
    assert str(frame["x"].dtype) == "object"
    assert frame["x"].tolist()[0] == int(texts[0][0])


def test_dataframe_datetimes_pandas_cannot_hold() -> None:
    cell = lit("9999-12-31T23:59:59-14:00", "dateTime")
    frame = QueryResult("select", ["t"], [(cell,)]).to_dataframe()
    assert str(frame["t"].dtype) == "object"
    assert frame["t"].tolist()[0].year == 9999


def test_midnight_ending_the_last_day_python_can_hold_stays_a_string() -> None:
    # valid XSD (24:00:00 is the next day's midnight: year 10000), beyond Python's datetime
    text = "9999-12-31T24:00:00"
    rows = [(lit(text, "dateTime"),), (lit("2026-11-28T10:00:00", "dateTime"),)]
    result = QueryResult("select", ["x"], rows)
    assert result.records(typed=True)[0] == {"x": text}
    frame = result.to_dataframe()
    assert str(frame["x"].dtype) == "object" and frame["x"].tolist()[0] == text


def test_an_integer_too_long_to_convert_in_time_stays_a_string() -> None:
    # int(Decimal(...)) takes time quadratic in the digits: 2,000,000 took over two minutes
    text = "9" * 60_000
    records = QueryResult("select", ["x"], [(lit(text, "integer"),)]).records(typed=True)
    assert records == [{"x": text}]
