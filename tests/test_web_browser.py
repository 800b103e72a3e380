"""The web chat end to end, in real headless Chromium (Debian's, driven by Playwright):
ask, read the cited answer, open the citation in its source, follow up, ask something the
sources do not cover. Writes test-artifacts/web-chat.png."""
from __future__ import annotations

import os

import pytest
from web_support import ARMS, ARMS_SOURCE, ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, OUT_OF_SCOPE, served

FOLLOW_UP = "What did they say they would develop instead?"


@pytest.fixture(scope="module")
def page(seed_assistant, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no Chromium at {CHROMIUM}: run scripts/test-deps.sh (apt-get install chromium)")
    with served(seed_assistant) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1440, "height": 900})
        page = browser.new_page()
        page.set_default_timeout(60_000)
        page.goto(url)
        yield page
        browser.close()


def ask(page, question: str, turn: int) -> None:
    """Type a question, press Enter, and wait for the evidence of answer number `turn`."""
    page.fill("#question textarea", question)
    page.keyboard.press("Enter")
    page.wait_for_selector(f'#evidence .ev[data-turn="{turn}"]')


def test_ask_open_citation_follow_up_and_out_of_scope(page):
    page.wait_for_selector("#question textarea:not([disabled])")
    assert ARMS in page.inner_text("#chat")  # among the example questions

    # The answer cites the article, with [n] markers and a card per citation.
    ask(page, ARMS, 0)
    card = page.locator(".ev-card", has=page.locator(".ev-file", has_text=ARMS_SOURCE)).first
    assert card.count(), page.inner_text("#evidence")
    n = card.get_attribute("data-n")
    assert page.locator(f'#chat a[href="#cite-0-{n}"]').count() == 1
    quote = card.locator(".ev-quote").inner_text().strip()
    assert "arms transfers" in quote
    assert "offline extractive" in page.inner_text("#status")

    # Selecting it opens the source with the quoted passage highlighted and in view.
    card.click()
    mark = page.locator("#viewer mark.active")
    mark.wait_for()
    assert mark.inner_text().removeprefix(n).strip() == quote
    assert ARMS_SOURCE in page.inner_text("#viewer .src-meta")
    page.wait_for_function("""() => {
        const m = document.querySelector('#viewer mark.active').getBoundingClientRect();
        const b = document.querySelector('#viewer .src-body').getBoundingClientRect();
        return m.top >= b.top && m.bottom <= b.bottom && m.bottom <= window.innerHeight;
    }""")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-chat.png"))

    # A follow-up leans on the conversation: alone, the sources would not answer it.
    ask(page, FOLLOW_UP, 1)
    assert "military-technical" in page.inner_text("#evidence")

    # An [n] link in an earlier answer opens that answer's citation.
    page.locator(f'#chat a[href="#cite-0-{n}"]').click()
    page.wait_for_selector(f'#evidence .ev[data-turn="0"] .ev-card.active[data-n="{n}"]')

    # Out of scope: said plainly, nothing cited.
    ask(page, OUT_OF_SCOPE, 2)
    assert "do not answer" in page.inner_text("#chat")
    assert "No passage in the indexed sources answers this question" in page.inner_text("#evidence")
    assert page.locator("#evidence .ev-card").count() == 0
    page.screenshot(path=str(ARTIFACTS / "web-chat-out-of-scope.png"))


def test_overlong_question_gets_a_clear_message(page):
    page.fill("#question textarea", "x" * 2001)
    page.keyboard.press("Enter")
    page.wait_for_selector("#status .warn")
    assert "limited to 2000 characters" in page.inner_text("#status")
    assert page.input_value("#question textarea") == "x" * 2001  # kept, to be shortened
