"""The rulebook: every threshold the checks apply, from checks/rulebook.yaml plus an override.

An override file holds only the keys it changes; it is deep-merged into the defaults. Bad
input (unreadable YAML, a key the defaults do not have, a value of the wrong type) raises
``RulebookError`` with a message in Chinese and English that names the file and the key.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from checks.yamlfile import describe, load_yaml

DEFAULT_RULEBOOK = Path(__file__).with_name("rulebook.yaml")

# Lists whose entries must come from a fixed vocabulary (dotted key -> allowed values).
_CHOICES: dict[str, frozenset[str]] = {
    "identity.required": frozenset(
        {"site_code", "icp", "police_record", "organizer", "jiucuo", "conac"}),
}


class RulebookError(ValueError):
    """A rulebook file that cannot be used; the message says which file and key, and why."""


def load_rulebook(path: str | Path | None = None) -> dict[str, Any]:
    """The default rulebook, deep-merged with the override file at ``path`` when given."""
    rules = _read_mapping(DEFAULT_RULEBOOK)
    if path is not None:
        override = _read_mapping(Path(path))
        _merge(rules, override, source=Path(path), prefix="")
    return rules


def _read_mapping(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulebookError(
            f"无法读取规则文件 {path}：{exc} / cannot read rulebook {path}: {exc}") from None
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line_en = f" (line {where.line + 1})" if where is not None else ""
        raise RulebookError(
            f"规则文件 {path} 不是有效的YAML（{describe(exc)}） / "
            f"rulebook {path} is not valid YAML{line_en}") from None
    if data is None:  # an empty override changes nothing
        return {}
    if not isinstance(data, dict):
        raise RulebookError(
            f"规则文件 {path} 的顶层必须是键值映射 / rulebook {path}: the top level must be a mapping")
    return data


def _merge(base: dict[str, Any], override: dict[str, Any], *, source: Path, prefix: str) -> None:
    """Merge ``override`` into ``base`` in place, refusing unknown keys and wrong types."""
    for key, value in override.items():
        dotted = f"{prefix}{key}"
        if not isinstance(key, str) or key not in base:
            raise RulebookError(
                f"规则文件 {source} 中的键 {dotted} 未知 / rulebook {source}: unknown key {dotted!r}")
        default = base[key]
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise _type_error(source, dotted, default, value)
            _merge(default, value, source=source, prefix=f"{dotted}.")
            continue
        base[key] = _checked_value(default, value, source=source, dotted=dotted)


def _checked_value(default: Any, value: Any, *, source: Path, dotted: str) -> Any:
    if isinstance(default, list):
        if not isinstance(value, list):
            raise _type_error(source, dotted, default, value)
        if default:
            model = default[0]
            for entry in value:
                if not _same_kind(model, entry):
                    raise _type_error(source, f"{dotted}[]", model, entry)
        allowed = _CHOICES.get(dotted)
        if allowed is not None:
            unknown = [entry for entry in value if entry not in allowed]
            if unknown:
                raise RulebookError(
                    f"规则文件 {source} 中的键 {dotted} 含有未知取值 {unknown}（可选：{sorted(allowed)}）"
                    f" / rulebook {source}: {dotted} has unknown values {unknown}"
                    f" (allowed: {sorted(allowed)})")
        return copy.deepcopy(value)
    if not _same_kind(default, value):
        raise _type_error(source, dotted, default, value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
        raise RulebookError(
            f"规则文件 {source} 中的键 {dotted} 不能为负数 / rulebook {source}: {dotted} must not be negative")
    if dotted.endswith("_ratio") and value > 1:
        raise RulebookError(
            f"规则文件 {source} 中的键 {dotted} 是比例，应在0到1之间"
            f" / rulebook {source}: {dotted} is a ratio between 0 and 1")
    return float(value) if isinstance(default, float) else value


def _same_kind(default: Any, value: Any) -> bool:
    """Same type as the default; an int is accepted where a float is expected, a bool never."""
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    return type(value) is type(default)


_KIND_NAMES = {bool: ("布尔值", "boolean"), int: ("整数", "integer"), float: ("数值", "number"),
               str: ("字符串", "string"), list: ("列表", "list"), dict: ("键值映射", "mapping")}


def _type_error(source: Path, dotted: str, default: Any, value: Any) -> RulebookError:
    zh, en = _KIND_NAMES.get(type(default), ("相同类型", "the default's type"))
    return RulebookError(
        f"规则文件 {source} 中的键 {dotted} 应为{zh}，实际为 {value!r}"
        f" / rulebook {source}: {dotted} must be a {en}, got {value!r}")
