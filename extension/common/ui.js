// What every page of the extension shares: `t()` for a localised string (the key itself
// when it has none) and `el()` to build a DOM node. Loaded first wherever they are used:
// the content scripts (build.py), the popup (popup.html) and the background (worker.js,
// build.py), each of which has its own global scope.
"use strict";

globalThis.PersonaGuardUI = globalThis.PersonaGuardUI || (() => {
  const t = (key, ...subs) => globalThis.chrome.i18n.getMessage(key, subs) || key;

  // attrs: `text` sets the text, `style` an object of CSS properties (custom ones too),
  // anything else an attribute
  function el(tag, attrs = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "text") node.textContent = value;
      else if (key === "style") for (const [p, v] of Object.entries(value)) node.style.setProperty(p, v);
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  }

  return Object.freeze({ t, el });
})();
