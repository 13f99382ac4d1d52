// The ambient cue: a small "Posting as <persona>" chip beside the active composer, in the
// persona's colour. It lives outside the site's own tree (fixed position, closed shadow
// root) so the site's framework never sees a foreign node inside its components.
"use strict";

(() => {
  const PG = (globalThis.PersonaGuard = globalThis.PersonaGuard || {});
  const { t } = globalThis.PersonaGuardUI;

  const STYLE = `
    :host { all: initial; }
    .chip { position: fixed; z-index: 2147483646; pointer-events: none; white-space: nowrap;
      font: 600 12px/1 system-ui, -apple-system, "Segoe UI", sans-serif; color: #fff;
      padding: 4px 8px; border-radius: 999px; background: var(--c, #5f6368);
      box-shadow: 0 1px 3px rgba(0,0,0,.3); }
    .chip[hidden] { display: none; }
  `;

  class Chip {
    constructor() {
      this.host = document.createElement("persona-guard-chip");
      this.root = this.host.attachShadow({ mode: "closed" });
      this.label = document.createElement("div");
      this.label.className = "chip";
      this.label.hidden = true;
      this.label.setAttribute("role", "status");
      const style = document.createElement("style");
      style.textContent = STYLE;
      this.root.append(style, this.label);
      this.anchor = null;
      this.state = null;
      this.frame = 0;
      this.place = this.place.bind(this);
      window.addEventListener("scroll", () => this.schedule(), { capture: true, passive: true });
      window.addEventListener("resize", () => this.schedule(), { passive: true });
    }

    /** state: {persona: {label, color} | null, handle, hostMissing} */
    show(anchor, state) {
      this.anchor = anchor;
      this.state = state;
      const { persona, handle, hostMissing } = state;
      let text;
      if (hostMissing) text = t("chipUnchecked", handle ? "@" + handle : t("unknownAccount"));
      else if (persona) text = t("chipPostingAs", persona.label);
      else if (handle) text = t("chipNoPersona", "@" + handle);
      else text = t("chipUndetected");
      this.label.textContent = text;
      this.label.style.setProperty("--c", persona && !hostMissing ? persona.color : "#5f6368");
      if (!this.host.isConnected) document.documentElement.append(this.host);
      this.label.hidden = false;
      this.place();
    }

    hide() {
      this.anchor = null;
      this.label.hidden = true;
    }

    schedule() {
      if (!this.anchor || this.frame) return;
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.place();
      });
    }

    place() {
      if (!this.anchor) return;
      if (!this.anchor.isConnected) return this.hide();
      const r = this.anchor.getBoundingClientRect();
      // Just under the composer's bottom-right corner, where the submit button's row is.
      const width = this.label.offsetWidth || 140;
      this.label.style.left = `${Math.max(4, r.right - width)}px`;
      this.label.style.top = `${Math.min(innerHeight - 24, r.bottom + 6)}px`;
    }

    describe() {
      if (this.label.hidden) return null;
      return { text: this.label.textContent, color: this.label.style.getPropertyValue("--c") };
    }
  }

  PG.Chip = Chip;
})();
