// Drives Debian's firefox-esr through puppeteer-core (WebDriver BiDi): installs the
// Firefox build of the extension, serves one site page at its real address, types a
// draft, presses the site's Post button and reports what the person sees.
// Usage: node driver.mjs CONFIG.json  ->  prints one JSON line.
import { readFileSync } from "node:fs";
import puppeteer from "puppeteer-core";

const config = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const submitted = (page) => page.evaluate(() => Number(document.body.dataset.submitted || 0));

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
    } else if (!/^https?:/.test(request.url())) {
      request.continue(); // the extension's own pages (the chip's and the warning's frames)
    } else {
      request.abort(); // no network: nothing else is needed
    }
  });
  await page.goto(config.url);
  await page.click(config.composer);
  await page.keyboard.type(config.draft);
  // The chip shows once the content script has read the composer and the identity.
  result.chip = !!(await page.waitForSelector("persona-guard-chip", { timeout: 15000 }));
  await sleep(500); // the verdict for the draft is asked for while the person types
  await page.click(config.submit);
  // The warning is drawn in an extension frame that neither the page nor this driver can
  // read (WebDriver BiDi shows it as about:blank): the page sees only its empty element.
  // What it said is checked in the audit log once the person has answered.
  const timeout = config.expect_warning ? 15000 : 1500;
  const warning = await page.waitForSelector("persona-guard-warning", { timeout }).catch(() => null);
  result.warning = !!warning;
  if (warning) await sleep(1000); // drawn, focused and armed, as a person would wait
  result.page_reads = warning ? await page.evaluate(() => window.find("Expected persona")
    || document.documentElement.innerText.includes("Which account")) : null;
  result.submitted = await submitted(page);
  if (warning) {
    if (config.screenshot) await page.screenshot({ path: config.screenshot });
    await page.keyboard.press("Escape");
    await sleep(300);
    result.after_escape = {
      // Shown: an element the page still displays (a closed one is hidden at once and
      // removed once the key is released).
      dialog: await page.evaluate(() => [...document.querySelectorAll("persona-guard-warning")]
        .some((element) => getComputedStyle(element).display !== "none")),
      submitted: await submitted(page),
    };
  }
} catch (error) {
  result.error = String(error && error.message ? error.message : error);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
