"""Table rows as JSON and back, for the upgrade fixture (any dialect).

Values are written as JSON-able text (dates ISO, bytes base64) and read back
by the column's type in the database they are loaded into.
"""

from __future__ import annotations

import base64
import datetime
import decimal

from sqlalchemy import Date, DateTime, Integer, LargeBinary, MetaData, Numeric, Time, text


def encode(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def decode(column_type, value):
    if value is None:
        return None
    if isinstance(column_type, DateTime):
        return datetime.datetime.fromisoformat(value)
    if isinstance(column_type, Date):
        return datetime.date.fromisoformat(value)
    if isinstance(column_type, Time):
        return datetime.time.fromisoformat(value)
    if isinstance(column_type, LargeBinary):
        return base64.b64decode(value)
    if isinstance(column_type, Numeric) and not isinstance(column_type, Integer):
        return decimal.Decimal(value)
    return value


def reflect(connection) -> MetaData:
    metadata = MetaData()
    metadata.reflect(connection)
    return metadata


def dump(connection) -> dict[str, dict]:
    """Every table but alembic_version: its columns and rows, by primary key."""
    tables = {}
    metadata = reflect(connection)
    for table in sorted(metadata.tables.values(), key=lambda t: t.name):
        if table.name == "alembic_version":
            continue
        columns = [column.name for column in table.columns]
        order = list(table.primary_key.columns) or list(table.columns)
        rows = connection.execute(table.select().order_by(*order)).all()
        tables[table.name] = {"columns": columns, "rows": [[encode(value) for value in row] for row in rows]}
    return tables


def load(connection, tables: dict[str, dict]) -> None:
    """Insert the fixture's rows with foreign keys off (rows of a cycle
    arrive in any order), then move PostgreSQL's sequences past them."""
    metadata = reflect(connection)
    postgresql = connection.dialect.name == "postgresql"
    if postgresql:
        connection.execute(text("SET session_replication_role = replica"))
    else:
        connection.execute(text("PRAGMA defer_foreign_keys = ON"))
    for name, data in tables.items():
        table = metadata.tables[name]
        rows = [
            {
                column: decode(table.columns[column].type, value)
                for column, value in zip(data["columns"], row, strict=True)
            }
            for row in data["rows"]
        ]
        if rows:
            connection.execute(table.insert(), rows)
    if postgresql:
        connection.execute(text("SET session_replication_role = DEFAULT"))
        for table in metadata.tables.values():
            if "id" in table.columns and isinstance(table.columns["id"].type, Integer):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f'coalesce((SELECT max(id) FROM "{table.name}"), 0) + 1, false) '
                        f"WHERE pg_get_serial_sequence('\"{table.name}\"', 'id') IS NOT NULL"
                    )
                )
