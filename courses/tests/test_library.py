"""The comment library: a course's teaching staff add, edit, delete and reorder reusable
comments (each optionally tied to a rubric criterion); anyone else is refused, and the
pages answer them 404. The grading screen lists the library for one-key insertion."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses import services
from courses.models import CourseRole, LibraryComment, RubricCriterion
from courses.selectors.library import library_comments_for_course

from .conftest import staff_client
from .factories import hand_in, make_instructor

pytestmark = pytest.mark.django_db


def add(user, course, body, criterion=None):
    return services.library_comment_add(
        user=user, course_id=course.pk, body=body, criterion_id=criterion.pk if criterion else None
    )


def bodies(course):
    return [c.body for c in library_comments_for_course(course_id=course.pk)]


@pytest.fixture
def ta(course):
    user = UserFactory(email="ta@example.com")
    services.enrollment_add(course=course, user=user, role=CourseRole.TA)
    return user


@pytest.fixture
def structure(rubric):
    return rubric.criteria.get(title="Structure")


# --- services ---------------------------------------------------------------------------


def test_instructor_adds_comments_at_the_end_in_order(instructor, course, structure):
    """Guards add: each new comment goes last, with its criterion and author."""
    first = add(instructor, course, "  Lead with the result.  ", structure)
    second = add(instructor, course, "Cite a source.")
    assert bodies(course) == ["Lead with the result.", "Cite a source."]
    assert first.criterion == structure and first.created_by == instructor
    assert second.position > first.position and second.criterion is None


def test_a_ta_manages_the_library_too(ta, course):
    """Guards the staff rule: TAs teach, so they manage the library like instructors."""
    comment = add(ta, course, "Good structure.")
    services.library_comment_edit(user=ta, comment=comment, body="Clear structure.")
    assert bodies(course) == ["Clear structure."]


def test_edit_changes_the_body_and_the_criterion(instructor, course, structure):
    """Guards edit: body and criterion change; an empty criterion clears it."""
    comment = add(instructor, course, "Old", structure)
    services.library_comment_edit(user=instructor, comment=comment, body="New")
    comment.refresh_from_db()
    assert (comment.body, comment.criterion) == ("New", None)


def test_delete_removes_only_that_comment(instructor, course):
    """Guards delete."""
    keep = add(instructor, course, "Keep")
    gone = add(instructor, course, "Gone")
    services.library_comment_delete(user=instructor, comment=gone)
    assert list(LibraryComment.objects.filter(course=course)) == [keep]


def test_move_up_and_down_swaps_neighbours_and_stops_at_the_ends(instructor, course):
    """Guards reorder: up and down swap with the neighbour; the ends stay put."""
    a, b, c = (add(instructor, course, body) for body in "ABC")
    services.library_comment_move(user=instructor, comment=c, direction="up")
    assert bodies(course) == ["A", "C", "B"]
    services.library_comment_move(user=instructor, comment=a, direction="down")
    assert bodies(course) == ["C", "A", "B"]
    services.library_comment_move(user=instructor, comment=b, direction="down")
    services.library_comment_move(user=instructor, comment=c, direction="up")
    assert bodies(course) == ["C", "A", "B"]


def test_move_works_when_positions_tie(instructor, course):
    """Guards reorder on rows with equal positions (e.g. imported): a move still moves."""
    a = add(instructor, course, "A")
    b = add(instructor, course, "B")
    LibraryComment.objects.filter(course=course).update(position=0)
    services.library_comment_move(user=instructor, comment=b, direction="up")
    assert bodies(course) == ["B", "A"]
    assert a.pk


def test_adding_locks_the_course_so_two_adds_never_share_a_position(instructor, course):
    """Guards the add's lock: Django drops FOR UPDATE from an aggregate, so the course row
    is locked (SELECT ... FOR UPDATE) before the last position is read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        add(instructor, course, "First")
    sqls = [q["sql"] for q in queries.captured_queries]
    lock = next(i for i, sql in enumerate(sqls) if "FOR UPDATE" in sql)
    assert '"courses_course"' in sqls[lock]
    assert any("MAX(" in sql for sql in sqls[lock + 1 :])


@pytest.mark.parametrize("body", ["", "   ", "x" * 2001, "bad\x00text"])
def test_bad_bodies_are_refused_with_a_message(instructor, course, body):
    """Guards input: empty, too long or NUL text is a clear error, nothing stored."""
    with pytest.raises(ValidationError):
        add(instructor, course, body)
    assert not LibraryComment.objects.exists()


def test_a_criterion_of_another_course_is_refused(instructor, course, other_world):
    """Guards the criterion link: only the course's own rubrics' criteria."""
    foreign = RubricCriterion.objects.filter(rubric=other_world["rubric"]).first()
    with pytest.raises(ValidationError, match="this course's rubrics"):
        add(instructor, course, "Hi", foreign)


def test_strangers_and_students_are_refused_by_every_service(
    instructor, course, student, other_world
):
    """Guards ownership in the services themselves, not only in the views."""
    comment = add(instructor, course, "Mine")
    for outsider in (student, other_world["instructor"]):
        with pytest.raises(PermissionDenied):
            add(outsider, course, "Theirs")
        with pytest.raises(PermissionDenied):
            services.library_comment_edit(user=outsider, comment=comment, body="Theirs")
        with pytest.raises(PermissionDenied):
            services.library_comment_move(user=outsider, comment=comment, direction="down")
        with pytest.raises(PermissionDenied):
            services.library_comment_delete(user=outsider, comment=comment)
    assert bodies(course) == ["Mine"]


# --- selector ---------------------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 100])
def test_the_library_loads_in_one_query_with_criteria(
    instructor, course, structure, count, django_assert_num_queries
):
    """Guards the selector: one query whatever the size, criterion titles included."""
    LibraryComment.objects.bulk_create(
        LibraryComment(course=course, body=f"C{i}", position=count - i, criterion=structure)
        for i in range(count)
    )
    with django_assert_num_queries(1):
        comments = library_comments_for_course(course_id=course.pk)
        titles = {c.criterion.title for c in comments}
    assert titles == {"Structure"}
    assert comments[0].body == f"C{count - 1}"  # by position


# --- views ------------------------------------------------------------------------------


def page_url(course):
    return reverse("courses:library", args=[course.pk])


def test_the_page_lists_the_library_with_keys_and_the_criteria_to_choose(
    instructor_client, instructor, course, structure
):
    """Guards the page: comments in order with their keys, criteria grouped by rubric."""
    add(instructor, course, "Lead with the result.", structure)
    page = instructor_client.get(page_url(course)).content.decode()
    assert "Lead with the result." in page and "Criterion: Structure" in page
    assert '<optgroup label="Essay rubric">' in page
    assert 'title="Key 1"' in page


def test_a_ta_reaches_the_page_and_adds(ta, course):
    """Guards the page's staff rule in the view: a TA of the course manages it too."""
    client = staff_client(ta)
    assert client.get(page_url(course)).status_code == 200
    client.post(reverse("courses:library_add", args=[course.pk]), {"body": "From the TA"})
    assert bodies(course) == ["From the TA"]


def test_the_teaching_home_links_to_the_library(instructor_client, course):
    """Guards the way in: the instructor home links each course's library."""
    assert page_url(course) in instructor_client.get("/courses/teaching/").content.decode()


def test_adding_with_htmx_swaps_the_section_and_toasts(instructor_client, course, structure):
    """Guards the htmx add: the new comment in the swapped section, and a toast."""
    response = instructor_client.post(
        reverse("courses:library_add", args=[course.pk]),
        {"body": "Show numbers.", "criterion": structure.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="library"') and "Show numbers." in html
    assert "Added to the library." in response["HX-Trigger"]
    assert LibraryComment.objects.get().criterion == structure


def test_a_bad_add_keeps_what_was_typed_and_says_why(instructor_client, course):
    """Guards 'nothing is lost': a too-long comment comes back in the form with the reason."""
    body = "y" * 2001
    response = instructor_client.post(
        reverse("courses:library_add", args=[course.pk]), {"body": body}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert body in html and "under 2000 characters" in html
    assert not LibraryComment.objects.exists()


def test_edit_move_and_delete_by_post(instructor_client, instructor, course):
    """Guards the other mutations end to end through their routes (no-JS redirects)."""
    a = add(instructor, course, "A")
    b = add(instructor, course, "B")
    edit = instructor_client.post(reverse("courses:library_edit", args=[a.pk]), {"body": "A2"})
    assert edit.status_code == 302
    instructor_client.post(reverse("courses:library_move", args=[b.pk, "up"]))
    assert bodies(course) == ["B", "A2"]
    instructor_client.post(reverse("courses:library_delete", args=[b.pk]))
    assert bodies(course) == ["A2"]


def test_the_edit_form_is_served_by_the_page(instructor_client, instructor, course):
    """Guards edit mode: ?edit=<id> shows that comment in a form (htmx gets the section)."""
    comment = add(instructor, course, "Edit me")
    html = instructor_client.get(
        page_url(course), {"edit": comment.pk}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f'id="library-edit-body-{comment.pk}"' in html and "<html" not in html


def test_mutations_are_post_only(instructor_client, instructor, course):
    """Guards POST-only mutations: a GET changes nothing."""
    comment = add(instructor, course, "Stay")
    for url in (
        reverse("courses:library_add", args=[course.pk]),
        reverse("courses:library_edit", args=[comment.pk]),
        reverse("courses:library_delete", args=[comment.pk]),
        reverse("courses:library_move", args=[comment.pk, "down"]),
    ):
        assert instructor_client.get(url).status_code == 405
    assert bodies(course) == ["Stay"]


def test_mutations_need_the_csrf_token(instructor, course):
    """Guards CSRF: a POST without the token is refused."""
    comment = add(instructor, course, "Stay")
    client = Client(enforce_csrf_checks=True)
    client.force_login(instructor)
    response = client.post(reverse("courses:library_delete", args=[comment.pk]))
    assert response.status_code == 403
    assert bodies(course) == ["Stay"]


def test_strangers_and_students_get_404_everywhere(instructor, course, student, other_world):
    """Guards ownership: another course's instructor and a student of this course get 404."""
    comment = add(instructor, course, "Mine")
    urls = [
        ("get", page_url(course)),
        ("post", reverse("courses:library_add", args=[course.pk])),
        ("post", reverse("courses:library_edit", args=[comment.pk])),
        ("post", reverse("courses:library_delete", args=[comment.pk])),
        ("post", reverse("courses:library_move", args=[comment.pk, "up"])),
    ]
    for outsider in (other_world["instructor"], student):
        client = staff_client(outsider)
        for method, url in urls:
            response = getattr(client, method)(url, {"body": "Theirs"})
            assert response.status_code == 404, (outsider, url)
    assert bodies(course) == ["Mine"]


def test_an_unknown_direction_is_404(instructor_client, instructor, course):
    """Guards the move route: only up and down."""
    comment = add(instructor, course, "A")
    url = reverse("courses:library_move", args=[comment.pk, "sideways"])
    assert instructor_client.post(url).status_code == 404


def test_a_second_instructor_of_another_course_cannot_see_it_via_the_page(other_world, course):
    """Guards the page for a user who teaches elsewhere: 404, not an empty library."""
    client = staff_client(make_instructor(email="third@example.com"))
    assert client.get(page_url(course)).status_code == 404


# --- grading screen ---------------------------------------------------------------------


def test_the_grading_screen_lists_the_library_and_marks_the_comment_boxes(
    instructor_client, instructor, course, assignment, student, structure
):
    """Guards the grading screen: the library with keys, its script, and the feedback box
    and each criterion's box marked as insertion targets (criterion boxes by id)."""
    add(instructor, course, "Lead with the result.", structure)
    hand_in(assignment, student)
    url = reverse("admin:courses_assignment_grade", args=[assignment.pk, student.pk])
    html = instructor_client.get(url).content.decode()
    assert "Comment library" in html and 'data-library-key="1"' in html
    assert "js/courses/comment_library.js" in html
    assert 'id="feedback" name="feedback" rows="6" data-library-target' in html
    assert f'data-library-target data-library-criterion="{structure.pk}"' in html
    assert f'data-library-criterion="{structure.pk}"' in html.split("Comment library")[1]


def test_the_grading_screen_without_a_library_links_to_manage_it(
    instructor_client, course, assignment, student
):
    """Guards the empty state: a link to add comments to the library."""
    hand_in(assignment, student)
    url = reverse("admin:courses_assignment_grade", args=[assignment.pk, student.pk])
    html = instructor_client.get(url).content.decode()
    assert "Add comments to the library" in html and page_url(course) in html


# --- demo data --------------------------------------------------------------------------


def test_the_demo_course_has_a_library_some_tied_to_criteria():
    """Guards the demo: the instructor finds comments to press 1–5 for, some with criteria."""
    from accounts.demo import seed_users
    from courses import demo
    from courses.models import Course

    demo.seed(users=seed_users(), log=lambda line: None)
    course = Course.objects.get(code=demo.COURSE_CODE)
    comments = library_comments_for_course(course_id=course.pk)
    assert 4 <= len(comments) <= 5
    assert {c.criterion.title for c in comments if c.criterion} >= {"Evidence", "Delivery"}
    assert any(c.criterion is None for c in comments)
