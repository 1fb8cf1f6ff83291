"""The comment library in the browser, keyboard first: the instructor adds a reusable comment
tied to a rubric criterion and moves it to the top (key 1), opens the grading screen of an
essay, presses 1 and the comment lands in that criterion's comment box; a comment without
a criterion goes where the caret was in the feedback; digits typed in a text box stay
text. Saved and released, the student reads both in their feedback."""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from .journey import DEMO_TOTP_SECRET, accessible, active_element, demo_login, sign_in, tab_until

pytestmark = pytest.mark.browser

TO_GRADE = "Cover letter for a target role"
STUDENT = "Priya Shah"  # the demo student: her letter waits for a grade
COMMENT = "Quantify the impact: how many customers, how much faster?"
NO_CRITERION = "Great progress since last time. Keep going!"  # demo library, no criterion

IDS = """
import json
from courses.models import Assignment
letter = Assignment.objects.get(title="Cover letter for a target role", course__code="CCL-101")
print(json.dumps({"course": letter.course_id, "letter": letter.pk}))
"""


def test_instructor_inserts_a_library_comment_with_one_key_and_the_student_reads_it(
    prod_site, page: Page, new_page, console_errors
):
    url = prod_site.url
    ids = json.loads(prod_site.shell(IDS).strip().splitlines()[-1])
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(
        page,
        url,
        *demo_login("instructor"),
        totp_secret=DEMO_TOTP_SECRET,
        path="/courses/teaching/",
    )

    # 1. The library, from the teaching home; a new comment tied to "Evidence".
    page.get_by_role("link", name="Comment library").first.press("Enter")
    expect(page.get_by_role("heading", name="Comment library", level=1)).to_be_visible()
    rows = page.get_by_test_id("library-row")
    expect(rows).to_have_count(5)  # the demo course's library
    accessible(page, "comment library")
    page.get_by_label("Comment", exact=True).focus()
    page.keyboard.type(COMMENT)
    page.keyboard.press("Tab")
    assert active_element(page)["name"] == "criterion"
    page.keyboard.type("Evidence")  # the select's type-ahead
    expect(page.locator("#library-criterion option:checked")).to_have_text("Evidence")
    tab_until(page, lambda el: el["text"] == "Add to the library")
    page.keyboard.press("Enter")
    expect(rows).to_have_count(6)
    mine = rows.filter(has_text=COMMENT)
    expect(mine).to_contain_text("Criterion: Evidence")
    expect(rows.nth(5)).to_contain_text(COMMENT)

    # 2. Up to the top with the keyboard: it becomes key 1.
    for place in range(4, -1, -1):
        mine.get_by_role("button", name=re.compile(r"up$")).press("Enter")
        expect(rows.nth(place)).to_contain_text(COMMENT)
    expect(mine.locator("kbd")).to_have_text("1")
    expect(mine.get_by_role("button", name=re.compile(r"up$"))).to_be_disabled()
    accessible(page, "comment library after reordering")

    # 3. The grading screen of the student's essay: key 1 fills the Evidence comment box.
    page.goto(f"{url}/admin/courses/assignment/{ids['letter']}/grading/")
    page.get_by_role("link", name=STUDENT).click()
    expect(page.get_by_role("heading", name=STUDENT)).to_be_visible()
    library = page.get_by_role("complementary", name="Comment library")
    expect(library.locator("[data-library-key='1']")).to_contain_text(COMMENT)
    accessible(page, "grading screen with the comment library")
    evidence = page.get_by_label("Comment on Evidence")
    expect(evidence).to_be_hidden()  # closed until used
    assert active_element(page)["tag"] == "body"
    page.keyboard.press("1")
    expect(evidence).to_be_visible()
    expect(evidence).to_have_value(COMMENT)
    expect(library.locator("[data-library-status]")).to_have_text(
        "Inserted into Comment on Evidence."
    )
    feedback = page.get_by_label("Feedback to the student")
    expect(feedback).to_have_value("")

    # 4. Digits typed in a text box are text; a comment without a criterion goes to the
    # caret of the last box used (the feedback), once focus has left the text.
    feedback.focus()
    page.keyboard.type("Solid draft 2")
    expect(feedback).to_have_value("Solid draft 2")
    tab_until(page, lambda el: el["name"] == "release")
    page.keyboard.press("Space")
    key = library.locator("[data-library-id]", has_text=NO_CRITERION).get_attribute(
        "data-library-key"
    )
    page.keyboard.press(key)
    expect(feedback).to_have_value(f"Solid draft 2 {NO_CRITERION}")
    expect(evidence).to_have_value(COMMENT)  # untouched

    # The contract a page with its own insertion relies on (the video player): a handler
    # that calls preventDefault gets {id, body, criterion}, and nothing is inserted here.
    page.evaluate(
        """() => {
            window.librarySeen = [];
            document.addEventListener("cc:library-insert", (event) => {
                window.librarySeen.push(event.detail);
                event.preventDefault();
            }, { once: true });
        }"""
    )
    page.keyboard.press("1")
    seen = page.evaluate("() => window.librarySeen")
    assert [(s["body"], bool(s["id"]), bool(s["criterion"])) for s in seen] == [
        (COMMENT, True, True)
    ]
    expect(evidence).to_have_value(COMMENT)  # not inserted a second time
    expect(feedback).to_have_value(f"Solid draft 2 {NO_CRITERION}")

    # 5. Nothing is stored until the grader saves: a score, then Save (release is checked).
    page.locator("#score").focus()
    page.keyboard.type("24")
    tab_until(page, lambda el: el["tag"] == "button" and el["text"] == "Save")
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(rf"Saved {STUDENT}: .* released"))).to_be_visible()
    expect(page.get_by_label("Comment on Evidence")).to_have_value(COMMENT)

    # 6. The student reads the released feedback, both comments included.
    student = new_page()
    sign_in(
        student,
        url,
        *demo_login("student"),
        path=f"/courses/{ids['course']}/assignments/{ids['letter']}/",
    )
    expect(student.get_by_role("heading", name="Your grade")).to_be_visible()
    expect(student.get_by_text(COMMENT)).to_be_visible()
    expect(student.locator(".cc-feedback")).to_contain_text(f"Solid draft 2 {NO_CRITERION}")
    assert console_errors == []
