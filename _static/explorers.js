/* Kernel-free course explorers (widgets/explorers/frozen.py): plain HTML, no widget manager.
 *
 * Each explorer (div.course-explorer-frozen) holds native controls (input[type=range] for
 * numbers, a radio group for categories), one <picture> whose <img alt> is the visible frame,
 * an <output aria-live="polite"> readout and a JSON block: file names (wide and phone frame),
 * alt text and readout per position, row-major over the controls. Moving a control swaps the
 * frame, alt, readout and the slider's aria-valuetext. Keyboard (arrows, Home/End, PageUp/Down),
 * mouse and touch are the browser's own. Frames load on demand: the visible one first; its
 * neighbours are prefetched when the browser is idle, once the explorer is on screen.
 * The printable form (details.course-static-details) opens on beforeprint and closes after.
 */
(function () {
  "use strict";
  var NARROW = window.matchMedia ? window.matchMedia("screen and (max-width: 600px)") : null;
  var idle = window.requestIdleCallback || function (fn) { return window.setTimeout(fn, 200); };

  function init(root) {
    if (root.hasAttribute("data-ready")) { return; }
    var node = root.querySelector("script.course-explorer-data");
    if (!node) { return; }
    var data = JSON.parse(node.textContent);
    var base = root.getAttribute("data-frames-base") || "";
    var img = root.querySelector("img.course-frame-img");
    var source = root.querySelector("picture source");
    var readout = root.querySelector("output.course-readout");
    var controls = [].slice.call(root.querySelectorAll(".course-control"));
    var fetched = {};

    function position() {
      return controls.map(function (c) {
        var range = c.querySelector("input[type=range]");
        if (range) { return Number(range.value); }
        var checked = c.querySelector("input[type=radio]:checked");
        return checked ? Number(checked.value) : 0;
      });
    }

    function flat(pos) {
      var k = 0;
      for (var i = 0; i < pos.length; i++) { k = k * data.dims[i] + pos[i]; }
      return k;
    }

    function file(k) {
      var f = data.frames[k];
      return base + f[NARROW && NARROW.matches ? 1 : 0];
    }

    function prefetch(pos) {
      // Neighbours of the current position along every control.
      pos.forEach(function (p, i) {
        [p - 1, p + 1].forEach(function (q) {
          if (q < 0 || q >= data.dims[i]) { return; }
          var n = pos.slice(); n[i] = q;
          var url = file(flat(n));
          if (!fetched[url]) { fetched[url] = true; new Image().src = url; }
        });
      });
    }

    function show() {
      var pos = position();
      var k = flat(pos);
      var f = data.frames[k];
      if (source) { source.srcset = base + f[1]; }
      img.src = base + f[0];
      img.alt = f[2];
      img.loading = "eager";
      readout.textContent = "";
      f[3].split("\n").forEach(function (line, i) {
        if (i) { readout.appendChild(document.createElement("br")); }
        readout.appendChild(document.createTextNode(line));
      });
      controls.forEach(function (c, i) {
        var range = c.querySelector("input[type=range]");
        if (!range) { return; }
        var label = data.params[i].values[pos[i]];
        range.setAttribute("aria-valuetext", label);
        var value = c.querySelector(".course-value");
        if (value) { value.textContent = label; }
      });
      idle(function () { prefetch(pos); });
    }

    root.addEventListener("input", show);
    root.addEventListener("change", show);
    if ("IntersectionObserver" in window) {
      new IntersectionObserver(function (entries, obs) {
        if (entries.some(function (e) { return e.isIntersecting; })) {
          obs.disconnect();
          idle(function () { prefetch(position()); });
        }
      }, {rootMargin: "200px"}).observe(root);
    }
    root.setAttribute("data-ready", "1");
  }

  function openForPrint() {
    document.querySelectorAll("details.course-static-details:not([open])").forEach(function (d) {
      d.setAttribute("open", "");
      d.setAttribute("data-course-print-opened", "1");
    });
  }

  function closeAfterPrint() {
    document.querySelectorAll("details[data-course-print-opened]").forEach(function (d) {
      d.removeAttribute("open");
      d.removeAttribute("data-course-print-opened");
    });
  }

  window.addEventListener("beforeprint", openForPrint);
  window.addEventListener("afterprint", closeAfterPrint);

  function start() {
    document.querySelectorAll(".course-explorer-frozen").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
