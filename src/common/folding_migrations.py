"""Migration operations for folded search columns (``common.models.FoldedSearchModel``).

``fill_folded(...)`` fills ``search_folded`` of existing rows; ``trigram_index(table)`` adds a
PostgreSQL trigram index (pg_trgm, a trusted extension) so ``search_folded LIKE '%word%'`` stays
fast at national scale. On SQLite the index is skipped: SQLite scans the column, which is short.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, migrations, transaction

from common.folding import fold_all

logger = logging.getLogger(__name__)
BATCH = 2000


def fill_folded(app_label: str, model_name: str, source: Callable, select_related: tuple = ()):
    """Fill ``search_folded`` of every existing row (one UPDATE statement per batch of rows)."""

    def forward(apps, schema_editor):
        connection = schema_editor.connection
        model = apps.get_model(app_label, model_name)
        table, pk = connection.ops.quote_name(model._meta.db_table), model._meta.pk.column
        # Identifiers come from the model (quoted), values are parameters.
        sql = f"UPDATE {table} SET search_folded = %s WHERE {connection.ops.quote_name(pk)} = %s"  # noqa: S608
        queryset = model._base_manager.using(connection.alias).select_related(*select_related).order_by("pk")
        batch = []
        with connection.cursor() as cursor:
            for obj in queryset.iterator(chunk_size=BATCH):
                batch.append((fold_all(*source(obj)), obj.pk))
                if len(batch) >= BATCH:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=True)


def trigram_index(table: str, column: str = "search_folded"):
    name = f"{table}_{column}_trgm"[:63]

    def forward(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        try:
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError:
            logger.warning("pg_trgm is not available; %s.%s is searched without a trigram index", table, column)
            return
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)')

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forward, backward)
