/* Vindplaats: the patron's library remembered in this browser (localStorage), never in a cookie.
 *
 * The choice lives in the URL (`library=ISIL`); this script only mirrors it, and nothing it keeps
 * leaves the browser except in the addresses of the pages themselves:
 * - a page whose URL names a library remembers it;
 * - `library=` left empty ("Keuze wissen", "Zoek in alle bibliotheken") forgets it;
 * - a search or record page whose URL has no `library` is loaded again with the remembered one
 *   (replacing the history entry, so Back still works), before it is drawn;
 * - on other pages the search forms carry it.
 * It runs in the head, not deferred, so the page is never shown first without the library.
 * Without JavaScript or without storage the pages work the same, from the URL alone.
 */
(function () {
  "use strict";
  var KEY = "vindplaats.library";
  // The ISILs the pages accept: letters and digits in parts joined by hyphens, 32 at most.
  var ISIL = /^[A-Za-z0-9]{1,4}(-[A-Za-z0-9]+)+$/;
  var RELOADED = /^\/(zoeken|titel\/)/; // the pages that show something else for a library
  var store;
  try {
    store = window.localStorage;
    store.getItem(KEY);
  } catch (e) {
    return; // storage switched off (or blocked): the URL alone
  }
  if (!window.URLSearchParams || !document.querySelectorAll) return;

  function valid(isil) {
    return typeof isil === "string" && isil.length <= 32 && ISIL.test(isil);
  }

  var params = new URLSearchParams(location.search);
  var here = params.get("library");
  try {
    if (here !== null) {
      here = here.trim();
      if (valid(here)) store.setItem(KEY, here);
      else if (here === "") store.removeItem(KEY);
      return;
    }
    var saved = store.getItem(KEY);
    if (!valid(saved)) {
      if (saved !== null) store.removeItem(KEY);
      return;
    }
  } catch (e) {
    return; // storage full or refused: nothing to remember
  }

  if (RELOADED.test(location.pathname)) {
    params.set("library", saved);
    location.replace(location.pathname + "?" + params.toString() + location.hash);
    return;
  }

  function carry() {
    document.querySelectorAll('form[action="/zoeken"]').forEach(function (form) {
      if (form.querySelector('[name="library"]')) return;
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "library";
      input.value = saved;
      form.appendChild(input);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", carry);
  else carry();
})();
