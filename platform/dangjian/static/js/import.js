// Member import: upload with a progress bar, then a "validating" state while
// the server checks every row.  Without this script the form posts normally.
(function () {
  "use strict";

  var form = document.getElementById("import-form");
  if (form && window.XMLHttpRequest && window.FormData) {
    enhanceUpload(form);
  }
  var confirmForm = document.getElementById("confirm-form");
  if (confirmForm) {
    confirmForm.addEventListener("submit", function () {
      var button = document.getElementById("confirm-button");
      window.setTimeout(function () {
        button.disabled = true;
        button.innerHTML = '<span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>' +
          button.getAttribute("data-busy-label");
      }, 0);
    });
  }

  function enhanceUpload(form) {
    var input = form.querySelector("input[type=file]");
    var submit = document.getElementById("import-submit");
    var submitHtml = submit.innerHTML;
    var errors = document.getElementById("file-errors");
    var box = document.getElementById("import-progress");
    var bar = document.getElementById("import-progress-bar");
    var barOuter = bar.parentNode;
    var text = document.getElementById("import-progress-text");
    var percent = document.getElementById("import-progress-percent");
    var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10) || 0;

    input.addEventListener("change", function () { showErrors([]); });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var file = input.files && input.files[0];
      if (!file) { showErrors(["请选择要导入的 Excel 文件（.xlsx）。"]); return; }
      if (maxBytes && file.size > maxBytes) {
        showErrors(["文件太大（" + megabytes(file.size) + "），上限为 " + megabytes(maxBytes) + "。请拆分后分批导入。"]);
        return;
      }
      send(new FormData(form));  // before busy(): disabled inputs are left out
    });

    function send(data) {
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) setProgress(Math.round(event.loaded * 100 / event.total));
      });
      request.upload.addEventListener("load", validating);
      request.addEventListener("load", function () { finished(request); });
      request.addEventListener("error", function () { failed(["网络中断，上传没有完成，请重试。"]); });
      request.addEventListener("abort", function () { failed(["上传已取消。"]); });
      busy();
      request.send(data);
    }

    function finished(request) {
      var data = null;
      try { data = JSON.parse(request.responseText); } catch (ignored) { data = null; }
      if (request.status === 200 && data && data.redirect) {
        text.textContent = "校验完成，正在打开结果…";
        window.location.assign(data.redirect);
      } else if (data && data.errors) {
        failed(data.errors);
      } else if (request.status === 413) {
        failed(["文件太大，超过了系统允许的上限。请拆分后分批导入。"]);
      } else if (request.status === 400) {
        failed(["页面已过期，请刷新页面后重新上传。"]);
      } else if (request.status === 401 || request.status === 403) {
        failed(["登录已失效或没有权限，请刷新页面后重试。"]);
      } else {
        failed(["服务器处理失败（" + request.status + "），请稍后重试。"]);
      }
    }

    function busy() {
      showErrors([]);
      submit.disabled = true;
      input.disabled = true;
      box.classList.remove("d-none");
      bar.classList.remove("progress-bar-striped", "progress-bar-animated");
      text.textContent = "正在上传…";
      setProgress(0);
    }

    function validating() {
      setProgress(100);
      text.textContent = "正在校验…（行数较多时需要几秒钟）";
      percent.textContent = "";
      bar.classList.add("progress-bar-striped", "progress-bar-animated");
      submit.innerHTML = '<span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>正在校验…';
    }

    function failed(messages) {
      box.classList.add("d-none");
      submit.disabled = false;
      input.disabled = false;
      submit.innerHTML = submitHtml;
      showErrors(messages);
    }

    function setProgress(value) {
      bar.style.width = value + "%";
      barOuter.setAttribute("aria-valuenow", String(value));
      percent.textContent = value + "%";
    }

    function showErrors(messages) {
      errors.textContent = "";
      messages.forEach(function (message) {
        var line = document.createElement("div");
        line.textContent = message;
        errors.appendChild(line);
      });
      errors.style.display = messages.length ? "block" : "";
      input.classList.toggle("is-invalid", messages.length > 0);
    }

    function megabytes(size) {
      return (size / 1048576).toFixed(size < 10485760 ? 1 : 0) + " MB";
    }
  }
})();
