// Portail AMI SPIE — htmx glue, nothing else.
(function () {
  "use strict";
  function jetonCsrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
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
