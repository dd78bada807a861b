// Installable web app: registers the service worker (/sw.js, scope "/"),
// tells it which pages the signed-in member may read offline, makes it
// forget them on sign-out, and says so when a page is shown offline.
(function () {
  "use strict";
  var script = document.currentScript;
  var banner = document.getElementById("djOffline");

  function showConnection() {
    // data-dj-kept: the worker answered with the copy it kept (sw.js).
    var kept = document.documentElement.hasAttribute("data-dj-kept");
    if (banner) banner.hidden = !kept && navigator.onLine !== false;
  }
  showConnection();
  window.addEventListener("online", showConnection);
  window.addEventListener("offline", showConnection);

  if (!("serviceWorker" in navigator) || !script || !script.dataset.worker) return;

  function tell(message) {
    if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage(message);
  }

  document.addEventListener("submit", function (event) {
    if (event.target.matches("form[data-dj-logout]")) tell({ type: "logout" });
  });

  navigator.serviceWorker.register(script.dataset.worker, { scope: "/" }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    var pages = (script.dataset.offlinePages || "").split(" ").filter(Boolean);
    if (pages.length && registration.active) registration.active.postMessage({ type: "keep", pages: pages });
  }).catch(function () {
    // Without a worker every page still works online.
  });
})();
