// The card payment page (payments/card_payment.html): Stripe's Payment Element.
// Everything the script needs comes from the form's data attributes.
(function () {
    var form = document.getElementById("payment-form");
    if (!form) {
        return;
    }
    var message = document.getElementById("payment-message");
    var button = document.getElementById("pay");
    if (typeof Stripe === "undefined") {
        message.textContent = form.dataset.unreachableMessage;
        return;
    }
    var stripe = Stripe(form.dataset.publishableKey);
    var elements = stripe.elements({
        clientSecret: form.dataset.clientSecret,
        locale: form.dataset.locale
    });
    elements.create("payment").mount("#payment-element");
    form.addEventListener("submit", function (event) {
        event.preventDefault();
        button.disabled = true;
        // 3-D Secure happens inside confirmPayment; Stripe then redirects to return_url.
        stripe.confirmPayment({
            elements: elements,
            confirmParams: {return_url: form.dataset.returnUrl}
        }).then(function (result) {
            if (result.error) {
                message.textContent = result.error.message;
                button.disabled = false;
            }
        });
    });
})();
