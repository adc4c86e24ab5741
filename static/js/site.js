/* Góp ý — the little JavaScript the site has. Every page works without it. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // Every htmx request carries the CSRF token in the X-CSRFToken header.
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });

  // A failed htmx request (403, 404, 429, 500...) is not swapped; say what happened instead.
  function showError(text) {
    var box = document.getElementById("htmx-error");
    if (!box) { return; }
    box.textContent = text;
    box.hidden = false;
  }

  document.addEventListener("htmx:responseError", function (event) {
    var message = "";
    try {
      var doc = new DOMParser().parseFromString(event.detail.xhr.responseText, "text/html");
      var el = doc.querySelector("[data-error-message]");
      message = el ? el.getAttribute("data-error-message") : "";
    } catch (e) { message = ""; }
    showError(message || document.documentElement.getAttribute("data-error-generic") || "Error " + event.detail.xhr.status);
  });

  document.addEventListener("htmx:sendError", function () {
    showError(document.documentElement.getAttribute("data-error-network") || "Network error");
  });

  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("htmx-error");
    if (box) { box.hidden = true; }
  });

  // After a form comes back with errors, move focus to its summary. The event is fired on
  // the swapped-in content: with hx-swap="outerHTML", event.detail.target is the old,
  // detached element, so look in event.target.
  document.addEventListener("htmx:afterSwap", function (event) {
    var swapped = event.target;
    var summary = swapped && swapped.querySelector
      ? swapped.querySelector(".error-summary")
      : null;
    if (summary) { summary.focus(); }
  });
})();
