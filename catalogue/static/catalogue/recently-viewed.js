// The product page is cached for every anonymous shopper, so the products this
// shopper viewed (their own history cookie) are fetched once the page is shown.
(function () {
  "use strict";
  document.querySelectorAll("[data-recently-viewed]").forEach(function (slot) {
    fetch(slot.getAttribute("data-recently-viewed"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { slot.innerHTML = html; })
      .catch(function () { /* no block rather than a broken page */ });
  });
})();
