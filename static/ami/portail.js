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
  // Rows of the section (members, indicators, budget lines) typed in since the last autosave: an autosave,
  // and the « Enregistrer » button (``data-lignes-saisies``), send only those (and the rows still showing
  // an error), listed in « _lignes »; the buttons of a conflict, and a browser without JavaScript, send
  // every row.
  var lignesModifiees = new Set();
  function marquerLigne(evt) {
    var ligne = evt.target.closest && evt.target.closest("#formulaire-section .ligne[id^='ligne-']");
    if (ligne) { lignesModifiees.add(ligne.id.slice("ligne-".length)); }
  }
  document.addEventListener("input", marquerLigne, true);
  document.addEventListener("change", marquerLigne, true);
  function limiterAuxLignesModifiees(evt, params) {
    var formulaire = document.getElementById("formulaire-section");
    var declencheur = evt.detail.triggeringEvent, bouton = declencheur && declencheur.submitter;
    var enregistrer = bouton && bouton.hasAttribute && bouton.hasAttribute("data-lignes-saisies");
    if (!formulaire || !params || typeof params.get !== "function" ||
        (params.get("_autosave") !== "1" && !enregistrer)) { return; }
    // While a conflict is shown, « Enregistrer » sends every row: the rows in conflict, sent before and
    // not written, meet their conflict again (it is no choice).
    if (enregistrer && document.querySelector("#statut-enregistrement .conflit")) { return; }
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
    // the base of each field (« nom:empreinte,… », the conflict check) only for the fields sent
    if (typeof params.get("_base") === "string") {
      params.set("_base", params.get("_base").split(",").filter(function (paire) {
        var morceaux = paire.split(":")[0].split("-");
        return !(morceaux.length > 2 && autres.has(morceaux[0] + "-" + morceaux[1]));
      }).join(","));
    }
    params.set("_lignes", Array.from(envoyees).join(","));
    lignesModifiees.clear();
    evt.detail.elt._lignesEnvoyees = envoyees;  // typed in again if the save fails
  }
  // An autosave sends the base of the rows it sends only, and its answer gives back theirs (out of band,
  // #base-section): the page keeps the base of its other rows, merged, never replaced — else a row saved
  // by someone else meanwhile and typed in here next would have no base, and be overwritten without a
  // conflict (a field without base counts as loaded with the stored value).
  function lireBases(valeur) {
    var bases = new Map();
    (valeur || "").split(",").forEach(function (paire) {
      if (paire) { bases.set(paire.split(":")[0], paire); }
    });
    return bases;
  }
  document.addEventListener("htmx:oobBeforeSwap", function (evt) {
    var actuelle = evt.detail.target, fragment = evt.detail.fragment;
    var nouvelle = fragment && fragment.querySelector ? fragment.querySelector("#base-section") : null;
    if (!actuelle || actuelle.id !== "base-section" || !nouvelle) { return; }
    var bases = lireBases(actuelle.value);
    lireBases(nouvelle.getAttribute("value")).forEach(function (paire, nom) { bases.set(nom, paire); });
    var fusion = Array.from(bases.values()).join(",");
    nouvelle.setAttribute("value", fusion);
    nouvelle.value = fusion;
  });
  // After a failed save (server error, no network: htmx fires afterRequest before sendError) or a
  // conflict, the rows sent count as typed in again.
  document.addEventListener("htmx:afterRequest", function (evt) {
    var envoyees = evt.detail.elt && evt.detail.elt._lignesEnvoyees;
    var conflit = document.querySelector("#statut-enregistrement .conflit");  // nothing written either
    if (envoyees && (!evt.detail.successful || conflit)) {
      envoyees.forEach(function (p) { lignesModifiees.add(p); });
    }
    if (evt.detail.elt) { evt.detail.elt._lignesEnvoyees = null; }
  });
  // While a conflict is shown (partials/statut.html), the autosave waits: nothing is written until the person
  // chooses with one of its buttons (the server refuses it anyway: the page keeps its base).
  function autosave(params) {
    return params && (typeof params.get === "function" ? params.get("_autosave") : params._autosave) === "1";
  }
  document.addEventListener("htmx:configRequest", function (evt) {
    var params = evt.detail.formData || evt.detail.parameters;
    if (autosave(params) && document.querySelector("#statut-enregistrement .conflit")) {
      evt.preventDefault();
      return;
    }
  });
  document.addEventListener("htmx:configRequest", function (evt) {
    if (evt.defaultPrevented) { return; }
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
  // A save that may go through a moment later (no network, 502/503/504: the server restarting) is tried
  // again, after 2, 4, 8, 16 then 30 s, at most 6 times in a row; the status says when.
  var RETENTABLES = { 0: true, 502: true, 503: true, 504: true };
  var essais = 0, minuterie = null;
  function reessayer(evt) {
    var xhr = evt.detail.xhr, formulaire = document.getElementById("formulaire-section");
    var statut = document.getElementById("statut-enregistrement");
    if (!formulaire || !statut || !formulaire.contains(evt.detail.elt)) { return; }
    if (!xhr || !RETENTABLES[xhr.status] || essais >= 6) { return; }
    var delai = Math.min(30, Math.pow(2, essais + 1));
    essais += 1;
    var message = statut.querySelector(".fr-message--error");
    if (message) { message.textContent += " Nouvel essai automatique dans " + delai + " s."; }
    clearTimeout(minuterie);
    minuterie = setTimeout(function () {
      formulaire.dispatchEvent(new Event("change", { bubbles: true }));  // the autosave's trigger
    }, delai * 1000);
  }
  document.addEventListener("htmx:afterRequest", function (evt) {
    if (evt.detail.successful) { essais = 0; clearTimeout(minuterie); return; }
    // after the status's message (the listeners above), on the same event
    setTimeout(function () { reessayer(evt); }, 0);
  });
  // Before leaving the page: a warning while something typed is not saved (a failed save, a conflict
  // not resolved, a save still on its way or not sent yet).
  var modifieLe = 0, enregistreLe = 0;
  function dansLeFormulaire(evt) {
    return evt.target && evt.target.closest && evt.target.closest("#formulaire-section") &&
      !(evt.target.name || "").startsWith("_");
  }
  function noterModification(evt) { if (dansLeFormulaire(evt)) { modifieLe = Date.now(); } }
  document.addEventListener("input", noterModification, true);
  document.addEventListener("change", function (evt) { if (evt.isTrusted) { noterModification(evt); } }, true);
  // Each post of the section, on its own request (the form's own submission swaps the form out of the
  // page: no event of it reaches the document afterwards, its request still ends).
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var xhr = evt.detail.xhr, envoye = Date.now();
    if (!xhr || !document.getElementById("formulaire-section") || !evt.detail.requestConfig ||
        evt.detail.requestConfig.verb !== "post") { return; }
    // Saved: the answer's status says so (« Enregistré », « Brouillon enregistré… à corriger »), neither an
    // error (expired session or page, refusal) nor a conflict.
    xhr.addEventListener("loadend", function () {
      if (xhr.status < 200 || xhr.status >= 300) { return; }
      setTimeout(function () {
        var statut = document.getElementById("statut-enregistrement");
        if (statut && !statut.querySelector(".conflit, .fr-message--error, .fr-alert--error")) {
          enregistreLe = Math.max(enregistreLe, envoye);
        }
      }, 0);
    });
  });
  window.addEventListener("beforeunload", function (evt) {
    if (document.getElementById("formulaire-section") && modifieLe > enregistreLe) {
      evt.preventDefault();
      evt.returnValue = "";  // the browser shows its own question
    }
  });
})();
