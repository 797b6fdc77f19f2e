"""Server settings, from the environment (the contract's variables) or given by tests."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from search_api.coverfetch import DEFAULT_COVER_HOSTS, TIMEOUT

# A development server answers under these names; a deployment adds its own (or sets the public URL).
DEFAULT_ALLOWED_HOSTS = ("localhost", "127.0.0.1", "::1", "testserver")


def _list(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def cover_hosts(value: str | None) -> tuple[str, ...]:
    """VINDPLAATS_COVER_HOSTS: host names, comma-separated (unset: the OBA data's; "none": no fetching)."""
    if (value or "").strip().lower() == "none":
        return ()
    return tuple(h.lower() for h in _list(value)) or DEFAULT_COVER_HOSTS


SERVE_RATE_LIMIT = 10.0


def _non_negative(name: str, value: str | None, default: float, unit: str, zero: str) -> float:
    """A setting that is a finite number of 0 or more; empty or unset: `default`."""
    if not (value or "").strip():
        return default
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{name} must be a number of {unit}, not {value!r}") from None
    if not number >= 0 or number == float("inf"):
        raise ValueError(f"{name} must be 0 ({zero}) or more, not {value!r}")
    return number


def rate(value: str | None) -> float:
    """VINDPLAATS_RATE_LIMIT: requests per second, a number of 0 or more (empty: off)."""
    return _non_negative("VINDPLAATS_RATE_LIMIT", value, 0.0, "requests per second", "off")


SEARCH_DEADLINE_MS = 2000.0  # a whole search's time; what is not done by then is left out and said so


def deadline_ms(value: str | None) -> float:
    """VINDPLAATS_SEARCH_DEADLINE_MS: milliseconds, 0 for none; empty or unset: SEARCH_DEADLINE_MS."""
    return _non_negative("VINDPLAATS_SEARCH_DEADLINE_MS", value, SEARCH_DEADLINE_MS, "milliseconds", "none")


def sample_from(value: str | None) -> int:
    """VINDPLAATS_FACET_SAMPLE_FROM: the records a search must surely match for its facet counts to
    be estimated from a sample (search_api.sampling), 0 for never; empty or unset: the default."""
    from search_api.sampling import SAMPLE_FROM

    return int(_non_negative("VINDPLAATS_FACET_SAMPLE_FROM", value, SAMPLE_FROM, "records", "never"))


@dataclass(frozen=True)
class Settings:
    index_dir: str = "var/index"
    admin_token: str | None = None
    cors_origins: tuple[str, ...] = ()
    ibl_url: str = "https://www.bibliotheek.nl/ibl?isbn={isbn}&ppn={ppn}&bibliotheek={library}"
    # Where an e-book or audiobook without an address of its own is borrowed: a search at the
    # national online library for its ISBN (its title without one); {isbn}, {ppn}, {title}, {id}
    # and {query} are filled in.
    online_library_url: str = "https://www.onlinebibliotheek.nl/zoeken.html?q={query}"
    reload_interval: float = 0.5
    config_file: str | None = None
    sitemap_limit: int = 50_000  # URLs a sitemap file holds (the protocol's maximum)
    # Where the site is for the outside world (scheme, host, path prefix): the source of every
    # absolute link. Without it, links come from the request, and only for the hosts below.
    public_url: str | None = None
    allowed_hosts: tuple[str, ...] = DEFAULT_ALLOWED_HOSTS
    trusted_proxies: tuple[str, ...] = ()  # peers (IPs, CIDRs) whose X-Forwarded-* headers count
    # Requests per second per client address (bursts of twice that); 0 is off. Off unless asked
    # for: `vindplaats serve` asks for SERVE_RATE_LIMIT by default.
    rate_limit: float = 0.0
    # VINDPLAATS_LIBRARIES: the libraries file (names, websites, reservations, branches, opening hours).
    libraries_file: str | None = None
    # VINDPLAATS_COVER_HOSTS: the hosts whose cover images the server fetches for /cover/{id}
    # ("none": draw every cover); VINDPLAATS_COVER_CACHE: where it keeps them (default: a
    # `covers` folder beside the index directory, not in it, so a rebuild does not empty it).
    cover_hosts: tuple[str, ...] = DEFAULT_COVER_HOSTS
    cover_cache_dir: str | None = None
    cover_timeout: float = TIMEOUT
    # VINDPLAATS_SEARCH_DEADLINE_MS: see search_api.service (facets, explain, suggestions left out after it).
    search_deadline_ms: float = SEARCH_DEADLINE_MS
    # VINDPLAATS_FACET_SAMPLE_FROM: see search_api.sampling (None: its default).
    facet_sample_from: int | None = None
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: dict | None = None) -> Settings:
        env = os.environ if env is None else env
        origins = tuple(o.strip().rstrip("/") for o in env.get("VINDPLAATS_CORS_ORIGINS", "").split(",") if o.strip())
        return cls(
            index_dir=env.get("VINDPLAATS_INDEX_DIR", "var/index"),
            admin_token=env.get("VINDPLAATS_ADMIN_TOKEN") or None,
            cors_origins=origins,
            ibl_url=env.get("VINDPLAATS_IBL_URL") or cls.ibl_url,
            online_library_url=env.get("VINDPLAATS_ONLINE_LIBRARY_URL") or cls.online_library_url,
            config_file=env.get("VINDPLAATS_CONFIG") or None,
            public_url=env.get("VINDPLAATS_PUBLIC_URL") or None,
            allowed_hosts=_list(env.get("VINDPLAATS_ALLOWED_HOSTS")) or DEFAULT_ALLOWED_HOSTS,
            trusted_proxies=_list(env.get("VINDPLAATS_TRUSTED_PROXIES")),
            rate_limit=rate(env.get("VINDPLAATS_RATE_LIMIT")),
            libraries_file=env.get("VINDPLAATS_LIBRARIES") or None,
            cover_hosts=cover_hosts(env.get("VINDPLAATS_COVER_HOSTS")),
            cover_cache_dir=env.get("VINDPLAATS_COVER_CACHE") or None,
            search_deadline_ms=deadline_ms(env.get("VINDPLAATS_SEARCH_DEADLINE_MS")),
            facet_sample_from=sample_from(env.get("VINDPLAATS_FACET_SAMPLE_FROM")),
        )

    def covers_dir(self) -> str:
        return self.cover_cache_dir or str(Path(self.index_dir).parent / "covers")
