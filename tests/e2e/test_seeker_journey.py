"""The job seeker, end to end on the production-like site: sign up and confirm the email,
turn on two-factor sign-in, track an application (drag, then the keyboard-only move
menu), upload a resume, read the match report, draft a cover letter, and upgrade to Pro
through Stripe's (fake) hosted Checkout."""

import io
import re
import time
import zipfile

import pytest
from playwright.sync_api import Page, expect

from resumes.tests import samples

from .journey import (
    WORKER_TIMEOUT,
    accessible,
    active_element,
    focus_is_inside,
    sign_in,
    tab_until,
    totp_code,
    verification_link,
    wait_for_email,
)

pytestmark = pytest.mark.browser

PASSWORD = "Correct-Horse-Battery-42"


def test_seeker_signs_up_tracks_matches_writes_and_upgrades(prod_site, page: Page, console_errors):
    url = prod_site.url
    email = f"dana.{int(time.time())}@example.com"
    page.on("dialog", lambda dialog: dialog.accept())

    # 1. Public pages, then sign up and confirm the address from the email.
    page.goto(f"{url}/pricing/")
    accessible(page, "pricing")
    page.goto(f"{url}/")
    accessible(page, "landing")
    page.get_by_role("button", name="Create a free account").click()
    accessible(page, "sign up")
    page.get_by_label("Email").fill(email)
    # The label's text ends with the required-field mark (" *", hidden from screen readers).
    page.get_by_label(re.compile(r"^Password\s*\*?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name=re.compile("verify your email", re.I))).to_be_visible()

    # The worker sends the confirmation a moment after the sign-up answers.
    confirmation = wait_for_email(prod_site, to=email, subject="confirm your email address")
    page.goto(verification_link([confirmation], url))
    page.get_by_role("button", name="Confirm").click()
    accessible(page, "sign in")
    sign_in(page, url, email, PASSWORD, path="/dashboard/")
    expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"Notifications, 1 unread"))).to_be_visible()
    accessible(page, "dashboard")

    # 2. Two-factor sign-in with an authenticator app (the secret shown on the page).
    page.goto(f"{url}/accounts/2fa/")
    accessible(page, "two-factor")
    page.get_by_role("button", name="Activate").click()
    if page.get_by_role("heading", name="Confirm Access").is_visible():
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    secret = page.get_by_label("Authenticator secret").input_value()
    accessible(page, "activate authenticator")
    page.get_by_label("Authenticator code").fill(totp_code(secret, account=email))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    expect(page.get_by_text("10 out of 10 recovery codes")).to_be_visible()
    wait_for_email(prod_site, to=email, subject="Authenticator app activated")  # security notice

    # 3. Tracker: add an application, drag it to Applied, then move it by keyboard only.
    page.goto(f"{url}/tracker/applications/new/")
    page.get_by_label("Company").fill("Umbrella")
    page.get_by_label("Position").fill("Platform Engineer")
    page.get_by_label("Posting URL").fill("https://jobs.umbrella.test/42")
    accessible(page, "new application")
    page.get_by_role("button", name="Add application").click()
    expect(page.get_by_role("heading", name="Platform Engineer")).to_be_visible()

    page.goto(f"{url}/tracker/")
    card = page.locator(".board-card", has_text="Umbrella")
    expect(
        page.locator("#column-saved").locator(".board-card", has_text="Umbrella")
    ).to_be_visible()
    card_id = card.get_attribute("id")
    accessible(page, "board")
    source = card.locator(".board-card-meta").first.bounding_box()
    target = page.locator("#column-applied .board-cards").bounding_box()
    page.mouse.move(source["x"] + 10, source["y"] + 5)
    page.mouse.down()
    page.mouse.move(source["x"] + 30, source["y"] + 20, steps=5)
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + 20, steps=15)
    page.mouse.up()
    expect(page.locator(f"#column-applied #{card_id}")).to_be_visible()
    expect(page.locator("#toasts")).to_contain_text(
        "Moved Platform Engineer at Umbrella to Applied"
    )

    page.reload()  # from the top of the page, with the keyboard only
    toggle = page.locator(f"#{card_id} summary")
    tab_until(page, lambda el: el["tag"] == "summary" and focus_is_inside(page, f"#{card_id}"))
    page.keyboard.press("Space")
    expect(page.locator(f"#{card_id} details")).to_have_attribute("open", "")
    page.keyboard.press("Escape")  # closes the menu and gives focus back to its toggle
    expect(page.locator(f"#{card_id} details")).not_to_have_attribute("open", "")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#{card_id} details")).to_have_attribute("open", "")
    option = tab_until(page, lambda el: el["text"] == "Phone screen", limit=12)
    assert option["tag"] == "button"
    page.keyboard.press("Enter")
    expect(page.locator(f"#column-phone_screen #{card_id}")).to_be_visible()
    expect(page.locator("#toasts")).to_contain_text(
        "Moved Platform Engineer at Umbrella to Phone screen"
    )
    expect(page.locator(f"#{card_id} summary")).to_be_focused()  # focus follows the card
    assert active_element(page)["tag"] == "summary"

    page.goto(f"{url}/tracker/analytics/?preset=all")
    expect(page.locator('[data-metric="sent"]')).to_have_text("1")
    expect(page.locator('[data-status-count="phone_screen"]')).to_have_text("1")
    accessible(page, "analytics")

    # 4. Resume: upload a PDF made here; the worker reads it while the page polls.
    page.goto(f"{url}/resumes/")
    accessible(page, "resumes")
    page.get_by_label("Resume file").set_input_files(
        files=[{"name": "dana.pdf", "mimeType": "application/pdf", "buffer": samples.text_pdf()}]
    )
    page.get_by_label("Resume name").fill("Backend")
    page.get_by_role("button", name="Upload and read").click()
    expect(page.get_by_role("heading", name="Backend")).to_be_visible()
    expect(page.get_by_role("heading", name="As an ATS reads it")).to_be_visible(
        timeout=WORKER_TIMEOUT
    )
    expect(page.locator(".ats-text")).to_contain_text("Built REST APIs in Django and Postgres")
    accessible(page, "resume")

    # 5. Match against a job; the analysis runs on the worker (local engine).
    page.get_by_role("button", name="Match to a job").click()
    page.get_by_label("Job description").fill(samples.JOB)
    page.get_by_role("button", name="Analyse the match").click()
    score = page.get_by_test_id("match-score")
    expect(score).to_be_visible(timeout=WORKER_TIMEOUT)
    assert 0 <= int(score.inner_text()) <= 100
    expect(page.get_by_role("heading", name="You have it but didn’t say it")).to_be_visible()
    expect(page.locator(".suggestions")).to_contain_text("Kubernetes")
    accessible(page, "match report")

    # 6. Cover letter: draft, edit, save, download as Word.
    page.get_by_role("button", name="Write a cover letter for this job").click()
    page.get_by_label("Job description").fill(samples.JOB)
    page.get_by_label("Company").fill("Acme Data")
    page.get_by_role("button", name="Draft the letter").click()
    letter = page.get_by_label("Your letter (editable)")
    expect(letter).to_be_visible(timeout=WORKER_TIMEOUT)
    accessible(page, "cover letter")
    text = letter.input_value().replace(
        "[Why Acme Data: one specific reason, in your own words]", "I use Acme's tools every day."
    )
    letter.fill(text)
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#toasts")).to_contain_text("Letter saved.")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Word (DOCX)").click()
    download = download_info.value
    assert download.suggested_filename == "cover-letter-acme-data.docx"
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as docx:  # noqa: SIM115
        document = docx.read("word/document.xml").decode()
    assert "I use Acme&apos;s tools every day." in document or "I use Acme's tools" in document

    # 7. Sign out, and back in with the password and the authenticator code.
    page.locator("nav summary", has_text="dana").click()  # the account menu
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    sign_in(page, url, email, PASSWORD, totp_secret=secret, path="/billing/")

    # 8. Upgrade to Pro on Stripe's hosted Checkout; the webhooks (via the worker) confirm it.
    expect(page.get_by_test_id("plan-name")).to_have_text("Free")
    accessible(page, "billing")
    page.goto(f"{url}/pricing/")
    pro = page.locator("article", has=page.get_by_role("heading", name="Pro"))
    pro.get_by_role("button", name="Choose Pro").click()
    expect(page.get_by_role("heading", name="Pay Career Copilot")).to_be_visible()
    expect(page.get_by_text("Career Copilot Pro for $9.99 per month")).to_be_visible()
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_text("Confirming your payment with Stripe")).to_be_visible()
    accessible(page, "checkout success")
    expect(page.get_by_role("heading", name="You're on Pro")).to_be_visible(timeout=WORKER_TIMEOUT)
    page.get_by_role("button", name="Go to billing").click()
    expect(page.get_by_test_id("plan-name")).to_have_text("Pro")
    expect(page.get_by_text("of 100")).to_be_visible()  # AI analyses: Pro's allowance
    expect(page.get_by_role("button", name="Manage billing")).to_be_visible()
    accessible(page, "billing on Pro")
    delivered = dict(prod_site.stripe.deliveries)
    assert delivered["checkout.session.completed"] == 200
    assert delivered["customer.subscription.created"] == 200
    assert console_errors == []
