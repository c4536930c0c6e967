// The dossier page of the instruction (instruction/templates/instruction/dossier.html): a browser that
// runs the page's scripts tells the server so with this cookie (instruction.pages.COOKIE_ONGLETS); its
// next pages then hold the open tab only, each other tab loaded by htmx when first opened
// (partials/panneau.html). Without it (no JavaScript, or this first page), every tab is in the page.
(function () {
  "use strict";
  if (!window.htmx) return; // the closed tabs are loaded by htmx: without it, keep every tab in the page
  if (document.cookie.split("; ").indexOf("ami_onglets=htmx") !== -1) return;
  var securise = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = "ami_onglets=htmx; path=/instruction/; max-age=31536000; SameSite=Lax" + securise;
})();
