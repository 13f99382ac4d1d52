// Guard: holds a submit, a keyboard submit, a form submit or a reaction/follow click
// until its verdict says it may go. Verdicts are asked for while the person types, so an
// allowed action finds its answer waiting and is never held. Only trusted events (the
// person's own) are guarded; our replay of a held action is untrusted and passes.
"use strict";

(() => {
  const PG = (globalThis.PersonaGuard = globalThis.PersonaGuard || {});
  const PRECHECK_DELAY_MS = 120;
  const CACHE_LIMIT = 64;

  // The request minus the page address: the same words to the same people from the same
  // account get the same verdict wherever the composer is.
  const keyOf = (request) => JSON.stringify([request.site, request.action, request.identity,
    request.context.reply_to || null, request.context.target || null, request.context.mentions,
    request.draft.text]);

  class Guard {
    /**
     * channel: {check(request) -> Promise<{verdict, check_id} | {error}>,
     *           outcome(check_id, outcome), switchHint(suggestion)}
     */
    constructor(adapter, channel, dialog, chip) {
      this.adapter = adapter;
      this.channel = channel;
      this.dialog = dialog;
      this.chip = chip;
      this.cache = new Map();
      this.inflight = new Map();
      this.personas = {};
      this.hostMissing = false;
      this.holding = false;
      this.timer = 0;
      this.lastControl = null;
      this.proceededNow = new Set(); // check ids reported "proceeded" in the current task
      this.stats = { allowedStraight: 0, held: 0, lastInterceptMs: 0, maxInterceptMs: 0 };
    }

    install(target = window) {
      target.addEventListener("click", (e) => this.onClick(e), true);
      target.addEventListener("keydown", (e) => this.onKeydown(e), true);
      target.addEventListener("submit", (e) => this.onSubmit(e), true);
      target.addEventListener("input", (e) => this.onEdit(e), true);
      target.addEventListener("focusin", (e) => this.onEdit(e), true);
      target.addEventListener("pointerover", (e) => this.onHover(e), { capture: true, passive: true });
    }

    /** New mode or profiles: every verdict asked so far may be wrong now. */
    forget() {
      this.cache.clear();
      this.inflight.clear();
      this.lastControl = null; // the next pointer-over asks again
      // The composer being written in, or the one the chip is beside (focus may be in
      // the chip's frame, after the person added the account there).
      const composer = this.adapter.composerOf(document.activeElement) || this.chip.anchor;
      if (composer) this.precheck(composer);
    }

    onEdit(event) {
      const composer = this.adapter.composerOf(event.target);
      if (!composer) {
        if (event.type === "focusin") this.precheckShortcuts(event.target);
        return;
      }
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.precheck(composer), event.type === "focusin" ? 0 : PRECHECK_DELAY_MS);
    }

    onHover(event) {
      const found = this.adapter.controlOf(event.target);
      if (!found || found.element === this.lastControl) return;
      this.lastControl = found.element;
      this.ask(this.adapter.controlRequest(found)).catch(() => {});
    }

    /** Focus on a post: ask now for what the site's own keys would do to it (`l`, `f`),
     *  so an allowed shortcut goes straight through like an allowed click. */
    precheckShortcuts(target) {
      for (const shortcut of this.adapter.entry.shortcuts || []) {
        const found = this.adapter.shortcutOf({ key: shortcut.key, target });
        if (found) this.ask(this.adapter.controlRequest(found)).catch(() => {});
      }
    }

    precheck(composer) {
      if (!composer.isConnected) return;
      const request = this.adapter.request(composer, this.adapter.submitFor(composer));
      this.showChip(composer, request.identity, null);
      this.ask(request).then((answer) => {
        if (composer.isConnected) this.showChip(composer, request.identity, answer);
      }, () => {});
    }

    showChip(composer, identity, answer) {
      const verdict = answer && answer.verdict;
      const persona = verdict ? this.personas[verdict.active_persona] || null : this.chipPersona || null;
      if (verdict) this.chipPersona = persona;
      const hostMissing = !!(answer && answer.error) || this.hostMissing;
      // An account no persona claims: the chip offers to add it to one, in one step.
      const unknown = verdict ? verdict.reasons.some((r) => r.code === "UNKNOWN_ACCOUNT")
        : !!(this.chip.state && this.chip.state.offer && this.chip.state.handle === identity.handle);
      const offer = unknown && identity.handle && !hostMissing
        ? { personas: Object.values(this.personas).map((p) => ({ id: p.id, label: p.label, color: p.color,
          locked_by: p.locked_by || null })) } : null;
      this.chip.show(composer, { persona, handle: identity.handle, site: identity.site || this.adapter.site,
        hostMissing, offer });
    }

    ask(request) {
      // For probe: what was last asked about (never the draft).
      this.lastAsked = { action: request.action, identity: request.identity,
        reply_to: request.context.reply_to || null, target: request.context.target || null };
      const key = keyOf(request);
      const done = this.cache.get(key);
      if (done) return Promise.resolve(done);
      if (this.inflight.has(key)) return this.inflight.get(key);
      const pending = this.channel.check(request).then((answer) => {
        this.inflight.delete(key);
        if (answer && answer.verdict) {
          this.cache.set(key, answer);
          if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value);
        }
        this.hostMissing = !!(answer && answer.error === "host_unavailable");
        return answer;
      });
      this.inflight.set(key, pending);
      return pending;
    }

    onClick(event) {
      if (!event.isTrusted) return;
      const submit = this.adapter.submitOf(event.target);
      if (submit) {
        const composer = this.adapter.composerFor(submit);
        if (composer) this.intercept(event, () => this.adapter.request(composer, submit), { kind: "click", element: submit, composer });
        return;
      }
      this.adapter.noteOpener(event.target);
      const control = this.adapter.controlOf(event.target);
      if (control) this.intercept(event, () => this.adapter.controlRequest(control), { kind: "click", element: control.element });
    }

    onKeydown(event) {
      if (!event.isTrusted) return;
      const shortcut = this.adapter.shortcutOf(event);
      if (shortcut) {
        this.intercept(event, () => this.adapter.controlRequest(shortcut),
          { kind: "key", element: event.target, init: event });
        return;
      }
      const composer = this.adapter.composerOf(event.target);
      if (!composer || !this.adapter.isSubmitKey(event, composer)) return;
      const submit = this.adapter.submitFor(composer);
      this.intercept(event, () => this.adapter.request(composer, submit),
        { kind: "key", element: event.target, composer, submit, init: event });
    }

    onSubmit(event) {
      if (!event.isTrusted) return;
      const form = this.adapter.formOf(event.target);
      const composer = form && form.querySelector(this.adapter.entry.composer);
      if (!composer) return;
      const submit = event.submitter || this.adapter.submitFor(composer);
      this.intercept(event, () => this.adapter.request(composer, submit),
        { kind: "submit", form, submitter: event.submitter, composer });
    }

    intercept(event, build, action) {
      if (this.replaying) return;
      const started = performance.now();
      if (this.holding) {
        stop(event);
        return;
      }
      const request = build();
      const answer = this.cache.get(keyOf(request));
      const allowed = answer && answer.verdict.decision === "allow";
      if (!allowed) {
        stop(event);
        this.stats.held += 1;
        this.hold(request, action, answer, started);
      } else {
        this.stats.allowedStraight += 1;
        // The click goes on untouched; the audit log hears of it afterwards, once: a click
        // on a form's button fires the form's submit in the same task, one action.
        if (!this.proceededNow.has(answer.check_id)) {
          this.proceededNow.add(answer.check_id);
          setTimeout(() => this.proceededNow.delete(answer.check_id), 0);
          queueMicrotask(() => this.channel.outcome(answer.check_id, "proceeded"));
        }
      }
      const cost = performance.now() - started;
      this.stats.lastInterceptMs = cost;
      this.stats.maxInterceptMs = Math.max(this.stats.maxInterceptMs, cost);
    }

    async hold(request, action, cached, started = performance.now()) {
      this.holding = true;
      let choice = "cancelled";
      try {
        const answer = cached || (await this.ask(request).catch(() => ({ error: "host_unavailable" })));
        if (answer.error) {
          // Fail closed: no host, no verdict, so the person confirms the account we see.
          choice = await this.dialog.show({ kind: "confirm", action: request.action, identity: request.identity,
            verdict: null, personas: this.personas, hostMissing: answer.error === "host_unavailable" });
        } else if (answer.verdict.decision === "allow") {
          choice = "proceeded";
          this.channel.outcome(answer.check_id, choice);
        } else {
          const shown = this.dialog.show({ kind: answer.verdict.decision, action: request.action,
            identity: request.identity, verdict: answer.verdict, personas: this.personas,
            switchWhere: this.channel.switchWhere ? this.channel.switchWhere(answer.verdict.suggestion) : null });
          // From the person's click to the warning in the page (bench/extension_round_trip).
          this.stats.lastWarningShownMs = performance.now() - started;
          choice = await shown;
          this.channel.outcome(answer.check_id, choice);
          if (choice === "switched") this.channel.switchHint(answer.verdict.suggestion);
        }
      } finally {
        this.holding = false;
      }
      if (choice === "proceeded") {
        // A replayed click on a form's button makes the browser fire a trusted submit
        // event, synchronously: it is part of the same, approved action.
        this.replaying = true;
        try {
          replay(action);
        } finally {
          this.replaying = false;
        }
      } else if (action.composer && action.composer.isConnected) {
        action.composer.focus(); // the draft is kept, ready to post from the right account
      }
      return choice;
    }

    /** For probe: the chip, the dialog, and whether the verdict for the composer being
     *  written in is already here (then pressing submit is not held). */
    describe() {
      const composer = this.adapter.composerOf(document.activeElement)
        || document.querySelector(this.adapter.entry.composer);
      const request = composer && this.adapter.request(composer, this.adapter.submitFor(composer));
      const answer = request && this.cache.get(keyOf(request));
      // The reaction/follow/connect control the pointer last went over, as it would be checked.
      const found = this.lastControl && this.lastControl.isConnected && this.adapter.controlOf(this.lastControl);
      const controlRequest = found ? this.adapter.controlRequest(found) : null;
      const controlAnswer = controlRequest && this.cache.get(keyOf(controlRequest));
      return { chip: this.chip.describe(), dialog: this.dialog.describe(), stats: { ...this.stats },
        host_missing: this.hostMissing, holding: this.holding, verdicts_cached: this.cache.size,
        last_asked: this.lastAsked || null,
        verdict: answer ? answer.verdict : null,
        control: controlRequest ? { request: controlRequest, verdict: controlAnswer ? controlAnswer.verdict : null } : null };
    }
  }

  function stop(event) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  // The held action, done again. Our own events are untrusted, so the guard lets them by.
  function replay(action) {
    if (action.kind === "click") {
      action.element.click();
    } else if (action.kind === "key") {
      if (action.submit && action.submit.isConnected) {
        action.submit.click();
      } else {
        const init = action.init;
        action.element.dispatchEvent(new KeyboardEvent("keydown", { key: init.key, code: init.code,
          ctrlKey: init.ctrlKey, metaKey: init.metaKey, shiftKey: init.shiftKey, altKey: init.altKey,
          bubbles: true, cancelable: true, composed: true }));
      }
    } else if (action.kind === "submit") {
      const submitter = action.submitter && action.submitter.isConnected ? action.submitter : undefined;
      action.form.requestSubmit(submitter);
    }
  }

  PG.Guard = Guard;
  PG.keyOf = keyOf;
})();
