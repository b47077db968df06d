/* The graph view page: run the query through the SPARQL endpoint, draw the triples. */
(function () {
  "use strict";
  var TKG = window.TherapyKG;
  var container = document.getElementById("tkg-network");
  var query = document.getElementById("tkg-query");
  if (!container || !query) return;
  TKG.wireToolbar(container);

  function listNodes(data) {
    var list = document.getElementById("tkg-alternative");
    list.replaceChildren();
    data.nodes.forEach(function (node) {
      var item = document.createElement("li");
      var name = document.createElement(node.href ? "a" : "span");
      name.textContent = node.label;
      if (node.href) name.href = node.href;
      item.appendChild(name);
      item.appendChild(document.createTextNode(" — " + node.group));
      list.appendChild(item);
    });
  }

  function run(text) {
    var url = container.dataset.sparql + "?query=" + encodeURIComponent(text);
    return fetch(url, { headers: { Accept: "application/n-triples" } })
      .then(function (response) {
        if (!response.ok) {
          return response.text().then(function (body) {
            throw new Error(response.status + ": " + body.slice(0, 300));
          });
        }
        return response.text();
      })
      .then(function (triples) { return TKG.graphView(container, triples, "application/n-triples"); })
      .then(function (drawing) {
        listNodes(drawing.data);
        var shown = drawing.data.nodes.length;
        TKG.status(shown + " of " + drawing.data.total_nodes + " nodes, " + drawing.data.edges.length + " links.");
      });
  }

  if (query.value.trim()) run(query.value).catch(TKG.fail);
})();
