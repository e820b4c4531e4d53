"""Fast bulk writes for services that write thousands of rows at once (imports).

Django's ``bulk_create``/``bulk_update`` compile every value through the ORM (~1 ms a row for a wide
model), SQLite caps them at 999 parameters a statement (13 rows of 73 columns), and on PostgreSQL
Django's client-side-binding cursor quotes every value in Python. These helpers run one statement
per row through the driver's ``executemany`` (psycopg's own cursor on PostgreSQL: server-side
binding, pipelined), with values prepared by each field exactly as ``save()`` would.

They write values only: no signals, no audit (call ``common.audit.log_bulk``), no ``full_clean``
(the calling service validates first).
"""

from __future__ import annotations

from django.db import connection


def executemany(sql: str, params: list) -> None:
    if not params:
        return
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            cursor.executemany(sql, params)
        return
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def insert_rows(model, objs: list) -> None:
    """INSERT ``objs`` (new instances, primary key left to the database). Ids are not read back."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    executemany(sql, [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objs])


def update_rows(model, objs: list, field_names, *, increment=()) -> None:
    """UPDATE ``field_names`` of ``objs`` (saved instances) to their current values; the columns named
    in ``increment`` go up by one in the same statement (``revision = revision + 1``)."""
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    sets = [f"{quote(f.column)} = %s" for f in fields]
    for name in increment:
        column = quote(model._meta.get_field(name).column)
        sets.append(f"{column} = {column} + 1")
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {', '.join(sets)} "  # noqa: S608
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    executemany(sql, [[*(f.get_db_prep_save(f.value_from_object(o), connection) for f in fields), o.pk] for o in objs])
