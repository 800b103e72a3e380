"""Follow-up questions: making a question that leans on the conversation stand alone.

Offline, a question that points back ("Which country would it pass through?") is joined
to the user's previous question, which names what "it" is; a question that stands on
its own is left alone. The generative answerer asks the model to condense instead.
"""
from __future__ import annotations

import re

from .text import content_terms

Message = dict[str, str]  # OpenAI-style: {"role": "user" | "assistant", "content": "..."}

POINTING_BACK = re.compile(
    r"\b(it|its|it's|they|them|their|theirs|this|that|these|those|there|he|him|his|she|her|"
    r"such|same|former|latter|also|else|other|another)\b", re.I)


def user_turns(history: list[Message] | None) -> list[str]:
    return [m.get("content", "") for m in history or [] if m.get("role") == "user" and m.get("content")]


def is_follow_up(question: str) -> bool:
    return bool(POINTING_BACK.search(question)) or len(content_terms(question)) < 2


def standalone_question(question: str, history: list[Message] | None) -> str:
    previous = user_turns(history)
    if previous and is_follow_up(question):
        return f"{previous[-1]} {question}"
    return question
