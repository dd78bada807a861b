// The member roll (members/index.html).
// Leave empty filters out of the address so shared links stay short;
// re-enable them when the page comes back from the back/forward cache.
(function () {
  var form = document.getElementById("member-filter-form");
  if (!form) return;
  var fields = form.querySelectorAll("input[name], select[name]");
  form.addEventListener("submit", function () {
    fields.forEach(function (field) { if (!field.value) field.disabled = true; });
  });
  window.addEventListener("pageshow", function () {
    fields.forEach(function (field) { field.disabled = false; });
  });
})();
