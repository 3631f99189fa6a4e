/* CsatFunctions ledger verifier, for the verify page published beside the score (verify.html).
 * Downloads the ledger and the score from the folder the page is in, checks every entry's hash, the
 * chain from the first entry to the head, the index and the signed checkpoint, recomputes every
 * window of the public document from the entries (the latest answer of each survey wins, as the score
 * counts), and shows published and recomputed figures side by side. Plain JavaScript, no dependencies,
 * nothing sent anywhere. tools/CsatFunctions.Verify does the same on the command line. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var base = new URL(".", location.href);
  var windows = [["last7Days", "last 7 days", 7], ["last30Days", "last 30 days", 30], ["last90Days", "last 90 days", 90], ["last365Days", "last 12 months", 365], ["allTime", "all time", 0]];

  function text(path) {
    return fetch(new URL(path, base), { cache: "no-store" }).then(function (r) {
      if (!r.ok) throw new Error(path + " answered " + r.status);
      return r.text();
    });
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function sha256(s) {
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(s)).then(hex);
  }

  // One decimal, half away from zero, in whole numbers so no float rounding creeps in: as the score rounds.
  function percent(part, whole) {
    return whole === 0 ? null : Math.floor((2000 * part + whole) / (2 * whole)) / 10;
  }

  function show(value) {
    return value === null || value === undefined ? "\u2013" : typeof value === "number" && value % 1 !== 0 ? value.toFixed(1) : String(value);
  }

  function day(s) {
    return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
  }

  async function verifySignature(checkpoint, pem) {
    var der = Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\s/g, "")), function (c) { return c.charCodeAt(0); });
    var key = await crypto.subtle.importKey("spki", der, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    var signature = Uint8Array.from(atob(checkpoint.signature), function (c) { return c.charCodeAt(0); });
    var signed = "csat-ledger-checkpoint|" + checkpoint.entries + "|" + checkpoint.head + "|" + checkpoint.signedAt;
    return crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, signature, new TextEncoder().encode(signed));
  }

  async function check() {
    var index = JSON.parse(await text("ledger/index.json"));
    var checkpoint = JSON.parse(await text("ledger/checkpoint.json"));
    var pem = await text("ledger/public-key.pem").catch(function () { return null; });
    var score = JSON.parse(await text("score.json"));
    var problems = [], entries = [], expected = 1, prev = "0".repeat(64);
    for (var d = 0; d < index.days.length; d++) {
      var file = index.days[d], body;
      try { body = await text("ledger/" + file.file); } catch (e) { problems.push(file.day + ": the file " + file.file + " is missing."); continue; }
      var last = { seq: 0, hash: "" }, lines = body.split("\n").filter(Boolean);
      for (var i = 0; i < lines.length; i++) {
        var e;
        try { e = JSON.parse(lines[i]); } catch (x) { problems.push(file.day + ": line " + (i + 1) + " is not an entry."); continue; }
        var fields = [e.seq, e.day, e.id, e.kind, e.bucket || "", e.scale || "", e.value === undefined || e.value === null ? "" : e.value, e.prev].join("|");
        if (await sha256(fields) !== e.hash) problems.push(file.day + ": entry " + e.seq + " was changed (its hash does not match its fields).");
        if (e.seq !== expected) problems.push(file.day + ": entry " + e.seq + " stands where entry " + expected + " should (an entry is missing or out of order).");
        if (e.prev !== prev) problems.push(file.day + ": entry " + e.seq + " does not follow the entry before it (its previous hash differs).");
        entries.push(e);
        expected = e.seq + 1; prev = e.hash; last = { seq: e.seq, hash: e.hash };
      }
      if (last.seq !== file.last || last.hash !== file.lastHash) problems.push(file.day + ": the file ends at entry " + last.seq + ", the index says " + file.last + " with another hash.");
    }
    if (index.head !== prev || index.entries !== entries.length) problems.push("index: it names " + index.entries + " entries; the files hold " + entries.length + ".");
    if (checkpoint.head !== index.head || checkpoint.entries !== index.entries) problems.push("checkpoint: it signs " + checkpoint.entries + " entries, not the index's head.");
    if (!checkpoint.signature || !pem) problems.push("checkpoint: it is not signed, or no public key is published beside it.");
    else if (!(await verifySignature(checkpoint, pem).catch(function () { return false; }))) problems.push("checkpoint: its signature does not verify with the published public key.");
    return { index: index, score: score, problems: problems, entries: entries };
  }

  function recompute(entries, generatedAt) {
    var counted = {}, latest = {};
    entries.forEach(function (e) {
      if (e.kind === "counted") counted[e.id] = e.day; // a later one moves the ticket to its final resolution's day
      if (e.kind === "answered") latest[e.id] = e;
    });
    var today = day(generatedAt.slice(0, 10)), result = {};
    windows.forEach(function (w) {
      var first = w[2] ? today - (w[2] - 1) * 86400000 : -Infinity;
      var c = { surveyed: 0, excellent: 0, satisfactory: 0, unsatisfactory: 0 };
      var five = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 }, nps = { promoters: 0, passives: 0, detractors: 0 };
      Object.keys(counted).forEach(function (id) {
        if (day(counted[id]) < first) return;
        c.surveyed++;
        var a = latest[id];
        if (!a) return;
        c[a.bucket]++;
        if (a.scale === "five-point") five[a.value]++;
        if (a.scale === "nps") nps[a.value >= 9 ? "promoters" : a.value >= 7 ? "passives" : "detractors"]++;
      });
      c.rated = c.excellent + c.satisfactory + c.unsatisfactory;
      c.satisfactionPercent = percent(c.excellent + c.satisfactory, c.rated);
      c.responseRatePercent = percent(c.rated, c.surveyed);
      var fives = five["1"] + five["2"] + five["3"] + five["4"] + five["5"];
      c.fivePoint = fives ? [five["1"], five["2"], five["3"], five["4"], five["5"]].join(",") : null;
      var answered = nps.promoters + nps.passives + nps.detractors;
      // NPS: % promoters minus % detractors, one decimal, half away from zero (whole-number arithmetic).
      var npsScore = answered ? Math.sign(nps.promoters - nps.detractors) * percent(Math.abs(nps.promoters - nps.detractors), answered) : null;
      c.nps = answered ? [answered, nps.promoters, nps.passives, nps.detractors, npsScore.toFixed(1)].join(",") : null;
      result[w[0]] = c;
    });
    return result;
  }

  function render(checked) {
    var recomputed = recompute(checked.entries, checked.score.generatedAt);
    var fields = ["surveyed", "rated", "excellent", "satisfactory", "unsatisfactory", "satisfactionPercent", "responseRatePercent", "fivePoint", "nps"];
    var rows = "", differ = 0;
    windows.forEach(function (w) {
      var published = checked.score.windows[w[0]], r = recomputed[w[0]];
      // The published document's scale counts, in the recomputed ones' shape.
      var p = Object.assign({}, published, {
        fivePoint: published.fivePoint ? ["1", "2", "3", "4", "5"].map(function (n) { return published.fivePoint[n]; }).join(",") : null,
        nps: published.nps ? [published.nps.answered, published.nps.promoters, published.nps.passives, published.nps.detractors, Number(published.nps.score).toFixed(1)].join(",") : null
      });
      var same = fields.every(function (f) { return show(p[f]) === show(r[f]); });
      differ += same ? 0 : 1;
      rows += "<tr data-window=\"" + w[0] + "\"><th scope=\"row\">" + w[1] + "</th><td>" + show(p.rated) + " / " + show(p.satisfactionPercent) + "%</td><td>" +
        show(r.rated) + " / " + show(r.satisfactionPercent) + "%</td><td class=\"" + (same ? "ok" : "bad") + "\">" + (same ? "match" : "differ") + "</td></tr>";
    });
    $("figures").innerHTML = rows;
    var list = $("problems");
    checked.problems.forEach(function (p) { var li = document.createElement("li"); li.textContent = p; list.appendChild(li); });
    var holds = checked.problems.length === 0 && differ === 0;
    $("summary").textContent = holds
      ? "The ledger holds: " + checked.entries.length + " entries, every hash and the signature check out, and every window matches the published score."
      : checked.problems.length + " problem(s) in the ledger, " + differ + " window(s) that differ from the published score.";
    $("summary").className = holds ? "ok" : "bad";
    var receipt = new URLSearchParams(location.search).get("receipt");
    if (receipt) {
      var found = checked.entries.filter(function (e) { return e.id === receipt; });
      $("receipt").textContent = found.length
        ? "Receipt " + receipt + ": " + found.map(function (e) { return "entry " + e.seq + " (" + e.kind + (e.bucket ? ", " + e.bucket : "") + ", resolved " + e.day + ")"; }).join("; ") + "."
        : "Receipt " + receipt + " is not in the ledger yet; it is appended at the next refresh, within minutes.";
    }
    document.body.setAttribute("data-done", holds ? "holds" : "fails");
  }

  check().then(render).catch(function (e) {
    $("summary").textContent = "The ledger could not be read: " + e.message;
    $("summary").className = "bad";
    document.body.setAttribute("data-done", "error");
  });
})();
