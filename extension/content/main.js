// Starts the guard on a supported site and carries messages to and from the background.
// The background is the only party spoken to; nothing the page says is forwarded.
"use strict";

(() => {
  const PG = globalThis.PersonaGuard;
  if (!PG || PG.started) return;
  // On a host no site names (an instance the person chose to guard, injected once the
  // page is parsed) the page's own markers say which site it is.
  const adapter = PG.adapterFor(location.hostname, document);
  if (!adapter) return;
  PG.started = true;

  // One long-lived port to the background: cheaper per message than sendMessage, which
  // matters for checks sent at typing speed. Reopened on demand if the background restarts.
  let port = null;
  let sequence = 0;
  const waiting = new Map();
  const openPort = () => {
    port = chrome.runtime.connect({ name: "persona-guard-content" });
    port.onMessage.addListener((message) => {
      const resolve = message && waiting.get(message.id);
      if (!resolve) return;
      waiting.delete(message.id);
      resolve(message.reply);
    });
    port.onDisconnect.addListener(() => {
      port = null;
      for (const [, resolve] of waiting) resolve(undefined);
      waiting.clear();
    });
  };
  const send = (message) => new Promise((resolve, reject) => {
    try {
      if (!port) openPort();
      const id = ++sequence;
      waiting.set(id, resolve);
      port.postMessage({ ...message, id });
    } catch (error) {
      reject(error); // the extension was reloaded: this page's script is orphaned
    }
  });
  const unavailable = { error: "host_unavailable" };

  const channel = {
    check: (request) => send({ kind: "check", request }).then((answer) => answer || unavailable, () => unavailable),
    outcome: (checkId, outcome) => send({ kind: "outcome", check_id: checkId, outcome }).catch(() => {}),
    switchHint: () => {
      // Open the site's own account menu, when it has one, so switching is one step away.
      const switcher = adapter.accountSwitcher();
      if (switcher) switcher.click();
    },
    // Where there is no account menu to open, the warning says where to switch instead.
    switchWhere: (suggestion) => (adapter.accountSwitcher() ? null : adapter.switchWhere(suggestion)),
  };

  const chip = new PG.Chip(send);
  const dialog = new PG.WarningDialog(send);
  const guard = new PG.Guard(adapter, channel, dialog, chip);
  guard.install(window);
  PG.guard = guard;

  const applyState = (state) => {
    if (!state) return;
    guard.personas = state.personas || {};
    guard.hostMissing = !state.host || !state.host.connected;
    PG.installHint = state.install || null;
  };

  // Tell the background who is active, for the toolbar badge; again whenever it changes.
  let lastIdentity = "";
  const reportIdentity = () => {
    const identity = adapter.requestIdentity();
    const key = JSON.stringify(identity);
    if (key === lastIdentity) return;
    lastIdentity = key;
    send({ kind: "identity", identity }).then(applyState, () => {});
  };

  // Mutations only mark what they touched; the work runs once per quiet period, and only
  // for what a batch touched: a timeline streaming posts costs one quick look per batch
  // (content/relevance.js) and no refresh. (bench/ times both through content/bench.js.)
  const timed = PG.benchTimed || ((kind, work) => work);
  const relevance = new PG.Relevance(adapter);
  let due = { identity: false, chip: false };
  let timer = 0;
  const refresh = timed("refresh", () => {
    const now = due;
    due = { identity: false, chip: false };
    timer = 0;
    if (now.identity) reportIdentity();
    if (now.chip) chip.schedule(); // the composer may have moved: place the chip again
  });
  const observer = new MutationObserver(timed("batch", (records) => {
    const touched = relevance.classify(records, chip.anchor);
    if (touched.identity) {
      adapter.noteMutations(touched); // the elements the sources read may be others now
      due.identity = true;
    }
    if (touched.chip) due.chip = true;
    if (!timer && (due.identity || due.chip)) timer = setTimeout(refresh, 300);
  }));

  const start = () => {
    observer.observe(document.documentElement, relevance.options());
    reportIdentity();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
  window.addEventListener("focus", reportIdentity);

  const FROM_BACKGROUND = {
    state_changed(message) {
      applyState(message.state);
      guard.forget();
      lastIdentity = "";
      reportIdentity();
      return { ok: true };
    },
    frame_event(message) {
      return PG.frameEvent(message);
    },
    probe(message) {
      return { ...adapter.probe(), ...guard.describe(), ...(PG.benchProbe ? PG.benchProbe(message) : {}) };
    },
    ...(PG.benchHandlers ? PG.benchHandlers({ adapter, channel, send }) : {}),
  };

  chrome.runtime.onMessage.addListener((message, sender, reply) => {
    if (sender.id !== chrome.runtime.id || sender.tab) return false; // only our background
    const handler = message && Object.hasOwn(FROM_BACKGROUND, message.kind) && FROM_BACKGROUND[message.kind];
    if (!handler) return false;
    // A handler that fails still answers: the background (and probe) never waits forever.
    Promise.resolve().then(() => handler(message)).then(reply, (error) => reply({ error: String(error) }));
    return true;
  });
})();
