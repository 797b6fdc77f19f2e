"""The admin API for librarians' scripts: reindex jobs from the configured sources, their
progress and history, rollback. Included only when an admin token is configured.

Jobs run in their own process (`indexer.jobs`): a request here only spawns or inspects one,
so the server keeps answering searches and never holds the index writer.
"""
from __future__ import annotations

import os
from dataclasses import asdict
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from indexer import jobs
from indexer.build import BuildOptions
from indexer.build import rollback as rollback_index
from indexer.generations import IndexDirError, current_name
from search_api import config as configfile
from search_api.deps import get_settings, require_admin
from search_api.jsonresponse import JSONResponse
from search_api.request import BadRequest
from search_api.settings import Settings

NO_STORE = {"Cache-Control": "no-store"}


router = APIRouter(prefix="/api/v1/admin", tags=["admin"], dependencies=[Depends(require_admin)])
SettingsDep = Annotated[Settings, Depends(get_settings)]
JobId = Annotated[str, Path(max_length=100, description="a job id as returned by POST /reindex")]


class ReindexRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sources: list[str] | None = Field(None, description="names of configured sources (default: all enabled ones)")
    force: bool | None = Field(None, description="switch in even when validation fails (default: the config's)")


def _config(settings: Settings) -> configfile.Config:
    if not settings.config_file:
        raise BadRequest("config_error", "no configuration file is set (VINDPLAATS_CONFIG); "
                                         "reindex jobs read the sources named there")
    try:
        return configfile.load(settings.config_file)
    except configfile.ConfigError as exc:
        raise BadRequest("config_error", str(exc)) from None


async def reindex_body(request: Request) -> ReindexRequest:
    """The optional JSON body, whatever the Content-Type says (`curl -d` sends form encoding)."""
    raw = await request.body()
    if not raw.strip():
        return ReindexRequest()
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadRequest("invalid_parameter", f"the body is not valid JSON: {exc}") from None
    if data is None:
        return ReindexRequest()
    try:
        return ReindexRequest.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise BadRequest("invalid_parameter", f"{where}: {first['msg']}") from None


@router.post("/reindex", status_code=202, summary="Start a full rebuild from the configured sources",
             openapi_extra={"requestBody": {"required": False, "content": {
                 "application/json": {"schema": ReindexRequest.model_json_schema()}}}})
def reindex(settings: SettingsDep, body: Annotated[ReindexRequest, Depends(reindex_body)]):
    config = _config(settings)
    try:
        chosen = config.select(body.sources)
    except configfile.UnknownSource as exc:
        raise BadRequest("unknown_source", str(exc)) from None
    except configfile.ConfigError as exc:
        raise BadRequest("config_error", str(exc)) from None
    missing = [s.name for s in chosen if "://" not in s.path and not os.path.exists(s.path)]
    if missing:
        raise BadRequest("config_error", "the path of source " + ", ".join(
            f"{n!r} ({config.sources[n].path})" for n in missing) + " does not exist")
    b = config.build
    options = BuildOptions(max_rejected_ratio=b.max_rejected, max_count_drop=b.max_drop,
                           force=b.force if body.force is None else body.force,
                           threads=b.threads, heap_bytes=b.heap_mb * 1_000_000)
    try:
        job = jobs.start(settings.index_dir, [s.spec for s in chosen], options, labels=[s.name for s in chosen])
    except jobs.JobConflict as exc:
        raise HTTPException(409, f"{exc}; wait for it to finish (GET /api/v1/admin/jobs)") from None
    url = f"/api/v1/admin/jobs/{job}"
    return JSONResponse({"job": job, "state": "queued", "sources": [s.name for s in chosen], "url": url},
                        status_code=202, headers={"Location": url, **NO_STORE})


@router.get("/jobs", summary="Job history, newest first")
def job_list(settings: SettingsDep, limit: Annotated[int, Query(ge=1, le=500)] = 50):
    return JSONResponse({"jobs": jobs.history(settings.index_dir, limit)}, headers=NO_STORE)


@router.get("/jobs/{job}", summary="One job: live progress while it runs, the full report when done")
def job_status(settings: SettingsDep, job: JobId):
    info = jobs.get(settings.index_dir, job)
    if info is None:
        raise HTTPException(404, f"no job {job!r}")
    return JSONResponse(info, headers=NO_STORE)


@router.post("/jobs/{job}/cancel", status_code=202, summary="Stop a running job; the live generation stays")
def job_cancel(settings: SettingsDep, job: JobId):
    if jobs.get(settings.index_dir, job) is None:
        raise HTTPException(404, f"no job {job!r}")
    if not jobs.cancel(settings.index_dir, job):
        raise HTTPException(409, f"job {job} is not running")
    return JSONResponse({"job": job, "state": "stopping"}, status_code=202, headers=NO_STORE)


@router.post("/rollback", summary="Serve the previous generation again")
def rollback(settings: SettingsDep):
    before = current_name(settings.index_dir)
    try:
        live = rollback_index(settings.index_dir)
    except IndexDirError as exc:
        raise HTTPException(409, str(exc)) from None
    return JSONResponse({"live": live, "previous": before}, headers=NO_STORE)


@router.get("/sources", summary="The sources a reindex job can read, from the configuration file")
def sources(settings: SettingsDep):
    config = _config(settings)
    return JSONResponse({
        "config": str(config.path),
        "sources": [{"name": s.name, "kind": s.kind, "path": s.path, "enabled": s.enabled,
                     "exists": "://" in s.path or os.path.exists(s.path)} for s in config.sources.values()],
        "build": asdict(config.build),
    }, headers=NO_STORE)
