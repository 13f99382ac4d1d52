// The ambient cue: a small "Posting as <persona>" chip beside the active composer, in the
// persona's colour, drawn by frames/chip.html in a frame the page cannot read. When the
// account is in no persona, the chip offers to add it to one. The frame sits outside the
// site's own tree (fixed position, closed shadow root) so the site's framework never sees
// a foreign node inside its components.
"use strict";

(() => {
  const PG = (globalThis.PersonaGuard = globalThis.PersonaGuard || {});
  const FRAME_STYLE = "position: fixed; border: 0; margin: 0; padding: 0; z-index: 2147483646;"
    + " background: transparent; width: 1px; height: 1px; pointer-events: none; display: block;"
    + " color-scheme: normal;";

  class Chip {
    constructor(send) {
      this.surface = new PG.FrameSurface({ surface: "chip", tag: "persona-guard-chip",
        frameStyle: FRAME_STYLE, send });
      this.surface.onEvent = (event) => this.onEvent(event);
      this.anchor = null;
      this.state = null;
      this.size = { width: 1, height: 1, interactive: false };
      this.hidden = true;
      this.frame = 0;
      // Placing reads the composer's box (a layout); bench/ counts how often and how long.
      if (PG.benchTimed) this.place = PG.benchTimed("place", this.place.bind(this));
      window.addEventListener("scroll", () => this.schedule(), { capture: true, passive: true });
      window.addEventListener("resize", () => this.schedule(), { passive: true });
    }

    /** state: {persona: {label, color} | null, handle, site, hostMissing, offer?: {personas}} */
    show(anchor, state) {
      const same = this.anchor === anchor && JSON.stringify(state) === JSON.stringify(this.state);
      this.anchor = anchor;
      this.state = state;
      this.hidden = false;
      if (!same || !this.surface.host || !this.surface.host.isConnected) this.surface.show({ ...state, hidden: false });
      this.surface.setStyle({ display: "block" });
      this.place();
    }

    hide() {
      this.anchor = null;
      this.hidden = true;
      this.surface.setStyle({ display: "none" });
    }

    onEvent(event) {
      if (event.type === "size") {
        this.size = { width: Math.min(Math.max(1, Number(event.width) || 1), 480),
          height: Math.min(Math.max(1, Number(event.height) || 1), 480), interactive: !!event.interactive };
        this.surface.setStyle({ width: `${this.size.width}px`, height: `${this.size.height}px`,
          "pointer-events": this.size.interactive ? "auto" : "none" });
        this.place();
      }
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
      const left = Math.max(4, r.right - this.size.width);
      const top = Math.max(4, Math.min(innerHeight - this.size.height - 4, r.bottom + 6));
      this.surface.setStyle({ left: `${left}px`, top: `${top}px` });
    }

    /** For probe: where the chip's frame is; the background adds what it shows. */
    describe() {
      if (this.hidden || !this.surface.token) return null;
      const rect = this.surface.rect();
      return { frame: this.surface.token, x: rect ? rect.x : 0, y: rect ? rect.y : 0,
        width: rect ? rect.width : 0, height: rect ? rect.height : 0 };
    }
  }

  PG.Chip = Chip;
})();
