// Readable text on a persona's colour: WCAG 2 relative luminance and contrast ratio, and
// the text colour (near-black or white) that keeps at least AA (4.5:1) on a background.
// When neither reaches it (mid-tone backgrounds), the background itself is darkened or
// lightened just enough. One file for every page that shows a persona colour: content
// frames, popup, options, the badge; also loaded by node for its unit tests.
"use strict";

(() => {
  const AA = 4.5;
  const DARK = "#1b1b1f";
  const LIGHT = "#ffffff";
  const FALLBACK = "#5f6368";

  /** "#rgb" or "#rrggbb" -> [r, g, b] (0-255), or null for anything else. */
  function parse(color) {
    const text = String(color || "").trim();
    const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(text);
    if (short) return short.slice(1).map((h) => parseInt(h + h, 16));
    const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(text);
    return long ? long.slice(1).map((h) => parseInt(h, 16)) : null;
  }

  const hex = (rgb) => "#" + rgb.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");

  function luminance(rgb) {
    const [r, g, b] = rgb.map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  /** The WCAG contrast ratio of two colours, 1 to 21. */
  function ratio(a, b) {
    const la = luminance(parse(a) || parse(FALLBACK));
    const lb = luminance(parse(b) || parse(FALLBACK));
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  const mix = (rgb, toward, amount) => rgb.map((v, i) => v + (toward[i] - v) * amount);

  /**
   * {background, text} to paint a persona colour with: the colour as given (or the
   * neutral grey when it is not a #hex colour) and the text colour of higher contrast;
   * if that is still under 4.5:1 the background is moved toward the far side until it is.
   */
  function readable(color) {
    const rgb = parse(color) || parse(FALLBACK);
    const onDark = ratio(hex(rgb), DARK);
    const onLight = ratio(hex(rgb), LIGHT);
    const text = onDark >= onLight ? DARK : LIGHT;
    if (Math.max(onDark, onLight) >= AA) return { background: hex(rgb), text };
    const away = text === DARK ? [255, 255, 255] : [0, 0, 0];
    for (let step = 1; step <= 20; step++) {
      const moved = hex(mix(rgb, away, step / 20));
      if (ratio(moved, text) >= AA) return { background: moved, text };
    }
    return { background: text === DARK ? LIGHT : "#000000", text };
  }

  const api = { AA, parse, luminance, ratio, readable, FALLBACK };
  if (typeof module === "object" && module.exports) module.exports = api;
  else (globalThis.PersonaGuardContrast = api);
})();
