// Chromium's service worker entry: the same classic scripts Firefox lists as background.scripts.
importScripts("/common/ui.js", "/background/host.js", "/background/sites.js", "/background/main.js");
