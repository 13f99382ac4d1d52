// Mastodon (and its forks). Identity: the `#initial-state` script every page embeds
// (`meta.me` -> `accounts[me].acct`); local accounts get the instance from `meta.domain`.
"use strict";

PersonaGuardSites.register({
  id: "mastodon",
  matches: ["https://mastodon.social/*", "https://mastodon.online/*", "https://mstdn.social/*", "https://fosstodon.org/*", "https://hachyderm.io/*", "https://mas.to/*"],
  handleStyle: "fediverse",
  // Any other instance, once the person has chosen to guard it from the popup: Mastodon's
  // own markers, the web app's root and the state every page embeds.
  recognise: (doc) => !!(doc.querySelector("#mastodon[data-props]") && doc.querySelector("script#initial-state")),
  identity: [
    {
      from: "state",
      signal: "#initial-state",
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
  // What the state source reads: the #initial-state script.
  identityRegions: ["#initial-state"],
  // The columns' post lists: posts stream into them, never who is signed in.
  streams: '.item-list[role="feed"]',
  composer: "textarea.autosuggest-textarea__textarea",
  submit: '.compose-form__submit button[type="submit"], .compose-form__publish button[type="submit"], .compose-form__actions button[type="submit"]',
  form: "form.compose-form",
  keys: [{ key: "Enter", modifier: true }],
  // Mastodon has one account per browser session: nothing to open, so say where.
  switchWhere: "switchWhereMastodon",
  // Mastodon's own keys on a focused post: `f` favourites, `b` boosts.
  shortcuts: [{ key: "f", action: "react" }, { key: "b", action: "repost" }],
  // A direct-visibility post is a message: the visibility button shows the `at` icon.
  actionOf(submit, composer) {
    const form = composer && composer.closest("form.compose-form");
    return form && form.querySelector(".dropdown-button .icon-at, .privacy-dropdown__value .icon-at") ? "message" : null;
  },
  // ... to the first account the draft mentions (`@ana` here, `@ana@other.social` there).
  targetOf(page, composer) {
    if (!composer.closest("form.compose-form").querySelector(".dropdown-button .icon-at, .privacy-dropdown__value .icon-at")) return null;
    const found = /(?:^|[^\w@])@([\w.]+(?:@[\w.-]+\w)?)/.exec(composer.value || "");
    return found ? found[1] : null;
  },
  // A quote (4.5+): the quoted post sits in the composer as `.status__quote`.
  quoteOf(page, composer) {
    const quote = composer.closest("form.compose-form").querySelector(".status__quote .status");
    if (!quote) return null;
    const account = quote.querySelector(".display-name__account");
    const content = quote.querySelector(".status__content");
    return { handle: account ? account.textContent.trim() : "", text: content ? content.textContent.trim() : "" };
  },
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
  mentions: '.reply-indicator a.mention:not(.hashtag):not([href*="/tags/"])',
  controls: [
    // By their icons, not their labels: "Favorite", "Favourite", "Favorito"...
    { action: "react", selector: ".status__action-bar .star-icon, .detailed-status__action-bar .star-icon", target: "post" },
    { action: "repost", selector: ".status__action-bar button:has(.icon-retweet), .detailed-status__action-bar button:has(.icon-retweet)", target: "post" },
    // The follow button, not the ⋯ menu (an icon button) beside it. In an account list
    // the account is the card's; on a profile, the page's.
    { action: "follow", selector: ".account__header__tabs__buttons button.button, .account__relationship button.button:not(.icon-button)",
      target(page, button) {
        const card = button.closest(".account");
        if (!card) return page.handleFromUrl(location.href);
        const acct = card.querySelector(".display-name__account");
        if (acct && acct.textContent.trim()) return acct.textContent.trim().replace(/^@/, "");
        const link = card.querySelector("a.account__display-name, a[href*='/@']");
        return link ? page.handleFromUrl(link.getAttribute("href")) : "";
      } },
  ],
  post: { container: ".status, .detailed-status, .detailed-status__wrapper", author: ".display-name__account", text: ".status__content" },
});
