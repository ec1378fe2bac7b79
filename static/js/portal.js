/* msqory: two small enhancements; every page works without them (GOV.UK habits).
   - After any error, focus moves to the error summary, so that a phone shows it and a screen
     reader reads it first (the page may have been opened at an anchor such as #payments).
   - Buttons marked data-print print the page; without scripts they stay hidden and the page
     says to use the browser's Print command. */
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector(".error-summary");
    if (!summary) {
      return;
    }
    if (window.location.hash) {
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }

  function enablePrintButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", enablePrintButtons);
  // After "load": the browser's own scroll to an anchor of the address has happened by then.
  window.addEventListener("load", focusErrorSummary);
})();
