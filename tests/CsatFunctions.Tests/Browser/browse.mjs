// Drives Debian's Chromium with playwright-core for the browser tests, and prints what it saw as JSON.
//   node browse.mjs widget <url>            text each score widget on the page rendered (inside its shadow root)
//   node browse.mjs screenshot <url> <png>  a full-page screenshot, and the bars of the monthly graph
import { chromium } from "playwright-core";

const [mode, url, png] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: "networkidle" });
  if (mode === "widget") {
    await page.waitForFunction(() => [...document.querySelectorAll("[data-csat-score]")].every((el) => el.shadowRoot?.textContent), null, { timeout: 15000 });
    const widgets = await page.$$eval("[data-csat-score]", (els) => els.map((el) => ({
      window: el.getAttribute("data-window"),
      theme: el.getAttribute("data-theme"),
      text: el.shadowRoot.querySelector(".w").innerText,
      dark: !!el.shadowRoot.querySelector(".dark"),
      link: el.shadowRoot.querySelector("a")?.href ?? null,
      lightText: getComputedStyle(el.shadowRoot.querySelector(".w")).color,
    })));
    console.log(JSON.stringify({ widgets, cookies: await page.context().cookies(), errors }));
  } else if (mode === "screenshot") {
    await page.screenshot({ path: png, fullPage: true });
    const bars = await page.$$eval("svg.graph rect.bar", (rects) => rects.map((r) => ({ month: r.getAttribute("data-month"), height: Number(r.getAttribute("height")) })));
    console.log(JSON.stringify({ title: await page.title(), bars, errors }));
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
} finally {
  await browser.close();
}
