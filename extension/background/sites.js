// Guarded sites: instances of a site that runs on any host (Mastodon) which the person
// chose to guard from the popup. Each is an optional host permission, granted at run time,
// plus our content scripts registered there; the list is kept in storage.local so the
// popup can show it and the person can remove one.
"use strict";

const GuardedSites = (() => {
  const api = globalThis.chrome;
  const KEY = "guardedSites";
  const scriptId = (origin) => "pg-site-" + new URL(origin).host;
  const pattern = (origin) => origin + "/*";

  /** "https://host" for an https page address; null for anything else. */
  function originOf(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "https:" && parsed.hostname ? parsed.origin : null;
    } catch {
      return null;
    }
  }

  // The same files, in the same order, as the manifest's content script.
  const contentFiles = () => api.runtime.getManifest().content_scripts[0].js;
  const staticMatches = () => api.runtime.getManifest().content_scripts[0].matches;

  async function list() {
    const stored = await api.storage.local.get(KEY);
    return Array.isArray(stored[KEY]) ? stored[KEY].filter((o) => typeof o === "string") : [];
  }

  async function save(origins) {
    await api.storage.local.set({ [KEY]: [...new Set(origins)].sort() });
  }

  /** Already covered by the manifest: x.com, mastodon.social, ... */
  function isBuiltIn(origin) {
    const host = new URL(origin).hostname;
    return staticMatches().some((m) => {
      const h = new URL(m.replace("/*", "/")).hostname;
      return host === h;
    });
  }

  async function register(origin) {
    const id = scriptId(origin);
    const existing = await api.scripting.getRegisteredContentScripts({ ids: [id] });
    if (existing.length) return;
    // document_end: the page is parsed, so the adapter can recognise it by its markers.
    await api.scripting.registerContentScripts([{ id, matches: [pattern(origin)], js: contentFiles(),
      runAt: "document_end", allFrames: false, persistAcrossSessions: true }]);
  }

  /** Start guarding `origin` (its permission already granted): registered for every
   *  later page, and injected now into the tabs already open there. */
  async function guard(origin) {
    const clean = originOf(origin);
    if (!clean) return { error: "not_https", origin };
    if (!(await api.permissions.contains({ origins: [pattern(clean)] }))) return { error: "no_permission", origin: clean };
    await register(clean);
    await save([...(await list()), clean]);
    for (const tab of await api.tabs.query({ url: pattern(clean) })) {
      api.scripting.executeScript({ target: { tabId: tab.id }, files: contentFiles() }).catch(() => {});
    }
    return { ok: true, sites: await list() };
  }

  async function unguard(origin) {
    const clean = originOf(origin);
    if (!clean) return { error: "not_https", origin };
    await api.scripting.unregisterContentScripts({ ids: [scriptId(clean)] }).catch(() => {});
    await save((await list()).filter((o) => o !== clean));
    return { ok: true, sites: await list() };
  }

  /** Which site the page in `tabId` is, by the adapters' own `recognise` markers; needs
   *  access to the tab (the popup's activeTab grant, or the site's permission). */
  async function recognise(tabId) {
    try {
      const files = contentFiles().filter((f) => f.startsWith("sites/"));
      await api.scripting.executeScript({ target: { tabId }, files });
      const [result] = await api.scripting.executeScript({ target: { tabId },
        func: () => {
          const entry = globalThis.PersonaGuardSites.forPage(location.hostname, document);
          return entry ? entry.id : null;
        } });
      return result ? result.result : null;
    } catch {
      return null; // no access to this tab, or a page scripts cannot run in
    }
  }

  /** What the popup shows for the tab at `url`. */
  async function statusFor(tabId, url) {
    const origin = originOf(url);
    const sites = await list();
    if (!origin || isBuiltIn(origin)) return { origin, builtIn: !!origin, guarded: false, site: null, sites };
    const guarded = sites.includes(origin);
    return { origin, builtIn: false, guarded, site: guarded ? null : await recognise(tabId), sites };
  }

  // Registered scripts survive a restart; a permission removed from the browser's own
  // extension settings takes its site off the list.
  async function reconcile() {
    for (const origin of await list()) {
      if (await api.permissions.contains({ origins: [pattern(origin)] })) await register(origin).catch(() => {});
      else await unguard(origin);
    }
  }
  api.permissions.onRemoved.addListener((removed) => {
    for (const p of removed.origins || []) {
      const origin = originOf(p.replace(/\/\*$/, "/"));
      if (origin) unguard(origin);
    }
  });

  return { list, guard, unguard, statusFor, reconcile, originOf };
})();

globalThis.GuardedSites = GuardedSites;
GuardedSites.reconcile().catch(() => {});
