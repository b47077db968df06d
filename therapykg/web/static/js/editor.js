// The SPARQL editor: YASGUI pointed at this server's endpoint, completing from this project's own
// vocabulary (never prefix.cc or LOV), with the named queries offered as examples.
// Loaded as a file (the Content-Security-Policy allows no inline script); its settings come from
// the JSON block #editor-config that the page renders.
(function () {
  "use strict";

  var host = document.getElementById("yasgui");
  var dataBlock = document.getElementById("editor-config");
  if (!host || !dataBlock || !window.Yasgui) {
    return; // no YASGUI: the plain form keeps working
  }
  var config = JSON.parse(dataBlock.textContent);
  var Yasgui = window.Yasgui;
  var vocabulary = null;

  function loadVocabulary() {
    if (!vocabulary) {
      vocabulary = fetch(config.vocabulary, { credentials: "same-origin" }).then(function (r) {
        return r.ok ? r.json() : { classes: [], properties: [] };
      });
    }
    return vocabulary;
  }

  function suggest(kind) {
    return function (yasqe, token) {
      var typed = (token && (token.autocompletionString || token.string) || "").toLowerCase();
      return loadVocabulary().then(function (vocab) {
        return vocab[kind].filter(function (iri) {
          var lower = iri.toLowerCase();
          var local = lower.split(/[#/]/).pop();
          return lower.indexOf(typed) === 0 || (typed && local.indexOf(typed.split(/[#/:]/).pop()) === 0);
        });
      });
    };
  }

  // Replace the completers that ask Linked Open Vocabularies with ones that ask this server.
  Yasgui.Yasqe.forkAutocompleter("class", { name: "tkg-class", get: suggest("classes") }, false);
  Yasgui.Yasqe.forkAutocompleter("property", { name: "tkg-property", get: suggest("properties") }, false);
  var completers = ["prefixes", "variables", "tkg-class", "tkg-property"];
  Yasgui.Yasqe.defaults.autocompleters = completers.slice();
  Yasgui.defaults.yasqe.autocompleters = completers.slice();

  // The server predeclares the project's prefixes; the editor's syntax check does not know that,
  // so the prefixes a query uses are written out at its top.
  function withPrefixes(text) {
    var lines = [];
    Object.keys(config.prefixes).forEach(function (prefix) {
      var used = new RegExp("(^|[\\s(/^|,;.\\[])" + prefix + ":").test(text);
      var declared = new RegExp("PREFIX\\s+" + prefix + ":", "i").test(text);
      if (used && !declared) {
        lines.push("PREFIX " + prefix + ": <" + config.prefixes[prefix] + ">");
      }
    });
    var header = /^#\s*(title|description|param):/;
    var body = text.split("\n").filter(function (line) { return !header.test(line); }).join("\n");
    return (lines.length ? lines.join("\n") + "\n" : "") + body.trim() + "\n";
  }

  var plain = document.getElementById("plain-query");
  var firstQuery = withPrefixes(plain ? plain.value : "SELECT * WHERE { ?s ?p ?o } LIMIT 10");

  var yasgui = new Yasgui(host, {
    persistenceId: null,
    populateFromUrl: false,
    copyEndpointOnNewTab: true,
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: config.endpoint }]; },
      keys: []
    },
    yasqe: { value: firstQuery, prefixCcApi: config.prefixesUrl, autocompleters: completers.slice() }
  });
  yasgui.getTab().setQuery(firstQuery);

  var form = document.getElementById("plain-form");
  if (form && !document.getElementById("results")) {
    form.hidden = true;
  }
  host.parentNode.insertBefore(examplePicker(yasgui), host);

  function examplePicker(gui) {
    var wrap = document.createElement("div");
    wrap.className = "examples";
    var label = document.createElement("label");
    label.textContent = "Start from a named query: ";
    label.htmlFor = "example-select";
    var select = document.createElement("select");
    select.id = "example-select";
    // The menu names what the editor holds: an example's title while the editor holds that
    // example, "your own query" otherwise (on load, and as soon as the text is changed).
    var own = document.createElement("option");
    own.value = "";
    own.textContent = "(your own query)";
    select.appendChild(own);
    config.examples.forEach(function (example, index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = example.title;
      select.appendChild(option);
    });
    var texts = config.examples.map(function (example) { return same(withPrefixes(example.query)); });
    function same(text) { return String(text || "").replace(/\s+/g, " ").trim(); }
    function sync() {
      var tab = gui.getTab();
      var found = tab ? texts.indexOf(same(tab.getQuery())) : -1;
      select.value = found < 0 ? "" : String(found);
    }
    function hook() {
      var tab = gui.getTab();
      var editor = tab && tab.getYasqe && tab.getYasqe();
      if (editor && !editor.tkgMenuHooked) {
        editor.tkgMenuHooked = true;
        editor.on("change", sync);
      }
      sync();
    }
    function chosen() {
      return select.value === "" ? null : config.examples[Number(select.value)];
    }
    select.addEventListener("change", function () {
      var example = chosen();
      if (example) gui.getTab().setQuery(withPrefixes(example.query));
    });
    var here = document.createElement("button");
    here.type = "button";
    here.textContent = "Open here";
    here.addEventListener("click", function () {
      var example = chosen();
      if (example) gui.getTab().setQuery(withPrefixes(example.query));
    });
    var tab = document.createElement("button");
    tab.type = "button";
    tab.textContent = "Open in a new tab";
    tab.addEventListener("click", function () {
      var example = chosen();
      if (!example) return;
      gui.addTab(true, { name: example.name, yasqe: { value: withPrefixes(example.query) } });
      hook();
    });
    gui.on("tabSelect", function () { window.setTimeout(hook, 0); });
    gui.on("tabChange", hook);
    hook();
    wrap.appendChild(label);
    wrap.appendChild(select);
    wrap.appendChild(here);
    wrap.appendChild(tab);
    if (config.graphView) {
      // A CONSTRUCT or DESCRIBE result drawn as a network, on the pictures' graph view.
      var graph = document.createElement("button");
      graph.type = "button";
      graph.id = "show-graph";
      graph.textContent = "Show the result as a graph";
      graph.addEventListener("click", function () {
        window.location.href = config.graphView + "?query=" + encodeURIComponent(gui.getTab().getQuery());
      });
      wrap.appendChild(graph);
    }
    return wrap;
  }
})();
