// Uses the summary page's filter (site.js) as a visitor would, in headless Chromium, and
// prints what happened as JSON: the rows shown and what the live region said after each step.
//
//   node tests/a11y/filter.mjs oversikt.html STATUS PLAN WORD
//
// Steps: the page as it loads; the status STATUS chosen; also the nämnd PLAN; then the
// nämnd cleared and WORD typed into the search. Exits 0 whenever it could run.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const [page, status, plan, word] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const tab = await browser.newPage();
  await tab.goto(pathToFileURL(resolve(page)).href);
  const state = () =>
    tab.evaluate(() => ({
      formShown: !document.getElementById("filters").hidden,
      rows: Array.from(document.getElementById("summary").tBodies[0].rows).filter((r) => !r.hidden).length,
      said: document.getElementById("filter-status").textContent,
      live: document.getElementById("filter-status").getAttribute("aria-live"),
    }));
  const steps = { loaded: await state() };
  await tab.select("select[name=status]", status);
  steps.status = await state();
  await tab.select("select[name=plan]", plan);
  steps.plan = await state();
  await tab.select("select[name=plan]", "");
  await tab.type("input[name=q]", word);
  steps.search = await state();
  const total = await tab.evaluate(() => document.getElementById("summary").tBodies[0].rows.length);
  console.log(JSON.stringify({ total, steps }));
} finally {
  await browser.close();
}
