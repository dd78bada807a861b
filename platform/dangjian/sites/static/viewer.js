// Photo viewer for the microsite albums and honours.  Links marked
// data-viewer="<group>" open over the page; without JavaScript they simply
// open the full-size image.  Loaded as a file: the CSP allows no inline script.
(function () {
  "use strict";
  var viewer, image, caption, count, items = [], index = 0, lastFocus = null, touchX = null;

  function build() {
    viewer = document.createElement("div");
    viewer.className = "site-viewer";
    viewer.hidden = true;
    viewer.setAttribute("role", "dialog");
    viewer.setAttribute("aria-modal", "true");
    viewer.setAttribute("aria-label", "图片浏览");
    viewer.innerHTML =
      '<span class="site-viewer-count"></span>' +
      '<button type="button" class="site-viewer-close" aria-label="关闭">×</button>' +
      '<button type="button" class="site-viewer-prev" aria-label="上一张">‹</button>' +
      '<img alt="">' +
      '<button type="button" class="site-viewer-next" aria-label="下一张">›</button>' +
      '<div class="site-viewer-caption"></div>';
    document.body.appendChild(viewer);
    image = viewer.querySelector("img");
    caption = viewer.querySelector(".site-viewer-caption");
    count = viewer.querySelector(".site-viewer-count");
    viewer.querySelector(".site-viewer-close").addEventListener("click", close);
    viewer.querySelector(".site-viewer-prev").addEventListener("click", function () { show(index - 1); });
    viewer.querySelector(".site-viewer-next").addEventListener("click", function () { show(index + 1); });
    viewer.addEventListener("click", function (event) { if (event.target === viewer) close(); });
    viewer.addEventListener("touchstart", function (event) { touchX = event.touches[0].clientX; }, { passive: true });
    viewer.addEventListener("touchend", function (event) {
      if (touchX === null) return;
      var delta = event.changedTouches[0].clientX - touchX;
      touchX = null;
      if (Math.abs(delta) > 40) show(index + (delta < 0 ? 1 : -1));
    });
  }

  function show(position) {
    if (!items.length) return;
    index = (position + items.length) % items.length;
    var link = items[index];
    image.src = link.getAttribute("href");
    var text = link.getAttribute("data-caption") || "";
    image.alt = text;
    caption.textContent = text;
    count.textContent = (index + 1) + " / " + items.length;
    var single = items.length < 2;
    viewer.querySelector(".site-viewer-prev").hidden = single;
    viewer.querySelector(".site-viewer-next").hidden = single;
  }

  function open(link) {
    if (!viewer) build();
    var group = link.getAttribute("data-viewer");
    items = Array.prototype.slice.call(document.querySelectorAll('a[data-viewer="' + group + '"]'));
    lastFocus = document.activeElement;
    viewer.hidden = false;
    document.body.style.overflow = "hidden";
    show(items.indexOf(link));
    viewer.querySelector(".site-viewer-close").focus();
  }

  function close() {
    viewer.hidden = true;
    image.removeAttribute("src");
    document.body.style.overflow = "";
    if (lastFocus) lastFocus.focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-viewer]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    open(link);
  });
  document.addEventListener("keydown", function (event) {
    if (!viewer || viewer.hidden) return;
    if (event.key === "Escape") close();
    else if (event.key === "ArrowLeft") show(index - 1);
    else if (event.key === "ArrowRight") show(index + 1);
  });
})();
