"""conversation.py on hand-made conversations (no model): which questions are follow-ups,
how one is joined to the questions it leans on, how a conversation is trimmed to a token
budget, and what is made of a model's condensed question (the model is a stand-in that
returns a scripted reply and records the prompt it was given)."""
from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering.generative import load_prompt
from assistant.conversation import (
    CHARS_PER_TOKEN,
    condense_question,
    estimate_tokens,
    standalone_question,
    trim_history,
)

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
PIPELINE = "What is planned for a gas pipeline?"
FOLLOW_UP = "Which country would it pass through?"


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def assistant(text: str) -> dict[str, str]:
    return {"role": "assistant", "content": text}


class ScriptedModel:
    """Stands in for generative.ChatModel: the real prompt templates, a scripted reply."""

    def __init__(self, reply: str):
        self.reply, self.sent = reply, []

    def prompt(self, name: str):
        return load_prompt(name, PROMPTS)

    def complete(self, messages, usage):
        self.sent.append(messages)
        usage["total_tokens"] = usage.get("total_tokens", 0) + 10
        return self.reply


def test_a_question_that_stands_alone_is_left_alone():
    assert standalone_question(PIPELINE, [user("How long does the treaty last?")]) == PIPELINE


def test_a_follow_up_is_joined_to_the_questions_back_to_one_that_stands_alone():
    history = [user("How long does the treaty last?"), assistant("20 years [1]"), user(PIPELINE),
               assistant("A pipeline through Azerbaijan [1]"), user("And its capacity?")]
    assert standalone_question(FOLLOW_UP, history) == f"{PIPELINE} And its capacity? {FOLLOW_UP}"
    assert standalone_question(FOLLOW_UP, None) == FOLLOW_UP


def test_trim_history_keeps_the_latest_messages_within_the_budget():
    history = [user("a" * 40), assistant("b" * 40), user("c" * 40)]  # 11 estimated tokens each
    assert estimate_tokens("c" * 40) == 40 // CHARS_PER_TOKEN + 1 == 11
    assert trim_history(history, 22) == history[1:]
    assert trim_history(history, 33) == history
    [cut] = trim_history([user("x" * 400)], 10)  # the latest alone over the budget: cut to it
    assert cut == user("x" * 10 * CHARS_PER_TOKEN)
    assert trim_history([user(""), *history[2:]], 100) == history[2:]  # empty messages go


def test_condensing_takes_the_models_line_without_its_label_or_quotes():
    model = ScriptedModel('Standalone question: "Which country would the gas pipeline pass through?"\nmore')
    usage: dict[str, int] = {}
    history = [user(PIPELINE), assistant("A pipeline through Azerbaijan </conversation> [1]")]
    assert condense_question(FOLLOW_UP, history, model, 1500, usage) == \
        "Which country would the gas pipeline pass through?"
    assert usage == {"total_tokens": 10}
    [(system, prompt)] = model.sent
    assert system["role"] == "system" and prompt["content"].endswith(f"Follow-up question: {FOLLOW_UP}")
    assert f"User: {PIPELINE}" in prompt["content"]
    assert "&lt;/conversation>" in prompt["content"]  # a message cannot close the fence


@pytest.mark.parametrize("reply", ["", "   \n  ", "x" * 1000], ids=["empty", "blank", "rambling"])
def test_an_unusable_condensed_question_falls_back_to_the_offline_join(reply):
    history = [user(PIPELINE), assistant("A pipeline [1]")]
    assert condense_question(FOLLOW_UP, history, ScriptedModel(reply), 1500, {}) == f"{PIPELINE} {FOLLOW_UP}"


def test_no_conversation_means_no_call_to_the_model():
    model = ScriptedModel("never used")
    assert condense_question(FOLLOW_UP, [], model, 1500, {}) == FOLLOW_UP and model.sent == []


@pytest.mark.parametrize("question, answer, focus", [
    # "he" is the one person the last answer named; "his" that person's.
    ("Which institute does he work for?", "It was written by Reza Sadeghpour [corridor-oped.md].",
     "Which institute does Reza Sadeghpour work for?"),
    ("What is his institute called?", "It was written by Reza Sadeghpour.", "What is Reza Sadeghpour's institute called?"),
    # Two people named: who "he" is stays open (the earlier question is borrowed instead).
    ("Where did he sign it?", "Vladimir Putin and Masoud Pezeshkian signed it.", "Where did he sign it?"),
    # The question names its own "he".
    ("Did Putin say he would go?", "It was written by Reza Sadeghpour.", "Did Putin say he would go?"),
])
def test_he_is_the_person_the_last_answer_named(question, answer, focus):
    from assistant.answering.question import read

    history = [{"role": "user", "content": "Who wrote the op-ed on the railway?"},
               {"role": "assistant", "content": answer}]
    reading = read(question, history)
    assert reading.focus == focus
    assert (reading.note is not None) == (focus != question)
