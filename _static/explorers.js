/* Accessibility patches for the course explorers (widgets/explorers).
 *
 * ipywidgets' slider (noUiSlider inside the embedded widget manager) has no accessible name and
 * announces its index, not the value the reader sees. For every widget with the CSS class
 * `course-slider` this script:
 *   - sets aria-label on the focusable handle to the slider's label (the widget description);
 *   - sets aria-valuetext to the visible value label (the readout), and keeps it in step;
 *   - adds Home/End keys (first/last position) if the slider does not handle them itself.
 * Readouts (`course-readout`) become polite live regions, so a change is announced once.
 * Widgets render after the page loads, so a MutationObserver re-applies the patches. No network.
 */
(function () {
  "use strict";

  function text(el) {
    return el ? (el.value !== undefined && el.tagName === "INPUT" ? el.value : el.textContent).trim() : "";
  }

  function setAttr(el, name, value) {
    if (value && el.getAttribute(name) !== value) {
      el.setAttribute(name, value);
    }
  }

  function press(handle, key, times) {
    for (var i = 0; i < times; i++) {
      handle.dispatchEvent(new KeyboardEvent("keydown", {key: key, code: key, bubbles: true, cancelable: true}));
    }
  }

  function onKey(event) {
    if (event.key !== "Home" && event.key !== "End") {
      return;
    }
    var handle = event.currentTarget;
    var now = Number(handle.getAttribute("aria-valuenow"));
    var min = Number(handle.getAttribute("aria-valuemin"));
    var max = Number(handle.getAttribute("aria-valuemax"));
    // Let the slider act first; if the value did not move to the end, step there with arrows.
    window.setTimeout(function () {
      var after = Number(handle.getAttribute("aria-valuenow"));
      var target = event.key === "Home" ? min : max;
      if (after !== target && after === now && isFinite(target) && isFinite(now)) {
        press(handle, event.key === "Home" ? "ArrowLeft" : "ArrowRight", Math.round(Math.abs(target - now)));
      }
    }, 0);
  }

  function patchSlider(root) {
    var handle = root.querySelector(".noUi-handle") || root.querySelector("[role='slider']");
    if (!handle) {
      return;
    }
    setAttr(handle, "aria-label", text(root.querySelector(".widget-label")));
    setAttr(handle, "aria-valuetext", text(root.querySelector(".widget-readout")));
    if (!handle.hasAttribute("data-course-keys")) {
      handle.setAttribute("data-course-keys", "1");
      handle.addEventListener("keydown", onKey);
    }
  }

  function patch(scope) {
    scope.querySelectorAll(".course-slider").forEach(patchSlider);
    scope.querySelectorAll(".course-readout").forEach(function (el) {
      setAttr(el, "aria-live", "polite");
      setAttr(el, "aria-atomic", "true");
    });
  }

  var pending = false;
  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        patch(document);
      });
    }
  }

  function start() {
    patch(document);
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        var r = records[i];
        // Ignore the attributes this script sets itself.
        if (r.type === "attributes" && r.attributeName === "aria-valuetext") {
          continue;
        }
        schedule();
        return;
      }
    }).observe(document.body, {
      subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ["aria-valuenow", "aria-valuetext", "class"]
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
