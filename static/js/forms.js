// Helps with forms; every page works without it (the server checks and explains everything).
//
// 1. Live character count for text with a limit: <textarea data-limit="10000">. Nothing is
//    ever cut (no maxlength): the count says how many characters are too many, and the
//    server refuses over-long text with a message and keeps it. Characters are counted as
//    the server counts them: by code point, a line break as one. Its words come translated
//    from the page: this script's data-text-count and data-text-over (templates/base.html).
// 2. Error summary (<div data-error-summary>): focused when the page loads, so keyboard and
//    screen-reader users start there; its links move the focus to the field to correct.
(() => {
  const texts = document.currentScript ? document.currentScript.dataset : {};
  const numberFormat = new Intl.NumberFormat(document.documentElement.lang || undefined);
  const SPOKEN_DELAY_MS = 1000; // screen readers hear the count once typing pauses

  function fill(text, numbers) {
    return text.replace(/\{(\w+)\}/g, (all, name) =>
      name in numbers ? numberFormat.format(numbers[name]) : all);
  }

  function countText(length, limit) {
    const numbers = { count: length, limit, over: length - limit };
    if (length <= limit) {
      return fill(texts.textCount || "{count} / {limit}", numbers);
    }
    return fill(texts.textOver || "{count} / {limit}", numbers);
  }

  function counterFor(field) {
    let counter = document.getElementById(`${field.id}_count`);
    if (!counter) {
      // Fields rendered by crispy-forms have no counter of their own: add one after them.
      counter = document.createElement("div");
      counter.id = `${field.id}_count`;
      counter.className = "form-text char-count";
      field.insertAdjacentElement("afterend", counter);
      const described = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", `${described ? `${described} ` : ""}${counter.id}`);
    }
    return counter;
  }

  document.querySelectorAll("[data-limit]").forEach((field) => {
    const limit = Number(field.dataset.limit);
    const counter = counterFor(field);
    const spoken = document.createElement("div");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    counter.insertAdjacentElement("afterend", spoken);
    counter.setAttribute("aria-hidden", "true"); // the live region speaks for it
    let timer;
    const update = (speak) => {
      const length = [...field.value].length;
      const text = countText(length, limit);
      counter.textContent = text;
      counter.classList.toggle("text-danger", length > limit);
      counter.classList.toggle("fw-semibold", length > limit);
      clearTimeout(timer);
      if (speak) {
        timer = setTimeout(() => { spoken.textContent = text; }, SPOKEN_DELAY_MS);
      }
    };
    field.addEventListener("input", () => update(true));
    update(false);
  });

  function focusTarget(target) {
    // A group (fieldset, card) is focused on its first control when it has one.
    const control = target.matches("input, textarea, select")
      ? target
      : target.querySelector("input:checked, input:not([type=hidden]), textarea, select");
    const element = control || target;
    if (!control && !element.hasAttribute("tabindex")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
    target.scrollIntoView({ block: "center" });
  }

  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.querySelectorAll("a[href^='#']").forEach((link) => {
      link.addEventListener("click", (event) => {
        const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
        if (target) {
          event.preventDefault();
          focusTarget(target);
          history.replaceState(null, "", link.hash);
        }
      });
    });
  }
})();
