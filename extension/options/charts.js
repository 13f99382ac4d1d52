// Hand-written SVG bar charts for the near-miss dashboard. Colours come from CSS custom
// properties (options.css), so the charts follow light and dark mode; each chart carries
// its numbers as text and as a table beside it, for screen readers and for copying.
"use strict";

(() => {
  const { el, uid } = globalThis.PersonaGuardOptions;
  const SVG = "http://www.w3.org/2000/svg";

  function svg(tag, attrs = {}, children = []) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
    if (attrs.text !== undefined) node.textContent = attrs.text;
    node.append(...children);
    return node;
  }

  function table(caption, headers, rows) {
    return el("table", { class: "numbers" }, [
      el("caption", { text: caption }),
      el("thead", {}, [el("tr", {}, headers.map((h) => el("th", { scope: "col", text: h })))]),
      el("tbody", {}, rows.map((r) => el("tr", { dataset: { key: r.key } }, [
        el("th", { scope: "row", text: r.label }), el("td", { text: String(r.value) })]))),
    ]);
  }

  function frame(name, headers, rows, drawing, description) {
    const titleId = uid("chart-title");
    const descId = uid("chart-desc");
    drawing.setAttribute("role", "img");
    drawing.setAttribute("aria-labelledby", `${titleId} ${descId}`);
    drawing.prepend(svg("title", { id: titleId, text: name }), svg("desc", { id: descId, text: description }));
    return el("figure", { class: "chart", dataset: { chart: name } }, [
      el("figcaption", { text: name }), drawing,
      el("details", {}, [el("summary", { text: headers[2] }), table(name, headers.slice(0, 2), rows)]),
    ]);
  }

  /** Horizontal bars: rows [{key, label, value, tone?}], labels left, values right. */
  function bars(name, headers, rows) {
    const rowHeight = 26;
    // labels sit left of the bars: room for the longest (about 7.5 px a character at 13 px)
    const labelWidth = Math.min(280, Math.max(80, 12 + 7.5 * Math.max(0, ...rows.map((r) => r.label.length))));
    const width = labelWidth + 300;
    const max = Math.max(1, ...rows.map((r) => r.value));
    const height = Math.max(1, rows.length) * rowHeight + 8;
    const drawing = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "bars" });
    rows.forEach((r, i) => {
      const y = 4 + i * rowHeight;
      const length = Math.round(((width - labelWidth - 50) * r.value) / max);
      drawing.append(
        svg("text", { x: labelWidth - 8, y: y + 17, "text-anchor": "end", class: "label", text: r.label }),
        svg("rect", { x: labelWidth, y: y + 4, width: Math.max(length, r.value ? 2 : 0), height: rowHeight - 8,
          rx: 3, class: `bar ${r.tone || ""}`.trim() }),
        svg("text", { x: labelWidth + length + 6, y: y + 17, class: "value", text: String(r.value) }));
    });
    const description = rows.map((r) => `${r.label}: ${r.value}`).join(", ");
    return frame(name, headers, rows, drawing, description);
  }

  /** Columns over time: rows [{key, label, value}], oldest first. */
  function columns(name, headers, rows) {
    const width = 640;
    const height = 200;
    const bottom = 36;
    const max = Math.max(1, ...rows.map((r) => r.value));
    const step = (width - 40) / Math.max(1, rows.length);
    const drawing = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "columns" });
    drawing.append(svg("line", { x1: 30, x2: width - 10, y1: height - bottom, y2: height - bottom, class: "axis" }));
    rows.forEach((r, i) => {
      const x = 34 + i * step;
      const tall = Math.round(((height - bottom - 24) * r.value) / max);
      drawing.append(svg("rect", { x, y: height - bottom - tall, width: Math.max(4, step - 6), height: tall,
        rx: 2, class: "bar" }));
      if (r.value) {
        drawing.append(svg("text", { x: x + (step - 6) / 2, y: height - bottom - tall - 5, "text-anchor": "middle",
          class: "value", text: String(r.value) }));
      }
      if (i % Math.ceil(rows.length / 8) === 0) {
        drawing.append(svg("text", { x: x + (step - 6) / 2, y: height - bottom + 16, "text-anchor": "middle",
          class: "label", text: r.short || r.label }));
      }
    });
    const description = rows.map((r) => `${r.label}: ${r.value}`).join(", ");
    return frame(name, headers, rows, drawing, description);
  }

  globalThis.PersonaGuardOptions.charts = { bars, columns };
})();
