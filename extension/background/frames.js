// FrameRelay: carries the chip's and the warning's views from a tab's content script to
// the extension pages that draw them in frames, and the person's answers back. The page
// never holds any of it: the content script knows a surface by a random token, the frame
// names that token on its port, and the relay pairs the two only within the same tab.
"use strict";

const FRAME_PORT = "persona-guard-frame";
const FRAME_PATHS = ["/frames/chip.html", "/frames/warning.html"];

class FrameRelay {
  /** pushToTab(tabId, message): to the content script of that tab's top frame.
   *  requests: {kind: async (message, entry) => reply} the frames may ask for. */
  constructor({ pushToTab, requests }) {
    this.pushToTab = pushToTab;
    this.requests = requests;
    this.entries = new Map(); // token -> {tabId, surface, view, port, asked: Map}
    this.sequence = 0;
  }

  /** From the content script: show (or update) `view` on the surface known by `token`. */
  show(tabId, token, surface, view) {
    let entry = this.entries.get(token);
    if (entry && entry.tabId !== tabId) return false; // another tab's token: ignored
    if (!entry) {
      entry = { tabId, surface, view, port: null, asked: new Map() };
      this.entries.set(token, entry);
    }
    entry.view = view;
    if (entry.port) entry.port.postMessage({ type: "view", view });
    return true;
  }

  close(tabId, token) {
    const entry = this.entries.get(token);
    if (!entry || entry.tabId !== tabId) return;
    this.entries.delete(token);
    if (entry.port) entry.port.disconnect();
  }

  forgetTab(tabId) {
    for (const [token, entry] of this.entries) if (entry.tabId === tabId) this.close(tabId, token);
  }

  /** What the frame shows now (for probe), or null when it is not drawn. */
  describe(token) {
    const entry = this.entries.get(token);
    if (!entry || !entry.port) return Promise.resolve(null);
    const id = ++this.sequence;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        entry.asked.delete(id);
        resolve(null);
      }, 2000);
      entry.asked.set(id, (description) => {
        clearTimeout(timer);
        resolve(description);
      });
      entry.port.postMessage({ type: "describe", id });
    });
  }

  /** runtime.onConnect: true when the port was ours to take. */
  accept(port) {
    if (port.name !== FRAME_PORT) return false;
    const sender = port.sender || {};
    let path = "";
    try {
      path = new URL(sender.url).pathname;
    } catch {
      path = "";
    }
    const framed = sender.id === chrome.runtime.id && sender.tab && sender.tab.id >= 0
      && sender.frameId > 0 && FRAME_PATHS.includes(path);
    if (!framed) {
      port.disconnect();
      return true;
    }
    let entry = null;
    let token = null;
    port.onMessage.addListener((message) => {
      if (!message || typeof message.type !== "string") return;
      if (!entry) {
        // The first message names the token; one live frame per token, in its own tab.
        const found = message.type === "hello" && this.entries.get(message.token);
        if (!found || found.tabId !== sender.tab.id || found.port || !path.includes(found.surface)) {
          port.disconnect();
          return;
        }
        entry = found;
        token = message.token;
        entry.port = port;
        port.postMessage({ type: "view", view: entry.view });
        return;
      }
      if (message.type === "described") {
        const resolve = entry.asked.get(message.id);
        if (resolve) {
          entry.asked.delete(message.id);
          resolve(message.description || null);
        }
      } else if (message.type === "event") {
        this.pushToTab(entry.tabId, { kind: "frame_event", token, event: message.event });
      } else if (message.type === "request" && Object.hasOwn(this.requests, message.kind)) {
        this.requests[message.kind](message, entry).then(
          (reply) => port.postMessage({ type: "reply", id: message.id, reply }),
          (error) => port.postMessage({ type: "reply", id: message.id, reply: { error: String(error) } }),
        ).catch(() => {}); // the frame went away meanwhile
      }
    });
    port.onDisconnect.addListener(() => {
      if (entry && entry.port === port) {
        entry.port = null;
        for (const resolve of entry.asked.values()) resolve(null);
        entry.asked.clear();
      }
    });
    return true;
  }
}

globalThis.FrameRelay = FrameRelay;
