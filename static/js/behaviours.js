// What Oscar's templates do from inline onclick handlers, which the
// Content-Security-Policy does not run (marketplace/csp.py): links marked
// data-behaviour="print" print the page, data-behaviour="back" go back.
document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-behaviour~='print'], [data-behaviour~='back']");
    if (!link) {
        return;
    }
    event.preventDefault();
    if (link.matches("[data-behaviour~='print']")) {
        window.print();
    } else {
        window.history.back();
    }
});

// The header's basket count for a visitor not signed in, whose page is the
// same for everyone (it may come from the page cache): the basket keeps its
// count in the basket_count cookie (settings.BASKET_COUNT_COOKIE_NAME,
// marketplace/basket/middleware.py), a hint for display only.
(function () {
    var match = document.cookie.match(/(?:^|;\s*)basket_count=(\d{1,5})(?:;|$)/);
    if (!match || Number(match[1]) === 0) {
        return;
    }
    document.querySelectorAll("[data-basket-count]").forEach(function (badge) {
        badge.textContent = match[1];
        badge.hidden = false;
    });
})();
