/* The lineage graph: layered, roots at the left; filters, search, expand, show more.
 * No physics: the hierarchical layout's positions are kept, so the picture is interactive at
 * once, and the view never zooms out so far that labels are under 11 px. */
(function () {
  "use strict";
  var TKG = window.TherapyKG;
  var container = document.getElementById("tkg-network");
  if (!container) return;
  var BIG = 250;
  var controls = document.getElementById("tkg-controls");
  var hideLLM = document.getElementById("tkg-hide-llm");
  var selection = document.getElementById("tkg-selection");
  var drawing = null;

  var FONT = 15; // px at scale 1
  var MIN_LABEL = 11; // px on screen: the view never zooms out so far that labels are smaller

  // Layered from roots (left) to descendants (right): a layer's nodes are stacked in a column,
  // where a label's width costs nothing, so a wide layer does not shrink the whole picture.
  function options(count) {
    var big = count > BIG;
    return {
      layout: {
        hierarchical: {
          enabled: true,
          direction: "LR",
          sortMethod: "directed",
          shakeTowards: "roots",
          levelSeparation: 270,
          nodeSpacing: 44,
          treeSpacing: 70,
          blockShifting: true,
          edgeMinimization: !big,
          parentCentralization: true,
        },
      },
      physics: false,
      edges: {
        smooth: big ? false : { type: "cubicBezier", forceDirection: "horizontal", roundness: 0.4 },
        arrows: { to: { enabled: true, scaleFactor: 0.6 } },
      },
      nodes: { font: { size: FONT }, widthConstraint: { maximum: 320 }, size: 12 },
      interaction: {
        hover: true,
        tooltipDelay: 150,
        hideEdgesOnDrag: big,
        hideEdgesOnZoom: big,
        keyboard: { enabled: true, bindToWindow: false },
      },
    };
  }

  // Fit the drawing, but never below the scale at which labels stay readable: a larger drawing
  // starts at its roots (top left) and is panned or zoomed from there.
  function view() {
    var network = drawing.network;
    network.fit({ animation: false });
    var least = MIN_LABEL / FONT;
    if (network.getScale() >= least) return;
    var ids = drawing.nodes.getIds({ filter: function (n) { return !n.hidden; } });
    if (!ids.length) return;
    var box = network.getBoundingBox(ids[0]);
    ids.forEach(function (id) {
      var b = network.getBoundingBox(id);
      box = { left: Math.min(box.left, b.left), top: Math.min(box.top, b.top), right: Math.max(box.right, b.right), bottom: Math.max(box.bottom, b.bottom) };
    });
    var width = container.clientWidth / least, height = container.clientHeight / least;
    network.moveTo({
      position: { x: box.left - 20 + width / 2, y: Math.min(box.top - 20 + height / 2, (box.top + box.bottom) / 2) },
      scale: least,
      animation: false,
    });
  }

  function describeFilters() {
    var state = document.getElementById("tkg-filter-state");
    if (!state) return;
    var hidden = Object.keys(hiddenKinds());
    var parts = [];
    if (hidden.length) parts.push("Hidden: " + hidden.join(", ") + ".");
    if (hideLLM.checked) parts.push("Edges resting only on LLM-tagged sentences are hidden.");
    state.textContent = parts.join(" ");
  }

  function hiddenKinds() {
    var hidden = {};
    controls.querySelectorAll("input[name=kind]").forEach(function (box) {
      if (!box.checked) hidden[box.value] = true;
    });
    return hidden;
  }

  // New or updated items respect the filters that are on.
  function filtered(data) {
    var hidden = hiddenKinds();
    var nodes = data.nodes.map(function (n) { return Object.assign({}, n, { hidden: Boolean(hidden[n.kind]) }); });
    var edges = data.edges.map(function (e) { return Object.assign({}, e, { hidden: hideLLM.checked && e.llm_only }); });
    return { nodes: nodes, edges: edges };
  }

  function merge(data) {
    var fresh = filtered(data);
    drawing.nodes.update(TKG.prepare(fresh.nodes));
    drawing.edges.update(TKG.prepare(fresh.edges));
  }

  function applyKinds() {
    var hidden = hiddenKinds();
    drawing.nodes.update(drawing.nodes.get().map(function (n) { return { id: n.id, hidden: Boolean(hidden[n.kind]) }; }));
    describeFilters();
    view();
  }

  function applyLLM() {
    var hide = hideLLM.checked;
    drawing.edges.update(
      drawing.edges.get({ filter: function (e) { return e.llm_only; } }).map(function (e) { return { id: e.id, hidden: hide }; })
    );
    document.querySelectorAll("#tkg-alternative tr[data-llm-only=true]").forEach(function (row) { row.hidden = hide; });
    describeFilters();
    view(); // hidden edges change the levels: show them all
  }

  function link(text, href) {
    var a = document.createElement("a");
    a.textContent = text;
    a.href = href;
    return a;
  }

  function showSelection(node) {
    selection.replaceChildren();
    var name = document.createElement("strong");
    name.textContent = node.label + " (" + node.kind + ")";
    selection.appendChild(name);
    if (node.href) {
      selection.appendChild(link("Open its page", node.href));
      selection.appendChild(link("Centre the lineage on it", container.dataset.lineage + "/" + node.href.slice(4)));
    }
    selection.hidden = false;
  }

  function expand(node) {
    if (!node.more) return Promise.resolve();
    var url = container.dataset.expand + "?expand=" + encodeURIComponent(node.id);
    return TKG.fetchJSON(url).then(function (data) {
      merge(data);
      drawing.nodes.update({ id: node.id, more: 0 });
      TKG.status("Added the neighbours of " + node.label + ".");
    });
  }

  function focusOn(id) {
    drawing.network.selectNodes([id]);
    drawing.network.focus(id, { scale: 1.1, animation: { duration: 300 } });
    showSelection(drawing.nodes.get(id));
  }

  function search(event) {
    event.preventDefault();
    var wanted = document.getElementById("tkg-search-input").value.trim().toLowerCase();
    if (!wanted) return;
    var all = drawing.nodes.get();
    var match = all.filter(function (n) { return n.label.toLowerCase() === wanted; })[0] ||
      all.filter(function (n) { return n.label.toLowerCase().indexOf(wanted) >= 0; })[0];
    if (match) {
      focusOn(match.id);
      TKG.status("Focused on " + match.label + ".");
    } else {
      window.location.assign(container.dataset.lineage + "/" + encodeURIComponent(wanted));
    }
  }

  function showMore(button) {
    var limit = Number(button.dataset.limit);
    var url = new URL(container.dataset.src, window.location.href);
    url.searchParams.set("limit", String(limit));
    return TKG.fetchJSON(url.toString()).then(function (data) {
      merge(data);
      button.dataset.limit = String(limit * 2);
      button.hidden = !data.truncated;
      TKG.status("Showing " + drawing.nodes.length + " of " + data.total_nodes + " nodes.");
    });
  }

  function wire() {
    controls.addEventListener("submit", search);
    controls.querySelectorAll("input[name=kind]").forEach(function (box) { box.addEventListener("change", applyKinds); });
    hideLLM.addEventListener("change", applyLLM);
    var more = controls.querySelector("[data-action=more]");
    if (more) more.addEventListener("click", function () { showMore(more).catch(TKG.fail); });
    drawing.network.on("click", function (params) {
      if (!params.nodes.length) return;
      var node = drawing.nodes.get(params.nodes[0]);
      showSelection(node);
      expand(node).catch(TKG.fail);
    });
    drawing.network.on("doubleClick", function (params) { TKG.openNode(drawing, params); });
  }

  function ready(data) {
    view(); // settle the view before saying ready
    if (container.dataset.focus && drawing.nodes.get(container.dataset.focus)) {
      drawing.network.selectNodes([container.dataset.focus]);
      showSelection(drawing.nodes.get(container.dataset.focus));
    }
    TKG.status(
      "Showing " + data.nodes.length + " of " + data.total_nodes + " nodes and " +
      data.edges.length + " of " + data.total_edges + " edges."
    );
    TKG.markReady(container);
  }

  TKG.wireToolbar(container);
  TKG.fetchJSON(container.dataset.src)
    .then(function (data) {
      drawing = TKG.draw(container, filtered(data), options(data.nodes.length));
      wire();
      describeFilters();
      // No physics: the layered layout's positions are final, so the picture is drawn at once.
      drawing.network.once("afterDrawing", function () { ready(data); });
      drawing.network.redraw();
    })
    .catch(TKG.fail);
})();
