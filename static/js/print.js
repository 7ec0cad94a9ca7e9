// Print buttons: <button data-print>. Kept out of the page so no inline script is needed.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
