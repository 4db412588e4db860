// Behaviour that would otherwise be inline handlers, which the Content-Security-Policy forbids.
// A <select data-autosubmit> submits its form when its value changes (language switch, filters).
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
    target.form.submit();
  }
});
