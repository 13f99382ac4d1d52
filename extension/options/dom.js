// What every part of the options page shares: the strings (all from _locales), a small
// element builder and a file download. No decision logic lives in this page: the host
// validates and decides, the page only shows and sends.
"use strict";

const Options = (globalThis.PersonaGuardOptions = globalThis.PersonaGuardOptions || {});

// t() and el() are the extension's one pair (common/ui.js, loaded first by options.html)
Options.t = globalThis.PersonaGuardUI.t;
Options.el = globalThis.PersonaGuardUI.el;

Options.localize = (root = document) => {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = Options.t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-label]")) {
    node.setAttribute("aria-label", Options.t(node.dataset.i18nLabel));
  }
};

let uniqueId = 0;
Options.uid = (prefix) => `${prefix}-${++uniqueId}`;

/** Save `text` as a file the person downloads. */
Options.download = (name, type, text) => {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Options.el("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

/** Ask the background (which speaks to the host). */
Options.ask = (kind, body = {}) => chrome.runtime.sendMessage({ kind, ...body });
