// Portail AMI SPIE — a field with an error says so (WCAG 1.3.1, 3.3.1). An autosave refreshes only the
// error container next to each field (out of band, « <id>-desc-error »), never the field being typed in:
// this marks the field from its container, as the server marks it on load — aria-invalid, aria-describedby
// naming the container, the DSFR error style on the field and its group.
(function () {
  "use strict";
  var SUFFIXE = "-desc-error";
  function marquer(conteneur) {
    var identifiant = conteneur.id.slice(0, -SUFFIXE.length);
    var champ = document.getElementById(identifiant);
    var groupe = document.getElementById(identifiant + "-groupe");
    var erreur = !!conteneur.querySelector(".fr-message--error");
    if (champ) {
      if (erreur) { champ.setAttribute("aria-invalid", "true"); } else { champ.removeAttribute("aria-invalid"); }
      var decrit = (champ.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      if (decrit.indexOf(conteneur.id) < 0) { decrit.push(conteneur.id); champ.setAttribute("aria-describedby", decrit.join(" ")); }
      var base = champ.classList.contains("fr-select") ? "fr-select" : "fr-input";
      if (champ.classList.contains(base)) { champ.classList.toggle(base + "--error", erreur); }
    }
    if (groupe) {
      var classe = groupe.classList.contains("fr-select-group") ? "fr-select-group" : "fr-input-group";
      groupe.classList.toggle(classe + "--error", erreur);
    }
  }
  function tout_marquer() {
    document.querySelectorAll(".fr-messages-group[id$='" + SUFFIXE + "']").forEach(marquer);
  }
  document.addEventListener("htmx:oobAfterSwap", tout_marquer);
  document.addEventListener("htmx:afterSwap", tout_marquer);
  document.addEventListener("htmx:afterRequest", tout_marquer);
})();
