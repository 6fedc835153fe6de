// Lighthouse on several pages in one Chromium (bench/lighthouse.py).
//
//   node bench/lighthouse_runs.mjs TOOLS CHROMIUM URL=REPORT.json ...
//
// TOOLS is the folder Lighthouse was installed in from npm (pinned, by
// bench/lighthouse.py). One Node process and one Chromium for every page,
// instead of a `lighthouse` command (Node, then Chromium, started again) per
// page: on this project's 2-core CI machine those starts were a third of the
// gate's time. Each run is Lighthouse's own default: the mobile preset,
// simulated slow 4G, and a first visit (Lighthouse empties the browser's
// cache and the site's storage before each page, in one Chromium or not).
// Prints one line per page as its report is written; exits 1 if a run fails
// (a run that lost its trace is tried again, twice).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [tools, chromePath, ...jobs] = process.argv.slice(2);
const modules = join(tools, "node_modules");
const { default: lighthouse } = await import(
  pathToFileURL(join(modules, "lighthouse", "core", "index.js"))
);
const chromeLauncher = await import(
  pathToFileURL(join(modules, "chrome-launcher", "dist", "index.js"))
);

const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
});
let status = 0;
try {
  for (const job of jobs) {
    const cut = job.lastIndexOf("=");
    const [url, report] = [job.slice(0, cut), job.slice(cut + 1)];
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await lighthouse(url, {
          port: chrome.port,
          output: "json",
          logLevel: "error",
          onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
        });
        if (result.lhr.runtimeError) {
          throw new Error(result.lhr.runtimeError.code);
        }
        writeFileSync(report, result.report);
        console.log(`    done: ${url}`);
        break;
      } catch (error) {
        // Lighthouse now and then loses the trace of a page load
        // (NO_NAVSTART on a busy machine): that run says nothing of the page.
        console.log(`    Lighthouse failed on ${url} (attempt ${attempt}): ${error}`);
        if (attempt === 3) {
          status = 1;
          break;
        }
      }
    }
  }
} finally {
  await chrome.kill();
}
process.exit(status);
