// Mastodon (and its forks). Identity: the `#initial-state` script every page embeds
// (`meta.me` -> `accounts[me].acct`); local accounts get the instance from `meta.domain`.
"use strict";

PersonaGuardSites.register({
  id: "mastodon",
  matches: ["https://mastodon.social/*", "https://mastodon.online/*", "https://mstdn.social/*", "https://fosstodon.org/*", "https://hachyderm.io/*", "https://mas.to/*"],
  handleStyle: "fediverse",
  identity: [
    {
      from: "state",
      read(page) {
        const el = document.getElementById("initial-state");
        const state = el && page.parseJson(el.textContent);
        const me = state && state.meta && state.meta.me;
        const account = me && state.accounts && state.accounts[me];
        if (!account || !account.acct) return null;
        const domain = state.meta.domain || location.hostname;
        const handle = account.acct.includes("@") ? account.acct : `${account.acct}@${domain}`;
        return { handle, display_name: account.display_name || null, kind: "user" };
      },
    },
    { from: "attribute", selector: ".navigation-bar__profile-account", attribute: "text",
      pattern: "^@?([^\\s@]+(?:@[^\\s@]+)?)$" },
  ],
  composer: "textarea.autosuggest-textarea__textarea",
  submit: '.compose-form__submit button[type="submit"], .compose-form__publish button[type="submit"], .compose-form__actions button[type="submit"]',
  form: "form.compose-form",
  keys: [{ key: "Enter", modifier: true }],
  replyTo(page) {
    const box = document.querySelector(".reply-indicator");
    if (!box) return null;
    const account = box.querySelector(".display-name__account");
    const link = box.querySelector("a.reply-indicator__display-name, a[href*='/@']");
    let handle = account ? account.textContent.trim() : "";
    if (!handle && link) handle = page.handleFromUrl(link.getAttribute("href"));
    const content = box.querySelector(".reply-indicator__content, .status__content");
    return { handle: page.qualify(handle), text: content ? content.textContent.trim() : "" };
  },
  mentionsWithin: 'form.compose-form',
  mentions: '.reply-indicator a.mention',
  controls: [
    { action: "react", selector: ".status__action-bar button[aria-label='Favorite'], .detailed-status__action-bar button[aria-label='Favorite']", target: "post" },
    { action: "repost", selector: ".status__action-bar button[aria-label='Boost'], .detailed-status__action-bar button[aria-label='Boost']", target: "post" },
    { action: "follow", selector: ".account__header__tabs__buttons button.button, .account__relationship button", target: "url" },
  ],
  post: { container: ".status, .detailed-status", author: ".display-name__account", text: ".status__content" },
});
