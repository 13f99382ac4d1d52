// What every page of the extension shares: `t()` for a localised string (the key itself
// when it has none) and `el()` to build a DOM node. Loaded first wherever they are used:
// the content scripts (build.py), the background (worker.js, build.py) and each page: the
// popup, the options, the welcome page and the chip's and the warning's frames (their
// .html), each of which has its own global scope.
"use strict";

globalThis.PersonaGuardUI = globalThis.PersonaGuardUI || (() => {
  const t = (key, ...subs) => globalThis.chrome.i18n.getMessage(key, subs.map(String)) || key;

  // el("input", {type: "text", text: "…", style: {"--c": color}, dataset: {…}}, [children]):
  // `text` sets the text, `style` CSS properties (custom ones too), `dataset`, `value` and
  // `checked` the properties; anything else an attribute (true: present, empty). An
  // attribute that is undefined, null or false is left out, and so is such a child.
  function el(tag, attrs = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "style") for (const [p, v] of Object.entries(value)) node.style.setProperty(p, v);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "value") node.value = value;
      else if (key === "checked") node.checked = Boolean(value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  return Object.freeze({ t, el });
})();
