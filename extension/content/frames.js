// FrameSurface: a place in the page where one of our extension pages (the chip, the
// warning) is drawn in an iframe. The page's document holds only an empty host element
// with a closed shadow root and a cross-origin frame: no text of ours, so window.find,
// selection, innerText and computed styles in the page find nothing. What the frame
// shows goes through the background (by a random token), never through postMessage.
"use strict";

(() => {
  const PG = (globalThis.PersonaGuard = globalThis.PersonaGuard || {});
  const RELEASE_MS = 500; // longer than a key or a click is held

  const token = () => (crypto.randomUUID ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(16)).join(""));

  // Events from the frames, by token; filled by each surface, read by main.js.
  const listeners = new Map();
  PG.frameEvent = (message) => {
    const listener = message && listeners.get(message.token);
    if (listener) listener(message.event || {});
    return { ok: !!listener };
  };

  class FrameSurface {
    /**
     * surface: "chip" | "warning" (the page frames/<surface>.html); tag: the host
     * element's name; frameStyle: the iframe's inline style; send(message) -> Promise,
     * the content script's channel to the background.
     */
    constructor({ surface, tag, frameStyle, send }) {
      this.surface = surface;
      this.tag = tag;
      this.frameStyle = frameStyle;
      this.send = send;
      this.token = null;
      this.host = null;
      this.frame = null;
      this.view = null;
      this.onEvent = () => {};
      this.loads = 0;
    }

    /** Show `view` (plain data: what to draw), creating the frame on first use. */
    show(view) {
      this.view = view;
      if (!this.token) {
        this.token = token();
        listeners.set(this.token, (event) => this.onEvent(event));
      }
      this.send({ kind: "frame_show", token: this.token, surface: this.surface, view }).catch(() => {});
      if (!this.host) this.build();
      if (!this.host.isConnected) this.attach();
    }

    build() {
      this.host = document.createElement(this.tag);
      const root = this.host.attachShadow({ mode: "closed" });
      const style = document.createElement("style");
      style.textContent = ":host { all: initial; } iframe { color-scheme: normal; }";
      this.frame = document.createElement("iframe");
      this.frame.setAttribute("style", this.frameStyle);
      this.frame.setAttribute("allowtransparency", "true");
      this.frame.setAttribute("aria-hidden", "false");
      this.frame.tabIndex = -1;
      this.frame.addEventListener("load", () => {
        // The page may navigate our frame elsewhere (a parent can set a child's
        // location): anything after the first load in this element is not ours.
        this.loads += 1;
        if (this.loads > 1) this.reload();
      });
      this.frame.src = chrome.runtime.getURL(`frames/${this.surface}.html`) + "#" + this.token;
      root.append(style, this.frame);
    }

    attach() {
      document.documentElement.append(this.host);
    }

    /** A fresh frame in a fresh host: after the page removed or navigated ours. */
    reload() {
      const wasConnected = this.host && this.host.isConnected;
      if (this.host) this.host.remove();
      this.host = null;
      this.loads = 0;
      this.build();
      if (wasConnected || this.view) this.attach();
    }

    setStyle(properties) {
      if (!this.frame) return;
      for (const [name, value] of Object.entries(properties)) this.frame.style.setProperty(name, value, "important");
    }

    focus() {
      if (this.frame) this.frame.focus();
    }

    contains(node) {
      return !!node && node === this.host;
    }

    rect() {
      return this.frame ? this.frame.getBoundingClientRect() : null;
    }

    close() {
      if (this.token) {
        listeners.delete(this.token);
        this.send({ kind: "frame_close", token: this.token }).catch(() => {});
      }
      const host = this.host;
      if (host) {
        // Hidden at once, removed a moment later: the key or button whose press closed
        // it is still to be released over the frame, and a frame removed before that
        // release is answered leaves the browser waiting on it.
        host.style.setProperty("display", "none", "important");
        setTimeout(() => host.remove(), RELEASE_MS);
      }
      this.host = null;
      this.frame = null;
      this.token = null;
      this.view = null;
      this.loads = 0;
    }
  }

  PG.FrameSurface = FrameSurface;
})();
