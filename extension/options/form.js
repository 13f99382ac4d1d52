// The person's own profile as a form: built from the profile the host sent, read back
// into a profile to send, and the host's errors shown beside their fields. Every control
// gets the JSON path of the value it holds (`data-path`) when the form is read, so an
// error on `personas.work.accounts[1].handle` finds the handle field of that row.
"use strict";

(() => {
  const { t, el, uid } = globalThis.PersonaGuardOptions;
  const DEFAULT_COLOR = "#5f6368";

  const field = (labelText, control, extra = "") =>
    el("label", { class: `field ${extra}`.trim() }, [el("span", { text: labelText }), control]);
  const removeButton = (text, onClick) => {
    const button = el("button", { type: "button", class: "remove", text });
    button.addEventListener("click", onClick);
    return button;
  };
  const lines = (text) => text.split("\n").map((s) => s.trim()).filter(Boolean);
  const bareHandle = (text) => text.trim().replace(/^@/, "");

  class ProfileForm {
    /** context: {catalog, locks, orgProfiles, personas (merged, from the state)} */
    constructor(form, context) {
      this.form = form;
      this.context = context;
      this.base = {};
      this.personaBox = form.querySelector("#personas");
      this.scheduleBox = form.querySelector("#schedule");
      this.sitesBox = form.querySelector("#sites");
      this.checksBox = form.querySelector("#checks");
      form.querySelector("#add-persona").addEventListener("click", () => {
        const card = this.personaCard(this.freshPersonaId(), { label: "", color: "#0b5cad" });
        this.personaBox.append(card);
        this.refreshChoices();
        card.querySelector("[data-key=label]").focus();
      });
      form.querySelector("#add-window").addEventListener("click", () => {
        this.scheduleBox.append(this.windowRow({ days: ["mon", "tue", "wed", "thu", "fri"],
          start: "09:00", end: "17:00", timezone: Intl.DateTimeFormat().resolvedOptions().timeZone }));
      });
      form.querySelector("#add-site").addEventListener("click", () => {
        this.sitesBox.append(this.siteRow(this.unusedSite(), { allow: [] }));
      });
      form.addEventListener("input", (event) => {
        if (event.target.matches("[data-key=persona-id], [data-key=label]")) this.refreshChoices();
        if (event.target.matches("[data-key=label]")) {
          const legend = event.target.closest(".persona").querySelector(".legend-label");
          legend.textContent = event.target.value || t("optionsNewPersona");
        }
        if (event.target.matches("[data-key=color]")) {
          event.target.closest(".persona").querySelector(".swatch").style.setProperty("--c", event.target.value);
        }
      });
    }

    // ---- building ----

    fill(profile) {
      this.base = profile ? { ...profile } : {};
      const p = profile || {};
      this.form.querySelector("#profile-id").value = p.id || "me";
      this.form.querySelector("#profile-title").value = p.title || "";
      this.personaBox.replaceChildren(...Object.entries(p.personas || {}).map(([id, persona]) =>
        this.personaCard(id, persona)));
      this.renderLockedSchedule();
      this.scheduleBox.replaceChildren(...(p.schedule || []).map((w) => this.windowRow(w)));
      this.sitesBox.replaceChildren(...Object.entries(p.sites || {}).map(([site, rule]) =>
        this.siteRow(site, rule)));
      this.renderChecks(p.checks || {});
      this.refreshChoices();
      this.clearErrors();
    }

    personaCard(id, persona) {
      const lock = this.context.locks.personas[id];
      const labelText = persona.label || t("optionsNewPersona");
      const card = el("fieldset", { class: "persona" }, [
        el("legend", {}, [el("span", { class: "swatch", style: { "--c": persona.color || DEFAULT_COLOR }, "aria-hidden": "true" }),
          el("span", { class: "legend-label", text: labelText })]),
      ]);
      const idInput = el("input", { value: id, autocomplete: "off", dataset: { key: "persona-id" } });
      const label = el("input", { value: persona.label || "", autocomplete: "off", dataset: { key: "label" } });
      const color = el("input", { type: "color", value: persona.color || DEFAULT_COLOR, dataset: { key: "color" } });
      if (lock) {
        label.disabled = color.disabled = idInput.readOnly = true;
      }
      card.append(el("div", { class: "row" }, [field(t("optionsPersonaId"), idInput),
        field(t("optionsPersonaLabel"), label, "grow"), field(t("optionsPersonaColor"), color)]));
      if (lock) card.append(el("p", { class: "lock", text: t("optionsPersonaLocked", lock.title) }));

      const accounts = el("div", { class: "rows", dataset: { key: "accounts" } },
        (persona.accounts || []).map((a) => this.accountRow(a)));
      const addAccount = el("button", { type: "button", text: t("optionsAddAccount") });
      addAccount.addEventListener("click", () => {
        const row = this.accountRow({ site: "x", handle: "" });
        accounts.append(row);
        row.querySelector("[data-key=handle]").focus();
      });
      if (lock) addAccount.disabled = true;
      card.append(el("h4", { text: t("optionsAccounts") }), accounts, addAccount);

      const keywords = el("textarea", { rows: "3", dataset: { key: "keywords" } });
      keywords.value = (persona.keywords || []).join("\n");
      card.append(field(t("optionsKeywords"), keywords, "wide"),
        el("p", { class: "muted", text: t("optionsKeywordsHelp") }));

      const audience = el("div", { class: "rows", dataset: { key: "audience" } },
        (persona.audience || []).map((a) => this.audienceRow(a)));
      const addMember = el("button", { type: "button", text: t("optionsAddAudience") });
      addMember.addEventListener("click", () => audience.append(this.audienceRow({ site: "x", handle: "" })));
      card.append(el("h4", { text: t("optionsAudience") }), el("p", { class: "muted", text: t("optionsAudienceHelp") }),
        audience, addMember);

      card.append(el("div", { class: "actions" }, [removeButton(t("optionsRemovePersona", labelText), () => {
        card.remove();
        this.refreshChoices();
      })]));
      return card;
    }

    siteSelect(value) {
      const select = el("select", { dataset: { key: "site" } }, Object.entries(this.context.catalog.sites).map(
        ([id, site]) => el("option", { value: id, text: site.name })));
      select.value = value;
      return select;
    }

    accountRow(account) {
      const kind = el("select", { dataset: { key: "kind" } }, [
        el("option", { value: "user", text: t("optionsKindUser") }),
        el("option", { value: "page", text: t("optionsKindPage") })]);
      kind.value = account.kind || "user";
      const handle = el("input", { value: account.handle || "", autocomplete: "off", dataset: { key: "handle" } });
      const aliases = el("input", { value: (account.aliases || []).join(", "), autocomplete: "off", dataset: { key: "aliases" } });
      const row = el("div", { class: "rowline account", role: "group", "aria-label": t("optionsAccount") }, [
        field(t("optionsSite"), this.siteSelect(account.site || "x")),
        field(t("optionsHandle"), handle, "grow"), field(t("optionsKind"), kind),
        field(t("optionsAliases"), aliases, "grow")]);
      row.append(removeButton(t("optionsRemoveAccount"), () => row.remove()));
      return row;
    }

    audienceRow(member) {
      const handle = el("input", { value: member.handle || "", autocomplete: "off", dataset: { key: "handle" } });
      const row = el("div", { class: "rowline member", role: "group", "aria-label": t("optionsAudienceMember") }, [
        field(t("optionsSite"), this.siteSelect(member.site || "x")), field(t("optionsHandle"), handle, "grow")]);
      row.append(removeButton(t("optionsRemoveAudience"), () => row.remove()));
      return row;
    }

    personaSelect(value) {
      const select = el("select", { dataset: { key: "persona", value: value || "" } });
      return select;
    }

    windowRow(window) {
      const days = el("fieldset", { class: "days", dataset: { key: "days" } }, [el("legend", { text: t("optionsDays") })]);
      const names = new Intl.DateTimeFormat(chrome.i18n.getUILanguage(), { weekday: "short", timeZone: "UTC" });
      this.context.catalog.days.forEach((day, index) => {
        const name = names.format(new Date(Date.UTC(2024, 0, 1 + index))); // 2024-01-01 was a Monday
        days.append(el("label", { class: "day" }, [
          el("input", { type: "checkbox", value: day, checked: (window.days || []).includes(day) }), name]));
      });
      const start = el("input", { type: "time", value: window.start || "", dataset: { key: "start" } });
      const end = el("input", { type: "time", value: window.end || "", dataset: { key: "end" } });
      const zone = el("input", { value: window.timezone || "", list: "time-zones", autocomplete: "off", dataset: { key: "timezone" } });
      const row = el("div", { class: "rowline window", role: "group", "aria-label": t("optionsWindow") }, [
        field(t("optionsWindowPersona"), this.personaSelect(window.persona)), days,
        field(t("optionsStart"), start), field(t("optionsEnd"), end), field(t("optionsTimezone"), zone, "grow")]);
      row.append(removeButton(t("optionsRemoveWindow"), () => row.remove()));
      return row;
    }

    renderLockedSchedule() {
      const list = this.form.querySelector("#locked-schedule");
      list.replaceChildren();
      for (const org of this.context.orgProfiles.filter((o) => o.locked)) {
        for (const w of org.profile.schedule || []) {
          const persona = (this.context.personas[w.persona] || { label: w.persona }).label;
          list.append(el("li", { class: "lock", text: t("optionsLockedWindow", persona, (w.days || []).join(", "),
            `${w.start}–${w.end}`, w.timezone, org.title || org.id) }));
        }
      }
    }

    siteRow(site, rule) {
      const select = this.siteSelect(site);
      const allow = el("fieldset", { class: "allow", dataset: { key: "allow", value: (rule.allow || []).join(",") } },
        [el("legend", { text: t("optionsAllowed") })]);
      const note = el("p", { class: "lock" });
      const row = el("div", { class: "rowline site", role: "group", "aria-label": t("optionsSiteRule") },
        [field(t("optionsSite"), select), allow, note]);
      select.addEventListener("change", () => this.refreshChoices());
      row.append(removeButton(t("optionsRemoveSite"), () => row.remove()));
      return row;
    }

    renderChecks(checks) {
      this.checksBox.replaceChildren();
      const severities = this.context.catalog.severities;
      for (const check of this.context.catalog.checks) {
        const lock = this.context.locks.checks[check.check];
        const floor = lock ? severities.indexOf(lock.severity) : 0;
        const select = el("select", { dataset: { key: "check", check: check.check } }, [
          el("option", { value: "", text: t("optionsCheckDefault", t(`severity_${lock ? lock.severity : "warn"}`)) }),
          ...severities.map((s, index) => el("option", { value: s, text: t(`severity_${s}`), disabled: index < floor }))]);
        select.value = checks[check.check] || "";
        const name = t(`check_${check.check}`);
        const box = el("div", { class: "check" }, [field(name === `check_${check.check}` ? check.fires_when : name, select)]);
        if (lock) box.append(el("p", { class: "lock", text: t("optionsCheckLocked", t(`severity_${lock.severity}`), lock.title) }));
        this.checksBox.append(box);
      }
    }

    /** The personas the schedule and site rules may name: the merged ones and the form's. */
    choices() {
      const out = {};
      for (const [id, p] of Object.entries(this.context.personas)) out[id] = p.label || id;
      for (const card of this.personaBox.querySelectorAll(".persona")) {
        const id = card.querySelector("[data-key=persona-id]").value.trim();
        if (id) out[id] = card.querySelector("[data-key=label]").value || id;
      }
      return out;
    }

    refreshChoices() {
      const choices = this.choices();
      for (const select of this.scheduleBox.querySelectorAll("select[data-key=persona]")) {
        const current = select.value || select.dataset.value;
        select.replaceChildren(...Object.entries(choices).map(([id, label]) => el("option", { value: id, text: label })));
        if (current && !(current in choices)) select.append(el("option", { value: current, text: current }));
        select.value = current || Object.keys(choices)[0] || "";
      }
      for (const row of this.sitesBox.querySelectorAll(".site")) {
        const site = row.querySelector("select[data-key=site]").value;
        const group = row.querySelector("[data-key=allow]");
        const checked = new Set(group.dataset.value ? group.dataset.value.split(",") : []);
        for (const box of group.querySelectorAll("input:checked")) checked.add(box.value);
        for (const box of group.querySelectorAll("input:not(:checked)")) checked.delete(box.value);
        const lock = this.context.locks.sites[site];
        group.replaceChildren(group.querySelector("legend"), ...Object.entries(choices).map(([id, label]) =>
          el("label", { class: "day" }, [el("input", { type: "checkbox", value: id, checked: checked.has(id),
            disabled: Boolean(lock && !lock.allow.includes(id)) }), label])));
        group.dataset.value = [...checked].join(",");
        const allowed = lock ? lock.allow.map((id) => choices[id] || id).join(", ") : "";
        row.querySelector(".lock").textContent = lock ? t("optionsSiteLocked", allowed, lock.title) : "";
      }
    }

    freshPersonaId() {
      const taken = this.choices();
      let n = 1;
      while (`persona-${n}` in taken) n += 1;
      return `persona-${n}`;
    }

    unusedSite() {
      const used = new Set([...this.sitesBox.querySelectorAll("select[data-key=site]")].map((s) => s.value));
      return Object.keys(this.context.catalog.sites).find((s) => !used.has(s)) || "x";
    }

    // ---- reading: the profile to send, each control tagged with its JSON path ----

    read() {
      const tag = (node, path) => { node.dataset.path = path; return node; };
      const profile = { ...this.base };
      for (const key of ["personas", "schedule", "sites", "checks", "title"]) delete profile[key];
      profile.schema = this.context.catalog.schema;
      profile.id = tag(this.form.querySelector("#profile-id"), "id").value.trim();
      // every save raises the version (a profile without one is at 1)
      profile.version = this.base.schema ? Number(this.base.version || 1) + 1 : 1;
      const title = tag(this.form.querySelector("#profile-title"), "title").value.trim();
      if (title) profile.title = title;
      const duplicates = [];
      profile.personas = {};
      for (const card of this.personaBox.querySelectorAll(".persona")) {
        const idInput = card.querySelector("[data-key=persona-id]");
        const id = idInput.value.trim();
        if (id in profile.personas) duplicates.push(id);
        const base = `personas.${id}`;
        tag(idInput, base);
        const persona = { label: tag(card.querySelector("[data-key=label]"), `${base}.label`).value.trim() };
        const lock = this.context.locks.personas[id];
        if (!lock) persona.color = tag(card.querySelector("[data-key=color]"), `${base}.color`).value;
        persona.accounts = [...card.querySelectorAll(".account")].map((row, i) => {
          const path = `${base}.accounts[${i}]`;
          tag(row, path);
          const account = { site: tag(row.querySelector("[data-key=site]"), `${path}.site`).value,
            handle: bareHandle(tag(row.querySelector("[data-key=handle]"), `${path}.handle`).value),
            kind: tag(row.querySelector("[data-key=kind]"), `${path}.kind`).value };
          const aliases = tag(row.querySelector("[data-key=aliases]"), `${path}.aliases`).value
            .split(",").map((s) => s.trim()).filter(Boolean);
          if (aliases.length) account.aliases = aliases;
          return account;
        });
        persona.keywords = lines(tag(card.querySelector("[data-key=keywords]"), `${base}.keywords`).value);
        persona.audience = [...card.querySelectorAll(".member")].map((row, i) => {
          const path = `${base}.audience[${i}]`;
          tag(row, path);
          return { site: tag(row.querySelector("[data-key=site]"), `${path}.site`).value,
            handle: bareHandle(tag(row.querySelector("[data-key=handle]"), `${path}.handle`).value) };
        });
        profile.personas[id] = persona;
      }
      profile.schedule = [...this.scheduleBox.querySelectorAll(".window")].map((row, i) => {
        const path = `schedule[${i}]`;
        tag(row, path);
        return {
          persona: tag(row.querySelector("[data-key=persona]"), `${path}.persona`).value,
          days: [...tag(row.querySelector("[data-key=days]"), `${path}.days`).querySelectorAll("input:checked")]
            .map((box) => box.value),
          start: tag(row.querySelector("[data-key=start]"), `${path}.start`).value,
          end: tag(row.querySelector("[data-key=end]"), `${path}.end`).value,
          timezone: tag(row.querySelector("[data-key=timezone]"), `${path}.timezone`).value.trim(),
        };
      });
      profile.sites = {};
      for (const row of this.sitesBox.querySelectorAll(".site")) {
        const site = row.querySelector("[data-key=site]").value;
        tag(row.querySelector("[data-key=site]"), `sites.${site}`);
        const group = tag(row.querySelector("[data-key=allow]"), `sites.${site}.allow`);
        profile.sites[site] = { allow: [...group.querySelectorAll("input:checked")].map((box) => box.value) };
      }
      profile.checks = {};
      for (const select of this.checksBox.querySelectorAll("select[data-key=check]")) {
        tag(select, `checks.${select.dataset.check}`);
        if (select.value) profile.checks[select.dataset.check] = select.value;
      }
      return { profile, duplicates };
    }

    // ---- errors beside their fields ----

    clearErrors() {
      for (const node of this.form.querySelectorAll(".field-error")) node.remove();
      for (const node of this.form.querySelectorAll("[aria-invalid]")) {
        node.removeAttribute("aria-invalid");
        node.removeAttribute("aria-describedby");
      }
    }

    /** The control (or row) holding the value at `path`, or the nearest one above it. */
    target(path) {
      const tagged = [...this.form.querySelectorAll("[data-path]")];
      let best = null;
      for (const node of tagged) {
        const p = node.dataset.path;
        const covers = path === p || path.startsWith(p + ".") || path.startsWith(p + "[");
        if (covers && (!best || p.length > best.dataset.path.length)) best = node;
      }
      return best;
    }

    /** Show each {path, message, fix} beside its field; returns those without a field. */
    showErrors(errors) {
      this.clearErrors();
      const unplaced = [];
      let first = null;
      for (const error of errors) {
        const node = error.path ? this.target(error.path) : null;
        if (!node) {
          unplaced.push(error);
          continue;
        }
        const id = uid("error");
        const text = error.fix ? t("optionsErrorWithFix", error.message, error.fix) : error.message;
        const note = el("p", { class: "field-error", id, text, dataset: { for: error.path } });
        const control = node.matches("input, select, textarea") ? node : null;
        if (control) {
          control.setAttribute("aria-invalid", "true");
          const described = control.getAttribute("aria-describedby");
          control.setAttribute("aria-describedby", described ? `${described} ${id}` : id);
          (control.closest(".field") || control).after(note);
        } else {
          node.append(note); // a row or a group: the note goes at its end
        }
        first = first || control || node.querySelector("input, select, textarea");
      }
      if (first) first.focus();
      return unplaced;
    }
  }

  globalThis.PersonaGuardOptions.ProfileForm = ProfileForm;
})();
