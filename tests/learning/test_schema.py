"""Migration 3: upgrading a version 2 database keeps its rows; the DDL matches the SQLModel tables."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateTable
from sqlmodel import SQLModel

from edu_app.learning import FixedClock, LearningService, PackCatalog
from edu_app.learning.persistence import LEARNING_TABLES
from edu_app.services.profiles import ProfileService
from edu_app.store.database import DB_FILENAME, open_database
from edu_app.store.migrations import LATEST_VERSION, current_version, migrate

from tests.learning.conftest import AF, answer_lesson


def test_upgrade_from_version_2_keeps_profiles_and_they_can_learn(tmp_path: Path, catalog: PackCatalog) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / DB_FILENAME}")
    with engine.begin() as conn:
        migrate(conn, target=2)
        conn.execute(
            text(
                "INSERT INTO profile (id, nickname, nickname_key, language, theme, created_at) VALUES"
                " (1, 'Ann', 'ann', 'en', 'dark', '2026-01-01 00:00:00'),"
                " (2, '小明', '小明', 'zh-CN', 'system', '2026-01-02 00:00:00')"
            )
        )
    engine.dispose()

    opened = open_database(tmp_path)
    assert opened.moved_aside is None
    with opened.database.engine.connect() as conn:
        assert current_version(conn) == LATEST_VERSION >= 3
    profiles = ProfileService(opened.database).list()
    assert [(p.id, p.nickname, p.language, p.theme) for p in profiles] == [
        (1, "Ann", "en", "dark"),
        (2, "小明", "zh-CN", "system"),
    ]
    service = LearningService(opened.database, catalog, FixedClock(datetime(2026, 11, 23, tzinfo=UTC), UTC))
    answer_lesson(service, catalog, 2, AF, "guaranteed-returns")
    assert service.progress(2, "zh-CN").lessons_completed == 1
    opened.database.close()


def _reflected(tmp_path: Path) -> dict[str, dict]:
    opened = open_database(tmp_path)
    with opened.database.engine.connect() as conn:
        inspector = inspect(conn)
        schema = {
            table.__tablename__: {
                "columns": {
                    c["name"]: (c["type"]._type_affinity, c["nullable"], getattr(c["type"], "length", None))
                    for c in inspector.get_columns(table.__tablename__)
                },
                "pk": inspector.get_pk_constraint(table.__tablename__)["constrained_columns"],
                "fks": [
                    (f["constrained_columns"], f["referred_table"])
                    for f in inspector.get_foreign_keys(table.__tablename__)
                ],
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"])) for i in inspector.get_indexes(table.__tablename__)
                ),
            }
            for table in LEARNING_TABLES
        }
    opened.database.close()
    return schema


@pytest.mark.parametrize("model", LEARNING_TABLES, ids=lambda m: m.__tablename__)
def test_migration_ddl_matches_the_model(tmp_path: Path, model: type[SQLModel]) -> None:
    reflected = _reflected(tmp_path)[model.__tablename__]
    table = model.__table__  # type: ignore[attr-defined]
    expected_columns = {
        column.name: (column.type._type_affinity, column.nullable, getattr(column.type, "length", None))
        for column in table.columns
    }
    assert reflected["columns"] == expected_columns
    assert reflected["pk"] == [column.name for column in table.primary_key.columns]
    assert reflected["fks"] == [([fk.parent.name], fk.column.table.name) for fk in table.foreign_keys]
    assert reflected["indexes"] == sorted((i.name, tuple(c.name for c in i.columns)) for i in table.indexes)


def test_the_models_compile_for_postgresql() -> None:
    for model in LEARNING_TABLES:
        ddl = str(CreateTable(model.__table__).compile(dialect=postgresql.dialect()))  # type: ignore[attr-defined]
        assert "TIMESTAMP WITH TIME ZONE" in ddl or "TIMESTAMP" not in ddl
