// Portail AMI SPIE — htmx glue, nothing else.
(function () {
  "use strict";
  function jetonCsrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  // Rows of the section (members, indicators, budget lines) typed in since the last autosave: an autosave
  // sends only those (and the rows still showing an error), listed in « _lignes »; the « Enregistrer »
  // button, and a browser without JavaScript, send every row.
  var lignesModifiees = new Set();
  function marquerLigne(evt) {
    var ligne = evt.target.closest && evt.target.closest("#formulaire-section .ligne[id^='ligne-']");
    if (ligne) { lignesModifiees.add(ligne.id.slice("ligne-".length)); }
  }
  document.addEventListener("input", marquerLigne, true);
  document.addEventListener("change", marquerLigne, true);
  function limiterAuxLignesModifiees(evt, params) {
    var formulaire = document.getElementById("formulaire-section");
    if (!formulaire || !params || typeof params.get !== "function" || params.get("_autosave") !== "1") { return; }
    var envoyees = new Set(lignesModifiees);
    formulaire.querySelectorAll(".ligne[id^='ligne-']").forEach(function (ligne) {
      if (ligne.querySelector(".fr-message--error")) { envoyees.add(ligne.id.slice("ligne-".length)); }
    });
    var autres = new Set();
    formulaire.querySelectorAll(".ligne[id^='ligne-']").forEach(function (ligne) {
      var prefixe = ligne.id.slice("ligne-".length);
      if (!envoyees.has(prefixe)) { autres.add(prefixe); }
    });
    Array.from(params.keys()).forEach(function (nom) {
      var morceaux = nom.split("-");
      if (morceaux.length > 2 && autres.has(morceaux[0] + "-" + morceaux[1])) { params.delete(nom); }
    });
    params.set("_lignes", Array.from(envoyees).join(","));
    lignesModifiees.clear();
    evt.detail.elt._lignesEnvoyees = envoyees;  // typed in again if the save fails
  }
  // After a failed save (server error, no network: htmx fires afterRequest before sendError), the rows
  // sent count as typed in again.
  document.addEventListener("htmx:afterRequest", function (evt) {
    var envoyees = evt.detail.elt && evt.detail.elt._lignesEnvoyees;
    if (envoyees && !evt.detail.successful) { envoyees.forEach(function (p) { lignesModifiees.add(p); }); }
    if (evt.detail.elt) { evt.detail.elt._lignesEnvoyees = null; }
  });
  document.addEventListener("htmx:configRequest", function (evt) {
    // The CSRF token of the cookie, read at each request: still valid after logging in again in another tab.
    evt.detail.headers["X-CSRFToken"] = jetonCsrf();
    var params = evt.detail.formData || evt.detail.parameters;
    if (params && typeof params.delete === "function") { params.delete("csrfmiddlewaretoken"); }
    else if (params) { delete params.csrfmiddlewaretoken; }
    // The field being typed in: the server never swaps it.
    var actif = document.activeElement;
    if (actif && actif.name) {
      if (params && typeof params.set === "function") { params.set("_champ", actif.name); }
      else if (params) { params._champ = actif.name; }
    }
    limiterAuxLignesModifiees(evt, params);
  });
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var statut = document.getElementById("statut-enregistrement");
    if (statut && evt.detail.requestConfig && evt.detail.requestConfig.verb === "post") {
      statut.setAttribute("aria-busy", "true");
    }
  });
  document.addEventListener("htmx:afterRequest", function () {
    var statut = document.getElementById("statut-enregistrement");
    if (statut) { statut.removeAttribute("aria-busy"); }
  });
  document.addEventListener("htmx:sendError", function () {
    var statut = document.getElementById("statut-enregistrement");
    if (statut) {
      statut.innerHTML = '<p class="fr-message fr-message--error">Connexion au serveur impossible : ' +
        "votre saisie n’est pas encore enregistrée, elle reste dans la page. Réessayez dans un instant.</p>";
    }
  });
})();
