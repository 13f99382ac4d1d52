// The near-miss dashboard: the host's audit log (read page by page through the
// background) counted per week, per site, per reason and per outcome, drawn as charts;
// exported as CSV or JSON; cleared on the person's confirmation. A near miss is a record
// whose verdict warned or blocked: the host decided that, the page only counts.
"use strict";

(() => {
  const { t, el, ask, download, charts } = globalThis.PersonaGuardOptions;
  const PAGE = 1000;
  const MAX_PAGES = 100; // 100,000 records: more than the log keeps by default
  const OUTCOMES = ["cancelled", "switched", "proceeded"];
  const DAY_MS = 86_400_000;

  /** Local midnight of the Monday on or before `date`. */
  function weekStart(date) {
    const d = new Date(date.getFullYear(), date.getMonth(), date.getDate());
    d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
    return d;
  }

  const weekKey = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

  function count(values) {
    const out = new Map();
    for (const v of values) out.set(v, (out.get(v) || 0) + 1);
    return [...out.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
  }

  /** The numbers the charts show, from the records of the period. */
  function summarise(items, weeks, now) {
    const near = items.filter((i) => i.decision && i.decision !== "allow");
    const first = weekStart(new Date(now.getTime() - (weeks - 1) * 7 * DAY_MS));
    const perWeek = new Map();
    for (let d = new Date(first); d <= now; d = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 7)) {
      perWeek.set(weekKey(d), { start: new Date(d), value: 0 });
    }
    for (const item of near) {
      const slot = perWeek.get(weekKey(weekStart(new Date(item.time))));
      if (slot) slot.value += 1;
    }
    return {
      total: near.length,
      weeks: [...perWeek.entries()].map(([key, w]) => ({ key, start: w.start, value: w.value })),
      sites: count(near.map((i) => i.site || "?")),
      reasons: count(near.flatMap((i) => i.reasons || [])),
      outcomes: OUTCOMES.map((o) => [o, near.filter((i) => i.outcome === o).length]),
    };
  }

  const CSV_COLUMNS = ["time", "browser", "site", "action", "account", "active_persona",
    "expected_persona", "decision", "reasons", "outcome", "outcome_at"];

  function csvCell(value) {
    const text = value === null || value === undefined ? "" : String(value);
    return /[",\n\r]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }

  function toCsv(items) {
    const rows = items.map((i) => [i.time, i.browser, i.site, i.action, i.identity && i.identity.handle,
      i.active_persona, i.expected_persona, i.decision, (i.reasons || []).join(" "), i.outcome, i.outcome_at]);
    return [CSV_COLUMNS, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
  }

  class Dashboard {
    constructor(root, { now, siteName, personaLabel }) {
      this.root = root;
      this.now = now;
      this.siteName = siteName;
      this.personaLabel = personaLabel;
      this.items = [];
      this.period = root.querySelector("#period");
      for (const option of this.period.options) option.textContent = t("dashboardWeeks", option.value);
      this.period.addEventListener("change", () => this.load());
      root.querySelector("#export-csv").addEventListener("click", () =>
        download(this.fileName("csv"), "text/csv", toCsv(this.items)));
      root.querySelector("#export-json").addEventListener("click", () =>
        download(this.fileName("json"), "application/json", JSON.stringify(this.items, null, 2) + "\n"));
      const dialog = root.querySelector("#clear-dialog");
      root.querySelector("#clear-log").addEventListener("click", () => {
        root.querySelector("#clear-text").textContent = t("dashboardClearText");
        dialog.showModal();
      });
      root.querySelector("#clear-cancel").addEventListener("click", () => dialog.close());
      root.querySelector("#clear-confirm").addEventListener("click", async () => {
        const reply = await ask("clear_audit");
        dialog.close();
        this.status(reply && reply.ok ? t("dashboardCleared") : t("dashboardClearFailed", (reply && reply.message) || ""));
        if (reply && reply.ok) await this.load(false);
      });
    }

    fileName(ext) {
      return `persona-guard-near-misses-${weekKey(this.now())}.${ext}`;
    }

    status(text) {
      this.root.querySelector("#dashboard-summary").textContent = text;
    }

    async load(announce = true) {
      const weeks = Number(this.period.value);
      const now = this.now();
      const since = weekStart(new Date(now.getTime() - (weeks - 1) * 7 * DAY_MS));
      const items = [];
      let cursor = null;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const reply = await ask("audit_page", { since: since.toISOString(), cursor, limit: PAGE });
        if (!reply || reply.error) {
          this.status(t("dashboardUnavailable", (reply && reply.message) || ""));
          return;
        }
        items.push(...reply.items);
        cursor = reply.next_cursor;
        if (!cursor) break;
      }
      this.items = items.filter((i) => new Date(i.time) <= now);
      this.render(summarise(this.items, weeks, now), weeks, announce);
    }

    render(numbers, weeks, announce) {
      const outcome = Object.fromEntries(numbers.outcomes);
      if (announce || numbers.total) {
        this.status(numbers.total ? t("dashboardSummary", numbers.total, weeks, outcome.cancelled,
          outcome.switched, outcome.proceeded) : t("dashboardEmpty", weeks));
      }
      const dates = new Intl.DateTimeFormat(chrome.i18n.getUILanguage(), { month: "short", day: "numeric" });
      const box = this.root.querySelector("#charts");
      box.replaceChildren(
        charts.columns(t("dashboardPerWeek"), [t("dashboardWeek"), t("dashboardWarnings"), t("dashboardShowTable")],
          numbers.weeks.map((w) => ({ key: w.key, label: t("dashboardWeekOf", dates.format(w.start)),
            short: dates.format(w.start), value: w.value }))),
        charts.bars(t("dashboardPerOutcome"), [t("dashboardOutcome"), t("dashboardWarnings"), t("dashboardShowTable")],
          numbers.outcomes.map(([o, value]) => ({ key: o, label: t(`outcome_${o}`), value, tone: o }))),
        charts.bars(t("dashboardPerSite"), [t("dashboardSite"), t("dashboardWarnings"), t("dashboardShowTable")],
          numbers.sites.map(([site, value]) => ({ key: site, label: this.siteName(site), value }))),
        charts.bars(t("dashboardPerReason"), [t("dashboardReason"), t("dashboardWarnings"), t("dashboardShowTable")],
          numbers.reasons.map(([code, value]) => ({ key: code, label: t(`reason_${code}`), value }))),
      );
      for (const button of ["#export-csv", "#export-json"]) this.root.querySelector(button).disabled = !this.items.length;
    }
  }

  globalThis.PersonaGuardOptions.Dashboard = Dashboard;
  globalThis.PersonaGuardOptions.summarise = summarise;
  globalThis.PersonaGuardOptions.toCsv = toCsv;
})();
