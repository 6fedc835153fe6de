/* Drag and drop for the order of a product's photos: an enhancement of the
   move up / move down buttons, which work without it. Dropping a photo onto
   another puts it there and posts the whole new order to the same reorder
   endpoint (form #photo-order) as the buttons do. */
(function () {
    "use strict";
    var list = document.querySelector(".seller-photos");
    var form = document.getElementById("photo-order");
    if (!list || !form || !("draggable" in list)) {
        return;
    }
    var dragged = null;

    function post() {
        list.querySelectorAll(".seller-photo").forEach(function (item) {
            var input = document.createElement("input");
            input.type = "hidden";
            input.name = "image";
            input.value = item.getAttribute("data-image");
            form.appendChild(input);
        });
        form.submit();
    }

    list.querySelectorAll(".seller-photo").forEach(function (item) {
        item.draggable = true;
        item.addEventListener("dragstart", function (event) {
            dragged = item;
            event.dataTransfer.effectAllowed = "move";
            event.dataTransfer.setData("text/plain", item.getAttribute("data-image"));
        });
        item.addEventListener("dragover", function (event) {
            event.preventDefault();
        });
        item.addEventListener("drop", function (event) {
            event.preventDefault();
            if (!dragged || dragged === item) {
                return;
            }
            var later = dragged.compareDocumentPosition(item) & Node.DOCUMENT_POSITION_FOLLOWING;
            list.insertBefore(dragged, later ? item.nextSibling : item);
            dragged = null;
            post();
        });
    });
    var hint = document.querySelector(".seller-photos-hint");
    if (hint) {
        hint.hidden = false;
    }
})();
