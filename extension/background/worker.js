// Chromium's service worker entry: the same classic scripts Firefox lists as background.scripts.
importScripts("/shared/contrast.js", "/shared/install.js", "/background/host.js",
  "/background/sites.js", "/background/frames.js", "/background/main.js");
