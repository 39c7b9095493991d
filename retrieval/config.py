"""Retrieval settings, read once from the environment or `.env`."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class RetrievalSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True)

    data_dir: Path = Field(default=Path("data"), description="Where the embedded Chroma store lives")
    chroma_host: str | None = Field(default=None, description="Chroma server host; embedded store if unset")
    chroma_port: int | None = Field(default=None, description="Chroma server port")
    embed_threads: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description="CPU threads for the embedding model; unset: every core (the bot: cores / SEARCH_WORKERS)",
    )

    @property
    def model_threads(self) -> int:
        """The embedding model's threads: one search at a time here, so every core."""
        return self.embed_threads or os.cpu_count() or 1

    @property
    def uses_server(self) -> bool:
        return bool(self.chroma_host)
