// LinkedIn. Identity: the member record the page embeds for `/voyager/api/me` (a
// `<code>` datalet naming the `<code>` element that holds the response:
// `publicIdentifier`, first and last name); on a company page's admin view the company
// in the address acts; per post, the identity menu ("Open menu for switching identity
// when interacting with this post") shows who comments and reacts, and switching it
// changes the post's avatar in place, without a reload. Last, the nav photo's name.
"use strict";

(() => {
  const POST = ".feed-shared-update-v2, [data-urn^='urn:li:activity:'], [data-id^='urn:li:activity:']";
  const TOGGLE = ".content-admin-identity-toggle-button, [aria-label^='Open menu for switching identity']";
  const COMMENT = ".comments-comment-entity, .comments-comment-item";
  const THREAD = ".msg-overlay-conversation-bubble, .msg-convo-wrapper, .msg-thread";

  function member(page) {
    for (const datalet of document.querySelectorAll("code[id^='datalet-bpr-guid-']")) {
      const meta = page.parseJson(datalet.textContent);
      if (!meta || !/\/voyager\/api\/me(?:$|\?)/.test(meta.request || "")) continue;
      const body = document.getElementById(meta.body);
      const me = body && page.parseJson(body.textContent);
      const urn = me && me.data && me.data["*miniProfile"];
      const profile = me && (me.included || []).find((item) => item.entityUrn === urn);
      if (!profile || !profile.publicIdentifier) return null;
      const name = [profile.firstName, profile.lastName].filter(Boolean).join(" ");
      return { handle: profile.publicIdentifier, display_name: name || null, kind: "user" };
    }
    return null;
  }

  // Another name than the member's in a post's identity menu: the company page acts there.
  const AS_COMPANY = { handle: null, kind: "page", signal: "identity menu" };

  // The actor the post's identity menu shows, for the composer or control in that post.
  function chosenActor(el) {
    const post = el && el.closest && el.closest(`${POST}, [role="dialog"]`);
    const toggle = post && post.querySelector(TOGGLE);
    const img = toggle && toggle.querySelector("img[alt]");
    return img ? img.getAttribute("alt").trim() : "";
  }

  // The member or company a card's button acts on (an invitation row, a search result):
  // the card's profile link; outside any card, the profile or company page's address.
  function personOf(page, el) {
    const card = el.closest("li");
    const link = card && card.querySelector("a[href*='/in/'], a[href*='/company/']");
    return link ? page.handleFromUrl(link.getAttribute("href")) : page.handleFromUrl(location.href);
  }

  PersonaGuardSites.register({
    id: "linkedin",
    matches: ["https://www.linkedin.com/*", "https://linkedin.com/*"],
    identity: [
      {
        // The company's admin view: what is posted there is posted as the company.
        from: "url",
        signal: "/company/<id>/admin",
        read() {
          const found = /^\/company\/([^/?#]+)\/admin(?:[/?#]|$)/.exec(location.pathname);
          return found ? { handle: found[1], kind: "page" } : null;
        },
      },
      {
        from: "state",
        signal: "voyager/api/me",
        read(page, el) {
          const me = member(page);
          if (!me) return null;
          const actor = chosenActor(el);
          if (actor && actor !== me.display_name) return { ...AS_COMPANY, display_name: actor };
          return me;
        },
      },
      {
        // The feed's own-profile card links to the member's profile.
        from: "attribute",
        signal: "feed-identity-module",
        read(page, el) {
          const link = document.querySelector(".feed-identity-module a[href*='/in/'], .profile-card a.profile-card-profile-link[href*='/in/']");
          const handle = link && page.handleFromUrl(link.getAttribute("href"));
          if (!handle) return null;
          const img = document.querySelector("img.global-nav__me-photo[alt]");
          const name = img ? img.getAttribute("alt").trim() : null;
          const actor = chosenActor(el);
          if (actor && actor !== name) return { ...AS_COMPANY, display_name: actor };
          return { handle, display_name: name, kind: "user" };
        },
      },
      {
        from: "attribute",
        signal: "global-nav__me-photo",
        read(page, el) {
          const actor = chosenActor(el);
          const img = document.querySelector("img.global-nav__me-photo[alt]");
          const name = img ? img.getAttribute("alt").trim() : "";
          if (actor && actor !== name) return { ...AS_COMPANY, display_name: actor };
          return name ? { handle: null, display_name: name, kind: "user" } : null;
        },
      },
    ],
    // What the sources read: the voyager datalets (<code>), the own-profile card, the nav photo
    // (the admin view is in the address, which content/relevance.js watches too).
    identityRegions: ["code", ".feed-identity-module", ".profile-card", "img.global-nav__me-photo[alt]"],
    composer: ".ql-editor[contenteditable='true'], .msg-form__contenteditable[contenteditable='true'], .comments-comment-box [role='textbox'][contenteditable='true'], .share-creation-state [role='textbox'][contenteditable='true'], .share-box [role='textbox'][contenteditable='true']",
    submit: "button.share-actions__primary-action, button.comments-comment-box__submit-button--cr, button.comments-comment-box__submit-button, button.msg-form__send-button, button.msg-form__send-btn",
    keys: [{ key: "Enter", modifier: true }],
    accountSwitcher: ".global-nav__primary-link-me-menu-trigger",
    handleFromHref: "^/(?:in|company|school|showcase)/([^/?#]+)",
    actionOf(submit, composer) {
      if (!composer) return null;
      if (composer.closest(THREAD)) return "message";
      if (composer.closest(COMMENT)) return "reply";
      if (composer.closest("form.comments-comment-box__form, .comments-comment-box")) return "comment";
      return "post";
    },
    replyTo(page, composer) {
      const comment = composer.closest(COMMENT);
      if (comment) {
        // The actor's profile link; a bare name where there is none.
        const linked = comment.querySelector(".comments-comment-meta__actor a[href], a.comments-comment-meta__actor[href], a.comments-post-meta__actor-link, a.comments-comment-meta__description-container[href]");
        const actor = comment.querySelector(".comments-comment-meta__actor");
        const text = comment.querySelector(".comments-comment-item__main-content, .update-components-text");
        return {
          handle: linked ? page.handleFromUrl(linked.getAttribute("href")) : (actor ? actor.textContent.trim() : ""),
          text: text ? text.textContent.trim() : "",
        };
      }
      const post = composer.closest(POST);
      if (!post) return null;
      return page.postOf(post, "a.update-components-actor__meta-link, .update-components-actor__container a[href], .update-components-actor a[href]",
        ".update-components-text, .feed-shared-update-v2__description");
    },
    targetOf(page, composer) {
      const thread = composer.closest(THREAD);
      if (!thread) return null;
      for (const link of thread.querySelectorAll("a[href*='/in/']")) {
        const handle = page.handleFromUrl(link.getAttribute("href"));
        if (handle) return handle;
      }
      return null;
    },
    controls: [
      { action: "react", selector: "button.react-button__trigger", target: "post" },
      { action: "repost", selector: "button.social-reshare-button", target: "post" },
      // A person card (search, "People you may know", an invitation row) or the profile page.
      { action: "connect", selector: "button[aria-label$=' to connect'], button[aria-label^='Accept ']", target: personOf },
      { action: "follow", selector: "button[aria-label^='Follow '], button.follow", target: personOf },
    ],
    post: {
      container: POST,
      author: "a.update-components-actor__meta-link, .update-components-actor__container a[href], .update-components-actor a[href]",
      text: ".update-components-text, .feed-shared-update-v2__description",
    },
  });
})();
