"""The writing markers the essay detectors look for: a stated position, hedging, examples,
numbers, first-hand narrative, explanation, other views and their answers, reflection,
transitions at paragraph starts and closing phrases. Each match is quoted, never scored alone.
"""

from __future__ import annotations

import re

STANCE_RE = re.compile(
    r"\b(?:i (?:strongly |firmly |really )?(?:believe|argue|think|would argue|am convinced|"
    r"maintain|contend|would hire)(?! about| of)|in my (?:view|opinion)|my (?:position|view|argument)|"
    r"should(?:n't| not)?|must|ought to|(?:is|are) (?:essential|crucial|vital|the key|"
    r"more important|often more important|the real)|matters? (?:in \w+ )?because|taught me|"
    r"i learn(?:ed|t)|the lesson|lesson|forced me|i argue)\b",
    re.IGNORECASE,
)
HEDGE_RE = re.compile(
    r"\b(?:it depends|both are important|some people like it and some|i guess|"
    r"everyone is different|good for some people and bad|pros and cons|has good and bad)\b",
    re.IGNORECASE,
)
EXAMPLE_RE = re.compile(
    r"\b(?:for example|for instance|such as|e\.g\.|in my (?:first|last|previous|current|"
    r"old)? ?(?:job|role|internship|class|course|company|team|office|country|experience)|when i|"
    r"at my|during (?:my|the|our)|a (?:\d{4} )?(?:study|survey|report)|research|studies|"
    r"found that|according to|reported|percent|per cent)\b",
    re.IGNORECASE,
)
NUMBER_RE = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|"
    r"hundred|thousand|million|half|a third|quarter|dozen)\b",
    re.IGNORECASE,
)
NARRATIVE_RE = re.compile(
    r"\b(?:i|we|my \w+|our \w+|she|he) (?:\w+ed|was|were|had|took|made|got|ran|built|led|saw|"
    r"told|said|went|lost|gave|stayed|spent|found|wrote|became|could not|did not)\b",
    re.IGNORECASE,
)
EXPLAIN_RE = re.compile(
    r"\b(?:because|which means|this (?:shows|means|is why)|that is why|as a result|so that|"
    r"therefore|this made|in other words)\b",
    re.IGNORECASE,
)
COUNTER_RE = re.compile(
    r"\b(?:some (?:people )?(?:argue|say|think|believe|claim|feel)|critics|opponents|"
    r"supporters of|on the other (?:hand|side)|admittedly|of course|it is true that|one might|"
    r"while some|skeptics|sceptics|others (?:argue|say|believe)|a common objection|"
    r"many (?:people|managers) (?:think|believe|say)|at first i|i blamed|looking back|"
    r"my (?:own )?fault|i realised|i realized|when i reflected|this concern)\b",
    re.IGNORECASE,
)
REBUTTAL_RE = re.compile(
    r"\b(?:however|but|yet|still|nevertheless|even so|the (?:answer|solution) is|"
    r"this is (?:a )?(?:real|serious|true|fair))\b",
    re.IGNORECASE,
)
REFLECTION_RE = re.compile(
    r"\b(?:i learn(?:ed|t)|learned that|taught me|the lesson|a lesson|i realised|i realized|"
    r"i understood|now i|since then|from this|next time|changed how|i now|today,? when i|"
    r"i would|in the future)\b",
    re.IGNORECASE,
)
TRANSITION_RE = re.compile(
    r"^(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|another|also|in addition|moreover|"
    r"furthermore|however|on the other hand|finally|lastly|in conclusion|to conclude|in short|"
    r"overall|so overall|for example|for instance|for these reasons|therefore|as a result|"
    r"since then|after (?:that|this)|later|then|at first|of course|the (?:strongest|main|"
    r"clearest|second|biggest) |soft skills also|some (?:people )?(?:argue|say)|critics|"
    r"supporters|when|during|this)\b",
    re.IGNORECASE,
)
CONCLUSION_RE = re.compile(
    r"\b(?:in conclusion|to conclude|in short|in summary|to sum up|overall|in the end|"
    r"for these reasons|ultimately|that is why|this is why|therefore|so i think|so overall|"
    r"this failure taught me|taught me)\b",
    re.IGNORECASE,
)
