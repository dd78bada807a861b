/* Big-screen mode (大屏) of the showcase module.
 *
 * Runs unattended for days on the activity-room display, so: the slides
 * rotate by moving one class between existing nodes; every few minutes the
 * data is fetched again and the slides are REPLACED (replaceChildren), never
 * appended; one interval per task, no per-tick closures or listeners. */
(function () {
  "use strict";
  var root = document.getElementById("sc-slides");
  if (!root) { return; }
  var seconds = Math.max(2, parseInt(root.getAttribute("data-seconds"), 10) || 12);
  var refreshMinutes = Math.max(1, parseInt(root.getAttribute("data-refresh-minutes"), 10) || 5);
  var source = root.getAttribute("data-source");
  var progress = document.getElementById("sc-progress");
  var counter = document.getElementById("sc-counter");
  var clock = document.getElementById("sc-clock");
  var index = 0;

  function show(n) {
    var list = root.children;
    if (!list.length) { return; }
    for (var i = 0; i < list.length; i += 1) {
      var active = i === n;
      list[i].classList.toggle("is-active", active);
      list[i].setAttribute("aria-hidden", active ? "false" : "true");
    }
    index = n;
    if (counter) { counter.textContent = (n + 1) + " / " + list.length; }
    if (progress) {
      progress.classList.remove("is-running");
      void progress.offsetWidth; // restart the CSS animation on the same node
      progress.classList.add("is-running");
    }
  }

  function next() {
    var count = root.children.length;
    if (count) { show((index + 1) % count); }
  }

  function node(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text !== undefined && text !== null && text !== "") { el.textContent = String(text); }
    return el;
  }

  function brandSlide(slide, section) {
    var logo = node("div", "sc-brand-logo");
    if (slide.logo) {
      var img = node("img");
      img.src = slide.logo;
      img.alt = "";
      logo.appendChild(img);
    } else {
      logo.appendChild(node("span", "", (slide.title || "").slice(0, 2)));
    }
    var text = node("div", "sc-brand-text");
    text.appendChild(node("h1", "sc-brand-name", slide.title));
    text.appendChild(node("p", "sc-brand-slogan", slide.slogan));
    text.appendChild(node("p", "sc-brand-branch", slide.branch));
    var meta = node("p", "sc-brand-meta");
    if (slide.stars) { meta.appendChild(node("span", "sc-brand-stars", new Array(slide.stars + 1).join("★"))); }
    meta.appendChild(node("span", "", "荣誉 " + slide.honours + " 项"));
    if (slide.award) { meta.appendChild(node("span", "sc-brand-award", slide.award)); }
    text.appendChild(meta);
    section.appendChild(logo);
    section.appendChild(text);
  }

  function numbersSlide(slide, section) {
    section.appendChild(node("h1", "sc-slide-title", slide.title));
    var grid = node("div", "sc-numbers");
    (slide.numbers || []).forEach(function (n) {
      var box = node("div", "sc-number");
      var line = node("div");
      line.appendChild(node("span", "sc-number-value", n.value));
      line.appendChild(node("span", "sc-number-unit", n.unit || ""));
      box.appendChild(line);
      box.appendChild(node("div", "sc-number-label", n.label));
      grid.appendChild(box);
    });
    section.appendChild(grid);
  }

  function honoursSlide(slide, section) {
    section.appendChild(node("h1", "sc-slide-title", slide.title));
    var list = node("ul", "sc-honours");
    (slide.honours || []).forEach(function (h) {
      var item = node("li");
      item.appendChild(node("span", "sc-honour-level", h.level));
      item.appendChild(node("span", "sc-honour-title", h.title));
      item.appendChild(node("span", "sc-honour-owner", h.owner + (h.year ? " · " + h.year : "")));
      list.appendChild(item);
    });
    section.appendChild(list);
  }

  function build(slide) {
    var section = node("section", "sc-slide sc-slide-" + slide.kind);
    section.setAttribute("data-kind", slide.kind);
    section.setAttribute("aria-hidden", "true");
    if (slide.kind === "brand") { brandSlide(slide, section); }
    else if (slide.kind === "numbers") { numbersSlide(slide, section); }
    else { honoursSlide(slide, section); }
    return section;
  }

  function refresh() {
    if (!source || !window.fetch) { return; }
    window.fetch(source, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.slides || !data.slides.length) { return; } // keep showing what we have
        root.replaceChildren.apply(root, data.slides.map(build));
        show(0);
      })
      .catch(function () { /* the network may drop for a while: try again next time */ });
  }

  function tick() {
    if (!clock) { return; }
    var now = new Date();
    var pad = function (v) { return (v < 10 ? "0" : "") + v; };
    clock.textContent = now.getFullYear() + "年" + (now.getMonth() + 1) + "月" + now.getDate() + "日 " +
      pad(now.getHours()) + ":" + pad(now.getMinutes());
  }

  var fullscreen = document.getElementById("sc-fullscreen");
  if (fullscreen && document.documentElement.requestFullscreen) {
    fullscreen.addEventListener("click", function () { document.documentElement.requestFullscreen(); });
  } else if (fullscreen) {
    fullscreen.hidden = true;
  }

  if (progress) { progress.style.animationDuration = seconds + "s"; }
  tick();
  show(0);
  window.setInterval(next, seconds * 1000);
  window.setInterval(refresh, refreshMinutes * 60 * 1000);
  window.setInterval(tick, 20 * 1000);
}());
