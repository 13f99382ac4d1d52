// What every part of the options page shares: the strings (all from _locales), a small
// element builder and a file download. No decision logic lives in this page: the host
// validates and decides, the page only shows and sends.
"use strict";

const Options = (globalThis.PersonaGuardOptions = globalThis.PersonaGuardOptions || {});

Options.t = (key, ...subs) => chrome.i18n.getMessage(key, subs.map(String)) || key;

/** el("input", {type: "text", text: "…", dataset: {…}}, [children]) */
Options.el = (tag, attrs = {}, children = []) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "value") node.value = value;
    else if (key === "checked") node.checked = Boolean(value);
    else if (key === "c") node.style.setProperty("--c", value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};

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
