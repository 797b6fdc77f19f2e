/* Vindplaats: small enhancements on top of pages that work without any script.
 *
 * 1. On /zoeken, choosing a facet, removing a filter, sorting and paging fetch the next page and
 *    swap in its results without a full reload. The URL changes with history.pushState, so the
 *    back button and permalinks keep working; the result count is written into the page's live
 *    region (role=status), which stays in place so screen readers read the new count.
 * 2. The search box becomes an ARIA 1.2 combobox with a listbox of completions from
 *    /api/v1/suggest, used with the arrow keys, Enter and Escape.
 *
 * No framework, no other origin, no storage: texts come from data-* attributes that the server
 * fills from the message catalogues.
 */
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser || !window.URLSearchParams || !window.AbortController ||
      !(window.history && history.pushState) || !Element.prototype.closest) {
    return; // an old browser keeps the plain links and forms
  }
  document.documentElement.classList.add("js");

  function byId(id, root) { return (root || document).getElementById(id); }

  /* --- 1. results updated in place ------------------------------------------------------ */

  var body = byId("results-body");
  var shown = location.pathname + location.search;
  var pending = null;
  var seq = 0;

  function formUrl(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "" || name === "q") params.append(name, value);
    });
    var qs = params.toString();
    return form.getAttribute("action") + (qs ? "?" + qs : "");
  }

  function library(search) {
    return new URLSearchParams(search).get("library") || "";
  }

  // Another library is another page: its chooser changes, and mylibrary.js must see its URL.
  function isResultsUrl(url) {
    return url.origin === location.origin && url.pathname === "/zoeken" &&
      library(url.search) === library(location.search);
  }

  function copyText(id, doc) {
    var here = byId(id), there = byId(id, doc);
    if (here && there) here.textContent = there.textContent.replace(/\s+/g, " ").trim();
  }

  function copyAttr(selector, attr, doc) {
    var here = document.querySelector(selector), there = doc.querySelector(selector);
    if (here && there) here.setAttribute(attr, there.getAttribute(attr));
  }

  /* The filters drawer is the sidebar on a wide screen: open it there for browsers whose
     stylesheet cannot show a closed <details> (no ::details-content). */
  function openWide() {
    var drawer = byId("filters-drawer");
    if (drawer && !drawer.open && window.matchMedia && matchMedia("(min-width: 56em)").matches &&
        !(window.CSS && CSS.supports && CSS.supports("selector(::details-content)"))) {
      drawer.open = true;
    }
  }
  openWide();

  /* On a phone the filters are a drawer over the results (its summary shown); on a wide screen
     they are the sidebar (its summary hidden). */
  function isDrawer() {
    var summary = document.querySelector("#filters-drawer > summary");
    return !!summary && getComputedStyle(summary).display !== "none";
  }

  /* `close`: the patron applied the filters (the drawer's button, or Enter in it): on a phone the
     drawer closes, as the page the form loads without the script has it, so the results and the
     chosen filters above them are what the patron sees. */
  function swap(doc, focusValue, close) {
    var drawer = byId("filters-drawer"), drawerOpen = !!(drawer && drawer.open);
    var open = [];
    body.querySelectorAll("fieldset[data-facet] details[open]").forEach(function (d) {
      open.push(d.closest("fieldset").getAttribute("data-facet"));
    });
    var next = document.adoptNode(byId("results-body", doc));
    body.textContent = "";
    while (next.firstChild) body.appendChild(next.firstChild);
    open.forEach(function (name) {
      var d = body.querySelector('fieldset[data-facet="' + name + '"] details');
      if (d) d.open = true;
    });
    drawer = byId("filters-drawer"); // a patron ticking filters keeps the drawer open to tick more
    if (drawer && drawerOpen && !close) drawer.open = true;
    openWide();
    document.title = doc.title;
    copyText("results-title", doc);
    copyText("count", doc); // the live region: its new text is announced
    copyAttr('link[rel="canonical"]', "href", doc);
    copyAttr("a[hreflang]", "href", doc);
    var q = byId("q"), q2 = byId("q", doc);
    if (q && q2) q.value = q2.value;
    shown = location.pathname + location.search;

    var target = null;
    if (focusValue) {
      // The checkbox, not a hidden field of the same name and value in the sort form.
      body.querySelectorAll('input[type="checkbox"][name="filter"]').forEach(function (box) {
        if (box.value === focusValue) target = box;
      });
    }
    if (!target) {
      target = byId("results-title");
      target.scrollIntoView({ block: "start" });
    }
    target.focus({ preventScroll: !!focusValue });
  }

  function load(href, push, focusValue, close) {
    var url = new URL(href, location.href);
    if (url.pathname + url.search === shown) push = false; // Enter after Space: no second entry
    if (pending) pending.abort();
    pending = new AbortController();
    var mine = ++seq;
    body.setAttribute("aria-busy", "true");
    fetch(url.href, { headers: { Accept: "text/html" }, signal: pending.signal })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.text();
      })
      .then(function (html) {
        if (mine !== seq) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        if (!byId("results-body", doc)) throw new Error("not a results page");
        if (push) history.pushState({ vindplaats: 1 }, "", url.href);
        swap(doc, focusValue, close);
      })
      .catch(function (e) {
        if (e.name !== "AbortError") location.assign(url.href); // let the browser show it plainly
      })
      .then(function () {
        if (mine === seq) body.removeAttribute("aria-busy");
      });
  }

  if (body) {
    history.replaceState({ vindplaats: 1 }, "", location.href);

    body.addEventListener("change", function (e) {
      var box = e.target;
      if (box.type === "checkbox" && box.name === "filter" && box.form) {
        load(formUrl(box.form), true, box.value);
      }
    });

    body.addEventListener("submit", function (e) {
      var form = e.target;
      if ((form.method || "get").toLowerCase() !== "get") return;
      var url = new URL(formUrl(form), location.href);
      if (!isResultsUrl(url)) return;
      e.preventDefault();
      var box = document.activeElement;
      // Applying the filters in the drawer closes it: the focus goes to the results' heading.
      var close = !!form.closest("#filters-drawer") && isDrawer();
      load(url.href, true, box && box.name === "filter" && !close ? box.value : null, close);
    });

    body.addEventListener("click", function (e) {
      var a = e.target.closest("a[href]");
      if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      if (a.getAttribute("href").charAt(0) === "#") return; // "Naar de filters" and such
      var url = new URL(a.href, location.href);
      if (!isResultsUrl(url)) return; // records and articles open as pages
      e.preventDefault();
      load(url.href, true, null);
    });

    window.addEventListener("popstate", function () {
      // A jump to #filters adds a history entry too; only a different search needs loading.
      if (location.pathname + location.search !== shown) load(location.href, false, null);
    });
  }

  /* --- 2. autocomplete: combobox + listbox (WAI-ARIA APG, list autocomplete) --------------- */

  document.querySelectorAll('form[role="search"] input[name="q"]').forEach(combobox);

  function combobox(input) {
    var form = input.form;
    var data = form.dataset;
    var listId = input.id + "-suggest";
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var items = [];
    var active = -1;
    var typed = input.value;
    var timer = 0;
    var request = null;

    list.id = listId;
    list.className = "suggest";
    list.hidden = true;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", data.suggest || "");
    status.className = "vh";
    status.setAttribute("role", "status");
    input.parentNode.appendChild(list);
    input.parentNode.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function show() {
      if (!items.length) return close();
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function mark(i) {
      active = i;
      list.querySelectorAll('[role="option"]').forEach(function (li, n) {
        li.setAttribute("aria-selected", n === i ? "true" : "false");
      });
      if (i < 0) {
        input.removeAttribute("aria-activedescendant");
        input.value = typed;
      } else {
        var li = byId(listId + "-" + i);
        input.value = items[i].text; // Escape brings back what was typed
        input.setAttribute("aria-activedescendant", li.id);
        li.scrollIntoView({ block: "nearest" });
      }
    }

    function choose(i) {
      input.value = items[i].text;
      close();
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    }

    function render(suggestions) {
      items = suggestions;
      list.textContent = "";
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = s.text;
        // A whole title, author or series says which it is; a completed word does not: "harry
        // privacy" is no subject, only "harry" followed by a word a subject holds.
        var field = s.kind !== "word" && data["field" + s.field.charAt(0).toUpperCase() + s.field.slice(1)];
        if (field) {
          var kind = document.createElement("span");
          kind.className = "kind";
          kind.textContent = ", " + field;
          li.appendChild(kind);
        }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); }); // focus stays in the box
        li.addEventListener("click", function () { choose(i); });
        list.appendChild(li);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      show();
      var n = suggestions.length;
      status.textContent = !n ? "" : n === 1 ? data.suggestOne : (data.suggestOther || "").replace("{n}", n);
    }

    function suggest() {
      var q = input.value;
      typed = q;
      if (request) request.abort();
      if (q.trim().length < 2) {
        items = [];
        close();
        status.textContent = "";
        return;
      }
      request = new AbortController();
      fetch("/api/v1/suggest?size=8&q=" + encodeURIComponent(q), { signal: request.signal })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (d) {
          if (input.value === q && document.activeElement === input) render(d.suggestions || []);
        })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, 150);
    });

    input.addEventListener("keydown", function (e) {
      var open = !list.hidden;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (!open) {
          if (items.length) show(); else suggest();
          if (!e.altKey && items.length) mark(e.key === "ArrowDown" ? 0 : items.length - 1);
          return;
        }
        // From the last option down (or the first up) back to what was typed, as in the APG example.
        var n = items.length + 1;
        mark(((active + 1 + (e.key === "ArrowDown" ? 1 : -1) + n) % n) - 1);
      } else if (e.key === "Enter") {
        if (open && active >= 0) {
          e.preventDefault();
          choose(active);
        } else {
          close();
        }
      } else if (e.key === "Escape") {
        if (open) {
          e.preventDefault();
          mark(-1);
          close();
        }
      } else if (e.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", close);
  }
})();
