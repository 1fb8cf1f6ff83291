"""Tailoring through Claude: rewordings of the user's own lines, under the same fact check.

The local engine's proposals (reorder, select, skills) run first. Claude may propose
rewordings that use the posting's terms; each goes through the fact check of
``local.tailor.screen``. A rewording that brings a number, a skill, a name or an entry the
resume does not hold is dropped and reported to the user, never shown as a proposal.
"""

from __future__ import annotations

from ..base import Outcome
from ..local import tailor as local_tailor
from ..schemas import TailorInput, TailorResult, TailorRewordings
from .call import Checked, call
from .engine import SYSTEM

TASK = (
    "Propose rewordings of this candidate's resume lines (work, projects or volunteer "
    "highlights) so that they use the job posting's terms for things the candidate has "
    "really done. Rules: reword only; keep every number, employer, title, date, degree and "
    "tool exactly as the resume has them; never add a skill, tool, metric or organisation "
    "the resume does not name; do not merge lines. For each rewording give the section, "
    "the entry's index (0-based), the exact original line as target, the new text and a "
    "short reason. Propose nothing for a line that is already clear."
)


def resume_tailor(engine, inp: TailorInput) -> Outcome[TailorResult]:
    local = engine.local.resume_tailor(inp)

    def build(reply: TailorRewordings) -> Checked[TailorResult]:
        result, note = local_tailor.with_rewordings(inp, local.result, reply.rewordings)
        return Checked(result, note=note)

    return call(
        model=engine.smart_model,
        system=SYSTEM,
        task=TASK,
        grounding={
            "resume": inp.document,
            "job_title": inp.title,
            "job_description": inp.description[:12000],
        },
        schema=TailorRewordings,
        local=local,
        build=build,
        max_tokens=3000,
        label="Resume and posting",
        offline="local engine's tailoring",
    )
