// The API reference page: Swagger UI (served from this host, see
// static_files.py) reading the document at the URL the page names.
(function () {
  "use strict";
  var holder = document.getElementById("swagger-ui");
  if (!holder || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: holder.getAttribute("data-spec-url"),
    domNode: holder,
    deepLinking: true,
    // No calls home: the intranet has no internet, and the validator badge
    // would post the document to swagger.io.
    validatorUrl: null,
    persistAuthorization: false,
    tryItOutEnabled: false
  });
})();
