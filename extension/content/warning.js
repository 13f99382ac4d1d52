// WarningDialog: the held action's warning, in a closed shadow root so the page can
// neither read nor press it. Built to resist habituation: the person proceeds only by
// picking the account they mean, the choices' order and arrangement change between
// showings, and the choices arm after a short pause. Only trusted events count.
"use strict";

(() => {
  const PG = (globalThis.PersonaGuard = globalThis.PersonaGuard || {});
  const { t, el } = globalThis.PersonaGuardUI;
  const ARM_DELAY_MS = 500;
  const FALLBACK_COLOR = "#5f6368";
  let showings = 0;

  const STYLE = `
    :host { all: initial; }
    .backdrop { position: fixed; inset: 0; z-index: 2147483647; display: flex;
      align-items: center; justify-content: center; background: rgba(0, 0, 0, .45);
      font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
    .dialog { background: #fff; color: #1b1b1f; max-width: 30rem; width: calc(100% - 2rem);
      border-radius: 12px; padding: 1.25rem 1.4rem; box-shadow: 0 12px 40px rgba(0,0,0,.35);
      border-top: 6px solid var(--expected, #b3261e); }
    h2 { font-size: 1.15rem; margin: 0 0 .6rem; }
    p { margin: .4rem 0; }
    .who { font-weight: 700; padding: 0 .35em; border-radius: 4px; color: #fff;
      background: var(--c, ${FALLBACK_COLOR}); }
    ul { margin: .5rem 0 .8rem; padding-left: 1.2rem; }
    li { margin: .25rem 0; }
    .prompt { font-weight: 600; margin-top: .8rem; }
    .choices { display: flex; gap: .6rem; margin-top: .5rem; }
    .choices.column { flex-direction: column; }
    .choices.row > button { flex: 1 1 0; }
    button { font: inherit; cursor: pointer; border-radius: 8px; padding: .55rem .8rem;
      border: 2px solid var(--c, #767676); background: #fff; color: #1b1b1f; text-align: start; }
    button.account { border-left-width: 10px; }
    button:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
    button[disabled] { opacity: .55; cursor: default; }
    .cancel { border-color: #767676; }
    .hint { font-size: .9rem; color: #444; }
    @media (prefers-color-scheme: dark) {
      .dialog { background: #1f1f23; color: #ececf1; }
      button { background: #2b2b31; color: #ececf1; }
      .hint { color: #c4c4cc; }
    }
  `;

  // Parsed once and shared by every showing; a <style> per showing where a browser's
  // content scripts cannot adopt constructed sheets.
  let sheet = null;
  function styleInto(root) {
    try {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(STYLE);
      }
      root.adoptedStyleSheets = [sheet];
    } catch {
      root.append(el("style", { text: STYLE }));
    }
  }

  const shuffle = (items) => {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  };

  /**
   * show({kind: "warn"|"block"|"confirm", action, identity, verdict, personas, hostMissing})
   * resolves to "proceeded", "switched" or "cancelled".
   */
  class WarningDialog {
    constructor() {
      this.open = null;
    }

    show(options) {
      if (this.open) this.open.finish("cancelled");
      return new Promise((resolve) => this.render(options, resolve));
    }

    render({ kind, action, identity, verdict, personas, hostMissing, switchWhere }, resolve) {
      showings += 1;
      const personaOf = (id) => (id && personas && personas[id]) || (id ? { label: id, color: FALLBACK_COLOR } : null);
      const active = personaOf(verdict && verdict.active_persona);
      const expected = personaOf(verdict && verdict.expected_persona);
      const suggestion = verdict && verdict.suggestion;
      // A Page or company may be known by its name alone (Facebook's "Comment as <Page>").
      const named = identity && (identity.handle || identity.display_name);
      const account = identity && identity.handle ? "@" + identity.handle : named || t("unknownAccount");
      const doing = t("doing_" + action) || action;
      const verb = t("verb_" + action) || action;

      const host = el("persona-guard-warning", { "data-kind": kind });
      const root = host.attachShadow({ mode: "closed" });
      const titleId = "pg-title";
      const bodyId = "pg-body";
      const dialog = el("div", {
        class: "dialog", role: "alertdialog", "aria-modal": "true",
        "aria-labelledby": titleId, "aria-describedby": bodyId,
        style: { "--expected": expected ? expected.color : "#b3261e" },
      });
      const title = { warn: "warnTitle", block: "blockTitle", confirm: "confirmTitle" }[kind];
      dialog.append(el("h2", { id: titleId, text: t(title) }));

      const body = el("div", { id: bodyId });
      const whoNow = el("span", { class: "who", text: active ? `${account} · ${active.label}` : account,
        style: { "--c": active ? active.color : FALLBACK_COLOR } });
      body.append(el("p", {}, [t("inUse", doing) + " ", whoNow]));
      if (expected) {
        body.append(el("p", {}, [t("expected") + " ", el("span", { class: "who", text: expected.label,
          style: { "--c": expected.color } })]));
      }
      const reasons = (verdict && verdict.reasons) || [];
      if (reasons.length) body.append(el("ul", {}, reasons.map((r) => el("li", { text: r.message }))));
      if (kind === "confirm") {
        body.append(el("p", { text: hostMissing ? t("noHostBody") : t("undetectedBody") }));
        if (hostMissing) body.append(el("p", { class: "hint", text: t("noHostInstall") }));
      }
      dialog.append(body);

      // The choices: on warn the person names the account they mean; block has no way on.
      const choices = [];
      if (kind === "warn" || kind === "confirm") {
        if (kind === "confirm" && named) {
          choices.push({ choice: "proceeded", account: true, color: FALLBACK_COLOR, label: t("chooseConfirm", verb, account) });
        } else if (named) {
          choices.push({ choice: "proceeded", account: true, color: active ? active.color : FALLBACK_COLOR,
            label: t("chooseActive", verb, account, active ? active.label : t("noPersona")) });
        } else {
          choices.push({ choice: "proceeded", account: true, color: FALLBACK_COLOR, label: t("chooseUnknown", verb) });
        }
      }
      if (expected) {
        choices.push({ choice: "switched", account: true, color: expected.color,
          label: suggestion ? t("chooseSwitch", "@" + suggestion.handle, expected.label)
            : t("chooseSwitchPersona", expected.label) });
      }
      const ordered = shuffle(choices);
      const cancel = { choice: "cancelled", account: false, label: t("cancel") };
      // Cancel sits first or last, alternating, so a reflex click lands somewhere new.
      const all = showings % 2 ? [...ordered, cancel] : [cancel, ...ordered];
      if (kind !== "block") dialog.append(el("p", { class: "prompt", text: t("pickPrompt") }));
      const layout = showings % 3 === 0 ? "row" : "column";
      const row = el("div", { class: `choices ${layout}`, role: "group" });
      const buttons = all.map((c) => {
        const button = el("button", { type: "button", class: c.account ? "account" : "cancel",
          "data-choice": c.choice, text: c.label, style: c.color ? { "--c": c.color } : {} });
        if (c.account) button.disabled = true;
        button.addEventListener("click", (event) => {
          // A page script cannot reach a closed root, and cannot forge a trusted click.
          if (!event.isTrusted || button.disabled) return;
          finish(c.choice);
        });
        row.append(button);
        return { ...c, button };
      });
      dialog.append(row);
      // The site has no account menu to open: say where the switch is made.
      if (expected && switchWhere) dialog.append(el("p", { class: "hint switch-where", text: switchWhere }));
      if (kind === "block") dialog.append(el("p", { class: "hint", text: (verdict && verdict.block_hint) || t("blockHint") }));

      const backdrop = el("div", { class: "backdrop" }, [dialog]);
      styleInto(root);
      root.append(backdrop);

      const focusables = () => buttons.map((b) => b.button).filter((b) => !b.disabled);
      const onKey = (event) => {
        if (!event.isTrusted) return;
        if (event.key === "Escape") {
          event.preventDefault();
          finish("cancelled");
        } else if (event.key === "Tab") {
          const items = focusables();
          const at = items.indexOf(root.activeElement);
          const next = (at + (event.shiftKey ? -1 : 1) + items.length) % items.length;
          items[next].focus();
          event.preventDefault();
        }
        event.stopPropagation(); // the page's shortcuts stay quiet while the dialog is up
      };
      const keepFocus = (event) => {
        if (event.target !== host) {
          const items = focusables();
          (items.includes(root.activeElement) ? root.activeElement : items[0]).focus();
        }
      };
      host.addEventListener("keydown", onKey);
      document.addEventListener("focusin", keepFocus, true);

      const armed = setTimeout(() => {
        for (const b of buttons) b.button.disabled = false;
        host.setAttribute("data-armed", "true");
      }, ARM_DELAY_MS);

      const previous = document.activeElement;
      const finish = (choice) => {
        if (this.open !== state) return;
        this.open = null;
        clearTimeout(armed);
        document.removeEventListener("focusin", keepFocus, true);
        host.remove();
        if (previous && previous.focus) previous.focus();
        resolve(choice);
      };
      const state = {
        finish,
        host,
        // What `probe` reports: tests and the demo read the dialog through the extension.
        describe: () => ({
          kind,
          role: dialog.getAttribute("role"),
          aria_modal: dialog.getAttribute("aria-modal"),
          title: t(title),
          text: dialog.textContent,
          reasons: reasons.map((r) => r.message),
          switch_where: switchWhere || null,
          layout,
          armed: host.getAttribute("data-armed") === "true",
          focused: root.activeElement ? root.activeElement.getAttribute("data-choice") : null,
          choices: buttons.map((b) => {
            const r = b.button.getBoundingClientRect();
            return { choice: b.choice, label: b.label, x: r.x + r.width / 2, y: r.y + r.height / 2 };
          }),
        }),
      };
      this.open = state;
      document.documentElement.append(host);
      // Focus at the frame that first paints the dialog: focusing now would force a
      // layout of the whole page inside the person's click. Until then the guard swallows
      // any further submit.
      let focused = false;
      const focusCancel = () => {
        if (focused || this.open !== state) return;
        focused = true;
        buttons.find((b) => b.choice === "cancelled").button.focus();
      };
      requestAnimationFrame(focusCancel);
      setTimeout(focusCancel, 100); // no frames in a hidden tab
    }

    describe() {
      return this.open ? this.open.describe() : null;
    }
  }

  PG.WarningDialog = WarningDialog;
})();
