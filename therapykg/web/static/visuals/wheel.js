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

  TKG.wireToolbar(container);
  TKG.fetchJSON(container.dataset.src)
    .then(function (data) {
      var drawing = TKG.draw(container, data, options);
      drawing.network.on("click", function (params) { TKG.openNode(drawing, params); });
      drawing.network.once("afterDrawing", function () {
        TKG.status(
          data.nodes.length - 1 + " graded items. Point at one to read its sentence; select it to open its page."
        );
        TKG.markReady(container);
      });
      drawing.network.fit();
    })
    .catch(TKG.fail);
})();
