// Account pages (admin/user_form.html, admin/user_detail.html); each part runs where its fields are.
// The branch only matters for branch roles; hide it for the court admin role.
(function () {
  var role = document.getElementById("role");
  var field = document.querySelector(".dj-branch-field");
  if (!role || !field) return;
  function sync() { field.classList.toggle("d-none", role.value === "court_admin"); }
  role.addEventListener("change", sync);
  sync();
})();
// Narrow a long member list by name; the select works without it.
// Linking a member fills in an empty name field with the member's name.
(function () {
  var select = document.getElementById("member_id");
  var name = document.getElementById("display_name");
  if (!select || !name) return;
  select.addEventListener("change", function () {
    var option = select.options[select.selectedIndex];
    if (option && option.value !== "None" && !name.value.trim()) name.value = option.textContent.trim();
  });
})();
document.querySelectorAll(".dj-member-filter").forEach(function (input) {
  var select = document.getElementById(input.dataset.target);
  input.addEventListener("input", function () {
    var term = input.value.trim();
    select.querySelectorAll("optgroup").forEach(function (group) {
      var shown = 0;
      group.querySelectorAll("option").forEach(function (option) {
        var match = !term || option.textContent.indexOf(term) !== -1 || option.selected;
        option.hidden = !match;
        if (match) shown++;
      });
      group.hidden = shown === 0;
    });
  });
});
