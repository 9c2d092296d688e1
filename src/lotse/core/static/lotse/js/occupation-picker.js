// The occupation combobox (lotse/occupations/forms.py): keyboard and pointer choice of a
// suggestion loaded by htmx. WAI-ARIA combobox pattern with aria-activedescendant.
(function () {
  "use strict";

  function parts(element) {
    var picker = element.closest("[data-occupation-picker]");
    if (!picker) return null;
    return {
      input: picker.querySelector("[role=combobox]"),
      value: picker.querySelector("[data-picker-value]"),
      list: picker.querySelector("[role=listbox]"),
    };
  }

  function options(list) {
    return Array.prototype.slice.call(list.querySelectorAll("[role=option]:not([aria-disabled])"));
  }

  function open(p, isOpen) {
    p.list.hidden = !isOpen;
    p.input.setAttribute("aria-expanded", isOpen ? "true" : "false");
    if (!isOpen) p.input.removeAttribute("aria-activedescendant");
  }

  function activate(p, option) {
    options(p.list).forEach(function (o) { o.setAttribute("aria-selected", o === option ? "true" : "false"); });
    if (option) {
      p.input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }
  }

  function choose(p, option) {
    p.value.value = option.dataset.value;
    p.input.value = option.dataset.title;
    open(p, false);
    p.input.dispatchEvent(new CustomEvent("occupation-chosen", { bubbles: true, detail: option.dataset }));
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var p = parts(event.target);
    if (p && event.target === p.list) open(p, p.list.children.length > 0);
  });

  document.addEventListener("input", function (event) {
    var p = parts(event.target);
    if (p && event.target === p.input) p.value.value = "";  // typed text is not a choice yet
  });

  document.addEventListener("keydown", function (event) {
    var p = parts(event.target);
    if (!p || event.target !== p.input) return;
    var all = options(p.list);
    var current = all.indexOf(p.list.querySelector("[aria-selected=true]"));
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) return;
      event.preventDefault();
      open(p, true);
      var step = event.key === "ArrowDown" ? 1 : -1;
      activate(p, all[(current + step + all.length) % all.length]);
    } else if (event.key === "Enter" && !p.list.hidden && current >= 0) {
      event.preventDefault();
      choose(p, all[current]);
    } else if (event.key === "Escape" && !p.list.hidden) {
      event.preventDefault();
      open(p, false);
    }
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest("[data-occupation-picker] [role=option]:not([aria-disabled])");
    if (option) {
      choose(parts(option), option);
      return;
    }
    document.querySelectorAll("[data-occupation-picker]").forEach(function (picker) {
      if (!picker.contains(event.target)) open(parts(picker), false);
    });
  });
})();
