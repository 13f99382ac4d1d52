// The site adapter table. Each file in sites/ adds one entry with `register`; the engine in
// content/ reads the entry for the page it runs on. See sites/README.md for the fields.
"use strict";

globalThis.PersonaGuardSites = globalThis.PersonaGuardSites || (() => {
  const entries = [];
  return {
    register(entry) {
      entries.push(Object.freeze(entry));
    },
    forHost(hostname) {
      const host = hostname.toLowerCase();
      return entries.find((e) => e.hosts.some((h) => host === h || host.endsWith("." + h))) || null;
    },
    all() {
      return entries.slice();
    },
  };
})();
