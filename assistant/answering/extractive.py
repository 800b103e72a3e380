"""The offline answerer: the named steps of answering/ with no model beyond the embedder.

    question (read) ─► evidence (score sentences) ─► decide (answer / refuse / disagree) ─► compose

Each part of a question (answering/question.py) is scored against every quotable sentence
of the retrieved passages (evidence.py), decided on its own (decide.py), and the answer is
written from the decisions (compose.py): the direct answer first, in the cited sentences'
words, then the quotes. What each step does, and why, is in its module.
"""
from __future__ import annotations

from collections.abc import Callable

from ..schema import Answer, Passage
from .compose import compose, refusal
from .decide import Decision, decide
from .evidence import SentenceEmbeddings, candidate_sentences, score
from .question import Question


class ExtractiveAnswerer:
    def __init__(self, model):
        self.embed = SentenceEmbeddings(model)

    def answer(self, question: Question, query_vector, passages: list[Passage],
               embed_query: Callable[[str], list[float]] | None = None) -> Answer:
        """Answer `question` from `passages`. `query_vector` is the embedding of
        `question.query`; a question of several parts embeds each part's own words with
        `embed_query` (the first part reuses `query_vector`)."""
        decisions = self.decisions(question, query_vector, passages, embed_query)
        return compose(question, decisions) if decisions else refusal(question, [])

    def decisions(self, question: Question, query_vector, passages: list[Passage],
                  embed_query: Callable[[str], list[float]] | None = None) -> list[Decision]:
        if not passages:
            return []
        decisions = []
        for i, part in enumerate(question.parts):
            sentences = candidate_sentences(passages)  # fresh: scores are per part
            if not sentences:
                return []
            single = len(question.parts) == 1 or embed_query is None
            vector = query_vector if single else \
                [embed_query(" ".join(filter(None, [part.context, part.text]))), query_vector]
            decisions.append(decide(score(sentences, part, vector, self.embed, question.ignored), part))
        return decisions
