// Portail AMI SPIE — the live character counter of the long text fields (ami.saisie: TEXTE_MAX).
// Every <textarea data-max-caracteres="N"> gets, under it, « 1 234 / 5 000 caractères » (read with the
// field: aria-describedby), and a polite live region that speaks only when a threshold is crossed (80 %,
// 90 %, the limit, over it, back under it) — not at each key. No maxlength: a pasted text stays whole,
// the counter and the server's error say how much is too long.
(function () {
  "use strict";
  var chiffres = new Intl.NumberFormat("fr-FR");
  var SEUILS = [0.8, 0.9];

  function longueur(texte) {
    return Array.from(texte).length; // code points, as the server counts them
  }

  function niveau(n, max) {
    if (n > max) { return 4; }
    if (n === max) { return 3; }
    if (n >= max * SEUILS[1]) { return 2; }
    if (n >= max * SEUILS[0]) { return 1; }
    return 0;
  }

  function annonce(n, max, niveauActuel, precedent) {
    var reste = max - n;
    if (niveauActuel === 4) {
      return "Limite dépassée de " + chiffres.format(n - max) + " caractère" + (n - max > 1 ? "s" : "") +
        " : raccourcissez ce texte pour qu’il soit enregistré.";
    }
    if (niveauActuel === 3) { return "Limite de " + chiffres.format(max) + " caractères atteinte."; }
    if (niveauActuel > 0) {
      return "Il vous reste " + chiffres.format(reste) + " caractère" + (reste > 1 ? "s" : "") + ".";
    }
    return precedent === 4 ? "Le texte est de nouveau sous la limite." : "";
  }

  function mettreAJour(champ) {
    var max = parseInt(champ.getAttribute("data-max-caracteres"), 10);
    var compteur = document.getElementById(champ.id + "-compteur");
    if (!max || !compteur) { return; }
    var n = longueur(champ.value);
    compteur.textContent = chiffres.format(n) + " / " + chiffres.format(max) + " caractères" +
      (n > max ? " : " + chiffres.format(n - max) + " de trop" : "");
    compteur.classList.toggle("fr-error-text", n > max);
    var actuel = niveau(n, max);
    var precedent = parseInt(champ.getAttribute("data-compteur-niveau") || "0", 10);
    if (actuel !== precedent) {
      var message = annonce(n, max, actuel, precedent);
      var region = document.getElementById(champ.id + "-compteur-annonce");
      if (region && message) { region.textContent = message; }
      champ.setAttribute("data-compteur-niveau", String(actuel));
    }
  }

  function equiper(champ) {
    if (!champ.id || document.getElementById(champ.id + "-compteur")) { return; }
    var compteur = document.createElement("p");
    compteur.id = champ.id + "-compteur";
    compteur.className = "fr-hint-text compteur-caracteres";
    var region = document.createElement("p");
    region.id = champ.id + "-compteur-annonce";
    region.className = "fr-sr-only";
    region.setAttribute("aria-live", "polite");
    champ.insertAdjacentElement("afterend", region);
    champ.insertAdjacentElement("afterend", compteur);
    var decrit = (champ.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (decrit.indexOf(compteur.id) < 0) { decrit.push(compteur.id); }
    champ.setAttribute("aria-describedby", decrit.join(" "));
    champ.setAttribute("data-compteur-niveau", String(niveau(longueur(champ.value),
      parseInt(champ.getAttribute("data-max-caracteres"), 10))));
    mettreAJour(champ);
  }

  function equiperTout(racine) {
    if (!racine || !racine.querySelectorAll) { return; }
    if (racine.matches && racine.matches("textarea[data-max-caracteres]")) { equiper(racine); }
    racine.querySelectorAll("textarea[data-max-caracteres]").forEach(equiper);
  }

  document.addEventListener("input", function (evt) {
    if (evt.target.matches && evt.target.matches("textarea[data-max-caracteres]")) { mettreAJour(evt.target); }
  });
  // Content swapped in by htmx (a section saved with the button, a row added) gets its counters too.
  document.addEventListener("htmx:load", function (evt) { equiperTout(evt.detail && evt.detail.elt); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { equiperTout(document); });
  } else {
    equiperTout(document);
  }
})();
