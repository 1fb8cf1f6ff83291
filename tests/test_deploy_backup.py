"""deploy/backup.sh against a real PostgreSQL server (the test server of scripts/services.sh).

The script runs pg_dump, pg_restore and psql through `$COMPOSE exec -T postgres sh -c ...`;
here COMPOSE is a two-line stand-in that runs the command on this machine with the same
variables the postgres container has (POSTGRES_USER, POSTGRES_DB), so the real tools talk
to the real server. `make deploy-check` runs the same script through docker-compose.
"""

import os
import secrets
import subprocess
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVER = {"host": "127.0.0.1", "port": 54329, "user": "postgres", "password": "postgres"}
EXEC_HERE = """#!/bin/sh
[ "$1 $2 $3" = "exec -T postgres" ] || { echo "unexpected: $*" >&2; exit 64; }
shift 3
exec "$@"
"""


def admin(sql: str) -> None:
    with psycopg.connect(**SERVER, dbname="postgres", autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture
def databases():
    """Two throwaway databases: `source` with rows, `target` empty."""
    suffix = secrets.token_hex(4)
    names = {"source": f"cc_backup_src_{suffix}", "target": f"cc_backup_dst_{suffix}"}
    try:
        for name in names.values():
            admin(f"CREATE DATABASE {name}")
    except psycopg.OperationalError as exc:
        pytest.skip(f"no test PostgreSQL on :54329 (scripts/services.sh up): {exc}")
    with psycopg.connect(**SERVER, dbname=names["source"], autocommit=True) as conn:
        conn.execute("CREATE TABLE account (id serial PRIMARY KEY, email text UNIQUE)")
        conn.execute(
            "CREATE TABLE note (id serial PRIMARY KEY, "
            "account_id int REFERENCES account(id), body text)"
        )
        conn.execute(
            "INSERT INTO account (email) SELECT 'u' || g || '@x.test' FROM generate_series(1, 300) g"
        )
        conn.execute(
            "INSERT INTO note (account_id, body) SELECT 1 + g % 300, 'note ' || g FROM generate_series(1, 1000) g"
        )
    yield names
    for name in names.values():
        admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def backup(tmp_path: Path, database: str, *args: str) -> subprocess.CompletedProcess:
    compose = tmp_path / "compose-exec-here"
    compose.write_text(EXEC_HERE)
    compose.chmod(0o755)
    env = {
        **os.environ,
        "COMPOSE": str(compose),
        "PGHOST": SERVER["host"],
        "PGPORT": str(SERVER["port"]),
        "PGPASSWORD": SERVER["password"],
        "POSTGRES_USER": SERVER["user"],
        "POSTGRES_DB": database,
    }
    return subprocess.run(
        ["bash", str(ROOT / "deploy" / "backup.sh"), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def contents(database: str) -> dict:
    with psycopg.connect(**SERVER, dbname=database) as conn:
        return {
            "accounts": conn.execute("SELECT count(*), max(email) FROM account").fetchone(),
            "notes": conn.execute(
                "SELECT count(*), sum(account_id), max(body) FROM note"
            ).fetchone(),
            "sequence": conn.execute("SELECT last_value FROM account_id_seq").fetchone(),
        }


def test_a_backup_restored_into_a_new_database_has_the_same_rows(databases, tmp_path):
    dump = backup(tmp_path, databases["source"], "dump", str(tmp_path / "b.dump"))
    assert dump.returncode == 0, dump.stderr
    assert dump.stdout.strip() == str(tmp_path / "b.dump")
    assert (tmp_path / "b.dump").stat().st_mode & 0o077 == 0  # personal data: owner only

    restore = backup(tmp_path, databases["target"], "restore", str(tmp_path / "b.dump"))

    assert restore.returncode == 0, restore.stderr
    assert contents(databases["target"]) == contents(databases["source"])


def test_a_restore_never_writes_over_a_database_that_has_tables(databases, tmp_path):
    """Guards against restoring over live data: only a new, empty database is accepted."""
    assert backup(tmp_path, databases["source"], "dump", str(tmp_path / "b.dump")).returncode == 0
    with psycopg.connect(**SERVER, dbname=databases["source"], autocommit=True) as conn:
        conn.execute("INSERT INTO account (email) VALUES ('after-the-backup@x.test')")
    before = contents(databases["source"])

    restore = backup(tmp_path, databases["source"], "restore", str(tmp_path / "b.dump"))

    assert restore.returncode == 1
    assert "already has 2 tables" in restore.stderr
    assert contents(databases["source"]) == before


def test_a_failed_dump_leaves_no_file_that_looks_like_a_backup(databases, tmp_path):
    dump = backup(tmp_path, "cc_backup_no_such_database", "dump", str(tmp_path / "b.dump"))

    assert dump.returncode == 1
    assert "pg_dump failed" in dump.stderr
    assert list(tmp_path.glob("b.dump*")) == []


def test_a_broken_archive_is_refused_and_the_database_stays_empty(databases, tmp_path):
    broken = tmp_path / "broken.dump"
    broken.write_bytes(b"PGDMP" + b"\0" * 64)

    restore = backup(tmp_path, databases["target"], "restore", str(broken))

    assert restore.returncode == 1
    assert "pg_restore failed" in restore.stderr
    with psycopg.connect(**SERVER, dbname=databases["target"]) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone()[0] == 0
