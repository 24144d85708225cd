"""The office's settings file, so that every command need not repeat them.

``govpatrol.yaml`` in the working directory, or the file named by ``$GOVPATROL_CONFIG``:

    database: postgresql+psycopg://inspect@db/govpatrol
    nameservers: ["10.0.0.53", "10.0.1.53:5353"]
    rulebook: /etc/govpatrol/rulebook.yaml
    allowed_networks: ["10.20.0.0/16"]   # intranet sites the inspection may reach
    queue: redis://queue.example:6379/0   # patrols run on workers (SPEC §7)
    issuer: 某某市人民政府办公室            # the office that issues the notices (发文单位)
    politeness: polite                    # polite (default), normal or fast (crawlers/politeness.py)

Options given on the command line win over the file.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from checks.yamlfile import describe, load_yaml
from crawlers.netpolicy import parse_networks
from crawlers.politeness import parse_politeness

CONFIG_ENV = "GOVPATROL_CONFIG"
DEFAULT_FILE = "govpatrol.yaml"
FIELDS = ("database", "nameservers", "rulebook", "allowed_networks", "queue", "issuer",
          "politeness")


class ConfigError(ValueError):
    """The settings file cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Config:
    database: str | None = None
    nameservers: list[str] = field(default_factory=list)
    rulebook: Path | None = None
    queue: str | None = None
    source: Path | None = None
    # Loopback and private networks (CIDR) requests may reach beyond the audited homepage's
    # own (crawlers.netpolicy); link-local, multicast and reserved ranges never open.
    allowed_networks: list[str] = field(default_factory=list)
    issuer: str | None = None  # 发文单位 of the notices
    politeness: str | None = None  # how hard crawls press a site; None: the default level


def config_path() -> Path | None:
    named = os.environ.get(CONFIG_ENV, "").strip()
    if named:
        return Path(named)
    local = Path(DEFAULT_FILE)
    return local if local.is_file() else None


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    if path is None:
        return Config()
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"无法读取设置文件 {path}：{exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"无法读取设置文件 {path}：不是 UTF-8 文本") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"设置文件 {path} 不是有效的 YAML（{describe(exc)}）") from None
    if not isinstance(data, dict):
        raise ConfigError(f"设置文件 {path} 应为映射（{'、'.join(FIELDS)}）")
    unknown = sorted(set(map(str, data)) - set(FIELDS))
    if unknown:
        raise ConfigError(f"设置文件 {path}：未知字段 {'、'.join(unknown)}（可用：{'、'.join(FIELDS)}）")
    nameservers = data.get("nameservers") or []
    if isinstance(nameservers, str):
        nameservers = [nameservers]
    if not isinstance(nameservers, list) or not all(isinstance(v, str) for v in nameservers):
        raise ConfigError(f"设置文件 {path}：nameservers 应为 HOST[:PORT] 的列表")
    for key in ("database", "rulebook", "queue", "issuer"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise ConfigError(f"设置文件 {path}：{key} 应为文字")
    allowed = data.get("allowed_networks") or []
    if isinstance(allowed, str):
        allowed = [allowed]
    if not isinstance(allowed, list) or not all(isinstance(v, str) for v in allowed):
        raise ConfigError(f"设置文件 {path}：allowed_networks 应为网段（如 10.20.0.0/16）的列表")
    try:
        parse_networks(allowed)
    except ValueError as exc:
        raise ConfigError(f"设置文件 {path}：allowed_networks 中的网段无效（{exc}）") from None
    politeness = None
    if data.get("politeness") is not None:
        try:
            politeness = parse_politeness(data["politeness"])
        except ValueError as exc:
            raise ConfigError(f"设置文件 {path}：politeness {exc}") from None
    rulebook = Path(data["rulebook"]) if data.get("rulebook") else None
    if rulebook is not None and not rulebook.is_absolute():
        rulebook = path.parent / rulebook  # relative to the settings file, not the caller
    return Config(database=data.get("database"), nameservers=list(nameservers),
                  rulebook=rulebook, queue=data.get("queue"), source=path,
                  allowed_networks=[str(v).strip() for v in allowed],
                  issuer=(data.get("issuer") or "").strip() or None, politeness=politeness)
