"""Server settings, from the environment (the contract's variables) or given by tests."""
from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    index_dir: str = "var/index"
    admin_token: str | None = None
    cors_origins: tuple[str, ...] = ()
    ibl_url: str = "https://www.bibliotheek.nl/ibl?isbn={isbn}&ppn={ppn}&bibliotheek={library}"
    reload_interval: float = 0.5
    config_file: str | None = None
    sitemap_limit: int = 50_000  # URLs a sitemap file holds (the protocol's maximum)
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
            config_file=env.get("VINDPLAATS_CONFIG") or None,
        )
