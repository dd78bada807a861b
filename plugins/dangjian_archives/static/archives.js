// Progressive enhancements of the archives module; every page works without them.
(function () {
  "use strict";
  // New record: choosing another branch reloads the form with its roster.
  var branch = document.querySelector("select[data-reload]");
  if (branch) {
    branch.addEventListener("change", function () {
      var url = new URL(branch.dataset.reload, window.location.href);
      url.searchParams.set("branch", branch.value);
      window.location.assign(url.toString());
    });
  }
  // Review list: "select all" and a live count of the ticked records.
  document.querySelectorAll("[data-select-all]").forEach(function (all) {
    var name = all.dataset.selectAll;
    var form = all.form;
    var boxes = form.querySelectorAll('input[type="checkbox"][name="' + name + '"]');
    var count = form.querySelector('[data-selected-count="' + name + '"]');
    var wrapper = all.closest("[data-js-only]");
    if (wrapper) { wrapper.classList.remove("d-none"); }
    function update() {
      var ticked = 0;
      boxes.forEach(function (box) { if (box.checked) { ticked += 1; } });
      all.checked = ticked === boxes.length && ticked > 0;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
      if (count) { count.textContent = ticked ? "已选 " + ticked + " 条" : ""; }
    }
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
      update();
    });
    boxes.forEach(function (box) { box.addEventListener("change", update); });
    update();
  });
  // Yearly bundle: the zip is built inside the request.  Say honestly what
  // is happening (how many records and files) instead of a fake percentage.
  var bundle = document.getElementById("bundle-form");
  if (bundle) {
    bundle.addEventListener("submit", function () {
      var status = document.getElementById("bundle-progress");
      if (status) { status.classList.remove("d-none"); }
    });
  }
})();
