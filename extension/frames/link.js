// The frame's side of FrameRelay: one port to the background, named by the token in this
// page's address. The page around the frame cannot reach this port; window messages are
// never listened to. It hands the frame's script the shared `t()` and `el()` too.
"use strict";

(() => {
  const token = location.hash.slice(1);
  const waiting = new Map();
  let sequence = 0;
  let port = null;

  /** handlers: {view(view), describe() -> object} */
  function connect(handlers) {
    port = chrome.runtime.connect({ name: "persona-guard-frame" });
    port.onMessage.addListener((message) => {
      if (!message) return;
      if (message.type === "view") handlers.view(message.view || {});
      else if (message.type === "describe") {
        port.postMessage({ type: "described", id: message.id, description: handlers.describe() });
      } else if (message.type === "reply") {
        const resolve = waiting.get(message.id);
        waiting.delete(message.id);
        if (resolve) resolve(message.reply);
      }
    });
    port.onDisconnect.addListener(() => {
      port = null;
      for (const resolve of waiting.values()) resolve({ error: "closed" });
      waiting.clear();
    });
    port.postMessage({ type: "hello", token });
  }

  /** An event for the content script of this tab (the person's choice, a new size). */
  function emit(event) {
    if (port) port.postMessage({ type: "event", event });
  }

  /** A request the background answers itself (e.g. add an account). */
  function request(kind, body) {
    if (!port) return Promise.resolve({ error: "closed" });
    const id = ++sequence;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      port.postMessage({ type: "request", kind, id, ...body });
    });
  }

  const { t, el } = globalThis.PersonaGuardUI; // common/ui.js, loaded first by the page

  /** Paint `node` in a persona colour with text that stays readable (WCAG AA). */
  function paint(node, color) {
    const { background, text } = globalThis.PersonaGuardContrast.readable(color);
    node.style.setProperty("--c", background);
    node.style.setProperty("--on-c", text);
  }

  globalThis.FrameLink = { connect, emit, request, t, el, paint };
})();
