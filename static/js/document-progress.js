// A document's progress page: while the worker prepares the document, ask the server again
// every few seconds and update the status in place. The status is a polite live region, so a
// screen reader announces "ready" when it comes; reloading the whole page instead (a meta
// refresh) would restart the reading at the top every time. Without JavaScript, "Check again"
// does the same by hand.
(() => {
  const page = document.querySelector("[data-document-progress]");
  if (!page || !page.dataset.refresh) {
    return;
  }
  const every = Number(page.dataset.refresh) * 1000;
  const update = (next) => {
    for (const part of page.querySelectorAll("[data-part]")) {
      const fresh = next.querySelector(`[data-part="${part.dataset.part}"]`);
      if (fresh && fresh.innerHTML !== part.innerHTML) {
        part.innerHTML = fresh.innerHTML;
      }
    }
  };
  const check = async () => {
    let next = null;
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      if (response.ok) {
        const html = await response.text();
        next = new DOMParser().parseFromString(html, "text/html");
      }
    } catch (error) {
      // The network or the server hiccuped: ask again at the next turn.
    }
    const fresh = next && next.querySelector("[data-document-progress]");
    if (fresh) {
      update(fresh);
      if (!fresh.dataset.refresh) {
        return; // ready, failed or waiting too long: nothing more to wait for
      }
    }
    window.setTimeout(check, every);
  };
  window.setTimeout(check, every);
})();
