// QR sign-in screen: a new code and the names signed in, without reloading.
// The server decides the code; this only asks for it every few seconds.
(function () {
  "use strict";
  var screen = document.querySelector("[data-signin-screen]");
  if (!screen) {
    return;
  }
  var qr = screen.querySelector("[data-signin-qr]");
  var count = screen.querySelector("[data-signin-count]");
  var names = screen.querySelector("[data-signin-names]");
  var offline = screen.querySelector("[data-signin-offline]");
  // Count and names every few seconds; the code changes on its own window.
  var every = 3000;
  var lastCode = screen.dataset.scanUrl;

  var showNames = function (list) {
    var items = list.map(function (name) {
      var item = document.createElement("li");
      item.textContent = name;
      return item;
    });
    names.replaceChildren.apply(names, items);
  };

  var showCode = function (svgText) {
    // Parsed as HTML, as the page itself was: the inline SVG has no namespace of its own.
    var svg = new DOMParser().parseFromString(svgText, "text/html").querySelector("svg");
    if (svg) {
      qr.replaceChildren(document.importNode(svg, true));
    }
  };

  var poll = function () {
    fetch(screen.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        offline.classList.add("d-none");
        count.textContent = String(data.count);
        showNames(data.names || []);
        if (data.scan_url && data.scan_url !== lastCode) {
          lastCode = data.scan_url;
          screen.dataset.scanUrl = data.scan_url;
          showCode(data.svg);
        }
      })
      .catch(function () {
        offline.classList.remove("d-none");
      })
      .finally(function () {
        window.setTimeout(poll, every);
      });
  };
  window.setTimeout(poll, every);
})();
