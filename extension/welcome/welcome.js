// The first-run page: is the host there (connected, its version, where the store is)? If
// not, the exact commands for this browser on this system. Then the first two personas,
// each from an account already seen in a tab or typed in; the host writes them to the
// person's own profile (add_account), as the chip does.
"use strict";

const { t, el } = globalThis.PersonaGuardUI;
const SITES = ["x", "mastodon", "bluesky", "linkedin", "facebook", "instagram", "threads", "reddit", "youtube"];
const SUGGESTED = ["welcomeSuggestWork", "welcomeSuggestPersonal"];

document.documentElement.lang = chrome.i18n.getUILanguage();
for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
document.title = t("welcomeTitle");

async function renderHost(view) {
  const status = document.getElementById("host-status");
  const install = document.getElementById("install");
  if (view.host.connected) {
    status.className = "ok";
    status.textContent = t("welcomeHostOk", view.host.host_version || "?", view.data_dir || "?");
    install.hidden = true;
    return;
  }
  status.className = "bad";
  status.textContent = t("welcomeHostMissing");
  const info = await chrome.runtime.getPlatformInfo();
  const commands = PersonaGuardInstall.commands(info.os, PersonaGuardInstall.browserId());
  document.getElementById("install-package").textContent = commands.package;
  document.getElementById("install-fallback").textContent = t("welcomeInstallFallback", commands.fallback);
  document.getElementById("install-register").textContent = commands.register;
  document.getElementById("install-docs").href = commands.docs;
  install.hidden = false;
}

function personaStep(index, view) {
  const id = `step-${index}`;
  const label = el("input", { type: "text", id: `${id}-label`, maxlength: "40", value: t(SUGGESTED[index]) });
  const account = el("select", { id: `${id}-account` });
  for (const seen of view.seen) {
    account.append(el("option", { value: JSON.stringify(seen), text: `@${seen.handle} (${t("site_" + seen.site)})` }));
  }
  account.append(el("option", { value: "typed", text: t("welcomeTypeAccount") }));
  const site = el("select", { id: `${id}-site` }, SITES.map((s) => el("option", { value: s, text: t("site_" + s) })));
  const handle = el("input", { type: "text", id: `${id}-handle`, maxlength: "200" });
  const typed = el("div", { class: "typed" }, [
    el("label", { for: site.id, text: t("welcomeSite") }), site,
    el("label", { for: handle.id, text: t("welcomeHandle") }), handle,
  ]);
  const sync = () => { typed.hidden = account.value !== "typed"; };
  account.addEventListener("change", sync);
  sync();
  const result = el("p", { role: "status", id: `${id}-result` });
  const add = el("button", { type: "submit", text: t("welcomeAdd") });
  const form = el("form", { id }, [el("fieldset", {}, [
    el("legend", { text: t(index ? "welcomeSecond" : "welcomeFirst") }),
    el("label", { for: label.id, text: t("welcomeLabel") }), label,
    el("label", { for: account.id, text: t("welcomeAccount") }), account,
    typed, add, result,
  ])]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const picked = account.value === "typed" ? { site: site.value, handle: handle.value.trim() }
      : JSON.parse(account.value);
    if (!picked.handle || !label.value.trim()) {
      result.className = "bad";
      result.textContent = t("welcomeMissing");
      return;
    }
    const reply = await chrome.runtime.sendMessage({ kind: "welcome_add", ...picked, label: label.value.trim() });
    result.className = reply && reply.ok ? "ok" : "bad";
    result.textContent = reply && reply.ok ? t("chipAdded", "@" + picked.handle.replace(/^@/, ""), reply.persona_label)
      : (reply && reply.message) || t("chipAddFailed");
    if (reply && reply.ok) refresh(false);
  });
  return el("li", {}, [form]);
}

async function refresh(rebuild = true) {
  const view = await chrome.runtime.sendMessage({ kind: "welcome_state" });
  if (!view || !view.host) return;
  await renderHost(view);
  const count = Object.keys(view.personas || {}).length;
  const summary = document.getElementById("personas-result");
  summary.textContent = count ? t("welcomePersonasCount", String(count),
    Object.values(view.personas).map((p) => p.label).join(", ")) : "";
  const steps = document.getElementById("persona-steps");
  document.getElementById("personas").hidden = !view.host.connected;
  if (rebuild) steps.replaceChildren(personaStep(0, view), personaStep(1, view));
}

document.getElementById("recheck").addEventListener("click", () => refresh());
refresh();
