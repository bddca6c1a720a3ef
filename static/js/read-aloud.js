// The read-aloud button: the browser reads the question out, in a Dutch voice when there is one.
// Nothing is sent anywhere; the browser's own speech synthesis does the work.
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") {
    return; // the button stays hidden
  }

  function voiceFor(lang) {
    var voices = window.speechSynthesis.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.toLowerCase().indexOf(lang) === 0) {
        return voices[i];
      }
    }
    return null;
  }

  function textOf(selector) {
    var parts = [];
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (element) {
      var text = element.innerText.trim();
      if (text && element.closest(".read-aloud") === null) {
        parts.push(text);
      }
    });
    return parts;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-read-aloud]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      // The button says what it reads: "Read aloud: <the first thing it reads, the heading>".
      var first = textOf(button.dataset.readAloud)[0];
      if (first && button.dataset.readAloudLabel) {
        button.setAttribute("aria-label", button.dataset.readAloudLabel + ": " + first);
      }
      button.addEventListener("click", function () {
        var parts = textOf(button.dataset.readAloud);
        var lang = (document.documentElement.lang || "nl").toLowerCase();
        var utterance = new SpeechSynthesisUtterance(parts.join(". "));
        utterance.lang = lang === "nl" ? "nl-NL" : lang;
        var voice = voiceFor(lang);
        if (voice) {
          utterance.voice = voice;
        }
        utterance.rate = 0.9;
        window.speechSynthesis.cancel();
        window.speechSynthesis.speak(utterance);
        button.setAttribute("data-reading", "true");
        utterance.onend = function () {
          button.removeAttribute("data-reading");
        };
      });
    });
  });
})();
