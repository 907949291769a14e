/* The deck's keys and speaker window. Without this script the deck is a column of
   slides that scroll-snap; with it one slide fills the screen at a time. Nothing is
   loaded from anywhere: the speaker window is this same page with ?talervisning. */
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  if (!slides.length) { return; }
  var speaker = /(^|[?&])talervisning(&|$)/.test(location.search.slice(1));
  var root = document.documentElement;
  root.classList.add(speaker ? "deck-speaker" : "deck-js");
  var index = 0;
  var peer = null; // the speaker window, or (in it) the audience's window

  var status = document.createElement("p");
  status.className = "deck-status";
  status.setAttribute("aria-live", "polite");
  document.body.appendChild(status);
  var clock = document.querySelector(".deck-clock");
  var started = Date.now();

  function fromHash() {
    var match = /^#dias-(\d+)$/.exec(location.hash);
    return match ? parseInt(match[1], 10) - 1 : 0;
  }

  function show(next, quiet) {
    index = Math.max(0, Math.min(slides.length - 1, next));
    slides.forEach(function (slide, n) {
      slide.classList.toggle("is-current", n === index);
      slide.classList.toggle("is-next", n === index + 1);
      slide.setAttribute("aria-hidden", n === index || (speaker && n === index + 1) ? "false" : "true");
    });
    status.textContent = "Dias " + (index + 1) + " af " + slides.length;
    if (history.replaceState) { history.replaceState(null, "", "#dias-" + (index + 1)); }
    if (!quiet) { tell(); }
  }

  function tell() {
    var target = speaker ? window.opener : peer;
    if (target && !target.closed) { target.postMessage({ klyngeDias: index }, "*"); }
  }

  window.addEventListener("message", function (event) {
    var from = speaker ? window.opener : peer;
    if (!from || event.source !== from || !event.data || typeof event.data.klyngeDias !== "number") { return; }
    show(event.data.klyngeDias, true);
  });

  function fullScreen() {
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (root.requestFullscreen) { root.requestFullscreen(); }
  }

  function openSpeaker() {
    if (speaker) { return; }
    var address = location.pathname + "?talervisning#dias-" + (index + 1);
    peer = window.open(address, "klynge-talervisning", "width=1100,height=700");
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    if (!clock) { return; }
    var now = new Date();
    var minutes = Math.floor((Date.now() - started) / 60000);
    clock.textContent = "kl. " + two(now.getHours()) + "." + two(now.getMinutes()) + " · " + minutes + " min. brugt";
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    switch (event.key) {
      case "ArrowRight": case "ArrowDown": case "PageDown": case " ": show(index + 1); break;
      case "ArrowLeft": case "ArrowUp": case "PageUp": show(index - 1); break;
      case "Home": show(0); break;
      case "End": show(slides.length - 1); break;
      case "f": case "F": fullScreen(); break;
      case "s": case "S": openSpeaker(); break;
      default: return;
    }
    event.preventDefault();
  });

  if (speaker) {
    peer = window.opener;
    tick();
    setInterval(tick, 1000);
  }
  window.addEventListener("hashchange", function () { show(fromHash()); });
  show(fromHash(), true);
}());
