// The queue's batch actions (instruction/templates/instruction/partials/selection_page.html): the box
// « Sélectionner tous les dossiers de cette page » ticks or unticks every row, a row unticked unticks it,
// and the number of dossiers selected is announced. Without this script the server reads the box itself
// (the page's ids go with the form).
(function () {
  "use strict";

  function demarrer() {
    var formulaire = document.getElementById("selection-file");
    var tout = document.getElementById("selection-toute-la-page");
    if (!formulaire || !tout) return;
    var compte = document.getElementById("selection-compte");
    function lignes() {
      return Array.prototype.slice.call(formulaire.querySelectorAll("input.selection-dossier"));
    }
    function annoncer() {
      var cochees = lignes().filter(function (l) { return l.checked; }).length;
      var total = lignes().length;
      tout.checked = total > 0 && cochees === total;
      tout.indeterminate = cochees > 0 && cochees < total;
      if (compte) {
        compte.textContent = cochees === 0 ? "Aucun dossier sélectionné." :
          cochees + (cochees > 1 ? " dossiers sélectionnés." : " dossier sélectionné.");
      }
    }
    tout.addEventListener("change", function () {
      lignes().forEach(function (l) { l.checked = tout.checked; });
      annoncer();
    });
    formulaire.addEventListener("change", function (evenement) {
      if (evenement.target.classList.contains("selection-dossier")) annoncer();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", demarrer);
  else demarrer();
})();
