// Runs axe-core over HTML pages in headless Chromium and prints what it finds as JSON.
//
//   node tests/a11y/axe.mjs page.html [more.html ...]
//
// Each page is opened (as a file:// URL) at two viewport widths, a phone's (390 px)
// and a desktop's (1280 px), axe-core's axe.min.js is injected, and axe runs the
// WCAG 2.0 and 2.1 level A and AA rules (tags wcag2a, wcag2aa, wcag21a, wcag21aa;
// colour contrast among them), without the best-practice rules. The output is one
// JSON object on stdout:
//
//   {"axe": "4.14.1", "browser": "...", "pages": {"<path>": {"390": {"violations": [...],
//    "needs_review": {"<rule id>": count}}, "1280": {...}}}}
//
// where a violation is {id, impact, help, nodes: [{target, html, summary}]} and
// needs_review counts the elements axe could not decide on (its "incomplete" results:
// text in an SVG chart has no background colour axe can read, for one). The script
// exits 0 whenever it could check the pages: the Python side (tests/a11y_check.py)
// judges the result. Chromium is the system's (CHROMIUM, else /usr/bin/chromium);
// puppeteer-core never downloads a browser.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const WIDTHS = [390, 1280];
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const axeVersion = require("axe-core/package.json").version;

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error("usage: node axe.mjs PAGE.html [PAGE.html ...]");
  process.exit(2);
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu"],
});
const browserVersion = await browser.version();
const pages = {};
try {
  const page = await browser.newPage();
  for (const path of paths) {
    pages[path] = {};
    for (const width of WIDTHS) {
      await page.setViewport({ width, height: 900 });
      await page.goto(pathToFileURL(resolve(path)).href, { waitUntil: "load" });
      await page.evaluate(axeSource);
      const result = await page.evaluate(
        (tags) =>
          window.axe.run(document, {
            runOnly: { type: "tag", values: tags },
            resultTypes: ["violations", "incomplete"],
          }),
        TAGS,
      );
      pages[path][width] = {
        violations: result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
        })),
        // What axe could not decide (e.g. the contrast of text in an SVG chart): counted, not judged.
        needs_review: Object.fromEntries(result.incomplete.map((v) => [v.id, v.nodes.length])),
      };
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify({ axe: axeVersion, browser: browserVersion, pages }, null, 1) + "\n");
