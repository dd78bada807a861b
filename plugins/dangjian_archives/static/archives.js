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
