// The background: one HostConnection, a cache of the host's state, the toolbar badge per
// tab, and one dispatch table per kind of sender. Content scripts may only ask for what
// is in CONTENT_KINDS, the popup only for POPUP_KINDS; every request to the host is
// rebuilt here from known fields, never passed along as the page sent it.
"use strict";

const api = globalThis.chrome;
const { t } = globalThis.PersonaGuardUI;
const ALERT_COLOR = "#b3261e";
const NEUTRAL_COLOR = "#5f6368";

const state = {
  host: null, // the host's last `state` {mode, effective_persona, personas, profiles, host}
  tabs: new Map(), // tabId -> {identity, persona}
};

// Chromium answers the first read of managed storage only once its policy service is up
// (seconds after a cold start); past this, hello goes without a policy rather than hang.
const POLICY_WAIT_MS = 5000;

async function managedPolicy() {
  try {
    if (!api.storage.managed) return {};
    const timeout = new Promise((resolve) => setTimeout(() => resolve({}), POLICY_WAIT_MS));
    return (await Promise.race([api.storage.managed.get(null), timeout])) || {};
  } catch {
    return {}; // no policy, or no managed storage on this browser
  }
}

const host = new HostConnection({
  hello: async () => ({
    extension_version: api.runtime.getManifest().version,
    browser: navigator.userAgent.includes("Firefox") ? "firefox" : "chromium",
    policy: await managedPolicy(),
  }),
  onPush: (message) => PUSHED[message.type] && PUSHED[message.type](message),
  onStatus: () => {
    refreshBadges();
    broadcast();
  },
});
const frames = new FrameRelay({
  pushToTab: (tabId, message) => api.tabs.sendMessage(tabId, message, { frameId: 0 }).catch(() => {}),
  requests: {
    add_account: (message, entry) => addAccount(message, entry),
  },
});

host.ready = Promise.reject({ error: "host_unavailable" });
host.ready.catch(() => {});

// ----- the host's personas, as the content scripts and the popup need them -----

/** {id: {label, color, accounts}} whatever list or map shape the host sends. */
function personas() {
  const raw = (state.host && state.host.personas) || {};
  const entries = Array.isArray(raw) ? raw.map((p) => [p.id, p]) : Object.entries(raw);
  const out = {};
  for (const [id, p] of entries) {
    out[id] = { id, label: (p && p.label) || id, color: (p && p.color) || NEUTRAL_COLOR,
      accounts: (p && p.accounts) || [], locked_by: (p && p.locked_by) || null };
  }
  return out;
}

/** The persona of the account seen in each of `tabIds`, as the host decides it (`identify`:
 *  handles, aliases and each site's rules are the host's, never matched here). Resolves
 *  with the tabs whose persona changed; a tab whose account changed meanwhile is left to
 *  the request its new account made. */
async function identifyTabs(tabIds) {
  const asked = [];
  for (const tabId of tabIds) {
    const tab = state.tabs.get(tabId);
    if (tab && tab.identity && str(tab.identity.site)) asked.push({ tabId, tab, identity: tab.identity });
  }
  if (!asked.length || !host.status.connected) return [];
  let personas;
  try {
    const reply = await host.request("identify", { identities: asked.map((a) => identityBody(a.identity)) });
    personas = Array.isArray(reply.personas) ? reply.personas : [];
  } catch {
    return []; // the badge keeps what it shows; the status says why
  }
  const changed = [];
  asked.forEach(({ tabId, tab, identity }, i) => {
    if (state.tabs.get(tabId) !== tab || tab.identity !== identity) return;
    const persona = str(personas[i]);
    if (persona !== tab.persona) {
      tab.persona = persona;
      changed.push(tabId);
    }
  });
  return changed;
}

const sameAccount = (a, b) => !!a && !!b && a.site === b.site && a.handle === b.handle
  && a.display_name === b.display_name;

// The commands that install the host here, for the warning shown without one.
let installLine = null;
api.runtime.getPlatformInfo().then((info) => {
  installLine = PersonaGuardInstall.oneLine(info.os, PersonaGuardInstall.browserId());
}, () => {});

function contentState() {
  const list = personas();
  for (const p of Object.values(list)) delete p.accounts;
  return { personas: list, host: { ...host.status }, mode: state.host ? state.host.mode : null,
    install: installLine };
}

// ----- the toolbar badge: the persona active in the tab, "!" when the mode expects another -----

function badgeFor(tab) {
  if (!tab) return { text: "", color: NEUTRAL_COLOR, title: t("actionTitle") };
  if (!host.status.connected) {
    return { text: "?", color: ALERT_COLOR, title: t("badgeNoHost") };
  }
  const all = personas();
  const persona = tab.persona && all[tab.persona];
  const handle = tab.identity && tab.identity.handle;
  if (!persona) {
    return { text: handle ? "—" : "", color: NEUTRAL_COLOR,
      title: handle ? t("badgeNoPersona", "@" + handle) : t("actionTitle") };
  }
  const expected = state.host && state.host.effective_persona;
  const mismatch = expected && expected !== persona.id;
  const short = persona.label.slice(0, 3);
  return {
    text: mismatch ? "!" + short : short,
    color: mismatch ? ALERT_COLOR : persona.color,
    title: mismatch ? t("badgeMismatch", persona.label, (all[expected] || { label: expected }).label)
      : t("chipPostingAs", persona.label),
  };
}

async function paintBadge(tabId) {
  const badge = badgeFor(state.tabs.get(tabId));
  try {
    await api.action.setBadgeText({ tabId, text: badge.text });
    // The badge's text in the colour that stays readable on the persona's (WCAG AA).
    const paint = globalThis.PersonaGuardContrast.readable(badge.color);
    await api.action.setBadgeBackgroundColor({ tabId, color: paint.background });
    if (api.action.setBadgeTextColor) await api.action.setBadgeTextColor({ tabId, color: paint.text });
    await api.action.setTitle({ tabId, title: badge.title });
  } catch {
    state.tabs.delete(tabId); // the tab is gone
  }
}

/** Repaint every tab (the host's status or the mode changed), then ask the host again
 *  whose each tab's account is (the profiles may have changed) and repaint those that moved. */
function refreshBadges() {
  const tabIds = [...state.tabs.keys()];
  for (const tabId of tabIds) paintBadge(tabId);
  identifyTabs(tabIds).then((changed) => changed.forEach(paintBadge));
}

function broadcast() {
  const message = { kind: "state_changed", state: contentState() };
  for (const tabId of state.tabs.keys()) api.tabs.sendMessage(tabId, message).catch(() => {});
}

// ----- requests to the host -----

async function loadState() {
  let reply;
  try {
    reply = await host.request("get_state", {});
  } catch {
    // Stays as it was; the status (whose change is broadcast) says why. No broadcast here:
    // a tab answers one by reporting its identity, which would ask again, round and round.
    return;
  }
  state.host = reply.state || reply;
  refreshBadges();
  broadcast();
}

const PUSHED = {
  state_changed(message) {
    // Our own open pages (the options page) hear of it too; none open is no error.
    api.runtime.sendMessage({ kind: "state_changed" }).catch(() => {});
    // The push is the state itself, flat (mode, personas, ...), like a `state` reply.
    if (message.mode !== undefined || message.state) {
      state.host = message.state || message;
      refreshBadges();
      broadcast();
    } else {
      loadState();
    }
  },
};

const str = (value) => (typeof value === "string" ? value : null);

/** An identity as the host reads it (a check's, or one to `identify`), field by field. */
function identityBody(identity, site) {
  const i = identity || {};
  return { site: str(i.site) || str(site), handle: str(i.handle),
    kind: ["user", "page", "unknown"].includes(i.kind) ? i.kind : "unknown",
    display_name: str(i.display_name) };
}

/** The check request, rebuilt field by field from what a content script sent. */
function checkBody(request) {
  const r = request || {};
  const c = r.context || {};
  const identity = r.identity || {};
  const context = { url: str(c.url), mentions: Array.isArray(c.mentions) ? c.mentions.filter(str).slice(0, 50) : [] };
  if (c.reply_to) context.reply_to = { handle: str(c.reply_to.handle), text: str(c.reply_to.text) || "" };
  if (c.target && str(c.target.handle)) context.target = { handle: c.target.handle };
  return {
    site: str(r.site),
    action: str(r.action),
    identity: identityBody(identity, r.site),
    context,
    draft: { text: str(r.draft && r.draft.text) || "" },
  };
}

function modeList() {
  return ["auto", ...Object.keys(personas())];
}

async function setMode(mode, until) {
  const body = { mode };
  if (until) body.until = until;
  const reply = await host.request("set_mode", body);
  state.host = reply.state || reply;
  refreshBadges();
  broadcast();
  return state.host;
}

/** The chip's "Add @handle on <site> to …": the account is the one the chip was shown
 *  for (from the content script), the persona the one the person picked in the frame. */
async function addAccount(message, entry) {
  const view = entry.view || {};
  if (entry.surface !== "chip" || !str(view.handle) || !str(view.site)) return { ok: false };
  return addIdentity({ site: view.site, handle: view.handle }, message);
}

/** Add `identity` (as the content script saw it) to the persona named in `message`. */
async function addIdentity(identity, message) {
  const view = identity;
  const label = str(message.label) && message.label.trim().slice(0, 60);
  const persona = label ? personaIdFor(label) : str(message.persona);
  if (!persona) return { ok: false, message: t("chipAddFailed") };
  const body = { site: view.site, handle: view.handle, persona };
  if (label) body.label = label;
  try {
    const reply = await host.request("add_account", body);
    state.host = reply.state || reply;
    refreshBadges();
    broadcast();
    return { ok: true, persona, persona_label: (personas()[persona] || { label: persona }).label };
  } catch (failure) {
    return { ok: false, message: (failure && failure.message) || t("chipAddFailed") };
  }
}

/** A persona id for a new label: "Book club" -> "book-club", unique among the personas. */
function personaIdFor(label) {
  const base = label.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")
    .slice(0, 40) || "persona";
  const taken = personas();
  let id = base;
  for (let n = 2; taken[id]; n++) id = `${base}-${n}`;
  return id;
}

// ----- who may ask for what -----

/** A tab's check, asked of the host on `connection`, its verdict rebuilt field by field. */
async function answerCheck(connection, message, sender) {
  try {
    const reply = await connection.request("check", checkBody(message.request));
    const verdict = reply.verdict || reply;
    const tab = state.tabs.get(sender.tab.id);
    const persona = tab && (verdict.active_persona || tab.persona);
    if (tab && persona !== tab.persona) {
      tab.persona = persona; // repaint only on a change: checks come at typing speed
      paintBadge(sender.tab.id);
    }
    return { check_id: reply.id, verdict: {
      decision: verdict.decision, active_persona: verdict.active_persona,
      expected_persona: verdict.expected_persona, reasons: verdict.reasons || [],
      suggestion: verdict.suggestion || null, block_hint: str(verdict.block_hint) } };
  } catch (failure) {
    return { error: failure && failure.error === "host_error" ? "host_error" : "host_unavailable",
      message: failure && failure.message };
  }
}

const CONTENT_KINDS = {
  async identity(message, sender) {
    const tabId = sender.tab.id;
    const identity = message.identity || null;
    const tab = state.tabs.get(tabId) || {};
    if (!sameAccount(tab.identity, identity)) tab.persona = null; // until the host says
    tab.identity = identity;
    tab.url = sender.tab.url;
    state.tabs.set(tabId, tab);
    if (!state.host && !host.port) await loadState().catch(() => {});
    identifyTabs([tabId]).then(() => paintBadge(tabId)); // the reply need not wait for it
    return contentState();
  },
  check: (message, sender) => answerCheck(host, message, sender),
  async frame_show(message, sender) {
    const surface = ["chip", "warning"].includes(message.surface) ? message.surface : null;
    if (!surface || !str(message.token)) return { ok: false };
    return { ok: frames.show(sender.tab.id, message.token, surface, message.view || {}) };
  },
  async frame_close(message, sender) {
    if (str(message.token)) frames.close(sender.tab.id, message.token);
    return { ok: true };
  },
  async outcome(message) {
    if (!["cancelled", "proceeded", "switched"].includes(message.outcome) || !str(message.check_id)) return { ok: false };
    try {
      await host.request("outcome", { check_id: message.check_id, outcome: message.outcome });
      return { ok: true };
    } catch {
      return { ok: false };
    }
  },
};

const POPUP_KINDS = {
  async popup_state(message) {
    if (!host.status.connected) await host.connect().catch(() => {});
    if (host.status.connected && !state.host) await loadState();
    const tab = state.tabs.get(message.tab_id) || null;
    return {
      host: { ...host.status },
      mode: state.host ? state.host.mode : null,
      until: state.host ? state.host.until || null : null,
      effective_persona: state.host ? state.host.effective_persona || null : null,
      personas: contentState().personas,
      tab: tab ? { identity: tab.identity, persona: tab.persona } : null,
      sync: state.host ? state.host.sync || null : null, // signed org profiles, if any
    };
  },
  async add_account(message) {
    // The account is the one seen in that tab, never one the popup names.
    const tab = state.tabs.get(message.tab_id);
    const identity = tab && tab.identity;
    if (!identity || !str(identity.handle) || !str(identity.site)) return { ok: false, message: t("chipAddFailed") };
    return addIdentity({ site: identity.site, handle: identity.handle }, message);
  },
  // "Guard this site": the popup asked for the permission (a user gesture); this registers.
  async site_status(message) {
    const tab = await api.tabs.get(message.tab_id).catch(() => null);
    return GuardedSites.statusFor(message.tab_id, tab ? tab.url : "");
  },
  guard_site: (message) => GuardedSites.guard(str(message.origin) || ""),
  unguard_site: (message) => GuardedSites.unguard(str(message.origin) || ""),
  async set_mode(message) {
    const until = message.for_hour ? new Date(Date.now() + 3600 * 1000).toISOString() : null;
    try {
      return { state: await setMode(str(message.mode) || "auto", until) };
    } catch (failure) {
      return { error: (failure && failure.error) || "host_unavailable" };
    }
  },
};

// Our own pages, by address: what each may ask for.
const WELCOME_URL = api.runtime.getURL("welcome/");
const WELCOME_KINDS = {
  async welcome_state() {
    const view = await POPUP_KINDS.popup_state({ tab_id: -1 });
    // Accounts seen in open tabs that no persona claims yet (the host says whose each is):
    // the first personas' accounts.
    (await identifyTabs([...state.tabs.keys()])).forEach(paintBadge);
    const seen = [];
    for (const tab of state.tabs.values()) {
      const identity = tab.identity;
      if (identity && str(identity.handle) && str(identity.site) && !tab.persona
          && !seen.some((s) => s.site === identity.site && s.handle === identity.handle)) {
        seen.push({ site: identity.site, handle: identity.handle });
      }
    }
    return { ...view, seen, data_dir: state.host && state.host.host ? state.host.host.data_dir : null };
  },
  async welcome_add(message) {
    // Typed in by the person on our own page, or picked from the accounts seen.
    if (!str(message.site) || !str(message.handle) || !str(message.label)) return { ok: false, message: t("welcomeMissing") };
    return addIdentity({ site: message.site, handle: message.handle.trim().replace(/^@/, "") }, { label: message.label });
  },
};

api.runtime.onInstalled.addListener((details) => {
  if (details.reason === "install") api.tabs.create({ url: api.runtime.getURL("welcome/welcome.html") }).catch(() => {});
});

// The options page: the person's own profile (read and saved by the host, which
// validates it), the audit log page by page, and clearing it once the person confirmed.
const hostFailure = (failure) => ({ error: (failure && failure.error) || "host_unavailable",
  code: failure && failure.code, message: failure && failure.message, errors: failure && failure.errors });

const OPTIONS_KINDS = {
  async options_state() {
    if (!host.status.connected) await host.connect().catch(() => {});
    try {
      const profile = await host.request("get_profile", {});
      await loadState();
      return { host: { ...host.status }, state: state.host, profile };
    } catch (failure) {
      return { host: { ...host.status }, ...hostFailure(failure) };
    }
  },
  async save_profile(message) {
    if (!message.profile || typeof message.profile !== "object") return { error: "bad_request" };
    try {
      const reply = await host.request("save_profile", { profile: message.profile }, SAVE_TIMEOUT_MS);
      await loadState();
      return { saved: reply.profile };
    } catch (failure) {
      return hostFailure(failure);
    }
  },
  async audit_page(message) {
    const body = { limit: Math.min(1000, Math.max(1, Number(message.limit) || 100)) };
    if (str(message.since)) body.since = message.since;
    if (str(message.cursor)) body.cursor = message.cursor;
    try {
      const reply = await host.request("audit", body, SAVE_TIMEOUT_MS);
      return { items: reply.items || [], next_cursor: reply.next_cursor || null };
    } catch (failure) {
      return hostFailure(failure);
    }
  },
  async clear_audit() {
    try {
      await host.request("clear_audit", { confirm: true });
      return { ok: true };
    } catch (failure) {
      return hostFailure(failure);
    }
  },
};
const SAVE_TIMEOUT_MS = 15000; // a save validates, merges and writes under the store's lock

const POPUP_URL = api.runtime.getURL("popup/");
const OPTIONS_URL = api.runtime.getURL("options/");

api.runtime.onMessage.addListener((message, sender, reply) => {
  if (sender.id !== api.runtime.id || !message || typeof message.kind !== "string") return false;
  // Our own pages (the popup, also when opened in a tab) by their address; content
  // scripts by their tab's top frame. Nothing else is answered.
  let table = null;
  if (sender.url && sender.url.startsWith(POPUP_URL)) table = POPUP_KINDS;
  else if (sender.url && sender.url.startsWith(WELCOME_URL)) table = WELCOME_KINDS;
  else if (sender.url && sender.url.startsWith(OPTIONS_URL)) table = OPTIONS_KINDS;
  else if (sender.tab && sender.tab.id >= 0 && sender.frameId === 0) table = CONTENT_KINDS;
  const handler = table && Object.hasOwn(table, message.kind) && table[message.kind];
  if (!handler) return false;
  handler(message, sender).then(reply, (error) => reply({ error: String(error) }));
  return true;
});

// Content scripts talk over a port each ("persona-guard-content"); the same table and
// the same sender checks as one-off messages.
api.runtime.onConnect.addListener((port) => {
  if (frames.accept(port)) return; // the chip's or the warning's frame
  const sender = port.sender || {};
  const fromContent = port.name === "persona-guard-content" && sender.id === api.runtime.id
    && sender.tab && sender.tab.id >= 0 && sender.frameId === 0
    && !(sender.url && [POPUP_URL, OPTIONS_URL, WELCOME_URL].some((u) => sender.url.startsWith(u)));
  if (!fromContent) {
    port.disconnect();
    return;
  }
  port.onMessage.addListener((message) => {
    if (!message || typeof message.kind !== "string" || !Object.hasOwn(CONTENT_KINDS, message.kind)) return;
    CONTENT_KINDS[message.kind](message, sender).then(
      (reply) => port.postMessage({ id: message.id, reply }),
      (error) => port.postMessage({ id: message.id, reply: { error: String(error) } }),
    ).catch(() => {}); // the tab went away meanwhile
  });
});

api.tabs.onRemoved.addListener((tabId) => {
  state.tabs.delete(tabId);
  frames.forgetTab(tabId);
});

/** The keyboard command: auto, then each persona in turn, then auto again. */
async function cycleMode() {
  if (!state.host) await loadState();
  const modes = modeList();
  const current = (state.host && state.host.mode) || "auto";
  const next = modes[(modes.indexOf(current) + 1) % modes.length];
  await setMode(next).catch(() => {});
  return next;
}

api.commands.onCommand.addListener((command) => {
  if (command === "cycle-mode") cycleMode();
});

/** What the content script in `tabId` detects (used by `persona-guard probe` and tests). */
async function probeTab(tabId, samples = false) {
  const found = await api.tabs.sendMessage(tabId, { kind: "probe", samples }, { frameId: 0 });
  // The chip and the warning are drawn in frames: what they show is asked of each frame,
  // and their positions are turned into the page's coordinates.
  for (const name of ["chip", "dialog"]) {
    const where = found && found[name];
    if (!where || !where.frame) continue;
    const shown = await frames.describe(where.frame);
    if (shown && shown.choices) {
      shown.choices = shown.choices.map((c) => ({ ...c, x: c.x + where.x, y: c.y + where.y }));
    }
    if (shown && where.width !== undefined) shown.box = { x: where.x, y: where.y, width: where.width, height: where.height };
    if (shown && shown.offer) {
      shown.offer.choices = shown.offer.choices.map((c) => ({ ...c, x: c.x + where.x, y: c.y + where.y,
        input: c.input ? { x: c.input.x + where.x, y: c.input.y + where.y } : null }));
    }
    found[name] = shown;
  }
  return found;
}

/** Content → background → host → content round trips, measured in the tab (bench/). */
function measureRoundTrip(tabId, n) {
  return api.tabs.sendMessage(tabId, { kind: "measure_round_trip", n });
}

/** The badge as a person sees it (tests read it through the service worker). */
async function badgeOf(tabId) {
  return {
    text: await api.action.getBadgeText({ tabId }),
    title: await api.action.getTitle({ tabId }),
    color: await api.action.getBadgeBackgroundColor({ tabId }),
    text_color: api.action.getBadgeTextColor ? await api.action.getBadgeTextColor({ tabId }) : null,
  };
}

globalThis.PersonaGuardBackground = { probeTab, badgeOf, measureRoundTrip, cycleMode, host, state, setMode, loadState,
  sites: GuardedSites };

host.connect();
host.ready.then(loadState, () => {});
