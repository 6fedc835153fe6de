// Suggestions for the header search box: fills the input's <datalist> from
// the JSON endpoint as the shopper types; choosing one opens the product.
// Without this script the box is a plain GET form to the search page.
(function () {
  "use strict";
  document.querySelectorAll("form.search-box[data-suggest-url]").forEach(function (form) {
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector("datalist");
    if (!input || !list || !window.fetch) return;
    var urls = {};
    var timer = null;
    var controller = null;

    input.addEventListener("input", function () {
      var value = input.value;
      if (urls[value]) { // a suggestion was picked
        window.location.href = urls[value];
        return;
      }
      clearTimeout(timer);
      if (value.trim().length < 2) return;
      timer = setTimeout(function () {
        if (controller) controller.abort();
        controller = new AbortController();
        var url = form.dataset.suggestUrl + "?q=" + encodeURIComponent(value);
        fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            list.innerHTML = "";
            urls = {};
            data.suggestions.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              urls[item.title] = item.url;
              list.appendChild(option);
            });
          })
          .catch(function () { /* aborted or offline: keep the plain form */ });
      }, 150);
    });
  });
})();
