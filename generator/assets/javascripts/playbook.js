// What the theme leaves to scripts, for keyboard and screen-reader users: a name for the search dialog,
// and wide tables that scroll sideways reachable by keyboard. Runs after each page load, instant
// navigation included (Material's document$), or once when the theme exposes none.
(function () {
  function fix() {
    document.querySelectorAll('[role="dialog"]:not([aria-label]):not([aria-labelledby])').forEach(function (dialog) {
      dialog.setAttribute("aria-label", "Search");
    });
    document.querySelectorAll(".md-typeset__scrollwrap, .playbook-diagram").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var heading = wrap.previousElementSibling;
        while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
        wrap.setAttribute("aria-label", heading ? heading.textContent.replace(/¶$/, "").trim() : "Table");
      }
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(fix);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fix);
  } else {
    fix();
  }
})();
