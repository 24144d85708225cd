"""``govpatrol user`` and ``govpatrol serve`` from the command line: users with hashed
passwords, tokens that open the API, and a port in use as one line with exit status 2."""
from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

from fastapi.testclient import TestClient

from govpatrol.web.actions import WebSettings
from govpatrol.web.app import create_app
from storage import models as m
from storage.db import Database
from tests.support.cli import cli_command, run_cli


def _run(args: list[str], stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(cli_command(*args), input=stdin, capture_output=True, text=True,
                          timeout=60, env={**os.environ, "COLUMNS": "200"})


def test_user_add_and_token(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'users.db'}"
    added = _run(["user", "add", "li", "--role", "inspector", "--password-stdin", "--database", url],
                 "long enough password\n")
    assert added.returncode == 0, added.stderr
    again = _run(["user", "add", "li", "--role", "viewer", "--password-stdin", "--database", url],
                 "another password\n")
    assert again.returncode == 2 and "已存在" in again.stderr
    short = _run(["user", "add", "zhao", "--role", "viewer", "--password-stdin", "--database", url],
                 "short\n")
    assert short.returncode == 2 and "密码至少" in short.stderr
    bad_role = _run(["user", "add", "zhao", "--role", "boss", "--password-stdin", "--database", url],
                    "long enough password\n")
    assert bad_role.returncode == 2 and "角色" in bad_role.stderr
    issued = run_cli("user", "token", "li", "--database", url)
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip()
    db = Database(url)
    try:
        with db.session() as session:
            user = session.query(m.User).filter_by(name="li").one()
            assert user.role == "inspector" and user.password_hash.startswith("$argon2")
            assert "long enough password" not in user.password_hash
            assert session.query(m.ApiToken).one().token_hash != token  # only its digest is kept
        client = TestClient(create_app(db, WebSettings(work_dir=tmp_path)))
        answer = client.get("/api/v1/sites", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200 and answer.json() == []
        assert run_cli("user", "token", "nobody", "--database", url).returncode == 2
        listed = run_cli("user", "list", "--database", url)
        assert listed.stdout.split() == ["li", "inspector", "检查员"]
    finally:
        db.dispose()


def test_serve_on_a_port_in_use_says_so_in_one_line(tmp_path: Path) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        port = taken.getsockname()[1]
        answer = run_cli("serve", "--port", str(port), "--database",
                         f"sqlite:///{tmp_path / 'serve.db'}", timeout=60)
    finally:
        taken.close()
    assert answer.returncode == 2
    lines = answer.stderr.strip().splitlines()
    assert lines == [f"错误：端口 {port} 已被占用（127.0.0.1），请用 --port 另选端口"]


def test_notice_command_counts_findings_awaiting_review(tmp_path: Path) -> None:
    from govpatrol.reviews import review_finding
    from tests.web.conftest import store_sample

    url = f"sqlite:///{tmp_path / 'notice.db'}"
    db = Database(url)
    try:
        stored = store_sample(db)
        with db.session() as session:
            review_finding(session, stored.broken_finding, "dismiss", "误报", "li")
    finally:
        db.dispose()
    answer = run_cli("notice", "--period", "2026-11", "--out", str(tmp_path / "notice"),
                     "--no-screenshots", "--database", url)
    assert answer.returncode == 0, answer.stderr
    assert "人工复核：通报所列问题中待复核1个；已排除1个（不列入通报）" in answer.stderr


def test_notice_issuer_from_the_settings_file(tmp_path: Path) -> None:
    from docx import Document

    from tests.web.conftest import store_sample

    url = f"sqlite:///{tmp_path / 'issuer.db'}"
    db = Database(url)
    try:
        store_sample(db)
    finally:
        db.dispose()
    config = tmp_path / "govpatrol.yaml"
    config.write_text("issuer: 云溪市人民政府办公室\n", encoding="utf-8")
    answer = subprocess.run(
        cli_command("notice", "--period", "2026-11", "--out", str(tmp_path / "notice"),
                    "--no-screenshots", "--database", url),
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "COLUMNS": "200", "GOVPATROL_CONFIG": str(config)})
    assert answer.returncode == 0, answer.stderr
    text = "\n".join(p.text for p in Document(str(tmp_path / "notice" / "notice.docx")).paragraphs)
    assert "云溪市人民政府办公室" in text
    config.write_text("issuer: [1, 2]\n", encoding="utf-8")
    bad = subprocess.run(cli_command("notice", "--period", "2026-11", "--out", str(tmp_path / "n2"),
                                     "--database", url),
                         capture_output=True, text=True, timeout=60,
                         env={**os.environ, "COLUMNS": "200", "GOVPATROL_CONFIG": str(config)})
    assert bad.returncode == 2 and "issuer" in bad.stderr
