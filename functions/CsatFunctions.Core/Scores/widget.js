/* CsatFunctions score widget. Put these two lines anywhere on a page:
 *   <div data-csat-score data-window="last30Days" data-theme="light"></div>
 *   <script src="https://YOUR-CSAT-HOST/api/score/widget.js" async></script>
 * data-window: last7Days | last30Days | last90Days | last365Days | allTime; data-theme: light | dark;
 * data-comments="3": also the newest 1 to 10 comments customers allowed us to publish (newest first,
 * whatever their rating, as the public page lists them).
 * The copy the aggregator publishes as a static file carries the score and comments inside it, so it
 * needs no second request (the storage static website cannot answer cross-origin requests);
 * data-src on the script tag names the score JSON anywhere else, comments.json beside it.
 * Its code is ASCII (\u escapes), so it reads right whatever charset the embedding page implies.
 * No dependencies, no cookies; it draws inside a shadow root, so page styles and its own cannot mix. */
(function () {
  "use strict";
  // The published static copy replaces the null below with {"score": {...}, "comments": {...}}.
  var published = /*published*/null;
  var me = document.currentScript;
  if (!me) return;
  var fromApi = /\/score\/widget\.js(\?.*)?$/.test(me.src);
  var folder = me.src.replace(/\/[^\/?]*(\?.*)?$/, "");
  var api = me.src.replace(/\/score\/widget\.js(\?.*)?$/, "");
  var src = me.getAttribute("data-src");
  if (src) published = null;
  var json = src || (fromApi ? api + "/score" : folder + "/score.json");
  var commentsJson = src ? src.replace(/[^\/?]*(\?.*)?$/, "comments.json") : fromApi ? api + "/score/comments" : folder + "/comments.json";
  var page = fromApi ? api + "/score/page" : folder + "/index.html";
  var policy = fromApi ? api + "/score/policy" : folder + "/policy.html";
  var ratings = { excellent: "Excellent", satisfactory: "Satisfactory", unsatisfactory: "Unsatisfactory" };
  var removals = { "personal-data": "it held personal data", abusive: "it was abusive", spam: "it was spam" };
  var labels = { last7Days: "last 7 days", last30Days: "last 30 days", last90Days: "last 90 days", last365Days: "last 12 months", allTime: "all time" };
  var css = ":host{all:initial;display:inline-block}" +
    ".w{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;padding:12px 16px;border-radius:8px;border:1px solid #d0d4da;background:#fff;color:#1d2330;min-width:200px}" +
    ".dark{background:#1d2330;color:#f4f5f7;border-color:#3a4150}" +
    ".h{font-size:28px;font-weight:700;line-height:1.1}.s{font-size:13px;opacity:.8}" +
    "a{color:inherit;font-size:12px}" +
    "ul{list-style:none;margin:8px 0;padding:0;max-width:360px}li{margin:6px 0}";

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

  function howMany(el) {
    var n = parseInt(el.getAttribute("data-comments"), 10);
    return n > 0 ? Math.min(n, 10) : 0;
  }

  // Newest first, whatever the rating: the widget never picks which comments to show.
  function commentList(comments, n) {
    if (!comments || !comments.comments || !comments.comments.length) return "";
    return "<ul>" + comments.comments.slice(0, n).map(function (c) {
      if (c.removed) return "<li class=\"s\">A comment removed by the support team: " + esc(removals[c.removed] || c.removed) + ".</li>";
      return "<li>\u201c" + esc(c.comment) + "\u201d <span class=\"s\">\u2014 " + esc(c.author || "A customer") + ", " + esc(ratings[c.rating] || c.rating) + ", " + esc(c.month) + "</span></li>";
    }).join("") + "</ul>";
  }

  function draw(el, doc, comments) {
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
      "<div class=\"s\">" + esc(basis) + (pct(w.responseRatePercent) ? " \u00b7 response rate " + esc(pct(w.responseRatePercent)) : "") + " \u00b7 " + esc(doc.company) + "</div>" +
      (howMany(el) ? commentList(comments, howMany(el)) : "") +
      "<a href=\"" + esc(page) + "\" target=\"_blank\" rel=\"noopener\">How we measure</a>" +
      " \u00b7 <a href=\"" + esc(policy) + "\" target=\"_blank\" rel=\"noopener\">Review policy</a>" +
      (fromApi ? "" : " \u00b7 <a href=\"" + esc(folder + "/verify.html") + "\" target=\"_blank\" rel=\"noopener\">Verify</a>"));
  }

  function start() {
    var els = [].slice.call(document.querySelectorAll("[data-csat-score]"));
    if (!els.length) return;
    var wantComments = els.some(howMany);
    var loaded = published ? Promise.resolve(published) : Promise.all([
      load(json),
      // The score shows even when its comments cannot be loaded.
      wantComments ? load(commentsJson).catch(function () { return null; }) : null,
    ]).then(function (both) { return { score: both[0], comments: both[1] }; });
    loaded
      .then(function (data) { els.forEach(function (el) { draw(el, data.score, data.comments); }); })
      .catch(function () { els.forEach(function (el) { show(el, "<div class=\"s\">Customer satisfaction score unavailable right now.</div>"); }); });
  }

  function load(url) {
    return fetch(url, { credentials: "omit", mode: "cors" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
