// Bluesky (bsky.app). Identity: `localStorage.BSKY_STORAGE` `session.currentAccount`,
// read fresh each time because Bluesky switches accounts without a reload.
"use strict";

PersonaGuardSites.register({
  id: "bluesky",
  matches: ["https://bsky.app/*", "https://main.bsky.dev/*"],
  handleStyle: "domain",
  identity: [
    {
      from: "state",
      read(page) {
        const state = page.parseJson(page.localStorage("BSKY_STORAGE"));
        const account = state && state.session && state.session.currentAccount;
        if (!account || !account.handle) return null;
        return { handle: account.handle, display_name: null, kind: "user" };
      },
    },
    { from: "attribute", selector: 'a[aria-label="Profile"][href^="/profile/"]', attribute: "href",
      pattern: "^/profile/([^/?#]+)" },
  ],
  composer: '[data-testid="composePostView"] .ProseMirror, [data-testid="composePostView"] [contenteditable="true"]',
  submit: '[data-testid="composerPublishBtn"]',
  keys: [{ key: "Enter", modifier: true }],
  actionOf(submit) {
    const label = submit ? submit.getAttribute("aria-label") || "" : "";
    return /reply/i.test(label) ? "reply" : null;
  },
  // The reply preview shows a display name only: the handle comes from the post URL and
  // the thread item's test id (`postThreadItem-by-<handle>`).
  replyTo() {
    const thread = /^\/profile\/([^/]+)\/post\/[^/]+/.exec(location.pathname);
    if (!thread) return null;
    const item = document.querySelector(`[data-testid="postThreadItem-by-${CSS.escape(thread[1])}"]`);
    const text = item && item.querySelector('[data-testid="postText"]');
    return { handle: thread[1], text: text ? text.textContent.trim() : "" };
  },
  mentionsWithin: '[data-testid="composePostView"]',
  mentions: 'a[href^="/profile/"]',
  handleFromHref: "^/profile/([^/?#]+)",
  controls: [
    { action: "react", selector: '[data-testid="likeBtn"]', target: "post" },
    { action: "repost", selector: '[data-testid="repostBtn"]', target: "post" },
    { action: "follow", selector: '[data-testid="followBtn"]', target: "url", pattern: "^/profile/([^/?#]+)" },
  ],
  post: { container: '[data-testid^="feedItem-by-"], [data-testid^="postThreadItem-by-"]', authorTestid: "^(?:feedItem|postThreadItem)-by-(.+)$", text: '[data-testid="postText"]' },
});
