// YouTube. Who is acting is a channel: the person's own or a brand channel. The page's
// `ytcfg` says whether someone is signed in and, with `DELEGATED_SESSION_ID`, that the
// session acts for a brand channel (kind "page"); the channel's handle is in the account
// menu's header (`ytd-active-account-header-renderer #channel-handle`), which YouTube keeps
// in the page once the menu has been opened, and re-renders when the channel changes.
// The newest ytcfg wins: the app appends a fresh one when it swaps the session in place.
"use strict";

(() => {
  const HANDLE = /^@?([A-Za-z0-9._-]{3,30})$/;

  function channel(page) {
    const header = document.querySelector("ytd-active-account-header-renderer");
    const handle = header && header.querySelector("#channel-handle");
    const found = handle && HANDLE.exec(handle.textContent.trim());
    if (!found) return null;
    const name = header.querySelector("#account-name");
    return { handle: found[1], display_name: name ? name.textContent.trim() : null };
  }

  PersonaGuardSites.register({
    id: "youtube",
    matches: ["https://www.youtube.com/*", "https://youtube.com/*", "https://m.youtube.com/*"],
    identity: [
      {
        from: "state",
        signal: "ytcfg + account header",
        read(page) {
          const cfg = page.scriptJson("ytcfg.set(", { last: true });
          if (!cfg || (cfg.LOGGED_IN !== true && cfg.LOGGED_IN !== "true")) return null;
          const found = channel(page);
          if (!found) return null;
          return { ...found, kind: cfg.DELEGATED_SESSION_ID ? "page" : "user" };
        },
      },
      {
        // No ytcfg to say which kind: the handle alone.
        from: "attribute", signal: "account header", selector: "ytd-active-account-header-renderer #channel-handle",
        attribute: "text", pattern: "^@?([A-Za-z0-9._-]{3,30})$",
      },
    ],
    // What the state source reads: the newest inline ytcfg, the account menu's header.
    identityRegions: ["script:not([src])", "ytd-active-account-header-renderer"],
    composer: "ytd-commentbox #contenteditable-root",
    submit: "ytd-commentbox #submit-button",
    accountSwitcher: "ytd-topbar-menu-button-renderer #avatar-btn, button#avatar-btn",
    handleFromHref: "^/@([A-Za-z0-9._-]{3,30})(?:$|[/?#])",
    composing(page, composer) {
      // A reply box sits inside the comment (its reply dialog) or under it, in the thread.
      const thread = composer.closest("ytd-comment-thread-renderer");
      const comment = composer.closest("ytd-comment-view-model, ytd-comment-renderer")
        || (thread && thread.querySelector("ytd-comment-view-model, ytd-comment-renderer"));
      if (comment) {
        return { action: "reply", reply_to: page.postOf(comment, "#author-text", "#content-text") };
      }
      const video = document.querySelector("ytd-watch-metadata");
      if (video) {
        return { action: "comment", reply_to: page.postOf(video, 'ytd-video-owner-renderer a[href^="/@"]', "#title h1") };
      }
      return { action: "comment" };
    },
    mentionsWithin: "ytd-comment-thread-renderer",
    mentions: 'a[href^="/@"]#author-text',
    controls: [
      { action: "react", selector: "ytd-comment-engagement-bar #like-button button, ytd-comment-action-buttons-renderer #like-button button", target: "closest",
        container: "ytd-comment-view-model, ytd-comment-renderer", author: "#author-text", text: "#content-text" },
      { action: "react", selector: "ytd-watch-metadata like-button-view-model button, ytd-watch-metadata #segmented-like-button button", target: "closest",
        container: "ytd-watch-metadata", author: 'ytd-video-owner-renderer a[href^="/@"]', text: "#title h1" },
      { action: "follow", selector: "ytd-watch-metadata ytd-subscribe-button-renderer button, ytd-watch-metadata yt-subscribe-button-view-model button, ytd-watch-metadata #subscribe-button button",
        target: "closest", container: "ytd-watch-metadata", author: 'ytd-video-owner-renderer a[href^="/@"]' },
      { action: "follow", selector: "#page-header yt-subscribe-button-view-model button, ytd-c4-tabbed-header-renderer ytd-subscribe-button-renderer button",
        target: "url", pattern: "^/@([A-Za-z0-9._-]{3,30})" },
    ],
  });
})();
