"""Which tables sync, in which order, and how their stored values are checked.

The set is discovered from the ORM: every mapped class with the SyncColumns mixin syncs, so a table another area
adds tomorrow travels without a change here. Rows move as SQLite storage values (dates as 'YYYY-MM-DD' text,
booleans 0/1), read and written with plain SQL: no ORM objects, no type conversion, nothing lost or reformatted.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, cached_property
from typing import cast

from sqlalchemy import Boolean, Column, Date, DateTime, Float, Integer, LargeBinary, String, Table, Text
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from jiaomei_desktop.db import models  # noqa: F401  (every model registered before discovery)
from jiaomei_desktop.db.base import Base, SyncColumns
from jiaomei_desktop.domain.text import UNSAFE, text_problem
from jiaomei_desktop.i18n import _

SYNC_COLUMNS = ("id", "owner_unit_id", "version", "updated_at", "deleted")
ORG_TABLE = "org_unit"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UUID_LINES = re.compile(rf"(?:{_UUID.pattern}\n)*{_UUID.pattern}")

Check = Callable[[object], str | None]  # returns the problem in words, or None when the value is fine
# A type check returns the sentence with {column} (and {length}) still to fill, so each message is one translatable
# sentence.
_TypeCheck = Callable[[object], str | None]


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    check: Check
    default: object  # value for a column a bundle from an older schema does not have
    has_default: bool
    binary: bool
    foreign_table: str | None
    kind: str = "any"  # for the fast whole-column check
    length: int | None = None
    nullable: bool = True

    def all_valid(self, values: Sequence[object]) -> bool:
        """True when every value passes; fast (C-level passes over the column, each distinct text checked once),
        used before the per-value check that names a bad value."""
        present = [v for v in values if v is not None] if self.nullable and None in values else values
        kind = self.kind
        types = set(map(type, present))
        if kind in ("str", "text"):
            if not types <= {str}:
                return False
            strings = cast("Sequence[str]", present)  # every value is a str: checked just above
            return (not self.length or max(map(len, strings), default=0) <= self.length) and (
                kind == "str" or not UNSAFE.search("".join(strings))
            )
        if kind == "int":
            return types <= {int} and _all_in_range(present)  # type: ignore[arg-type]
        if kind == "bool":
            return types <= {int, bool} and set(present) <= {0, 1}
        if kind == "float":
            if not types <= {int, float}:
                return False
            floats = [v for v in present if type(v) is float] if int in types else present
            ints = [v for v in present if type(v) is int] if float in types else ([] if floats else present)
            return all(map(math.isfinite, floats)) and _all_in_range(ints)  # type: ignore[arg-type]
        if kind in ("uuid", "date", "datetime"):
            if not types <= {str}:
                return False
            distinct: set[str] = set(present)  # type: ignore[arg-type]
            if kind == "uuid":
                return _all_uuids(distinct)
            if kind == "date":
                return all(map(_DATE.fullmatch, distinct)) and _all_parse(date.fromisoformat, distinct)
            return _all_parse(datetime.fromisoformat, distinct)
        return all(self.check(v) is None for v in present)


@dataclass(frozen=True)
class TableInfo:
    name: str
    columns: tuple[ColumnInfo, ...]

    # cached: asked for every row of a bundle (~1 million times for one down bundle of the 400-member demo)
    @cached_property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def index(self, column: str) -> int:
        return self.column_names.index(column)

    @cached_property
    def foreign_keys(self) -> tuple[tuple[int, str], ...]:
        """(column index, referenced table) for every foreign key column."""
        return tuple((i, c.foreign_table) for i, c in enumerate(self.columns) if c.foreign_table)


@cache
def synced_tables() -> tuple[TableInfo, ...]:
    """Synced tables, parents before children (foreign keys never point forward)."""
    names = {m.local_table.description for m in Base.registry.mappers if issubclass(m.class_, SyncColumns)}
    ordered = [t for t in Base.metadata.sorted_tables if t.name in names]
    return tuple(_table_info(t) for t in ordered)


def table_by_name() -> dict[str, TableInfo]:
    return {t.name: t for t in synced_tables()}


def _table_info(table: Table) -> TableInfo:
    # Sync columns first, then the rest in a stable (sorted) order: the hash of a row must not depend on the
    # order columns were declared or added by migrations.
    rest = sorted(c.name for c in table.columns if c.name not in SYNC_COLUMNS)
    return TableInfo(table.name, tuple(_column_info(table.columns[name]) for name in (*SYNC_COLUMNS, *rest)))


def _column_info(column: Column) -> ColumnInfo:
    fks = list(column.foreign_keys)
    default, has_default = None, bool(column.nullable)
    if isinstance(column.default, ScalarElementColumnDefault):
        default, has_default = _storage_value(column.default.arg), True
    check = _checker(column)
    kind, length = _kind(column)
    if kind == "str" and column.name not in DERIVED_KEYS:
        kind = "text"  # shown to people: hidden characters refused (see all_valid)
    return ColumnInfo(
        column.name,
        check,
        default,
        has_default,
        isinstance(column.type, LargeBinary),
        fks[0].column.table.name if fks else None,
        kind,
        length,
        bool(column.nullable and not column.primary_key),
    )


# Sort and search keys the owner derives from a name: a NUL separates the pinyin from the text (domain.pinyin), and
# they are never shown, so they are exempt from the hidden-character check.
DERIVED_KEYS = frozenset({"name_sort", "search_text"})
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1  # SQLite's INTEGER; a larger number cannot even be bound


def _all_in_range(values: Sequence[int]) -> bool:
    return not values or (min(values) >= _INT_MIN and max(values) <= _INT_MAX)


def _all_uuids(values: Collection[str]) -> bool:
    """One regex pass over all the values joined by newlines; every value 36 long means the k-th match is exactly
    the k-th value (a value with a newline inside cannot pass as two)."""
    return not values or (set(map(len, values)) == {36} and _UUID_LINES.fullmatch("\n".join(values)) is not None)


def _all_parse(parse: Callable[[str], object], values: Collection[object]) -> bool:
    try:
        for value in values:
            parse(value)  # type: ignore[arg-type]
    except ValueError:
        return False
    return True


def _kind(column: Column) -> tuple[str, int | None]:
    if column.name in ("id", "owner_unit_id"):
        return "uuid", None
    kind = column.type
    if isinstance(kind, DateTime):
        return "datetime", None
    if isinstance(kind, Date):
        return "date", None
    if isinstance(kind, Boolean):
        return "bool", None
    if isinstance(kind, Integer):
        return "int", None
    if isinstance(kind, Float):
        return "float", None
    if isinstance(kind, String | Text) and not isinstance(kind, Date | DateTime):
        return "str", getattr(kind, "length", None)
    return "any", None


def _storage_value(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _checker(column: Column) -> Check:
    base = _type_checker(column)
    nullable = column.nullable and not column.primary_key

    def check(value: object) -> str | None:
        if value is None:
            return None if nullable else _("“{column}”不能为空").format(column=column.name)
        problem = base(value)
        return problem.format(column=column.name, length=getattr(column.type, "length", None)) if problem else None

    if column.name in ("id", "owner_unit_id"):
        return lambda v: (
            check(v)
            or (
                None
                if isinstance(v, str) and _UUID.fullmatch(v)
                else _("“{column}”不是有效的编号").format(column=column.name)
            )
        )
    return check


def _type_checker(column: Column) -> _TypeCheck:
    kind = column.type
    if isinstance(kind, Boolean):
        return lambda v: None if type(v) is int and v in (0, 1) else _("“{column}”应为是/否")
    if isinstance(kind, Integer):
        return lambda v: (
            _("“{column}”应为整数")
            if type(v) is not int
            else (None if _INT_MIN <= v <= _INT_MAX else _("“{column}”数值过大"))
        )
    if isinstance(kind, Float):
        return _check_number
    if isinstance(kind, DateTime):
        return _check_datetime
    if isinstance(kind, Date):
        return _check_date
    if isinstance(kind, LargeBinary):
        return lambda v: None if isinstance(v, bytes) else _("“{column}”应为二进制数据")
    if isinstance(kind, String | Text):
        length = getattr(kind, "length", None)
        if column.name in DERIVED_KEYS:
            return lambda v: (
                _("“{column}”应为文字")
                if type(v) is not str
                else (_("“{column}”超过{length}个字符") if length and len(v) > length else None)
            )
        if length:
            return lambda v: (
                _("“{column}”应为文字")
                if type(v) is not str
                else (_("“{column}”超过{length}个字符") if len(v) > length else _unsafe_text(v))
            )
        return lambda v: _unsafe_text(v) if type(v) is str else _("“{column}”应为文字")
    return lambda v: None if v is None or type(v) in (str, int, float, bytes) else _("“{column}”的值类型不正确")


def _unsafe_text(value: str) -> str | None:
    """Control, direction-override and zero-width characters are refused here as in every form (domain.text)."""
    return text_problem(value, "{column}", multiline=True)


def _check_number(value: object) -> str | None:
    if type(value) is float:
        return None if math.isfinite(value) else _("“{column}”不是有效数字")
    if type(value) is int:
        return None if _INT_MIN <= value <= _INT_MAX else _("“{column}”数值过大")
    return _("“{column}”应为数字")


def _check_date(value: object) -> str | None:
    if type(value) is not str or not _DATE.fullmatch(value):
        return _("“{column}”不是有效日期")
    try:
        date.fromisoformat(value)
    except ValueError:
        return _("“{column}”不是有效日期")
    return None


def _check_datetime(value: object) -> str | None:
    if type(value) is not str:
        return _("“{column}”不是有效时间")
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return _("“{column}”不是有效时间")
    return None


def encode_value(value: object) -> object:
    """Storage value -> JSON value (bytes as base64 text; everything else already JSON)."""
    return base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else value


def decode_binary(value: object) -> object:
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except ValueError:
            return value  # left as text: the column check reports it
    return value
