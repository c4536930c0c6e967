// Portail AMI SPIE — htmx glue, nothing else.
(function () {
  "use strict";
  // The CSRF token of the page (<meta name="csrf-token">, base.html), never the cookie: it is HttpOnly in
  // production. After a CSRF failure (a new login in another tab), the server sends the current token.
  function jetonCsrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var jeton = evt.detail.xhr && evt.detail.xhr.status === 403 && evt.detail.xhr.getResponseHeader("X-Jeton-CSRF");
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (jeton && meta) {
      meta.content = jeton;
      evt.detail.shouldSwap = true;  // the explanation, where the save status shows (still a failed save)
    }
  });
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
  // A save the server refused (htmx swaps no 4xx/5xx): the reason, where the save status shows (role
  // status, aria-live), instead of the last « Enregistré à … »; what was typed stays in the page. An answer
  // that explains itself there (HX-Retarget: expired session or page) is left to show.
  var REFUS = {
    400: "Le serveur n’a pas pu lire cet envoi",
    403: "Enregistrement refusé : la section n’est peut-être plus modifiable, ou votre session a changé",
    404: "Ce dossier ou cette ligne n’existe plus",
    413: "Votre saisie est trop volumineuse pour être enregistrée : raccourcissez le texte le plus long " +
      "(un texte collé depuis un document peut être très long)",
    503: "Le portail est momentanément indisponible (sa base de données ne répond pas)"
  };
  document.addEventListener("htmx:afterRequest", function (evt) {
    var xhr = evt.detail.xhr;
    var statut = document.getElementById("statut-enregistrement");
    if (!statut || !xhr || !xhr.status || (xhr.status >= 200 && xhr.status < 300)) { return; }
    if (xhr.getResponseHeader("HX-Retarget")) { return; }
    var raison = REFUS[xhr.status] ||
      "Le serveur n’a pas pu enregistrer votre saisie (erreur " + xhr.status + ")";
    var message = document.createElement("p");
    message.className = "fr-message fr-message--error";
    message.textContent = raison + ". Votre dernière saisie n’est pas enregistrée ; elle reste dans la " +
      "page." + (xhr.status === 413 ? "" : " Réessayez dans un instant ; si le problème continue, copiez " +
      "vos textes avant de recharger la page.");
    statut.replaceChildren(message);
  });
  document.addEventListener("htmx:sendError", function () {
    var statut = document.getElementById("statut-enregistrement");
    if (statut) {
      statut.innerHTML = '<p class="fr-message fr-message--error">Connexion au serveur impossible : ' +
        "votre saisie n’est pas encore enregistrée, elle reste dans la page. Réessayez dans un instant.</p>";
    }
  });
})();
