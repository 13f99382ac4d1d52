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
      signal: "BSKY_STORAGE",
      read(page) {
        const state = page.parseJson(page.localStorage("BSKY_STORAGE"));
        const session = state && state.session;
        const account = session && session.currentAccount;
        if (!account) return null;
        // The stored `currentAccount.handle` is deprecated: the did names the account and
        // its handle is kept in `session.accounts` (refreshed when the handle changes).
        const listed = account.did && Array.isArray(session.accounts)
          && session.accounts.find((a) => a && a.did === account.did);
        const handle = (listed && listed.handle) || account.handle;
        if (!handle) return null;
        return { handle, display_name: null, kind: "user" };
      },
    },
    { from: "attribute", signal: "nav Profile link", selector: 'a[aria-label="Profile"][href^="/profile/"]', attribute: "href",
      pattern: "^/profile/([^/?#]+)" },
  ],
  // The chat box (/messages/<convo>) has no test id: a textarea beside the send button.
  // The state source reads localStorage, not the page: only the nav link (a selector) is watched.
  identityRegions: [],
  composer: '[data-testid="composePostView"] .ProseMirror, [data-testid="composePostView"] [contenteditable="true"], [data-testid="convoScreen"] textarea, [data-testid="messagesScreen"] textarea',
  submit: '[data-testid="composerPublishBtn"], [data-testid="convoScreen"] [role="button"][aria-label="Send message"], [data-testid="messagesScreen"] [role="button"][aria-label="Send message"]',
  // Ctrl/Cmd+Enter publishes a post; Enter alone sends a chat message.
  keys: [{ key: "Enter", modifier: true },
    { key: "Enter", noShift: true, within: '[data-testid="convoScreen"] textarea, [data-testid="messagesScreen"] textarea' }],
  accountSwitcher: '[aria-label="Switch accounts"]',
  switchWhere: "switchWhereBluesky",
  actionOf(submit, composer) {
    if (composer && composer.matches("textarea")) return "message";
    const label = submit ? submit.getAttribute("aria-label") || "" : "";
    return /reply/i.test(label) ? "reply" : null;
  },
  // A chat goes to the other member: the conversation header links to their profile.
  targetOf(page, composer) {
    if (!composer.matches("textarea")) return null;
    const screen = composer.closest('[data-testid="convoScreen"], [data-testid="messagesScreen"]');
    const me = (document.querySelector('a[aria-label="Profile"][href^="/profile/"]') || { getAttribute: () => "" })
      .getAttribute("href").replace(/^\/profile\//, "").toLowerCase();
    for (const link of screen.querySelectorAll('a[href^="/profile/"]')) {
      const handle = page.handleFromUrl(link.getAttribute("href"));
      if (handle && handle.toLowerCase() !== me) return handle;
    }
    return null;
  },
  // A quote: the composer carries the quoted post as an embed with its author's handle.
  quoteOf(page, composer) {
    const view = composer.closest('[data-testid="composePostView"]');
    const embed = view && view.querySelector('[data-testid="quoteEmbed"], [data-testid="quotePostEmbed"]');
    if (!embed) return null;
    // The embed is itself the link to the quoted post, /profile/<handle>/post/<rkey>.
    const author = embed.matches('a[href^="/profile/"]') ? embed : embed.querySelector('a[href^="/profile/"]');
    const text = embed.querySelector('[data-testid="postText"], [data-testid="quotePostText"]');
    const byId = /-by-(.+)$/.exec(embed.getAttribute("data-testid") || "");
    return { handle: author ? page.handleFromUrl(author.getAttribute("href")) : byId ? byId[1] : "",
      text: text ? text.textContent.trim() : "" };
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
    // On the web the repost button only opens a menu; its "Repost" item does it, drawn
    // outside the post: the post is the one whose button opened the menu. ("Quote post"
    // opens the composer, checked when it is sent.)
    { action: "repost", selector: '[data-testid="repostDropdownRepostBtn"]', target: "opener", opener: '[data-testid="repostBtn"]' },
    // On a profile the page says whom. In lists, search and suggestions each account is a
    // card: one link to `/profile/<did>` wrapping name, "@handle" and its follow button
    // (no test id there); the handle is the card's "@" line, the DID its fallback.
    { action: "follow", selector: '[data-testid="followBtn"], a[href^="/profile/"] [role="button"], a[href^="/profile/"] button',
      target(page, button) {
        const card = button.closest('a[href^="/profile/"]');
        if (!card) {
          // A hover card or a profile header: the nearest link to a profile around it.
          let node = button.parentElement;
          for (let depth = 0; node && depth < 6; depth++, node = node.parentElement) {
            const link = node.querySelector('a[href^="/profile/"]:not([href*="/post/"])');
            if (link) return page.handleFromUrl(link.getAttribute("href"));
          }
          return (/^\/profile\/([^/?#]+)/.exec(location.pathname) || [])[1] || "";
        }
        const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent.trim();
          if (/^@[a-z0-9.-]+\.[a-z]+$/i.test(text)) return text.slice(1);
        }
        return page.handleFromUrl(card.getAttribute("href"));
      } },
  ],
  post: { container: '[data-testid^="feedItem-by-"], [data-testid^="postThreadItem-by-"]', authorTestid: "^(?:feedItem|postThreadItem)-by-(.+)$", text: '[data-testid="postText"]' },
});
