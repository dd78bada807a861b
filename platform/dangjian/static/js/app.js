// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Prevent double submits: disable a form's submit buttons once it is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.allowResubmit !== undefined) return;
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
  });

  // A table or chart wider than its box scrolls sideways: keyboard users can only
  // scroll it if the box takes focus (WCAG 2.1.1), and then it needs a name.
  function markScrollableTables() {
    document.querySelectorAll(".table-responsive, .dj-chart-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        var name = box.dataset.name || (caption ? caption.textContent.trim() : "表格");
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name + "（可左右滚动）");
        box.dataset.djScrollable = "";
      } else if (!scrolls && box.dataset.djScrollable !== undefined) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        delete box.dataset.djScrollable;
      }
    });
  }
  markScrollableTables();
  var resizing;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(markScrollableTables, 150);
  });

  // Behaviours pages ask for with data attributes (the CSP allows no inline code):
  //   <button data-print>, <select data-autosubmit>, <button data-check-all="SELECTOR">
  //   (data-check-none to clear), <span data-count-for="FIELD_ID"> (live character count),
  //   <a href="FALLBACK" data-dj-back> (the previous page when there is one, else FALLBACK).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print], [data-check-all], [data-check-none], [data-dj-back]");
    if (!button) return;
    if (button.hasAttribute("data-print")) { window.print(); return; }
    if (button.hasAttribute("data-dj-back")) {
      if (window.history.length > 1) { event.preventDefault(); window.history.back(); }
      return;
    }
    var all = button.hasAttribute("data-check-all");
    document.querySelectorAll(button.getAttribute(all ? "data-check-all" : "data-check-none")).forEach(function (box) {
      box.checked = all;
    });
  });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) field.form.requestSubmit();
  });
  document.querySelectorAll("[data-count-for]").forEach(function (counter) {
    var field = document.getElementById(counter.dataset.countFor);
    if (!field) return;
    var update = function () { counter.textContent = field.value.trim().length; };
    field.addEventListener("input", update);
    update();
  });
})();
