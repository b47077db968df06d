/* The hub-and-spoke wheel: fixed positions from the server, no physics; a click opens a page. */
(function () {
  "use strict";
  var TKG = window.TherapyKG;
  var container = document.getElementById("tkg-network");
  if (!container) return;

  var options = {
    physics: false,
    nodes: { font: { size: 16, face: "system-ui, sans-serif", color: "#111111" } },
    edges: { smooth: false },
    interaction: {
      hover: true,
      tooltipDelay: 120,
      keyboard: { enabled: true, bindToWindow: false },
    },
  };

  var FONT = 16, MIN_LABEL = 11;

  // Fit the wheel, but never so small that labels are under 11 px: then the hub is centred and
  // the rim is panned to.
  function view(network) {
    network.fit({ animation: false });
    if (network.getScale() < MIN_LABEL / FONT) {
      network.moveTo({ position: { x: 0, y: 0 }, scale: MIN_LABEL / FONT, animation: false });
    }
  }

  TKG.wireToolbar(container);
  TKG.fetchJSON(container.dataset.src)
    .then(function (data) {
      var drawing = TKG.draw(container, data, options);
      drawing.network.on("click", function (params) { TKG.openNode(drawing, params); });
      drawing.network.once("afterDrawing", function () {
        view(drawing.network);
        TKG.status(
          data.nodes.length - 1 + " graded items. Point at one to read its sentence; select it to open its page."
        );
        TKG.markReady(container);
      });
      drawing.network.redraw();
    })
    .catch(TKG.fail);
})();
