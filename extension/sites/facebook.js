// Facebook. Identity: `CurrentUserInitialData` in the page's embedded server data
// (`USER_ID` is who acts, `ACCOUNT_ID` the person logged in: they differ while acting as
// a Page), trusted only while the session cookies agree (`i_user` names the Page acted
// as, `c_user` the person); then, per composer, the "Comment as <name>" the box shows,
// which changes in place when the person picks another actor ("Interacting as").
// Handles are numeric ids or vanity names from profile links; a Page is also matched by
// its name (the account's aliases).
"use strict";

(() => {
  // Any element inside one of `list`'s containers.
  const inside = (list) => list.split(", ").map((one) => `${one} *`).join(", ");
  // The box names who will speak: "Comment as Topeka & Shawnee County Public Library".
  const ACTOR_LABEL = /^(?:Comment|Reply|Answer|Write a (?:comment|reply)) as (.+?)…?$/;
  const POST = '[aria-posinset], [data-pagelet^="FeedUnit"], [role="article"][aria-describedby]';
  const COMMENT = '[role="article"][aria-label]';
  const THREAD = '[role="main"][aria-label^="Conversation"], [role="dialog"][aria-label^="Chat"]';

  function sessionState(page) {
    const data = page.scriptJson('"CurrentUserInitialData",[],');
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

  function actorOf(composer) {
    if (!composer) return "";
    for (const name of ["aria-label", "aria-placeholder"]) {
      const found = ACTOR_LABEL.exec((composer.getAttribute(name) || "").trim());
      if (found) return found[1].trim();
    }
    return "";
  }

  // The comment a reply box answers: the comment article heading the block the box is in.
  function commentAnswered(composer) {
    for (let node = composer.parentElement; node && !node.matches(POST); node = node.parentElement) {
      const comment = node.querySelector(`:scope > ${COMMENT}`);
      if (comment && !comment.contains(composer)) return comment;
    }
    return null;
  }

  PersonaGuardSites.register({
    id: "facebook",
    matches: ["https://www.facebook.com/*", "https://web.facebook.com/*", "https://m.facebook.com/*"],
    hosts: ["facebook.com"],
    identity: [
      {
        from: "state",
        signal: "CurrentUserInitialData",
        read(page, el) {
          const state = sessionState(page);
          if (!state || state.stale) return state;
          const composer = el && el.closest && el.closest('[role="textbox"][contenteditable="true"]');
          const actor = actorOf(composer);
          // "Comment as <Page>" while the session is the person: this box speaks as the Page.
          if (actor && state.display_name && actor !== state.display_name) {
            return { handle: null, display_name: actor, kind: "page" };
          }
          return state;
        },
      },
      {
        from: "attribute",
        signal: "Comment as <name>",
        read(page, el) {
          const composer = (el && el.closest && el.closest('[role="textbox"][contenteditable="true"]'))
            || document.querySelector('[role="textbox"][contenteditable="true"][aria-label*=" as "]');
          const actor = actorOf(composer);
          return actor ? { handle: null, display_name: actor, kind: "unknown" } : null;
        },
      },
    ],
    composer: '[role="textbox"][contenteditable="true"]',
    submit: '#focused-state-composer-submit [role="button"], [aria-label="Comment"][role="button"], [role="dialog"] [aria-label="Post"][role="button"], [aria-label="Press Enter to send"][role="button"], [aria-label="Send"][role="button"]',
    // Comments and Messenger send on Enter; the post dialog takes Enter as a new line.
    keys: [{ key: "Enter", bare: true, where: inside(`${POST}, ${THREAD}`) }],
    accountSwitcher: '[aria-label="Your profile"][role="button"]',
    handleFromHref: "^/(?:profile\\.php\\?(?:[^#]*&)?id=(\\d+)|(?!(?:messages|groups|watch|photo|photos|events|pages|marketplace|gaming|friends|notifications|settings|stories|reel|hashtag|permalink\\.php|story\\.php|profile\\.php|login|home\\.php|search|bookmarks|saved|help|privacy|policies|ads|business|me)(?:[/?#.]|$))([A-Za-z0-9.]{2,}))",
    actionOf(submit, composer) {
      if (!composer) return null;
      if (composer.closest(THREAD)) return "message";
      if (composer.closest(POST)) return commentAnswered(composer) ? "reply" : "comment";
      return "post";
    },
    replyTo(page, composer) {
      const comment = commentAnswered(composer);
      if (comment) {
        return page.postOf(comment, 'a[role="link"][href]', '[dir="auto"]:not([role="link"] *)');
      }
      const post = composer.closest(POST);
      if (!post) return null;
      return page.postOf(post, '[data-ad-rendering-role="profile_name"] a[href], [data-ad-rendering-role="profile_name"] [role="link"][href]',
        '[data-ad-rendering-role="story_message"], [data-ad-preview="message"], [data-ad-comet-preview="message"]');
    },
    // The person a Messenger thread is with: the profile link in the thread's header.
    targetOf(page, composer) {
      const thread = composer.closest(THREAD);
      if (!thread) return null;
      for (const link of thread.querySelectorAll('a[role="link"][href]')) {
        const handle = page.handleFromUrl(link.getAttribute("href"));
        if (handle) return { handle };
      }
      return null;
    },
    controls: [
      { action: "react", selector: '[aria-label="Like"][role="button"], [aria-label="Remove Like"][role="button"]', target: "post" },
      // A request row or a "People you may know" card: the person is the card's link.
      { action: "connect", selector: '[role="listitem"] [aria-label="Confirm"][role="button"], [role="listitem"] [aria-label="Add friend"][role="button"], [role="listitem"] [aria-label="Add Friend"][role="button"]',
        target: "link", container: '[role="listitem"]', link: 'a[role="link"][href]' },
      // On a profile page: the person is the page's own address.
      { action: "connect", selector: '[aria-label="Add friend"][role="button"], [aria-label="Add Friend"][role="button"], [aria-label="Confirm request"][role="button"]', target: "url" },
    ],
    post: {
      container: `${POST}, ${COMMENT}`,
      author: '[data-ad-rendering-role="profile_name"] a[href], a[role="link"][href]',
      text: '[data-ad-rendering-role="story_message"], [data-ad-preview="message"], [data-ad-comet-preview="message"]',
    },
  });
})();
