// Portail AMI SPIE — the behaviours of buttons that need a script, bound here rather than in inline
// handlers (the Content-Security-Policy allows none).
(function () {
  "use strict";
  // « Imprimer » buttons: data-imprimer.
  document.addEventListener("click", function (evt) {
    var bouton = evt.target.closest && evt.target.closest("[data-imprimer]");
    if (bouton) { window.print(); }
  });
  // A form sent once (the dépôt): its buttons are disabled as soon as the browser sends it, that is once
  // its fields are valid (a form without novalidate fires no submit event otherwise).
  document.addEventListener("submit", function (evt) {
    var formulaire = evt.target;
    if (!formulaire.matches || !formulaire.matches("form[data-envoi-unique]") || evt.defaultPrevented) { return; }
    formulaire.querySelectorAll("button[type='submit'], button:not([type])").forEach(function (bouton) {
      bouton.disabled = true;
    });
  });
})();
