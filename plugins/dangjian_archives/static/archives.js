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
  // Meeting record: one tap per member, the reason only for the absent,
  // counts kept up to date.  The server recounts on save.
  var record = document.getElementById("meeting-form");
  if (record) {
    var rows = record.querySelectorAll("[data-att-row]");
    var counts = record.querySelector("[data-att-counts]");
    var statusOf = function (row) {
      var picked = row.querySelector('input[type="radio"]:checked');
      return picked ? picked.value : "present";
    };
    var refresh = function () {
      var tally = { present: 0, absent: 0, nonvoting: 0 };
      rows.forEach(function (row) {
        var status = statusOf(row);
        tally[status] = (tally[status] || 0) + 1;
        row.classList.toggle("is-absent", status === "absent");
      });
      tally.expected = tally.present + tally.absent;
      if (counts) {
        counts.querySelectorAll("[data-count]").forEach(function (cell) {
          cell.textContent = String(tally[cell.dataset.count] || 0);
        });
      }
    };
    record.classList.add("mf-js");
    rows.forEach(function (row) {
      row.addEventListener("change", function (event) {
        refresh();
        if (event.target.value === "absent") {
          var reason = row.querySelector("[data-reason]");
          if (reason && !reason.value) { reason.focus(); }
        }
      });
    });
    var allPresent = record.querySelector("[data-all-present]");
    if (allPresent) {
      allPresent.classList.remove("d-none");
      allPresent.addEventListener("click", function () {
        rows.forEach(function (row) {
          var present = row.querySelector('input[value="present"]');
          if (present) { present.checked = true; }
        });
        refresh();
      });
    }
    refresh();
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
