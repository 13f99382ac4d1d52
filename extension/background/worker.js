// Chromium's service worker entry: the same classic scripts Firefox lists as background.scripts.
importScripts("/common/ui.js", "/common/contrast.js", "/common/install.js", "/background/host.js",
  "/background/sites.js", "/background/frames.js", "/background/main.js");
