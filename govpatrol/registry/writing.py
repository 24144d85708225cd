"""Writing a registry as YAML, e.g. one imported from an office's table."""
from __future__ import annotations

from pathlib import Path

import yaml

from govpatrol.registry.entries import Registry
from reports.writers import write_text


def registry_yaml(registry: Registry) -> str:
    return yaml.safe_dump(registry.as_dict(), allow_unicode=True, sort_keys=False,
                          default_flow_style=False, width=120)


def write_registry(registry: Registry, path: str | Path) -> Path:
    """Write the registry as YAML, replacing ``path`` in one rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_text(path, registry_yaml(registry))
