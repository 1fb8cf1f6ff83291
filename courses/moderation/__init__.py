"""Automatic moderation of course feed posts and comments (E8).

Each signal gives its own reason, so the moderator sees why a text is held:

- ``threat``: "I will find you and hurt you", "you should die", "I know where you live";
- ``identity hate``: slurs, and constructions against a group of people for who they are
  ("<group> are vermin", "kill all <group>", "never hire <group>"), with or without swear
  words;
- ``harassment``: insults aimed at someone ("you are a clueless fraud", "he is so rude",
  "these morons", "liberals are nothing but bullies", "shut up"), not denied ones ("not an
  idiot");
- ``profanity``: better-profanity's list (MIT, in its wheel) less the words that are
  ordinary in context (``words/not_profanity.txt``: "God", "murder", "sex" on a form) or
  written as part of a name (``words/name_words.txt``: "Dick Durbin", "#DickDurbin"), on
  the text and on forms that undo evasions (``sh1t``, ``f u c k``, ``fuuuck``, ``f*ck``);
- ``toxicity``: the ``alt-profanity-check`` model (MIT, a linear model inside its wheel) at
  a probability of 0.6, or 0.5 when the text also holds an insult word, on the text with
  ordinary uses of toxic-looking words neutralised (a "Sex: male" form field, "I felt like
  an idiot", "a hell of a lecture", "hell yes") and words naming who someone is or which
  side they take made neutral ("I'm gay and ...", "liberals and conservatives" are not
  toxic);
- ``spam``: signals that add up (a link alone is normal in a career course), followed by
  the evidence ("link", "spam phrase", "throwaway domain", "capitals", ...).

``score`` is the model's probability, raised to each fired signal's floor, so it orders
texts for review. Rules and lists are written from general knowledge. The toxicity
threshold is the 0.6 the feed already used (0.5 holds "Who wants to practise?"); compared
with 0.5 and 0.55 on a development half of OLID it was kept, and the evaluation
(``bench/eval/eval_moderation.py``) reports the other half.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import profanity
from .normalise import find_listed, variants, without_names
from .rules import context_reasons, insult_word
from .spam import SPAM_POINTS, spam_signals
from .toxicity import toxicity

TOXICITY_THRESHOLD = 0.6  # kept after comparing 0.5 and 0.55 on the OLID development half
# The model's score is enough from here when the text also holds an insult word (chosen
# on the OLID development half after comparing 0.45, 0.5 and 0.55).
CORROBORATED_THRESHOLD = 0.5
SIGNAL_SCORE = {
    "threat": 0.97,
    "identity hate": 0.96,
    "harassment": 0.9,
    "profanity": 0.85,
    "spam": 0.8,
}


@dataclass(frozen=True)
class Verdict:
    flagged: bool
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0
    evidence: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"flagged": self.flagged, "reasons": self.reasons, "score": round(self.score, 3)}


EVIDENCE_MAX = 120


def stored_evidence(evidence: dict[str, str]) -> dict[str, str]:
    """The evidence as a held item keeps it: each phrase cut to ``EVIDENCE_MAX``."""
    return {name: phrase[:EVIDENCE_MAX] for name, phrase in evidence.items()}


def hold_summary(reasons: list[str], evidence: dict[str, str]) -> str:
    """Why a text was held, for the moderator: 'harassment ("you are a clueless fraud"),
    toxicity 0.83', 'spam (link, throwaway domain)'. Reasons without stored evidence
    (items held before it was kept) are named alone."""
    parts = []
    for name in reasons:
        phrase = evidence.get(name)
        if name == "toxicity" and phrase:
            parts.append(f"toxicity {phrase}")
        elif name == "spam" and phrase:
            parts.append(f"spam ({phrase})")
        elif phrase:
            parts.append(f'{name} ("{phrase}")')
        elif not evidence:
            parts.append(name)
    return ", ".join(parts)


def _verdict(text: str, toxic: float) -> Verdict:
    forms = variants(without_names(text))
    found = context_reasons(forms)
    word = find_listed(forms, profanity())
    if word:
        found["profanity"] = word
    points, spam_evidence = spam_signals(text)
    if points >= SPAM_POINTS:
        found["spam"] = ", ".join(spam_evidence)
    reasons = [name for name in SIGNAL_SCORE if name in found]
    score = max([toxic] + [SIGNAL_SCORE[name] for name in reasons])
    if toxic >= TOXICITY_THRESHOLD:
        reasons.append("toxicity")
        found["toxicity"] = f"{toxic:.2f}"
    elif toxic >= CORROBORATED_THRESHOLD and (word := insult_word(forms)):
        reasons.append("toxicity")
        found["toxicity"] = f'{toxic:.2f} with "{word}"'
    if "spam" in found:
        reasons.extend(spam_evidence)
    return Verdict(bool(reasons), reasons, score, found)


def moderate_many(texts: list[str]) -> list[Verdict]:
    """One verdict per text; the model scores the batch in one call."""
    cleaned = [(text or "").strip() for text in texts]
    present = [text for text in cleaned if text]
    scores = iter(toxicity(present))
    return [_verdict(text, next(scores)) if text else Verdict(False) for text in cleaned]


def moderate(text: str) -> Verdict:
    return moderate_many([text])[0]
