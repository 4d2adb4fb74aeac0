// Optional enhancement: the page works without it. Ticking a criterion or
// changing the sort submits the search form at once instead of waiting for
// "Apply"; the Apply buttons are then hidden (see .js .apply in style.css).
// Empty fields are left out of the URL (without this script the server
// redirects to the same search without them).
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("search");
    if (!form) { return; }
    form.addEventListener("change", function (ev) {
      var t = ev.target;
      if (t && (t.type === "checkbox" || t.tagName === "SELECT")) {
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      }
    });
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.type !== "checkbox" && !String(el.value).trim()) { el.disabled = true; }
      });
    });
    // coming back to the page (history), the fields are usable again
    window.addEventListener("pageshow", function () {
      Array.prototype.forEach.call(form.elements, function (el) { el.disabled = false; });
    });
  });
})();
