// The language switcher (oscar/partials/nav_accounts.html): with JavaScript,
// choosing a language with the mouse or touch switches at once, without the
// submit button (hidden in the markup, so that nothing moves when this runs;
// css/noscript.css shows it without JavaScript, and it submits the form).
// The keyboard never switches by surprise (WCAG 3.2.2): stepping through the
// closed list with the arrow keys changes the value on some platforms, so a
// change made that way shows the button again, and Enter confirms it.
(function () {
    var select = document.querySelector("[data-behaviour~='switch-language']");
    if (!select || !select.form) {
        return;
    }
    var form = select.form;
    var button = form.querySelector("button[type='submit']");
    var stepping = false;
    if (button) {
        button.hidden = true;
    }
    select.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
            event.preventDefault();
            form.submit();
            return;
        }
        stepping = /^(Arrow|Page|Home|End)/.test(event.key) || event.key.length === 1;
    });
    select.addEventListener("mousedown", function () {
        stepping = false;
    });
    select.addEventListener("change", function () {
        if (stepping) {
            if (button) {
                button.hidden = false;
            }
            return;
        }
        form.submit();
    });
})();
