// Portail AMI SPIE — the rows of a section (members, indicators, expenses, financings) at the keyboard
// (issue 17, point 5). « Ajouter » puts the focus in the new row's first field; each « Retirer » button
// names its row (« Retirer le membre « Emmaüs Roubaix » », or « n° 3 » while unnamed); « Retirer » leaves
// « Membre retiré — Annuler » in the row's place, announced, and moves the focus to the next row's first
// field (or the « Ajouter » button); « Annuler » puts the row back (candidatures.retraits) and focuses it.
// The sticky save bar's height is the page's scroll-padding-bottom, and a field focused half under the bar
// is scrolled above it: a focused field never hides under the bar.
(function () {
  "use strict";
  var LIGNE = ".ligne[id^='ligne-']";
  var CHAMP = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";

  var region = null;
  function annoncer(texte) {
    if (!region) {
      region = document.createElement("div");
      region.id = "annonce-lignes";
      region.className = "fr-sr-only";
      region.setAttribute("aria-live", "polite");
      region.setAttribute("role", "status");
      document.body.appendChild(region);
    }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = texte; }, 100);
  }

  // The rows numbered together: a type of member, a group of expenses (all its actions), else the list.
  function groupeDe(ligne) {
    return ligne.closest("section.type-membre, section.groupe-depenses") || ligne.parentElement;
  }
  function lignesDe(groupe) { return Array.from(groupe.querySelectorAll(LIGNE)); }
  function nomDe(ligne) {
    var nom = ligne.getAttribute("data-champ-nom");
    var champ = nom && ligne.querySelector('[name="' + CSS.escape(nom) + '"]');
    return champ ? champ.value.trim() : "";
  }
  function designation(ligne) {
    var nom = nomDe(ligne);
    return nom ? "« " + nom + " »" : "n° " + (lignesDe(groupeDe(ligne)).indexOf(ligne) + 1);
  }
  function nommer(ligne) {
    var span = ligne.querySelector("[data-nom-ligne]");
    if (span) { span.textContent = " " + designation(ligne); }
  }
  function nommerTout() { document.querySelectorAll(LIGNE).forEach(nommer); }
  function focaliser(element) {
    if (element) { element.focus(); }
    return Boolean(element);
  }
  function boutonAjouter(groupe, liste) {
    return (groupe.matches("section") && groupe.querySelector("[data-ajouter]")) ||
      (liste.id && document.querySelector('[data-ajouter][hx-target="#' + CSS.escape(liste.id) + '"]'));
  }

  document.addEventListener("input", function (evt) {
    var ligne = evt.target.closest && evt.target.closest(LIGNE);
    if (ligne && evt.target.name === ligne.getAttribute("data-champ-nom")) { nommer(ligne); }
  });

  // What the row holds in the page: « Annuler » gives back what was typed, even what no autosave had sent yet
  // (the server puts the row back as it last saved it).
  function valeursDe(ligne) {
    return Array.from(ligne.querySelectorAll(CHAMP)).map(function (champ) {
      return { nom: champ.name, valeur: champ.value, coche: champ.checked };
    });
  }
  function redonner(ligne, valeurs) {
    valeurs.forEach(function (v) {
      ligne.querySelectorAll('[name="' + CSS.escape(v.nom) + '"]').forEach(function (champ) {
        var change = (champ.type === "radio" || champ.type === "checkbox") ?
          (champ.value === v.valeur && champ.checked !== v.coche) : champ.value !== v.valeur;
        if (!change) { return; }
        if (champ.type === "radio" || champ.type === "checkbox") { champ.checked = v.coche; }
        else { champ.value = v.valeur; }
        champ.dispatchEvent(new Event("input", { bubbles: true }));
        champ.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  // Before « Retirer » leaves: where the row was, what follows it, its name.
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var bouton = evt.detail.elt;
    if (!bouton || !bouton.matches || !bouton.matches("[data-retirer]")) { return; }
    var ligne = bouton.closest(LIGNE);
    var groupe = groupeDe(ligne);
    var lignes = lignesDe(groupe);
    bouton._retrait = {
      ligne: ligne, parent: ligne.parentElement, apres: ligne.nextElementSibling, groupe: groupe,
      suivante: lignes[lignes.indexOf(ligne) + 1] || null, nom: designation(ligne), valeurs: valeursDe(ligne)
    };
  });
  document.addEventListener("ami:ligne-retiree", function (evt) {
    if (evt.target) { evt.target._jeton = evt.detail && evt.detail.jeton; }
  });

  function placeRetiree(bouton, retrait) {
    var ligne = retrait.ligne;
    var texte = ligne.getAttribute("data-retiree") + " : " + retrait.nom + ".";
    var place = document.createElement(ligne.tagName === "TR" ? "tr" : "div");
    place.className = "ligne-retiree";
    place.id = "retrait-" + ligne.id;
    var contenu = place;
    if (ligne.tagName === "TR") {
      contenu = document.createElement("td");
      contenu.colSpan = ligne.children.length;
      place.appendChild(contenu);
    }
    var message = document.createElement("p");
    message.className = "fr-mb-0";
    message.textContent = texte + " ";
    var annuler = document.createElement("button");
    annuler.type = "button";
    annuler.className = "fr-btn fr-btn--tertiary fr-btn--sm fr-icon-arrow-go-back-line fr-btn--icon-left";
    annuler.setAttribute("data-annuler-retrait", ligne.id);
    annuler._valeurs = retrait.valeurs;
    annuler.setAttribute("hx-post", bouton.getAttribute("data-retablir"));
    annuler.setAttribute("hx-vals", JSON.stringify({ jeton: bouton._jeton || "" }));
    annuler.setAttribute("hx-target", "#" + place.id);
    annuler.setAttribute("hx-swap", "outerHTML");
    annuler.setAttribute("hx-sync", "#formulaire-section:queue all");
    annuler.textContent = "Annuler";
    var precision = document.createElement("span");
    precision.className = "fr-sr-only";
    precision.textContent = " le retrait : " + texte;
    annuler.appendChild(precision);
    message.appendChild(annuler);
    contenu.appendChild(message);
    var apres = retrait.apres && retrait.apres.parentElement === retrait.parent ? retrait.apres : null;
    retrait.parent.insertBefore(place, apres);
    if (window.htmx) { window.htmx.process(place); }
    return { place: place, texte: texte };
  }

  // « Retirer » and « Annuler » leave the page with their row: htmx then tells the nearest ancestor still in
  // the page, and the button that asked is the request's.
  document.addEventListener("htmx:afterRequest", function (evt) {
    var elt = (evt.detail.requestConfig && evt.detail.requestConfig.elt) || evt.detail.elt;
    if (!elt || !elt.matches || !evt.detail.successful || elt._traite === evt.detail.xhr) { return; }
    elt._traite = evt.detail.xhr;
    // A refusal (the budget's maximum of lines: candidatures.views_lignes) is retargeted to its message
    // next to the button: no row came, the focus stays on the button and the message is announced.
    if (evt.detail.xhr && evt.detail.xhr.getResponseHeader("HX-Retarget")) { return; }
    if (elt.matches("[data-ajouter]")) {
      // The new row is the last of the list the button fills.
      var liste = document.querySelector(elt.getAttribute("hx-target"));
      var lignes = liste ? lignesDe(liste) : [];
      var nouvelle = lignes[lignes.length - 1];
      if (nouvelle) { nommerTout(); focaliser(nouvelle.querySelector(CHAMP)); }
    } else if (elt.matches("[data-retirer]") && elt._retrait && !elt._retrait.ligne.isConnected) {
      var retrait = elt._retrait;
      var place = placeRetiree(elt, retrait);
      nommerTout();
      var suivante = retrait.suivante && retrait.suivante.isConnected ? retrait.suivante : null;
      focaliser((suivante && suivante.querySelector(CHAMP)) ||
        boutonAjouter(retrait.groupe, retrait.parent) || place.place.querySelector("button"));
      annoncer(place.texte + " Le bouton « Annuler » est à sa place.");
    } else if (elt.matches("[data-annuler-retrait]")) {
      var retablie = document.getElementById(elt.getAttribute("data-annuler-retrait"));
      if (retablie) {
        redonner(retablie, elt._valeurs || []);
        nommerTout();
        focaliser(retablie.querySelector(CHAMP));
        annoncer(retablie.getAttribute("data-retablie") + " : " + designation(retablie) + ".");
      }
    }
  });

  // WCAG 2.4.11: the sticky save bar's height, kept in --ami-barre-enregistrement (portail.css makes it the
  // page's scroll-padding-bottom), so that the browser scrolls a focused field above the bar.
  var observateur = window.ResizeObserver ? new ResizeObserver(mesurerBarre) : null;
  var barreObservee = null;
  function mesurerBarre() {
    var barre = document.querySelector(".barre-enregistrement");
    var hauteur = barre && window.getComputedStyle(barre).position === "sticky" ? barre.offsetHeight : 0;
    document.documentElement.style.setProperty("--ami-barre-enregistrement", hauteur + "px");
    if (observateur && barre !== barreObservee) {
      if (barreObservee) { observateur.unobserve(barreObservee); }
      if (barre) { observateur.observe(barre); }
      barreObservee = barre;
    }
  }
  // The browser scrolls a focused element only when it is out of view: one half under the bar stays there.
  // After the focus has moved (and the browser's own scroll, if any), the page rises by what the bar covers,
  // never so much that the element's top leaves the screen (a tall text area).
  document.addEventListener("focusin", function (evt) {
    var champ = evt.target;
    window.requestAnimationFrame(function () {
      var barre = document.querySelector(".barre-enregistrement");
      if (!barre || barre.contains(champ) || document.activeElement !== champ ||
        window.getComputedStyle(barre).position !== "sticky") { return; }
      var a = champ.getBoundingClientRect(), b = barre.getBoundingClientRect();
      if (a.bottom > b.top && a.top < b.bottom && a.right > b.left && a.left < b.right) {
        var decalage = Math.min(a.bottom - b.top + 16, a.top - 16);
        if (decalage > 0) { window.scrollBy(0, decalage); }
      }
    });
  });
  // « Enregistrer » replaces the section (#contenu-section) and the button that had the focus with it: the
  // focus goes to the new « Enregistrer » button, never lost to the body (WCAG 2.4.3).
  document.addEventListener("htmx:afterSettle", function (evt) {
    var cible = evt.detail && evt.detail.target;
    if (!cible || (document.activeElement && document.activeElement !== document.body)) { return; }
    var section = document.getElementById("contenu-section");
    if (section && (cible.id === "contenu-section" || section.contains(cible))) {
      focaliser(section.querySelector(".barre-enregistrement button[type=submit]"));
    }
  });
  function aChaqueContenu() { nommerTout(); mesurerBarre(); }
  if (window.htmx) { window.htmx.onLoad(aChaqueContenu); }
  document.addEventListener("htmx:afterSettle", mesurerBarre);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", aChaqueContenu); }
  else { aChaqueContenu(); }
})();
