// The options page: the person's own profile edited in forms (the host validates and
// stores it), the org profiles read-only with their locks, import and export of the
// profile's JSON, the near-miss dashboard and what is stored where. Everything goes
// through the background, which speaks to the host.
"use strict";

(() => {
  const Options = globalThis.PersonaGuardOptions;
  const { t, el, ask, download } = Options;

  // ?now=ISO pins the dashboard's clock (the page opened for a test or a screenshot).
  const pinned = Date.parse(new URLSearchParams(location.search).get("now") || "");
  const now = () => (Number.isNaN(pinned) ? new Date() : new Date(pinned));

  const view = { stored: null, reply: null, form: null, dashboard: null, dirty: false, reloading: 0 };

  function hostLine(status) {
    const line = document.getElementById("host-status");
    line.className = status && status.connected ? "" : "bad";
    line.textContent = status && status.connected ? t("popupHostOk", status.host_version || "?")
      : status && status.error === "exited" ? t("popupHostExited") : t("popupHostMissing");
  }

  function siteName(site) {
    const sites = (view.reply && view.reply.catalog.sites) || {};
    return (sites[site] && sites[site].name) || site;
  }

  function renderOrgs(reply, personas) {
    const box = document.getElementById("org-list");
    box.replaceChildren();
    if (!reply.org_profiles.length) {
      box.append(el("p", { text: t("optionsNoOrgProfiles") }));
      return;
    }
    for (const org of reply.org_profiles) {
      const facts = el("dl", { class: "facts" }, [
        el("dt", { text: t("optionsOrgVersion") }), el("dd", { text: String(org.version) }),
        el("dt", { text: t("optionsOrgLock") }), el("dd", { text: org.locked ? t("optionsOrgLocked") : t("optionsOrgUnlocked") }),
        el("dt", { text: t("optionsOrgSync") }), el("dd", { text: syncLine(org.sync) }),
      ]);
      const list = el("ul", { class: "org-personas" });
      for (const [id, persona] of Object.entries(org.profile.personas || {})) {
        const merged = personas[id] || persona;
        list.append(el("li", { dataset: { persona: id } }, [
          el("span", { class: "swatch", style: { "--c": merged.color }, "aria-hidden": "true" }),
          el("strong", { class: "persona-label", text: merged.label || id }),
          " ", el("span", { class: "muted", text: t("optionsOrgPersonaFacts",
            (persona.accounts || []).map((a) => `${siteName(a.site)} @${a.handle}`).join(", ") || "—",
            (persona.keywords || []).join(", ") || "—") })]));
      }
      box.append(el("article", { class: "org", dataset: { profile: org.id } }, [
        el("h3", { text: org.title || org.id }), facts, list,
        org.locked ? el("p", { class: "lock", text: t("optionsOrgLockedHelp") }) : null]));
    }
  }

  function syncLine(sync) {
    if (!sync) return t("optionsOrgAddedByHand");
    const parts = [t(`syncState_${sync.state}`)];
    if (sync.last_success) parts.push(t("optionsOrgSyncedAt", new Date(sync.last_success).toLocaleString()));
    if (sync.error) parts.push(t("popupSyncError", sync.error));
    return parts.join(" · ");
  }

  function renderPrivacy(reply) {
    document.getElementById("privacy-where").textContent = t("privacyWhere", reply.data_dir);
    document.getElementById("privacy-how-long").textContent = t("privacyHowLong", reply.audit_keep.toLocaleString());
  }

  function renderLoadErrors(errors) {
    const box = document.getElementById("load-errors");
    box.hidden = !errors.length;
    box.replaceChildren(...(errors.length ? [el("p", { text: t("optionsStoredInvalid") }),
      el("ul", {}, errors.map((e) => el("li", { text: `${e.path ? e.path + ": " : ""}${e.message}` })))] : []));
  }

  function timeZones() {
    const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    document.body.append(el("datalist", { id: "time-zones" }, zones.map((z) => el("option", { value: z }))));
  }

  /** refresh: asked by a change elsewhere, so edits made meanwhile win. */
  async function load(refresh = false) {
    const answer = await ask("options_state");
    if (refresh && view.dirty) return true;
    hostLine(answer && answer.host);
    const form = document.getElementById("profile-form");
    if (!answer || !answer.profile) {
      form.inert = true;
      document.getElementById("save-status").textContent = t("optionsHostNeeded",
        (answer && answer.message) || "");
      return false;
    }
    form.inert = false;
    const reply = (view.reply = answer.profile);
    view.stored = reply.profile;
    const context = { catalog: reply.catalog, locks: reply.locks, orgProfiles: reply.org_profiles,
      personas: (answer.state && answer.state.personas) || {} };
    if (!view.form) view.form = new Options.ProfileForm(form, context);
    view.form.context = context;
    view.form.fill(reply.profile);
    view.dirty = false;
    renderLoadErrors(reply.errors);
    renderOrgs(reply, context.personas);
    renderPrivacy(reply);
    return true;
  }

  async function save(event) {
    event.preventDefault();
    const status = document.getElementById("save-status");
    const { profile, duplicates } = view.form.read();
    if (duplicates.length) {
      view.form.showErrors(duplicates.map((id) => ({ path: `personas.${id}`, message: t("optionsDuplicatePersona", id),
        fix: t("optionsDuplicatePersonaFix") })));
      status.textContent = t("optionsNotSaved", "1");
      return;
    }
    status.textContent = t("optionsSaving");
    const reply = await ask("save_profile", { profile });
    if (reply && reply.saved) {
      await load();
      status.textContent = t("optionsSaved", String(reply.saved.version));
      return;
    }
    const errors = (reply && reply.errors) || [{ path: "", message: (reply && reply.message) || t("popupHostMissing"), fix: "" }];
    const unplaced = view.form.showErrors(errors);
    status.replaceChildren(el("p", { text: t("optionsNotSaved", String(errors.length)) }),
      ...unplaced.map((e) => el("p", { class: "field-error", text: e.fix ? t("optionsErrorWithFix", e.message, e.fix) : e.message })));
  }

  function exportProfile() {
    if (!view.form) return;
    const profile = view.stored || view.form.read().profile;
    download(`${profile.id || "profile"}.json`, "application/json", JSON.stringify(profile, null, 2) + "\n");
  }

  async function importProfile(event) {
    const file = event.target.files && event.target.files[0];
    const status = document.getElementById("import-status");
    if (!file || !view.form) return;
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch (error) {
      status.className = "bad";
      status.textContent = t("optionsImportBadJson", file.name, String(error.message || error));
      return;
    } finally {
      event.target.value = "";
    }
    if (!data || typeof data !== "object" || Array.isArray(data)) {
      status.className = "bad";
      status.textContent = t("optionsImportNotProfile", file.name);
      return;
    }
    // Keep the stored version counting up, whatever the file says.
    const version = Math.max(Number(data.version) || 0, Number((view.stored && view.stored.version) || 0));
    view.form.fill({ ...data, version });
    view.dirty = true; // not saved yet: a change elsewhere must not replace it
    status.className = "";
    status.textContent = t("optionsImported", file.name);
  }

  async function main() {
    Options.localize();
    timeZones();
    document.getElementById("profile-form").addEventListener("submit", save);
    const touched = () => { view.dirty = true; };
    document.getElementById("profile-form").addEventListener("input", touched);
    document.getElementById("profile-form").addEventListener("click", (event) => {
      if (event.target.closest("button[type=button]")) touched(); // a row added or removed
    });
    // The profiles changed elsewhere (another browser, `persona-guard profile add`): show
    // them, unless the person is editing here.
    chrome.runtime.onMessage.addListener((message, sender) => {
      if (sender.id !== chrome.runtime.id || !message || message.kind !== "state_changed") return;
      clearTimeout(view.reloading);
      view.reloading = setTimeout(() => { if (!view.dirty && view.form) load(true); }, 200);
    });
    document.getElementById("revert").addEventListener("click", () => {
      if (!view.form) return;
      view.form.fill(view.stored);
      document.getElementById("save-status").textContent = t("optionsReverted");
    });
    document.getElementById("export-profile").addEventListener("click", exportProfile);
    document.getElementById("import-profile").addEventListener("change", importProfile);
    view.dashboard = new Options.Dashboard(document.getElementById("dashboard"), { now, siteName });
    const ready = await load();
    if (ready) await view.dashboard.load();
    document.body.dataset.ready = "true"; // all drawn (tests wait for this)
  }

  main();
})();
