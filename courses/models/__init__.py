"""Courses data (E1–E3, E5): structure, assignments and rubrics, submissions and grades."""

from .ai_grading import EssayCriterionSuggestion, EssaySuggestion, SuggestionState
from .assignments import (
    Assignment,
    AssignmentAttachment,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Skill,
)
from .cohort import CohortConsent
from .completion import COMPLETION_PASS_PERCENT, CourseCompletion
from .courses import Course, CourseInvitation, CourseRole, Enrollment, Section
from .feed import CourseComment, CoursePost, ModerationStatus
from .library import LibraryComment
from .peer import (
    PeerReleaseMode,
    PeerReview,
    PeerReviewScore,
    PeerReviewSettings,
    PeerReviewState,
)
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
from .tutor import TutorMessage, TutorThread, TutorUsage
from .video import (
    CommentRole,
    Video,
    VideoCaption,
    VideoComment,
    VideoRendition,
    VideoState,
)

__all__ = [
    "COMPLETION_PASS_PERCENT",
    "Assignment",
    "AssignmentAttachment",
    "CohortConsent",
    "CommentRole",
    "Course",
    "CourseComment",
    "CourseCompletion",
    "CourseInvitation",
    "CoursePost",
    "CourseRole",
    "CriterionScore",
    "DueReminder",
    "Enrollment",
    "EssayCriterionSuggestion",
    "EssaySuggestion",
    "FileKind",
    "LibraryComment",
    "ModerationStatus",
    "PeerReleaseMode",
    "PeerReview",
    "PeerReviewScore",
    "PeerReviewSettings",
    "PeerReviewState",
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
    "SuggestionState",
    "TutorMessage",
    "TutorThread",
    "TutorUsage",
    "Video",
    "VideoCaption",
    "VideoComment",
    "VideoRendition",
    "VideoState",
]
