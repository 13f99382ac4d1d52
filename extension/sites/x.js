// X (Twitter). Identity: the page's embedded store, then the profile link in the side
// navigation, then the account switcher's avatar. The store is only trusted while the
// `twid` cookie still names the same user: switching accounts in another tab changes the
// cookie for every tab, and this tab's store goes stale.
"use strict";

PersonaGuardSites.register({
  id: "x",
  matches: ["https://x.com/*", "https://twitter.com/*", "https://mobile.x.com/*"],
  identity: [
    {
      from: "state",
      signal: "__INITIAL_STATE__",
      read(page) {
        const state = page.scriptJson("window.__INITIAL_STATE__=");
        const id = state && state.session && state.session.user_id;
        const users = state && state.entities && state.entities.users && state.entities.users.entities;
        const user = id && users && users[id];
        if (!user || !user.screen_name) return null;
        const twid = page.cookie("twid");
        if (twid && decodeURIComponent(twid).replace(/^u=/, "") !== String(id)) {
          return { stale: true };
        }
        return { handle: user.screen_name, display_name: user.name || null, kind: "user" };
      },
    },
    { from: "attribute", signal: "AppTabBar_Profile_Link", selector: '[data-testid="AppTabBar_Profile_Link"]', attribute: "href",
      pattern: "^/([A-Za-z0-9_]{1,15})(?:$|[/?#])" },
    { from: "attribute", signal: "account switcher avatar",
      selector: '[data-testid="SideNav_AccountSwitcher_Button"] [data-testid^="UserAvatar-Container-"]',
      attribute: "data-testid", pattern: "^UserAvatar-Container-([A-Za-z0-9_]{1,15})$" },
  ],
  // What the state source reads (the inline __INITIAL_STATE__); its other sources are selectors.
  identityRegions: ["script:not([src])"],
  // The timelines: posts stream into them, never who is signed in.
  streams: '[aria-label^="Timeline: "]',
  composer: '[data-testid^="tweetTextarea_"][role="textbox"], [data-testid="dmComposerTextInput"]',
  submit: '[data-testid="tweetButtonInline"], [data-testid="tweetButton"], [data-testid="dmComposerSendButton"]',
  // Enter alone sends a direct message; a post needs Ctrl/Cmd+Enter.
  keys: [{ key: "Enter", modifier: true },
    { key: "Enter", noShift: true, within: '[data-testid="dmComposerTextInput"]' }],
  accountSwitcher: '[data-testid="SideNav_AccountSwitcher_Button"]',
  // X's own keys on a focused post: `l` likes, `t` opens the repost menu.
  shortcuts: [{ key: "l", action: "react" }, { key: "t", action: "repost" }],
  actionOf(submit, composer) {
    return composer && composer.matches('[data-testid="dmComposerTextInput"]') ? "message" : null;
  },
  // A direct message goes to the person the conversation is with: their avatar heads it
  // (`UserAvatar-Container-<handle>`, the same component the account switcher uses).
  targetOf(page, composer) {
    if (!composer.matches('[data-testid="dmComposerTextInput"]')) return null;
    const me = (document.querySelector('[data-testid="AppTabBar_Profile_Link"]') || { getAttribute: () => "" })
      .getAttribute("href").replace(/^\//, "").toLowerCase();
    const conversation = composer.closest('section, [data-testid="DmActivityContainer"]') || document;
    for (const avatar of conversation.querySelectorAll('[data-testid^="UserAvatar-Container-"]')) {
      const handle = avatar.getAttribute("data-testid").slice("UserAvatar-Container-".length);
      if (handle && handle.toLowerCase() !== me) return handle;
    }
    return null;
  },
  // A quote: the composer holds the quoted post as a card among its attachments.
  quoteOf(page, composer) {
    const box = composer.closest('[role="dialog"], [data-testid="primaryColumn"]') || document;
    const name = box.querySelector('[data-testid="attachments"] [data-testid="User-Name"], [data-testid="quoteTweet"] [data-testid="User-Name"]');
    if (!name) return null;
    // The card is one link: its names are plain text, the handle the one written "@name".
    const handle = [...name.querySelectorAll("span")].map((span) => span.textContent.trim())
      .find((text) => /^@[A-Za-z0-9_]{1,15}$/.test(text));
    const card = name.closest('[data-testid="quoteTweet"], [data-testid="attachments"]');
    const text = card.querySelector('[data-testid="tweetText"]');
    return { handle: handle ? handle.slice(1) : "", text: text ? text.textContent.trim() : "" };
  },
  // The modal composer shows "Replying to @a @b"; on a status page the inline composer
  // answers the focal post, the article just before the offscreen reply marker.
  replyTo(page, composer) {
    const dialog = composer.closest('[role="dialog"]');
    if (dialog) {
      const article = dialog.querySelector('article[data-testid="tweet"]');
      if (article) return page.postOf(article, '[data-testid="User-Name"] a[href^="/"]', '[data-testid="tweetText"]');
      // The parent is not always an article: its User-Name block, then the "Replying to"
      // links above the composer (never the quoted card among the attachments).
      const outside = (el) => !el.closest('[data-testid="attachments"], [data-testid="quoteTweet"]') && !composer.contains(el);
      const name = [...dialog.querySelectorAll('[data-testid="User-Name"]')].find(outside);
      if (name) {
        const holder = name.parentElement.closest('div:has([data-testid="tweetText"])') || name.parentElement;
        return page.postOf(holder, '[data-testid="User-Name"] a[href^="/"]', '[data-testid="tweetText"]');
      }
      const before = (el) => el.compareDocumentPosition(composer) & Node.DOCUMENT_POSITION_FOLLOWING;
      const link = [...dialog.querySelectorAll('a[href^="/"]')].find((a) => outside(a) && before(a)
        && /^@[A-Za-z0-9_]{1,15}$/.test(a.textContent.trim()));
      return link ? { handle: link.textContent.trim().slice(1), text: "" } : null;
    }
    const status = /^\/([A-Za-z0-9_]{1,15})\/status\/\d+/.exec(location.pathname);
    if (!status) return null;
    const articles = document.querySelectorAll('article[data-testid="tweet"]');
    const focal = [...articles].find((a) => a.querySelector('a[href*="/status/"] time') && a.getAttribute("tabindex") === "-1")
      || articles[0];
    if (focal) return page.postOf(focal, '[data-testid="User-Name"] a[href^="/"]', '[data-testid="tweetText"]');
    return { handle: status[1], text: "" };
  },
  mentionsWithin: '[role="dialog"]',
  mentions: 'a[href^="/"]:not([href*="/status/"])',
  handleFromHref: "^/@?([A-Za-z0-9_]{1,15})(?:$|[/?#])",
  controls: [
    { action: "react", selector: '[data-testid="like"]', target: "post" },
    { action: "repost", selector: '[data-testid="retweet"]', target: "post" },
    // Follow buttons are `<numeric id>-follow`: the handle is in the user cell around the
    // button, else in the profile page's address (`/<handle>`); old test ids named it.
    { action: "follow", selector: '[data-testid$="-follow"]', target(page, button) {
      const named = /^@?([A-Za-z0-9_]{1,15})-follow$/.exec(button.getAttribute("data-testid") || "");
      if (named && !/^\d+$/.test(named[1])) return named[1];
      const cell = button.closest('[data-testid="UserCell"], [data-testid="HoverCard"]');
      if (cell) {
        for (const link of cell.querySelectorAll('a[href^="/"]')) {
          const handle = page.handleFromUrl(link.getAttribute("href"));
          if (handle) return handle;
        }
      }
      const profile = /^\/([A-Za-z0-9_]{1,15})(?:$|[/?#])/.exec(location.pathname);
      return profile && !["home", "explore", "notifications", "messages", "search", "i"].includes(profile[1]) ? profile[1] : "";
    } },
  ],
  post: { container: 'article[data-testid="tweet"]', author: '[data-testid="User-Name"] a[href^="/"]', text: '[data-testid="tweetText"]' },
});
