// The thank-you page's "Print this page" link (oscar/checkout/thank_you.html).
document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-behaviour~='print']");
    if (link) {
        event.preventDefault();
        window.print();
    }
});
