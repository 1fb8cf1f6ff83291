"""Context rules: threats, harassment and identity hate written as constructions, so that
they are caught without swear words and ordinary words in other sentences are not.

Each rule runs on the lower-case forms of ``normalise.variants`` and returns the matched
phrase, for the moderator and the tests. Word lists live in ``words/``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import alternation, slurs, words
from .normalise import find_listed, for_model

END = r"(?=\s*(?:$|[^\w\s'-]|\b(?:and|but|lol|lmao|haha|too|though|tho|af)\b))"
# After an insulting adjective: "he is dumb as a rock", "too lazy to".
ADJ_END = r"(?=\s*(?:$|[^\w\s'-]|\b(?:and|but|lol|lmao|haha|too|though|tho|af|as|to)\b))"
ARTICLES = ("a", "an", "the", "such", "such a", "such an", "one")
INTENSIFIERS = (
    "so",
    "just",
    "really",
    "truly",
    "total",
    "totally",
    "complete",
    "completely",
    "absolute",
    "absolutely",
    "utter",
    "utterly",
    "real",
    "big",
    "little",
    "massive",
    "huge",
    "fucking",
    "freaking",
    "effing",
    "bloody",
    "damn",
    "goddamn",
    "nothing but",
    "nothing more than",
    "a bunch of",
    "bunch of",
    "pack of",
    "all",
    "still",
    "being",
    "acting like",
    "like",
    "the biggest",
    "the worst",
    "sad",
    "pathetic",
    "stupid",
    "dumb",
    "ignorant",
    "lying",
    "worthless",
    "useless",
    "disgusting",
    "filthy",
    "dirty",
    "fat",
    "ugly",
    "old",
    "lazy",
    "sick",
    "evil",
    "sneaky",
    "sorry",
    "most",
    "very",
    "extremely",
    "incredibly",
    "clearly",
    "obviously",
    "both",
    "generally",
    "simply",
    "also",
    "always",
    "another",
    "just another",
    "yet another",
    "known",
    "two",
    "young",
    "typical",
    "rabid",
    "actually",
    "raging",
    "whole",
    "a whole",
    "fricking",
    "friggin",
    "freakin",
    "fuckin",
    "fucken",
    "pathological",
    "compulsive",
    "habitual",
    "serial",
    "proven",
    "certified",
    "sore",
    "too",
)
PERSONS = (
    "person",
    "persons",
    "people",
    "man",
    "men",
    "woman",
    "women",
    "guy",
    "guys",
    "girl",
    "girls",
    "boy",
    "boys",
    "kid",
    "kids",
    "dude",
    "dudes",
    "human",
    "humans",
    "human being",
    "individual",
    "individuals",
    "bitch",
    "bitches",
    "teacher",
    "instructor",
    "student",
    "students",
    "classmate",
    "classmates",
    "boss",
    "manager",
    "coworker",
    "colleague",
    "brat",
    "brats",
    "punk",
    "punks",
    "redneck",
    "rednecks",
    "lady",
    "ladies",
    "old man",
    "politician",
    "politicians",
    "leader",
    "leaders",
    "excuse for a human",
    "bastard",
)
# Insult nouns that also name things ("the launch was a failure", "a useful tool"): not
# insults after a subject that may be a thing.
THING_NOUNS = frozenset(
    (
        "joke",
        "failure",
        "disgrace",
        "embarrassment",
        "trash",
        "garbage",
        "tool",
        "snake",
        "rat",
        "pig",
        "sheep",
        "parasite",
        "leech",
        "maggot",
        "fraud",
        "snowflake",
        "piece of trash",
        "piece of garbage",
        "piece of work",
        "waste of space",
        "predator",
        "freak",
        "git",
        "creep",
        "tramp",
        "crook",
        "bully",
        "laughingstock",
        "troll",
        "hack",
    )
)
# After a noun: the end of the phrase, so "this liar" is not "this liar detector".
NOUN_END = (
    r"(?=\s*(?:$|[^\w\s'-]|\b(?:who|whom|is|was|are|were|has|had|have|and|but|or|"
    r"will|would|should|can|could|just|needs?|keeps?|thinks?|wants?|lol)\b))"
)
# "not an idiot", "no fool", "isn't a moron": a denied insult.
NEGATED_NOT = "".join(
    rf"(?<!{neg}\s)(?<!{neg}\sa\s)(?<!{neg}\san\s)"
    for neg in (r"\bnot", "n't", r"\bno", r"\bnot\sbeing")
)
NOT_NEGATED = r"(?<!\bnot\s)(?<!n't\s)\b"
HUMANS = r"(?:human\s+beings?|humans?|persons?|people|individuals?)\b"
YOU_ARE = (
    r"(?:you\s*(?:'re|are|r|re|were|'ve\s+been|have\s+been|look\s+like|sound\s+like|"
    r"act\s+like|remain)|u\s*(?:r|are|'re)|ur|youre|your(?=\s+(?:a|an|so|such)\s)|"
    r"y'?all\s+are|you\s+all\s+are|you\s+guys\s+are|you\s+people\s+are)"
)
THEY_ARE = (
    r"(?:(?:he|she|they|this\s+(?:guy|man|woman|girl|dude|person|clown)|"
    r"that\s+(?:guy|man|woman|girl|dude|person))\s*(?:is|'s|are|'re|was|were|"
    r"has\s+been|have\s+been|looks\s+like|sounds\s+like|remains)|"
    r"(?:he|she|they)(?:s|re))"
)
THREAT_VERBS = (
    "kill",
    "murder",
    "hurt",
    "harm",
    "beat",
    "beat up",
    "stab",
    "shoot",
    "strangle",
    "choke",
    "punch",
    "slap",
    "smack",
    "kick",
    "smash",
    "bash",
    "break",
    "burn",
    "rape",
    "slit",
    "hunt down",
    "hunt",
    "find",
    "track down",
    "end",
    "bury",
    "hang",
    "lynch",
    "torture",
    "behead",
    "decapitate",
    "cut",
    "gut",
    "skin",
    "destroy",
    "execute",
    "slaughter",
    "butcher",
    "drown",
    "poison",
    "cripple",
    "maim",
    "mess up",
    "fuck up",
    "knock out",
    "come for",
    "come after",
    "run over",
    "blow up",
    "bomb",
    "eliminate",
    "deal with",
)
THREAT_OBJECTS = (
    r"(?:you|u|ya|ye|him|her|them|y'?all|your\s+(?:family|kids|children|wife|"
    r"husband|mother|mom|mum|dad|father|house|car|face|head|neck|throat|legs|"
    r"arms|teeth|skull|ass|life))"
)
# What may follow "find you", "shoot you", "hit you" when it is help, not a threat.
HELPFUL_TAIL = (
    r"(?!\s+(?:a|an|the|some|one|any|something|anything|more|my|our|this|that|"
    r"these|those|up|back|to|at|through|over|out|off|on|in|into|with|by|for|"
    r"when|if|once|after|later|tomorrow|today|soon|there|here|home|started|"
    r"ready|covered|sorted|booked|updated|posted|informed|know|guys)\b)"
)
HARM_WISHES = (
    r"die",
    r"go\s+die",
    r"drop\s+dead",
    r"be\s+(?:killed|shot|hanged|hung|lynched|executed|"
    r"murdered|raped|beaten|stabbed|burned|burnt|gassed|put\s+down|shot\s+dead|strangled|"
    r"tortured|hurt|exterminated)",
    r"get\s+(?:killed|shot|raped|hurt|beaten|stabbed|"
    r"cancer|aids|run\s+over|what'?s\s+coming)",
    r"(?:burn|rot)\s+in\s+hell",
    r"rot",
    r"hang",
    r"suffer",
    r"kill\s+(?:yourself|yourselves|themselves|himself|herself)",
)
DIRECT = (
    rf"(?<!should\s)(?<!to\s)(?<!and\s)shut\s+(?:the\s+(?:fuck|hell|f)\s+)?up{END}",
    r"stfu",
    r"gtfo",
    r"kys",
    r"go\s+to\s+hell",
    r"(?:you|u)(?:'re|\s+are|r)?\s+(?:going|gonna\s+go)\s+to\s+hell",
    r"go\s+(?:fuck|kill|hang|shoot|drown)\s+yoursel(?:f|ves)",
    r"kill\s+yoursel(?:f|ves)",
    r"drop\s+dead",
    r"go\s+die",
    r"eat\s+shit",
    r"(?:no\s*one|nobody)\s+(?:likes|loves|cares\s+about|wants|asked|needs)\s+you",
    r"screw\s+you",
    r"who\s+(?:the\s+(?:hell|fuck|f)\s+|tf\s+)?do\s+(?:you|u)\s+think\s+"
    r"(?:you|u)(?:\s+are|'re|r)",
    r"have\s+(?:you|u)\s+no\s+shame",
    r"shame\s+on\s+(?:you|u|them|him|her|these|those|the)\b",
    rf"get\s+a\s+(?:life|brain|clue){END}",
    r"(?:full|made)\s+of\s+(?:shit|crap|bs|bull)",
    r"(?:you|u)\s+suck",
    r"(?:you|u)\s+(?:stink|disgust\s+me)",
    r"(?:pieces?|waste)\s+of\s+(?:human\s+)?(?:shit|crap|garbage|trash|space|oxygen|skin)",
    r"go\s+back\s+to\s+(?:your|their|his|her)\s+(?:own\s+)?(?:country|countries|jungle|cave|"
    r"desert|hole|shithole)",
)


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, list[re.Pattern]]:
    nouns = alternation(words("insult_nouns"), plural=True)
    adjectives = alternation(words("insult_adjectives"))
    predicates = alternation(words("insult_adjectives") + words("insult_predicates"))
    person_nouns = alternation(
        [n for n in words("insult_nouns") if n not in THING_NOUNS], plural=True
    )
    attributes = alternation(words("insult_adjectives") + words("insult_attributes"))
    intensifiers = alternation(INTENSIFIERS)
    gap = rf"(?:(?:{alternation(ARTICLES)}|{intensifiers}|{adjectives})\s+){{0,3}}"
    persons = alternation(PERSONS)
    groups = alternation(words("groups"))
    factions = alternation(words("factions"))
    dehumanising = alternation(words("dehumanising"))
    verbs = alternation(THREAT_VERBS)
    soft = alternation(
        (
            "find",
            "shoot",
            "hit",
            "cut",
            "hunt",
            "end",
            "break",
            "destroy",
            "beat",
            "burn",
            "bury",
            "kick",
            "smash",
            "deal with",
            "come for",
            "get",
        )
    )
    someone = (
        r"(?:you\s+(?:people|all|guys)|you|u|he|she|they|him|her|them|y'?all|someone|"
        r"somebody|these\s+people|"
        r"those\s+people|people\s+like\s+(?:you|him|her|them))"
    )
    wishes = "|".join(HARM_WISHES)
    subject = r"\b(?:i|we|i'?ll|we'?ll|ill|i'?m|im|we'?re|imma|ima|i'?ma|i'?d|we'?d)"
    modal = (
        r"(?:\s+(?:will|shall|would|could|can|might|must|should|am|are|gonna|gon|wanna|"
        r"going\s+to|want\s+to|have\s+to|need\s+to|promise\s+to|swear\s+to|ought\s+to|"
        r"got\s+to|gotta|definitely|totally|really|literally|personally|just|come\s+and|"
        r"come\s+to|and|then|gladly|happily))*"
    )
    return {
        "strong insult": [_rx(NEGATED_NOT + alternation(words("strong_insults"), plural=True))],
        "threat": [
            _rx(
                rf"{subject}{modal}\s+(?!{soft}\b){verbs}\s+(?:the\s+\w+\s+out\s+of\s+)?"
                rf"{THREAT_OBJECTS}\b"
            ),
            _rx(rf"{subject}{modal}\s+{soft}\s+{THREAT_OBJECTS}\b{HELPFUL_TAIL}"),
            _rx(rf"{subject}{modal}\s+(?:beat|mess|fuck|f)\s+{THREAT_OBJECTS}\s+up\b"),
            _rx(
                rf"(?:^|[.!?]\s+)(?:gonna|gon|going\s+to|imma|finna)\s+(?!{soft}\b){verbs}\s+"
                rf"{THREAT_OBJECTS}\b"
            ),
            _rx(
                rf"\b{someone}\s+(?:should|deserves?\s+to|needs?\s+to|ought\s+to|better|"
                rf"will|are\s+going\s+to|is\s+going\s+to|gonna|must|shall)\s+(?:all\s+|just\s+)?"
                rf"(?:{wishes}){END}"
            ),
            _rx(
                rf"\b(?:hope|wish|pray)\s+{someone}\s+(?:dies?|gets?\s+(?:killed|shot|raped|"
                rf"cancer|hurt)|(?:was|were)\s+dead|burns?\s+in\s+hell|rots?)"
            ),
            _rx(
                r"\b(?:i|we)\s+(?:know|found(?:\s+out)?|will\s+find(?:\s+out)?|'ll\s+find"
                r"(?:\s+out)?|can\s+find)\s+where\s+(?:you|u|your\s+\w+)\s+(?:live|lives|sleep|"
                r"work|go|stay)"
            ),
            _rx(r"\bfind\s+where\s+(?:you|u)\s+live"),
            _rx(
                r"\bwatch\s+your\s+back\b|\byour\s+days\s+are\s+numbered|sleep\s+with\s+one\s+"
                r"eye\s+open|\b(?:you|u)(?:'re|\s+are|r)\s+(?:so\s+)?dead(?:\s+meat)?"
                rf"{END}|\bmake\s+(?:you|u)\s+(?:pay|suffer|bleed|regret\s+(?:it|this|that))\b|\b(?:you|u)(?:'ll|\s+will)"
                r"\s+(?:regret|pay\s+for)\s+(?:this|that|it)\b"
            ),
            _rx(
                rf"\b(?:someone|somebody|people)\s+(?:should|needs?\s+to|ought\s+to|will|"
                rf"gonna)\s+{verbs}\s+{THREAT_OBJECTS}\b{HELPFUL_TAIL}"
            ),
        ],
        "identity hate": [
            _rx(
                rf"{groups}\s+(?:are|is|r|were|=)\s+(?:{alternation(ARTICLES)}\s+|{intensifiers}\s+|"
                rf"naturally\s+|genetically\s+|inherently\s+|basically\s+|literally\s+)*"
                rf"(?:{dehumanising}|{nouns}|{adjectives}{END})"
            ),
            _rx(
                rf"{groups}\s+(?:should|must|need\s+to|ought\s+to|deserve\s+to|will|have\s+to|"
                rf"belong\s+to)\s+(?:all\s+|just\s+)?(?:be\s+)?(?:die|dead|killed|exterminated|"
                rf"eradicated|eliminated|wiped\s+out|gassed|shot|hanged|hung|lynched|burned|"
                rf"deported|sent\s+back|kicked\s+out|thrown\s+out|banned|locked\s+up|caged|"
                rf"sterili[sz]ed|go\s+back|burn|rot|not\s+(?:be\s+allowed|vote|have\s+rights)|"
                rf"never\s+be\s+allowed|stay\s+in\s+the\s+kitchen)"
            ),
            _rx(
                rf"\b(?:kill|exterminate|eradicate|gas|lynch|hang|shoot|nuke|get\s+rid\s+of|"
                rf"wipe\s+out|round\s+up|burn|deport)\s+(?:all\s+(?:the\s+|of\s+the\s+)?|"
                rf"the\s+|these\s+|those\s+|every\s+|more\s+)?{groups}"
            ),
            _rx(rf"{attributes}\s+(?:{intensifiers}\s+)?{groups}"),
            _rx(
                rf"{groups}\s+needs?\s+to\s+(?:die|go|leave|be\s+(?:eliminated|removed|stopped|"
                rf"exterminated))"
            ),
            _rx(
                rf"\b(?:i|we)\s+(?:don'?t|do\s+not)\s+want\s+(?:any\s+)?(?:more\s+)?{groups}\s+"
                rf"(?:in|here|around|near)"
            ),
            _rx(
                rf"\b(?:send|ship|throw|kick|deport)\s+(?:all\s+)?(?:the\s+|these\s+|those\s+)?"
                rf"{groups}\s+(?:back|out)"
            ),
            _rx(
                rf"{groups}\s+(?:control|run|own|rule)\s+(?:the\s+|all\s+the\s+)?(?:banks|media|"
                rf"world|government|money|hollywood|finance)"
            ),
            _rx(
                rf"\bi\s+(?:hate|despise|loathe|can'?t\s+stand|detest)\s+(?:all\s+|the\s+|"
                rf"these\s+|those\s+|fucking\s+)?{groups}"
            ),
            _rx(
                rf"{groups}\s+(?:don'?t|do\s+not|doesn'?t|does\s+not)\s+belong|"
                rf"{groups}\s+belongs?\s+in\s+(?:the\s+|a\s+)?(?:kitchen|zoo|cage|jail|prison|"
                rf"oven|gas\s+chamber)|{groups}\s+(?:can'?t|cannot|shouldn'?t|should\s+not)\s+"
                rf"(?:lead|code|think|drive|be\s+trusted|be\s+leaders|be\s+engineers|do\s+math|"
                rf"vote|manage)|{groups}\s+(?:are|is)\s+too\s+\w+\s+to\s+\w+"
            ),
            _rx(
                rf"\b(?:never|don'?t|do\s+not|wouldn'?t|won'?t|shouldn'?t)\s+(?:ever\s+)?"
                rf"(?:hire|trust|promote)\s+(?:a\s+|an\s+|any\s+)?{groups}"
            ),
        ],
        "harassment": [
            _rx(rf"\b{YOU_ARE}\s+{gap}{nouns}"),
            _rx(rf"\b{YOU_ARE}\s+{gap}{predicates}{ADJ_END}"),
            _rx(rf"\b(?:you|u)\s+{gap}{nouns}{END}"),
            _rx(rf"\b{THEY_ARE}\s+{gap}{nouns}"),
            _rx(rf"\b{THEY_ARE}\s+{gap}{predicates}{ADJ_END}"),
            _rx(rf"{predicates}\s+{HUMANS}"),
            _rx(rf"\b(?:these|those|this|that)\s+{gap}{person_nouns}{NOUN_END}"),
            _rx(rf"(?:^|[.!?]\s+|@user\s+)(?:{gap})?{person_nouns}\s*(?:[.!?]|$)"),
            _rx(
                r"\b(?:your|ur)\s+(?:own\s+|sheer\s+|total\s+|utter\s+)?(?:stupidity|ignorance|"
                r"idiocy|incompetence|hypocrisy|bigotry|racism|lies)\b"
            ),
            _rx(rf"{NOT_NEGATED}(?:is|was|'s)\s+(?:a|an|such\s+an?|one)\s+{gap}{person_nouns}"),
            _rx(
                rf"{attributes}\s+(?:(?:{intensifiers}|{attributes})\s+){{0,2}}"
                rf"(?:{persons}|{factions}|{person_nouns}|{groups})"
            ),
            _rx(
                rf"\bwhat\s+an?\s+(?:[a-z-]+\s+)?{gap}{person_nouns}"
                rf"(?:{NOUN_END}|(?=\s+(?:he|she|they|you|u|this|that)\b))"
            ),
            _rx(
                rf"\b(?:{YOU_ARE}|{THEY_ARE})\s+(?:(?:just|simply|really)\s+)?(?:nothing|"
                rf"the\s+(?:worst|lowest))(?!\s+(?:but|more|less|to|like|new|of|at|in|for|"
                rf"compared|when|if))\b"
            ),
            _rx(
                rf"{factions}\s+(?:should|must|need\s+to|ought\s+to|deserve\s+to)\s+(?:all\s+|"
                rf"just\s+)?(?:be\s+)?(?:die|dead|killed|shot|hanged|hung|deported|jailed|"
                rf"locked\s+up|imprisoned|exterminated|eliminated|wiped\s+out|rot|burn)\b"
            ),
            _rx(
                rf"{factions}\s+(?:are|is|r)\s+{gap}(?:{nouns}|{predicates}{END}|"
                rf"{dehumanising})"
            ),
            _rx(r"\b(?:" + "|".join(DIRECT) + r")\b"),
        ],
    }


def context_reasons(forms: list[str]) -> dict[str, str]:
    """Each context signal that fires, with the phrase that fired it."""
    found: dict[str, str] = {}
    slur = find_listed(forms, slurs())
    if slur:
        found["identity hate"] = slur
    patterns_by_reason = _patterns()
    insult = patterns_by_reason["strong insult"][0].search(for_model(forms[0]))
    if insult:
        found["harassment"] = insult.group(0)
    for reason, patterns in patterns_by_reason.items():
        if reason in found or reason == "strong insult":
            continue
        for form in forms:
            match = next((m for p in patterns if (m := p.search(form))), None)
            if match:
                found[reason] = match.group(0).strip()
                break
    return found


@lru_cache(maxsize=1)
def _insult_words() -> re.Pattern:
    nouns = alternation(words("insult_nouns"), plural=True)
    adjectives = alternation(words("insult_adjectives") + words("insult_attributes"))
    return _rx(f"{nouns}|{adjectives}")


def insult_word(forms: list[str]) -> str | None:
    """The first insulting word anywhere in the text, aimed at someone or not."""
    match = _insult_words().search(forms[0])
    return match.group(0) if match else None
