/* netan view: draws the view model embedded in the page (#netan-data) with vis-network.
 * Every user-supplied string reaches the page through textContent or a canvas label,
 * never as HTML. Positions are precomputed in Python: physics is off.
 *
 * Labels are netan's, not vis-network's: after each draw, names are placed where
 * they fit -- highlighted nodes first, then larger nodes -- and a name that would
 * overlap one already placed (or run off the screen) is left out; zooming in
 * makes room for more. The full name is always in the node's tooltip. Level names
 * stay at the left edge of the screen. Highlight rings are drawn around a node,
 * so it keeps its own colour. window.netan.labelBoxes lists what was drawn. */
(function () {
  "use strict";
  var started = performance.now();
  var model = JSON.parse(document.getElementById("netan-data").textContent);
  var UNKNOWN = "unknown";
  var RING = { "isolated-gps": "#D00000", "brokers": "#111111",
               "unlinked-practices": "#D00000" };
  var LABEL_PX = 12, BAND_PX = 14, MAX_LABEL = 30;

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
    return {
      id: n.id, x: n.x, y: -n.y, shape: n.shape, size: n.size,
      color: { background: n.colour, border: "#333333",
               highlight: { background: n.colour, border: "#000" } },
      borderWidth: 1, borderWidthSelected: 2,
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
  if (!model.highlights.length) {
    var none = el("ul");
    none.appendChild(el("li", "none"));
    hl.appendChild(none);
  }

  // ---- network ---------------------------------------------------------------------
  var container = document.getElementById("netan-graph");
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, {
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 1998 },
    nodes: { font: { size: 12, face: "system-ui, sans-serif" } },
    edges: { smooth: false, selectionWidth: 1 },
    interaction: { hover: !big, tooltipDelay: 150, hideEdgesOnDrag: big,
                   hideEdgesOnZoom: big, navigationButtons: false, keyboard: false }
  });
  // the side panel: one section per highlight, with its count
  model.highlight_sections.forEach(function (section) {
    var tag = section[0];
    var rows = model.highlights.filter(function (h) { return h.tag === tag; });
    var box = el("section", null, "highlight-section");
    box.dataset.tag = tag;
    box.appendChild(el("h3", section[1] + " (" + rows.length + ")"));
    var list = el("ul");
    rows.forEach(function (h) {
      var li = el("li", h.name + (h.why ? " (" + h.why + ")" : ""));
      li.dataset.tag = h.tag;
      li.dataset.id = h.id;
      li.addEventListener("click", function () {
        if (nodes.get(h.id)) {
          network.selectNodes([h.id]);
          network.focus(h.id, { scale: 1.2 });
        }
      });
      list.appendChild(li);
    });
    box.appendChild(list);
    hl.appendChild(box);
  });

  // ---- rings, level names and labels, drawn after vis-network's own drawing ------------
  function shortName(name) {
    return name.length > MAX_LABEL ? name.slice(0, MAX_LABEL - 1) + "\u2026" : name;
  }
  var order = model.nodes.slice().sort(function (a, b) {
    var ha = a.highlights.length ? 0 : 1, hb = b.highlights.length ? 0 : 1;
    return ha - hb || b.size - a.size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  });
  function rings(ctx, scale, shown, where) {
    model.nodes.forEach(function (n) {
      if (!n.highlights.length || !shown[n.id]) return;
      var p = where[n.id];
      n.highlights.forEach(function (tag, k) {
        var gap = (3 + 5 * k) / scale, r = n.size + gap + 1.5 / scale;
        ctx.beginPath();
        if (n.shape === "square") ctx.rect(p.x - r, p.y - r, 2 * r, 2 * r);
        else ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
        ctx.lineWidth = 3 / scale;
        ctx.strokeStyle = RING[tag] || "#111111";
        ctx.stroke();
      });
    });
  }
  function labels(ctx, scale) {
    var ids = nodesView.getIds(), shown = {};
    ids.forEach(function (id) { shown[id] = true; });
    var where = network.getPositions(ids);
    rings(ctx, scale, shown, where);
    var view0 = network.DOMtoCanvas({ x: 0, y: 0 });
    var view1 = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    var cell = 80 / scale, grid = {}, placed = [];
    function cells(b, add) {
      var hit = false;
      for (var i = Math.floor(b.left / cell); i <= Math.floor(b.right / cell); i++) {
        for (var j = Math.floor(b.top / cell); j <= Math.floor(b.bottom / cell); j++) {
          var key = i + "," + j, list = grid[key] || (grid[key] = []);
          if (add) { list.push(b); continue; }
          for (var m = 0; m < list.length && !hit; m++) {
            var o = list[m];
            hit = !(b.right <= o.left || b.left >= o.right || b.bottom <= o.top ||
                    b.top >= o.bottom);
          }
        }
      }
      return hit;
    }
    function place(text, left, top, width, height, kind, px, bold) {
      var b = { left: left, top: top, right: left + width, bottom: top + height };
      if (b.left < view0.x || b.right > view1.x || b.top < view0.y || b.bottom > view1.y) {
        return false;
      }
      if (cells(b, false)) return false;
      cells(b, true);
      ctx.font = (bold ? "bold " : "") + (px / scale) + "px system-ui, sans-serif";
      ctx.textBaseline = "top";
      ctx.textAlign = "left";
      ctx.lineWidth = 3 / scale;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(text, left, top + 1 / scale);
      ctx.fillStyle = kind === "band" ? "#6b6b6b" : "#1a1a1a";
      ctx.fillText(text, left, top + 1 / scale);
      var a = network.canvasToDOM({ x: b.left, y: b.top });
      var z = network.canvasToDOM({ x: b.right, y: b.bottom });
      placed.push({ text: text, kind: kind, left: a.x, top: a.y, right: z.x, bottom: z.y });
      return true;
    }
    ids.forEach(function (id) {  // labels keep off the nodes (but may cross ties)
      var n = nodes.get(id), q = where[id];
      if (n && n.netan) {
        cells({ left: q.x - n.size, right: q.x + n.size, top: q.y - n.size,
                bottom: q.y + n.size }, true);
      }
    });
    ctx.save();
    model.bands.forEach(function (band) {  // level names at the left edge of the screen
      ctx.font = "bold " + (BAND_PX / scale) + "px system-ui, sans-serif";
      var w = ctx.measureText(band[0]).width, h = (BAND_PX + 4) / scale;
      place(band[0], view0.x + 6 / scale, -band[1] - h / 2, w, h, "band", BAND_PX, true);
    });
    order.forEach(function (n) {
      if (!shown[n.id]) return;
      var p = where[n.id], text = shortName(n.name);
      ctx.font = (LABEL_PX / scale) + "px system-ui, sans-serif";
      var w = ctx.measureText(text).width, h = (LABEL_PX + 3) / scale;
      var extra = n.highlights.length ? (3 + 5 * n.highlights.length) / scale : 0;
      place(text, p.x - w / 2, p.y + n.size + extra + 2 / scale, w, h, "node", LABEL_PX);
    });
    ctx.restore();
    if (window.netan) window.netan.labelBoxes = placed;
  }
  network.on("afterDrawing", function (ctx) { labels(ctx, network.getScale()); });
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
