// csrgraph site search: loads _search/index.js (a script, so it works from file:// too) on the
// first keystroke, then matches every word of the query, folded like csrgraph.site.finder.fold
// (no accents, lower case, "ß" as "ss"), against each page's folded title and text.
(function () {
  "use strict";
  var LIMIT = 20;
  var self = document.currentScript;
  var indexUrl = self.src.replace(/finder\.js(\?.*)?$/, "index.js");
  var loading = null;

  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "")
      .toLowerCase().replace(/ß/g, "ss").split(/\s+/).filter(Boolean).join(" ");
  }

  function load(done) {
    if (window.csrgraphSearchIndex) { done(); return; }
    if (loading) { loading.push(done); return; }
    loading = [done];
    var script = document.createElement("script");
    script.src = indexUrl;
    script.onload = function () { var waiting = loading; loading = null; waiting.forEach(function (f) { f(); }); };
    script.onerror = function () { loading = null; };
    document.head.appendChild(script);
  }

  function rank(entry, words, phrase, lang) {
    var key = entry[3];
    for (var i = 0; i < words.length; i++) { if (key.indexOf(words[i]) < 0) { return -1; } }
    var title = key.slice(0, entry[4]);
    var score = 0;
    if (title === phrase) { score += 8; }
    else if (title.indexOf(phrase) === 0) { score += 6; }
    else if (title.indexOf(phrase) >= 0) { score += 4; }
    else if (words.every(function (w) { return title.indexOf(w) >= 0; })) { score += 2; }
    if (entry[1] === lang) { score += 1; }
    return score;
  }

  function show(box, list, query) {
    var root = box.getAttribute("data-root") || "";
    var input = box.querySelector("input[type=search]");
    var lang = input.getAttribute("data-lang") || document.documentElement.lang;
    var phrase = fold(query);
    list.textContent = "";
    if (!phrase) { return; }
    var words = phrase.split(" ");
    var hits = [];
    var index = window.csrgraphSearchIndex || [];
    for (var i = 0; i < index.length; i++) {
      var score = rank(index[i], words, phrase, lang);
      if (score >= 0) { hits.push([score, i]); }
    }
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    hits.slice(0, LIMIT).forEach(function (hit) {
      var entry = index[hit[1]];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + entry[0];
      link.textContent = entry[2] || entry[0];
      if (entry[1]) { link.lang = entry[1]; link.hreflang = entry[1]; }
      item.appendChild(link);
      if (entry[1] && entry[1] !== lang) {
        var tag = document.createElement("span");
        tag.className = "search-lang";
        tag.textContent = " (" + entry[1] + ")";
        item.appendChild(tag);
      }
      list.appendChild(item);
    });
  }

  function setUp() {
    var boxes = document.querySelectorAll(".site-search");
    Array.prototype.forEach.call(boxes, function (box) {
      var input = box.querySelector("input[type=search]");
      var list = box.querySelector("#search-results");
      if (!input || !list) { return; }
      input.addEventListener("input", function () {
        var query = input.value;
        load(function () { if (input.value === query) { show(box, list, query); } });
      });
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          var first = list.querySelector("a");
          if (first) { window.location.href = first.href; }
        }
      });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUp); }
  else { setUp(); }
})();
