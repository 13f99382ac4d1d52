// Drives Debian's firefox-esr through puppeteer-core (WebDriver BiDi): installs the
// Firefox build of the extension, serves one site page at its real address, types a
// draft, presses the site's Post button and reports what the person sees.
// Usage: node smoke.mjs CONFIG.json  ->  prints one JSON line.
import { readFileSync } from "node:fs";
import puppeteer from "puppeteer-core";

const config = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: config.firefox,
  headless: true,
  env: { ...process.env, HOME: config.home },
});
const result = {};
try {
  result.addon = await browser.installExtension(config.extension);
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  const html = readFileSync(config.html, "utf-8");
  page.on("request", (request) => {
    if (request.url().startsWith(new URL(config.url).origin)) {
      request.respond({ status: 200, contentType: "text/html; charset=utf-8", body: html });
    } else {
      request.abort(); // no network: nothing else is needed
    }
  });
  await page.goto(config.url);
  await page.click(config.composer);
  await page.keyboard.type(config.draft);
  // The chip shows once the content script has read the composer and identity.
  await waitFor(() => page.$("persona-guard-chip"), 15000, "the persona chip");
  await sleep(500); // the verdict for the draft is computed while the person types
  await page.click(config.submit);
  const warning = await waitFor(() => page.$('persona-guard-warning[data-armed="true"]'),
                                15000, "the warning");
  result.kind = await warning.evaluate((node) => node.getAttribute("data-kind"));
  result.submitted = await page.evaluate(() => Number(document.body.dataset.submitted || 0));
  if (config.screenshot) await page.screenshot({ path: config.screenshot });
} catch (error) {
  result.error = String(error && error.message ? error.message : error);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
