// The member form (members/form.html).
// Offer only the chosen branch's party groups; the server checks it again.
(function () {
  "use strict";
  var groups = JSON.parse(document.currentScript.dataset.groups);
  var branch = document.getElementById("branch_id");
  var group = document.getElementById("group_id");
  if (!branch || !group) return;
  var none = group.options[0].text;
  function refill() {
    var keep = group.value;
    var items = groups[branch.value] || [];
    group.innerHTML = "";
    group.add(new Option(none, "0"));
    items.forEach(function (item) { group.add(new Option(item[1], String(item[0]))); });
    group.value = items.some(function (item) { return String(item[0]) === keep; }) ? keep : "0";
    group.disabled = items.length === 0;
  }
  branch.addEventListener("change", refill);
  refill();
})();
