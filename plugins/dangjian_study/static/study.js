// Study pages: the material form shows the fields of the chosen kind and scope;
// the session form's select-all button.
(function () {
  var form = document.getElementById("material-form");
  if (!form) return;
  function sync() {
    var kind = form.elements.kind.value, scope = form.elements.scope.value;
    form.querySelectorAll("[data-kinds]").forEach(function (el) { el.hidden = el.dataset.kinds.split(" ").indexOf(kind) < 0; });
    form.querySelectorAll("[data-scopes]").forEach(function (el) { el.hidden = el.dataset.scopes !== scope; });
  }
  form.elements.kind.addEventListener("change", sync);
  form.elements.scope.addEventListener("change", sync);
  sync();
})();
(function () {
  var button = document.getElementById("select-all");
  if (!button) return;
  button.addEventListener("click", function () {
    var boxes = document.querySelectorAll(".attendee"), all = Array.prototype.every.call(boxes, function (b) { return b.checked; });
    boxes.forEach(function (b) { b.checked = !all; });
    button.textContent = all ? "全选" : "全不选";
  });
})();
