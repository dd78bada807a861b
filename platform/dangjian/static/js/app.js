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
})();
