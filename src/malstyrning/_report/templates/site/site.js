// Filters the summary page (oversikt.html) by status, nämnd, målområde and words in a row.
// The page is whole without it: every row is shown and the form stays hidden.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("summary");
  var status = document.getElementById("filter-status");
  if (!form || !table || !status) { return; }
  var rows = table.tBodies[0].rows;
  var template = document.documentElement.lang === "en" ? "Showing {n} of {total} goals" : "Visar {n} av {total} mål";
  function apply() {
    var wanted = { status: form.elements.status.value, plan: form.elements.plan.value, area: form.elements.area.value };
    var words = form.elements.q.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var keep = (!wanted.status || row.dataset.status === wanted.status) &&
        (!wanted.plan || row.dataset.plan === wanted.plan) &&
        (!wanted.area || row.dataset.area === wanted.area) &&
        words.every(function (word) { return row.textContent.toLocaleLowerCase().indexOf(word) >= 0; });
      row.hidden = !keep;
      if (keep) { shown++; }
    }
    status.textContent = template.replace("{n}", shown).replace("{total}", rows.length);
  }
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})();
