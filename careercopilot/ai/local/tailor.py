"""Tailoring a resume to a posting, honest by construction.

The local engine proposes only changes made of the user's own material:

- reorder an entry's highlights and the skills by relevance to the posting;
- leave out highlights that say nothing the posting asks for (at least ``KEEP`` stay);
- name a skill the resume shows in a highlight but does not list;
- reword a highlight to use the posting's name for a skill the line already names
  ("Postgres" -> "PostgreSQL").

Every proposal, from any engine, passes ``screen``: one that brings a fact the base does
not hold is dropped and reported. The user accepts or rejects each remaining one; ``apply``
builds the tailored document from the base and the accepted proposals only.
"""

from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass

from ..schemas import Rewording, TailorInput, TailorResult
from . import tailor_facts as fact_check
from .taxonomy import taxonomy
from .text import stems

KEEP = 4  # highlights an entry keeps at least
MAX_REWORDINGS = 30  # from a model, per tailoring
HIGHLIGHT_SECTIONS = ("work", "projects", "volunteer")
LOCAL_NOTE = (
    "Tailored by the local engine: it reorders and selects your own lines and uses the "
    "posting's words for skills you already show. No AI model wrote anything."
)
PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"


@dataclass
class Posting:
    title: str
    description: str

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.description}"


class Relevance:
    def __init__(self, posting: Posting):
        found = taxonomy().find(posting.text)
        self.skills = {name.lower() for name in found.named}
        self.surfaces: dict[str, str] = {}
        for mention in taxonomy().mentions(posting.text):
            self.surfaces.setdefault(mention.skill.lower(), mention.surface)
        self.stems = stems(posting.text)

    def score(self, text: str) -> int:
        return 3 * len(fact_check.skills_of(text) & self.skills) + len(stems(text) & self.stems)


def _proposal(number: int, **fields) -> dict:
    return {"id": f"p{number}", "status": PENDING, **fields}


def propose(base: dict, posting: Posting) -> list[dict]:
    relevance = Relevance(posting)
    out: list[dict] = []
    for section in HIGHLIGHT_SECTIONS:
        for index, entry in enumerate(base.get(section) or []):
            highlights = entry.get("highlights") or []
            label = entry.get("name") or entry.get("organization") or ""
            if entry.get("position"):
                label = f"{entry['position']}, {label}" if label else entry["position"]
            ranked = sorted(highlights, key=lambda h: -relevance.score(h))
            if ranked != highlights:
                out.append(
                    _proposal(
                        len(out) + 1,
                        kind="reorder",
                        section=section,
                        index=index,
                        order=ranked,
                        before=highlights,
                        after=ranked,
                        reason=f"{label}: the lines the posting asks about come first.",
                    )
                )
            for line in ranked[KEEP:]:
                if relevance.score(line) == 0:
                    out.append(
                        _proposal(
                            len(out) + 1,
                            kind="omit",
                            section=section,
                            index=index,
                            target=line,
                            before=[line],
                            after=[],
                            reason=f"{label}: this line names nothing the posting asks for.",
                        )
                    )
            for line in highlights:
                reworded = _in_posting_terms(line, relevance)
                if reworded != line:
                    out.append(
                        _proposal(
                            len(out) + 1,
                            kind="reword",
                            section=section,
                            index=index,
                            target=line,
                            text=reworded,
                            before=[line],
                            after=[reworded],
                            diff=word_diff(line, reworded),
                            reason="Uses the posting's name for a skill this line already shows.",
                        )
                    )
    out.extend(_skill_proposals(base, relevance, start=len(out)))
    return out


def _in_posting_terms(line: str, relevance: Relevance) -> str:
    for mention in taxonomy().line_mentions(line):
        wanted = relevance.surfaces.get(mention.skill.lower())
        if wanted and wanted.lower() != mention.surface.lower():
            pattern = re.compile(rf"(?<!\w){re.escape(mention.surface)}(?!\w)")
            line = pattern.sub(wanted, line, count=1)
    return line


def _skill_text(entry: dict) -> str:
    return " ".join([entry.get("name", ""), *(entry.get("keywords") or [])])


def _skill_proposals(base: dict, relevance: Relevance, *, start: int) -> list[dict]:
    out: list[dict] = []
    skills = base.get("skills") or []
    names = [_skill_text(s) for s in skills]
    ranked = sorted(range(len(skills)), key=lambda i: -relevance.score(names[i]))
    if ranked != list(range(len(skills))):
        out.append(
            _proposal(
                start + 1,
                kind="reorder_skills",
                section="skills",
                order=ranked,
                before=[s.get("name", "") for s in skills],
                after=[skills[i].get("name", "") for i in ranked],
                reason="The skills the posting names come first.",
            )
        )
    listed = fact_check.skills_of("\n".join(names))
    rest = {k: v for k, v in base.items() if k != "skills"}
    shown = taxonomy().find(fact_check.document_text(rest)).named
    for skill, evidence in shown.items():
        if skill.lower() in listed or skill.lower() not in relevance.skills:
            continue
        out.append(
            _proposal(
                start + len(out) + 1,
                kind="add_skill",
                section="skills",
                skill=skill,
                evidence=evidence[0],
                before=[],
                after=[skill],
                reason=f"Your resume shows it (“{evidence[0]}”) but does not list it.",
            )
        )
    return out


def screen(base: dict, proposals: list[dict]) -> tuple[list[dict], list[dict]]:
    """(kept, dropped): a proposal is dropped when applying it alone would add a fact."""
    kept, dropped = [], []
    facts = fact_check.Facts.of(base)
    for proposal in proposals:
        # Only a rewording or an added skill brings new text; the rest moves the base's.
        added = proposal.get("text", "") if proposal.get("kind") == "reword" else ""
        added = proposal.get("skill", "") if proposal.get("kind") == "add_skill" else added
        problems = _shape_problems(base, proposal) or facts.unsupported_in_text(added)
        if problems:
            dropped.append({**proposal, "problems": problems})
        else:
            kept.append(proposal)
    return kept, dropped


def _shape_problems(base: dict, proposal: dict) -> list[str]:
    """A proposal must point at something the base holds."""
    section, index = proposal.get("section"), proposal.get("index")
    kind = proposal.get("kind")
    if kind in ("reorder_skills", "add_skill"):
        if kind == "reorder_skills" and sorted(proposal.get("order") or []) != list(
            range(len(base.get("skills") or []))
        ):
            return ["a skills order that is not the base's skills"]
        return []
    entries = base.get(section) or [] if section in HIGHLIGHT_SECTIONS else []
    if not isinstance(index, int) or not 0 <= index < len(entries):
        return ["an entry the base does not hold"]
    highlights = entries[index].get("highlights") or []
    if kind == "reorder" and sorted(proposal.get("order") or []) != sorted(highlights):
        return ["an order that is not the base's lines"]
    if kind in ("omit", "reword") and proposal.get("target") not in highlights:
        return ["a line the base does not hold"]
    if kind not in ("reorder", "omit", "reword"):
        return [f"an unknown kind of change ({kind})"]
    return []


def apply(base: dict, proposals: list[dict]) -> dict:
    """The base with the accepted proposals applied (in an order that makes them commute)."""
    document = copy.deepcopy(base)
    accepted = [p for p in proposals if p.get("status") == ACCEPTED]
    for section in HIGHLIGHT_SECTIONS:
        for index, entry in enumerate(document.get(section) or []):
            mine = [p for p in accepted if p["section"] == section and p.get("index") == index]
            if not mine or "highlights" not in entry:
                continue
            lines = list(entry["highlights"])
            for p in mine:
                if p["kind"] == "reorder" and sorted(p["order"]) == sorted(lines):
                    lines = list(p["order"])
            omitted = {p["target"] for p in mine if p["kind"] == "omit"}
            reworded = {p["target"]: p["text"] for p in mine if p["kind"] == "reword"}
            entry["highlights"] = [
                reworded.get(line, line) for line in lines if line not in omitted
            ]
    skills = document.get("skills")
    for p in accepted:
        if (
            p["kind"] == "reorder_skills"
            and skills
            and sorted(p["order"]) == list(range(len(skills)))
        ):
            document["skills"] = skills = [skills[i] for i in p["order"]]
    added = [{"name": p["skill"]} for p in accepted if p["kind"] == "add_skill"]
    if added:
        document["skills"] = added + list(document.get("skills") or [])
    return document


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """[(op, words)]: op is '=', '-' or '+', for showing a rewording."""
    a, b = before.split(), after.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("-", " ".join(a[i1:i2])))
            if j2 > j1:
                out.append(("+", " ".join(b[j1:j2])))
    return out


def tailor_local(inp: TailorInput) -> TailorResult:
    kept, dropped = screen(inp.document, propose(inp.document, Posting(inp.title, inp.description)))
    return TailorResult(proposals=kept, dropped=dropped, note=LOCAL_NOTE)


def with_rewordings(
    inp: TailorInput, local: TailorResult, rewordings: list[Rewording]
) -> tuple[TailorResult, str]:
    """The local proposals plus a model's rewordings that pass the fact check (they
    replace the local rewording of the same line); the rest are reported as dropped."""
    offered = [
        _proposal(
            0,
            kind="reword",
            section=r.section,
            index=r.index,
            target=r.target,
            text=r.text,
            before=[r.target],
            after=[r.text],
            diff=word_diff(r.target, r.text),
            reason=r.reason or "Uses the posting's terms.",
            engine="anthropic",
        )
        for r in rewordings[:MAX_REWORDINGS]
        if r.text.strip() and r.text != r.target
    ]
    kept, dropped = screen(inp.document, offered)
    reworded = {p["target"] for p in kept}
    proposals = [
        p for p in local.proposals if not (p["kind"] == "reword" and p["target"] in reworded)
    ]
    proposals += kept
    for number, proposal in enumerate(proposals, start=1):
        proposal["id"] = f"p{number}"
    note = f"Claude proposed {len(offered)} rewording{'s' if len(offered) != 1 else ''}"
    if dropped:
        note += (
            f"; {len(dropped)} {'was' if len(dropped) == 1 else 'were'} dropped because "
            "they stated facts your resume does not hold (listed below)"
        )
    result = TailorResult(proposals=proposals, dropped=[*local.dropped, *dropped], note=f"{note}.")
    return result, result.note
