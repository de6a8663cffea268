// « Courriers à imprimer »: one button prints every letter (the page works without it,
// with the browser's own « Imprimer »).
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("imprimer");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
