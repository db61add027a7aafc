// The coordinator desk's page script: sign-in header, pages as server-rendered fragments,
// actions as forms posted with the same header, the desk's own history behind Telegram's Back
// button. No framework, nothing from elsewhere.
(function () {
  "use strict";

  var webApp = window.Telegram && window.Telegram.WebApp;
  var fromTelegram = Boolean(webApp && webApp.initData);
  // Telegram hands initData to the page in the URL fragment (#tgWebAppData=...); its script
  // reads it from there too. Without the script the desk still shows, read-only.
  var initData = fromTelegram
    ? webApp.initData
    : new URLSearchParams(window.location.hash.slice(1)).get("tgWebAppData") || "";
  var main = document.getElementById("page");
  var notice = document.getElementById("notice");
  var done = document.getElementById("done");
  var links = document.querySelectorAll("nav a[data-page]");
  var depth = 0;
  var current = { page: links.length ? links[0].dataset.page : "rounds", query: "" };

  if (!fromTelegram) {
    notice.hidden = false;
    document.body.dataset.readonly = "1";
  } else {
    webApp.ready();
    webApp.expand();
  }

  function backButton() {
    if (!fromTelegram || !webApp.BackButton) {
      return;
    }
    if (depth > 0) {
      webApp.BackButton.show();
    } else {
      webApp.BackButton.hide();
    }
  }

  function adopt(page) {
    // The frame was written in the browser's language; the signed-in person's is on the page.
    if (!page) {
      return;
    }
    document.documentElement.lang = page.dataset.lang || document.documentElement.lang;
    document.title = page.dataset.title || document.title;
    document.getElementById("title").textContent = page.dataset.title || "";
    var labels = JSON.parse(page.dataset.nav || "{}");
    Array.prototype.forEach.call(links, function (link) {
      link.textContent = labels[link.dataset.page] || link.textContent;
    });
    notice.textContent = page.dataset.notice || notice.textContent;
    if (!fromTelegram) {
      // Read-only: an action needs Telegram's fresh sign-in, so its buttons are off here.
      Array.prototype.forEach.call(main.querySelectorAll("form[data-action] button"), function (b) {
        b.disabled = true;
      });
    }
  }

  function refusal(text) {
    var line = document.createElement("p");
    line.className = "refusal";
    line.textContent = text;
    return line;
  }

  // A page names the static files it needs (the map: Leaflet and its own script) in
  // data-styles and data-scripts; each is loaded once, the scripts in order, before the page
  // is announced with a "desk:page" event its script listens for.
  var loaded = {};

  function once(name, make) {
    if (!loaded[name]) {
      loaded[name] = new Promise(function (resolve) {
        var element = make("desk/static/" + name);
        element.onload = resolve;
        element.onerror = resolve;
        document.head.appendChild(element);
      });
    }
    return loaded[name];
  }

  function names(root, attribute) {
    var found = [];
    Array.prototype.forEach.call(root.querySelectorAll("[" + attribute + "]"), function (el) {
      found = found.concat(el.getAttribute(attribute).split(" ").filter(Boolean));
    });
    return found;
  }

  function needs(root) {
    var styles = names(root, "data-styles").map(function (name) {
      return once(name, function (href) {
        var link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = href;
        return link;
      });
    });
    return names(root, "data-scripts").reduce(function (chain, name) {
      return chain.then(function () {
        return once(name, function (src) {
          var script = document.createElement("script");
          script.src = src;
          return script;
        });
      });
    }, Promise.all(styles));
  }

  function load(name, query) {
    current = { page: name, query: query };
    Array.prototype.forEach.call(links, function (link) {
      if (link.dataset.page === name) {
        link.setAttribute("aria-current", "page");
      } else {
        link.removeAttribute("aria-current");
      }
    });
    main.setAttribute("aria-busy", "true");
    var url = "desk/page/" + name + (query ? "?" + query : "");
    return fetch(url, {
      headers: { Authorization: "tma " + initData },
      credentials: "omit",
      cache: "no-store"
    })
      .then(function (response) {
        return response.text().then(function (body) {
          if (response.ok) {
            main.innerHTML = body;
            adopt(main.querySelector(".page"));
            return needs(main).then(function () {
              document.dispatchEvent(new CustomEvent("desk:page", { detail: main }));
            });
          }
          main.replaceChildren(refusal(body));
        });
      })
      .catch(function () {
        main.replaceChildren(refusal("…"));
      })
      .finally(function () {
        main.setAttribute("aria-busy", "false");
      });
  }

  function fieldsOf(form) {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.value) {
        params.set(field.name, field.value);
      }
    });
    return params;
  }

  function go(state) {
    history.pushState(state, "", "#" + state.page);
    depth += 1;
    backButton();
    return load(state.page, state.query);
  }

  // A changed filter is a step in the desk's history: Back returns to the view before it.
  main.addEventListener("change", function (event) {
    var form = event.target.form;
    if (!form || !form.dataset.page) {
      return;
    }
    go({ page: form.dataset.page, query: fieldsOf(form).toString() });
  });

  // A link inside a page that names another view (a report, a list) is a step too.
  main.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-page]");
    if (!link) {
      return;
    }
    event.preventDefault();
    go({ page: link.dataset.page, query: link.dataset.query || "" });
  });

  Array.prototype.forEach.call(links, function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      if (link.dataset.page !== current.page || current.query) {
        go({ page: link.dataset.page, query: "" });
      }
    });
  });

  // An action: the form's fields posted with the sign-in; its one sentence is announced, and
  // the view is loaded again to show what changed.
  main.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.dataset.action) {
      return;
    }
    event.preventDefault();
    var buttons = form.querySelectorAll("button");
    Array.prototype.forEach.call(buttons, function (b) {
      b.disabled = true;
    });
    fetch("desk/act/" + form.dataset.action, {
      method: "POST",
      headers: { Authorization: "tma " + initData },
      body: fieldsOf(form),
      credentials: "omit",
      cache: "no-store"
    })
      .then(function (response) {
        return response.text().then(function (body) {
          done.textContent = body;
          done.hidden = false;
          done.dataset.ok = response.ok ? "1" : "0";
          return load(current.page, current.query);
        });
      })
      .catch(function () {
        done.textContent = "…";
        done.hidden = false;
        Array.prototype.forEach.call(buttons, function (b) {
          b.disabled = false;
        });
      });
  });

  // What a page's own script may use: requests with the sign-in, and a step to another view.
  window.Desk = {
    fetch: function (url) {
      return fetch(url, {
        headers: { Authorization: "tma " + initData },
        credentials: "omit",
        cache: "no-store"
      });
    },
    go: function (page, query) {
      return go({ page: page, query: query || "" });
    }
  };

  window.addEventListener("popstate", function (event) {
    var state = event.state || { page: current.page, query: "" };
    depth = Math.max(0, depth - 1);
    backButton();
    load(state.page, state.query);
  });

  if (fromTelegram && webApp.BackButton) {
    webApp.BackButton.onClick(function () {
      history.back();
    });
  }

  var start = { page: current.page, query: "" };
  history.replaceState(start, "", "#" + start.page);
  backButton();
  load(start.page, start.query);
})();
