(function () {
  "use strict";
  var delSel = document.getElementById("filter-delegation");
  var statSel = document.getElementById("filter-status");
  var onlyChanged = document.getElementById("only-changed");
  var count = document.getElementById("filter-count");
  var paras = Array.prototype.slice.call(document.querySelectorAll("#redline .para"));
  var rows = Array.prototype.slice.call(document.querySelectorAll(".changes-table tbody tr"));
  var current = -1;

  function has(list, code) { return (" " + list + " ").indexOf(" " + code + " ") >= 0; }

  function apply() {
    var d = delSel.value, s = statSel.value, shown = 0;
    paras.forEach(function (p) {
      var ok = true;
      if (d) { ok = has(p.getAttribute("data-delegations") || "", d); }
      if (ok && s) { ok = p.getAttribute("data-status") === s; }
      if (ok && onlyChanged && onlyChanged.checked) { ok = p.classList.contains("changed"); }
      p.classList.toggle("hidden", !ok);
      if (ok) { shown++; }
      p.querySelectorAll(".note").forEach(function (n) {
        var mine = !d || has(n.getAttribute("data-delegations"), d);
        n.classList.toggle("hidden", !mine);
        var num = n.id.slice(1);
        p.querySelectorAll('[data-change="' + num + '"]').forEach(function (m) {
          if (m.classList.contains("who")) { m.classList.toggle("hidden", !mine); return; }
          m.classList.toggle("dimmed-change", !mine);
          if (!mine) { m.setAttribute("data-dim", "1"); } else { m.removeAttribute("data-dim"); }
        });
      });
    });
    rows.forEach(function (r) {
      r.classList.toggle("hidden", !!d && !has(r.getAttribute("data-delegations"), d));
    });
    count.textContent = (d || s || (onlyChanged && onlyChanged.checked)) ? shown + " of " + paras.length + " paragraphs shown" : "";
  }

  function changes() {
    return Array.prototype.slice.call(document.querySelectorAll("#redline .inline-view .chg"))
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
    if (t === "INPUT" || t === "SELECT" || t === "TEXTAREA" || e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (e.key === "n" || e.key === "j") { step(1); e.preventDefault(); }
    if (e.key === "p" || e.key === "k") { step(-1); e.preventDefault(); }
  });
  [delSel, statSel, onlyChanged].forEach(function (el) { if (el) { el.addEventListener("change", apply); } });
  apply();
})();
