// The account edit form: narrow the long member list by name (the select
// works without it) and fill an empty name field from the linked member.
(function () {
  var select = document.getElementById("member_id");
  var name = document.getElementById("display_name");
  if (select && name) {
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      if (option && option.value !== "None" && !name.value.trim()) name.value = option.textContent.trim();
    });
  }
  document.querySelectorAll(".dj-member-filter").forEach(function (input) {
    var target = document.getElementById(input.dataset.target);
    if (!target) return;
    input.addEventListener("input", function () {
      var term = input.value.trim();
      target.querySelectorAll("optgroup").forEach(function (group) {
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
})();
