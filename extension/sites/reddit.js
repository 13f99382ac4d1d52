// Reddit: the web-component pages (shreddit-*) and old.reddit. The identity comes only
// from the page's own record of who is signed in (old Reddit's `r.setup({"logged": …})`,
// the `username` attribute on the shreddit elements that belong to the viewer), never from
// a post's or comment's `author`. The post or comment answered is the composer's own
// enclosing `shreddit-comment`/`shreddit-post`, or old Reddit's `thing_id` field.
"use strict";

(() => {
  const NAME = "^([A-Za-z0-9_-]{3,20})$";

  // old.reddit: `#thing_t1_abc` carries data-author; the form names its parent thing.
  function oldThing(page, form) {
    const id = form.querySelector('input[name="thing_id"]');
    const thing = id && id.value && document.getElementById(`thing_${id.value}`);
    if (!thing) return null;
    const text = thing.querySelector(":scope > .entry .usertext-body .md, :scope > .entry a.title");
    return {
      action: id.value.startsWith("t1_") ? "reply" : "comment",
      reply_to: { handle: thing.getAttribute("data-author") || "", text: text ? text.textContent.trim() : "" },
    };
  }

  PersonaGuardSites.register({
    id: "reddit",
    matches: ["https://www.reddit.com/*", "https://old.reddit.com/*", "https://reddit.com/*", "https://new.reddit.com/*", "https://sh.reddit.com/*"],
    identity: [
      {
        from: "state",
        signal: "r.setup",
        read(page) {
          const setup = page.scriptJson("r.setup(");
          if (!setup || typeof setup.logged !== "string" || !setup.logged) return null;
          return { handle: setup.logged, kind: "user" };
        },
      },
      { from: "attribute", signal: "after-login-toast-dispatcher", selector: "after-login-toast-dispatcher[username]",
        attribute: "username", pattern: NAME },
      { from: "attribute", signal: "achievements-entrypoint", selector: "achievements-entrypoint[username]",
        attribute: "username", pattern: NAME },
      { from: "attribute", signal: "old header", selector: "#header-bottom-right > span.user > a[href*='/user/']",
        attribute: "text", pattern: NAME },
    ],
    // What the state source reads: the inline r.setup(...).
    identityRegions: ["script:not([src])"],
    composer: 'shreddit-composer [role="textbox"][contenteditable="true"], form.usertext textarea[name="text"], form#compose-message textarea[name="text"]',
    // The slotted light-DOM button of a shreddit composer; the post form's submit element;
    // old Reddit's save and send buttons.
    submit: 'shreddit-composer [slot="submit-button"], r-post-form-submit-button, form.usertext button.save, form#compose-message button[type="submit"]',
    form: "form.usertext, form#compose-message",
    keys: [{ key: "Enter", modifier: true }],
    handleFromHref: "^/(?:user|u)/([A-Za-z0-9_-]{3,20})",
    composing(page, composer) {
      const form = composer.closest("form");
      if (form && form.id === "compose-message") {
        const to = form.querySelector('input[name="to"]');
        return { action: "message", target: { handle: to ? to.value.trim().replace(/^\/?u\//, "") : "" } };
      }
      if (form && form.classList.contains("usertext")) return oldThing(page, form) || { action: "post" };
      const comment = composer.closest("shreddit-comment[author]");
      if (comment) {
        const body = comment.querySelector('[slot="comment"]');
        return { action: "reply", reply_to: { handle: comment.getAttribute("author"), text: body ? body.textContent.trim() : "" } };
      }
      // A top-level comment box sits under the post it comments on (on a post's page);
      // the submit form's body box writes a new post.
      if (composer.closest("r-post-composer-form") || /\/submit\/?$/.test(location.pathname)) return { action: "post" };
      const host = composer.closest("comment-composer-host");
      const id = host && host.getAttribute("post-id");
      const post = composer.closest("shreddit-post[author]")
        || (id && document.querySelector(`shreddit-post[id="${CSS.escape(id)}"]`))
        || (/\/comments\//.test(location.pathname) && document.querySelector("shreddit-post[author]"));
      if (post) return { action: "comment", reply_to: { handle: post.getAttribute("author"), text: post.getAttribute("post-title") || "" } };
      return { action: "post" };
    },
    // old Reddit's vote arrows (`upmod`/`downmod` once cast): the thing voted on is the
    // nearest `.thing`, whose data-author names its author. New Reddit's vote buttons live
    // in shreddit-post's shadow root and are not reached here.
    controls: [
      { action: "react", selector: ".thing > .midcol .arrow.up, .thing > .midcol .arrow.upmod, .thing > .midcol .arrow.down, .thing > .midcol .arrow.downmod",
        target: "closest", container: ".thing[data-author]", attribute: "data-author",
        text: ":scope > .entry a.title, :scope > .entry .usertext-body .md" },
    ],
    mentionsWithin: "shreddit-comment, shreddit-post, .thing",
    mentions: 'a[href^="/u/"], a[href^="/user/"]',
  });
})();
