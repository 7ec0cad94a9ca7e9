// Sharing page: "Also share the evidence" goes only with "Scores and answers", so the box is
// unticked and disabled while another level is chosen. Without JavaScript the server refuses
// the combination with a message next to the box, and nothing is saved.
(() => {
  const evidence = document.getElementById("id_include_evidence");
  const levels = document.querySelectorAll("input[name='level']");
  if (!evidence || levels.length === 0) {
    return;
  }
  const update = () => {
    const answers = document.querySelector("input[name='level'][value='answers']:checked");
    evidence.disabled = !answers;
    if (!answers) {
      evidence.checked = false;
    }
  };
  levels.forEach((level) => level.addEventListener("change", update));
  // A page sent back with that very error keeps the box as sent, so that the message and its
  // link to the box make sense; choosing a level applies the rule again.
  if (!evidence.classList.contains("is-invalid")) {
    update();
  }
})();
