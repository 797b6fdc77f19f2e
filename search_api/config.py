"""The configuration file (`VINDPLAATS_CONFIG`): the named sources a reindex job may read.

A TOML file, for example:

    [build]
    max_rejected = 0.05      # refuse the switch above this share of rejected records
    max_drop = 0.20          # refuse when the record count falls by more than this share
    threads = 0              # indexing threads (0: one per core)
    heap_mb = 256            # indexing memory budget

    [sources.catalogus]
    kind = "marc"
    path = "data/catalogus.mrc"       # relative to this file's folder

    [sources.kb]
    kind = "oai"
    path = "https://oai.example.nl/oai?metadataPrefix=oai_dc&set=boeken"
    enabled = false                   # not in a reindex without an explicit source list

The file is read again for every job, so a librarian can change it without restarting the
server. Tables other than `build` and `sources` are left to whoever needs them; unknown keys
inside these two are refused, because a misspelt `max_rejected` would otherwise be silently
ignored.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from corpus.readers import READERS

SOURCE_KEYS = {"kind", "path", "enabled"}
MIN_HEAP_MB = 16
BUILD_KEYS = {"max_rejected": float, "max_drop": float, "threads": int, "heap_mb": int, "force": bool}


class ConfigError(ValueError):
    """The configuration file is missing, unreadable, or says something we cannot use."""


class UnknownSource(ConfigError):
    """A job asked for a source name the configuration does not define."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    path: str  # absolute path, or a URL for harvested sources
    enabled: bool = True

    @property
    def spec(self) -> str:
        """The command line's `KIND:PATH` form, as the indexer takes it."""
        return f"{self.kind}:{self.path}"


@dataclass(frozen=True)
class BuildSettings:
    max_rejected: float = 0.05
    max_drop: float = 0.20
    threads: int = 0
    heap_mb: int = 256
    force: bool = False


@dataclass(frozen=True)
class Config:
    path: Path
    sources: dict[str, Source] = field(default_factory=dict)
    build: BuildSettings = field(default_factory=BuildSettings)

    def select(self, names: list[str] | None) -> list[Source]:
        """The sources a job reads: the named ones in the given order, or every enabled one."""
        if names is None:
            chosen = [s for s in self.sources.values() if s.enabled]
            if not chosen:
                raise ConfigError(f"{self.path.name} defines no enabled source")
            return chosen
        if not names:
            raise ConfigError("the source list is empty; name at least one source or leave it out")
        unknown = [n for n in names if n not in self.sources]
        if unknown:
            known = ", ".join(sorted(self.sources)) or "none"
            raise UnknownSource(f"unknown source {', '.join(map(repr, unknown))}; configured sources: {known}")
        return [self.sources[n] for n in dict.fromkeys(names)]


def load(path: str | Path) -> Config:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"configuration file {path} does not exist") from None
    except OSError as exc:
        raise ConfigError(f"configuration file {path} cannot be read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"configuration file {path} is not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"configuration file {path} is not valid TOML: {exc}") from None
    base = path.resolve().parent
    return Config(path=path, sources=_sources(data.get("sources", {}), base, path.name),
                  build=_build(data.get("build", {}), path.name))


def _sources(table: object, base: Path, where: str) -> dict[str, Source]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [sources] must be a table of [sources.NAME] tables")
    out = {}
    for name, entry in table.items():
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: sources.{name} must be a table with kind and path")
        extra = set(entry) - SOURCE_KEYS
        if extra:
            raise ConfigError(f"{where}: sources.{name} has unknown keys: {', '.join(sorted(extra))}")
        kind, raw = entry.get("kind"), entry.get("path")
        if kind not in READERS:
            raise ConfigError(f"{where}: sources.{name} has kind {kind!r}; known kinds: {', '.join(sorted(READERS))}")
        if not isinstance(raw, str) or not raw.strip():
            raise ConfigError(f"{where}: sources.{name} needs a path (a file, a folder or a URL)")
        enabled = entry.get("enabled", True)
        if not isinstance(enabled, bool):
            raise ConfigError(f"{where}: sources.{name}.enabled must be true or false")
        out[name] = Source(name, kind, _resolve(raw.strip(), base), enabled)
    return out


def _resolve(raw: str, base: Path) -> str:
    if "://" in raw:
        return raw  # a harvested source's URL
    p = Path(raw).expanduser()
    return str(p if p.is_absolute() else (base / p).resolve())


def _build(table: object, where: str) -> BuildSettings:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [build] must be a table")
    extra = set(table) - set(BUILD_KEYS)
    if extra:
        raise ConfigError(f"{where}: [build] has unknown keys: {', '.join(sorted(extra))}; "
                          f"known: {', '.join(BUILD_KEYS)}")
    values = {}
    for key, value in table.items():
        want = BUILD_KEYS[key]
        ok = isinstance(value, bool) if want is bool else \
            isinstance(value, (int, float)) and not isinstance(value, bool) and (want is float or isinstance(value, int))
        if not ok:
            raise ConfigError(f"{where}: build.{key} must be {'true or false' if want is bool else want.__name__}")
        values[key] = want(value)
    for key in ("max_rejected", "max_drop"):
        if key in values and not 0 <= values[key] <= 1:
            raise ConfigError(f"{where}: build.{key} is a share between 0 and 1, not {values[key]}")
    if values.get("threads", 0) < 0:
        raise ConfigError(f"{where}: build.threads cannot be negative")
    if values.get("heap_mb", MIN_HEAP_MB) < MIN_HEAP_MB:  # tantivy refuses a smaller writer budget
        raise ConfigError(f"{where}: build.heap_mb must be at least {MIN_HEAP_MB}")
    return BuildSettings(**values)
