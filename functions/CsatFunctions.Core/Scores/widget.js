/* CsatFunctions score widget. Put these two lines anywhere on a page:
 *   <div data-csat-score data-window="last30Days" data-theme="light"></div>
 *   <script src="https://YOUR-CSAT-HOST/api/score/widget.js" async></script>
 * data-window: last7Days | last30Days | last90Days | last365Days | allTime; data-theme: light | dark.
 * Loaded from the published static files (.../widget.js beside score.json), it reads score.json there;
 * data-src on the script tag names the JSON anywhere else.
 * No dependencies, no cookies; it draws inside a shadow root, so page styles and its own cannot mix. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) return;
  var fromApi = /\/score\/widget\.js(\?.*)?$/.test(me.src);
  var folder = me.src.replace(/\/[^\/?]*(\?.*)?$/, "");
  var api = me.src.replace(/\/score\/widget\.js(\?.*)?$/, "");
  var json = me.getAttribute("data-src") || (fromApi ? api + "/score" : folder + "/score.json");
  var page = fromApi ? api + "/score/page" : folder + "/index.html";
  var labels = { last7Days: "last 7 days", last30Days: "last 30 days", last90Days: "last 90 days", last365Days: "last 12 months", allTime: "all time" };
  var css = ":host{all:initial;display:inline-block}" +
    ".w{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;padding:12px 16px;border-radius:8px;border:1px solid #d0d4da;background:#fff;color:#1d2330;min-width:200px}" +
    ".dark{background:#1d2330;color:#f4f5f7;border-color:#3a4150}" +
    ".h{font-size:28px;font-weight:700;line-height:1.1}.s{font-size:13px;opacity:.8}" +
    "a{color:inherit;font-size:12px}";

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }

  function pct(n) {
    return n === null || n === undefined ? null : Number(n).toFixed(1) + "%";
  }

  function show(el, body) {
    var root = el.shadowRoot || el.attachShadow({ mode: "open" });
    var theme = el.getAttribute("data-theme") === "dark" ? " dark" : "";
    root.innerHTML = "<style>" + css + "</style><div class=\"w" + theme + "\" role=\"group\" aria-label=\"Customer satisfaction\">" + body + "</div>";
  }

  function draw(el, doc) {
    var name = el.getAttribute("data-window") || "last30Days";
    var w = doc.windows && doc.windows[name];
    if (!w) { name = "last30Days"; w = doc.windows.last30Days; }
    // A percentage from a handful of ratings says nothing: below the published minimum, say how many so far.
    var enough = w.rated > 0 && w.rated >= (doc.minimumRatedToShow || 1);
    var head = enough ? pct(w.satisfactionPercent) : (w.rated ? "Not enough ratings yet" : "No ratings yet");
    var line = enough ? "of " + w.rated + " rated tickets were excellent or satisfactory"
      : w.rated ? "(" + w.rated + " so far)" : w.surveyed + " tickets surveyed";
    var basis = enough ? "based on " + w.rated + (w.rated === 1 ? " rating, " : " ratings, ") + labels[name] : labels[name];
    show(el,
      "<div class=\"h\">" + esc(head) + "</div>" +
      "<div>" + esc(line) + "</div>" +
      "<div class=\"s\">" + esc(basis) + (pct(w.responseRatePercent) ? " · response rate " + esc(pct(w.responseRatePercent)) : "") + " · " + esc(doc.company) + "</div>" +
      "<a href=\"" + esc(page) + "\" target=\"_blank\" rel=\"noopener\">How we measure</a>");
  }

  function start() {
    var els = document.querySelectorAll("[data-csat-score]");
    if (!els.length) return;
    fetch(json, { credentials: "omit", mode: "cors" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (doc) { els.forEach(function (el) { draw(el, doc); }); })
      .catch(function () { els.forEach(function (el) { show(el, "<div class=\"s\">Customer satisfaction score unavailable right now.</div>"); }); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
