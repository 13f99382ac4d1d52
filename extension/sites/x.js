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
    { from: "attribute", selector: '[data-testid="AppTabBar_Profile_Link"]', attribute: "href",
      pattern: "^/([A-Za-z0-9_]{1,15})(?:$|[/?#])" },
    { from: "attribute",
      selector: '[data-testid="SideNav_AccountSwitcher_Button"] [data-testid^="UserAvatar-Container-"]',
      attribute: "data-testid", pattern: "^UserAvatar-Container-([A-Za-z0-9_]{1,15})$" },
  ],
  composer: '[data-testid^="tweetTextarea_"][role="textbox"]',
  submit: '[data-testid="tweetButtonInline"], [data-testid="tweetButton"]',
  keys: [{ key: "Enter", modifier: true }],
  accountSwitcher: '[data-testid="SideNav_AccountSwitcher_Button"]',
  // The modal composer shows "Replying to @a @b"; on a status page the inline composer
  // answers the focal post, the article just before the offscreen reply marker.
  replyTo(page, composer) {
    const dialog = composer.closest('[role="dialog"]');
    if (dialog) {
      const article = dialog.querySelector('article[data-testid="tweet"]');
      if (article) return page.postOf(article, '[data-testid="User-Name"] a[href^="/"]', '[data-testid="tweetText"]');
      return null;
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
    { action: "follow", selector: '[data-testid$="-follow"]', target: "testid", pattern: "^@?([A-Za-z0-9_]{1,15})-follow$" },
  ],
  post: { container: 'article[data-testid="tweet"]', author: '[data-testid="User-Name"] a[href^="/"]', text: '[data-testid="tweetText"]' },
});
