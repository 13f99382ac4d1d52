// Drives Debian's firefox-esr through puppeteer-core (WebDriver BiDi) for test_firefox.py:
// installs the Firefox build of the extension, serves one fixture page at its real URL,
// types a draft, presses the site's submit button and reports what a person would see.
// Usage: node firefox_driver.mjs '{"extension", "fixture", "url", "composer", "submit", "text"}'
import fs from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(process.cwd() + "/package.json");
const puppeteer = require("puppeteer-core");
const args = JSON.parse(process.argv[2]);
const html = fs.readFileSync(args.fixture, "utf8");
const origin = new URL(args.url).origin;
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const browser = await puppeteer.launch({
  browser: "firefox", executablePath: args.firefox || "/usr/bin/firefox-esr", headless: true,
  env: process.env,
});
const report = {};
try {
  report.extension = await browser.installExtension(args.extension);
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on("request", (request) => (request.url().startsWith(origin + "/")
    ? request.respond({ status: 200, contentType: "text/html; charset=utf-8", body: html })
    : request.abort()));
  await page.goto(args.url);
  await page.click(args.composer);
  await page.keyboard.type(args.text);
  const chip = await page.waitForSelector("persona-guard-chip", { timeout: 10000 }).catch(() => null);
  report.chip = !!chip;
  await pause(1500); // the verdict asked for while typing
  await page.click(args.submit);
  const warning = await page.waitForSelector("persona-guard-warning", { timeout: 5000 }).catch(() => null);
  report.dialog = warning ? await warning.evaluate((el) => el.dataset.kind) : null;
  report.submitted = await page.evaluate(() => Number(document.body.dataset.submitted || 0));
  if (warning) {
    await page.keyboard.press("Escape");
    await pause(300);
    report.after_escape = {
      dialog: await page.evaluate(() => !!document.querySelector("persona-guard-warning")),
      submitted: await page.evaluate(() => Number(document.body.dataset.submitted || 0)),
    };
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report) + "\n");
