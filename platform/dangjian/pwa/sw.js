// The platform's service worker (served as /sw.js with DJ, its settings, in
// front: see dangjian/pwa/views.py).  What it keeps:
// - the app shell (Bootstrap, the icon font, app.css/app.js, the icons and
//   the offline page), under versioned URLs, answered from the cache;
// - the signed-in member's 我的待办 and 我的学习 pages, network first, so
//   the last copy can be read offline;
// nothing else: no POST, no answer other than a plain 200, and the pages go
// when someone signs out or in (a shared phone must not show the last
// user's pages).
"use strict";

const SHELL = "dangjian-shell-" + DJ.version;
const PAGES = "dangjian-pages-" + DJ.version;
const PAGE_PATTERNS = DJ.pages.map(function (source) { return new RegExp(source); });

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) {
      // The offline page is fetched without cookies: it must show nobody's name.
      const requests = DJ.shell.map(function (url) { return new Request(url); });
      requests.push(new Request(DJ.offline, { credentials: "omit" }));
      return cache.addAll(requests);
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("dangjian-") === 0 && name !== SHELL && name !== PAGES;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// Bumped by every sign-out or sign-in: a page fetched before it (with the
// last user's cookies) and answered after it is not kept.
let generation = 0;

function forgetPages() {
  generation += 1;
  return caches.delete(PAGES);
}

function keepPage(url, response, since) {
  return caches.open(PAGES).then(function (cache) {
    if (since !== generation) return null;
    return isPlainOk(response) ? cache.put(url, response) : cache.delete(url);
  });
}

function isPlainOk(response) {
  return response && response.status === 200 && response.type === "basic" && !response.redirected;
}

function isOfflinePage(url) {
  return PAGE_PATTERNS.some(function (pattern) { return pattern.test(url.pathname); }) && !url.search;
}

function offlineAnswer() {
  return caches.match(DJ.offline, { cacheName: SHELL }).then(function (page) {
    return page || new Response("当前无法连接到服务器，请联网后重试。", {
      status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }
    });
  });
}

// A kept copy says so (pwa.js shows the offline notice): the browser's own
// online flag stays true on a network that is up but cannot reach the server.
function markedAsKept(response) {
  return response.text().then(function (html) {
    return new Response(html.replace("<html ", "<html data-dj-kept "), {
      status: response.status, statusText: response.statusText, headers: response.headers
    });
  });
}

// Network first; a 200 is kept, anything else (signed out: a redirect to the
// login page; no longer allowed: 403/404) drops the copy kept before.
function pageFromNetwork(request) {
  const since = generation;
  return fetch(request).then(function (response) {
    keepPage(request.url, response.clone(), since);
    return response;
  }, function () {
    return caches.match(request.url, { cacheName: PAGES }).then(function (kept) {
      return kept ? markedAsKept(kept) : offlineAnswer();
    });
  });
}

function staticFile(request, url) {
  return caches.match(request, { cacheName: SHELL }).then(function (kept) {
    if (kept) return kept;
    return fetch(request).then(function (response) {
      // Only versioned URLs: their content never changes under the same URL.
      if (isPlainOk(response) && url.searchParams.has("v")) {
        const copy = response.clone();
        caches.open(SHELL).then(function (cache) { return cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === DJ.logout || (url.pathname === DJ.login && request.method !== "GET")) {
    event.waitUntil(forgetPages());
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.indexOf("/static/") === 0 || url.pathname.indexOf("/icons/") === 0) {
    event.respondWith(staticFile(request, url));
  } else if (request.mode === "navigate" && isOfflinePage(url)) {
    event.respondWith(pageFromNetwork(request));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(offlineAnswer));
  }
});

self.addEventListener("message", function (event) {
  const data = event.data || {};
  if (data.type === "logout") {
    event.waitUntil(forgetPages());
  } else if (data.type === "keep" && Array.isArray(data.pages)) {
    // The pages a signed-in member may read offline, fetched once so they
    // are there even if not opened yet (a visit refreshes them).
    const since = generation;
    event.waitUntil(Promise.all(data.pages.map(function (path) {
      const url = new URL(path, self.location.origin);
      if (url.origin !== self.location.origin || !isOfflinePage(url)) return null;
      return caches.match(url.href, { cacheName: PAGES }).then(function (kept) {
        if (kept) return null;
        return fetch(url.href, { credentials: "same-origin" }).then(function (response) {
          return isPlainOk(response) ? keepPage(url.href, response, since) : null;
        }, function () { return null; });
      });
    })));
  }
});
