// The API reference page: Swagger UI (served from this host, see
// static_files.py) showing the document at the URL the page names.
// swagger-ui-bundle carries Swagger UI 4, which reads OpenAPI 3.0 only: the
// document is 3.1 (what apispec writes and clients get), so the page hands
// Swagger UI a copy labelled 3.0.3 — the paths, parameters and schemas are
// the same; a nullable type shows as its list of types.
(function () {
  "use strict";
  var holder = document.getElementById("swagger-ui");
  if (!holder || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  var failed = function () {
    holder.textContent = "接口文档加载失败，请刷新页面重试。";
  };
  fetch(holder.getAttribute("data-spec-url"), { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    })
    .then(function (spec) {
      spec.openapi = "3.0.3";
      holder.textContent = "";
      window.SwaggerUIBundle({
        spec: spec,
        domNode: holder,
        deepLinking: true,
        // No calls home: the intranet has no internet, and the validator
        // badge would post the document to swagger.io.
        validatorUrl: null,
        tryItOutEnabled: false
      });
    })
    .catch(failed);
})();
