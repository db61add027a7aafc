// The desk's phenomena pages: the map of reports (Leaflet and Leaflet.markercluster, served by
// the app) and a report's photos. desk.js loads this file, after Leaflet, when a page names it,
// and announces every page it shows with a "desk:page" event. Everything drawn comes from the
// page's data attributes, made on the server: an anonymous report's point is already rounded
// there. No inline style or script: Leaflet positions its panes through element.style.
(function () {
  "use strict";

  var map = null;
  var photoUrls = [];

  function number(value) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang).format(value);
    } catch (error) {
      return String(value);
    }
  }

  function text(tag, className, content) {
    var element = document.createElement(tag);
    if (className) {
      element.className = className;
    }
    element.textContent = content;
    return element;
  }

  function clusterIcon(template) {
    return function (cluster) {
      var count = cluster.getChildCount();
      var html = document.createElement("span");
      html.appendChild(text("span", "", number(count))).setAttribute("aria-hidden", "true");
      html.appendChild(
        text("span", "visually-hidden", template.replace("%(count)s", number(count)))
      );
      return L.divIcon({ html: html, className: "cluster", iconSize: L.point(38, 38) });
    };
  }

  function drawMap(element) {
    var points = JSON.parse(element.dataset.points || "[]");
    var places = JSON.parse(element.dataset.places || "[]");
    var tiles = element.dataset.tiles;
    map = L.map(element, {
      zoomControl: false,
      attributionControl: Boolean(tiles),
      maxZoom: 16
    });
    L.control
      .zoom({ zoomInTitle: element.dataset.zoomIn, zoomOutTitle: element.dataset.zoomOut })
      .addTo(map);
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18 }).addTo(map);
    } else {
      // No background map: each municipality with reports is named at its centre, with its
      // count, so the pins can be read on a plain background.
      map.createPane("places").classList.add("places-pane");
      places.forEach(function (place) {
        L.marker([place[1], place[2]], {
          pane: "places",
          interactive: false,
          keyboard: false,
          icon: L.divIcon({ className: "place", html: text("span", "", place[0]), iconSize: null })
        }).addTo(map);
      });
    }
    var clusters = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 40,
      spiderfyOnMaxZoom: true,
      iconCreateFunction: clusterIcon(element.dataset.cluster || "%(count)s")
    });
    points.forEach(function (point) {
      var marker = L.marker([point[1], point[2]], {
        title: point[4],
        icon: L.divIcon({ className: "pin " + point[3], iconSize: L.point(22, 22) })
      });
      marker.on("click", function () {
        window.Desk.go("phenomenon", "id=" + point[0]);
      });
      clusters.addLayer(marker);
    });
    map.addLayer(clusters);
    if (points.length) {
      map.fitBounds(
        points.map(function (point) {
          return [point[1], point[2]];
        }),
        { padding: [28, 28], maxZoom: 11 }
      );
    } else {
      map.setView([67.6, 25.9], 5); // Lapland
    }
  }

  function showPhotos(root) {
    Array.prototype.forEach.call(root.querySelectorAll("img[data-photo]"), function (image) {
      window.Desk.fetch(image.dataset.photo)
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.blob();
        })
        .then(function (blob) {
          var url = URL.createObjectURL(blob);
          photoUrls.push(url);
          image.src = url;
        })
        .catch(function () {
          image.replaceWith(text("p", "hint", image.dataset.failed || ""));
        });
    });
  }

  function onPage(event) {
    if (map) {
      map.remove();
      map = null;
    }
    photoUrls.forEach(function (url) {
      URL.revokeObjectURL(url);
    });
    photoUrls = [];
    var root = event.detail;
    var element = root.querySelector("#phenomena-map");
    if (element && window.L) {
      drawMap(element);
    }
    showPhotos(root);
  }

  document.addEventListener("desk:page", onPage);
})();
