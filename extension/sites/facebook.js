// Facebook. Identity: `CurrentUserInitialData` in the page's embedded server data
// (`USER_ID` is who acts, `ACCOUNT_ID` the person logged in: they differ while acting as
// a Page), trusted only while the session cookies agree (`i_user` names the Page acted
// as, `c_user` the person); then, per composer, the "Comment as <name>" the box shows,
// which changes in place when the person picks another actor ("Interacting as").
// Handles are numeric ids or vanity names from profile links; a Page is also matched by
// its name (the account's aliases).
"use strict";

(() => {
  // The box names who will speak: "Comment as Topeka & Shawnee County Public Library".
  const ACTOR_LABEL = /^(?:Comment|Reply|Answer|Write a (?:comment|reply)) as (.+?)…?$/;
  const BOX = '[role="textbox"][contenteditable="true"]';
  // A feed unit or an opened post; comments are articles too ("Comment by <name>"),
  // told apart by sitting inside a post (the label is translated).
  const ARTICLE = '[aria-posinset], [data-pagelet^="FeedUnit"], [role="article"]';
  const COMMENT_LABEL = /^(?:Comment|Reply) by /;
  const POST_PARTS = '[data-ad-rendering-role="profile_name"], [data-ad-rendering-role="story_message"], [data-ad-preview="message"], [data-ad-comet-preview="message"]';
  const THREAD = '[role="main"][aria-label^="Conversation"], [role="dialog"][aria-label^="Chat"], [aria-label^="Messages in conversation"]';
  const POST_BOX = '[aria-label="Create post"] *, [aria-label^="What\'s on your mind"], [aria-placeholder^="What\'s on your mind"]';
  const AUTHOR = '[data-ad-rendering-role="profile_name"] a[href], [data-ad-rendering-role="profile_name"] [role="link"][href]';
  const STORY = '[data-ad-rendering-role="story_message"], [data-ad-preview="message"], [data-ad-comet-preview="message"]';

  function sessionState(page) {
    const data = page.scriptJson('"CurrentUserInitialData"');
    if (!data || !data.USER_ID || data.USER_ID === "0") return null;
    const acting = page.cookie("i_user");
    const person = page.cookie("c_user");
    // Another tab switched profile: this tab's record no longer names who will act.
    if ((acting && acting !== data.USER_ID) || (!acting && person && person !== data.USER_ID)) {
      return { stale: true };
    }
    const asPage = (data.ACCOUNT_ID && data.ACCOUNT_ID !== data.USER_ID) || !!acting;
    return { handle: data.USER_ID, display_name: data.NAME || null, kind: asPage ? "page" : "user" };
  }

  function actorOf(box) {
    if (!box) return "";
    for (const name of ["aria-label", "aria-placeholder"]) {
      const found = ACTOR_LABEL.exec((box.getAttribute(name) || "").trim());
      if (found) return found[1].trim();
    }
    return "";
  }

  function isComment(node) {
    if (!node.matches('[role="article"]') || node.matches("[aria-posinset]")) return false;
    return COMMENT_LABEL.test(node.getAttribute("aria-label") || "")
      || !!(node.parentElement && node.parentElement.closest(ARTICLE));
  }

  function commentOf(el) {
    for (let node = el.closest('[role="article"]'); node; node = node.parentElement && node.parentElement.closest('[role="article"]')) {
      if (isComment(node)) return node;
    }
    return null;
  }

  /** The post an element belongs to: the feed unit or post article around it, the nearest
   *  ancestor holding a post's author or message, or a post article just beside it (a
   *  comment box rendered after the post). */
  function postOf(el) {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      if (node.matches(ARTICLE) && !isComment(node)) return node;
      if (node.querySelector(`:scope > ${POST_PARTS}, :scope > * > ${POST_PARTS}`)) return node;
      const beside = [...node.querySelectorAll(`:scope > ${ARTICLE}`)].find((a) => !isComment(a));
      if (beside) return beside;
    }
    return null;
  }

  // The box a person writes in for `el` (a composer, or a control of the post whose
  // comment box names the actor chosen under "Interacting as").
  function boxFor(el) {
    const box = el && el.closest && el.closest(BOX);
    if (box) return box;
    const post = el && el.closest && postOf(el);
    return post ? [...post.querySelectorAll(BOX)].find((b) => actorOf(b)) || null : null;
  }

  // The comment a reply box answers: the comment article it sits in, the article heading
  // the block it is in, or the comment by the person its "Reply to <name>" label names.
  function commentAnswered(box) {
    const inside = commentOf(box);
    if (inside) return inside;
    const post = postOf(box);
    for (let node = box.parentElement; node && node !== post && !node.contains(post); node = node.parentElement) {
      const comment = [...node.querySelectorAll(':scope > [role="article"]')].find(isComment);
      if (comment && !comment.contains(box)) return comment;
    }
    const named = /^Reply to (.+)$/.exec((box.getAttribute("aria-label") || "").trim());
    if (named && post) {
      return [...post.parentElement.querySelectorAll('[role="article"]')].filter(isComment).find((c) =>
        (c.getAttribute("aria-label") || "").startsWith(`Comment by ${named[1]}`)) || null;
    }
    return null;
  }

  // The person a card's control acts on (a request row): the card's profile link; outside
  // any card, the profile page's own address.
  function personOf(page, el, card) {
    const found = el.closest(card);
    if (!found) return page.handleFromUrl(location.href);
    const link = found.querySelector("a[href]");
    return link ? page.handleFromUrl(link.getAttribute("href")) : "";
  }

  function isMessage(box) {
    return !!box.closest(THREAD) || (/^\/messages\//.test(location.pathname) && !postOf(box));
  }

  PersonaGuardSites.register({
    id: "facebook",
    matches: ["https://www.facebook.com/*", "https://web.facebook.com/*", "https://m.facebook.com/*"],
    identity: [
      {
        from: "state",
        signal: "CurrentUserInitialData",
        read(page, el) {
          const state = sessionState(page);
          if (!state || state.stale) return state;
          const actor = actorOf(boxFor(el));
          // "Comment as <Page>" while the session is the person: this box speaks as the Page.
          if (actor && state.display_name && actor !== state.display_name) {
            return { handle: null, display_name: actor, kind: "page", signal: "Comment as <name>" };
          }
          return state;
        },
      },
      {
        from: "attribute",
        signal: "Comment as <name>",
        read(page, el) {
          const actor = actorOf(boxFor(el) || document.querySelector(`${BOX}[aria-label*=" as "]`));
          return actor ? { handle: null, display_name: actor, kind: "unknown" } : null;
        },
      },
    ],
    // What the sources read: the inline CurrentUserInitialData, a box saying "Comment as <name>".
    identityRegions: ["script:not([src])", `${BOX}[aria-label*=" as "]`],
    composer: BOX,
    // A Page's post dialog may say "Next" before "Post": the draft is checked at the first.
    submit: '#focused-state-composer-submit [role="button"], #focused-state-composer-submit [aria-label], [aria-label="Comment"][role="button"], [role="dialog"] [aria-label="Post"][role="button"], [aria-label="Create post"] [aria-label="Next"][role="button"], [aria-label="Press Enter to send"][role="button"], [aria-label="Send"][role="button"]',
    // Comments, replies and Messenger send on Enter; the post box takes it as a new line.
    keys: [{ key: "Enter", noShift: true, where: `:not(${POST_BOX})` }],
    accountSwitcher: '[aria-label="Your profile"][role="button"]',
    handleFromHref: "^/(?:profile\\.php\\?(?:[^#]*&)?id=(\\d+)|(?!(?:messages|groups|watch|photo|photos|events|pages|marketplace|gaming|friends|notifications|settings|stories|reel|hashtag|permalink\\.php|story\\.php|profile\\.php|login|home\\.php|search|bookmarks|saved|help|privacy|policies|ads|business|me)(?:[/?#.]|$))([A-Za-z0-9.]{2,}))",
    actionOf(submit, composer) {
      if (!composer) return null;
      if (isMessage(composer)) return "message";
      if (composer.matches(POST_BOX) || !postOf(composer)) return "post";
      return commentAnswered(composer) ? "reply" : "comment";
    },
    replyTo(page, composer) {
      if (isMessage(composer) || composer.matches(POST_BOX)) return null;
      const comment = commentAnswered(composer);
      if (comment) return page.postOf(comment, "a[href]", '[dir="auto"]:not(a *):not(a)');
      const post = postOf(composer);
      if (!post) return null;
      const found = page.postOf(post, AUTHOR, STORY);
      if (found.handle) return found;
      // No author role: the first link in the post that names a profile.
      for (const link of post.querySelectorAll("a[href]")) {
        const handle = page.handleFromUrl(link.getAttribute("href"));
        if (handle) return { handle, text: found.text };
      }
      return found;
    },
    // The person a Messenger thread is with: the profile link in the thread's header, else
    // the thread's address (a one-to-one thread is named by the other person's id).
    targetOf(page, composer) {
      if (!isMessage(composer)) return null;
      const thread = composer.closest(THREAD);
      for (const link of thread ? thread.querySelectorAll("a[href]") : []) {
        const handle = page.handleFromUrl(link.getAttribute("href"));
        if (handle) return handle;
      }
      const found = /^\/messages\/(?:e2ee\/)?t\/(\d+)/.exec(location.pathname);
      return found ? found[1] : null;
    },
    controls: [
      { action: "react", selector: '[aria-label="Like"][role="button"], [aria-label="Remove Like"][role="button"]', target: "post" },
      // A request row or a "People you may know" card: the person is the card's link; on
      // a profile page, the page's own address.
      { action: "connect", selector: '[aria-label="Confirm"][role="button"], [aria-label="Confirm request"][role="button"], [aria-label="Add friend"][role="button"], [aria-label="Add Friend"][role="button"]',
        target: (page, el) => personOf(page, el, '[role="listitem"]') },
    ],
    post: {
      container: ARTICLE,
      author: `${AUTHOR}, a[href]`,
      text: STORY,
    },
  });
})();
