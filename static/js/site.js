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

  // Menus and filter panels are <details>: they open and close without JavaScript. Here they
  // also open by themselves on wide screens ([data-open-wide]), close when another header menu
  // opens, on Escape (focus back on the button) and on a click elsewhere.
  var wide = window.matchMedia ? window.matchMedia("(min-width: 60rem)") : null;
  var wideFilters = window.matchMedia ? window.matchMedia("(min-width: 48rem)") : null;

  function syncWide() {
    document.querySelectorAll(".menu-nav[data-open-wide]").forEach(function (el) {
      el.open = !!(wide && wide.matches);
    });
    document.querySelectorAll(".filter-panel[data-open-wide]").forEach(function (el) {
      if (wideFilters && wideFilters.matches) { el.open = true; }
    });
  }

  function headerMenus() {
    return Array.prototype.slice.call(document.querySelectorAll(".site-header details.menu"));
  }

  function closeMenus(except) {
    headerMenus().forEach(function (menu) {
      if (menu !== except && menu.open && !(menu.hasAttribute("data-open-wide") && wide && wide.matches)) {
        menu.open = false;
      }
    });
  }

  document.addEventListener("toggle", function (event) {
    var el = event.target;
    if (el.matches && el.matches(".site-header details.menu") && el.open) { closeMenus(el); }
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = headerMenus().filter(function (menu) {
      return menu.open && !(menu.hasAttribute("data-open-wide") && wide && wide.matches);
    });
    open.forEach(function (menu) {
      var hadFocus = menu.contains(document.activeElement);
      menu.open = false;
      if (hadFocus) { menu.querySelector("summary").focus(); }
    });
  });

  document.addEventListener("click", function (event) {
    var inside = event.target.closest && event.target.closest(".site-header details.menu");
    closeMenus(inside || null);
  });

  // Tables wider than the screen scroll in their own region: reachable and named for the
  // keyboard and screen readers (templates that already say so are left as they are).
  function labelScrollingTables() {
    document.querySelectorAll(".table-wrap:not([tabindex])").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth) { return; }
      var caption = box.querySelector("caption");
      var heading = box.previousElementSibling;
      var name = caption ? caption.textContent : (heading && /^H[1-6]$/.test(heading.tagName) ? heading.textContent : "");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (name) { box.setAttribute("aria-label", name.trim()); }
    });
  }

  function ready() {
    syncWide();
    labelScrollingTables();
    if (wide && wide.addEventListener) {
      wide.addEventListener("change", syncWide);
      wideFilters.addEventListener("change", syncWide);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
