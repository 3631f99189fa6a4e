// Drives Debian's Chromium with playwright-core for the browser tests, and prints what it saw as JSON.
//   node browse.mjs widget <url>            text each score widget on the page rendered (inside its shadow root), and its links
//   node browse.mjs screenshot <url> <png>  a full-page screenshot, the page's language, and the bars of the monthly graph
//   node browse.mjs layout <url> <png> <widths>  at each width (comma-separated px): a full-page screenshot
//                                           (<png> with -<width> before .png), what sticks out sideways, the
//                                           order of the page's parts and the graph as it is drawn there
//   node browse.mjs thanks <url> <png> <widths>  submits the rating form at <url> (a rating link, its answer preselected),
//                                           then as layout on the thank-you page, with the review invitation's text
//   node browse.mjs verify <url> [<png>] [<storage>]  runs the log's verify page and reports its verdict, problems,
//                                           windows, receipt, history, timings and bytes (the data attributes), and
//                                           what it kept in local storage; with <png>, full-page screenshots at
//                                           390 and 1200 px (-<width> before .png) and what scrolls sideways at
//                                           390; <storage>, JSON of local storage items the page finds on load
//   node browse.mjs print <url> <pdf> <key> prints the page (read with the admin key as a bearer token) to PDF
//                                           with Chromium's Page.printToPDF, on the paper the page's CSS @page asks for
//   node browse.mjs email <url> <png> <width>  an email's HTML at one width (px): a full-page screenshot, its headings,
//                                           and whatever sticks out sideways
//   node browse.mjs desk <url> <png> <key>  signs in at the desk, filters the feed, moves the first
//                                           follow-up to contacted, tags the first answer, downloads the CSV,
//                                           screenshots the desk
import { chromium } from "playwright-core";

const [mode, url, png, key] = process.argv.slice(2);
const widths = mode === "layout" || mode === "thanks" ? key.split(",").map(Number) : [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // The desk and the public page also count console errors (a CSP violation, a failed request); the widget's pages are other sites' and may have their own.
  page.on("console", (m) => (mode === "desk" || mode === "layout" || mode === "thanks" || mode === "print") && m.type() === "error" && errors.push(m.text()));
  // The verify page carries its own strict policy: a violation is an error; a receipt not in the log yet answers 404, as it should.
  page.on("console", (m) => mode === "verify" && m.type() === "error" && !m.text().startsWith("Failed to load resource") && errors.push(m.text()));
  if (mode === "verify" && key) await page.addInitScript((items) => Object.entries(items).forEach(([k, v]) => localStorage.setItem(k, v)), JSON.parse(key));
  if (mode === "print") await page.setExtraHTTPHeaders({ Authorization: `Bearer ${key}` });
  await page.goto(url, { waitUntil: "networkidle", timeout: 600000 });
  if (mode === "thanks") await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  if (mode === "widget") {
    await page.waitForFunction(() => [...document.querySelectorAll("[data-csat-score]")].every((el) => el.shadowRoot?.textContent), null, { timeout: 15000 });
    const widgets = await page.$$eval("[data-csat-score]", (els) => els.map((el) => ({
      window: el.getAttribute("data-window"),
      theme: el.getAttribute("data-theme"),
      text: el.shadowRoot.querySelector(".w").innerText,
      dark: !!el.shadowRoot.querySelector(".dark"),
      link: el.shadowRoot.querySelector("a")?.href ?? null,
      links: [...el.shadowRoot.querySelectorAll("a")].map((a) => ({ href: a.href, text: a.textContent })),
      lightText: getComputedStyle(el.shadowRoot.querySelector(".w")).color,
    })));
    console.log(JSON.stringify({ widgets, cookies: await page.context().cookies(), errors }));
  } else if (mode === "screenshot") {
    await page.screenshot({ path: png, fullPage: true });
    // The page draws the graph twice (a wide screen's and a phone's) and shows one: the bars of the one shown.
    const bars = await page.$$eval("svg.graph rect.bar", (rects) => rects.filter((r) => r.getClientRects().length > 0).map((r) => ({ month: r.getAttribute("data-month"), height: Number(r.getAttribute("height")) })));
    const lang = await page.evaluate(() => document.documentElement.lang);
    console.log(JSON.stringify({ title: await page.title(), lang, bars, errors }));
  } else if (mode === "layout" || mode === "thanks") {
    const layouts = [];
    for (const width of widths) {
      await page.setViewportSize({ width, height: 800 });
      const shot = png.replace(/\.png$/, `-${width}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      layouts.push({ width, screenshot: shot, ...await page.evaluate(() => {
        const viewport = document.documentElement.clientWidth;
        const shown = (el) => el && el.getClientRects().length > 0;
        const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.getAttribute("class") ? "." + el.getAttribute("class").trim().replace(/\s+/g, ".") : "");
        // Anything drawn beyond either edge of the viewport, or wider than it, would make people scroll sideways;
        // anything beyond the page's white card (main) spills over its edge.
        const card = document.querySelector("main").getBoundingClientRect();
        const outside = [...document.querySelectorAll("body *")].filter(shown).filter((el) => {
          const box = el.getBoundingClientRect();
          const inCard = el.closest("main") && el.tagName !== "MAIN";
          return box.width > viewport || box.right > viewport + 0.5 || box.left < -0.5 || (inCard && (box.right > card.right + 0.5 || box.left < card.left - 0.5));
        }).map((el) => `${name(el)} (${Math.round(el.getBoundingClientRect().left)}–${Math.round(el.getBoundingClientRect().right)} px)`);
        const graph = [...document.querySelectorAll("svg.graph")].filter(shown);
        const svg = graph[0];
        const scale = svg ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 0;
        const top = (selector) => [...document.querySelectorAll(selector)].filter(shown)[0]?.getBoundingClientRect().top ?? null;
        return {
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: viewport,
          outside,
          graphsShown: graph.length,
          order: [["headline", top("p.headline")], ["graph", top("svg.graph")], ["details", top("table")]]
            .filter(([, y]) => y !== null).sort((a, b) => a[1] - b[1]).map(([part]) => part),
          // What a person sees: bars by month with their drawn height in px, the months shown as too few, the smallest text in px.
          bars: svg ? [...svg.querySelectorAll("rect.bar")].map((r) => ({ month: r.dataset.month, height: r.getBoundingClientRect().height })) : [],
          few: svg ? [...svg.querySelectorAll(".few")].map((r) => r.dataset.month) : [],
          smallestText: svg ? Math.min(...[...svg.querySelectorAll("text")].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale)) : 0,
          graphHeight: svg ? svg.getBoundingClientRect().height : 0,
        };
      }) });
    }
    const invite = await page.$$eval("p.review-invite", (ps) => ps.map((p) => ({ text: p.innerText, href: p.querySelector("a")?.href ?? null, rel: p.querySelector("a")?.rel ?? null })));
    console.log(JSON.stringify({ layouts, invite, title: await page.title(), errors }));
  } else if (mode === "verify") {
    await page.waitForSelector("body[data-done]", { timeout: 600000 });
    const elapsedMs = await page.evaluate(() => performance.now());
    const done = await page.getAttribute("body", "data-done");
    const data = await page.evaluate(() => ({ ...document.body.dataset }));
    const summary = await page.textContent("#summary");
    const checkpoint = await page.textContent("#checkpoint");
    const history = await page.textContent("#history");
    const historyData = await page.evaluate(() => ({ ...document.getElementById("history").dataset }));
    const receipt = await page.textContent("#receipt");
    const receiptData = await page.evaluate(() => ({ ...document.getElementById("receipt").dataset }));
    const problems = await page.$$eval("#problems li", (items) => items.map((li) => li.textContent));
    const rows = await page.$$eval("#figures tr", (trs) => trs.map((tr) => ({ window: tr.dataset.window, verdict: tr.lastElementChild.textContent })));
    const storage = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])));
    const csp = await page.evaluate(() => document.querySelector("meta[http-equiv=Content-Security-Policy]")?.content ?? null);
    const layouts = [];
    if (png && png !== "-") {
      for (const width of [390, 1200]) {
        await page.setViewportSize({ width, height: 800 });
        const shot = png.replace(/\.png$/, `-${width}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        layouts.push({ width, screenshot: shot, ...await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })) });
      }
    }
    console.log(JSON.stringify({ done, data, summary, checkpoint, history, historyData, receipt, receiptData, problems, rows, storage, csp, layouts, elapsedMs, errors }));
  } else if (mode === "email") {
    await page.setViewportSize({ width: Number(key), height: 800 });
    await page.screenshot({ path: png, fullPage: true });
    const seen = await page.evaluate(() => {
      const viewport = document.documentElement.clientWidth;
      const outside = [...document.querySelectorAll("body *")].filter((el) => el.getClientRects().length > 0).filter((el) => {
        const box = el.getBoundingClientRect();
        return box.right > viewport + 0.5 || box.left < -0.5;
      }).map((el) => `${el.tagName.toLowerCase()} (${Math.round(el.getBoundingClientRect().left)}–${Math.round(el.getBoundingClientRect().right)} px)`);
      return { viewport, scrollWidth: document.documentElement.scrollWidth, outside, headings: [...document.querySelectorAll("h1, h2")].map((h) => h.textContent), links: [...document.querySelectorAll("a")].map((a) => a.href) };
    });
    console.log(JSON.stringify({ ...seen, errors }));
  } else if (mode === "desk") {
    await page.fill("#key", key);
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    await page.selectOption("select[name=rating]", "unsatisfactory");
    await Promise.all([page.waitForURL("**rating=unsatisfactory**"), page.click("#answers + form button[type=submit]")]);
    const ratings = await page.$$eval("#answers + form + table tbody tr td:nth-child(2)", (cells) => cells.map((c) => c.textContent));
    const followUp = page.locator("#followups + table tbody tr").first();
    const id = await followUp.getAttribute("id");
    await followUp.locator("select[name=status]").selectOption("contacted");
    await followUp.locator("input[name=owner]").fill("Dana");
    await Promise.all([page.waitForNavigation(), followUp.locator("button[type=submit]").click()]);
    const status = await page.locator(`#${id} td:nth-child(6)`).textContent();
    const answer = page.locator("#answers + form + table tbody tr").first();
    const answerId = await answer.getAttribute("id");
    await answer.locator("input[name=tag]").fill("Billing");
    await Promise.all([page.waitForNavigation(), answer.locator("form:has(input[name=tag]) button[type=submit]").click()]);
    const tags = await page.$$eval(`#${answerId} span.tag`, (spans) => spans.map((s) => s.textContent));
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Download CSV")]);
    const csv = (await import("node:fs")).readFileSync(await download.path(), "utf8");
    await page.screenshot({ path: png, fullPage: true });
    console.log(JSON.stringify({ title: await page.title(), ratings, status, tags, csvHeader: csv.split("\r\n")[0], csvRows: csv.split("\r\n").filter((l) => l).length - 1, errors }));
  } else if (mode === "print") {
    // preferCSSPageSize: the page's @page { size: A4 } decides the paper, not Playwright's default Letter.
    await page.pdf({ path: png, preferCSSPageSize: true });
    console.log(JSON.stringify({ title: await page.title(), errors }));
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
} finally {
  await browser.close();
}
