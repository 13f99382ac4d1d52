// Instagram. Identity: the `PolarisViewer` record the page embeds in its `data-sjs` JSON
// (the signed-in viewer, never the profile being looked at), trusted only while the
// `ds_user_id` cookie names the same account (a switch in another tab changes the cookie
// for every tab); then the profile link in the side navigation, whose picture's alt names
// the account. One comment box serves a comment on the post and a reply to a comment: a
// reply is the box pre-filled with "@author " of a comment in the thread.
"use strict";

PersonaGuardSites.register({
  id: "instagram",
  matches: ["https://www.instagram.com/*", "https://instagram.com/*"],
  identity: [
    {
      from: "state",
      signal: "PolarisViewer",
      read(page) {
        const viewer = page.scriptJson('"PolarisViewer",[],');
        const data = viewer && viewer.data;
        if (!data || !data.username) return null;
        const cookie = page.cookie("ds_user_id");
        if (cookie && data.id && cookie !== String(data.id)) return { stale: true };
        return { handle: data.username, display_name: data.full_name || null, kind: "user" };
      },
    },
    // The navigation's own link: never a picture inside a post, a dialog or the page's main
    // column (a profile's or an author's picture has the same alt).
    { from: "attribute", signal: "navigation profile picture",
      selector: 'a[href^="/"]:not(main a):not(article a):not([role="dialog"] a) img[alt$="\'s profile picture"]',
      attribute: "alt", pattern: "^([A-Za-z0-9._]{1,30})'s profile picture$" },
  ],
  // The post's comment box, and a direct message thread's Lexical box.
  // What the state source reads: the inline PolarisViewer.
  identityRegions: ["script:not([src])"],
  composer: 'form textarea, [role="main"] [role="textbox"][contenteditable="true"], [role="textbox"][contenteditable="true"][aria-label="Message"]',
  // "Post" in the comment form and "Send" in a thread are bare role=buttons; the emoji
  // and media buttons beside them carry an icon, so "no svg" tells them apart in any language.
  submit: 'form [role="button"]:not(:has(svg)), form button[type="submit"], [role="main"] [role="button"]:not(:has(svg)):not(a *)',
  submitLabel: "^(Post|Send)$",
  form: "form",
  keys: [{ key: "Enter", noShift: true }],
  handleFromHref: "^/([A-Za-z0-9._]{1,30})/?(?:$|[?#])",
  composing(page, composer) {
    const thread = /^\/direct\/t\/[^/]+/.test(location.pathname);
    if (thread) {
      // The conversation header links the other person's profile.
      const link = document.querySelector('[role="main"] header a[href^="/"][role="link"]');
      return { action: "message", target: { handle: link ? page.handleFromUrl(link.getAttribute("href")) : "" } };
    }
    const post = composer.closest("article") || composer.closest('[role="dialog"]') || document.querySelector("article");
    if (!post) return { action: "post" };
    const owner = page.postOf(post, 'header a[href^="/"][role="link"]', "h1");
    const draft = composer.value || "";
    const mention = /^@([A-Za-z0-9._]{1,30})\s/.exec(draft);
    if (mention) {
      // A reply: the "@author " the Reply button wrote names someone who commented here
      // (a link to them below the post's header), not just anyone mentioned.
      const wanted = mention[1].toLowerCase();
      for (const link of post.querySelectorAll('a[href^="/"]')) {
        if (link.closest("header") || page.handleFromUrl(link.getAttribute("href")).toLowerCase() !== wanted) continue;
        const item = link.closest("li") || link.parentElement;
        const text = item && item.querySelector('span[dir="auto"]');
        return { action: "reply", reply_to: { handle: mention[1], text: text ? text.textContent.trim() : "" } };
      }
    }
    return { action: "comment", reply_to: owner };
  },
  mentionsWithin: "article",
  mentions: 'h1 a[href^="/"]',
  controls: [
    // A comment's small heart likes the comment: its author, not the post's.
    { action: "react", selector: 'article ul li [role="button"]:has(svg[aria-label="Like"]), article ul li button:has(svg[aria-label="Like"])',
      target: "closest", container: "li", author: 'h3 a[href^="/"]', text: 'span[dir="auto"]' },
    { action: "react", selector: 'article [role="button"]:has(svg[aria-label="Like"]), article button:has(svg[aria-label="Like"])', target: "post" },
    // Follow in a post's header names the post's author; on a profile, the profile.
    { action: "follow", selector: 'article header button, article header [role="button"]', label: "^Follow$", target: "post" },
    { action: "follow", selector: 'header section button, header section [role="button"]', label: "^Follow$", target: "url",
      pattern: "^/([A-Za-z0-9._]{1,30})/?$" },
    // Anywhere else (a post page laid out without an article): still checked, on the
    // profile the address names, if any.
    { action: "react", selector: '[role="button"]:has(svg[aria-label="Like"]), button:has(svg[aria-label="Like"])', target: "post" },
    { action: "follow", selector: 'button, [role="button"]', label: "^Follow$", target: "url", pattern: "^/([A-Za-z0-9._]{1,30})/?$" },
  ],
  post: { container: "article", author: 'header a[href^="/"][role="link"]', text: "h1" },
});
