"""The registry loader on generated YAML, CSV and XLSX documents: it either returns a
registry or raises RegistryError listing the problems, never anything else."""
from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from govpatrol.registry.entries import RegistryError
from govpatrol.registry.tables import import_table
from govpatrol.registry.validation import load_registry, parse_registry_text
from tests.fuzz.profile import fuzz
from tests.fuzz.strategies import HREFS, TEXT

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    TEXT, HREFS, st.sampled_from(["1234567890", "bm12345678", "true", "~",
                                                  "www.yx.gov.cn", "yx.gov.cn/", "weibo",
                                                  "wechat", "rss", "column", "mailbox"]))
KEYS = st.sampled_from(["name", "url", "organizer", "site_code", "render", "columns",
                        "accounts", "platform", "id", "feed", "articles", "category",
                        "sites", "platforms", "adapter", "base", "x", "", "1"])
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)), max_leaves=20)
SITES = st.dictionaries(KEYS, VALUES, max_size=7)
DOCUMENTS = st.one_of(
    st.builds(lambda sites, platforms: {"sites": sites, "platforms": platforms},
              st.lists(st.one_of(SITES, VALUES), max_size=4),
              st.one_of(st.none(), st.dictionaries(KEYS, VALUES, max_size=3))),
    st.builds(lambda sites: {"sites": sites}, st.lists(SITES, min_size=1, max_size=4)),
    VALUES)
# Raw YAML features a hand-edited file may hold: anchors, tags, flow style, bad indentation.
YAML_NOISE = st.sampled_from([
    "", "\n", "&a ", "*a", "!!python/object:os.system ", "!!binary ", "- ", ": ", "{", "[",
    "? ", "---\n", "...\n", "%YAML 1.1\n", "\t", "  ", "\"", "'", "#", "<<: *a\n", "\ufeff",
    "sites:\n", "  - name: 县\n    url: http://www.yx.gov.cn/\n", "\x85", "\u2028",
])


@fuzz(400)
@given(data=DOCUMENTS, noise=st.lists(st.tuples(st.integers(0, 400), YAML_NOISE), max_size=3))
def test_yaml_registry(data, noise):
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    for at, piece in noise:  # dropped into the document anywhere
        text = text[:at] + piece + text[at:]
    try:
        registry = parse_registry_text(text, "sites.yaml")
    except RegistryError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
    else:
        assert registry.sites


HEADERS = st.lists(st.sampled_from([
    "网站名称", "网址", "首页网址", "主办单位", "网站标识码", "序号", "备注", "微博", "公众号",
    "微博名称", "网址（首页）", "", "name", "url", "site_code", "客户端"]), min_size=1, max_size=8)
CELLS = st.one_of(st.none(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                  TEXT, HREFS, st.sampled_from(["www.yx.gov.cn", "1234567890", "123;456",
                                                "https://weibo.com/u/1234567", "县政府；市政府"]))
ROWS = st.lists(st.lists(CELLS, max_size=8), max_size=8)


def _rows(title, header, rows):
    return ([title] if title else []) + [header] + rows


@fuzz(300)
@given(title=st.one_of(st.none(), st.lists(CELLS, max_size=2)), header=HEADERS, rows=ROWS,
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "gbk"]),
       quoting=st.sampled_from(['"', "", '"\n"', '""']))
def test_csv_import(title, header, rows, encoding, quoting):
    text = "\n".join(",".join(quoting + ("" if c is None else str(c)) + quoting for c in row)
                     for row in _rows(title, header, rows))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "sites.csv")
        path.write_bytes(text.encode(encoding, errors="replace"))
        _import(path)


@fuzz(40)
@given(title=st.one_of(st.none(), st.lists(CELLS, max_size=2)), header=HEADERS, rows=ROWS)
def test_xlsx_import(title, header, rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in _rows(title, header, rows):
        sheet.append([_cell(c) for c in row])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "sites.xlsx")
        book.save(path)
        _import(path)


def _cell(value):
    # openpyxl refuses control characters in cells, as Excel does; a real file has none.
    if isinstance(value, str):
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")
    return value


def _import(path: Path) -> None:
    try:
        registry = import_table(path)
    except RegistryError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
    else:
        assert registry.sites


@fuzz(60)
@given(data=DOCUMENTS, noise=st.binary(max_size=24), at=st.integers(0, 400),
       encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_registry_file_of_any_bytes(data, noise, at, encoding):
    """A registry file as saved by any editor, damaged anywhere."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    raw = text.encode(encoding, errors="replace")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "sites.yaml")
        path.write_bytes(raw[:at] + noise + raw[at:])
        try:
            registry = load_registry(path)
        except RegistryError as exc:
            assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
        else:
            assert registry.sites
