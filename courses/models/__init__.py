"""Courses data (E1–E3, E5): structure, assignments and rubrics, submissions and grades."""

from .assignments import (
    Assignment,
    AssignmentAttachment,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Skill,
)
from .courses import Course, CourseInvitation, CourseRole, Enrollment, Section
from .feed import CourseComment, CoursePost, ModerationStatus
from .submissions import (
    CriterionScore,
    DueReminder,
    FileKind,
    ProcessingState,
    Submission,
    SubmissionFile,
    SubmissionState,
    SubmissionVersion,
)
from .video import Video, VideoComment, VideoRendition, VideoState

__all__ = [
    "Assignment",
    "AssignmentAttachment",
    "Course",
    "CourseComment",
    "CourseInvitation",
    "CoursePost",
    "CourseRole",
    "CriterionScore",
    "DueReminder",
    "Enrollment",
    "FileKind",
    "ModerationStatus",
    "ProcessingState",
    "Rubric",
    "RubricCriterion",
    "RubricLevel",
    "Section",
    "Skill",
    "Submission",
    "SubmissionFile",
    "SubmissionState",
    "SubmissionVersion",
    "Video",
    "VideoComment",
    "VideoRendition",
    "VideoState",
]
