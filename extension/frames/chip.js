// The chip, drawn inside its own extension page. It says who is posting; for an account
// no persona claims it offers, in one step, to add it to one (or to a new persona). The
// host writes the account into the person's own profile; its state push then updates
// every tab, this chip included.
"use strict";

(() => {
  const { connect, emit, request, t, el, paint } = globalThis.FrameLink;
  const root = document.getElementById("chip-root");
  document.documentElement.lang = chrome.i18n.getUILanguage();
  let view = {};
  let open = false;
  let message = null; // {text, bad}
  let label = null;
  let buttons = [];

  function chipText({ persona, handle, hostMissing }) {
    if (hostMissing) return t("chipUnchecked", handle ? "@" + handle : t("unknownAccount"));
    if (persona) return t("chipPostingAs", persona.label);
    if (handle) return t("chipNoPersona", "@" + handle);
    return t("chipUndetected");
  }

  async function add(persona, newLabel) {
    const reply = await request("add_account", newLabel ? { label: newLabel } : { persona });
    if (reply && reply.ok) {
      open = false;
      message = { text: t("chipAdded", "@" + view.handle, reply.persona_label || newLabel || persona), bad: false };
    } else {
      message = { text: (reply && reply.message) || t("chipAddFailed"), bad: true };
    }
    render();
  }

  function render() {
    const site = t("site_" + view.site) || view.site;
    label = el("div", { class: "chip", role: "status", text: chipText(view) });
    paint(label, view.persona && !view.hostMissing ? view.persona.color : "#5f6368");
    const parts = [label];
    buttons = [];
    const offer = view.offer && !view.hostMissing && view.handle ? view.offer : null;
    if (offer && !open) {
      const button = el("button", { type: "button", "data-offer": "open", "aria-expanded": "false",
        text: t("chipOffer", "@" + view.handle, site) });
      button.addEventListener("click", (event) => {
        if (!event.isTrusted) return;
        open = true;
        message = null;
        render();
        const first = buttons.find((b) => !b.button.disabled);
        if (first) first.button.focus();
      });
      buttons.push({ persona: "open", button });
      parts.push(button);
    }
    if (offer && open) {
      const panel = el("div", { class: "panel", role: "group", "aria-labelledby": "offer-title" });
      panel.append(el("h2", { id: "offer-title", text: t("chipOffer", "@" + view.handle, site) }));
      for (const persona of offer.personas || []) {
        const button = el("button", { type: "button", "data-persona": persona.id, text: persona.label });
        button.style.setProperty("--c", globalThis.PersonaGuardContrast.readable(persona.color).background);
        panel.append(button);
        if (persona.locked_by) {
          button.disabled = true;
          const why = el("p", { class: "why", id: `why-${persona.id}`, text: t("chipLocked", persona.locked_by) });
          button.setAttribute("aria-describedby", why.id);
          panel.append(why);
        } else {
          button.addEventListener("click", (event) => {
            if (event.isTrusted) add(persona.id, null);
          });
        }
        buttons.push({ persona: persona.id, button, why: persona.locked_by ? t("chipLocked", persona.locked_by) : null });
      }
      const input = el("input", { type: "text", id: "new-label", maxlength: "40",
        "aria-label": t("chipNewLabel"), placeholder: t("chipNewLabel") });
      const create = el("button", { type: "submit", "data-persona": "__new__", text: t("chipNewPersona") });
      const form = el("form", { class: "new" }, [input, create]);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        if (!event.isTrusted) return;
        const text = input.value.trim();
        if (text) add(null, text);
        else input.focus();
      });
      panel.append(form);
      buttons.push({ persona: "__new__", button: create, input });
      const close = el("button", { type: "button", "data-offer": "close", text: t("cancel") });
      close.addEventListener("click", (event) => {
        if (!event.isTrusted) return;
        open = false;
        render();
      });
      panel.append(close);
      buttons.push({ persona: "close", button: close });
      parts.push(panel);
    }
    if (message) parts.push(el("p", { class: `message${message.bad ? " bad" : ""}`, role: "status", text: message.text }));
    root.replaceChildren(...parts);
    report();
  }

  function report() {
    const r = root.getBoundingClientRect();
    emit({ type: "size", width: Math.ceil(r.width), height: Math.ceil(r.height),
      interactive: buttons.length > 0 || !!message });
  }

  document.addEventListener("keydown", (event) => {
    if (event.isTrusted && event.key === "Escape" && open) {
      open = false;
      render();
    }
  });

  connect({
    view(next) {
      if (next.handle !== view.handle || next.site !== view.site) {
        open = false;
        message = null;
      }
      view = next;
      render();
    },
    describe() {
      const centre = (node) => {
        const r = node.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      };
      const found = { text: label ? label.textContent : "", color: label ? label.style.getPropertyValue("--c") : "",
        text_color: label ? label.style.getPropertyValue("--on-c") : "" };
      if (view.offer && !view.hostMissing && view.handle) {
        found.offer = { open, choices: buttons.map((b) => ({ persona: b.persona, label: b.button.textContent,
          disabled: b.button.disabled, why: b.why || null, ...centre(b.button),
          input: b.input ? centre(b.input) : null })) };
      }
      if (message) found.message = message.text;
      return found;
    },
  });
})();
