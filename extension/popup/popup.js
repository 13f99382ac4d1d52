// The popup: the mode (auto, each persona, optionally for one hour), who is active in this
// tab, the signed org profiles in force, and whether the host answers. Everything comes
// from the background.
"use strict";

const { t, el } = globalThis.PersonaGuardUI;

for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
for (const node of document.querySelectorAll("[data-i18n-label]")) {
  node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  node.setAttribute("placeholder", t(node.dataset.i18nLabel));
}

// A persona colour, with text that stays readable on it (WCAG AA).
function paint(color) {
  const { background, text } = globalThis.PersonaGuardContrast.readable(color);
  return { "--c": background, "--on-c": text };
}

async function activeTabId() {
  // ?tab=ID shows another tab (the popup opened as a page, e.g. in a detached window).
  const asked = Number(new URLSearchParams(location.search).get("tab"));
  if (asked > 0) return asked;
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab ? tab.id : -1;
}

function render(view) {
  const host = document.getElementById("host-status");
  host.className = view.host.connected ? "" : "bad";
  host.textContent = view.host.connected ? t("popupHostOk", view.host.host_version || "?")
    : view.host.error === "exited" ? t("popupHostExited") : t("popupHostMissing");

  // No host: the exact commands for this browser; no personas: the welcome page.
  const install = document.getElementById("host-install");
  install.hidden = view.host.connected;
  if (!view.host.connected) {
    chrome.runtime.getPlatformInfo().then((info) => {
      document.getElementById("host-command").textContent =
        PersonaGuardInstall.oneLine(info.os, PersonaGuardInstall.browserId());
    });
  }
  document.getElementById("no-profile").hidden = !view.host.connected || Object.keys(view.personas).length > 0;

  const tab = document.getElementById("tab-identity");
  tab.replaceChildren();
  if (!view.tab) tab.textContent = t("popupNoSite");
  else if (!view.tab.identity || !view.tab.identity.handle) tab.textContent = t("popupUndetected");
  else {
    const persona = view.personas[view.tab.persona];
    tab.append(`@${view.tab.identity.handle} `);
    if (persona) tab.append(el("span", { class: "persona", style: paint(persona.color), text: persona.label }));
  }
  renderOffer(view);

  const list = document.getElementById("mode-list");
  list.replaceChildren();
  const options = [{ id: "auto", label: t("popupAuto"), color: null }, ...Object.values(view.personas)];
  for (const option of options) {
    const input = el("input", { type: "radio", name: "mode", value: option.id });
    input.checked = (view.mode || "auto") === option.id;
    input.disabled = !view.host.connected;
    list.append(el("label", {}, [input, option.color ? el("span", { class: "swatch", style: paint(option.color) }) : "",
      option.label]));
  }
  const expected = view.personas[view.effective_persona];
  document.getElementById("expected").textContent = expected ? t("popupExpected", expected.label) : "";
  renderSync(view.sync);
}

/** An account in no persona: "Add @handle on <site> to …", the personas (a locked one
 *  greyed out with the reason) or a new one. The host writes it to the person's profile. */
function renderOffer(view) {
  const section = document.getElementById("offer");
  const identity = view.tab && view.tab.identity;
  const show = view.host.connected && identity && identity.handle && !view.tab.persona;
  section.hidden = !show;
  if (!show) return;
  const site = t("site_" + identity.site) || identity.site;
  document.getElementById("offer-heading").textContent = t("chipOffer", "@" + identity.handle, site);
  const list = document.getElementById("offer-list");
  list.replaceChildren();
  for (const persona of Object.values(view.personas)) {
    const button = el("button", { type: "button", "data-persona": persona.id, text: persona.label });
    const swatch = el("span", { class: "swatch", style: paint(persona.color) });
    button.prepend(swatch, " ");
    const item = el("li", {}, [button]);
    if (persona.locked_by) {
      button.disabled = true;
      const why = el("span", { class: "muted", id: `why-${persona.id}`, text: " " + t("chipLocked", persona.locked_by) });
      button.setAttribute("aria-describedby", why.id);
      item.append(why);
    } else {
      button.addEventListener("click", () => addAccount({ persona: persona.id }));
    }
    list.append(item);
  }
}

async function addAccount(choice) {
  const reply = await chrome.runtime.sendMessage({ kind: "add_account", tab_id: await activeTabId(), ...choice });
  document.getElementById("offer-result").textContent = reply && reply.ok
    ? t("popupAdded", reply.persona_label) : (reply && reply.message) || t("chipAddFailed");
  refresh();
}

document.getElementById("offer-new").addEventListener("submit", (event) => {
  event.preventDefault();
  const label = document.getElementById("offer-label").value.trim();
  if (label) addAccount({ label });
});

/** One line per bundle URL: the profile and version in force, when it was last checked,
 *  and the last error (the last good bundle stays in force whatever went wrong). */
function renderSync(sync) {
  const section = document.getElementById("sync");
  const list = document.getElementById("sync-list");
  const sources = (sync && sync.sources) || [];
  const problems = (sync && sync.problems) || [];
  section.hidden = !sources.length && !problems.length;
  list.replaceChildren();
  for (const source of sources) {
    const parts = [source.profile_id ? t("popupSyncInForce", source.profile_id, String(source.version))
      : t("popupSyncNone")];
    if (source.last_fetch) parts.push(t("popupSyncChecked", new Date(source.last_fetch).toLocaleString()));
    const item = el("li", { title: source.url, text: parts.join(" · ") });
    if (source.error) item.append(el("span", { class: "bad", text: " " + t("popupSyncError", source.error) }));
    list.append(item);
  }
  for (const problem of problems) list.append(el("li", { class: "bad", text: String(problem) }));
}

async function refresh() {
  const view = await chrome.runtime.sendMessage({ kind: "popup_state", tab_id: await activeTabId() });
  if (view && view.host) render(view);
}

document.getElementById("modes").addEventListener("change", async (event) => {
  if (event.target.name !== "mode") return;
  await chrome.runtime.sendMessage({ kind: "set_mode", mode: event.target.value,
    for_hour: document.getElementById("for-hour").checked });
  refresh();
});

/** The shortcut the browser actually has bound to cycling the modes (people can change
 *  or clear it in the browser's extension shortcuts). */
async function renderShortcut() {
  const commands = chrome.commands && chrome.commands.getAll ? await chrome.commands.getAll() : [];
  const cycle = commands.find((c) => c.name === "cycle-mode");
  document.getElementById("shortcut").textContent = cycle && cycle.shortcut
    ? t("popupShortcut", cycle.shortcut) : t("popupNoShortcut");
}

renderShortcut();

// ----- "Guard this site": a Mastodon instance (or another site that runs anywhere) that no
// built-in address covers. The permission is asked for here, in the person's click; the
// background registers the content scripts and keeps the list.

const SITE_NAMES = { mastodon: "Mastodon" };

async function renderGuard() {
  const tabId = await activeTabId();
  const status = await chrome.runtime.sendMessage({ kind: "site_status", tab_id: tabId });
  if (!status || status.error) return;
  const offer = document.getElementById("guard-offer");
  offer.hidden = !(status.site && !status.guarded);
  if (!offer.hidden) {
    document.getElementById("guard-offer-text").textContent =
      t("popupGuardOffer", SITE_NAMES[status.site] || status.site, new URL(status.origin).host);
    offer.dataset.origin = status.origin;
  }
  const list = document.getElementById("guard-list");
  list.replaceChildren();
  for (const origin of status.sites) {
    const remove = el("button", { type: "button", "data-origin": origin, class: "guard-remove", text: t("popupGuardRemove") });
    list.append(el("li", { "data-origin": origin }, [new URL(origin).host + " ", remove]));
  }
  document.getElementById("guard-site").hidden = offer.hidden && !status.sites.length;
}

document.getElementById("guard-this").addEventListener("click", async () => {
  const origin = document.getElementById("guard-offer").dataset.origin;
  const problem = document.getElementById("guard-problem");
  problem.textContent = "";
  // Must run in the click: browsers only show the permission prompt for a user gesture.
  const granted = await chrome.permissions.request({ origins: [origin + "/*"] }).catch(() => false);
  if (!granted) {
    problem.textContent = t("popupGuardRefused", new URL(origin).host);
    return;
  }
  const done = await chrome.runtime.sendMessage({ kind: "guard_site", origin });
  if (!done || done.error) problem.textContent = t("popupGuardRefused", new URL(origin).host);
  renderGuard();
});

document.getElementById("guard-list").addEventListener("click", async (event) => {
  const origin = event.target.closest(".guard-remove") && event.target.dataset.origin;
  if (!origin) return;
  await chrome.runtime.sendMessage({ kind: "unguard_site", origin });
  // A permission the build itself granted cannot be removed; the scripts are gone anyway.
  await chrome.permissions.remove({ origins: [origin + "/*"] }).catch(() => false);
  renderGuard();
});

refresh();
renderGuard();
