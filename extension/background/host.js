// HostConnection: the one native port to the Persona Guard host. Replies are matched by
// `id` and time out; when the port drops, pending requests fail at once and the port is
// reopened with backoff. A request made while it is down tries to reopen it right away.
"use strict";

// build.py writes native_host.identifiers.HOST_NAME here (the name the installer registers)
const HOST_NAME = "org.personaguard.host";
const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000, 15000, 30000];
const READY_TIMEOUT_MS = 3000;

class HostConnection {
  constructor({ hello, onPush, onStatus, name = HOST_NAME }) {
    this.name = name; // the registered host's name (bench/ opens a second port by another)
    this.hello = hello; // () => Promise<hello body>
    this.onPush = onPush;
    this.onStatus = onStatus;
    this.port = null;
    this.pending = new Map();
    this.sequence = 0;
    this.attempt = 0;
    this.retryTimer = 0;
    this.ready = null;
    this.status = { connected: false, host_version: null, error: null, since: null };
  }

  connect() {
    if (this.port) return this.ready;
    clearTimeout(this.retryTimer);
    this.retryTimer = 0;
    let port;
    try {
      port = chrome.runtime.connectNative(this.name);
    } catch (error) {
      this.dropped(String(error && error.message ? error.message : error));
      return this.ready;
    }
    this.port = port;
    port.onMessage.addListener((message) => this.received(message));
    port.onDisconnect.addListener(() => {
      const error = chrome.runtime.lastError;
      if (this.port === port) this.dropped(error ? error.message : "the host closed the connection");
    });
    this.ready = this.hello().then((body) => this.request("hello", body, READY_TIMEOUT_MS, true))
      .then((reply) => {
        this.attempt = 0;
        this.setStatus({ connected: true, host_version: reply.host_version || null, error: null, since: Date.now() });
        return reply;
      });
    this.ready.catch(() => {});
    return this.ready;
  }

  dropped(reason) {
    this.port = null;
    const failure = { error: "host_unavailable", message: reason };
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(failure);
    }
    this.pending.clear();
    this.ready = Promise.reject(failure);
    this.ready.catch(() => {});
    this.setStatus({ connected: false, host_version: null, error: describeError(reason), since: Date.now() });
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  setStatus(status) {
    const changed = status.connected !== this.status.connected || status.error !== this.status.error
      || status.host_version !== this.status.host_version;
    this.status = status;
    if (changed) this.onStatus(status); // each retry of a missing host is no news
  }

  received(message) {
    if (!message || typeof message !== "object") return;
    const waiting = message.id != null && this.pending.get(message.id);
    if (waiting) {
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.type === "error") {
        waiting.reject({ error: "host_error", message: message.message, code: message.code, errors: message.errors });
      }
      else waiting.resolve(message);
    } else if (message.type) {
      this.onPush(message);
    }
  }

  /** Send `type` with `body`; resolves with the reply carrying the same id. */
  request(type, body, timeoutMs = 5000, handshake = false) {
    // Connected (checks at typing speed): straight to the port, no wait on `ready`.
    if (handshake || (this.port && this.status.connected)) return this.send(type, body, timeoutMs);
    return this.whenReady().then(() => this.send(type, body, timeoutMs));
  }

  async whenReady() {
    // A host that is not installed will not appear between two clicks: answer at once
    // and leave the retries to the backoff timer.
    if (!this.port && this.status.error === "not_installed" && this.retryTimer) {
      throw { error: "host_unavailable", message: this.status.error };
    }
    if (!this.port) this.connect();
    await this.ready;
  }

  send(type, body, timeoutMs) {
    const port = this.port;
    if (!port) return Promise.reject({ error: "host_unavailable", message: this.status.error });
    const id = `${type}-${Date.now().toString(36)}-${++this.sequence}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject({ error: "host_timeout", message: `no reply to ${type} in ${timeoutMs} ms` });
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      try {
        port.postMessage({ v: 1, type, id, ...body });
      } catch (error) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject({ error: "host_unavailable", message: String(error) });
      }
    });
  }
}

function describeError(reason) {
  // Chromium's wording for a host that is not registered or whose launcher is missing.
  if (/not found|not registered|Specified native messaging host/i.test(reason)) return "not_installed";
  if (/forbidden/i.test(reason)) return "forbidden";
  return "exited";
}

globalThis.HostConnection = HostConnection;
