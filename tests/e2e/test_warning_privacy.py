"""What a page script can learn of the chip and the warning: nothing. Both are extension
pages in frames, so the page's own document holds none of their text (find-in-page,
innerText, a select-all); and a page that removes the warning does not jam the tab."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from native_host.browser.session import BrowserSession
from tests.e2e.harness import (
    SUBMIT,
    choose,
    dialog,
    fixture,
    no_dialog,
    open_fixture,
    scenario,
    submitted,
    type_draft,
    use_profiles,
    wait_until,
)

LIBRARY = scenario("01-library-reply-from-personal-in-work-mode")
# Labels found nowhere on the page: only the chip and the warning show them.
SECRET_LIBRARY = "Quokka Reference Desk"
SECRET_PERSONAL = "Wombat Private Practice"

# Everything a script in the page can read as text, for each word asked about.
PAGE_READS = """(words) => {
  const found = {};
  for (const word of words) {
    const hits = [];
    window.getSelection().removeAllRanges();
    if (window.find(word, false, false, true)) hits.push("window.find");
    window.getSelection().removeAllRanges();
    if (window.find(word, true, false, true)) hits.push("window.find (case)");
    if (document.body.innerText.includes(word)) hits.push("body.innerText");
    if (document.documentElement.textContent.includes(word)) hits.push("textContent");
    const range = document.createRange();
    range.selectNodeContents(document.documentElement);
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
    if (window.getSelection().toString().includes(word)) hits.push("selection");
    window.getSelection().removeAllRanges();
    for (const node of document.querySelectorAll("*")) {
      const style = getComputedStyle(node);
      const painted = `${style.content} ${style.getPropertyValue("--c")}`;
      if (painted.includes(word)) hits.push("computed style");
    }
    found[word] = hits;
  }
  return found;
}"""


@pytest.fixture
def secret_page(browser: BrowserSession) -> Iterator[Any]:
    """Scenario 01 with persona labels that appear nowhere but in our own frames."""
    profiles = copy.deepcopy(LIBRARY["profiles"])
    for profile in profiles:
        for pid, persona in profile["personas"].items():
            persona["label"] = SECRET_LIBRARY if pid == "library" else SECRET_PERSONAL
    use_profiles(browser, profiles, LIBRARY["mode"])
    page = open_fixture(browser, fixture("x", "01-library-reply-from-personal-in-work-mode"))
    yield page
    page.close()


def test_page_cannot_read_the_warning_or_the_chip(browser: BrowserSession,
                                                  secret_page: Any) -> None:
    type_draft(browser, secret_page, "x", "Yes we do, check the ebooks page!")
    chip = browser.probe(secret_page)["chip"]
    assert SECRET_PERSONAL in chip["text"]  # the person sees it...
    secret_page.click(SUBMIT["x"])
    shown = dialog(browser, secret_page)
    assert SECRET_LIBRARY in shown["text"] and "Expected persona" in shown["text"]
    words = ["Expected persona", SECRET_LIBRARY, SECRET_PERSONAL, "Posting as", shown["title"],
             "Which account do you mean to use?"]
    # ...and the page finds none of it, however it looks.
    seen = secret_page.evaluate(PAGE_READS, [*words, "ebooks for kids"])
    assert {"window.find", "body.innerText", "selection"} <= set(seen.pop("ebooks for kids"))
    assert seen == {word: [] for word in words}
    assert submitted(secret_page) == 0
    secret_page.keyboard.press("Escape")  # the frame has the focus and hears the key
    wait_until(lambda: no_dialog(browser, secret_page), what="the warning to close")
    assert submitted(secret_page) == 0


def test_page_messages_do_not_reach_the_warning(browser: BrowserSession,
                                                secret_page: Any) -> None:
    type_draft(browser, secret_page, "x", "Yes we do")
    secret_page.click(SUBMIT["x"])
    dialog(browser, secret_page)
    secret_page.evaluate("""() => {
        for (let i = 0; i < window.frames.length; i++) {
            const choice = {type: "choice", choice: "proceeded"};
            for (const data of [choice, "proceeded", {kind: "frame_event", event: choice}]) {
                window.frames[i].postMessage(data, "*");
            }
        }
        window.postMessage({type: "choice", choice: "proceeded"}, "*");
    }""")
    secret_page.wait_for_timeout(300)
    assert browser.probe(secret_page)["dialog"] is not None
    assert submitted(secret_page) == 0


def test_removed_warning_comes_back_for_the_held_post(browser: BrowserSession,
                                                      secret_page: Any) -> None:
    """Issue: a page script removing the warning's element left the guard holding, every
    later Post click silently swallowed and Escape dead until reload."""
    type_draft(browser, secret_page, "x", "Yes we do")
    secret_page.click(SUBMIT["x"])
    dialog(browser, secret_page)
    removed = secret_page.evaluate("""() => {
        const host = document.querySelector("persona-guard-warning");
        host.remove();
        return !host.isConnected;
    }""")
    assert removed
    shown = dialog(browser, secret_page)  # drawn again, for the same held reply
    assert wait_until(lambda: secret_page.evaluate(
        "() => !!document.querySelector('persona-guard-warning')"), what="the warning's element")
    assert shown["kind"] == "warn" and submitted(secret_page) == 0
    choose(secret_page, shown, "proceeded")
    wait_until(lambda: submitted(secret_page) == 1, what="the held reply to go out")


def test_escape_works_after_the_warning_was_removed(browser: BrowserSession,
                                                   secret_page: Any) -> None:
    type_draft(browser, secret_page, "x", "Yes we do")
    secret_page.click(SUBMIT["x"])
    dialog(browser, secret_page)
    secret_page.evaluate("() => document.querySelector('persona-guard-warning').remove()")
    dialog(browser, secret_page)
    secret_page.keyboard.press("Escape")
    wait_until(lambda: no_dialog(browser, secret_page), what="the warning to close")
    secret_page.click(SUBMIT["x"])  # the tab is not jammed: the next click is heard
    assert dialog(browser, secret_page)["kind"] == "warn"
    assert submitted(secret_page) == 0
