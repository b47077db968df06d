/* Shared by the pictures: fetch vis-network data as JSON, draw it, report status, save PNG.
 * Also the graph view of query results for the editor: TherapyKG.graphView(element, text, type).
 * Every string from the graph reaches the page as text (textContent), never as markup. */
(function () {
  "use strict";
  var TKG = (window.TherapyKG = window.TherapyKG || {});

  TKG.status = function (text, isError) {
    var el = document.getElementById("tkg-status");
    if (!el) return;
    el.textContent = text;
    el.classList.toggle("tkg-error", Boolean(isError));
  };

  TKG.fetchJSON = function (url, init) {
    return fetch(url, init).then(function (response) {
      if (response.ok) return response.json();
      return response.text().then(function (body) {
        throw new Error(response.status + " " + response.statusText + ": " + body.slice(0, 300));
      });
    });
  };

  // A tooltip as an element: first line bold, the rest as paragraphs, all of it plain text.
  TKG.tooltip = function (text) {
    var box = document.createElement("div");
    box.className = "tkg-tip";
    String(text || "").split("\n").forEach(function (line, index) {
      var part = document.createElement(index === 0 ? "strong" : "p");
      part.textContent = line;
      box.appendChild(part);
    });
    return box;
  };

  TKG.prepare = function (items) {
    return items.map(function (item) {
      var copy = Object.assign({}, item);
      copy.text = item.title || "";
      copy.title = TKG.tooltip(item.title);
      return copy;
    });
  };

  TKG.markReady = function (container) {
    container.dataset.state = "ready";
    TKG.readyAt = performance.now();
    container.dispatchEvent(new CustomEvent("tkg:ready", { bubbles: true }));
  };

  // Draw `data` ({nodes, edges}) in `container`; the drawing is TherapyKG.current.
  TKG.draw = function (container, data, options) {
    var nodes = new vis.DataSet(TKG.prepare(data.nodes));
    var edges = new vis.DataSet(TKG.prepare(data.edges));
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
    // vis-network focuses the picture when the pointer enters it, for its keyboard; a focus
    // that scrolled the page would move the node from under the pointer before the click.
    [container, container.querySelector(".vis-network")].forEach(function (element) {
      if (!element) return;
      element.focus = function (settings) {
        HTMLElement.prototype.focus.call(element, Object.assign({ preventScroll: true }, settings));
      };
    });
    network.on("hoverNode", function () { container.classList.add("tkg-pointer"); });
    network.on("blurNode", function () { container.classList.remove("tkg-pointer"); });
    TKG.current = { network: network, nodes: nodes, edges: edges, container: container };
    return TKG.current;
  };

  TKG.savePNG = function (canvas, filename) {
    var copy = document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    var context = copy.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, copy.width, copy.height);
    context.drawImage(canvas, 0, 0);
    var link = document.createElement("a");
    link.href = copy.toDataURL("image/png");
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
  };

  // The toolbar's "Fit to view" and "Download PNG" buttons act on the current drawing.
  TKG.wireToolbar = function (container) {
    document.querySelectorAll("[data-action=fit]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (TKG.current) TKG.current.network.fit({ animation: { duration: 300 } });
      });
    });
    document.querySelectorAll("[data-action=png]").forEach(function (button) {
      button.addEventListener("click", function () {
        var canvas = container.querySelector("canvas");
        if (canvas) TKG.savePNG(canvas, container.dataset.download || "picture.png");
      });
    });
  };

  TKG.fail = function (error) {
    TKG.status("The picture could not be drawn: " + error.message, true);
    throw error;
  };

  TKG.graphOptions = function (count) {
    return {
      physics: {
        solver: "barnesHut",
        barnesHut: { gravitationalConstant: -6000, springLength: 140 },
        stabilization: { enabled: true, iterations: count > 300 ? 150 : 400, fit: true },
      },
      edges: { smooth: false, font: { size: 10, align: "middle" }, arrows: { to: { scaleFactor: 0.6 } } },
      nodes: { font: { size: 13 }, size: 14 },
      interaction: { hover: true, tooltipDelay: 150, keyboard: { enabled: true, bindToWindow: false } },
    };
  };

  // For the editor: draw an RDF result (N-Triples, Turtle, JSON-LD, RDF/XML...) as a network.
  // Resolves to {network, nodes, edges, container, data}; clicking a node opens its page.
  TKG.graphView = function (container, text, mediaType, settings) {
    var drawUrl = (settings && settings.drawUrl) || container.dataset.draw || "/visual/graph.json";
    return TKG.fetchJSON(drawUrl, {
      method: "POST",
      headers: { "Content-Type": mediaType || "application/n-triples", Accept: "application/json" },
      body: text,
    }).then(function (data) {
      if (TKG.current && TKG.current.container === container) TKG.current.network.destroy();
      var drawing = TKG.draw(container, data, TKG.graphOptions(data.nodes.length));
      drawing.data = data;
      drawing.network.once("stabilizationIterationsDone", function () {
        drawing.network.setOptions({ physics: false });
        drawing.network.fit({ animation: false }); // settle the view before saying ready
        TKG.markReady(container);
      });
      drawing.network.on("doubleClick", function (params) { TKG.openNode(drawing, params); });
      drawing.network.on("click", function (params) { TKG.openNode(drawing, params); });
      return drawing;
    });
  };

  TKG.openNode = function (drawing, params) {
    if (!params.nodes.length) return;
    var node = drawing.nodes.get(params.nodes[0]);
    if (node && node.href) window.location.assign(node.href);
  };
})();
