// The warning, drawn inside its own extension page (a frame the page cannot read). Built
// to resist habituation: the person proceeds only by picking the account they mean, the
// choices' order and arrangement change between showings, and the choices arm after a
// short pause. Only trusted events count; the answer goes back through the background.
"use strict";

(() => {
  const { connect, emit, t, el, paint } = globalThis.FrameLink;
  const ARM_DELAY_MS = 500;
  const FALLBACK_COLOR = "#5f6368";
  const backdrop = document.getElementById("backdrop");
  document.documentElement.lang = chrome.i18n.getUILanguage();
  let current = null; // {describe, buttons, finished}

  const shuffle = (items) => {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  };

  function render({ kind, action, identity, verdict, personas, hostMissing, switchWhere, showing = 1, install }) {
    const personaOf = (id) => (id && personas && personas[id]) || (id ? { label: id, color: FALLBACK_COLOR } : null);
    const active = personaOf(verdict && verdict.active_persona);
    const expected = personaOf(verdict && verdict.expected_persona);
    const suggestion = verdict && verdict.suggestion;
    // A Page or company may be known by its name alone (Facebook's "Comment as <Page>").
    const named = identity && (identity.handle || identity.display_name);
    const account = identity && identity.handle ? "@" + identity.handle : named || t("unknownAccount");
    const doing = t("doing_" + action) || action;
    const verb = t("verb_" + action) || action;
    const title = { warn: "warnTitle", block: "blockTitle", confirm: "confirmTitle" }[kind] || "warnTitle";

    const dialog = el("div", { class: "dialog", role: "alertdialog", "aria-modal": "true", "data-kind": kind,
      "aria-labelledby": "pg-title", "aria-describedby": "pg-body",
      style: { "--expected": expected ? globalThis.PersonaGuardContrast.readable(expected.color).background : "#b3261e" } });
    dialog.append(el("h2", { id: "pg-title", text: t(title) }));
    const body = el("div", { id: "pg-body" });
    const whoNow = el("span", { class: "who", text: active ? `${account} · ${active.label}` : account });
    paint(whoNow, active ? active.color : FALLBACK_COLOR);
    body.append(el("p", {}, [t("inUse", doing) + " ", whoNow]));
    if (expected) {
      const who = el("span", { class: "who", text: expected.label });
      paint(who, expected.color);
      body.append(el("p", {}, [t("expected") + " ", who]));
    }
    const reasons = (verdict && verdict.reasons) || [];
    if (reasons.length) body.append(el("ul", {}, reasons.map((r) => el("li", { text: r.message }))));
    if (kind === "confirm") {
      body.append(el("p", { text: hostMissing ? t("noHostBody") : t("undetectedBody") }));
      if (hostMissing) {
        body.append(el("p", { class: "hint", text: t("noHostInstall") }));
        if (install) body.append(el("p", { class: "hint" }, [el("code", { text: install })]));
      }
    }
    dialog.append(body);

    // On warn the person names the account they mean; block has no way on.
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
    const cancel = { choice: "cancelled", account: false, label: t("cancel") };
    // Cancel sits first or last, alternating, so a reflex click lands somewhere new.
    const ordered = shuffle(choices);
    const all = showing % 2 ? [...ordered, cancel] : [cancel, ...ordered];
    if (kind !== "block") dialog.append(el("p", { class: "prompt", text: t("pickPrompt") }));
    const layout = showing % 3 === 0 ? "row" : "column";
    const row = el("div", { class: `choices ${layout}`, role: "group", "aria-label": t("pickPrompt") });
    const state = { finished: false, armed: false };
    const buttons = all.map((c) => {
      const button = el("button", { type: "button", class: c.account ? "account" : "cancel",
        "data-choice": c.choice, text: c.label });
      if (c.color) button.style.setProperty("--c", globalThis.PersonaGuardContrast.readable(c.color).background);
      if (c.account) button.disabled = true;
      button.addEventListener("click", (event) => {
        if (!event.isTrusted || button.disabled) return; // only the person's own click
        finish(c.choice);
      });
      row.append(button);
      return { ...c, button };
    });
    dialog.append(row);
    // The site has no account menu to open: say where the switch is made.
    if (expected && switchWhere) dialog.append(el("p", { class: "hint switch-where", text: switchWhere }));
    if (kind === "block") dialog.append(el("p", { class: "hint", text: (verdict && verdict.block_hint) || t("blockHint") }));
    backdrop.replaceChildren(dialog);

    const finish = (choice) => {
      if (state.finished) return;
      state.finished = true;
      emit({ type: "choice", choice });
    };
    const timer = setTimeout(() => {
      for (const b of buttons) b.button.disabled = false;
      state.armed = true;
      dialog.dataset.armed = "true"; // in this frame only: the page never sees it
    }, ARM_DELAY_MS);
    if (current) clearTimeout(current.timer);
    current = {
      timer, finish, buttons,
      describe: () => ({
        kind, role: dialog.getAttribute("role"), aria_modal: dialog.getAttribute("aria-modal"),
        title: t(title), text: dialog.textContent, reasons: reasons.map((r) => r.message),
        switch_where: switchWhere || null, layout,
        armed: state.armed,
        // The persona names as painted: their colours and the text colour on them.
        who: [...dialog.querySelectorAll(".who")].map((node) => ({ text: node.textContent,
          color: getComputedStyle(node).backgroundColor, text_color: getComputedStyle(node).color })),
        focused: document.activeElement && document.activeElement.dataset
          ? document.activeElement.dataset.choice || null : null,
        choices: buttons.map((b) => {
          const r = b.button.getBoundingClientRect();
          return { choice: b.choice, label: b.label, x: r.x + r.width / 2, y: r.y + r.height / 2 };
        }),
      }),
    };
    buttons.find((b) => b.choice === "cancelled").button.focus(); // the safe choice first
    emit({ type: "shown" });
  }

  const focusables = () => (current ? current.buttons.map((b) => b.button).filter((b) => !b.disabled) : []);

  document.addEventListener("keydown", (event) => {
    if (!event.isTrusted || !current) return;
    if (event.key === "Escape") {
      event.preventDefault();
      current.finish("cancelled");
    } else if (event.key === "Tab") {
      const items = focusables();
      const at = items.indexOf(document.activeElement);
      items[(at + (event.shiftKey ? -1 : 1) + items.length) % items.length].focus();
      event.preventDefault();
    }
  });
  // Focus that lands on the frame itself (the content script focuses it) goes to a choice.
  window.addEventListener("focus", () => {
    const items = focusables();
    if (current && !items.includes(document.activeElement)) items[0] && items[0].focus();
  });

  connect({ view: render, describe: () => (current ? current.describe() : null) });
})();
