// The dossier page of the instruction (instruction/templates/instruction/dossier.html), organised in
// DSFR tabs. When the page comes back with errors, the error summary (or the refusal) at the top takes
// the focus. A link to a field or to a tab (the summary's, « onglet Recevabilité ») first shows the tab
// that holds it, then moves the focus there. Without this script the server already shows the tab of
// the form sent back, and ``?onglet=`` opens a given tab.
(function () {
  "use strict";

  function montrer(panneau, ensuite) {
    if (!panneau.classList.contains("fr-tabs__panel--selected")) {
      var onglet = document.getElementById(panneau.getAttribute("aria-labelledby"));
      if (onglet) onglet.click(); // the DSFR's tabs select the panel on the tab's click
    }
    // The DSFR renders the selection at the next frames, and a hidden panel's field takes no focus:
    // wait until the panel is shown (a second at most).
    var essais = 0;
    (function attendre() {
      var montre = panneau.classList.contains("fr-tabs__panel--selected") &&
        window.getComputedStyle(panneau).visibility === "visible";
      if (montre || essais++ > 60) ensuite();
      else window.requestAnimationFrame(attendre);
    })();
  }

  function aller(cible) {
    cible.scrollIntoView({ block: "center" });
    cible.focus({ preventScroll: true });
  }

  document.addEventListener("click", function (evenement) {
    var lien = evenement.target.closest("a[data-onglet], a[href^='#']");
    if (!lien) return;
    var nom = lien.getAttribute("data-onglet");
    var cible = nom
      ? document.getElementById("onglet-" + nom)
      : document.getElementById(decodeURIComponent(lien.getAttribute("href").slice(1)));
    var panneau = nom
      ? document.getElementById("panneau-" + nom)
      : cible && cible.closest(".fr-tabs__panel");
    if (!cible || !panneau) return;
    evenement.preventDefault();
    montrer(panneau, function () { aller(cible); });
  });

  function ouvrir() {
    var annonce = document.getElementById("resume-erreurs") || document.getElementById("erreur-action");
    if (annonce) {
      annonce.focus();
      return;
    }
    var cible = window.location.hash && document.getElementById(window.location.hash.slice(1));
    var panneau = cible && cible.closest(".fr-tabs__panel");
    if (panneau) montrer(panneau, function () { aller(cible); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ouvrir);
  else ouvrir();
})();
