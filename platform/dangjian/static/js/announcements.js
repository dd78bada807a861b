// The announcement form: the branch checkboxes show only while 选定支部 is
// chosen.  Without this script they are always shown (and ignored unless
// 选定支部 is chosen).
(function () {
  "use strict";
  var form = document.querySelector("[data-announcement-form]");
  if (!form) return;
  var panel = form.querySelector('[data-scope-panel="branches"]');
  var choices = form.querySelectorAll("[data-scope-choice]");
  if (!panel || !choices.length) return;
  function update() {
    var chosen = form.querySelector("[data-scope-choice]:checked");
    panel.hidden = !chosen || chosen.value !== "branches";
  }
  choices.forEach(function (choice) { choice.addEventListener("change", update); });
  update();
})();
