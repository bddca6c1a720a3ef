// The site menu: open on a wide screen, folded behind its "Menu" button on a phone.
// Without JavaScript it stays open, as the page sends it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var wide = window.matchMedia("(min-width: 768px)");
    var menus = document.querySelectorAll("details[data-open-when-wide]");
    function place() {
      Array.prototype.forEach.call(menus, function (menu) {
        menu.open = wide.matches;
      });
    }
    place();
    if (wide.addEventListener) {
      wide.addEventListener("change", place);
    }
  });
})();
