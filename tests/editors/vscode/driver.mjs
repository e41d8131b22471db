// Drives code-server in headless Chromium for tests/editors/test_vscode.py.
// One JSON request per stdin line ({"id", "op", ...args}); one JSON reply per stdout line
// ({"id", "ok", "value"} or {"id", "ok": false, "error"}). One browser page for the whole run.
// Env: BA_PLAYWRIGHT_DIR (the node_modules holding playwright-core), BA_CHROMIUM, BA_PROFILE,
// BA_ARTIFACTS (where a failed step's screenshot goes).
import { createRequire } from "node:module";
import * as path from "node:path";
import * as readline from "node:readline";

const require = createRequire(path.join(process.env.BA_PLAYWRIGHT_DIR, "noop.js"));
const { chromium } = require("playwright-core");

const context = await chromium.launchPersistentContext(process.env.BA_PROFILE, {
  executablePath: process.env.BA_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1600, height: 1000 },
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const page = context.pages()[0] ?? (await context.newPage());
const consoleErrors = [];
page.on("console", (msg) => msg.type() === "error" && consoleErrors.push(msg.text()));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** innerText of every element matching selector (visible or not). */
async function texts(selector) {
  return page.$$eval(selector, (els) => els.map((e) => e.innerText));
}

/** Poll until an element matching selector has text containing every string of `contains`
 * (whitespace-insensitive); returns that element's innerText. */
async function waitText(selector, contains, timeout) {
  const want = Array.isArray(contains) ? contains : [contains ?? ""];
  const deadline = Date.now() + (timeout ?? 30000);
  let last = [];
  while (Date.now() < deadline) {
    last = await texts(selector).catch(() => []);
    // compare with whitespace collapsed: editors wrap long lines (Markdown does by default)
    const flat = (t) => t.replace(/\s+/g, " ");
    const hit = last.find((t) => want.every((w) => flat(t).includes(flat(w))));
    if (hit !== undefined) {
      return hit;
    }
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${selector} to contain ${JSON.stringify(want)}; saw ${JSON.stringify(last).slice(0, 2000)}`);
}

/** The locator of `word` on the first editor line containing `line` (scrolled into view first). */
function wordOnLine(line, word) {
  return page
    .locator(".editor-instance .view-lines .view-line")
    .filter({ hasText: line })
    .first()
    .locator("span > span", { hasText: word })
    .first();
}

/** Fill the open quick input (quick open, command palette, input box). */
async function quickInput(value) {
  const input = page.locator(".quick-input-widget .quick-input-box input");
  await input.waitFor({ state: "visible", timeout: 20000 });
  await input.fill(value);
}

const ops = {
  async goto({ url }) {
    await page.goto(url, { waitUntil: "domcontentloaded" });
    await page.waitForSelector(".monaco-workbench", { timeout: 60000 });
    return true;
  },
  async press({ keys }) {
    for (const key of Array.isArray(keys) ? keys : [keys]) {
      await page.keyboard.press(key);
      await sleep(100);
    }
    return true;
  },
  async type({ text }) {
    await page.keyboard.type(text, { delay: 10 });
    return true;
  },
  async fill({ value }) {
    await quickInput(value);
    return true;
  },
  async texts({ selector }) {
    return texts(selector);
  },
  async waitText({ selector, contains, timeout }) {
    return waitText(selector, contains, timeout);
  },
  async waitGone({ selector, timeout }) {
    await page.waitForSelector(selector, { state: "detached", timeout: timeout ?? 30000 });
    return true;
  },
  /** Quick open: Ctrl+P and `rel` (a workspace-relative path; `line` moves the cursor there).
   * Picks the row of exactly that file, once the result list has settled (results arrive in
   * batches and rows are reused), and checks the tab that opens; tries again until it is right. */
  async openFile({ rel, line }) {
    const name = path.basename(rel);
    const dir = path.dirname(rel) === "." ? "" : path.dirname(rel);
    const query = line === undefined || line === null ? name : `${name}:${line}`;
    const rows = page.locator(".quick-input-list .monaco-list-row");
    const row = rows
      .filter({ has: page.locator(".label-name", { hasText: new RegExp(`^${name.replaceAll(".", "\\.")}$`) }) })
      .filter({ has: page.locator(".label-description", { hasText: dir }) })
      .first();
    const tab = page.locator(`.tabs-container .tab.active[data-resource-name=${JSON.stringify(name)}]`);
    const deadline = Date.now() + 60000;
    for (;;) {
      try {
        await page.keyboard.press("Control+P");
        await quickInput(query);
        await row.waitFor({ timeout: 5000 });
        let before = "";
        for (let i = 0; i < 20; i++) {
          const now = (await texts(".quick-input-list")).join("\n");
          if (now === before) {
            break;
          }
          before = now;
          await sleep(300);
        }
        await row.click({ timeout: 5000 });
        await tab.waitFor({ timeout: 5000 });
        break;
      } catch (err) {
        await page.keyboard.press("Escape");
        if (Date.now() > deadline) {
          throw err;
        }
      }
    }
    await page.waitForSelector(".editor-instance .view-lines .view-line", { timeout: 20000 });
    return true;
  },
  /** Run a command by its palette title. Right after start-up the palette may not list the
   * extensions' commands yet: it is opened again until it does. */
  async command({ title }) {
    const deadline = Date.now() + 60000;
    for (;;) {
      await page.keyboard.press("Control+Shift+P");
      await quickInput(`>${title}`);
      try {
        await waitText(".quick-input-list .monaco-list-row", title, 10000);
        break;
      } catch (err) {
        await page.keyboard.press("Escape");
        if (Date.now() > deadline) {
          throw err;
        }
      }
    }
    await page.keyboard.press("Enter");
    return true;
  },
  async hover({ line, word }) {
    const target = wordOnLine(line, word);
    await target.waitFor({ timeout: 20000 });
    await page.mouse.move(5, 5);
    await target.hover();
    return true;
  },
  async click({ line, word }) {
    const target = wordOnLine(line, word);
    await target.waitFor({ timeout: 20000 });
    await target.click();
    return true;
  },
  async waitSelector({ selector, timeout }) {
    await page.waitForSelector(selector, { timeout: timeout ?? 30000 });
    return true;
  },
  /** Type into the first input matching selector (e.g. the Problems panel's filter). */
  /** Show the Problems view and filter it to `value` ("" clears the filter), then wait until
   * the view says it applied: its "Showing N of M" badge. The filter box is found among the
   * visible ones once the Problems view is: other panel views (Output) have filter boxes too,
   * and a fill that lands in one of them, or before the view listens, leaves Problems unfiltered
   * (a CI run saw every file listed under a filter typed a moment too early). */
  async filterProblems({ value, timeout }) {
    const deadline = Date.now() + (timeout ?? 60000);
    const badge = page.locator(".viewpane-filter-badge:not(.hidden)", { hasText: "Showing" });
    for (;;) {
      if (!(await page.locator(".markers-panel").isVisible())) {
        await page.keyboard.press("Control+Shift+M");
      }
      await page.locator(".markers-panel").waitFor({ state: "visible", timeout: 20000 });
      const input = page
        .locator(".viewpane-filter input, [placeholder^='Filter (e.g.']")
        .filter({ visible: true })
        .first();
      await input.fill(value);
      const applied = value === "" ? badge.waitFor({ state: "hidden", timeout: 5000 }) : badge.first().waitFor({ timeout: 5000 });
      try {
        await applied;
        return true;
      } catch (err) {
        if (Date.now() > deadline) {
          throw new Error(`the Problems filter ${JSON.stringify(value)} did not apply: ${err}`);
        }
      }
    }
  },
  async fillSelector({ selector, value }) {
    const target = page.locator(selector).first();
    await target.waitFor({ timeout: 20000 });
    await target.fill(value);
    await sleep(500);
    return true;
  },
  /** Click the first element matching selector whose text contains `text`. */
  async clickText({ selector, text }) {
    const target = page.locator(selector, { hasText: text }).first();
    await target.waitFor({ timeout: 20000 });
    await target.click();
    return true;
  },
  async screenshot({ file }) {
    await page.screenshot({ path: file });
    return file;
  },
  async consoleErrors() {
    return consoleErrors;
  },
  async close() {
    await context.close();
    setTimeout(() => process.exit(0), 10);
    return true;
  },
};

const rl = readline.createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line.trim()) {
    continue;
  }
  const request = JSON.parse(line);
  try {
    const value = await ops[request.op](request);
    process.stdout.write(JSON.stringify({ id: request.id, ok: true, value }) + "\n");
  } catch (err) {
    // a failed step leaves a picture of the page behind it
    if (process.env.BA_ARTIFACTS) {
      const file = path.join(process.env.BA_ARTIFACTS, `failed-${request.id}-${request.op}.png`);
      await page.screenshot({ path: file }).catch(() => undefined);
    }
    process.stdout.write(JSON.stringify({ id: request.id, ok: false, error: String(err?.stack ?? err) }) + "\n");
  }
}
await context.close().catch(() => undefined);
