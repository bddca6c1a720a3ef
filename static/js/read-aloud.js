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

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-read-aloud]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var parts = [];
        Array.prototype.forEach.call(document.querySelectorAll(button.dataset.readAloud), function (element) {
          parts.push(element.innerText);
        });
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
