// The coordinator desk's page script: sign-in header, pages as server-rendered fragments,
// the desk's own history behind Telegram's Back button. No framework, nothing from elsewhere.
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
  var depth = 0;

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
    document.getElementById("nav-rounds").textContent = page.dataset.rounds || "";
    notice.textContent = page.dataset.notice || notice.textContent;
  }

  function load(name, query) {
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
          } else {
            var refusal = document.createElement("p");
            refusal.className = "refusal";
            refusal.textContent = body;
            main.replaceChildren(refusal);
          }
        });
      })
      .catch(function () {
        var failed = document.createElement("p");
        failed.className = "refusal";
        failed.textContent = "…";
        main.replaceChildren(failed);
      })
      .finally(function () {
        main.setAttribute("aria-busy", "false");
      });
  }

  function queryOf(form) {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.value) {
        params.set(field.name, field.value);
      }
    });
    return params.toString();
  }

  // A changed filter is a step in the desk's history: Back returns to the view before it.
  main.addEventListener("change", function (event) {
    var form = event.target.form;
    if (!form || !form.dataset.page) {
      return;
    }
    var state = { page: form.dataset.page, query: queryOf(form) };
    history.pushState(state, "", "#" + state.page);
    depth += 1;
    backButton();
    load(state.page, state.query);
  });

  window.addEventListener("popstate", function (event) {
    var state = event.state || { page: "rounds", query: "" };
    depth = Math.max(0, depth - 1);
    backButton();
    load(state.page, state.query);
  });

  if (fromTelegram && webApp.BackButton) {
    webApp.BackButton.onClick(function () {
      history.back();
    });
  }

  history.replaceState({ page: "rounds", query: "" }, "", "#rounds");
  backButton();
  load("rounds", "");
})();
