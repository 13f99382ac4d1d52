// The exact commands that install the host for this browser on this operating system:
// the package (pipx, else pip), then `persona-guard install --browser <this browser>`.
// Shown by the welcome page, the popup and the warning when the host is missing.
"use strict";

(() => {
  const DOCS_URL = "https://personaguard.org/docs/install.md";

  /** The installer's name for the browser this runs in (its --browser value). */
  function browserId(nav = globalThis.navigator) {
    const agent = (nav && nav.userAgent) || "";
    const brands = ((nav && nav.userAgentData && nav.userAgentData.brands) || []).map((b) => b.brand);
    if (/Firefox\//.test(agent)) return "firefox";
    if (/Edg\//.test(agent) || brands.includes("Microsoft Edge")) return "edge";
    if (nav && nav.brave) return "brave";
    if (/Vivaldi/.test(agent)) return "vivaldi";
    if (brands.includes("Google Chrome")) return "chrome";
    return "chromium";
  }

  /** os: runtime.getPlatformInfo().os ("linux", "mac", "win", ...). */
  function commands(os, browser) {
    const python = os === "win" ? "py -m pip install --user persona-guard" : "python3 -m pip install --user persona-guard";
    return {
      package: `pipx install persona-guard`,
      fallback: python,
      register: `persona-guard install --browser ${browser}`,
      docs: DOCS_URL,
    };
  }

  /** One line for small places (the popup, the warning). */
  function oneLine(os, browser) {
    const c = commands(os, browser);
    return `${c.package} && ${c.register}`;
  }

  const api = { browserId, commands, oneLine, DOCS_URL };
  if (typeof module === "object" && module.exports) module.exports = api;
  else (globalThis.PersonaGuardInstall = api);
})();
