// Diagram labels come from spec text. Mermaid's "strict" security level keeps them from running script or
// binding `click` handlers; it is Mermaid's default today, and this makes it so whatever the theme passes
// to mermaid.initialize (Material calls it itself). Directives inside a diagram cannot change the level.
(function () {
  var mermaid = window.mermaid;
  if (!mermaid) return;
  var initialize = mermaid.initialize.bind(mermaid);
  mermaid.initialize = function (config) {
    return initialize(Object.assign({}, config, { securityLevel: "strict" }));
  };
  mermaid.initialize({ startOnLoad: false });
})();
