// The site adapter table. Each file in sites/ adds one entry with `register`; the engine in
// content/ reads the entry for the page it runs on. See sites/README.md for the fields.
// An entry's hosts are those of its `matches` (subdomains included): the pages the content
// scripts are injected on are the pages the entry serves.
"use strict";

globalThis.PersonaGuardSites = globalThis.PersonaGuardSites || (() => {
  const entries = [];
  const hostOf = (pattern) => (/^[a-z*]+:\/\/(?:\*\.)?([^/]+)\//.exec(pattern) || [])[1];
  const safely = (test) => {
    try {
      return !!test();
    } catch {
      return false;
    }
  };
  return {
    register(entry) {
      const hosts = [...new Set(entry.matches.map(hostOf).filter(Boolean))];
      entries.push(Object.freeze({ ...entry, hosts }));
    },
    forHost(hostname) {
      const host = hostname.toLowerCase();
      return entries.find((e) => e.hosts.some((h) => host === h || host.endsWith("." + h))) || null;
    },
    // A host no entry names (a Mastodon instance the person chose to guard): the entry
    // whose `recognise(document)` knows the page by its own markers, once the page is parsed.
    forPage(hostname, doc) {
      return this.forHost(hostname)
        || entries.find((e) => e.recognise && safely(() => e.recognise(doc))) || null;
    },
    all() {
      return entries.slice();
    },
  };
})();
