// The popup: the mode (auto, each persona, optionally for one hour), who is active in this
// tab, the signed org profiles in force, and whether the host answers. Everything comes
// from the background.
"use strict";

const t = (key, ...subs) => chrome.i18n.getMessage(key, subs) || key;

for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);

function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else if (key === "c") {
      // A persona colour, with text that stays readable on it (WCAG AA).
      const paint = globalThis.PersonaGuardContrast.readable(value);
      node.style.setProperty("--c", paint.background);
      node.style.setProperty("--on-c", paint.text);
    }
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
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

  const tab = document.getElementById("tab-identity");
  tab.replaceChildren();
  if (!view.tab) tab.textContent = t("popupNoSite");
  else if (!view.tab.identity || !view.tab.identity.handle) tab.textContent = t("popupUndetected");
  else {
    const persona = view.personas[view.tab.persona];
    tab.append(`@${view.tab.identity.handle} `);
    if (persona) tab.append(el("span", { class: "persona", c: persona.color, text: persona.label }));
  }

  const list = document.getElementById("mode-list");
  list.replaceChildren();
  const options = [{ id: "auto", label: t("popupAuto"), color: null }, ...Object.values(view.personas)];
  for (const option of options) {
    const input = el("input", { type: "radio", name: "mode", value: option.id });
    input.checked = (view.mode || "auto") === option.id;
    input.disabled = !view.host.connected;
    list.append(el("label", {}, [input, option.color ? el("span", { class: "swatch", c: option.color }) : "",
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

refresh();
