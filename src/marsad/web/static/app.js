// Progressive enhancement only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Article page: toggle each annotation layer's highlighting.
  const text = document.getElementById("text");
  document.querySelectorAll("#legend input[data-layer]").forEach((box) => {
    box.addEventListener("change", () => {
      if (text) text.classList.toggle("hide-" + box.dataset.layer, !box.checked);
    });
  });
  // Upload form: say so before sending a file over the size limit.
  const file = document.querySelector("form.upload input[type=file]");
  const note = document.getElementById("upload-note");
  if (file && note) {
    file.addEventListener("change", () => {
      const max = Number(file.dataset.max || 0);
      const big = file.files.length && max && file.files[0].size > max;
      note.hidden = !big;
      note.textContent = big ? "الملف أكبر من الحد المسموح؛ سيرفضه الخادم." : "";
    });
  }
});
