"""Follow-up questions: making a question that leans on the conversation stand alone.

Offline, a question that points back ("Which country would it pass through?") is joined
to the user's earlier questions back to the last one that stood on its own, which names
what "it" is; a question that stands on its own is left alone. The generative answerer
asks the model to condense instead.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .text import content_terms

if TYPE_CHECKING:
    from .answering.generative import ChatModel

Message = dict[str, str]  # OpenAI-style: {"role": "user" | "assistant", "content": "..."}

POINTING_BACK = re.compile(
    r"\b(it|its|it's|they|them|their|theirs|this|that|these|those|there|he|him|his|she|her|"
    r"such|same|former|latter|also|else|other|another|ones)\b", re.I)


def user_turns(history: list[Message] | None) -> list[str]:
    return [m.get("content", "") for m in history or [] if m.get("role") == "user" and m.get("content")]


def is_follow_up(question: str) -> bool:
    return bool(POINTING_BACK.search(question)) or len(content_terms(question)) < 2


MAX_JOINED = 3  # earlier questions joined at most: a long chain drifts off its topic


def standalone_question(question: str, history: list[Message] | None) -> str:
    if not is_follow_up(question):
        return question
    context: list[str] = []
    for turn in reversed(user_turns(history)[-MAX_JOINED:]):
        context.insert(0, turn)
        if not is_follow_up(turn):
            break
    return " ".join([*context, question])


# --- with a language model (the openai answerer) --------------------------------------

CHARS_PER_TOKEN = 4  # a fair estimate for English; no tokenizer download needed


def estimate_tokens(text: str) -> int:
    return len(text) // CHARS_PER_TOKEN + 1


def trim_history(history: list[Message] | None, budget: int) -> list[Message]:
    """The latest messages that fit in `budget` tokens, oldest first; the latest message
    is always kept, cut to the budget if it alone is over."""
    kept: list[Message] = []
    used = 0
    for message in reversed([m for m in history or [] if m.get("content")]):
        cost = estimate_tokens(message["content"])
        if kept and used + cost > budget:
            break
        if not kept and cost > budget:
            message = {**message, "content": message["content"][:budget * CHARS_PER_TOKEN]}
            cost = budget
        kept.append(message)
        used += cost
    return kept[::-1]


def condense_question(question: str, history: list[Message] | None, chat: ChatModel, budget: int,
                      usage: dict[str, int]) -> str:
    """The model's standalone version of a follow-up question (the question itself when
    there is no conversation). Raises generative.Unavailable when the model fails."""
    from .answering.generative import fenced

    turns = trim_history(history, budget)
    if not turns:
        return question
    conversation = "\n".join(f"{m.get('role', 'user').capitalize()}: {fenced(m['content'])}" for m in turns)
    messages = chat.prompt("condense").messages(conversation=conversation, question=fenced(question))
    reply = chat.complete(messages, usage)
    line = next((s.strip() for s in reply.splitlines() if s.strip()), "")
    line = re.sub(r"^(standalone question|question)\s*:\s*", "", line, flags=re.IGNORECASE).strip(" \"'“”")
    if not line or len(line) > 4 * max(len(question), 100):  # nothing usable: keep the offline join
        return standalone_question(question, history)
    return line
