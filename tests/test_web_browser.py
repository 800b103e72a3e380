"""The web chat end to end, in real headless Chromium (Debian's, driven by Playwright):
ask, read the cited answer, open the citation in its source, follow up, ask something the
sources do not cover; quoted text shown exactly as the source wrote it. Writes
test-artifacts/web-chat.png, and with TREATY_DOCS_SCREENSHOT=1 the README's screenshot,
docs/web-chat.png (so that CI does not rewrite it on every run)."""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import pytest
from quoting_support import FREIGHT, FREIGHT_SENTENCE, LABEL, TARIFF_SENTENCE, TARIFFS
from web_support import ARMS, ARMS_SOURCE, ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, OUT_OF_SCOPE, ROOT, served

FOLLOW_UP = "What did they say they would develop instead?"


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    """Debian's Chromium, headless, through Playwright: one browser for the module's pages."""
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no Chromium at {CHROMIUM}: run scripts/test-deps.sh (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1440, "height": 900})
        yield browser
        browser.close()


@contextlib.contextmanager
def browsing(chromium, assistant) -> Iterator:
    """A page of the web chat over `assistant`, open in `chromium`."""
    with served(assistant) as url:
        page = chromium.new_page()
        page.set_default_timeout(60_000)
        page.goto(url)
        yield page
        page.close()


@pytest.fixture(scope="module")
def page(seed_assistant, chromium):
    with browsing(chromium, seed_assistant) as page:
        yield page


def ask(page, question: str, turn: int) -> None:
    """Type a question, press Enter, and wait for the evidence of answer number `turn`."""
    page.fill("#question textarea", question)
    page.keyboard.press("Enter")
    page.wait_for_selector(f'#evidence .ev[data-turn="{turn}"]')


def test_ask_open_citation_follow_up_and_out_of_scope(page, seed_assistant):
    page.wait_for_selector("#question textarea:not([disabled])")
    assert ARMS in page.inner_text("#chat")  # among the example questions

    # The answer cites the article, with [n] markers and a card per citation.
    ask(page, ARMS, 0)
    card = page.locator(".ev-card", has=page.locator(".ev-file", has_text=ARMS_SOURCE)).first
    assert card.count(), page.inner_text("#evidence")
    n = card.get_attribute("data-n")
    # One link per marker of the answer (its lead cites as its quotes do, issue 12), none else.
    from assistant import markup
    markers = markup.markers(seed_assistant.ask(ARMS).text)
    assert page.locator(f'#chat a[href="#cite-0-{n}"]').count() == markers.count(int(n)) >= 1
    quote = card.locator(".ev-quote").inner_text().strip()
    assert "arms transfers" in quote
    assert "offline extractive" in page.inner_text("#status")
    # Labelled as readers know the article (title or outlet, and date); the file name is in the card.
    label = next(c.label for c in seed_assistant.ask(ARMS).citations if c.source.endswith(ARMS_SOURCE))
    assert label in page.inner_text("#chat") and ARMS_SOURCE not in page.inner_text("#chat")

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
    if os.environ.get("TREATY_DOCS_SCREENSHOT"):  # the README's picture, retaken on demand
        (ROOT / "docs").mkdir(exist_ok=True)
        page.screenshot(path=str(ROOT / "docs" / "web-chat.png"))

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


def test_quoted_text_shows_as_the_source_wrote_it(marked_assistant, chromium):
    """A source's own "[7]" is neither a citation marker nor a link, and its "*HS-27*", "<"
    and "&" are shown as typed, not as Markdown or HTML (issue 13)."""
    with browsing(chromium, marked_assistant) as page:
        page.wait_for_selector("#question textarea:not([disabled])")
        ask(page, FREIGHT, 0)
        chat = page.inner_text("#chat")
        assert FREIGHT_SENTENCE in chat and "\\[" not in chat  # "by 2030 [7]." as written
        assert chat.count(LABEL) >= 1 and "freight.jsonl" not in chat
        cited = page.locator("#evidence .ev-card").count()
        links = page.locator('#chat a[href^="#cite-0-"]')
        # One link per marker of the answer, none for the source's own "[7]" or "[3]".
        from assistant import markup
        markers = markup.markers(marked_assistant.ask(FREIGHT).text)
        assert cited >= 1 and links.count() == len(markers) and set(markers) == set(range(1, cited + 1))
        assert page.locator('#chat a[href="#cite-0-7"], #chat a[href="#cite-0-3"]').count() == 0
        links.first.click()  # opens the article it cites, not another file's citation 1
        page.locator("#viewer mark.active").wait_for()
        assert "freight.jsonl#1" in page.inner_text("#viewer .src-meta")

        ask(page, TARIFFS, 1)
        assert TARIFF_SENTENCE in page.inner_text("#chat")  # "*HS-27*", "<5% &" as typed
        assert page.locator("#chat em, #chat i").filter(has_text="HS-27").count() == 0
        card = page.locator('#evidence .ev[data-turn="1"] .ev-quote').first
        assert card.inner_text().strip() == TARIFF_SENTENCE
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "web-chat-quoted.png"))
