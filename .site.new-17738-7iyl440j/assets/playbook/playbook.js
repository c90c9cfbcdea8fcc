// Mermaid (3.6 MB) only on pages with a diagram. The theme draws diagrams after the page has loaded and
// fetches Mermaid from a CDN unless it is already there, so it is written in now, while the page is still
// being read: script tags written during parsing run in order before the theme starts. The address comes
// from this script's own, so it works at any depth and under any sub-path.
(function () {
  if (!document.querySelector("pre.mermaid, div.mermaid")) return;
  var here = document.currentScript && document.currentScript.src;
  if (!here) return;
  var base = here.slice(0, here.lastIndexOf("/") + 1);
  document.write(
    '<script src="' + base + 'mermaid.min.js"><\/script><script src="' + base + 'mermaid-strict.js"><\/script>'
  );
})();

// What the theme leaves to scripts, and the folded sections of a process page. Each runs after every page
// load, instant navigation included (Material's document$), or once when the theme exposes none.
(function () {
  // For keyboard and screen-reader users: a name for the search dialog, and wide tables that scroll
  // sideways reachable by keyboard.
  function fix() {
    document.querySelectorAll('[role="dialog"]:not([aria-label]):not([aria-labelledby])').forEach(function (dialog) {
      dialog.setAttribute("aria-label", "Search");
    });
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var heading = wrap.previousElementSibling;
        while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
        wrap.setAttribute("aria-label", heading ? heading.textContent.replace(/¶$/, "").trim() : "Table");
      }
    });
  }
  // The folded sections (details.playbook-fold) keep a page short on a phone; on a wide screen they open.
  // A link into one (a step's input, tool or role) opens it by itself: browsers reveal a closed details
  // element that holds the target of a fragment (the browser test checks it). Printing shows them through
  // the stylesheet (details::details-content), which needs no script.
  function unfold() {
    if (!window.matchMedia("(min-width: 60em)").matches) return;
    document.querySelectorAll("details.playbook-fold:not([open])").forEach(function (fold) {
      fold.open = true;
    });
  }
  function onEachPage() {
    fix();
    unfold();
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onEachPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onEachPage);
  } else {
    onEachPage();
  }
})();
