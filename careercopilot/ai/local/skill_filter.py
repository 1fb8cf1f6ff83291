"""The gold rule's filter on a listed name: a short name of a skill, not a sentence, a
trait, a spoken language, a hobby, a degree, an employer or a date."""

from __future__ import annotations

import re

MAX_WORDS = 5
LEVEL_WORDS = frozenset(
    "basic basics beginner intermediate advanced expert proficient familiar fluent native "
    "good excellent working knowledge learning".split()
)
SENTENCE_WORDS = frozenset(
    """i i'm i've my me we our us you your he she they their am is are was were be been
    being have has had will shall would should could can may might must able ability
    willing willingness who which whose whom that this these those there here where when
    while since because so also very such within per like""".split()
)
FUNCTION_WORDS = frozenset(
    """a an the of for from on to by at about as into over under than with without in using
    via such like including includes etc till until now""".split()
)
DUTY_VERBS = frozenset(
    """managed developed worked handled led created designed implemented maintained prepared
    performed responsible involved participated assisted supported coordinated conducted
    completed achieved received got done did played attended joined awarded promoted built
    wrote used ensured provided analyzed analysed monitored tested trained presented
    organized organised delivered executed reviewed planned generated identified resolved
    established launched increased reduced improved set hold holds holding pursuing
    studying attending completing""".split()
)
# Personal traits, attitudes and generic descriptions: not skills by the gold rule.
TRAIT_RE = re.compile(
    r"^(?:hard[\s-]*work(?:ing|er)?|smart[\s-]*work(?:ing|er)?|honest(?:y)?|punctual(?:ity)?|"
    r"dedicat(?:ed|ion)|sincer(?:e|ity)|self[\s-]*(?:motivated|motivation|starter|driven|"
    r"confident|confidence|disciplined|learning|learner|dependent)|motivated|"
    r"(?:quick|fast|eager|keen|active|continuous)[\s-]*learn(?:er|ing)|(?:eager|willing|keen)\s+"
    r"to\s+learn.*|willingness\s+to\s+learn.*|positive\s+(?:attitude|thinking|thinker)|"
    r"confiden(?:t|ce)|energetic|energy(?:\s+level)?|enthusias(?:m|tic)|optimis(?:m|tic)|"
    r"flexib(?:le|ility)|disciplined|discipline|loyal(?:ty)?|reliab(?:le|ility)|patien(?:t|ce)|"
    r"calm|friendly|cooperative|co-operative|committed|commitment|passionate|passion|"
    r"focused|(?:goal|result|target|detail|team|people|customer|solution)s?[\s-]*"
    r"(?:oriented|orientated|focused|driven)|proactive|pro-active|initiative|integrity|"
    r"trustworthy|determined|determination|ambitious|humble|curious|curiosity|cheerful|"
    r"(?:pleasing|good|strong)\s+personality|presentable|sense\s+of\s+humou?r|responsible|"
    r"punctual|obedient|sportsman\s*spirit|optimistic|simple|smart|good\s+listener|"
    r"quick\s+grasping|grasping\s+power|adjustable|adaptive|hard\s+work|work\s+ethic|"
    r"strong\s+work\s+ethic|positive|creative|innovative|dynamic|competitive|open[\s-]minded|"
    r"ready\s+to\s+(?:learn|accept|relocate).*|believe\s+in.*|interested\s+in.*|"
    r"capable\s+of.*|enjoy.*|attitude|confident\s+and.*|dependable|accountable|"
    r"good\s+(?:looking|health|manners)|can\s+.*|get\s+along.*|keeping\s+calm.*|"
    r"calm\s+under.*|(?:work(?:ing)?\s+)?under\s+pressure|(?:cope|coping)\s+with.*)$",
    re.IGNORECASE,
)
SPOKEN_LANGUAGES = frozenset(
    """english hindi marathi tamil telugu kannada malayalam bengali bangla gujarati punjabi
    urdu odia oriya assamese konkani sindhi nepali sanskrit french german spanish arabic
    chinese mandarin cantonese japanese russian italian portuguese korean dutch turkish
    persian farsi hebrew greek polish swahili thai vietnamese indonesian malay tulu bhojpuri
    rajasthani kashmiri""".split()
)
HOBBY_RE = re.compile(
    r"\b(?:playing|watching|listening|travell?ing|surfing|reading\s+(?:books|novels)|"
    r"cricket|football|chess|badminton|volleyball|kabaddi|hobb(?:y|ies)|interests?|"
    r"movies|novels|gardening|trekking)\b",
    re.IGNORECASE,
)
EDUCATION_RE = re.compile(
    r"\b(?:bachelor|master|diploma|degree|graduat(?:e|ion)|post[\s-]?graduat\w*|"
    r"undergraduate|b\.?\s?e|b\.?\s?tech|m\.?\s?tech|b\.?\s?sc|m\.?\s?sc|b\.?\s?com|m\.?\s?com|"
    r"mba|bba|bca|mca|b\.?\s?a|m\.?\s?a|ph\.?\s?d|hsc|ssc|cgpa|gpa|sgpa|percentage|10th|"
    r"12th|matriculation|intermediate|university|college|school|institute|academy|board|"
    r"polytechnic|semester|sem|passed|pursuing|aggregate|marks|class|batch|course|"
    r"certified|certification|certificate|certifications|licen[cs]e|licensed|holder)\b",
    re.IGNORECASE,
)
EMPLOYER_RE = re.compile(
    r"\b(?:pvt|private|ltd|limited|inc|llc|llp|corp|corporation|gmbh|co\.|company|"
    r"enterprises?|industry|industries|group|bank|infotech|infotek|infosystems|labs|"
    r"consultancy|consultants|associates)\b",
    re.IGNORECASE,
)
DATE_RE = re.compile(
    r"\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d|\b(?:19|20)\d\d\b|"
    r"\d+\s*(?:years?|yrs?|months?|days?|weeks?|%)|\b(?:present|till\s+date|to\s+date)\b",
    re.IGNORECASE,
)
# A listed job title ("Sales Manager") names a role, not a skill.
ROLE_TAILS = frozenset(
    """engineer engineers developer developers manager managers executive executives analyst
    analysts consultant consultants officer officers assistant intern trainee designer
    architect administrator coordinator specialist lead head director associate
    representative technician supervisor teacher lecturer professor advocate lawyer
    accountant clerk operator programmer tester leader member incharge in-charge owner
    founder trainer""".split()
)
# Words that make a listed phrase a goal, a need or a vague stretch of work.
NOT_A_SKILL = frozenset("goal goals objective objectives target targets need needs".split())
GENERIC_TAILS = frozenset(
    "activities activity things thing issues tasks task duties works stuff etc".split()
)
# Words that never name a skill on their own ("Tools", "Others", "Management").
GENERIC = frozenset(
    """other others etc tools tool technologies technology languages language skills skill
    software hardware knowledge basic basics good excellent advanced management development
    developer engineer manager team work working experience exposure concepts concept
    fundamentals understanding ability abilities details summary profile strengths
    strength various different new many more all well area areas field fields domain
    environment platforms platform systems system process processes activities activity
    operations solutions services service application applications projects project
    meeting meetings things thing building everything something responsibility
    responsibilities duties duty job jobs role roles task tasks execution launch
    satisfaction quality support handling issues personal individual capability
    capabilities handle yes no operating description""".split()
)


def acceptable(name: str) -> bool:
    """The gold rule's filter: a short name of a skill, not a sentence or a non-skill."""
    low = name.lower()
    plain = re.findall(r"[a-z][a-z'+#.-]*", low)
    if not plain or len(name.split()) > MAX_WORDS or len(name) < 2 or name.endswith("?"):
        return False
    if set(plain) & (SENTENCE_WORDS | FUNCTION_WORDS | DUTY_VERBS | NOT_A_SKILL):
        return False
    if plain[-1] in GENERIC_TAILS or plain[-1] in ROLE_TAILS:
        return False
    if all(w in LEVEL_WORDS or w in GENERIC for w in plain):
        return False
    if re.fullmatch(r"(?:v|r|ver\.?\s?)?\d[\d.x]*[a-z]?", low):
        return False  # "v11": a version left alone by the split
    if re.search(r"\d{5}", low) or all(TRAIT_RE.match(word) for word in plain):
        return False  # a postcode; "Hardworking Sincerity"
    if TRAIT_RE.match(low) or set(plain) <= SPOKEN_LANGUAGES | {"and", "fluent", "in"}:
        return False
    if HOBBY_RE.search(low) or EDUCATION_RE.search(low) or EMPLOYER_RE.search(low):
        return False
    return not (DATE_RE.search(low) or re.search(r"https?:|www\.|\.com\b|@", low))
