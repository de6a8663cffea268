// Progressive enhancement of commune fields: the plain form works without this script;
// with it, suggestions appear while typing (WAI-ARIA combobox pattern).
(function () {
  "use strict";
  function enhance(input) {
    var list = document.createElement("ul");
    list.id = input.id + "-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Communes suggérées");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var active = -1, timer = null, items = [];

    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); active = -1; }
    function choose(i) { input.value = items[i].label; close(); }
    function highlight(i) {
      var nodes = list.children;
      for (var k = 0; k < nodes.length; k++) nodes[k].setAttribute("aria-selected", k === i ? "true" : "false");
      active = i;
      if (i >= 0) input.setAttribute("aria-activedescendant", nodes[i].id);
    }
    function show(found) {
      items = found;
      list.textContent = "";
      found.forEach(function (c, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.textContent = c.label + " — " + c.postal_codes.join(", ");
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = found.length === 0;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      active = -1;
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        fetch("/api/communes?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(show)
          .catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(active); }
      else if (e.key === "Escape") { close(); }
    });
    // Leaving the field closes the list — but never in the middle of a tap: closing moves what
    // is below, so a tap that began on a box of the form would end elsewhere and be lost. When
    // a pointer is down, the list closes once that tap is over.
    input.addEventListener("blur", function () {
      if (!pointerDown) { close(); return; }
      var done = false;
      function later() {
        if (done) return;
        done = true;
        setTimeout(close, 0);
      }
      document.addEventListener("click", later, { once: true });
      document.addEventListener("pointerup", function () { setTimeout(later, 50); }, { once: true });
    });
  }
  var pointerDown = false;
  document.addEventListener("pointerdown", function () { pointerDown = true; }, true);
  document.addEventListener("pointerup", function () { setTimeout(function () { pointerDown = false; }, 0); }, true);
  document.addEventListener("pointercancel", function () { pointerDown = false; }, true);
  document.querySelectorAll("[data-commune-autocomplete]").forEach(enhance);
})();
