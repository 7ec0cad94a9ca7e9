// Warn before leaving a form with unsaved changes: <form data-unsaved-warning>.
// Only a nicety: the page works without it.
document.querySelectorAll("form[data-unsaved-warning]").forEach((form) => {
  let dirty = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("change", () => { dirty = true; });
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
});
