/* Vindplaats search widget for library websites.
 *
 *   <script src="https://HOST/widget.js" data-library="ISIL" async></script>
 *
 * Optional: data-target="#id" (render into that element instead of right after the tag),
 * data-lang="en" (English texts), data-scope="all" (catalogue, the default, with the knowledge
 * base's best answers in a box of their own when they match well | all | articles),
 * data-spell="false" (the words exactly as typed).
 *
 * Everything lives in a shadow root, so the page's CSS cannot reach it and its CSS cannot leak
 * out. Results come from the JSON API on the widget's own host (cross-origin: the host must list
 * this website in VINDPLAATS_CORS_ORIGINS). API data only ever becomes text nodes and checked
 * URLs, never markup. No dependencies and nothing loaded from anywhere else.
 */
(function () {
  "use strict";

  var TEXT = {
    nl: {
      form: "Zoeken in de bibliotheekcatalogus",
      lib: "Jouw bibliotheek",
      anyLib: "Alle bibliotheken",
      label: "Zoek titels, auteurs of onderwerpen",
      button: "Zoeken",
      list: "Zoekresultaten",
      searching: "Bezig met zoeken…",
      empty: "Vul een zoekterm in.",
      one: "1 resultaat gevonden",
      many: "{n} resultaten gevonden",
      none: "Geen resultaten gevonden voor ‘{q}’.",
      here: "Aanwezig in deze bibliotheek",
      lent: "Hier uitgeleend",
      elsewhere: "Elders aanwezig",
      article: "Artikel",
      more: "Meer resultaten",
      knowledge: "Uit de kennisbank",
      allKnowledge: "Alle resultaten in de kennisbank",
      remove: "verwijder",
      didYouMean: "Bedoelde u:",
      asTyped: "Zoek toch op ‘{q}’",
      unreachable: "De zoekdienst is niet bereikbaar vanaf deze website.",
      badQuery: "Deze zoekvraag kan niet worden uitgevoerd. Probeer andere woorden.",
      failed: "Het zoeken is mislukt. Probeer het later opnieuw.",
      material: {
        boek: "Boek", "e-book": "E-book", luisterboek: "Luisterboek", tijdschrift: "Tijdschrift",
        krant: "Krant", film: "Film", muziek: "Muziek", bladmuziek: "Bladmuziek", game: "Game",
        podcast: "Podcast", databank: "Databank", website: "Website", anders: "Overig"
      }
    },
    en: {
      form: "Search the library catalogue",
      lib: "Your library",
      anyLib: "All libraries",
      label: "Search titles, authors or subjects",
      button: "Search",
      list: "Search results",
      searching: "Searching…",
      empty: "Please enter a search term.",
      one: "1 result found",
      many: "{n} results found",
      none: "No results found for ‘{q}’.",
      here: "Available in this library",
      lent: "Here, on loan",
      elsewhere: "Held by other libraries",
      article: "Article",
      more: "More results",
      knowledge: "From the knowledge base",
      allKnowledge: "All results in the knowledge base",
      remove: "remove",
      didYouMean: "Did you mean:",
      asTyped: "Search for ‘{q}’ instead",
      unreachable: "The search service cannot be reached from this website.",
      badQuery: "This search cannot be carried out. Please try other words.",
      failed: "The search failed. Please try again later.",
      material: {
        boek: "Book", "e-book": "E-book", luisterboek: "Audiobook", tijdschrift: "Magazine",
        krant: "Newspaper", film: "Film", muziek: "Music", bladmuziek: "Sheet music", game: "Game",
        podcast: "Podcast", databank: "Database", website: "Website", anders: "Other"
      }
    }
  };

  // Colours as in the main site (WCAG AA): text 17:1, links and button 8.6:1, muted 8.5:1.
  // `:host` important rules win over the page's important rules, so `* {display: none
  // !important}` or inherited `color: transparent` on the page cannot hide or blank the widget.
  var CSS = [
    ":host{all:initial!important;display:block!important;visibility:visible!important;opacity:1!important;",
    "box-sizing:border-box!important;max-width:100%!important;margin:1em 0!important;padding:1em!important;",
    "background:#fff!important;color:#1b1b1b!important;border:1px solid #c9d3de!important;",
    "border-radius:4px!important;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif!important;",
    "font-size:medium!important;line-height:1.5!important;text-align:start!important}",
    "*{box-sizing:border-box}",
    "p,ol,form{margin:0;padding:0}",
    "label{display:block;font-weight:600;margin-bottom:.25em}",
    ".row{display:flex;flex-wrap:wrap;gap:.5em}",
    "input{flex:1 1 12em;min-width:0;min-height:2.75em;font:inherit;color:#1b1b1b;background:#fff;",
    "border:2px solid #4d4d4d;border-radius:3px;padding:.4em .6em}",
    "button{min-height:2.75em;font:inherit;font-weight:600;color:#fff;background:#0a4d8c;",
    "border:2px solid #0a4d8c;border-radius:3px;padding:.4em 1em;cursor:pointer}",
    "button:hover{background:#083d70}",
    "select{font:inherit;min-height:2.75em;max-width:100%;color:#1b1b1b;background:#fff;",
    "border:2px solid #4d4d4d;border-radius:3px}",
    "#vp-lib{margin-bottom:.5em}.row+label{margin-top:.5em}",
    "button.link{min-height:0;padding:0 .2em;color:#0a4d8c;background:none;border:0;text-decoration:underline}",
    ":focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}",
    "a{color:#0a4d8c;text-underline-offset:.15em}",
    "a:focus-visible,button.link:focus-visible{background:#ffdd00;color:#1b1b1b}",
    ".status{margin-top:.75em;font-weight:600}",
    ".status.error{color:#a4000f}",
    ".notice{margin-top:.5em}",
    "ol,ul{list-style:none;margin:.5em 0 0;padding:0}",
    "li{display:flow-root;padding:.6em 0;border-top:1px solid #c9d3de}",
    // A hit with a cover: the cover in its own column, every line of text beside it, however long.
    "li.c{display:grid;grid-template-columns:40px minmax(0,1fr);column-gap:.75em}li.c>*{grid-column:2}",
    "li.c>.cover{grid-column:1;grid-row:1/span 9}",
    ".title{font-weight:600}",
    ".meta{color:#4d4d4d}",
    ".here{color:#1d6b2f;font-weight:600}",
    ".more{margin-top:.75em}",
    "section{margin-top:.75em;padding:.5em .75em;border:1px solid #c9d3de;border-top:4px solid #5b2a86}",
    "h2{margin:0;font-size:1em}",
    "[hidden]{display:none!important}"
  ].join("");

  var WIDGET = /\/(?:static\/)?widget\.js(?:[?#].*)?$/;
  var MINE = "vindplaats.library"; // the chosen library, in the website's own localStorage

  function findScript() {
    var s = document.currentScript;
    if (s && WIDGET.test(s.src)) return s;
    // An async script injected by a tag manager may run without currentScript: take the first
    // widget tag not yet mounted.
    var all = document.querySelectorAll("script[src]");
    for (var i = 0; i < all.length; i++) {
      if (WIDGET.test(all[i].src) && !all[i].hasAttribute("data-vindplaats-mounted")) return all[i];
    }
    return null;
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) if (attrs[k] != null) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = String(text);
    return e;
  }

  function query(params) {
    var out = [];
    for (var k in params) {
      if (params[k]) out.push(encodeURIComponent(k) + "=" + encodeURIComponent(params[k]));
    }
    return out.join("&");
  }

  function mount(script) {
    var data = script.dataset;
    var lang = data.lang === "en" ? "en" : "nl";
    var t = TEXT[lang];
    var src = new URL(script.src, location.href);
    var base = src.origin + src.pathname.replace(WIDGET, "");
    var library = (data.library || "").trim();
    var scope = /^(all|catalogue|articles)$/.test(data.scope || "") ? data.scope : "catalogue";
    var keep = { library: library, lang: lang === "en" ? "en" : "" };
    var spell = data.spell !== "false";

    script.setAttribute("data-vindplaats-mounted", "");
    var target = null;
    if (data.target) {
      try { target = document.querySelector(data.target); } catch (e) { target = null; }
      if (!target && document.readyState === "loading") {
        // An async tag can run before the page has parsed its target: try again when it has.
        document.addEventListener("DOMContentLoaded", function () { mount(script); });
        return;
      }
    }
    var host = el("div", { "data-vindplaats-widget": "" });
    if (target) {
      target.appendChild(host);
    } else if (script.parentNode && !script.closest("head")) {
      script.parentNode.insertBefore(host, script.nextSibling);
    } else if (document.body) {
      document.body.appendChild(host);
    } else {
      document.addEventListener("DOMContentLoaded", function () { document.body.appendChild(host); });
    }
    var root = host.attachShadow({ mode: "open" });
    if (root.adoptedStyleSheets && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
      // A constructed sheet also works on pages whose CSP forbids inline <style>.
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.appendChild(el("style", {}, CSS));
    }

    var box = el("div", { lang: lang });
    var form = el("form", { role: "search", "aria-label": t.form, action: base + "/zoeken", method: "get" });
    var input = el("input", { id: "vp-q", type: "search", name: "q", autocomplete: "off", enterkeyhint: "search" });
    var row = el("div", { "class": "row" });
    row.appendChild(input);
    row.appendChild(el("button", { type: "submit" }, t.button));
    form.appendChild(el("label", { "for": "vp-q" }, t.label));
    form.appendChild(row);
    // Without fetch the form still works: it opens the full search on the Vindplaats site.
    if (library) form.appendChild(el("input", { type: "hidden", name: "library", value: library }));
    else {
      // No library named by the website: the patron chooses one, remembered on this site only.
      var pick = el("select", { id: "vp-lib", name: "library" });
      pick.appendChild(el("option", { value: "" }, t.anyLib));
      form.appendChild(el("label", { "for": "vp-lib" }, t.lib));
      form.appendChild(pick);
      try { library = localStorage.getItem(MINE) || ""; } catch (e) { library = ""; }
      fetch(base + "/api/v1/libraries", { mode: "cors", credentials: "omit" }).then(function (r) { return r.json(); })
        .then(function (b) {
          b.libraries.forEach(function (l) { pick.appendChild(el("option", { value: l.isil }, l.name)); });
          pick.value = library;
          library = keep.library = pick.value;
        }).catch(function () { library = keep.library = ""; });
      pick.addEventListener("change", function () {
        library = keep.library = pick.value;
        try { if (library) localStorage.setItem(MINE, library); else localStorage.removeItem(MINE); } catch (e) { /* private mode */ }
        if (input.value.trim()) search(input.value.trim());
      });
    }
    if (keep.lang) form.appendChild(el("input", { type: "hidden", name: "lang", value: "en" }));
    var status = el("p", { "class": "status", role: "status", "aria-live": "polite" });
    var suggestion = el("p", { "class": "notice", hidden: "" });
    var notices = el("div", { hidden: "" });
    var list = el("ol", { "aria-label": t.list, hidden: "" });
    var more = el("p", { "class": "more", hidden: "" });
    // The knowledge base's best answers beside the catalogue's titles: a labelled region.
    var kb = el("section", { "aria-labelledby": "vp-kb", hidden: "" });
    if (scope !== "catalogue") form.appendChild(el("input", { type: "hidden", name: "scope", value: scope }));
    [form, status, suggestion, notices, kb, list, more].forEach(function (n) { box.appendChild(n); });
    root.appendChild(box);

    var pending = null;
    var seq = 0;

    function say(text, isError) {
      status.textContent = text;
      status.className = isError ? "status error" : "status";
    }

    function clear() {
      [suggestion, notices, kb, list, more].forEach(function (n) {
        n.textContent = "";
        n.hidden = true;
      });
    }

    // A link onto the Vindplaats host only: a path from the API must not send people elsewhere.
    function page(path, params) {
      var u;
      try { u = new URL(path, base + "/"); } catch (e) { return null; }
      if (u.origin !== src.origin) return null;
      var qs = query(params);
      return u.href + (qs ? (u.search ? "&" : "?") + qs : "");
    }

    function hitItem(hit) {
      var li = el("li");
      // Its cover, from the Vindplaats host; beside the title, so alt is empty.
      if (hit.type === "catalogue" && hit.id) {
        li.className = "c";
        li.appendChild(el("img", { "class": "cover", alt: "", width: 40,
          height: 60, loading: "lazy", src: base + "/cover/" + encodeURIComponent(hit.id) }));
      }
      var title = el("p", { "class": "title" });
      var href = page(String(hit.url || ""), keep);
      var name = String(hit.title || "");
      var titleNode = href ? el("a", { href: href }, name) : el("span", {}, name);
      var language = Array.isArray(hit.language) ? hit.language[0] : null;
      if (language && language !== lang && /^[a-z]{2,3}$/.test(language)) titleNode.setAttribute("lang", language);
      title.appendChild(titleNode);
      li.appendChild(title);
      var meta = [];
      if (Array.isArray(hit.authors)) {
        var names = hit.authors.map(function (a) { return a && a.name; }).filter(Boolean);
        if (names.length) meta.push(names.join(", "));
      }
      if (hit.year) meta.push(String(hit.year));
      if (hit.type === "article") meta.push(t.article + (hit.document && hit.document !== hit.title ? ": " + hit.document : ""));
      else if (hit.material) meta.push(t.material[hit.material] || String(hit.material));
      if (meta.length) li.appendChild(el("p", { "class": "meta" }, meta.join(" · ")));
      // Green only with a copy on the shelf here (libraries: holding any edition of the work)
      var free = hit.available_here === true, held = hit.libraries != null ? hit.libraries : hit.holdings_count;
      if (hit.held_here === true) li.appendChild(el("p", { "class": free ? "here" : "meta" }, free ? t.here : t.lent));
      else if (hit.held_here === false && held > 0) li.appendChild(el("p", { "class": "meta" }, t.elsewhere));
      return li;
    }

    function show(q, body, asTyped, declined) {
      var hits = Array.isArray(body.hits) ? body.hits : [];
      var total = Number(body.total) || 0;
      if (!hits.length) {
        say(t.none.replace("{q}", q));
      } else {
        say(total === 1 ? t.one : t.many.replace("{n}", total.toLocaleString(lang === "en" ? "en-GB" : "nl-NL")));
      }
      if (body.did_you_mean) {
        var alt = String(body.did_you_mean);
        var button = el("button", { type: "button", "class": "link" }, alt);
        button.addEventListener("click", function () {
          input.value = alt;
          search(alt);
        });
        suggestion.appendChild(document.createTextNode(t.didYouMean + " "));
        suggestion.appendChild(button);
        suggestion.hidden = false;
      }
      // A correction's notice (the last) links back to the words as typed.
      // A filter read from the words ("luisterboek") says so and can be taken off.
      var read = (Array.isArray(body.understood) ? body.understood : []).filter(function (u) { return u.notice; });
      var said = read.map(function (u) { return u.notice; });
      read.forEach(function (u) {
        var off = el("button", { type: "button", "class": "link" }, t.remove);
        off.addEventListener("click", function () { search(q, asTyped, declined.concat([String(u.field)])); });
        notices.appendChild(el("p", { "class": "notice" }, u.notice)).append(" · ", off);
        notices.hidden = false;
      });
      var rest = (Array.isArray(body.notices) ? body.notices : []).filter(function (n) { return said.indexOf(n) < 0; });
      if (rest.length) {
        var last;
        rest.forEach(function (n) { last = notices.appendChild(el("p", { "class": "notice" }, n)); });
        if (body.corrected_from) {
          var typed = String(body.corrected_from);
          var back = el("button", { type: "button", "class": "link" }, t.asTyped.replace("{q}", typed));
          back.addEventListener("click", function () { input.value = typed; search(typed, true); });
          last.append(" ", back);
        }
        notices.hidden = false;
      }
      var answers = Array.isArray(body.knowledge) ? body.knowledge : [];
      if (answers.length) {
        kb.appendChild(el("h2", { id: "vp-kb" }, t.knowledge));
        var items = el("ul");
        answers.forEach(function (hit) { items.appendChild(hitItem(hit)); });
        kb.appendChild(items);
        var all = { q: q, scope: "articles", lang: keep.lang };
        kb.appendChild(el("p", { "class": "more" })).appendChild(el("a", { href: base + "/zoeken?" + query(all) },
                                                                    t.allKnowledge));
        kb.hidden = false;
      }
      hits.forEach(function (hit) { list.appendChild(hitItem(hit)); });
      list.hidden = !hits.length;
      if (hits.length) {
        var params = { q: q, library: keep.library, scope: scope === "catalogue" ? "" : scope, lang: keep.lang,
                       spell: asTyped ? "false" : "" };
        more.appendChild(el("a", { href: base + "/zoeken?" + query(params) }, t.more));
        more.hidden = false;
      }
    }

    function search(q, asTyped, declined) {
      asTyped = asTyped || !spell;
      declined = declined || [];
      if (pending) pending.abort();
      var mine = ++seq;
      var controller = typeof AbortController === "function" ? new AbortController() : null;
      pending = controller;
      var timer = controller ? setTimeout(function () { controller.abort(); }, 15000) : 0;
      clear();
      say(t.searching);
      var url = base + "/api/v1/search?" + query({ q: q, library: library, scope: scope, size: "10", lang: keep.lang,
                                                   spell: asTyped ? "false" : "",
                                                   knowledge: scope === "catalogue" ? "true" : "" }) +
                declined.map(function (f) { return "&nofilter=" + encodeURIComponent(f); }).join("");
      // A CORS refusal and a network failure look the same to a page (a TypeError): both mean the
      // service cannot be reached from here.
      fetch(url, { mode: "cors", credentials: "omit", headers: { Accept: "application/json" },
                   signal: controller ? controller.signal : undefined })
        .then(function (r) {
          return r.json().then(function (body) { return { status: r.status, body: body }; },
                               function () { return { status: r.ok ? 502 : r.status, body: null }; });
        })
        .then(function (res) {
          if (mine !== seq) return;
          if (res.status >= 200 && res.status < 300 && res.body) show(q, res.body, asTyped, declined);
          else say(res.status === 400 ? t.badQuery : t.failed, true);
        }, function () {
          if (mine === seq) say(t.unreachable, true);
        })
        .catch(function () {
          if (mine === seq) say(t.failed, true);
        })
        .then(function () {
          clearTimeout(timer);
          if (mine === seq) pending = null;
        });
    }

    form.addEventListener("submit", function (ev) {
      if (typeof window.fetch !== "function") return;
      ev.preventDefault();
      var q = input.value.trim();
      if (!q) {
        clear();
        say(t.empty, true);
        input.focus();
        return;
      }
      search(q);
    });
  }

  var script = findScript();
  if (script) mount(script);
})();
