// The room screen: polls for news, counts the timer down and offers full screen.
// Without JavaScript the board still shows, and a reload brings it up to date.
(function () {
  "use strict";

  // Send the board's ETag with each poll: an unchanged board answers 304 and stays as it is.
  document.addEventListener("htmx:configRequest", function (event) {
    var board = document.getElementById("live-board");
    if (board && event.detail.elt === board && board.dataset.etag) {
      event.detail.headers["If-None-Match"] = board.dataset.etag;
      event.detail.headers["X-Board-Poll"] = board.dataset.pollToken || "";
    }
  });

  function pad(number) {
    return number < 10 ? "0" + number : String(number);
  }

  function tick() {
    var timer = document.querySelector(".board-timer[data-ends]");
    if (!timer) {
      return;
    }
    var left = Math.round((new Date(timer.dataset.ends).getTime() - Date.now()) / 1000);
    // The words come translated from the page (data-left, data-done).
    if (left <= 0) {
      timer.textContent = timer.dataset.done;
      timer.classList.add("board-timer-done");
      return;
    }
    var text = Math.floor(left / 60) + ":" + pad(left % 60);
    timer.textContent = timer.dataset.left + " " + text;
  }
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-fullscreen]");
    if (button && document.documentElement.requestFullscreen) {
      button.hidden = false;
      button.addEventListener("click", function () {
        document.documentElement.requestFullscreen();
      });
    }
  });
})();

// The board fits the screen: with few topics the type grows (up to 160 %) to be read from the back
// of the room; when it would scroll, it shrinks step by step (down to 45 %).
// On the presenter view the small copy of the board keeps its own fixed scale.
(function () {
  "use strict";
  var MIN_SCALE = 0.45;
  var MAX_SCALE = 1.6;

  function fit() {
    var board = document.querySelector(".board-mode #live-board");
    if (!board) {
      return;
    }
    var root = document.documentElement;
    var scale = MAX_SCALE;
    board.style.setProperty("--board-scale", String(scale));
    while (root.scrollHeight > window.innerHeight + 1 && scale > MIN_SCALE) {
      scale = Math.max(MIN_SCALE, scale - 0.05);
      board.style.setProperty("--board-scale", String(scale));
    }
  }

  document.addEventListener("DOMContentLoaded", fit);
  window.addEventListener("load", fit);
  window.addEventListener("resize", fit);
  document.addEventListener("htmx:afterSettle", fit);
})();
