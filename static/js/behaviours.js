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
