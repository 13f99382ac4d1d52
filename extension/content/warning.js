// WarningDialog: the held action's warning. It is drawn by frames/warning.html in a frame
// over the whole page, so the page can neither read nor press it; this side opens it,
// keeps focus on it, brings it back if the page removes it, and hears the choice.
"use strict";

(() => {
  const PG = (globalThis.PersonaGuard = globalThis.PersonaGuard || {});
  const FRAME_STYLE = "position: fixed; inset: 0; width: 100vw; height: 100vh; border: 0; margin: 0;"
    + " padding: 0; z-index: 2147483647; background: transparent; display: block; visibility: visible;"
    + " opacity: 1; color-scheme: normal;";
  let showings = 0;

  /**
   * show({kind: "warn"|"block"|"confirm", action, identity, verdict, personas, hostMissing})
   * resolves to "proceeded", "switched" or "cancelled".
   */
  class WarningDialog {
    constructor(send) {
      this.send = send;
      this.open = null;
    }

    show(options) {
      if (this.open) this.open.finish("cancelled");
      return new Promise((resolve) => this.render(options, resolve));
    }

    render(options, resolve) {
      showings += 1;
      const surface = new PG.FrameSurface({ surface: "warning", tag: "persona-guard-warning",
        frameStyle: FRAME_STYLE, send: this.send });
      const view = { ...options, showing: showings, install: PG.installHint || null };
      const previous = document.activeElement;
      let shown = false;

      // Focus stays in the warning: the page (or a stray click) moving it elsewhere
      // puts it back on the frame, whose page then focuses one of its choices.
      const keepFocus = (event) => {
        if (!surface.contains(event.target)) surface.focus();
      };
      // Escape still cancels if a key reaches the page before the frame has focus.
      const onKey = (event) => {
        if (!event.isTrusted) return;
        if (event.key === "Escape") finish("cancelled");
        event.stopImmediatePropagation(); // the page's shortcuts stay quiet meanwhile
        event.preventDefault();
      };
      // A page script that removes the warning must not leave the action held and the
      // tab deaf: the same warning is put back, for the same held action.
      const watcher = new MutationObserver(() => {
        if (surface.host && !surface.host.isConnected) surface.reload();
      });

      const finish = (choice) => {
        if (this.open !== state) return;
        this.open = null;
        watcher.disconnect();
        document.removeEventListener("focusin", keepFocus, true);
        window.removeEventListener("keydown", onKey, true);
        surface.close();
        if (previous && previous.focus) previous.focus();
        resolve(choice);
      };
      surface.onEvent = (event) => {
        if (event.type === "choice" && ["proceeded", "switched", "cancelled"].includes(event.choice)) {
          finish(event.choice);
        } else if (event.type === "shown") {
          shown = true;
          surface.focus();
        }
      };
      const state = {
        finish,
        surface,
        shown: () => shown,
        removals: 0,
      };
      this.open = state;
      surface.show(view);
      watcher.observe(document, { childList: true, subtree: true });
      document.addEventListener("focusin", keepFocus, true);
      window.addEventListener("keydown", onKey, true);
    }

    /** For probe: where the warning's frame is; the background adds what it shows. */
    describe() {
      if (!this.open) return null;
      const rect = this.open.surface.rect();
      return { frame: this.open.surface.token, x: rect ? rect.x : 0, y: rect ? rect.y : 0,
        attached: !!(this.open.surface.host && this.open.surface.host.isConnected) };
    }
  }

  PG.WarningDialog = WarningDialog;
})();
