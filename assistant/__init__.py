"""Treaty Assistant: cited answers about the Russia–Iran Comprehensive Strategic
Partnership Treaty, from the articles in a sources folder.

    from assistant import ask
    answer = ask("Does the pact include arms transfers?")
"""
from __future__ import annotations

import os
import threading

# The local embedding model ships inside a package; nothing may be fetched from a hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # the web chat never calls home

from .conversation import Message  # noqa: E402
from .core import Assistant, AnswerStream, QuestionError  # noqa: E402
from .errors import UserError  # noqa: E402
from .schema import Answer, Chunk, Citation, Claim, Passage, Source  # noqa: E402
from .settings import Settings  # noqa: E402

__all__ = ["Answer", "AnswerStream", "Assistant", "Chunk", "Citation", "Claim", "Message", "Passage",
           "QuestionError", "Settings", "Source", "UserError", "ask", "default_assistant"]

_default: Assistant | None = None
_default_lock = threading.Lock()


def default_assistant() -> Assistant:
    """The Assistant on the default settings (environment), created once per process."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Assistant()
        return _default


def ask(question: str, history: list[Message] | None = None) -> Answer:
    """Answer `question` from the default sources and index, with citations."""
    return default_assistant().ask(question, history=history)
