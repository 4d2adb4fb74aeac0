// Optional enhancement: the page works without it. Ticking a criterion or
// changing the sort submits the search form at once instead of waiting for
// "Apply"; the Apply buttons are then hidden (see .js .apply in style.css).
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
  });
})();
