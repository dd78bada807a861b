// Starts TinyMCE on every <textarea data-rich-editor> (templates/sites/_editor.html).
// Without TinyMCE (not copied into the package: npm ci not run) the textarea stays a plain HTML text box.
// The macro may include this file once per editor on a page: it runs once.
(function () {
  "use strict";
  if (window.djRichEditor) return;
  window.djRichEditor = true;
  var script = document.currentScript;
  var BLOCKS = "正文=p; 一级标题=h2; 二级标题=h3; 三级标题=h4; 引用=blockquote";
  // The same elements the server keeps (dangjian.richtext): what one sees
  // while editing is what is saved and shown.
  var VALID = "p,br,hr,h2,h3,h4,strong/b,em/i,u,s,sub,sup,ul,ol[start],li,blockquote," +
    "a[href|title],img[src|alt|width|height],figure,figcaption,table,thead,tbody,tfoot,tr," +
    "th[colspan|rowspan],td[colspan|rowspan],caption,colgroup,col[span],span";

  function csrfToken(textarea) {
    var field = textarea.form && textarea.form.querySelector("input[name=csrf_token]");
    if (field) return field.value;
    var meta = document.querySelector("meta[name=csrf-token]");
    return meta ? meta.content : "";
  }

  function uploader(textarea) {
    var url = textarea.getAttribute("data-upload-url");
    if (!url) return null;
    return function (blobInfo) {
      var data = new FormData();
      data.append("file", blobInfo.blob(), blobInfo.filename());
      return fetch(url, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(textarea) }
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok || !body.location) {
            throw { message: body.error || "图片上传失败（" + response.status + "）", remove: true };
          }
          return body.location;
        });
      });
    };
  }

  function start() {
    document.querySelectorAll("textarea[data-rich-editor]").forEach(startOne);
  }

  function load() {
    if (window.tinymce) return start();
    var tag = document.createElement("script");
    tag.src = script.getAttribute("data-tinymce");
    tag.onload = start;
    document.head.appendChild(tag);
  }

  function startOne(textarea) {
    var upload = uploader(textarea);
    tinymce.init({
      target: textarea,
      base_url: textarea.getAttribute("data-base-url"),
      suffix: ".min",
      language: "zh_CN",
      language_url: textarea.getAttribute("data-language-url"),
      promotion: false,
      branding: false,
      menubar: false,
      statusbar: true,
      elementpath: false,
      height: parseInt(textarea.getAttribute("data-height") || "420", 10),
      plugins: "lists link image table autoresize wordcount",
      toolbar: "undo redo | blocks | bold italic underline | bullist numlist | table " + (upload ? "image " : "") + "link | removeformat",
      toolbar_mode: "wrap",
      block_formats: BLOCKS,
      valid_elements: VALID,
      invalid_styles: "*",
      table_default_attributes: {},
      table_default_styles: {},
      table_advtab: false, table_cell_advtab: false, table_row_advtab: false, table_appearance_options: false,
      image_dimensions: false,
      image_description: true,
      link_default_target: "",
      link_target_list: false,
      convert_urls: false,
      relative_urls: false,
      // Word/WPS paste keeps headings, lists, bold and tables; styles are dropped.
      paste_webkit_styles: "none",
      paste_remove_styles_if_webkit: true,
      paste_data_images: !!upload,
      automatic_uploads: !!upload,
      images_upload_handler: upload || undefined,
      images_file_types: "jpg,jpeg,png,gif,webp",
      autoresize_bottom_margin: 20,
      min_height: 300,
      max_height: 900,
      // A file, not content_style: the CSP allows no inline <style>.
      content_css: ["default", textarea.getAttribute("data-content-css")],
      setup: function (editor) {
        // Keep the textarea current so a failed form validation never loses text.
        editor.on("change input undo redo", function () { editor.save(); });
        // TinyMCE fills the word-count button's text only after its first
        // count; until then a screen reader meets a button without a name (the
        // title names it only while the text is empty).
        editor.on("init", function () {
          var counter = editor.getContainer().querySelector(".tox-statusbar__wordcount");
          if (counter) counter.setAttribute("title", "字数统计");
        });
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", load);
  else load();
})();
