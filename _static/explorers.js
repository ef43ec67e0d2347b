/* Accessibility patches for the course explorers (widgets/explorers).
 *
 * ipywidgets' slider (noUiSlider inside the embedded widget manager) has no accessible name and
 * announces its index, not the value the reader sees. For every widget with the CSS class
 * `course-slider` this script:
 *   - sets aria-label on the focusable handle to the slider's label (the widget description);
 *   - sets aria-valuetext to the visible value label (the readout), and keeps it in step;
 *   - adds Home/End keys (first/last position) if the slider does not handle them itself.
 *   - makes ipywidgets' own value readout plain text (not editable, not a Tab stop, hidden from
 *     assistive technology, which hears the handle's aria-valuetext instead).
 * ToggleButtons (`course-toggle`) become a named group whose selected button has aria-pressed.
 * The printable form (`details.course-static-details`) opens on beforeprint and closes after.
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
    var readout = root.querySelector(".widget-readout");
    setAttr(handle, "aria-valuetext", text(readout));
    if (readout) {
      // ipywidgets' readout is an editable Tab stop whose edits do not move a SelectionSlider:
      // make it plain text (the handle already announces the value through aria-valuetext).
      setAttr(readout, "contenteditable", "false");
      setAttr(readout, "tabindex", "-1");
      setAttr(readout, "aria-hidden", "true");
    }
    if (!handle.hasAttribute("data-course-keys")) {
      handle.setAttribute("data-course-keys", "1");
      handle.addEventListener("keydown", onKey);
    }
  }

  function patchToggle(root) {
    // ToggleButtons: a named group of buttons; the selected one is pressed.
    var group = root.querySelector(".widget-toggle-buttons") || root;
    setAttr(group, "role", "group");
    setAttr(group, "aria-label", text(root.querySelector(".widget-label")));
    root.querySelectorAll("button").forEach(function (b) {
      setAttr(b, "aria-pressed", b.classList.contains("mod-active") ? "true" : "false");
    });
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

  function patch(scope) {
    scope.querySelectorAll(".course-slider").forEach(patchSlider);
    scope.querySelectorAll(".course-toggle").forEach(patchToggle);
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
        if (r.type === "attributes" && (r.attributeName === "aria-valuetext" ||
            r.attributeName === "aria-pressed")) {
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
