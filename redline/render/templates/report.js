(function () {
  "use strict";
  var root = document.documentElement;
  var delSel = byId("filter-delegation");
  var statSel = byId("filter-status");
  var toggle = byId("toggle-all");
  var count = byId("filter-count");
  var paras = all("#redline .para");
  var rows = all(".changes-table tbody tr");
  var gaps = all("#redline .gap");
  var gapWords = gaps.map(function (g) { return g.querySelector(".gap-btn").firstChild.nodeValue; });
  var fnHead = document.querySelector("#redline .footnotes-h");
  var viewNote = document.querySelector(".view-note");
  var current = -1;

  function byId(id) { return document.getElementById(id); }
  function all(sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); }
  function has(list, code) { return (" " + list + " ").indexOf(" " + code + " ") >= 0; }
  function changesOnly() { return root.classList.contains("changes-only"); }
  function shown(p) {
    return !p.classList.contains("hidden") &&
      !(changesOnly() && p.classList.contains("far") && !p.classList.contains("revealed"));
  }

  function apply() {
    var d = delSel.value, s = statSel.value;
    paras.forEach(function (p) {
      var ok = (!d || has(p.getAttribute("data-delegations") || "", d)) &&
        (!s || p.getAttribute("data-status") === s);
      p.classList.toggle("hidden", !ok);
      all(".note", p).forEach(function (n) {
        var mine = !d || has(n.getAttribute("data-delegations"), d);
        n.classList.toggle("hidden", !mine);
        all('[data-ref="' + n.id + '"]', p).forEach(function (m) {
          if (m.classList.contains("who") || m.classList.contains("pd-mark")) { m.classList.toggle("hidden", !mine); return; }
          m.classList.toggle("dimmed-change", !mine);
          if (!mine) { m.setAttribute("data-dim", "1"); } else { m.removeAttribute("data-dim"); }
        });
      });
    });
    rows.forEach(function (r) {
      r.classList.toggle("hidden", (!!d && !has(r.getAttribute("data-delegations"), d)) ||
        (!!s && r.getAttribute("data-status") !== s));
    });
    tidy();
  }

  function tidy() {  // what stands for paragraphs follows them: gap lines, footnotes heading, count
    var filtered = !!(delSel.value || statSel.value);
    gaps.forEach(function (g, k) {
      var run = paras.filter(function (p) { return p.getAttribute("data-run") === g.getAttribute("data-run"); });
      var left = run.filter(function (p) { return !p.classList.contains("hidden"); }).length;
      g.classList.toggle("hidden", !left);
      g.querySelector(".gap-btn").firstChild.nodeValue = filtered ?
        "⋯ " + left + " unchanged paragraph" + (left === 1 ? "" : "s") + " matching the filter not shown" : gapWords[k];
    });
    if (fnHead) {
      var notes = paras.some(function (p) { return p.classList.contains("footnote") && shown(p); });
      fnHead.classList.toggle("revealed", notes);
      fnHead.classList.toggle("hidden", !notes);
    }
    if (viewNote) { viewNote.classList.toggle("hidden", filtered); }  // the count says it then
    var n = paras.filter(shown).length;
    count.textContent = filtered ? n + " of " + paras.length + " paragraphs shown" : "";
  }

  function showRun(run) {  // the unchanged paragraphs a gap line stands for
    all('[data-run="' + run + '"]').forEach(function (el) { el.classList.add("revealed"); });
  }

  function setView(only) {
    root.classList.toggle("changes-only", only);
    all(".revealed").forEach(function (el) { el.classList.remove("revealed"); });
    if (toggle) {
      toggle.textContent = only ? "Show the whole text" : "Show changes only";
      toggle.setAttribute("aria-pressed", only ? "false" : "true");
    }
    apply();
  }

  function reveal(id, scroll) {  // following a link to a paragraph shows it
    var t = id && byId(id);
    var p = t && t.closest(".para, tr");
    if (!p) { return; }
    if (p.classList.contains("hidden")) { p.classList.remove("hidden"); }
    if (changesOnly() && p.hasAttribute("data-run")) { showRun(p.getAttribute("data-run")); }
    tidy();
    if (scroll) { t.scrollIntoView({ block: "start" }); }
  }

  function hash() {
    try { return decodeURIComponent(location.hash.slice(1)); } catch (e) { return ""; }
  }

  function changes() {
    return all("#redline .inline-view .chg")
      .filter(function (c) { return c.offsetParent !== null && !c.hasAttribute("data-dim"); });
  }

  function step(dir) {
    var list = changes();
    if (!list.length) { return; }
    if (current >= 0 && list[current]) { list[current].classList.remove("current"); }
    current = (current + dir + list.length) % list.length;
    list[current].classList.add("current");
    list[current].scrollIntoView({ block: "center" });
  }

  document.addEventListener("keydown", function (e) {
    var t = e.target && e.target.tagName;
    if (t === "INPUT" || t === "SELECT" || t === "TEXTAREA" || t === "BUTTON" || e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (e.key === "n" || e.key === "j") { step(1); e.preventDefault(); }
    if (e.key === "p" || e.key === "k") { step(-1); e.preventDefault(); }
  });
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest('a[href^="#"]');
    if (a) { reveal(decodeURIComponent(a.getAttribute("href").slice(1)), false); }
    var gap = e.target.closest && e.target.closest(".gap-btn");
    if (gap) { showRun(gap.getAttribute("data-run")); apply(); }
  });
  window.addEventListener("hashchange", function () { reveal(hash(), true); });
  [delSel, statSel].forEach(function (el) { if (el) { el.addEventListener("change", apply); } });
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () { setView(!changesOnly()); });
  } else {
    root.classList.remove("changes-only");
  }
  setView(changesOnly());
  if (location.hash) { reveal(hash(), true); }
})();
