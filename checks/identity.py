"""Footer identity (国办发〔2017〕47号): 网站标识码, ICP and 公安 records, 主办单位, 找错 entrance."""
from __future__ import annotations

from datetime import date
from typing import Any, Iterator

from checks.base import Finding, NotChecked, rule
from checks.freshness import readable_homepage
from checks.observations import Observations

ELEMENT_LABELS = {
    "site_code": "网站标识码",
    "icp": "ICP备案号",
    "police_record": "公安机关备案号",
    "organizer": "主办单位",
    "jiucuo": "“我为政府网站找错”入口",
    "conac": "党政机关网站标识",
}


@rule("identity_missing", "deduct", "网站标识缺失")
def identity_missing(obs: Observations, rules: dict, as_of: date) -> Iterator[Finding]:
    homepage = readable_homepage(obs)
    identity = homepage.facts.get("identity")
    if identity is None:
        raise NotChecked("首页标识信息未提取 / homepage identity facts not recorded")
    required: list[str] = rules["identity"]["required"]
    missing = [element for element in required if not _present(identity, element)]
    if not missing:
        return
    labels = [ELEMENT_LABELS[element] for element in missing]
    evidence: dict[str, Any] = {
        "missing": missing,
        "missing_labels": labels,
        "found": {key: identity.get(key) for key in ELEMENT_LABELS if _present(identity, key)},
    }
    yield Finding(
        check="identity_missing", severity="deduct", url=obs.homepage, page=obs.homepage,
        message=f"首页缺少{'、'.join(labels)}", evidence=evidence)


def _present(identity: dict[str, Any], element: str) -> bool:
    if element == "jiucuo":  # the entrance is a script or a link; either one is enough
        return bool(identity.get("jiucuo")) or bool(identity.get("jiucuo_url"))
    value = identity.get(element)
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)
