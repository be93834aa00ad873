// jeugdhulp: keep an unsaved copy of a long form (the IPVA) in this browser
// tab, so that a failed save, a network error or a closed session does not
// lose what was typed. The copy lives in sessionStorage: it disappears when
// the tab closes and is never sent anywhere. The form works without this
// script; it only adds the safety net.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.sessionStorage) return;
  var key = "jeugdhulp:" + form.getAttribute("data-autosave");
  var prefix = key.replace(/-\d+$/, "-");
  var status = form.querySelector(".jh-autosave");
  function say(text) { if (status) status.textContent = text; }

  if (new URLSearchParams(location.search).get("opgeslagen") === "1") {
    // Saved on the server: drop every local copy of this form.
    for (var i = sessionStorage.length - 1; i >= 0; i--) {
      var k = sessionStorage.key(i);
      if (k && k.indexOf(prefix) === 0) sessionStorage.removeItem(k);
    }
  }

  function fields() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf" || el.name === "versie" || el.type === "submit") return;
      out[el.name] = (el.type === "checkbox" || el.type === "radio") ? (el.checked ? el.value : "") : el.value;
    });
    return out;
  }

  function restore(data) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data)) return;
      if (el.type === "checkbox" || el.type === "radio") el.checked = data[el.name] === el.value;
      else el.value = data[el.name];
    });
    say("De niet-opgeslagen versie is teruggezet. Vergeet niet op te slaan.");
  }

  var stored = sessionStorage.getItem(key);
  if (stored) {
    var data = JSON.parse(stored);
    var current = JSON.stringify(fields());
    if (JSON.stringify(data) !== current) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "utrecht-button utrecht-button--secondary-action";
      b.textContent = "Niet-opgeslagen wijzigingen terugzetten";
      b.addEventListener("click", function () { restore(data); b.remove(); });
      if (status) status.parentNode.insertBefore(b, status);
      say("Er is een versie van dit IPVA die nog niet is opgeslagen.");
    }
  }

  var timer = null;
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      sessionStorage.setItem(key, JSON.stringify(fields()));
      say("Wijzigingen bewaard in dit tabblad; nog niet opgeslagen.");
    }, 400);
  });
  form.addEventListener("submit", function () {
    sessionStorage.setItem(key, JSON.stringify(fields()));
  });
})();
