"""Follow-up questions: making a question that leans on the conversation stand alone.

Offline, a question that needs the conversation — a pronoun that refers to nothing inside
it ("Which country would *it* pass through?"), or no verb at all ("And Iran's?") — is
joined to the user's earlier questions back to the last one that stood on its own, which
names what "it" is. A question that names its own topic stands alone, whatever came
before ("Is there any mention of Syria?" after a question on the pipeline). Pronouns and
verbs are read with spaCy's tagger and parser (assistant/nlp.py). The generative answerer
asks the model to condense instead.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .text import content_terms

if TYPE_CHECKING:
    from .answering.generative import ChatModel

Message = dict[str, str]  # OpenAI-style: {"role": "user" | "assistant", "content": "..."}

BACK_PRONOUNS = {"it", "its", "they", "them", "their", "theirs", "he", "him", "his", "she", "her", "hers",
                 "itself", "themselves"}
DEMONSTRATIVES = {"this", "that", "these", "those"}
PERSONAL = {"he", "him", "his", "she", "her", "hers"}
MAX_JOINED = 3  # earlier questions joined at most: a long chain drifts off its topic


def user_turns(history: list[Message] | None) -> list[str]:
    return [m.get("content", "") for m in history or [] if m.get("role") == "user" and m.get("content")]


def _governor(token):
    """The verb whose argument a token is (its nearest verb or auxiliary up the tree)."""
    while token.head.i != token.i and token.pos_ not in ("VERB", "AUX"):
        token = token.head
    return token


def _refers_inside(pronoun, doc) -> bool:
    """Whether a pronoun can refer to something the question itself names: a person
    before "he"/"she", or for "it"/"they" a noun phrase before it that is not an argument
    of the same verb (a verb's own subject is not its object: in "When did Iran's
    parliament ratify it?", "it" is not the parliament) and not the asked-about phrase."""
    if pronoun.lower_ in PERSONAL:
        return any(ent.label_ == "PERSON" and ent.end <= pronoun.i for ent in doc.ents)
    verb = _governor(pronoun)
    for chunk in doc.noun_chunks:
        if chunk.end > pronoun.i or chunk.root.pos_ == "PRON" or any(t.tag_ in ("WDT", "WP", "WRB") for t in chunk):
            continue
        if _governor(chunk.root).i != verb.i:
            return True
    return False


def leans_on_conversation(doc) -> bool:
    """Whether a question (a spaCy Doc) needs the conversation to be understood: a pronoun
    that refers to nothing inside it, "one(s)" standing for something said before, no
    verb at all (an ellipsis: "And Iran's?", "What about the pipeline's capacity?"), or an
    opening "And"/"But" joining it to what came before while it names nothing of its own
    ("And later on, once things are up and running?")."""
    if not any(t.pos_ in ("VERB", "AUX") and t.tag_ != "POS" for t in doc):
        return True
    if doc[0].lower_ in ("and", "but") and not doc.ents:
        return True
    for token in doc:
        word = token.lower_
        pointing = ((word in BACK_PRONOUNS and token.tag_ in ("PRP", "PRP$"))
                    or (word in DEMONSTRATIVES and token.pos_ == "PRON")
                    or (word in ("one", "ones") and token.dep_ in ("dobj", "nsubj", "pobj", "attr", "nsubjpass")))
        if pointing and not _refers_inside(token, doc):
            return True
    return len(content_terms(doc.text)) < 2


def borrowed_context(question_doc, history: list[Message] | None) -> str:
    """The earlier questions a follow-up (a spaCy Doc of what it asks) leans on, back to
    the last one that stood on its own, which names what "it" is; "" for a question that
    stands alone: it names its own topic, and the conversation would only bend it."""
    if not history or not leans_on_conversation(question_doc):
        return ""
    from . import nlp
    from .answering.question import focus_of

    context: list[str] = []
    for turn in reversed(user_turns(history)[-MAX_JOINED:]):
        context.insert(0, turn)
        if not leans_on_conversation(nlp.parse(focus_of(turn))):
            break
    return " ".join(context)


def person_meant(question_doc, history: list[Message] | None) -> tuple[str, str] | None:
    """Who "he" or "she" is when the question names no one it could be: the one person the
    last answer named ("It was written by Reza Sadeghpour" before "Which institute does he
    work for?"), as (the pronoun's token, the name); None when the answer names none or
    several, or the question needs no one."""
    pronoun = next((t for t in question_doc if t.lower_ in PERSONAL and not _refers_inside(t, question_doc)), None)
    answers = [m.get("content", "") for m in history or [] if m.get("role") == "assistant" and m.get("content")]
    if pronoun is None or not answers:
        return None
    from . import nlp

    people = list(dict.fromkeys(ent.text for ent in nlp.parse(answers[-1]).ents if ent.label_ == "PERSON"))
    return (pronoun, people[0]) if len(people) == 1 else None


# Names an elliptical follow-up may put in the place of the last question's: "And Iran's?"
# after "…for Russia?", "And in 2023?" after "…in 2024?".
SWAPPABLE = {"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC", "DATE", "EVENT", "PRODUCT"}
# What an ellipsis holds besides its name: an opener ("and", "but", "what about", "how
# about", "same for"), a preposition, a possessive, punctuation.
ELLIPSIS = re.compile(r"\W*(?:(?:and|but|so|then|what|how|same|about|for|in|of|with|on)\b\W*)*(?:['’]s)?\W*",
                      re.IGNORECASE)


def resolved_ellipsis(question_doc, history: list[Message] | None) -> str | None:
    """The question an elliptical follow-up asks (a spaCy Doc: an opener such as "and" or
    "what about", one name, nothing else: "And Iran's?", "What about Kazakhstan?"): the
    last question with that name in the place of the one it named of the same kind ("Who
    chaired the Kazan commission for Russia?" → "…for Iran?"), a country for a country
    (not Kazan, a city). None when the follow-up is more than that, or the last question
    names none of that kind, or two, or the same one."""
    turns = user_turns(history)
    named = [e for e in question_doc.ents if e.label_ in SWAPPABLE]
    if not turns or len(named) != 1:
        return None
    new = named[0]
    rest = question_doc.text[:new.start_char] + " " + question_doc.text[new.end_char:]
    if not ELLIPSIS.fullmatch(rest):
        return None
    from . import nlp
    from .answering.question import focus_of
    from .answering.spans import is_country

    def kind(name: str, label: str) -> str:  # the recogniser's labels, a country known by name
        return "country" if is_country(name) else "place" if label in ("GPE", "LOC", "FAC") else label

    lead = next((t for t in new if t.pos_ != "ADP"), new[0])  # "about 2023": 2023
    name = re.sub(r"['’]s$", "", question_doc.text[lead.idx:new.end_char])
    last = nlp.parse(focus_of(turns[-1]))
    alike = [e for e in last.ents if kind(e.text, e.label_) == kind(name, new.label_)]
    if len(alike) != 1 or alike[0].text == name:
        return None
    old = alike[0]
    return last.text[:old.start_char] + name + last.text[old.end_char:]


def standalone_question(question: str, history: list[Message] | None) -> str:
    """The question joined to the earlier questions it leans on (itself if it stands alone)."""
    from . import nlp
    from .answering.question import focus_of

    return " ".join(filter(None, [borrowed_context(nlp.parse(focus_of(question)), history), question]))


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
