// The product page asks whether its shop ships to the visitor's chosen
// country: the page is the same for everyone (cached), the answer is not.
(function () {
  "use strict";
  var box = document.getElementById("ships-to");
  if (!box || !window.fetch) {
    return;
  }
  fetch(box.dataset.url, { credentials: "same-origin" })
    .then(function (response) {
      return response.ok ? response.json() : null;
    })
    .then(function (answer) {
      if (!answer) {
        return;
      }
      var text = box.querySelector(".ships-to-answer");
      text.textContent = answer.message;
      text.classList.add(answer.ships ? "ships-to-yes" : "ships-to-no");
      var select = box.querySelector("select[name=country]");
      if (select) {
        select.value = answer.country;
      }
    })
    .catch(function () {});
})();
