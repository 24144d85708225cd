"""The one YAML reader for every file the product reads (registry, settings, rulebook).

PyYAML's safe loader still expands aliases without limit (a 430-byte "billion laughs"
document takes gigabytes) and lets a repeated key silently replace the first. This reader
refuses both, and documents too large or too deeply nested, with an error that names the
line, so a hand-edited file fails loudly instead of being read as something else.
"""
from __future__ import annotations

from typing import Any

import yaml

MAX_BYTES = 20 * 1024 * 1024  # a national registry of every government site is a few MB
MAX_ALIASES = 64  # a hand-written file shares a few blocks, never hundreds
MAX_ALIAS_NODES = 10_000  # nodes aliases may add beyond those written out


class YAMLLimitError(yaml.MarkedYAMLError):
    """A document refused by a bound or for a repeated key; ``problem_mark`` is where."""


def describe(exc: yaml.YAMLError) -> str:
    """One line for a message: "第3行：<what is wrong>" (PyYAML's own text spans lines)."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return (f"第{mark.line + 1}行：" if mark is not None else "") + problem


def load_yaml(text: str) -> Any:
    """The data of one YAML document (None when empty); raises ``yaml.YAMLError``."""
    return parse_yaml(text)[0]


def parse_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """(data, root node) of one YAML document; the node carries each value's line."""
    if len(text) > MAX_BYTES:
        raise YAMLLimitError(problem=f"文件超过{MAX_BYTES // (1024 * 1024)} MB上限 / "
                                     "the document is larger than the limit")
    loader = _BoundedLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None
        _check_expansion(root)
        return loader.construct_document(root), root
    except RecursionError:
        raise YAMLLimitError(problem="嵌套层数过深 / nested too deeply") from None
    finally:
        loader.dispose()


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader, counting aliases as it composes and refusing repeated keys."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.alias_count = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                raise YAMLLimitError(
                    problem=f"别名(*)超过{MAX_ALIASES}个 / more than {MAX_ALIASES} aliases",
                    problem_mark=self.peek_event().start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _value in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # "<<" merges may be overridden, that is their purpose
                key = self.construct_object(key_node, deep=deep)
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: the safe loader reports it
                    continue
                seen.setdefault(key, key_node.start_mark.line + 1)
                if first is not None:
                    raise YAMLLimitError(
                        problem=f"键 {str(key)[:80]!r} 重复(第{first}行已有) / "
                                f"duplicate key (first on line {first})",
                        problem_mark=key_node.start_mark)
        return super().construct_mapping(node, deep=deep)


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand past MAX_ALIAS_NODES nodes (or into a loop)."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = _children(node)
        if children_done:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            continue
        if key in open_nodes:
            raise YAMLLimitError(problem="别名指向自身 / a recursive alias",
                                 problem_mark=node.start_mark)
        open_nodes.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in open_nodes:
                raise YAMLLimitError(problem="别名指向自身 / a recursive alias",
                                     problem_mark=child.start_mark)
            stack.append((child, False))
    written = len(sizes)
    if sizes[id(root)] - written > MAX_ALIAS_NODES:
        raise YAMLLimitError(
            problem=f"别名展开后过大(超过{MAX_ALIAS_NODES}个节点) / aliases expand too far",
            problem_mark=root.start_mark)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []
