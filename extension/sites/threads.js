// Threads. Identity: the side navigation's profile link (`/@<user>`, the one holding the
// "Profile" icon), read on every check so a profile switched in the app is seen at once.
// One Lexical composer dialog serves a new post, a reply and a quote: a reply shows the
// post answered above the text box, a quote embeds the quoted post below it.
"use strict";

PersonaGuardSites.register({
  id: "threads",
  matches: ["https://www.threads.net/*", "https://threads.net/*", "https://www.threads.com/*", "https://threads.com/*"],
  identity: [
    { from: "attribute", signal: "navigation profile link",
      selector: 'a[href^="/@"]:has(svg[aria-label="Profile"])', attribute: "href",
      pattern: "^/@([A-Za-z0-9._]{1,30})/?$" },
  ],
  composer: '[role="dialog"] [role="textbox"][contenteditable="true"]',
  // The Post button is a bare role=button beside Cancel and the media buttons: only its
  // words tell it apart.
  submit: '[role="dialog"] [role="button"]:not(:has(svg)), [role="dialog"] button:not(:has(svg))',
  submitLabel: "^(Post|Reply)$",
  keys: [{ key: "Enter", modifier: true }],
  handleFromHref: "^/@([A-Za-z0-9._]{1,30})(?:$|[/?#])",
  composing(page, composer) {
    const dialog = composer.closest('[role="dialog"]');
    for (const post of dialog.querySelectorAll("[data-pressable-container]")) {
      if (post.contains(composer)) continue;
      const found = page.postOf(post, 'a[href^="/@"]:not([href*="/post/"])', 'span[dir="auto"]:not(a *)');
      // Before the text box: the post answered; after it: the post quoted.
      const before = post.compareDocumentPosition(composer) & Node.DOCUMENT_POSITION_FOLLOWING;
      return { action: before ? "reply" : "quote", reply_to: found };
    }
    // A post card without its container attribute: its permalink says whose it is.
    for (const link of dialog.querySelectorAll('a[href^="/@"][href*="/post/"]')) {
      const owner = /^\/@([A-Za-z0-9._]{1,30})\/post\//.exec(link.getAttribute("href"));
      if (!owner) continue;
      const before = link.compareDocumentPosition(composer) & Node.DOCUMENT_POSITION_FOLLOWING;
      return { action: before ? "reply" : "quote", reply_to: { handle: owner[1], text: "" } };
    }
    // Opened from a post's own page with the post outside the dialog: a reply to it.
    const thread = /^\/@([A-Za-z0-9._]{1,30})\/post\//.exec(location.pathname);
    if (thread) {
      const focal = [...document.querySelectorAll("[data-pressable-container]")].find((post) =>
        page.postOf(post, 'a[href^="/@"]:not([href*="/post/"])', "span").handle.toLowerCase() === thread[1].toLowerCase());
      const text = focal ? page.postOf(focal, 'a[href^="/@"]', 'span[dir="auto"]:not(a *)').text : "";
      return { action: "reply", reply_to: { handle: thread[1], text } };
    }
    return { action: "post" };
  },
  mentionsWithin: '[role="dialog"]',
  mentions: 'a[href^="/@"]:not([href*="/post/"])',
  controls: [
    { action: "react", selector: '[role="button"]:has(svg[aria-label="Like"]), button:has(svg[aria-label="Like"])', target: "post" },
    // The repost icon opens a menu; its "Repost" item acts, away from the post.
    { action: "repost", selector: '[role="menu"] [role="menuitem"], [role="menu"] [role="button"], [role="dialog"] [role="menuitem"]', label: "^Repost$",
      target: "opener", opener: '[role="button"]:has(svg[aria-label="Repost"])' },
    // The "+" on a post's avatar follows its author; on a profile, the profile's button.
    { action: "follow", selector: '[data-pressable-container] [role="button"]:has(svg[aria-label="Follow"])', target: "post" },
    { action: "follow", selector: '[role="main"] [role="button"]:not(:has(svg))', label: "^Follow$", target: "url",
      pattern: "^/@([A-Za-z0-9._]{1,30})" },
  ],
  post: { container: "[data-pressable-container]", author: 'a[href^="/@"]:not([href*="/post/"])', text: 'span[dir="auto"]:not(a *)' },
});
