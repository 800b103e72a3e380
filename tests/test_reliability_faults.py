"""Model API faults: 100 questions, four at a time, in openai mode against a local
OpenAI-compatible server (tests/fake_openai.py) that fails every third request it gets:
a 500, a 429 or a reply slower than the timeout, in turn. With no retries, every failure
shows: a question whose request failed is answered by the extractive answerer with a
note saying why; the others are generated and cited. Every question is answered. Half the
questions stream (as the web page and Slack ask), and some are follow-ups, whose
condensing request can fail too. Bounded: 100 questions, two minutes."""
from __future__ import annotations

import itertools
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fake_openai import Reply
from test_generative import KEY, fake  # noqa: F401  (fake is a fixture)
from test_security_input import well_formed

from assistant import Assistant, Settings
from assistant.text import sentence_spans

QUESTIONS = ["Does the pact include arms transfers?", "Does the treaty include a mutual defence clause?",
             "What is planned for a gas pipeline?", "How long does the partnership last?",
             "When was the treaty signed?", "What is the capital of France?",
             "Who signed the treaty?", "Does the treaty mention nuclear cooperation?"]
FOLLOW_UP = ("Which country would it pass through?",
             [{"role": "user", "content": "What is planned for a gas pipeline?"},
              {"role": "assistant", "content": "A pipeline carrying Russian gas to Iran is planned [1]."}])
RUNS = 100
TIMEOUT = 1.0  # TREATY_LLM_TIMEOUT for the run


def good_reply(body: dict) -> str:
    """A reply whose claim its quote supports, whatever the question: the first sentence of
    passage 1, word for word, citing it (the claim check keeps it, issue 16); to a
    condensing request, a condensed follow-up."""
    content = body["messages"][-1]["content"]
    passage = re.search(r'<passage n="1"[^>]*>\n(.*?)\n</passage>', content, re.DOTALL)
    if passage is None:
        return "What is planned for the gas pipeline, and which country would it pass through?"
    first = passage.group(1).split("\n")[0]
    start, end = sentence_spans(first)[0]
    return first[start:end] + " [1]"


def faulty_replies() -> list[Reply]:
    """Two good replies, then a failure, over and over: a 500, a 429, a timeout in turn."""
    good = Reply(good_reply)
    failures = itertools.cycle([Reply(status=500), Reply(status=429, headers={"retry-after": "0"}),
                                Reply(delay=TIMEOUT + 0.5, content="too late [1]")])
    return [good if n % 3 else next(failures) for n in range(1, 1000)]


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_a_hundred_questions_against_a_server_failing_a_third_of_requests(seed_assistant, fake):  # noqa: F811
    fake.script(*faulty_replies())
    settings = Settings(answerer="openai", openai_api_key=KEY, openai_base_url=fake.url, llm_model="fake-chat",
                        llm_retries=0, llm_timeout=TIMEOUT)
    bot = Assistant(sources=seed_assistant.settings.sources, index=seed_assistant.settings.index,
                    settings=settings)

    def one(n: int):
        question, history = FOLLOW_UP if n % 10 == 9 else (QUESTIONS[n % len(QUESTIONS)], None)
        if n % 2:
            stream = bot.stream(question, history)
            written, answer = list(stream), stream.answer
            assert "".join(written).strip() in ("", answer.text), "what streamed is what was checked"
        else:
            answer = bot.ask(question, history)
        return n, question, answer

    started = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(one, range(RUNS)))
    seconds = time.monotonic() - started

    assert len(results) == RUNS and not fake.errors
    generated = fallbacks = 0
    for n, question, answer in results:
        well_formed(answer, bot.source_text)
        assert answer.question == question
        if answer.mode == "openai":
            generated += 1
            assert answer.found and answer.citations and answer.note is None, (n, answer)
        else:
            fallbacks += 1
            assert answer.note and answer.note.startswith("generated answer unavailable: "), (n, answer)
            assert "\n" not in answer.note and KEY not in answer.note
    requests = len(fake.chat_requests)  # every third of which failed
    print(f"{RUNS} questions in {seconds:.1f} s: {requests} model requests, {requests // 3} failed; "
          f"{generated} generated, {fallbacks} extractive with a note")
    assert requests >= RUNS  # every question went to the model at least once
    assert generated >= RUNS // 3 and fallbacks >= RUNS // 6  # both paths taken, many times
    assert seconds < 120
