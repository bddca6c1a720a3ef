// The progress page of a download: polls for news; an unchanged state answers 304 (its ETag).
// Without JavaScript the page still shows the state, and a reload brings it up to date.
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    var status = document.getElementById("export-status");
    if (status && event.detail.elt === status && status.dataset.etag) {
      event.detail.headers["If-None-Match"] = status.dataset.etag;
    }
  });
})();
