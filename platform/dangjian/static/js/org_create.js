// Creating an organisation (org/create.html); its rules come in the JSON block #org-rules.
// Offer only the kinds that may sit under the chosen parent; the server
// checks the same rules, this just saves a round trip.
(function () {
  "use strict";
  var rules = JSON.parse(document.getElementById("org-rules").textContent);
  var parent = document.getElementById("parent_id");
  var kind = document.getElementById("kind");
  var hint = document.getElementById("kind-hint");
  var slug = document.getElementById("slug");
  var name = document.getElementById("name");
  function placeholders() {
    if (rules.slugs[kind.value]) slug.placeholder = "留空将自动生成：" + rules.slugs[kind.value];
    if (rules.names[kind.value]) name.placeholder = rules.names[kind.value];
  }
  function allowedKinds() {
    var parentKind = rules.parents[parent.value] || null;
    return rules.order.filter(function (k) { return rules.allowed[k].indexOf(parentKind) !== -1; });
  }
  function sync() {
    var allowed = allowedKinds();
    Array.prototype.forEach.call(kind.options, function (option) {
      option.disabled = allowed.indexOf(option.value) === -1;
    });
    if (allowed.length && allowed.indexOf(kind.value) === -1) kind.value = allowed[0];
    hint.textContent = allowed.length
      ? "此上级组织之下可设：" + allowed.map(function (k) { return rules.kinds[k]; }).join("、")
      : "此上级组织之下不能再设下级组织。";
  }
  parent.addEventListener("change", function () { sync(); placeholders(); });
  kind.addEventListener("change", placeholders);
  sync();
  placeholders();
})();
