"""The registry's entries (SPEC §5): sites, the columns a registry pins, new-media accounts."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from crawlers.newmedia import account_key


class RegistryError(ValueError):
    """The registry cannot be used; ``problems`` lists every reason, one line each."""

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class ColumnPin:
    """A column the registry pins or corrects (its category when the name misleads)."""

    url: str
    category: str | None = None
    name: str | None = None
    render: bool = False  # read this column through the browser, whatever its markup says

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = without_none({"url": self.url, "category": self.category,
                                             "name": self.name})
        if self.render:
            data["render"] = True
        return data


@dataclass(frozen=True)
class AccountEntry:
    """A new-media account: a platform id (微博 UID), a feed URL, or WeChat article pages."""

    platform: str
    id: str | None = None
    feed: str | None = None
    name: str | None = None
    url: str | None = None
    articles: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """What identifies the account on its platform (``Account.key`` in storage)."""
        return account_key(self.as_dict())

    @property
    def label(self) -> str:
        return f"{self.platform}:{self.name or self.key}"

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = without_none({"platform": self.platform, "id": self.id,
                                             "feed": self.feed, "url": self.url,
                                             "name": self.name})
        if self.articles:
            data["articles"] = list(self.articles)
        return data


@dataclass(frozen=True)
class SiteEntry:
    name: str
    url: str
    organizer: str | None = None
    site_code: str | None = None
    columns: tuple[ColumnPin, ...] = ()
    accounts: tuple[AccountEntry, ...] = ()
    render: bool = False  # read every page through the browser (sites drawn by script)
    politeness: str | None = None  # this site's crawl level (crawlers/politeness.py); None: the patrol's

    def force_render(self) -> list[str]:
        """What the crawl must read through the browser: "*" for the whole site."""
        return ["*"] if self.render else [c.url for c in self.columns if c.render]

    def site_fields(self) -> dict[str, str]:
        """The fields stored on the ``Site`` row."""
        return without_none({"name": self.name, "organizer": self.organizer,
                             "site_code": self.site_code})

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "url": self.url}
        data.update(without_none({"organizer": self.organizer, "site_code": self.site_code}))
        if self.render:
            data["render"] = True
        if self.politeness:
            data["politeness"] = self.politeness
        if self.columns:
            data["columns"] = [c.as_dict() for c in self.columns]
        if self.accounts:
            data["accounts"] = [a.as_dict() for a in self.accounts]
        return data


@dataclass(frozen=True)
class Registry:
    sites: tuple[SiteEntry, ...]
    platforms: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    source: str | None = None  # the file it was read from

    @property
    def accounts(self) -> list[tuple[SiteEntry, AccountEntry]]:
        return [(site, account) for site in self.sites for account in site.accounts]

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"sites": [s.as_dict() for s in self.sites]}
        if self.platforms:
            data["platforms"] = {k: dict(v) for k, v in self.platforms.items()}
        return data


def without_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}
