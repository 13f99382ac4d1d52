// The popup: the mode (auto, each persona, optionally for one hour), who is active in this
// tab, the signed org profiles in force, and whether the host answers. Everything comes
// from the background.
"use strict";

const { t, el } = globalThis.PersonaGuardUI;

for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);

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

  const tab = document.getElementById("tab-identity");
  tab.replaceChildren();
  if (!view.tab) tab.textContent = t("popupNoSite");
  else if (!view.tab.identity || !view.tab.identity.handle) tab.textContent = t("popupUndetected");
  else {
    const persona = view.personas[view.tab.persona];
    tab.append(`@${view.tab.identity.handle} `);
    if (persona) tab.append(el("span", { class: "persona", style: { "--c": persona.color }, text: persona.label }));
  }

  const list = document.getElementById("mode-list");
  list.replaceChildren();
  const options = [{ id: "auto", label: t("popupAuto"), color: null }, ...Object.values(view.personas)];
  for (const option of options) {
    const input = el("input", { type: "radio", name: "mode", value: option.id });
    input.checked = (view.mode || "auto") === option.id;
    input.disabled = !view.host.connected;
    list.append(el("label", {}, [input, option.color ? el("span", { class: "swatch", style: { "--c": option.color } }) : "",
      option.label]));
  }
  const expected = view.personas[view.effective_persona];
  document.getElementById("expected").textContent = expected ? t("popupExpected", expected.label) : "";
  renderSync(view.sync);
}

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
