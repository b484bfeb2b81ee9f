/* netan view: draws the view model embedded in the page (#netan-data) with vis-network.
 * Every user-supplied string reaches the page through textContent or a canvas label,
 * never as HTML. Positions are precomputed in Python: physics is off. */
(function () {
  "use strict";
  var started = performance.now();
  var model = JSON.parse(document.getElementById("netan-data").textContent);
  var UNKNOWN = "unknown";
  var RING = { "isolated-gps": "#D00000", "brokers": "#111111" };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function tooltip(node) {
    var box = el("div");
    node.details.forEach(function (d) {
      var row = el("div", null, "tip-row");
      row.appendChild(el("b", d[0] + ": "));
      row.appendChild(document.createTextNode(d[1]));
      box.appendChild(row);
    });
    return box;
  }
  var big = model.nodes.length > 1000;
  var visNodes = model.nodes.map(function (n) {
    var ring = n.highlights.length ? RING[n.highlights[0]] : null;
    return {
      id: n.id, x: n.x, y: -n.y, label: n.name, shape: n.shape, size: n.size,
      color: { background: n.colour, border: ring || "#333333",
               highlight: { background: n.colour, border: "#000" } },
      borderWidth: ring ? 5 : 1, borderWidthSelected: ring ? 6 : 2,
      title: tooltip(n), netan: n
    };
  });
  var visEdges = model.edges.map(function (e, i) {
    return {
      id: "e" + i, from: e.source, to: e.target, color: { color: e.colour, opacity: 0.8 },
      width: e.width, dashes: e.dashes, arrows: e.arrows ? "to" : undefined,
      title: (e.type || e.layer) + " (" + e.layers.join(", ") + "), weight " + e.weight,
      netan: e
    };
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);

  // ---- filters -------------------------------------------------------------------
  var chosen = {};
  Object.keys(model.filters).forEach(function (k) {
    chosen[k] = new Set(model.filters[k]);
  });
  function value(v) { return v === null || v === undefined || v === "" ? UNKNOWN : v; }
  function nodeShown(item) {
    var n = item.netan;
    if (!chosen.sector.has(value(n.sector))) return false;
    if (!chosen.level.has(value(n.level))) return false;
    if (n.label === "Person" && !chosen.role.has(value(n.role))) return false;
    return true;
  }
  var nodesView = new vis.DataView(nodes, { filter: nodeShown });
  var edgesView = new vis.DataView(edges, {
    filter: function (item) {
      var e = item.netan;
      if (e.layers.length && !e.layers.some(function (l) { return chosen.layer.has(l); })) {
        return false;
      }
      return nodeShown(nodes.get(e.source)) && nodeShown(nodes.get(e.target));
    }
  });
  function refresh() { nodesView.refresh(); edgesView.refresh(); }

  var filterBox = document.getElementById("netan-filters");
  Object.keys(model.filters).forEach(function (k) {
    if (!model.filters[k].length) return;
    var set = el("fieldset");
    set.appendChild(el("legend", k));
    set.dataset.filter = k;
    model.filters[k].forEach(function (v) {
      var label = el("label");
      var box = el("input");
      box.type = "checkbox"; box.checked = true; box.value = v;
      box.dataset.filter = k;
      box.addEventListener("change", function () {
        if (box.checked) chosen[k].add(v); else chosen[k].delete(v);
        refresh();
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + v));
      set.appendChild(label);
    });
    filterBox.appendChild(set);
  });

  // ---- legend, notes, highlights -------------------------------------------------
  var legend = document.getElementById("netan-legend-list");
  model.legend.forEach(function (entry) {
    var li = el("li");
    li.dataset.kind = entry.kind;
    var mark;
    if (entry.kind === "edge") {
      mark = el("span", null, "line");
      mark.style.borderTopStyle = entry.dashes ? "dashed" : "solid";
      mark.style.borderTopColor = entry.colour;
    } else if (entry.kind === "highlight") {
      mark = el("span", null, "swatch ring");
      mark.style.borderColor = entry.colour;
    } else if (entry.kind === "shape") {
      mark = el("span", null, "swatch " + entry.shape);
      mark.style.background = "#999";
    } else if (entry.kind === "size") {
      mark = el("span", "\u25CF\u2B24", "");
    } else {
      mark = el("span", null, "swatch dot");
      mark.style.background = entry.colour;
    }
    li.appendChild(mark);
    li.appendChild(el("span", entry.text));
    legend.appendChild(li);
  });
  var notes = document.getElementById("netan-notes");
  model.notes.forEach(function (text) { notes.appendChild(el("li", text)); });
  var hl = document.getElementById("netan-highlights-list");
  if (!model.highlights.length) hl.appendChild(el("li", "none"));

  // ---- network ---------------------------------------------------------------------
  var container = document.getElementById("netan-graph");
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, {
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1998 },
    nodes: { font: { size: 12, face: "system-ui, sans-serif" },
             scaling: { label: { drawThreshold: 7 } } },
    edges: { smooth: false, selectionWidth: 1 },
    interaction: { hover: !big, tooltipDelay: 150, hideEdgesOnDrag: big,
                   hideEdgesOnZoom: big, navigationButtons: false, keyboard: false }
  });
  model.highlights.forEach(function (h) {
    var li = el("li", h.name + (h.why ? " (" + h.why + ")" : ""));
    li.dataset.tag = h.tag;
    li.title = h.tag;
    li.addEventListener("click", function () {
      if (nodes.get(h.id)) { network.selectNodes([h.id]); network.focus(h.id, { scale: 1.2 }); }
    });
    hl.appendChild(li);
  });
  if (model.bands.length) {
    var minX = Math.min.apply(null, model.nodes.map(function (n) { return n.x - n.size; }));
    network.on("beforeDrawing", function (ctx) {
      ctx.save();
      ctx.font = "bold 22px system-ui, sans-serif";
      ctx.fillStyle = "#9a9a9a";
      ctx.textAlign = "right";
      model.bands.forEach(function (b) { ctx.fillText(b[0], minX - 30, -b[1] + 7); });
      ctx.restore();
    });
  }
  window.netan = { model: model, network: network, nodes: nodes, edges: edges,
                   nodesView: nodesView, edgesView: edgesView, ready: false,
                   filter: function (k, v, on) {
                     if (on) chosen[k].add(v); else chosen[k].delete(v);
                     refresh();
                   } };
  network.once("afterDrawing", function () {
    window.netan.ready = true;
    window.netan.readyMs = performance.now();
    window.netan.drawMs = performance.now() - started;
    document.body.dataset.ready = "true";
  });
})();
