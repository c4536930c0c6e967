// Account form (invitation, account page): progressive disclosure. Only the group of the chosen role, and
// a new organisation or service only when none is chosen in the list. Without JavaScript, everything is
// shown and the server ignores what the role does not need.
(function () {
  "use strict";
  var formulaire = document.getElementById("formulaire-compte");
  if (!formulaire) { return; }
  function montrer() {
    var coche = formulaire.querySelector("input[name='role']:checked");
    var role = coche ? coche.value : "";
    formulaire.querySelectorAll("[data-role]").forEach(function (groupe) {
      groupe.hidden = groupe.getAttribute("data-role") !== role;
    });
    formulaire.querySelectorAll("[data-nouveau]").forEach(function (bloc) {
      var liste = document.getElementById(bloc.getAttribute("data-liste"));
      bloc.hidden = Boolean(liste && liste.value);
    });
  }
  formulaire.addEventListener("change", montrer);
  montrer();
})();
